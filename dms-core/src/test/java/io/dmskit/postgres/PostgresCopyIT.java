package io.dmskit.postgres;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Binary COPY into the local PostgreSQL and back through the reader, value by value. */
class PostgresCopyIT {

    private static PgTestDatabase db;
    private static Table allTypes;

    /** Column name, PostgreSQL DDL type, logical type. */
    private record Col(String name, String ddl, DataType type) {
    }

    private static List<Col> allTypeColumns(String schema) {
        String mood = "\"" + schema + "\".mood";
        return List.of(
                new Col("id", "bigint PRIMARY KEY", DataType.of(TypeKind.BIGINT)),
                new Col("b", "boolean", DataType.of(TypeKind.BOOLEAN)),
                new Col("i2", "smallint", DataType.of(TypeKind.SMALLINT)),
                new Col("i4", "integer", DataType.of(TypeKind.INTEGER)),
                new Col("i8", "bigint", DataType.of(TypeKind.BIGINT)),
                new Col("n", "numeric", DataType.decimal(0, -1)),
                new Col("n30", "numeric(40,30)", DataType.decimal(40, 30)),
                new Col("r", "real", DataType.of(TypeKind.REAL)),
                new Col("d", "double precision", DataType.of(TypeKind.DOUBLE)),
                new Col("c", "character(5)", DataType.ofLength(TypeKind.CHAR, 5)),
                new Col("v", "character varying(20)", DataType.ofLength(TypeKind.VARCHAR, 20)),
                new Col("t", "text", DataType.of(TypeKind.TEXT)),
                new Col("bt", "bytea", DataType.of(TypeKind.BLOB)),
                new Col("bits", "bit(10)", DataType.ofLength(TypeKind.BIT, 10)),
                new Col("vb", "bit varying(20)", DataType.ofLength(TypeKind.BIT, 20).withNativeName("bit varying(20)")),
                new Col("dt", "date", DataType.of(TypeKind.DATE)),
                new Col("tm", "time", DataType.temporal(TypeKind.TIME, 6)),
                new Col("ttz", "time with time zone", DataType.temporal(TypeKind.TIME_TZ, 6)),
                new Col("ts", "timestamp", DataType.temporal(TypeKind.TIMESTAMP, 6)),
                new Col("ts3", "timestamp(3)", DataType.temporal(TypeKind.TIMESTAMP, 3)),
                new Col("tstz", "timestamp with time zone", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6)),
                new Col("iv", "interval", DataType.temporal(TypeKind.INTERVAL, 6)),
                new Col("js", "json", DataType.of(TypeKind.JSON).withNativeName("json")),
                new Col("jb", "jsonb", DataType.of(TypeKind.JSON).withNativeName("jsonb")),
                new Col("u", "uuid", DataType.of(TypeKind.UUID)),
                new Col("e", mood, DataType.enumOf(List.of("sad", "ok", "happy")).withNativeName(mood)),
                new Col("ev", "character varying(5) CHECK (ev IN ('sad', 'ok', 'happy'))",
                        DataType.enumOf(List.of("sad", "ok", "happy"))),
                new Col("ia", "integer[]", DataType.arrayOf(DataType.of(TypeKind.INTEGER))),
                new Col("ia2", "integer[]", DataType.arrayOf(DataType.of(TypeKind.INTEGER))),
                new Col("ta", "text[]", DataType.arrayOf(DataType.of(TypeKind.TEXT))),
                new Col("na", "numeric[]", DataType.arrayOf(DataType.decimal(0, -1))),
                new Col("da", "date[]", DataType.arrayOf(DataType.of(TypeKind.DATE))),
                new Col("tza", "timestamp with time zone[]", DataType.arrayOf(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6))),
                new Col("iva", "interval[]", DataType.arrayOf(DataType.temporal(TypeKind.INTERVAL, 6))),
                new Col("ba", "bytea[]", DataType.arrayOf(DataType.of(TypeKind.BLOB))),
                new Col("ua", "uuid[]", DataType.arrayOf(DataType.of(TypeKind.UUID))));
    }

    @BeforeAll
    static void createTables() throws SQLException {
        db = new PgTestDatabase("dmskit_copyit");
        List<Col> cols = allTypeColumns(db.schema);
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + db.qualified("all_types") + " (");
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            ddl.append(i == 0 ? "" : ", ").append(cols.get(i).name()).append(' ').append(cols.get(i).ddl());
            columns.add(Column.of(cols.get(i).name(), cols.get(i).type(), i > 0));
        }
        db.execute("CREATE TYPE " + db.dialect.quote(db.schema) + ".mood AS ENUM ('sad', 'ok', 'happy')",
                ddl.append(')').toString());
        allTypes = PgTestDatabase.table(TableId.of(db.schema, "all_types"), columns, "id");
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    /** A row of all_types from name/value pairs; columns not named are NULL. */
    private static Object[] row(Object... pairs) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        Object[] row = new Object[allTypes.columns().size()];
        for (int i = 0; i < row.length; i++) {
            String name = allTypes.columns().get(i).name();
            if (!values.containsKey(name)) {
                continue;
            }
            row[i] = values.remove(name);
        }
        assertThat(values).as("unknown columns").isEmpty();
        return row;
    }

    private static byte[] everyByte() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static List<Object[]> edgeRows() {
        OffsetDateTime utcNoon = OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 123_456_000, ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        rows.add(row("id", 1L, "b", true, "i2", 12L, "i4", 123_456L, "i8", 1_234_567_890_123L,
                "n", new BigDecimal("12345678901234567890.123456789"),
                "n30", new BigDecimal("1234567890.123456789012345678901234567890"),
                "r", 0.1f, "d", 0.1d, "c", "ab   ", "v", "héllo wörld", "t", "emoji 😀 and 🇩🇪, CJK 漢字",
                "bt", everyByte(), "bits", "1010101011", "vb", "101", "dt", LocalDate.of(2000, 1, 1),
                "tm", LocalTime.of(23, 59, 59, 999_999_000),
                "ttz", OffsetTime.of(1, 2, 3, 456_000, ZoneOffset.ofHoursMinutes(5, 30)),
                "ts", LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1000), "ts3", LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_000_000),
                "tstz", utcNoon, "iv", new Interval(14, -3, -1), "js", "{ \"z\":1,\"a\" : [ ] }",
                "jb", "{\"a\": 1, \"b\": [true, null, \"x\"]}", "u", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                "e", "happy", "ev", "ok", "ia", Arrays.asList(1L, null, 3L),
                "ia2", List.of(List.of(1L, 2L), Arrays.asList(3L, null)), "ta", Arrays.asList("a", null, "", "😀"),
                "na", Arrays.asList(new BigDecimal("1.50"), null, new BigDecimal("-0.0001")),
                "da", Arrays.asList(LocalDate.of(1, 1, 1), LocalDate.of(0, 6, 15), null),
                "tza", List.of(utcNoon, OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)),
                "iva", List.of(new Interval(1, 2, 3), new Interval(-1, -2, -3)),
                "ba", Arrays.asList(new byte[] {0, 1, (byte) 0xFF}, null, new byte[0]),
                "ua", List.of(UUID.fromString("00000000-0000-0000-0000-000000000000"))));
        rows.add(row("id", 2L, "b", false, "i2", (long) Short.MIN_VALUE, "i4", (long) Integer.MIN_VALUE, "i8", Long.MIN_VALUE,
                "n", new BigDecimal("9".repeat(500) + "." + "1".repeat(500)),
                "n30", new BigDecimal("-0.000000000000000000000000000001"),
                "r", Float.NaN, "d", Double.NaN, "c", "abcde", "v", "", "t", "",
                "bt", new byte[0], "bits", "0000000000", "vb", "", "dt", LocalDate.of(1, 1, 1),
                "tm", LocalTime.MIDNIGHT, "ttz", OffsetTime.of(0, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(-15, -59, -59)),
                "ts", LocalDateTime.of(1, 1, 1, 0, 0, 0, 1000), "ts3", LocalDateTime.of(-43, 3, 15, 12, 0, 0, 1_000_000),
                "tstz", OffsetDateTime.of(-4713, 11, 24, 0, 0, 0, 0, ZoneOffset.UTC),
                "iv", new Interval(Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE),
                "js", "[]", "jb", "[]", "u", new UUID(-1L, -1L), "e", "sad", "ev", "sad",
                "ia", List.of(), "ia2", List.of(List.of((long) Integer.MIN_VALUE), List.of((long) Integer.MAX_VALUE)),
                "ta", List.of(), "na", List.of(), "da", List.of(), "tza", List.of(), "iva", List.of(), "ba", List.of(),
                "ua", List.of()));
        rows.add(row("id", 3L, "b", true, "i2", (long) Short.MAX_VALUE, "i4", (long) Integer.MAX_VALUE, "i8", Long.MAX_VALUE,
                "n", new BigDecimal("-0.000000000000000000000000000000000000000001"), "n30", new BigDecimal("0E-30"),
                "r", Float.intBitsToFloat(0x80000000), "d", -0.0d, "c", "     ", "v", "x".repeat(20),
                "t", "tab\tnewline\nquote'\"backslash\\", "bt", new byte[] {0},
                "bits", "1111111111", "vb", "1".repeat(20), "dt", LocalDate.of(9999, 12, 31),
                "tm", LocalTime.of(12, 0, 0, 1000), "ttz", OffsetTime.of(23, 59, 59, 999_999_000, ZoneOffset.UTC),
                "ts", LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
                "ts3", LocalDateTime.of(294_276, 12, 31, 23, 59, 59, 999_000_000),
                "tstz", OffsetDateTime.of(294_276, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC),
                "iv", new Interval(0, 0, Long.MAX_VALUE), "js", "null", "jb", "\"😀\"", "u", new UUID(0, 1),
                "e", "ok", "ev", "happy"));
        rows.add(row("id", 4L)); // NULL in every other column
        rows.add(row("id", 5L, "r", Float.POSITIVE_INFINITY, "d", Double.NEGATIVE_INFINITY,
                "dt", LocalDate.of(-4713, 11, 24), "ts", LocalDateTime.of(-4713, 11, 24, 0, 0),
                "tstz", OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                "n", new BigDecimal("1E-16383"), "i8", 0L, "vb", "0"));
        rows.add(row("id", 6L, "r", Float.MIN_VALUE, "d", Double.MIN_VALUE, "dt", LocalDate.of(5_874_897, 12, 31),
                "ts", LocalDateTime.of(294_276, 12, 31, 23, 59, 59, 999_999_000), "n", new BigDecimal("0.00")));
        return rows;
    }

    /** Generated rows with ids from 10,000, enough for several batches and flushes. */
    private static List<Object[]> generatedRows(int count) {
        List<Object[]> rows = new ArrayList<>();
        LocalDateTime base = LocalDateTime.of(2020, 1, 1, 0, 0);
        for (int k = 0; k < count; k++) {
            rows.add(row("id", 10_000L + k, "b", k % 2 == 0, "i4", (long) k - count / 2, "i8", (long) k * k * k,
                    "n", BigDecimal.valueOf(k * 37L, k % 7), "r", k / 7f, "d", k / 7d,
                    "t", "row " + k + " ✓", "v", Integer.toString(k, 36), "bt", new byte[] {(byte) k, (byte) (k >> 8)},
                    "dt", LocalDate.of(1900, 1, 1).plusDays(k * 13L), "ts", base.plusSeconds(k * 97L).plusNanos(k * 1000L),
                    "tstz", OffsetDateTime.of(base.minusDays(k), ZoneOffset.UTC), "iv", new Interval(k % 13, -k, k * 1_000_001L),
                    "u", new UUID(k, -k), "ia", k % 3 == 0 ? null : Arrays.asList((long) k, null),
                    "ta", List.of("k" + k), "jb", "{\"k\": " + k + "}", "bits", String.format("%10s", Integer.toBinaryString(k % 1024)).replace(' ', '0')));
        }
        return rows;
    }

    /** Writes the rows in batches of {@code batchSize}, flushing every {@code batchesPerFlush} batches, then commits. */
    private static void write(Connection c, Table table, List<Object[]> rows, int batchSize, int batchesPerFlush)
            throws SQLException {
        RowBatch batch = new RowBatch(batchSize, table.columns().size());
        try (BatchWriter w = new PostgresCopyWriter(db.dialect).open(c, new WriteRequest(table, table.columns()))) {
            int batches = 0;
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, batch.addRow(), 0, table.columns().size());
                if (batch.isFull() || i == rows.size() - 1) {
                    w.write(batch);
                    batch.clear();
                    if (++batches % batchesPerFlush == 0) {
                        w.flush();
                    }
                }
            }
            w.flush();
        }
        c.commit();
    }

    @Test
    void everyTypeRoundTripsExactlyOverAllRowsAndAdjacentRanges() throws SQLException {
        List<Object[]> written = new ArrayList<>(edgeRows());
        written.addAll(generatedRows(2_500));
        try (Connection c = db.connect()) {
            write(c, allTypes, written, 100, 3);
        }
        Map<Long, Object[]> expected = new LinkedHashMap<>();
        for (Object[] r : written) {
            expected.put((Long) r[0], r);
        }
        try (Connection c = db.connect()) {
            List<Object[]> all = PgTestDatabase.read(c, allTypes, KeyRange.all());
            c.commit();
            assertRows(expected, all);

            List<Object[]> low = PgTestDatabase.read(c, allTypes, new KeyRange("id", null, 11_000L));
            List<Object[]> high = PgTestDatabase.read(c, allTypes, new KeyRange("id", 11_000L, null));
            c.commit();
            assertThat(low).hasSize(6 + 1_000);
            assertThat(high).hasSize(1_500);
            List<Object[]> both = new ArrayList<>(low);
            both.addAll(high);
            assertRows(expected, both);
        }
    }

    @Test
    void theTableAsTheDialectReadsItFromTheCatalogRoundTripsToo() throws SQLException {
        db.execute("CREATE TABLE " + db.qualified("all_types_2") + " (LIKE " + db.qualified("all_types") + " INCLUDING ALL)");
        TableId id = TableId.of(db.schema, "all_types_2");
        Table table;
        try (Connection c = db.connect()) {
            table = db.dialect.readCatalog(c, id::equals).table(id).orElseThrow();
            c.commit();
        }
        assertThat(table.columns()).extracting(Column::name)
                .containsExactlyElementsOf(allTypes.columns().stream().map(Column::name).toList());
        List<Object[]> written = edgeRows();
        try (Connection c = db.connect()) {
            write(c, table, written, 4, 1);
            List<Object[]> read = PgTestDatabase.read(c, table, KeyRange.all());
            Map<Long, Object[]> expected = new LinkedHashMap<>();
            for (Object[] r : written) {
                expected.put((Long) r[0], r);
            }
            assertRows(expected, read);
        }
    }

    private static void assertRows(Map<Long, Object[]> expected, List<Object[]> actual) {
        assertThat(actual).hasSize(expected.size());
        for (Object[] row : actual) {
            Object[] want = expected.get((Long) row[0]);
            assertThat(want).as("row with id %s was not written", row[0]).isNotNull();
            for (int i = 0; i < want.length; i++) {
                assertSame(want[i], row[i], "id " + row[0] + ", column " + allTypes.columns().get(i).name());
            }
        }
    }

    /** Equal value and class; floats by their exact bits, byte arrays by content, lists element by element. */
    private static void assertSame(Object want, Object got, String where) {
        if (want == null || got == null) {
            assertThat(got).as(where).isEqualTo(want);
            return;
        }
        if (want instanceof List<?> w) {
            assertThat(got).as(where).isInstanceOf(List.class);
            List<?> g = (List<?>) got;
            assertThat(g).as(where).hasSize(w.size());
            for (int i = 0; i < w.size(); i++) {
                assertSame(w.get(i), g.get(i), where + "[" + i + "]");
            }
            return;
        }
        assertThat(got.getClass()).as(where).isEqualTo(want.getClass());
        if (want instanceof byte[] w) {
            assertThat((byte[]) got).as(where).isEqualTo(w);
        } else if (want instanceof Float w) {
            assertThat(Float.floatToRawIntBits((Float) got)).as(where + " bits of " + got + " vs " + w)
                    .isEqualTo(Float.floatToRawIntBits(w));
        } else if (want instanceof Double w) {
            assertThat(Double.doubleToRawLongBits((Double) got)).as(where + " bits of " + got + " vs " + w)
                    .isEqualTo(Double.doubleToRawLongBits(w));
        } else {
            assertThat(got).as(where).isEqualTo(want);
        }
    }

    @Test
    void timestamptzIsReadBackAsTheSameInstantInUtc() throws SQLException {
        Table t = PgTestDatabase.table(TableId.of(db.schema, "tz"), List.of(
                Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("at", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), true)), "id");
        db.execute("CREATE TABLE " + db.qualified("tz") + " (id bigint PRIMARY KEY, at timestamptz)");
        OffsetDateTime kolkata = OffsetDateTime.of(2024, 6, 1, 5, 30, 0, 1000, ZoneOffset.ofHoursMinutes(5, 30));
        try (Connection c = db.connect()) {
            write(c, t, List.<Object[]>of(new Object[] {1L, kolkata}), 10, 1);
            List<Object[]> rows = PgTestDatabase.read(c, t, KeyRange.all());
            assertThat(rows.get(0)[1]).isEqualTo(OffsetDateTime.of(2024, 6, 1, 0, 0, 0, 1000, ZoneOffset.UTC));
        }
    }

    @Test
    void nulInTextIsAValueErrorAndTheWriterGoesOn() throws SQLException {
        Table t = PgTestDatabase.table(TableId.of(db.schema, "nul"), List.of(
                Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("t", DataType.of(TypeKind.TEXT), true)), "id");
        db.execute("CREATE TABLE " + db.qualified("nul") + " (id bigint PRIMARY KEY, t text)");
        try (Connection c = db.connect();
             BatchWriter w = new PostgresCopyWriter(db.dialect).open(c, new WriteRequest(t, t.columns()))) {
            RowBatch batch = new RowBatch(10, 2);
            for (Object[] r : List.of(new Object[] {1L, "ok"}, new Object[] {2L, "a\u0000b"}, new Object[] {3L, "ok"})) {
                System.arraycopy(r, 0, batch.addRow(), 0, 2);
            }
            assertThatThrownBy(() -> w.write(batch)).isInstanceOfSatisfying(ValueException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("text contains a NUL character (U+0000), which PostgreSQL cannot store");
                assertThat(e.row()).isEqualTo(1);
                assertThat(e.column()).isEqualTo(1);
                assertThat(e.code()).isEqualTo(ErrorCode.DATA_ERROR);
            });
            // Rows before the bad one are in the COPY; the caller goes on with the rows after it.
            RowBatch rest = new RowBatch(10, 2);
            System.arraycopy(new Object[] {3L, "ok"}, 0, rest.addRow(), 0, 2);
            w.write(rest);
            w.flush();
            c.commit();
        }
        assertThat(db.count("nul")).isEqualTo(2);
    }

    @Test
    void aRowThatTheServerRejectsNamesItsCopyLineAndColumn() throws SQLException {
        Table t = PgTestDatabase.table(TableId.of(db.schema, "short"), List.of(
                Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("v", DataType.ofLength(TypeKind.VARCHAR, 3), false)), "id");
        db.execute("CREATE TABLE " + db.qualified("short") + " (id bigint PRIMARY KEY, v varchar(3) NOT NULL)");
        try (Connection c = db.connect();
             BatchWriter w = new PostgresCopyWriter(db.dialect).open(c, new WriteRequest(t, t.columns()))) {
            RowBatch batch = new RowBatch(10, 2);
            for (int b = 0; b < 3; b++) {
                for (int r = 0; r < 10; r++) {
                    Object[] row = batch.addRow();
                    row[0] = (long) (b * 10 + r);
                    row[1] = b == 1 && r == 5 ? "toolong" : "ok";
                }
                w.write(batch);
                batch.clear();
            }
            assertThatThrownBy(w::flush).isInstanceOfSatisfying(ValueException.class, e -> {
                assertThat(e.reason()).isEqualTo("value too long for type character varying(3) (COPY line 16: row 5 "
                        + "of batch 2 of 3 written since the last flush)");
                assertThat(e.row()).isEqualTo(-1);
                assertThat(e.column()).isEqualTo(1);
                assertThat(e.getCause()).isInstanceOf(SQLException.class);
            });
            c.rollback();
        }
        try (Connection c = db.connect();
             BatchWriter w = new PostgresCopyWriter(db.dialect).open(c, new WriteRequest(t, t.columns()))) {
            RowBatch batch = new RowBatch(10, 2);
            Object[] ok = batch.addRow();
            ok[0] = 1L;
            ok[1] = "ok";
            Object[] nul = batch.addRow();
            nul[0] = 2L;
            w.write(batch);
            assertThatThrownBy(w::flush).isInstanceOfSatisfying(ValueException.class, e -> {
                assertThat(e.reason()).isEqualTo("null value in column \"v\" of relation \"short\" violates not-null "
                        + "constraint (COPY line 2: row 1 of batch 1 of 1 written since the last flush)");
                assertThat(e.column()).isEqualTo(1);
            });
            c.rollback();
        }
    }

    @Test
    void hostileNamesAreQuotedAndStillNamedInErrors() throws SQLException {
        String name = "Robert'); DROP TABLE students;--, line 7";
        String column = "we\"ird, line 1, column x";
        Table t = PgTestDatabase.table(TableId.of(db.schema, name), List.of(
                Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of(column, DataType.arrayOf(DataType.ofLength(TypeKind.VARCHAR, 2)), true)), "id");
        db.execute("CREATE TABLE " + db.qualified(name) + " (id bigint PRIMARY KEY, " + db.dialect.quote(column)
                + " varchar(2)[])");
        try (Connection c = db.connect()) {
            write(c, t, List.<Object[]>of(new Object[] {1L, List.of("ok")}), 10, 1);
            assertThat(PgTestDatabase.read(c, t, KeyRange.all()).get(0)[1]).isEqualTo(List.of("ok"));
            c.commit();
            assertThatThrownBy(() -> write(c, t, List.<Object[]>of(new Object[] {2L, List.of("ok", "long")}), 10, 1))
                    .isInstanceOfSatisfying(ValueException.class, e -> {
                        assertThat(e.reason()).isEqualTo("value too long for type character varying(2) (COPY line 1: "
                                + "row 0 of batch 1 of 1 written since the last flush)");
                        assertThat(e.column()).isEqualTo(1);
                    });
            c.rollback();
        }
        assertThat(db.count(name)).isEqualTo(1);
    }

    @Test
    void aTableOfAnotherShapeFailsAtOpen() throws SQLException {
        db.execute("CREATE TABLE " + db.qualified("shape") + " (id bigint, n integer)");
        Table t = PgTestDatabase.table(TableId.of(db.schema, "shape"), List.of(
                Column.of("id", DataType.of(TypeKind.INTEGER), false),
                Column.of("missing", DataType.of(TypeKind.TEXT), true)), "id");
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> new PostgresCopyWriter(db.dialect).open(c, new WriteRequest(t, t.columns())))
                    .isInstanceOfSatisfying(DmsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INCOMPATIBLE_TARGET_TABLE);
                        assertThat(e.getMessage()).startsWith("Table " + db.schema + ".shape, column id: the column is "
                                + "bigint in the target, but the load writes INTEGER values");
                    });
            assertThatThrownBy(() -> new PostgresCopyWriter(db.dialect).open(c,
                    new WriteRequest(t, List.of(t.columns().get(1)))))
                    .isInstanceOf(DmsException.class)
                    .hasMessage("Table " + db.schema + ".shape has no column missing in the target");
        }
    }

    @Test
    void twoHundredThousandRowsInOneCopyUseABufferOfFixedSize() throws SQLException {
        Table t = PgTestDatabase.table(TableId.of(db.schema, "big"), List.of(
                Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("t", DataType.of(TypeKind.TEXT), true),
                Column.of("b", DataType.of(TypeKind.BLOB), true),
                Column.of("n", DataType.decimal(0, -1), true)), "id");
        db.execute("CREATE TABLE " + db.qualified("big") + " (id bigint PRIMARY KEY, t text, b bytea, n numeric)");
        String text = "a fairly ordinary line of text, of some fifty chars";
        byte[] bytes = new byte[40];
        try (Connection c = db.connect();
             BatchWriter w = new PostgresCopyWriter(db.dialect).open(c, new WriteRequest(t, t.columns()))) {
            PostgresCopyWriter.CopyBatchWriter copy = (PostgresCopyWriter.CopyBatchWriter) w;
            RowBatch batch = new RowBatch(1_000, 4);
            long id = 0;
            for (int b = 0; b < 200; b++) {
                for (int r = 0; r < 1_000; r++) {
                    Object[] row = batch.addRow();
                    row[0] = id;
                    row[1] = text;
                    row[2] = bytes;
                    row[3] = BigDecimal.valueOf(id, 3);
                    id++;
                }
                w.write(batch);
                batch.clear();
                if (copy.bufferCapacity() != PostgresCopyWriter.BUFFER_BYTES) {
                    fail("the buffer grew to " + copy.bufferCapacity() + " bytes after " + id + " rows");
                }
            }
            w.flush();
            c.commit();
        }
        assertThat(db.count("big")).isEqualTo(200_000);
    }
}
