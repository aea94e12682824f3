package io.dmskit.mysql;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.spi.TargetWriter;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every MariaDB type that dmskit moves, with its edge values, written with each MySQL writer
 * (through MariaDB Connector/J and through MySQL Connector/J) and read back with
 * {@link MySqlSourceReader} over all rows and over two adjacent key ranges: each value must come
 * back of exactly its logical class and equal to what was written.
 */
class MariaDbEveryTypeIT {

    private static final MariaDbDialect DIALECT = new MariaDbDialect();
    private static MariaDbTestServer server;

    /** One column: its DDL, its type as the writer gets it, as the reader gets it, and per row the value written and read. */
    private record Col(String name, String ddl, DataType writeType, DataType readType, Object[] written, Object[] read) {
    }

    private static final int ROWS = 5;
    private static final List<Col> COLUMNS = new ArrayList<>();

    private static void col(String name, String ddl, DataType type, Object... values) {
        COLUMNS.add(new Col(name, ddl, type, type, values, values));
    }

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] repeat(byte[] b, int times) {
        byte[] out = new byte[b.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(b, 0, out, i * b.length, b.length);
        }
        return out;
    }

    private static OffsetDateTime utc(String s) {
        return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
    }

    static {
        DataType u = DataType.of(TypeKind.TINYINT).withUnsigned(true);
        // row 1: minimum values, row 2: maximum values, row 3: NULL everywhere, rows 4 and 5: odd values
        col("ti", "TINYINT", DataType.of(TypeKind.TINYINT), -128L, 127L, null, 0L, -1L);
        col("tiu", "TINYINT UNSIGNED", u, 0L, 255L, null, 1L, 128L);
        col("t1", "TINYINT(1)", DataType.of(TypeKind.TINYINT).withLength(1), -128L, 127L, null, 1L, 2L);
        col("si", "SMALLINT", DataType.of(TypeKind.SMALLINT), -32768L, 32767L, null, 0L, 1L);
        col("siu", "SMALLINT UNSIGNED", DataType.of(TypeKind.SMALLINT).withUnsigned(true), 0L, 65535L, null, 0L, 1L);
        col("mi", "MEDIUMINT", DataType.of(TypeKind.MEDIUMINT), -8388608L, 8388607L, null, 0L, 1L);
        col("miu", "MEDIUMINT UNSIGNED", DataType.of(TypeKind.MEDIUMINT).withUnsigned(true), 0L, 16777215L, null, 0L, 1L);
        col("i", "INT", DataType.of(TypeKind.INTEGER), -2147483648L, 2147483647L, null, 0L, 1L);
        col("iu", "INT UNSIGNED", DataType.of(TypeKind.INTEGER).withUnsigned(true), 0L, 4294967295L, null, 0L, 1L);
        col("bi", "BIGINT", DataType.of(TypeKind.BIGINT), Long.MIN_VALUE, Long.MAX_VALUE, null, 0L, -1L);
        col("biu", "BIGINT UNSIGNED", DataType.of(TypeKind.BIGINT).withUnsigned(true), BigInteger.ZERO,
                new BigInteger("18446744073709551615"), null, BigInteger.ONE, new BigInteger("9223372036854775808"));
        String nines = "99999999999999999999999999999999999.999999999999999999999999999999";
        col("de", "DECIMAL(65,30)", DataType.decimal(65, 30), new BigDecimal("-" + nines), new BigDecimal(nines), null,
                new BigDecimal("0.000000000000000000000000000001"), new BigDecimal("0E-30"));
        col("f", "FLOAT", DataType.of(TypeKind.REAL), -Float.MAX_VALUE, Float.MAX_VALUE, null, 16777216f,
                Float.MIN_NORMAL);
        col("f2", "FLOAT", DataType.of(TypeKind.REAL), 0.1f, 1.1f, null, (float) (1.0 / 3), 1e-20f);
        col("d", "DOUBLE", DataType.of(TypeKind.DOUBLE), -Double.MAX_VALUE, Double.MAX_VALUE, null, 0.1,
                Double.MIN_VALUE);
        col("d2", "DOUBLE", DataType.of(TypeKind.DOUBLE), 0.30000000000000004, 1.0 / 3, null, 1e300, -2.5e-300);
        col("c", "CHAR(10)", DataType.ofLength(TypeKind.CHAR, 10), "", "\uD83D\uDE00 x\u00e9", null, "a", "0123456789");
        col("vc", "VARCHAR(100)", DataType.ofLength(TypeKind.VARCHAR, 100), "", "a\tb\nc\\d\re\0f \u4e2d", null,
                "\\N", "NULL");
        col("tx", "TEXT", DataType.of(TypeKind.TEXT), "", "x".repeat(60_000), null, "\uD83D\uDE00\uD83D\uDE00 end ",
                "\\");
        col("vb", "VARBINARY(256)", DataType.ofLength(TypeKind.VARBINARY, 256), new byte[0], allBytes(), null,
                new byte[] {'\\', 'N'}, new byte[] {(byte) 0xF0, '\t'});
        col("bl", "LONGBLOB", DataType.of(TypeKind.BLOB), new byte[0], repeat(allBytes(), 1000), null,
                new byte[] {0}, new byte[] {(byte) 0xC3});
        col("b1", "BIT(1)", DataType.ofLength(TypeKind.BIT, 1), "0", "1", null, "1", "0");
        col("b64", "BIT(64)", DataType.ofLength(TypeKind.BIT, 64), "0".repeat(64), "1".repeat(64), null,
                "1" + "0".repeat(63), "0".repeat(63) + "1");
        col("y", "YEAR", DataType.of(TypeKind.YEAR), 1901L, 2155L, null, 0L, 2024L);
        col("dt", "DATE", DataType.of(TypeKind.DATE), LocalDate.of(1000, 1, 1), LocalDate.of(9999, 12, 31), null,
                LocalDate.of(2024, 2, 29), LocalDate.of(1970, 1, 1));
        DataType time6 = DataType.temporal(TypeKind.INTERVAL, 6);
        col("tm", "TIME(6)", time6, Interval.ofMicros(-3_020_399_000_000L), Interval.ofMicros(3_020_399_999_999L), null,
                Interval.ofMicros(-1), Interval.ofMicros(90_000_500_000L));
        col("tm0", "TIME", DataType.temporal(TypeKind.INTERVAL, 0), Interval.ofMicros(-3_020_399_000_000L),
                Interval.ofMicros(3_020_399_000_000L), null, Interval.ofMicros(0), Interval.ofMicros(86_400_000_000L));
        col("dtm", "DATETIME(6)", DataType.temporal(TypeKind.TIMESTAMP, 6),
                LocalDateTime.of(1000, 1, 1, 0, 0), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000), null,
                LocalDateTime.of(2024, 2, 29, 12, 0, 0, 1000), LocalDateTime.of(1970, 1, 1, 0, 0));
        col("ts", "TIMESTAMP(6) NULL", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6),
                utc("1970-01-01T00:00:01"), utc("2038-01-19T03:14:07.999999"), null,
                utc("2024-03-31T01:30:00.000001"), utc("2000-01-01T00:00"));
        col("j", "JSON", DataType.of(TypeKind.JSON), "{}", "{\"a\": [1, 2.5, \"\u00fc\uD83D\uDE00\", null], \"b\\\"\": {}}",
                null, "[]", "\"\\\\\"");
        col("u", "UUID", DataType.of(TypeKind.UUID), new UUID(0, 0), new UUID(-1, -1), null,
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), UUID.fromString("00000000-0000-0000-0000-000000000001"));
        List<String> labels = List.of("a b", "it's", "\u00fc\uD83D\uDE00", "x,y", "back\\slash");
        col("e", "ENUM('a b','it''s','\u00fc\uD83D\uDE00','x,y','back\\\\slash')", DataType.enumOf(labels),
                "a b", "back\\slash", null, "it's", "x,y");
        DataType set = new DataType(TypeKind.SET, 0, -1, -1, false, "set", List.of("a", "b c", "\u00fc\uD83D\uDE00", "d'e"), null);
        col("st", "SET('a','b c','\u00fc\uD83D\uDE00','d''e')", set, "", "a,b c,\u00fc\uD83D\uDE00,d'e", null, "b c",
                "\u00fc\uD83D\uDE00");
        // Target-only kinds: BOOLEAN goes into tinyint(1), TIME (a time of day) into TIME; they read back as their source kinds.
        COLUMNS.add(new Col("bo", "TINYINT(1)", DataType.of(TypeKind.BOOLEAN), DataType.of(TypeKind.TINYINT).withLength(1),
                new Object[] {false, true, null, true, false}, new Object[] {0L, 1L, null, 1L, 0L}));
        COLUMNS.add(new Col("lt", "TIME", DataType.temporal(TypeKind.TIME, 0), DataType.temporal(TypeKind.INTERVAL, 0),
                new Object[] {LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59), null, LocalTime.NOON, LocalTime.of(0, 0, 1)},
                new Object[] {Interval.ofMicros(0), Interval.ofMicros(86_399_000_000L), null,
                        Interval.ofMicros(43_200_000_000L), Interval.ofMicros(1_000_000L)}));
    }

    @BeforeAll
    static void createDatabase() throws SQLException {
        server = new MariaDbTestServer("dmskit_everytype_it");
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (server != null) {
            server.close();
        }
    }

    private static Table table(String name, boolean forWriting) {
        List<Column> cols = new ArrayList<>();
        cols.add(Column.of("id", DataType.of(TypeKind.BIGINT), false));
        for (Col c : COLUMNS) {
            cols.add(Column.of(c.name(), forWriting ? c.writeType() : c.readType(), true));
        }
        return new Table(TableId.of(server.database, name), cols, List.of("id"), List.of(), -1);
    }

    private static void createTable(String name) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE `" + name + "` (id BIGINT PRIMARY KEY");
        for (Col c : COLUMNS) {
            ddl.append(", `").append(c.name()).append("` ").append(c.ddl());
        }
        server.execute("DROP TABLE IF EXISTS `" + name + "`", ddl.append(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4").toString());
    }

    private static long status(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private void writeAndReadBack(String tableName, TargetWriter writer, Supplier<Connection> connections,
                                  String statementCounter) throws SQLException {
        createTable(tableName);
        Table writeTable = table(tableName, true);
        try (Connection c = connections.get()) {
            long before = status(c, statementCounter);
            long insertsBefore = status(c, "Com_insert");
            try (BatchWriter w = writer.open(c, new WriteRequest(writeTable, writeTable.columns()))) {
                // two rows per batch, so that chunks and statements cross batches
                RowBatch batch = new RowBatch(2, writeTable.columns().size());
                for (int r = 0; r < ROWS; r++) {
                    Object[] row = batch.addRow();
                    row[0] = (long) r + 1;
                    for (int k = 0; k < COLUMNS.size(); k++) {
                        row[k + 1] = COLUMNS.get(k).written()[r];
                    }
                    if (batch.isFull() || r == ROWS - 1) {
                        w.write(batch);
                        batch.clear();
                    }
                }
                w.flush();
            }
            c.commit();
            assertThat(status(c, statementCounter) - before).as(statementCounter).isPositive();
            if (statementCounter.equals("Com_load")) {
                assertThat(status(c, "Com_insert") - insertsBefore).as("INSERTs after an inexact LOAD").isZero();
            }
        }
        Table readTable = table(tableName, false);
        for (Supplier<Connection> reading : List.<Supplier<Connection>>of(MariaDbEveryTypeIT::mariadb,
                MariaDbEveryTypeIT::mysqlConnectorJ)) {
            Map<Long, Object[]> all = read(reading, readTable, KeyRange.all());
            assertThat(all).hasSize(ROWS);
            Map<Long, Object[]> low = read(reading, readTable, new KeyRange("id", null, 3L));
            Map<Long, Object[]> high = read(reading, readTable, new KeyRange("id", 3L, null));
            assertThat(low.keySet()).containsExactly(1L, 2L);
            assertThat(high.keySet()).containsExactly(3L, 4L, 5L);
            for (Map<Long, Object[]> rows : List.of(all, low, high)) {
                for (Map.Entry<Long, Object[]> e : rows.entrySet()) {
                    int r = (int) (e.getKey() - 1);
                    Object[] row = e.getValue();
                    for (int k = 0; k < COLUMNS.size(); k++) {
                        Col col = COLUMNS.get(k);
                        Object expected = col.read()[r];
                        Object actual = row[k + 1];
                        String what = tableName + " row " + (r + 1) + " column " + col.name();
                        if (expected == null) {
                            assertThat(actual).as(what).isNull();
                        } else if (expected instanceof byte[] b) {
                            assertThat(actual).as(what).isInstanceOf(byte[].class);
                            assertThat((byte[]) actual).as(what).isEqualTo(b);
                        } else {
                            assertThat(actual).as(what).isNotNull();
                            assertThat(actual.getClass()).as(what).isEqualTo(expected.getClass());
                            if (expected instanceof Float f) {
                                assertThat(Float.floatToRawIntBits((Float) actual)).as(what).isEqualTo(Float.floatToRawIntBits(f));
                            } else if (expected instanceof Double d) {
                                assertThat(Double.doubleToRawLongBits((Double) actual)).as(what)
                                        .isEqualTo(Double.doubleToRawLongBits(d));
                            } else if (expected instanceof BigDecimal d) {
                                assertThat((BigDecimal) actual).as(what).isEqualByComparingTo(d);
                            } else {
                                assertThat(actual).as(what).isEqualTo(expected);
                            }
                        }
                    }
                }
            }
        }
    }

    private static Map<Long, Object[]> read(Supplier<Connection> connections, Table table, KeyRange range)
            throws SQLException {
        Map<Long, Object[]> rows = new TreeMap<>();
        try (Connection c = connections.get();
             RowReader reader = new MySqlSourceReader(DIALECT).open(c, new ReadRequest(table, table.columns(), range, 2))) {
            RowBatch batch = new RowBatch(3, table.columns().size());
            boolean more;
            do {
                more = reader.next(batch);
                for (int i = 0; i < batch.size(); i++) {
                    Object[] row = batch.row(i);
                    rows.put((Long) row[0], Arrays.copyOf(row, row.length));
                }
                batch.clear();
            } while (more);
            c.commit();
        }
        return rows;
    }

    private static Connection mariadb() {
        try {
            return server.mariadb();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection mysqlConnectorJ() {
        try {
            return server.mysqlConnectorJ();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadDataWriterThroughMariaDbConnectorJKeepsEveryValue() throws SQLException {
        writeAndReadBack("load_mariadb", new MySqlLoadDataWriter(DIALECT), MariaDbEveryTypeIT::mariadb, "Com_load");
    }

    @Test
    void loadDataWriterInSmallChunksKeepsEveryValue() throws SQLException {
        writeAndReadBack("load_chunks", new MySqlLoadDataWriter(DIALECT, 1000), MariaDbEveryTypeIT::mariadb, "Com_load");
    }

    @Test
    void insertWriterThroughMariaDbConnectorJKeepsEveryValue() throws SQLException {
        writeAndReadBack("insert_mariadb", new MySqlInsertWriter(DIALECT), MariaDbEveryTypeIT::mariadb, "Com_insert");
    }

    @Test
    void insertWriterOneRowPerStatementKeepsEveryValue() throws SQLException {
        writeAndReadBack("insert_single", new MySqlInsertWriter(DIALECT, 1), MariaDbEveryTypeIT::mariadb, "Com_insert");
    }

    @Test
    void batchedInsertWriterThroughMariaDbConnectorJKeepsEveryValue() throws SQLException {
        writeAndReadBack("batched_mariadb", MySqlInsertWriter.batched(DIALECT), MariaDbEveryTypeIT::mariadb, "Com_insert");
    }

    @Test
    void batchedInsertWriterThroughMySqlConnectorJKeepsEveryValue() throws SQLException {
        writeAndReadBack("batched_mysqlcj", MySqlInsertWriter.batched(DIALECT), MariaDbEveryTypeIT::mysqlConnectorJ,
                "Com_insert");
    }

    @Test
    void loadDataWriterThroughMySqlConnectorJKeepsEveryValue() throws SQLException {
        writeAndReadBack("load_mysqlcj", new MySqlLoadDataWriter(DIALECT), MariaDbEveryTypeIT::mysqlConnectorJ, "Com_load");
    }

    @Test
    void insertWriterThroughMySqlConnectorJKeepsEveryValue() throws SQLException {
        writeAndReadBack("insert_mysqlcj", new MySqlInsertWriter(DIALECT), MariaDbEveryTypeIT::mysqlConnectorJ,
                "Com_insert");
    }

    @Test
    void zeroDatesAreReadAsZeroDates() throws SQLException {
        server.execute("DROP TABLE IF EXISTS zero",
                "CREATE TABLE zero (id BIGINT PRIMARY KEY, d DATE, dt DATETIME)",
                "SET SESSION sql_mode = ''",
                "INSERT INTO zero VALUES (1, '0000-00-00', '2024-01-01 00:00:00'), (2, '2024-00-10', '0000-00-00 00:00:00')");
        Table t = new Table(TableId.of(server.database, "zero"), List.of(
                Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("d", DataType.of(TypeKind.DATE), true),
                Column.of("dt", DataType.temporal(TypeKind.TIMESTAMP, 0), true)), List.of("id"), List.of(), -1);
        for (Supplier<Connection> connections : List.<Supplier<Connection>>of(MariaDbEveryTypeIT::mariadb,
                MariaDbEveryTypeIT::mysqlConnectorJ)) {
            Map<Long, Object[]> rows = read(connections, t, KeyRange.all());
            assertThat(rows.get(1L)[1]).isEqualTo(new io.dmskit.schema.ZeroDate("0000-00-00", TypeKind.DATE));
            assertThat(rows.get(1L)[2]).isEqualTo(java.time.LocalDateTime.of(2024, 1, 1, 0, 0));
            assertThat(rows.get(2L)[1]).isEqualTo(new io.dmskit.schema.ZeroDate("2024-00-10", TypeKind.DATE));
            assertThat(rows.get(2L)[2]).isInstanceOfSatisfying(io.dmskit.schema.ZeroDate.class, z -> {
                assertThat(z.text()).startsWith("0000-00-00 00:00:00");
                assertThat(z.kind()).isEqualTo(TypeKind.TIMESTAMP);
            });
        }
    }

}
