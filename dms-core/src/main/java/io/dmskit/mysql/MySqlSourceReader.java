package io.dmskit.mysql;

import io.dmskit.jdbc.JdbcSourceReader;
import io.dmskit.jdbc.ValueExtractor;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.ZeroDate;
import io.dmskit.spi.ReadRequest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Reads MySQL and MariaDB tables, streaming, with the values of MySQL's types as the logical
 * types' classes:
 * <ul>
 *   <li>TIME (which ranges from -838:59:59.999999 to 838:59:59.999999) as an {@link Interval} of
 *       microseconds, parsed exactly from the server's text;</li>
 *   <li>BIT(n) as a string of n '0' and '1', most significant first;</li>
 *   <li>YEAR as a {@code Long}; BIGINT UNSIGNED as a {@code BigInteger};</li>
 *   <li>DATETIME as a {@code LocalDateTime}, TIMESTAMP as an {@code OffsetDateTime} in UTC (the
 *       session's time zone is UTC), DATE as a {@code LocalDate}, each parsed from the server's
 *       text so that no driver time zone applies; a zero date such as {@code '0000-00-00'} or
 *       {@code '2024-00-10'} has no java.time value and fails as a data error that names it;</li>
 *   <li>JSON as its text; MariaDB UUID as a {@code java.util.UUID}.</li>
 * </ul>
 *
 * <p>Streaming: MariaDB Connector/J streams when the fetch size is set, which the base reader
 * does; MySQL Connector/J streams row by row with a fetch size of {@code Integer.MIN_VALUE},
 * which this reader sets. Either way the connection carries no other statement until the
 * stream is closed.
 *
 * <p>Stateless and thread-safe; see {@link JdbcSourceReader} for transactions.
 */
public class MySqlSourceReader extends JdbcSourceReader {

    /** @param dialect the source's dialect (MySQL or MariaDB) */
    public MySqlSourceReader(Dialect dialect) {
        super(dialect);
    }

    /**
     * The base query, except for two kinds of column whose values the drivers' text protocol
     * makes hard to read:
     * <ul>
     * <li>FLOAT is selected as {@code CAST(c AS DOUBLE)}: the text protocol sends a FLOAT with 6
     *     significant digits (16777216 arrives as 16777200), while a DOUBLE arrives as its
     *     shortest exact text, and every float is exactly a double;</li>
     * <li>DATE, DATETIME, TIMESTAMP and TIME are selected as {@code CAST(c AS CHAR)}: the same
     *     text that the server sends for them, which the reader parses itself (see
     *     {@link #extractor}), but typed as a string, so that the driver hands it over as it is.
     *     MariaDB Connector/J's {@code getString} of a temporal column parses the text into a
     *     date and time and formats it again, with a regular expression and
     *     {@code String.format}: it took half of the CPU time of a MariaDB to PostgreSQL copy of
     *     a table with a DATETIME column (the e2e harness, profiled with JFR).</li>
     * </ul>
     */
    @Override
    protected String selectSql(ReadRequest request) {
        String sql = super.selectSql(request);
        StringBuilder plain = new StringBuilder("SELECT ");
        StringBuilder cast = new StringBuilder("SELECT ");
        boolean anyCast = false;
        for (int i = 0; i < request.columns().size(); i++) {
            Column c = request.columns().get(i);
            String q = dialect().quote(c.name());
            if (i > 0) {
                plain.append(", ");
                cast.append(", ");
            }
            plain.append(q);
            switch (c.type().kind()) {
                case REAL -> {
                    anyCast = true;
                    cast.append("CAST(").append(q).append(" AS DOUBLE) AS ").append(q);
                }
                case DATE, TIMESTAMP, TIMESTAMP_TZ, INTERVAL -> {
                    anyCast = true;
                    cast.append("CAST(").append(q).append(" AS CHAR) AS ").append(q);
                }
                default -> cast.append(q);
            }
        }
        plain.append(" FROM ");
        if (!anyCast) {
            return sql;
        }
        if (!sql.startsWith(plain.toString())) {
            throw new IllegalStateException("JdbcSourceReader.selectSql no longer starts with the column list: " + sql);
        }
        return cast.append(" FROM ").append(sql.substring(plain.length())).toString();
    }

    /**
     * The partitions and subpartitions of the table from {@code information_schema.PARTITIONS}, in
     * their ordinal order; empty for a table that is not partitioned.
     */
    @Override
    public java.util.List<io.dmskit.spi.SourceReader.Partition> partitions(Connection connection, io.dmskit.schema.Table table)
            throws SQLException {
        java.util.List<io.dmskit.spi.SourceReader.Partition> out = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT PARTITION_NAME, SUBPARTITION_NAME"
                + " FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND PARTITION_NAME IS NOT NULL ORDER BY PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION")) {
            ps.setString(1, table.id().schema());
            ps.setString(2, table.id().name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String partition = rs.getString(1);
                    String sub = rs.getString(2);
                    if (seen.add(partition)) {
                        out.add(new io.dmskit.spi.SourceReader.Partition(partition, null));
                    }
                    if (sub != null) {
                        out.add(new io.dmskit.spi.SourceReader.Partition(sub, partition));
                    }
                }
            }
        }
        return out;
    }

    /** The table, with {@code PARTITION (p, ...)} when the request reads some of its partitions or subpartitions. */
    @Override
    protected String from(ReadRequest request) {
        String table = dialect().qualify(request.table().id());
        if (request.partitions().isEmpty()) {
            return table;
        }
        return table + " PARTITION (" + String.join(", ", request.partitions().stream().map(dialect()::quote).toList()) + ")";
    }

    @Override
    protected void prepare(Connection connection, PreparedStatement ps, ReadRequest request) throws SQLException {
        super.prepare(connection, ps, request);
        if (isMySqlConnectorJ(ps)) {
            // MySQL Connector/J reads the whole result into memory for any other fetch size
            // (unless useCursorFetch=true, with which this value streams as well).
            ps.setFetchSize(Integer.MIN_VALUE);
        }
    }

    private static boolean isMySqlConnectorJ(PreparedStatement ps) throws SQLException {
        try {
            Class<?> type = Class.forName("com.mysql.cj.jdbc.JdbcStatement", false, ps.getClass().getClassLoader());
            return ps.isWrapperFor(type);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    protected void bindBound(PreparedStatement ps, int index, Column keyColumn, Object value) throws SQLException {
        DataType type = keyColumn.type();
        switch (type.kind()) {
            case DATE, TIMESTAMP, TIMESTAMP_TZ, TIME, INTERVAL, UUID -> {
                Form form = Form.of(keyColumn);
                try {
                    ps.setString(index, MySqlText.renderToString(form, type, value));
                } catch (MySqlText.Rejected e) {
                    throw new SQLDataException("key bound " + value + " of column " + keyColumn.name() + ": "
                            + e.getMessage(), "22000");
                }
            }
            case BIT -> ps.setBigDecimal(index, new BigDecimal(new BigInteger(
                    Long.toUnsignedString(MySqlText.bits(type.withLength(64), (String) value)))));
            default -> super.bindBound(ps, index, keyColumn, value);
        }
    }

    @Override
    protected ValueExtractor extractor(Column column) {
        DataType type = column.type();
        switch (type.kind()) {
            case DECIMAL:
                return (rs, i) -> {
                    String s = rs.getString(i);
                    return s == null ? null : parseDecimal(s);
                };
            case INTERVAL:
                return (rs, i) -> {
                    String s = rs.getString(i);
                    return s == null ? null : parseTime(s);
                };
            case BIT: {
                int bits = type.length() > 0 ? type.length() : -1;
                return (rs, i) -> {
                    byte[] b = rs.getBytes(i);
                    return b == null ? null : bitString(b, bits);
                };
            }
            case DATE:
                return (rs, i) -> {
                    String s = rs.getString(i);
                    return s == null ? null : isZeroDate(s) ? new ZeroDate(s, TypeKind.DATE) : parseDate(s, s);
                };
            case TIMESTAMP:
                return (rs, i) -> {
                    String s = rs.getString(i);
                    return s == null ? null : isZeroDate(s) ? new ZeroDate(s, TypeKind.TIMESTAMP) : parseDateTime(s);
                };
            case TIMESTAMP_TZ:
                return (rs, i) -> {
                    String s = rs.getString(i);
                    return s == null ? null : isZeroDate(s) ? new ZeroDate(s, TypeKind.TIMESTAMP_TZ)
                            : parseDateTime(s).atOffset(ZoneOffset.UTC);
                };
            case REAL:
                return (rs, i) -> {
                    double d = rs.getDouble(i);
                    if (rs.wasNull()) {
                        return null;
                    }
                    float f = (float) d;
                    if (f != d && !Double.isNaN(d)) {
                        throw new SQLDataException(d + " is not a FLOAT value", "22003");
                    }
                    return Float.valueOf(f);
                };
            case JSON:
            case ENUM:
            case SET:
                return (rs, i) -> rs.getString(i);
            case UUID:
                return (rs, i) -> toUuid(rs.getString(i));
            case YEAR:
                return (rs, i) -> {
                    String s = rs.getString(i);
                    if (s == null) {
                        return null;
                    }
                    // MariaDB Connector/J may format a YEAR as a date; the year is its first four digits.
                    return Long.valueOf(Long.parseLong(s.length() > 4 ? s.substring(0, 4) : s));
                };
            default:
                return super.extractor(column);
        }
    }

    /**
     * A DECIMAL's text as {@code new BigDecimal(s)} reads it (the same value and scale), from a
     * long when it has at most 18 digits: the drivers' {@code getBigDecimal} makes the same string
     * and then parses it through a char array (JFR of the e2e harness).
     */
    static BigDecimal parseDecimal(String s) throws SQLDataException {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        long u = 0;
        int digits = 0;
        int scale = -1;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return bigDecimal(s);
                }
                u = u * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return bigDecimal(s);
            }
        }
        if (digits == 0) {
            return bigDecimal(s);
        }
        return BigDecimal.valueOf(negative ? -u : u, Math.max(scale, 0));
    }

    private static BigDecimal bigDecimal(String s) throws SQLDataException {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new SQLDataException("'" + s + "' is not a decimal number", "22000", e);
        }
    }

    /** A MySQL TIME's text, {@code [-]H..HHH:mm:ss[.f..ffffff]}, as an interval of microseconds. */
    static Interval parseTime(String s) throws SQLDataException {
        int pos = 0;
        int n = s.length();
        boolean negative = n > 0 && s.charAt(0) == '-';
        if (negative) {
            pos++;
        }
        int colon1 = s.indexOf(':', pos);
        int colon2 = colon1 < 0 ? -1 : s.indexOf(':', colon1 + 1);
        if (colon1 <= pos || colon2 != colon1 + 3 || n < colon2 + 3) {
            throw new SQLDataException("'" + s + "' is not a MySQL TIME value", "22007");
        }
        long hours = digits(s, pos, colon1);
        long minutes = digits(s, colon1 + 1, colon2);
        long seconds = digits(s, colon2 + 1, colon2 + 3);
        long micros = 0;
        int end = colon2 + 3;
        if (end < n) {
            if (s.charAt(end) != '.' || n - end - 1 > 6 || n - end - 1 < 1) {
                throw new SQLDataException("'" + s + "' is not a MySQL TIME value", "22007");
            }
            micros = digits(s, end + 1, n);
            for (int k = n - end - 1; k < 6; k++) {
                micros *= 10;
            }
        }
        if (hours < 0 || minutes < 0 || seconds < 0 || micros < 0 || minutes > 59 || seconds > 59) {
            throw new SQLDataException("'" + s + "' is not a MySQL TIME value", "22007");
        }
        long total = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000L + micros;
        return Interval.ofMicros(negative ? -total : total);
    }

    /** The digits of {@code s[from, to)} as a number, or -1 when there are none or one is not a digit. */
    private static long digits(String s, int from, int to) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Whether a date or date-time text is a MySQL zero date: a zero month or day ({@code 0000-00-00},
     * {@code 2024-00-10}), which has no {@code java.time} value. The reader passes it on as a
     * {@link ZeroDate}: the task's zero-date type rule decides what it becomes (by default its row
     * is a data error that names the rule), and a MySQL/MariaDB target gets it as it was.
     */
    static boolean isZeroDate(String s) {
        return s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-'
                && ((s.charAt(5) == '0' && s.charAt(6) == '0') || (s.charAt(8) == '0' && s.charAt(9) == '0'));
    }

    /** {@code yyyy-MM-dd}; a zero month or day (MySQL's zero dates) fails with a message that names the value. */
    static LocalDate parseDate(String s, String whole) throws SQLDataException {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            throw new SQLDataException("'" + whole + "' is not a MySQL date", "22007");
        }
        long y = digits(s, 0, 4);
        long m = digits(s, 5, 7);
        long d = digits(s, 8, 10);
        if (y < 0 || m < 0 || d < 0) {
            throw new SQLDataException("'" + whole + "' is not a MySQL date", "22007");
        }
        if (m == 0 || d == 0) {
            throw new SQLDataException("zero date '" + whole + "' has no java.time value", "22007");
        }
        try {
            return LocalDate.of((int) y, (int) m, (int) d);
        } catch (DateTimeException e) {
            throw new SQLDataException("'" + whole + "' is not a valid date: " + e.getMessage(), "22007", e);
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.ffffff]} (a {@code T} is accepted too). */
    static LocalDateTime parseDateTime(String s) throws SQLDataException {
        LocalDateTime fast = parseDateTimeFast(s);
        if (fast != null) {
            return fast;
        }
        if (s.length() < 19 || (s.charAt(10) != ' ' && s.charAt(10) != 'T')) {
            throw new SQLDataException("'" + s + "' is not a MySQL date and time", "22007");
        }
        LocalDate date = parseDate(s.substring(0, 10), s);
        Interval t = parseTime(s.substring(11));
        long micros = t.micros();
        if (micros < 0 || micros >= 86_400_000_000L) {
            throw new SQLDataException("'" + s + "' is not a MySQL date and time", "22007");
        }
        return LocalDateTime.of(date, LocalTime.ofNanoOfDay(micros * 1000));
    }

    /**
     * The usual {@code yyyy-MM-dd HH:mm:ss[.f..ffffff]} read in place, without the substrings
     * and interval of the general parse; null for anything else (a zero date, an invalid day,
     * another shape), which the general parse then reads or refuses with its message.
     */
    private static LocalDateTime parseDateTimeFast(String s) {
        int n = s.length();
        if (n < 19 || n == 20 || n > 26 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (s.charAt(10) != ' ' && s.charAt(10) != 'T') || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        long y = digits(s, 0, 4);
        long m = digits(s, 5, 7);
        long d = digits(s, 8, 10);
        long h = digits(s, 11, 13);
        long mi = digits(s, 14, 16);
        long sec = digits(s, 17, 19);
        long micros = 0;
        if (n > 19) {
            if (s.charAt(19) != '.') {
                return null;
            }
            micros = digits(s, 20, n);
            for (int k = n - 20; k < 6; k++) {
                micros *= 10;
            }
        }
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59
                || micros < 0) {
            return null;
        }
        try {
            return LocalDateTime.of((int) y, (int) m, (int) d, (int) h, (int) mi, (int) sec, (int) micros * 1000);
        } catch (DateTimeException e) {
            return null; // such as February 30: the general parse names it
        }
    }

    /** A BIT value's bytes (most significant first) as a string of {@code bits} bits, or of all its bytes' bits. */
    static String bitString(byte[] b, int bits) throws SQLDataException {
        int n = bits > 0 ? bits : Math.max(1, b.length * 8);
        char[] out = new char[n];
        for (int k = 0; k < n; k++) {
            // bit k from the least significant end
            int byteIndex = b.length - 1 - k / 8;
            int bit = byteIndex < 0 ? 0 : (b[byteIndex] >> (k % 8)) & 1;
            out[n - 1 - k] = bit == 1 ? '1' : '0';
        }
        for (int k = n; k < b.length * 8; k++) {
            int byteIndex = b.length - 1 - k / 8;
            if (((b[byteIndex] >> (k % 8)) & 1) != 0) {
                throw new SQLDataException("BIT value 0x" + java.util.HexFormat.of().formatHex(b) + " has more than "
                        + n + " bits", "22003");
            }
        }
        return new String(out);
    }
}
