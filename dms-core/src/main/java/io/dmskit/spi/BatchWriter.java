package io.dmskit.spi;

import java.sql.SQLException;

/**
 * Writes row batches into one target table through one connection. Used by one thread.
 *
 * <p>Transactions: the caller owns the connection and its transaction. The writer may buffer
 * rows (in a COPY stream, a statement batch, a LOAD DATA buffer); {@link #flush()} sends every
 * row written so far into the connection's transaction, so that a commit by the caller after it
 * makes them durable. Closing without flush discards what was buffered.
 */
public interface BatchWriter extends AutoCloseable {

    /**
     * Writes the rows of the batch. Does not keep references to the batch or its rows.
     *
     * @throws ValueException when a value cannot be written into its column without loss
     */
    void write(RowBatch batch) throws SQLException;

    /** Sends everything written so far into the connection's current transaction. */
    void flush() throws SQLException;

    @Override
    void close() throws SQLException;
}
