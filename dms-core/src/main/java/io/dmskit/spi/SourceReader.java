package io.dmskit.spi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads rows of a source engine's tables as row batches of logical-type values.
 * Stateless and thread-safe: each {@link #open} call gets its own connection and returns a
 * stream that one thread uses.
 *
 * <p>Transactions: the caller owns the connection; the reader may switch off auto-commit (which
 * PostgreSQL needs for a cursor) and leaves it so. The caller ends the transaction.
 */
public interface SourceReader {

    /** Starts reading. The stream reads lazily; memory stays bounded by the batch and fetch size. */
    RowReader open(Connection connection, ReadRequest request) throws SQLException;
}
