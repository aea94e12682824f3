package io.dmskit.jdbc;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.TargetWriter;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TargetWriter} for any engine with a JDBC driver: {@code INSERT INTO <table> (<columns>)
 * VALUES (?, ...)} sent in JDBC statement batches of up to {@link #batchRows()} rows. It is the
 * fallback for targets without a faster bulk path, and the base of engine writers that need only
 * a different binding for some types.
 *
 * <p>Engine writers override {@link #placeholder} (for example H2's {@code ? FORMAT JSON}),
 * {@link #binder} (types that the driver does not take through the standard setters),
 * {@link #arrayElement} and {@link #attributeColumn} (where the engine's error messages name a
 * column).
 *
 * <p>Threading: stateless and thread-safe once constructed; each {@link #open} returns a
 * {@link BatchWriter} that one thread uses. Transactions: the caller owns the connection, whose
 * auto-commit is off; the writer executes its statement batches inside the caller's transaction
 * and never commits or rolls back.
 */
public class JdbcBatchWriter implements TargetWriter {

    /** The number of rows per JDBC statement batch when the constructor is not given one. */
    public static final int DEFAULT_BATCH_ROWS = 1000;

    private final Dialect dialect;
    private final int batchRows;

    /** A writer that executes a statement batch every {@value #DEFAULT_BATCH_ROWS} rows. */
    public JdbcBatchWriter(Dialect dialect) {
        this(dialect, DEFAULT_BATCH_ROWS);
    }

    /**
     * @param dialect   the target engine's dialect, which quotes every identifier; not null
     * @param batchRows the number of rows after which the statement batch is executed; at least 1
     */
    public JdbcBatchWriter(Dialect dialect, int batchRows) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be at least 1, was " + batchRows);
        }
        this.batchRows = batchRows;
    }

    /** The dialect given to the constructor. */
    protected final Dialect dialect() {
        return dialect;
    }

    /** The number of rows after which a statement batch is executed. */
    public final int batchRows() {
        return batchRows;
    }

    /**
     * Prepares the INSERT statement and the column binders.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the request has no columns
     */
    @Override
    public BatchWriter open(Connection connection, WriteRequest request) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(request, "request");
        String sql = insertSql(request);
        List<Column> columns = request.columns();
        ValueBinder[] binders = new ValueBinder[columns.size()];
        for (int i = 0; i < binders.length; i++) {
            binders[i] = Objects.requireNonNull(binder(columns.get(i)), "binder");
        }
        return new Writer(connection.prepareStatement(sql), binders, columns);
    }

    /**
     * The statement for a request: {@code INSERT INTO <qualified table> (<quoted columns>) VALUES
     * (<placeholders>)}, one placeholder per column from {@link #placeholder}.
     */
    protected String insertSql(WriteRequest request) {
        if (request.columns().isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Table " + request.table().id()
                    + ": a write request must name at least one column");
        }
        StringBuilder names = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < request.columns().size(); i++) {
            Column c = request.columns().get(i);
            if (i > 0) {
                names.append(", ");
                values.append(", ");
            }
            names.append(dialect.quote(c.name()));
            values.append(placeholder(c));
        }
        return "INSERT INTO " + dialect.qualify(request.table().id()) + " (" + names + ") VALUES (" + values + ")";
    }

    /** The parameter marker of a column in the VALUES list: {@code ?} by default. */
    protected String placeholder(Column column) {
        return "?";
    }

    /**
     * A DECIMAL binder that refuses a value the column would round or cannot hold (H2 and others
     * round extra fractional digits silently), so that no value changes on its way in.
     */
    private static ValueBinder decimal(DataType type) {
        int precision = type.precision();
        int scale = Math.max(0, type.scale());
        if (precision <= 0) {
            return (ps, i, v) -> ps.setBigDecimal(i, (BigDecimal) v);
        }
        String name = type.nativeName();
        return (ps, i, v) -> {
            BigDecimal d = (BigDecimal) v;
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.scale() > scale) {
                throw new java.sql.SQLDataException(d.toPlainString() + " has more than " + scale
                        + " digits after the point and would be rounded in " + name, "22003");
            }
            if (stripped.precision() - stripped.scale() > precision - scale) {
                throw new java.sql.SQLDataException(d.toPlainString() + " is out of range for " + name, "22003");
            }
            ps.setBigDecimal(i, d);
        };
    }

    /**
     * The binder of one target column, called once per column per {@link #open}. The default
     * binds each logical kind with the standard JDBC setter for its Java class ({@code setLong},
     * {@code setBigDecimal}, {@code setString}, {@code setBytes}, {@code setObject} of
     * {@code LocalDate}/{@code LocalTime}/{@code LocalDateTime}/{@code OffsetDateTime}/
     * {@code OffsetTime}/{@code UUID}, {@code createArrayOf} for arrays) and NULL as
     * {@code setNull} with the {@link Types} code of the kind. INTERVAL is bound as its ISO 8601
     * text, which engines with an interval type override. Subclasses override it for their
     * engine's types and call it for the rest.
     */
    protected ValueBinder binder(Column column) {
        DataType type = column.type();
        switch (type.kind()) {
            case BOOLEAN:
                return ValueBinder.nullable(Types.BOOLEAN, (ps, i, v) -> ps.setBoolean(i, (Boolean) v));
            case TINYINT:
                return ValueBinder.nullable(Types.TINYINT, JdbcBatchWriter::setLong);
            case SMALLINT:
            case YEAR:
                return ValueBinder.nullable(Types.SMALLINT, JdbcBatchWriter::setLong);
            case MEDIUMINT:
            case INTEGER:
                return ValueBinder.nullable(Types.INTEGER, JdbcBatchWriter::setLong);
            case BIGINT:
                return type.unsigned()
                        ? ValueBinder.nullable(Types.DECIMAL, (ps, i, v) -> ps.setBigDecimal(i, new BigDecimal((BigInteger) v)))
                        : ValueBinder.nullable(Types.BIGINT, JdbcBatchWriter::setLong);
            case DECIMAL:
                return ValueBinder.nullable(Types.DECIMAL, decimal(type));
            case REAL:
                return ValueBinder.nullable(Types.REAL, (ps, i, v) -> ps.setFloat(i, (Float) v));
            case DOUBLE:
                return ValueBinder.nullable(Types.DOUBLE, (ps, i, v) -> ps.setDouble(i, (Double) v));
            case CHAR:
                return ValueBinder.nullable(Types.CHAR, JdbcBatchWriter::setString);
            case VARCHAR:
            case BIT:
            case JSON:
            case ENUM:
            case SET:
                return ValueBinder.nullable(Types.VARCHAR, JdbcBatchWriter::setString);
            case TEXT:
                return ValueBinder.nullable(Types.LONGVARCHAR, JdbcBatchWriter::setString);
            case BINARY:
                return ValueBinder.nullable(Types.BINARY, JdbcBatchWriter::setBytes);
            case VARBINARY:
                return ValueBinder.nullable(Types.VARBINARY, JdbcBatchWriter::setBytes);
            case BLOB:
                return ValueBinder.nullable(Types.LONGVARBINARY, JdbcBatchWriter::setBytes);
            case DATE:
                return ValueBinder.nullable(Types.DATE, setObject(java.time.LocalDate.class));
            case TIME:
                return ValueBinder.nullable(Types.TIME, setObject(java.time.LocalTime.class));
            case TIME_TZ:
                return ValueBinder.nullable(Types.TIME_WITH_TIMEZONE, setObject(java.time.OffsetTime.class));
            case TIMESTAMP:
                return ValueBinder.nullable(Types.TIMESTAMP, setObject(java.time.LocalDateTime.class));
            case TIMESTAMP_TZ:
                return ValueBinder.nullable(Types.TIMESTAMP_WITH_TIMEZONE, setObject(java.time.OffsetDateTime.class));
            case INTERVAL:
                return ValueBinder.nullable(Types.OTHER, (ps, i, v) -> ps.setString(i, ((io.dmskit.schema.Interval) v).toString()));
            case UUID:
                return ValueBinder.nullable(Types.OTHER, setObject(java.util.UUID.class));
            case ARRAY:
                return arrayBinder(column);
            case UNSUPPORTED:
            default:
                return ValueBinder.nullable(Types.OTHER, PreparedStatement::setObject);
        }
    }

    /**
     * The default ARRAY binder: {@code Connection.createArrayOf} with the element type's
     * {@link DataType#nativeName() native name} and the list's elements passed through
     * {@link #arrayElement}; NULL as {@code setNull(Types.ARRAY)}.
     */
    protected ValueBinder arrayBinder(Column column) {
        DataType element = column.type().element();
        String elementName = element == null ? "VARCHAR" : element.nativeName();
        return ValueBinder.nullable(Types.ARRAY, (ps, i, v) -> {
            java.sql.Array array = ps.getConnection().createArrayOf(elementName, toArray(element, (List<?>) v));
            ps.setArray(i, array);
        });
    }

    private Object[] toArray(DataType element, List<?> list) throws SQLException {
        Object[] out = new Object[list.size()];
        for (int k = 0; k < out.length; k++) {
            Object e = list.get(k);
            out[k] = e == null ? null : arrayElement(element, e);
        }
        return out;
    }

    /**
     * One non-null element of an array value as the driver's {@code createArrayOf} takes it. The
     * default turns a nested list into an {@code Object[]} (recursively) and a
     * {@code BigInteger} into a {@code BigDecimal}, and keeps everything else.
     *
     * @param element the array's element type, or null when not known
     * @throws SQLException a {@link java.sql.SQLDataException} when the element cannot be written
     *                      without loss
     */
    protected Object arrayElement(DataType element, Object value) throws SQLException {
        if (value instanceof List<?> nested) {
            return toArray(element == null ? null : element.element(), nested);
        }
        if (value instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        return value;
    }

    /**
     * The index (in {@code columns}) of the column that a data error names, or -1 when its
     * message names none. The default looks for each column's name quoted by the dialect, in
     * single quotes, in double quotes or in backquotes, and takes the column named first in the
     * message (messages name the column before the value, which could look like a name).
     */
    protected int attributeColumn(SQLException error, List<Column> columns) {
        String message = error.getMessage();
        if (message == null) {
            return -1;
        }
        int best = -1;
        int bestAt = Integer.MAX_VALUE;
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c).name();
            for (String form : new String[] {dialect.quote(name), "'" + name + "'", "\"" + name + "\"", "`" + name + "`"}) {
                int at = message.indexOf(form);
                if (at >= 0 && (at < bestAt || (at == bestAt && name.length() > columns.get(best).name().length()))) {
                    best = c;
                    bestAt = at;
                }
            }
        }
        return best;
    }

    private static void setLong(PreparedStatement ps, int i, Object v) throws SQLException {
        ps.setLong(i, (Long) v);
    }

    private static void setString(PreparedStatement ps, int i, Object v) throws SQLException {
        ps.setString(i, (String) v);
    }

    private static void setBytes(PreparedStatement ps, int i, Object v) throws SQLException {
        ps.setBytes(i, (byte[]) v);
    }

    /** {@code setObject} after a class check, so that a value of the wrong class fails here and not in the driver. */
    private static ValueBinder setObject(Class<?> type) {
        return (ps, i, v) -> ps.setObject(i, type.cast(v));
    }

    /**
     * The writer of one request. Rows are bound and added to the statement batch as they come;
     * the batch runs every {@code batchRows} rows and at {@link #flush()}.
     */
    private final class Writer implements BatchWriter {
        private final PreparedStatement ps;
        private final ValueBinder[] binders;
        private final List<Column> columns;
        /** Rows added to the statement batch and not yet executed. */
        private int pending;

        Writer(PreparedStatement ps, ValueBinder[] binders, List<Column> columns) {
            this.ps = ps;
            this.binders = binders;
            this.columns = columns;
        }

        /**
         * Binds and batches the rows. On a {@link ValueException} from binding, the rows before
         * the reported one are in the statement batch and the reported row and the rest are not.
         * On a {@link ValueException} from executing a statement batch, what the engine kept of
         * that batch differs between engines (H2 runs the other rows, PostgreSQL aborts the
         * transaction): the caller must roll back.
         */
        @Override
        public void write(RowBatch batch) throws SQLException {
            int n = binders.length;
            if (batch.columns() != n) {
                throw new IllegalArgumentException("batch has " + batch.columns() + " columns, the request " + n);
            }
            // The batch row that the first statement-batch entry came from; negative when earlier
            // entries came from a batch written before, which can no longer be named.
            int firstRow = -pending;
            for (int r = 0; r < batch.size(); r++) {
                Object[] row = batch.row(r);
                for (int c = 0; c < n; c++) {
                    try {
                        binders[c].bind(ps, c + 1, row[c]);
                    } catch (SQLException e) {
                        if (JdbcSourceReader.isDataException(e)) {
                            throw new ValueException(r, c, firstLine(e.getMessage()), e);
                        }
                        throw e;
                    } catch (ClassCastException e) {
                        throw new ValueException(r, c, "a " + row[c].getClass().getName()
                                + " is not a value of type " + columns.get(c).type().nativeName()
                                + ", whose values are " + columns.get(c).type().javaClass().getName(), e);
                    }
                }
                ps.addBatch();
                pending++;
                if (pending >= batchRows) {
                    execute(batch, firstRow);
                    firstRow = r + 1;
                }
            }
        }

        @Override
        public void flush() throws SQLException {
            if (pending > 0) {
                execute(null, 0);
            }
        }

        private void execute(RowBatch batch, int firstRow) throws SQLException {
            int executed = pending;
            pending = 0;
            try {
                ps.executeBatch();
            } catch (SQLException e) {
                try {
                    ps.clearBatch();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                SQLException data = firstDataException(e);
                if (data == null) {
                    throw e;
                }
                int column = attributeColumn(data, columns);
                if (column < 0) {
                    throw e;
                }
                int failed = failedIndex(e, executed);
                int row = batch == null || failed < 0 ? -1 : firstRow + failed;
                if (batch == null || row < 0 || row >= batch.size()) {
                    row = -1;
                }
                throw new ValueException(row, column, firstLine(data.getMessage()), e);
            }
        }

        @Override
        public void close() throws SQLException {
            ps.close();
        }
    }

    /** The first exception of class 22 (data exception) in the chain of next exceptions and causes. */
    private static SQLException firstDataException(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (JdbcSourceReader.isDataException(x)) {
                return x;
            }
            if (x.getCause() instanceof SQLException cause && JdbcSourceReader.isDataException(cause)) {
                return cause;
            }
        }
        return null;
    }

    /**
     * The index in the statement batch of the first failed entry: the first
     * {@link Statement#EXECUTE_FAILED} count of drivers that go on after a failure, else the
     * number of counts of drivers that stop at it; -1 when the exception does not say.
     */
    private static int failedIndex(SQLException e, int executed) {
        if (!(e instanceof BatchUpdateException bue) || bue.getUpdateCounts() == null) {
            return -1;
        }
        int[] counts = bue.getUpdateCounts();
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == Statement.EXECUTE_FAILED) {
                return k;
            }
        }
        return counts.length < executed ? counts.length : -1;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "the value was rejected";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
