package io.dmskit.mysql;

import io.dmskit.schema.Column;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.TargetWriter;
import io.dmskit.spi.WriteRequest;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Picks, per table, the faster of the measured MySQL writers: {@link MySqlLoadDataWriter} for
 * rows of short values, {@link MySqlInsertWriter#batched} when a written column holds large
 * objects (BLOB, TEXT, JSON, BINARY, VARBINARY), whose bytes the server parses one by one in
 * LOAD DATA's text and takes as they are in the driver's batches (see {@link MariaDbEngine} for
 * the numbers). Both check every chunk the same way. Stateless and thread-safe.
 */
final class ChoosingWriter implements TargetWriter {

    private final TargetWriter rows;
    private final TargetWriter largeObjects;

    ChoosingWriter(TargetWriter rows, TargetWriter largeObjects) {
        this.rows = rows;
        this.largeObjects = largeObjects;
    }

    @Override
    public BatchWriter open(Connection connection, WriteRequest request) throws SQLException {
        return (hasLargeObjects(request) ? largeObjects : rows).open(connection, request);
    }

    static boolean hasLargeObjects(WriteRequest request) {
        for (Column c : request.columns()) {
            switch (c.type().kind()) {
                case BLOB, TEXT, JSON, BINARY, VARBINARY -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }
}
