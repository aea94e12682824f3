package io.dmskit.postgres;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.jdbc.JdbcSourceReader;
import io.dmskit.jdbc.ValueExtractor;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowReader;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads PostgreSQL tables through pgjdbc, streaming with a cursor: auto-commit off and a fetch
 * size, so that a segment of any size is read in bounded memory.
 *
 * <pre>{@code
 * RowReader rows = new PostgresSourceReader(dialect).open(connection, new ReadRequest(table, table.columns(), KeyRange.all(), 10_000));
 * }</pre>
 *
 * <p>What differs from the JDBC defaults, per logical kind:
 * <ul>
 * <li>DECIMAL: from the exact text; {@code NaN} and {@code ±Infinity} have no BigDecimal value
 *     and fail as data errors.</li>
 * <li>INTERVAL: parsed exactly from the text in {@code IntervalStyle = postgres}
 *     ({@link PgIntervalText}), which the reader sets with {@code SET LOCAL} for its transaction
 *     when the request has interval columns; pgjdbc's PGInterval would overflow its int hours
 *     and rounds seconds through a double.</li>
 * <li>DATE, TIMESTAMP, TIMESTAMP_TZ: {@code infinity} and {@code -infinity} have no java.time
 *     value and fail as data errors (pgjdbc would return MAX / MIN, which no PostgreSQL value
 *     can be, so they are recognized exactly). TIMESTAMP_TZ values are at offset UTC, since
 *     PostgreSQL stores the instant only.</li>
 * <li>TIME, TIME_TZ: {@code 24:00:00} has no LocalTime value and fails as a data error.</li>
 * <li>BIT: the string of '0' and '1' (pgjdbc's getObject would make bit(1) a Boolean).</li>
 * <li>ARRAY: a list of element values read by the element's extractor; a multidimensional array
 *     is a list of lists. An array whose lower bound is not 1 ({@code '[0:2]={1,2,3}'}) fails as a
 *     data error, since a list cannot keep its bounds.</li>
 * </ul>
 * Types that dmskit does not move (money, geometric types, ...) never reach the reader: the
 * planner rejects them.
 *
 * <p>Stateless and thread-safe; transactions as in {@link JdbcSourceReader}: the caller's
 * transaction, left open.
 */
public class PostgresSourceReader extends JdbcSourceReader {

    /** The fetch size used when a request asks for 0 or less, which would load the whole result. */
    static final int DEFAULT_FETCH_SIZE = 1000;

    /** @param dialect the PostgreSQL dialect; not null */
    public PostgresSourceReader(Dialect dialect) {
        super(dialect);
    }

    /**
     * Reads the request with {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} when every
     * column's type has a binary decoder ({@link PgCopyRowReader}) and the key range's bounds are
     * integers (COPY takes no parameters, so they are written into the statement); otherwise, or
     * in a subclass (whose hooks the COPY would bypass), or with a source filter (whose values are
     * bound as parameters, which COPY does not take), through JDBC as {@link JdbcSourceReader}
     * does. The values are the same either way. Switches auto-commit off as the JDBC path does,
     * so that the COPY reads the caller's transaction.
     */
    @Override
    public RowReader open(Connection connection, ReadRequest request) throws SQLException {
        if (getClass() == PostgresSourceReader.class && connection != null && request != null
                && integerBounds(request.range()) && request.filter().isEmpty()) {
            PgCopyRowReader.Decoder[] decoders = PgCopyRowReader.decoders(request.columns(),
                    PostgresCopyWriter.columnTypes(connection, dialect().qualify(request.table().id())));
            if (decoders != null) {
                if (connection.getAutoCommit()) {
                    connection.setAutoCommit(false);
                }
                CopyOut out = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOutSql(request));
                return new PgCopyRowReader(out, decoders, request.columns());
            }
        }
        return super.open(connection, request);
    }

    /**
     * {@code COPY (SELECT columns FROM table WHERE key range) TO STDOUT (FORMAT binary)}; the
     * range's bounds must be integers ({@link #integerBounds}), written into the statement.
     */
    String copyOutSql(ReadRequest request) {
        String sql = selectSql(new ReadRequest(request.table(), request.columns(), KeyRange.all(), request.fetchSize())
                .withPartitions(request.partitions()));
        KeyRange range = request.range();
        StringBuilder copy = new StringBuilder("COPY (").append(sql);
        if (!range.isAll()) {
            String key = dialect().quote(request.table().column(range.column()).orElseThrow(() -> new DmsException(
                    ErrorCode.CONFIGURATION, "Table " + request.table().id() + " has no column '" + range.column()
                    + "' to read the key range " + range + " by")).name());
            String sep = " WHERE ";
            if (range.lower() != null) {
                copy.append(sep).append(key).append(" >= ").append(range.lower());
                sep = " AND ";
            }
            if (range.upper() != null) {
                copy.append(sep).append(key).append(" < ").append(range.upper());
            }
        }
        return copy.append(") TO STDOUT (FORMAT binary)").toString();
    }

    /**
     * The partitions of a declaratively partitioned table ({@code pg_inherits} of a table of
     * relkind {@code p}): its partition tables, and the partitions of those that are partitioned
     * again as subpartitions, by name. Empty for any other table (table inheritance is not
     * partitioning: a parent's own rows would be missed).
     *
     * @throws DmsException when a partition is in another schema than the table (dmskit reads a
     *                      partition by its name in the table's schema)
     */
    @Override
    public List<io.dmskit.spi.SourceReader.Partition> partitions(Connection connection, io.dmskit.schema.Table table)
            throws SQLException {
        String sql = "WITH RECURSIVE tree(oid, parent, level) AS ("
                + " SELECT i.inhrelid, NULL::oid, 1 FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent"
                + " WHERE i.inhparent = ?::regclass AND pc.relkind = 'p'"
                + " UNION ALL SELECT i.inhrelid, t.oid, t.level + 1 FROM pg_inherits i JOIN tree t ON i.inhparent = t.oid"
                + " WHERE t.level < 2)"
                + " SELECT c.relname, n.nspname, p.relname FROM tree t JOIN pg_class c ON c.oid = t.oid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class p ON p.oid = t.parent"
                + " ORDER BY t.level, c.relname";
        List<io.dmskit.spi.SourceReader.Partition> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, dialect().qualify(table.id()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(2).equals(table.id().schema())) {
                        throw new DmsException(ErrorCode.CONFIGURATION, "Table " + table.id() + ": partition "
                                + rs.getString(1) + " is in schema " + rs.getString(2) + "; dmskit reads the partitions of a"
                                + " table in the table's schema. Load the table without parallel-load partitions.");
                    }
                    out.add(new io.dmskit.spi.SourceReader.Partition(rs.getString(1), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /**
     * The partition table for a request of one partition; for several, their union (columns by
     * name, since partitions may order their columns differently).
     */
    @Override
    protected String from(ReadRequest request) {
        List<String> parts = request.partitions();
        if (parts.isEmpty()) {
            return dialect().qualify(request.table().id());
        }
        if (parts.size() == 1) {
            return dialect().qualify(new io.dmskit.schema.TableId(request.table().id().schema(), parts.get(0)));
        }
        String columns = String.join(", ", request.table().columns().stream().map(c -> dialect().quote(c.name())).toList());
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < parts.size(); i++) {
            sb.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(columns).append(" FROM ")
                    .append(dialect().qualify(new io.dmskit.schema.TableId(request.table().id().schema(), parts.get(i))));
        }
        return sb.append(") AS ").append(dialect().quote(request.table().id().name())).toString();
    }

    /** Whether the bounds are integers, whose text cannot be anything but a number in SQL. */
    static boolean integerBounds(KeyRange range) {
        return range.isAll() || ((range.lower() == null || range.lower() instanceof Long || range.lower() instanceof BigInteger)
                && (range.upper() == null || range.upper() instanceof Long || range.upper() instanceof BigInteger));
    }

    /**
     * Switches auto-commit off (pgjdbc uses a cursor only inside a transaction), sets a positive
     * fetch size, and when the request reads intervals, makes their text form the one that
     * {@link PgIntervalText} parses for the rest of the transaction.
     */
    @Override
    protected void prepare(Connection connection, PreparedStatement ps, ReadRequest request) throws SQLException {
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false);
        }
        ps.setFetchSize(request.fetchSize() > 0 ? request.fetchSize() : DEFAULT_FETCH_SIZE);
        if (readsIntervals(request)) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL IntervalStyle = 'postgres'");
            }
        }
    }

    private static boolean readsIntervals(ReadRequest request) {
        for (Column c : request.columns()) {
            DataType t = c.type();
            while (t.kind() == TypeKind.ARRAY && t.element() != null) {
                t = t.element();
            }
            if (t.kind() == TypeKind.INTERVAL) {
                return true;
            }
        }
        return false;
    }

    /** Binds a string key as an untyped literal, so that it compares as the column's type (enum, char, citext). */
    @Override
    protected void bindBound(PreparedStatement ps, int index, Column keyColumn, Object value) throws SQLException {
        if (value instanceof String s) {
            ps.setObject(index, s, Types.OTHER);
        } else {
            super.bindBound(ps, index, keyColumn, value);
        }
    }

    /** Binds a filter value as an untyped literal, so that PostgreSQL reads it as the column's type. */
    @Override
    protected void bindFilterValue(PreparedStatement ps, int index, Column column, String value) throws SQLException {
        ps.setObject(index, value, Types.OTHER);
    }

    @Override
    protected ValueExtractor extractor(Column column) {
        switch (column.type().kind()) {
            case DECIMAL:
                return PostgresSourceReader::numeric;
            case INTERVAL:
                return PostgresSourceReader::interval;
            case BIT:
                return (rs, i) -> rs.getString(i);
            case DATE:
                return PostgresSourceReader::date;
            case TIMESTAMP:
                return PostgresSourceReader::timestamp;
            case TIMESTAMP_TZ:
                return PostgresSourceReader::timestamptz;
            case TIME:
                return PostgresSourceReader::time;
            case TIME_TZ:
                return PostgresSourceReader::timetz;
            default:
                return super.extractor(column);
        }
    }

    private static Object numeric(ResultSet rs, int i) throws SQLException {
        String s = rs.getString(i);
        if (s == null) {
            return null;
        }
        char c = s.charAt(s.length() - 1);
        if (c == 'N' || c == 'y') { // NaN, Infinity, -Infinity
            throw new SQLDataException("numeric " + s + " has no java.math.BigDecimal value", "22000");
        }
        return new BigDecimal(s);
    }

    private static Object interval(ResultSet rs, int i) throws SQLException {
        String s = rs.getString(i);
        if (s == null) {
            return null;
        }
        try {
            return PgIntervalText.parse(s);
        } catch (IllegalArgumentException e) {
            throw new SQLDataException(e.getMessage(), "22000", e);
        }
    }

    private static SQLDataException infinite(String type, boolean positive, String javaClass) {
        return new SQLDataException(type + " '" + (positive ? "" : "-") + "infinity' has no " + javaClass
                + " value: java.time has no infinite dates or times", "22008");
    }

    private static Object date(ResultSet rs, int i) throws SQLException {
        LocalDate d = rs.getObject(i, LocalDate.class);
        if (d != null && (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN))) {
            throw infinite("date", d.equals(LocalDate.MAX), "java.time.LocalDate");
        }
        return d;
    }

    private static Object timestamp(ResultSet rs, int i) throws SQLException {
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        if (t != null && (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN))) {
            throw infinite("timestamp", t.equals(LocalDateTime.MAX), "java.time.LocalDateTime");
        }
        return t;
    }

    private static Object timestamptz(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        if (t == null) {
            return null;
        }
        if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
            throw infinite("timestamp with time zone", t.equals(OffsetDateTime.MAX), "java.time.OffsetDateTime");
        }
        return t.getOffset().equals(ZoneOffset.UTC) ? t : t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** pgjdbc reads 24:00:00 as LocalTime.MAX (23:59:59.999999999), which no PostgreSQL time is. */
    private static Object time(ResultSet rs, int i) throws SQLException {
        LocalTime t = rs.getObject(i, LocalTime.class);
        if (t != null && t.getNano() % 1000 != 0) {
            throw new SQLDataException("time 24:00:00 has no java.time.LocalTime value", "22008");
        }
        return t;
    }

    private static Object timetz(ResultSet rs, int i) throws SQLException {
        OffsetTime t = rs.getObject(i, OffsetTime.class);
        if (t != null && t.getNano() % 1000 != 0) {
            throw new SQLDataException("time with time zone 24:00:00 has no java.time.OffsetTime value", "22008");
        }
        return t;
    }

    /**
     * Arrays through {@link Array#getResultSet()}, whose column 2 holds the elements (read with the
     * element type's extractor) or, for a multidimensional array, the sub-arrays.
     */
    @Override
    protected ValueExtractor arrayExtractor(Column column) {
        DataType element = column.type().element();
        ValueExtractor elements = element == null ? (rs, i) -> rs.getObject(i)
                : extractor(Column.of(column.name(), element, true));
        return (rs, i) -> {
            Array array = rs.getArray(i);
            if (array == null) {
                return null;
            }
            try {
                String text = array.toString();
                if (text != null && text.startsWith("[")) {
                    // a lower bound other than 1 ('[0:2]={1,2,3}') has no place in a list: refused, never renumbered
                    throw new SQLDataException("array " + (text.length() > 60 ? text.substring(0, 60) + "..." : text)
                            + " does not start at index 1, and the target would renumber it from 1; move it with"
                            + " array_lower = 1 (or exclude the column)", "22000");
                }
                return list(array, elements);
            } finally {
                array.free();
            }
        };
    }

    private static List<Object> list(Array array, ValueExtractor elements) throws SQLException {
        try (ResultSet ars = array.getResultSet()) {
            boolean nested = ars.getMetaData().getColumnType(2) == Types.ARRAY;
            List<Object> out = new ArrayList<>();
            while (ars.next()) {
                if (nested) {
                    Array sub = ars.getArray(2);
                    out.add(sub == null ? null : list(sub, elements));
                } else {
                    out.add(elements.get(ars, 2));
                }
            }
            return Collections.unmodifiableList(out);
        }
    }
}
