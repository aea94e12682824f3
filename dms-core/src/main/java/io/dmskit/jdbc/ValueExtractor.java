package io.dmskit.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the value of one column of the current row of a result set as its logical type's Java
 * class ({@link io.dmskit.schema.DataType#javaClass()}), or null for SQL NULL.
 *
 * <p>A {@link JdbcSourceReader} builds one extractor per column when it opens a stream, so that
 * the per-row loop calls extractors without deciding anything about types. Implementations are
 * stateless and may be shared between threads.
 *
 * <p>An extractor that finds a value it cannot represent without loss throws a
 * {@link java.sql.SQLDataException} (or any {@link SQLException} whose SQL state is of class
 * {@code 22}, data exception); the reader turns it into an {@link io.dmskit.spi.ValueException}
 * that names the row and column. Any other {@code SQLException} is a failure of the read itself.
 */
@FunctionalInterface
public interface ValueExtractor {

    /**
     * @param rs    a result set positioned on a row; the extractor does not move it
     * @param index the 1-based column index in the result set
     * @return the value, of the column's logical Java class, or null for SQL NULL
     */
    Object get(ResultSet rs, int index) throws SQLException;
}
