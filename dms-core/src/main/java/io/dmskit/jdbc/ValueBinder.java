package io.dmskit.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds one value of a row, of its column's logical Java class or null, to a statement
 * parameter. A {@link JdbcBatchWriter} builds one binder per column when it opens, so that the
 * per-row loop calls binders without deciding anything about types. Implementations are
 * stateless and may be shared between threads.
 *
 * <p>A binder that finds a value it cannot write without loss throws a
 * {@link java.sql.SQLDataException} (or any {@link SQLException} whose SQL state is of class
 * {@code 22}); the writer turns it into an {@link io.dmskit.spi.ValueException} that names the
 * row and column. A value of the wrong class is reported the same way.
 */
@FunctionalInterface
public interface ValueBinder {

    /**
     * @param ps    the statement
     * @param index the 1-based parameter index
     * @param value the value, or null for SQL NULL
     */
    void bind(PreparedStatement ps, int index, Object value) throws SQLException;

    /** A binder that sets NULL of the given {@link java.sql.Types} type for null and calls {@code nonNull} otherwise. */
    static ValueBinder nullable(int sqlType, ValueBinder nonNull) {
        return (ps, index, value) -> {
            if (value == null) {
                ps.setNull(index, sqlType);
            } else {
                nonNull.bind(ps, index, value);
            }
        };
    }
}
