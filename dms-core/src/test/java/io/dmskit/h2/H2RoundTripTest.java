package io.dmskit.h2;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Interval;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Writes rows of every H2 type, with edge values and NULLs, through {@link H2BatchWriter} and
 * reads them back through {@link H2SourceReader}, whole and in two adjacent key ranges. H2 is
 * embedded (in memory), so this is a unit test.
 */
class H2RoundTripTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String TABLE_NAME = "Robert'); DROP TABLE students;--";

    private final EngineProvider engine = new H2Engine();
    private final Dialect dialect = engine.dialect();
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:roundtrip" + DATABASES.incrementAndGet());
        connection.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    /** One column of the test table: its logical column, its H2 DDL type, and the values of rows 1..n. */
    private record Col(Column column, String ddl, List<Object> values) {
    }

    private static Col col(String name, DataType type, String ddl, Object... values) {
        return new Col(Column.of(name, type, true), ddl, Arrays.asList(values));
    }

    private static DataType interval(String nativeName) {
        return DataType.temporal(TypeKind.INTERVAL, 6).withNativeName(nativeName);
    }

    private static byte[] allBytes(int repeat) {
        byte[] b = new byte[256 * repeat];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @SafeVarargs
    private static <T> List<T> list(T... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /**
     * Every H2 type that dmskit moves, with the values of the rows after the all-NULL row 0.
     * Expected read-back values are the written ones, so values are written in the form H2
     * stores: CHAR padded, DECIMAL at its scale, JSON in H2's normalized spelling, intervals
     * normalized to their qualifier.
     */
    private static List<Col> columns() {
        String text4 = "4-byte \uD83D\uDE00 \uD834\uDD1E, 2-byte \u00f1, 3-byte \u20ac";
        String longText = "x\uD83D\uDE00".repeat(50_000);
        DataType intervalDaySecond = interval("INTERVAL DAY TO SECOND(6)");
        return List.of(
                col("b", DataType.of(TypeKind.BOOLEAN), "BOOLEAN", true, false, true, false),
                col("ti", DataType.of(TypeKind.TINYINT), "TINYINT", -128L, 127L, 0L, -1L),
                col("si", DataType.of(TypeKind.SMALLINT), "SMALLINT", -32768L, 32767L, 0L, 1L),
                col("i", DataType.of(TypeKind.INTEGER), "INTEGER", (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE, 0L, 1L),
                col("bi", DataType.of(TypeKind.BIGINT), "BIGINT", Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L),
                col("dec", DataType.decimal(38, 10), "NUMERIC(38, 10)",
                        new BigDecimal("-9999999999999999999999999999.9999999999"),
                        new BigDecimal("9999999999999999999999999999.9999999999"),
                        new BigDecimal("0.0000000001"), new BigDecimal("0E-10")),
                // H2's NUMERIC without a precision has scale 0 and rounds fractions away: a
                // dialect must not read it as an unbounded decimal.
                col("num", DataType.decimal(100, 30), "NUMERIC(100, 30)",
                        new BigDecimal("-1234567890123456789012345678901234567890.123456789012345678901234567890"),
                        new BigDecimal("1E-30"), new BigDecimal("0E-30"), new BigDecimal("100.000000000000000000000000000000")),
                col("dfl", DataType.decimal(0, -1).withNativeName("DECFLOAT"), "DECFLOAT",
                        new BigDecimal("-1.5E+300"), new BigDecimal("1E-300"), new BigDecimal("0"), new BigDecimal("123.456")),
                col("r", DataType.of(TypeKind.REAL), "REAL",
                        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE),
                col("r2", DataType.of(TypeKind.REAL), "REAL", Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, 1.1f),
                col("d", DataType.of(TypeKind.DOUBLE), "DOUBLE PRECISION",
                        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE),
                col("d2", DataType.of(TypeKind.DOUBLE), "DOUBLE PRECISION", Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 0.1),
                col("ch", DataType.ofLength(TypeKind.CHAR, 5), "CHARACTER(5)", "ab   ", "     ", "abcde", "\u00f1    "),
                col("vc", DataType.ofLength(TypeKind.VARCHAR, 100), "CHARACTER VARYING(100)", text4, "", " ", "'; --\"\\"),
                col("vci", DataType.ofLength(TypeKind.VARCHAR, 10), "VARCHAR_IGNORECASE(10)", "MiXeD", "", "x", "\uD83D\uDE00"),
                col("cl", DataType.of(TypeKind.TEXT), "CHARACTER LARGE OBJECT", longText, "", text4, "\u0001\t\n"),
                col("bin", DataType.ofLength(TypeKind.BINARY, 256), "BINARY(256)", allBytes(1), new byte[256], allBytes(1), allBytes(1)),
                col("vb", DataType.ofLength(TypeKind.VARBINARY, 300), "BINARY VARYING(300)", allBytes(1), new byte[0], new byte[] {0}, new byte[] {-1}),
                col("bl", DataType.of(TypeKind.BLOB), "BINARY LARGE OBJECT", allBytes(400), new byte[0], allBytes(1), new byte[] {-128}),
                col("dt", DataType.of(TypeKind.DATE), "DATE",
                        LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1582, 10, 4), LocalDate.of(2000, 2, 29)),
                col("tm", DataType.temporal(TypeKind.TIME, 6), "TIME(6)",
                        LocalTime.parse("23:59:59.999999"), LocalTime.MIDNIGHT, LocalTime.parse("12:00:00.000001"), LocalTime.NOON),
                col("tmtz", DataType.temporal(TypeKind.TIME_TZ, 6), "TIME(6) WITH TIME ZONE",
                        OffsetTime.parse("23:59:59.999999-08:00"), OffsetTime.parse("00:00+14:00"),
                        OffsetTime.parse("12:30:00.5Z"), OffsetTime.parse("01:02:03.000001-18:00")),
                col("ts", DataType.temporal(TypeKind.TIMESTAMP, 6), "TIMESTAMP(6)",
                        LocalDateTime.parse("0001-01-01T00:00:00.000001"), LocalDateTime.parse("9999-12-31T23:59:59.999999"),
                        LocalDateTime.parse("1970-01-01T00:00"), LocalDateTime.parse("2024-03-31T02:30:00.123456")),
                col("tstz", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), "TIMESTAMP(6) WITH TIME ZONE",
                        OffsetDateTime.parse("2020-02-29T12:34:56.123456+05:30"), OffsetDateTime.parse("0001-01-01T00:00:00.000001-08:00"),
                        OffsetDateTime.parse("9999-12-31T23:59:59.999999+14:00"), OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 1000, ZoneOffset.UTC)),
                col("iym", interval("INTERVAL YEAR TO MONTH"), "INTERVAL YEAR TO MONTH",
                        new Interval(-15, 0, 0), new Interval(99 * 12 + 11, 0, 0), new Interval(0, 0, 0), new Interval(-(99 * 12 + 11), 0, 0)),
                col("im", interval("INTERVAL MONTH"), "INTERVAL MONTH",
                        new Interval(7, 0, 0), new Interval(-99, 0, 0), new Interval(0, 0, 0), new Interval(1, 0, 0)),
                col("ids", intervalDaySecond, "INTERVAL DAY TO SECOND(6)",
                        new Interval(0, 1, 7_384_005_006L), new Interval(0, -99, -86_399_999_999L),
                        new Interval(0, 0, 1), new Interval(0, 99, 0)),
                col("ihs", interval("INTERVAL HOUR TO SECOND(6)"), "INTERVAL HOUR TO SECOND(6)",
                        new Interval(0, 0, 26 * 3_600_000_000L + 1), new Interval(0, 0, -1), new Interval(0, 0, 0),
                        new Interval(0, 0, 99 * 3_600_000_000L)),
                col("iday", interval("INTERVAL DAY"), "INTERVAL DAY",
                        new Interval(0, 5, 0), new Interval(0, -99, 0), new Interval(0, 0, 0), new Interval(0, 1, 0)),
                col("j", DataType.of(TypeKind.JSON), "JSON",
                        "{\"a\":[1,\"x\uD83D\uDE00\"],\"b\":null}", "\"str\"", "null", "[]"),
                col("u", DataType.of(TypeKind.UUID), "UUID",
                        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new UUID(0, 0), new UUID(-1, -1),
                        new UUID(Long.MIN_VALUE, Long.MAX_VALUE)),
                col("e", DataType.enumOf(List.of("a", "b c", "\uD83D\uDE00")), "ENUM('a', 'b c', '\uD83D\uDE00')",
                        "a", "b c", "\uD83D\uDE00", "a"),
                col("arr", DataType.arrayOf(DataType.of(TypeKind.INTEGER)), "INTEGER ARRAY",
                        list((long) Integer.MIN_VALUE, null, (long) Integer.MAX_VALUE), list(), list((Object) null), list(0L)),
                col("barr", DataType.arrayOf(DataType.of(TypeKind.BIGINT)), "BIGINT ARRAY[3]",
                        list(Long.MIN_VALUE, Long.MAX_VALUE), list(), list(1L, 2L, 3L), list((Object) null)),
                col("sarr", DataType.arrayOf(DataType.ofLength(TypeKind.VARCHAR, 20)), "CHARACTER VARYING(20) ARRAY",
                        list("", null, "\uD83D\uDE00"), list(), list("a,b", "{\"x\"}"), list((Object) null)),
                col("darr", DataType.arrayOf(DataType.of(TypeKind.DATE)), "DATE ARRAY",
                        list(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31)), list(), list((Object) null), list(LocalDate.of(1582, 10, 4))),
                col("tsarr", DataType.arrayOf(DataType.temporal(TypeKind.TIMESTAMP, 6)), "TIMESTAMP(6) ARRAY",
                        list(LocalDateTime.parse("0001-01-01T00:00:00.000001")), list(), list((Object) null),
                        list(LocalDateTime.parse("9999-12-31T23:59:59.999999"))),
                col("decarr", DataType.arrayOf(DataType.decimal(38, 10)), "NUMERIC(38, 10) ARRAY",
                        list(new BigDecimal("9999999999999999999999999999.9999999999")), list(), list((Object) null),
                        list(new BigDecimal("-0.0000000001"))),
                col("narr", DataType.arrayOf(DataType.arrayOf(DataType.of(TypeKind.INTEGER))), "INTEGER ARRAY ARRAY",
                        list(list(1L, 2L), null, list()), list(), list((Object) null), list(list((Object) null))),
                col("iarr", DataType.arrayOf(intervalDaySecond), "INTERVAL DAY TO SECOND(6) ARRAY",
                        list(new Interval(0, 1, 1), null), list(), list(new Interval(0, -2, -3)), list((Object) null)),
                col("uarr", DataType.arrayOf(DataType.of(TypeKind.UUID)), "UUID ARRAY",
                        list(new UUID(0, 0), null), list(), list(new UUID(-1, -1)), list((Object) null)),
                col("jarr", DataType.arrayOf(DataType.of(TypeKind.JSON)), "JSON ARRAY",
                        list("{\"a\":1}", "\"s\"", "null", null), list(), list("[1,2]"), list((Object) null)),
                col("tzarr", DataType.arrayOf(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6)), "TIMESTAMP(6) WITH TIME ZONE ARRAY",
                        list(OffsetDateTime.parse("2020-02-29T12:34:56.123456+05:30")), list(), list((Object) null),
                        list(OffsetDateTime.parse("0001-01-01T00:00:00.000001-08:00"))));
    }

    private final List<Col> columns = columns();
    private final Column id = Column.of("id", DataType.of(TypeKind.BIGINT), false);
    private final Column hostile = Column.of("we\"ird col", DataType.ofLength(TypeKind.VARCHAR, 20), true);

    private Table createTable() throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(dialect.qualify(tableId())).append(" (")
                .append(dialect.quote(id.name())).append(" BIGINT PRIMARY KEY, ")
                .append(dialect.quote(hostile.name())).append(" CHARACTER VARYING(20)");
        List<Column> all = new ArrayList<>(List.of(id, hostile));
        for (Col c : columns) {
            ddl.append(", ").append(dialect.quote(c.column().name())).append(' ').append(c.ddl());
            all.add(c.column());
        }
        try (Statement s = connection.createStatement()) {
            s.execute(ddl.append(')').toString());
        }
        connection.commit();
        return new Table(tableId(), all, List.of("id"), List.of(), -1);
    }

    private TableId tableId() {
        return TableId.of("PUBLIC", TABLE_NAME);
    }

    /** Rows by id: row 0 is NULL in every column, rows 1..n carry the edge values. */
    private Map<Long, Object[]> expectedRows(Table table) {
        Map<Long, Object[]> rows = new TreeMap<>();
        int n = columns.get(0).values().size();
        for (long r = 0; r <= n; r++) {
            Object[] row = new Object[table.columns().size()];
            row[0] = r;
            row[1] = r == 0 ? null : "hostile \"" + r + "'";
            for (int c = 0; c < columns.size(); c++) {
                row[c + 2] = r == 0 ? null : columns.get(c).values().get((int) r - 1);
            }
            rows.put(r, row);
        }
        return rows;
    }

    private void write(Table table, Iterable<Object[]> rows, int batchRows, int batchCapacity) throws SQLException {
        RowBatch batch = new RowBatch(batchCapacity, table.columns().size());
        try (BatchWriter writer = new H2BatchWriter(dialect, batchRows).open(connection, new WriteRequest(table, table.columns()))) {
            for (Object[] row : rows) {
                System.arraycopy(row, 0, batch.addRow(), 0, row.length);
                if (batch.isFull()) {
                    writer.write(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                writer.write(batch);
            }
            writer.flush();
        }
        connection.commit();
    }

    private Map<Long, Object[]> read(Table table, KeyRange range) throws SQLException {
        Map<Long, Object[]> rows = new LinkedHashMap<>();
        RowBatch batch = new RowBatch(2, table.columns().size());
        try (RowReader reader = engine.reader().open(connection, new ReadRequest(table, table.columns(), range, 2))) {
            boolean more;
            do {
                more = reader.next(batch);
                assertThat(batch.bytes()).isGreaterThanOrEqualTo(16L * batch.size() * table.columns().size());
                for (int r = 0; r < batch.size(); r++) {
                    Object[] row = batch.row(r).clone();
                    assertThat(rows.put((Long) row[0], row)).as("row %s read twice", row[0]).isNull();
                }
                batch.clear();
            } while (more);
        }
        connection.commit();
        return rows;
    }

    @Test
    void readsBackEveryTypeExactlyAsWritten() throws SQLException {
        Table table = createTable();
        Map<Long, Object[]> expected = expectedRows(table);
        write(table, expected.values(), 2, 3);

        assertSameRows(table, expected, read(table, KeyRange.all()));
    }

    @Test
    void twoAdjacentKeyRangesReadEveryRowExactlyOnce() throws SQLException {
        Table table = createTable();
        Map<Long, Object[]> expected = expectedRows(table);
        write(table, expected.values(), 1000, 100);

        Map<Long, Object[]> low = read(table, new KeyRange("id", null, 2L));
        Map<Long, Object[]> high = read(table, new KeyRange("id", 2L, null));
        assertThat(low.keySet()).containsExactlyInAnyOrder(0L, 1L);
        assertThat(high.keySet()).containsExactlyInAnyOrder(2L, 3L, 4L);
        Map<Long, Object[]> both = new TreeMap<>(low);
        both.putAll(high);
        assertSameRows(table, expected, both);

        assertThat(read(table, new KeyRange("id", 1L, 3L)).keySet()).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void h2StoresNegativeZeroAsPositiveZero() throws SQLException {
        // H2's own behaviour (ValueDouble and ValueReal keep one zero), recorded here so that a
        // change in H2 is noticed: a migration into H2 loses the sign of a zero.
        Column f = Column.of("f", DataType.of(TypeKind.REAL), true);
        Column d = Column.of("d", DataType.of(TypeKind.DOUBLE), true);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE \"z\" (\"id\" BIGINT PRIMARY KEY, \"f\" REAL, \"d\" DOUBLE PRECISION)");
        }
        Table table = new Table(TableId.of("PUBLIC", "z"), List.of(id, f, d), List.of("id"), List.of(), -1);
        write(table, List.<Object[]>of(new Object[] {1L, -0.0f, -0.0d}), 10, 10);

        Object[] row = read(table, KeyRange.all()).get(1L);
        assertThat(Float.floatToRawIntBits((Float) row[1])).isEqualTo(Float.floatToRawIntBits(0.0f));
        assertThat(Double.doubleToRawLongBits((Double) row[2])).isEqualTo(Double.doubleToRawLongBits(0.0d));
    }

    @Test
    void namesTheRowAndColumnOfAValueTheTargetRejects() throws SQLException {
        Column v = Column.of("V", DataType.ofLength(TypeKind.VARCHAR, 3), true);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE \"t\" (\"id\" BIGINT PRIMARY KEY, \"V\" CHARACTER VARYING(3))");
        }
        Table table = new Table(TableId.of("PUBLIC", "t"), List.of(id, v), List.of("id"), List.of(), -1);
        RowBatch batch = new RowBatch(3, 2);
        Object[][] rows = {{1L, "ab"}, {2L, "abcd"}, {3L, "abc"}};
        for (Object[] row : rows) {
            System.arraycopy(row, 0, batch.addRow(), 0, 2);
        }
        try (BatchWriter writer = new H2BatchWriter(dialect, 3).open(connection, new WriteRequest(table, table.columns()))) {
            assertThatThrownBy(() -> writer.write(batch))
                    .isInstanceOfSatisfying(ValueException.class, e -> {
                        assertThat(e.row()).isEqualTo(1);
                        assertThat(e.column()).isEqualTo(1);
                        assertThat(e.reason()).startsWith("Value too long for column \"V CHARACTER VARYING(3)\": \"'abcd' (4)\"");
                    });
        }
        connection.rollback();
    }

    @Test
    void refusesAnIntervalThatTheColumnsQualifierWouldTruncate() throws SQLException {
        Column iv = Column.of("iv", interval("INTERVAL DAY"), true);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE \"t\" (\"id\" BIGINT PRIMARY KEY, \"iv\" INTERVAL DAY)");
        }
        Table table = new Table(TableId.of("PUBLIC", "t"), List.of(id, iv), List.of("id"), List.of(), -1);
        RowBatch batch = new RowBatch(2, 2);
        Object[] ok = batch.addRow();
        ok[0] = 1L;
        ok[1] = new Interval(0, 1, 0);
        Object[] bad = batch.addRow();
        bad[0] = 2L;
        bad[1] = new Interval(0, 1, 7_200_000_000L);
        try (BatchWriter writer = engine.writer().open(connection, new WriteRequest(table, table.columns()))) {
            assertThatThrownBy(() -> writer.write(batch))
                    .isInstanceOfSatisfying(ValueException.class, e -> {
                        assertThat(e.row()).isEqualTo(1);
                        assertThat(e.column()).isEqualTo(1);
                        assertThat(e.reason()).isEqualTo("interval P1DT2H cannot be stored in H2 INTERVAL DAY without loss:"
                                + " it has a part smaller than its last field");
                    });
        }
        connection.rollback();
    }

    @Test
    void refusesAValueOfTheWrongClass() throws SQLException {
        Column dec = Column.of("dec", DataType.decimal(10, 2), true);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE \"t\" (\"id\" BIGINT PRIMARY KEY, \"dec\" NUMERIC(10, 2))");
        }
        Table table = new Table(TableId.of("PUBLIC", "t"), List.of(id, dec), List.of("id"), List.of(), -1);
        RowBatch batch = new RowBatch(1, 2);
        Object[] row = batch.addRow();
        row[0] = 1L;
        row[1] = 1.5d;
        try (BatchWriter writer = engine.writer().open(connection, new WriteRequest(table, table.columns()))) {
            assertThatThrownBy(() -> writer.write(batch))
                    .isInstanceOfSatisfying(ValueException.class, e -> {
                        assertThat(e.row()).isZero();
                        assertThat(e.column()).isEqualTo(1);
                        assertThat(e.reason()).isEqualTo("a java.lang.Double is not a value of type decimal,"
                                + " whose values are java.math.BigDecimal");
                    });
        }
        connection.rollback();
    }

    @Test
    void namesTheRowAndColumnOfASourceValueThatDoesNotFitItsLogicalType() throws SQLException {
        Column iv = Column.of("iv", interval("INTERVAL SECOND(2, 9)"), true);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE \"t\" (\"id\" BIGINT PRIMARY KEY, \"iv\" INTERVAL SECOND(2, 9))");
            s.execute("INSERT INTO \"t\" VALUES (1, INTERVAL '1' SECOND), (2, INTERVAL '0.000000001' SECOND)");
        }
        Table table = new Table(TableId.of("PUBLIC", "t"), List.of(id, iv), List.of("id"), List.of(), -1);
        RowBatch batch = new RowBatch(10, 2);
        try (RowReader reader = engine.reader().open(connection, new ReadRequest(table, table.columns(), new KeyRange("id", 2L, null), 10))) {
            assertThatThrownBy(() -> reader.next(batch))
                    .isInstanceOfSatisfying(ValueException.class, e -> {
                        assertThat(e.row()).isZero();
                        assertThat(e.column()).isEqualTo(1);
                        assertThat(e.reason()).isEqualTo("cannot read a value of type INTERVAL SECOND(2, 9): H2 interval"
                                + " INTERVAL '0.000000001' SECOND has nanoseconds, which a dmskit interval (microseconds)"
                                + " cannot hold");
                    });
        }
        connection.rollback();
    }

    @Test
    void refusesToReadADecfloatNanAsADecimal() throws SQLException {
        Column dfl = Column.of("dfl", DataType.decimal(0, -1).withNativeName("DECFLOAT"), true);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE \"t\" (\"id\" BIGINT PRIMARY KEY, \"dfl\" DECFLOAT)");
            s.execute("INSERT INTO \"t\" VALUES (1, 1.5), (2, CAST('NaN' AS DECFLOAT))");
        }
        Table table = new Table(TableId.of("PUBLIC", "t"), List.of(id, dfl), List.of("id"), List.of(), -1);
        RowBatch batch = new RowBatch(10, 2);
        try (RowReader reader = engine.reader().open(connection, new ReadRequest(table, table.columns(), new KeyRange("id", 2L, 3L), 10))) {
            assertThatThrownBy(() -> reader.next(batch))
                    .isInstanceOfSatisfying(ValueException.class, e -> {
                        assertThat(e.row()).isZero();
                        assertThat(e.column()).isEqualTo(1);
                        assertThat(e.reason()).startsWith("cannot read a value of type DECFLOAT: ");
                    });
        }
        connection.rollback();
    }

    @Test
    void leavesAutoCommitOffAndTheConnectionOpen() throws SQLException {
        connection.setAutoCommit(true);
        Table table = createTable();
        try (RowReader reader = engine.reader().open(connection, new ReadRequest(table, List.of(id), KeyRange.all(), 10))) {
            assertThat(reader.next(new RowBatch(10, 1))).isFalse();
            assertThat(reader.next(new RowBatch(10, 1))).isFalse();
        }
        assertThat(connection.getAutoCommit()).isFalse();
        assertThat(connection.isClosed()).isFalse();
    }

    private void assertSameRows(Table table, Map<Long, Object[]> expected, Map<Long, Object[]> actual) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<Long, Object[]> e : expected.entrySet()) {
            Object[] want = e.getValue();
            Object[] got = actual.get(e.getKey());
            for (int c = 0; c < want.length; c++) {
                assertSameValue("row " + e.getKey() + ", column " + table.columns().get(c).name(), want[c], got[c]);
            }
        }
    }

    /** Exact class and value; floats by their bits, so that NaN and the sign of zero count. */
    private static void assertSameValue(String where, Object want, Object got) {
        if (want == null) {
            assertThat(got).as(where).isNull();
            return;
        }
        assertThat(got).as(where).isNotNull();
        if (want instanceof List<?> wantList) {
            assertThat(got).as(where).isInstanceOf(List.class);
            List<?> gotList = (List<?>) got;
            assertThat(gotList).as(where).hasSameSizeAs(wantList);
            for (int k = 0; k < wantList.size(); k++) {
                assertSameValue(where + "[" + k + "]", wantList.get(k), gotList.get(k));
            }
            return;
        }
        assertThat(got.getClass()).as(where).isEqualTo(want.getClass());
        if (want instanceof byte[] bytes) {
            assertThat((byte[]) got).as(where).isEqualTo(bytes);
        } else if (want instanceof Float f) {
            assertThat(Float.floatToRawIntBits((Float) got)).as(where + ": " + got).isEqualTo(Float.floatToRawIntBits(f));
        } else if (want instanceof Double d) {
            assertThat(Double.doubleToRawLongBits((Double) got)).as(where + ": " + got).isEqualTo(Double.doubleToRawLongBits(d));
        } else if (!want.equals(got)) {
            fail(where + ": expected <" + want + "> but was <" + got + ">");
        }
    }
}
