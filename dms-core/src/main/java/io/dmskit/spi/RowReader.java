package io.dmskit.spi;

import java.sql.SQLException;

/**
 * A stream of the rows of one {@link ReadRequest}, read a batch at a time. Used by one thread.
 * Closing it releases the statement and result set but not the connection.
 */
public interface RowReader extends AutoCloseable {

    /**
     * Appends up to {@code batch.capacity() - batch.size()} rows to the batch. The request's
     * columns fill the first values of each row, in order; a batch may hold more values per row
     * (columns that a converter computes after reading), which the reader leaves alone.
     *
     * @return false when the stream had no more rows (the batch may still have received some);
     *         end of input is this explicit signal, never an empty batch on its own
     * @throws ValueException when a value cannot be read into its logical type
     */
    boolean next(RowBatch batch) throws SQLException;

    @Override
    void close() throws SQLException;
}
