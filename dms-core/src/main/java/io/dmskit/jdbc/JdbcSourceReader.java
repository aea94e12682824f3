package io.dmskit.jdbc;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Interval;
import io.dmskit.schema.Table;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadFilter;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.spi.SourceReader;
import io.dmskit.spi.ValueException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link SourceReader} for any engine with a JDBC driver: reads one segment of a table with
 * {@code SELECT <columns> FROM <table> [WHERE <key> >= ? AND <key> < ? AND <filter>]} and turns each value into
 * its logical type's Java class with standard JDBC getters.
 *
 * <p>Engine readers extend it and override the hooks where their driver differs:
 * {@link #selectSql} (hints, locking clauses), {@link #prepare} (how to make the driver stream),
 * {@link #bindBound} (key types the driver does not bind with {@code setObject}) and
 * {@link #extractor} (native types that standard getters do not return as the logical class).
 *
 * <p>The statement has no {@code ORDER BY}: a segment is read whole or not at all, so order does
 * not matter, and sorting would cost the source a sort of the segment. Identifiers are always
 * quoted by the dialect.
 *
 * <p>Threading: stateless and thread-safe once constructed; each {@link #open} returns a
 * {@link RowReader} that one thread uses. Transactions: the caller owns the connection; the
 * default {@link #prepare} switches auto-commit off (PostgreSQL streams only inside a
 * transaction) and leaves it off; the caller ends the transaction after closing the stream.
 */
public class JdbcSourceReader implements SourceReader {

    private final Dialect dialect;

    /** @param dialect the source engine's dialect, which quotes every identifier; not null */
    public JdbcSourceReader(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** The dialect given to the constructor. */
    protected final Dialect dialect() {
        return dialect;
    }

    /**
     * Runs the request's query and returns the stream of its rows. The stream holds the statement
     * and result set until closed; it does not close the connection.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the range's key column is not
     *                      a column of the table, or the request has no columns
     */
    @Override
    public RowReader open(Connection connection, ReadRequest request) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(request, "request");
        String sql = selectSql(request);
        ValueExtractor[] extractors = new ValueExtractor[request.columns().size()];
        for (int i = 0; i < extractors.length; i++) {
            extractors[i] = Objects.requireNonNull(extractor(request.columns().get(i)), "extractor");
        }
        PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            prepare(connection, ps, request);
            KeyRange range = request.range();
            if (!range.isAll()) {
                Column key = keyColumn(request);
                int index = 1;
                if (range.lower() != null) {
                    bindBound(ps, index++, key, range.lower());
                }
                if (range.upper() != null) {
                    bindBound(ps, index++, key, range.upper());
                }
                bindFilter(ps, index, request);
            } else {
                bindFilter(ps, 1, request);
            }
            ResultSet rs = ps.executeQuery();
            return new JdbcRowReader(ps, rs, extractors, request.columns());
        } catch (SQLException | RuntimeException e) {
            try {
                ps.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The query for a request: the request's columns, quoted, from the qualified table, with a
     * {@code >= ?} predicate for a lower bound and a {@code < ?} predicate for an upper bound of
     * the key range. No {@code ORDER BY}.
     */
    protected String selectSql(ReadRequest request) {
        if (request.columns().isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Table " + request.table().id()
                    + ": a read request must name at least one column");
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < request.columns().size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(dialect.quote(request.columns().get(i).name()));
        }
        sql.append(" FROM ").append(from(request));
        KeyRange range = request.range();
        if (!range.isAll()) {
            String key = dialect.quote(keyColumn(request).name());
            sql.append(" WHERE ");
            if (range.lower() != null) {
                sql.append(key).append(" >= ?");
            }
            if (range.upper() != null) {
                if (range.lower() != null) {
                    sql.append(" AND ");
                }
                sql.append(key).append(" < ?");
            }
        }
        if (!request.filter().isEmpty()) {
            sql.append(range.isAll() ? " WHERE " : " AND ").append(request.filter().sql(dialect::quote));
        }
        return sql.toString();
    }

    /**
     * What the query reads from: the qualified table. A reader that lists partitions
     * ({@link io.dmskit.spi.SourceReader#partitions}) overrides this to read
     * {@link ReadRequest#partitions()}; this one refuses a request for partitions.
     */
    protected String from(ReadRequest request) {
        if (!request.partitions().isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Table " + request.table().id() + ": the "
                    + getClass().getSimpleName() + " cannot read partitions " + request.partitions() + " one by one");
        }
        return dialect.qualify(request.table().id());
    }

    /** Binds the filter's values from parameter {@code index} on, checking that each filtered column exists. */
    private void bindFilter(PreparedStatement ps, int index, ReadRequest request) throws SQLException {
        for (ReadFilter.Binding b : request.filter().bindings()) {
            Column c = request.table().column(b.column()).orElseThrow(() -> new DmsException(ErrorCode.CONFIGURATION,
                    "Table " + request.table().id() + " has no column '" + b.column() + "' to filter on"));
            bindFilterValue(ps, index++, c, b.value());
        }
    }

    /**
     * Binds one value of a source filter, given as text, so that the source compares it as the
     * column's type. By default {@code setString}, which engines with implicit conversion accept.
     *
     * @param index the 1-based parameter index
     */
    protected void bindFilterValue(PreparedStatement ps, int index, Column column, String value) throws SQLException {
        ps.setString(index, value);
    }

    /**
     * Sets up the statement before it runs so that the driver streams rows instead of loading the
     * whole result: by default, switches the connection's auto-commit off (when on) and sets the
     * fetch size to the request's. Drivers that stream differently (MySQL's
     * {@code Integer.MIN_VALUE} fetch size) override this.
     */
    protected void prepare(Connection connection, PreparedStatement ps, ReadRequest request) throws SQLException {
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false);
        }
        ps.setFetchSize(request.fetchSize());
    }

    /**
     * Binds one bound of the key range. The value is of the key column's logical Java class, never
     * null. By default {@code setObject}, except {@code BigInteger} (unsigned BIGINT), which JDBC
     * does not define, as a {@code BigDecimal}.
     *
     * @param index the 1-based parameter index
     */
    protected void bindBound(PreparedStatement ps, int index, Column keyColumn, Object value) throws SQLException {
        if (value instanceof BigInteger b) {
            ps.setBigDecimal(index, new BigDecimal(b));
        } else {
            ps.setObject(index, value);
        }
    }

    /**
     * The extractor of one column, called once per column per {@link #open}. The default reads
     * each logical kind with the standard JDBC getter that returns its Java class:
     * {@code getLong}/{@code getBoolean}/{@code getFloat}/{@code getDouble} with {@code wasNull}
     * for primitives, {@code getBigDecimal}, {@code getString}, {@code getBytes},
     * {@code getObject(i, LocalDate.class)} and the other java.time classes, {@code getArray} for
     * arrays ({@link #arrayExtractor}). INTERVAL and UUID accept what drivers commonly return and
     * fail per value with a data exception for anything else. Subclasses override it for their engine's types and call
     * it for the rest.
     */
    protected ValueExtractor extractor(Column column) {
        DataType type = column.type();
        switch (type.kind()) {
            case BOOLEAN:
                return (rs, i) -> {
                    boolean v = rs.getBoolean(i);
                    return rs.wasNull() ? null : Boolean.valueOf(v);
                };
            case TINYINT:
            case SMALLINT:
            case MEDIUMINT:
            case INTEGER:
            case YEAR:
                return JdbcSourceReader::getLong;
            case BIGINT:
                return type.unsigned() ? JdbcSourceReader::getUnsignedBigint : JdbcSourceReader::getLong;
            case DECIMAL:
                return (rs, i) -> rs.getBigDecimal(i);
            case REAL:
                return (rs, i) -> {
                    float v = rs.getFloat(i);
                    return rs.wasNull() ? null : Float.valueOf(v);
                };
            case DOUBLE:
                return (rs, i) -> {
                    double v = rs.getDouble(i);
                    return rs.wasNull() ? null : Double.valueOf(v);
                };
            case CHAR:
            case VARCHAR:
            case TEXT:
            case BIT:
            case JSON:
            case ENUM:
            case SET:
                return (rs, i) -> rs.getString(i);
            case BINARY:
            case VARBINARY:
            case BLOB:
                return (rs, i) -> rs.getBytes(i);
            case DATE:
                return (rs, i) -> rs.getObject(i, LocalDate.class);
            case TIME:
                return (rs, i) -> rs.getObject(i, LocalTime.class);
            case TIME_TZ:
                return (rs, i) -> rs.getObject(i, OffsetTime.class);
            case TIMESTAMP:
                return (rs, i) -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMP_TZ:
                return (rs, i) -> rs.getObject(i, OffsetDateTime.class);
            case INTERVAL:
                return (rs, i) -> toInterval(rs.getObject(i));
            case UUID:
                return (rs, i) -> toUuid(rs.getObject(i));
            case ARRAY:
                return arrayExtractor(column);
            case UNSUPPORTED:
            default:
                return (rs, i) -> rs.getObject(i);
        }
    }

    /**
     * The default ARRAY extractor: reads the {@code java.sql.Array} through its
     * {@link Array#getResultSet() result set} (column 2 holds the elements) with the extractor
     * of the element type, so that elements get exactly the getters that columns of their type
     * get (for example {@code getObject(i, LocalDate.class)}, which keeps year 1 intact where the
     * driver's {@code java.sql.Date} elements would shift it by the Julian calendar). Nested
     * arrays recurse. The value is an unmodifiable list; NULL elements stay null.
     */
    protected ValueExtractor arrayExtractor(Column column) {
        DataType element = column.type().element();
        ValueExtractor elements = element == null ? (rs, i) -> rs.getObject(i)
                : extractor(Column.of(column.name(), element, true));
        return (rs, i) -> {
            Array array = rs.getArray(i);
            if (array == null) {
                return null;
            }
            try (ResultSet ars = array.getResultSet()) {
                List<Object> out = new ArrayList<>();
                while (ars.next()) {
                    out.add(elements.get(ars, 2));
                }
                return Collections.unmodifiableList(out);
            } finally {
                array.free();
            }
        };
    }

    private Column keyColumn(ReadRequest request) {
        Table table = request.table();
        String name = request.range().column();
        return table.column(name).orElseThrow(() -> new DmsException(ErrorCode.CONFIGURATION,
                "Table " + table.id() + " has no column '" + name + "' to read the key range " + request.range()
                        + " by"));
    }

    private static Object getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : Long.valueOf(v);
    }

    private static Object getUnsignedBigint(ResultSet rs, int i) throws SQLException {
        BigDecimal v = rs.getBigDecimal(i);
        if (v == null) {
            return null;
        }
        try {
            return v.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new SQLDataException(v + " is not an integer", "22003", e);
        }
    }

    /**
     * A driver's interval value as an {@link Interval}: accepts {@code Interval} and
     * {@code java.time.Duration}.
     *
     * @throws SQLDataException for any other class
     */
    protected static Interval toInterval(Object v) throws SQLDataException {
        if (v == null || v instanceof Interval) {
            return (Interval) v;
        }
        if (v instanceof Duration d) {
            return Interval.of(d);
        }
        throw new SQLDataException("a " + v.getClass().getName() + " cannot be read as an interval", "22000");
    }

    /**
     * A driver's UUID value as a {@link UUID}: accepts {@code UUID}, its 36-character string form,
     * and 16 bytes, most significant first.
     *
     * @throws SQLDataException for anything else
     */
    protected static UUID toUuid(Object v) throws SQLDataException {
        if (v == null || v instanceof UUID) {
            return (UUID) v;
        }
        if (v instanceof byte[] b && b.length == 16) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            return new UUID(buf.getLong(), buf.getLong());
        }
        if (v instanceof String s) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                throw new SQLDataException("'" + s + "' is not a UUID", "22000", e);
            }
        }
        throw new SQLDataException("a " + v.getClass().getName() + " cannot be read as a UUID", "22000");
    }

    /** Whether an exception from reading one value is a fault of the value rather than of the read. */
    static boolean isDataException(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLDataException || (state != null && state.startsWith("22"));
    }

    /**
     * The stream of one request. Extractors were built by {@code open}, so the loop below only
     * calls them. A value that cannot be read leaves its row as the last row of the batch, with
     * the values before it filled and the rest undefined, and throws; a following {@link #next}
     * continues with the row after it.
     */
    private static final class JdbcRowReader implements RowReader {
        private final PreparedStatement statement;
        private final ResultSet rs;
        private final ValueExtractor[] extractors;
        private final List<Column> columns;
        private boolean done;

        JdbcRowReader(PreparedStatement statement, ResultSet rs, ValueExtractor[] extractors, List<Column> columns) {
            this.statement = statement;
            this.rs = rs;
            this.extractors = extractors;
            this.columns = columns;
        }

        @Override
        public boolean next(RowBatch batch) throws SQLException {
            if (done) {
                return false;
            }
            ValueExtractor[] ex = extractors;
            int n = ex.length;
            if (batch.columns() < n) {
                throw new IllegalArgumentException("batch has " + batch.columns() + " columns, the request " + n);
            }
            while (!batch.isFull()) {
                if (!rs.next()) {
                    done = true;
                    return false;
                }
                Object[] row = batch.addRow();
                long bytes = 0;
                for (int c = 0; c < n; c++) {
                    Object v;
                    try {
                        v = ex[c].get(rs, c + 1);
                    } catch (SQLException e) {
                        if (isDataException(e)) {
                            throw valueException(batch, c, e.getMessage(), e);
                        }
                        throw e;
                    }
                    row[c] = v;
                    bytes += estimate(v);
                }
                batch.addBytes(bytes);
            }
            return true;
        }

        private ValueException valueException(RowBatch batch, int column, String detail, Throwable cause) {
            Column col = columns.get(column);
            return new ValueException(batch.size() - 1, column, "cannot read a value of type "
                    + col.type().nativeName() + ": " + detail, cause);
        }

        private static long estimate(Object v) {
            if (v instanceof String s) {
                return s.length() * 2L + 16;
            }
            if (v instanceof byte[] b) {
                return b.length + 16L;
            }
            if (v instanceof List<?> l) {
                return 16L + 16L * l.size();
            }
            return 16;
        }

        @Override
        public void close() throws SQLException {
            done = true;
            try {
                rs.close();
            } finally {
                statement.close();
            }
        }
    }
}
