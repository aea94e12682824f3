package io.dmskit.spi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes row batches into a target engine by the fastest path it has (PostgreSQL binary COPY,
 * MySQL/MariaDB LOAD DATA LOCAL or multi-row INSERT, JDBC batches otherwise).
 * Stateless and thread-safe; each {@link #open} call returns a writer that one thread uses.
 */
public interface TargetWriter {

    /** Prepares to write rows into the request's table through the connection, whose auto-commit is off. */
    BatchWriter open(Connection connection, WriteRequest request) throws SQLException;
}
