package io.dmskit.testkit.contract;

import io.dmskit.schema.Column;
import io.dmskit.schema.Table;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.spi.SourceReader;
import io.dmskit.spi.ValueException;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.data.ColumnDefinition;
import io.dmskit.testkit.data.SqlType;
import io.dmskit.testkit.data.SqlTypes;
import io.dmskit.testkit.data.TableDefinition;
import io.dmskit.testkit.data.TableRows;
import io.dmskit.testkit.data.ValueDomain;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract of a {@link SourceReader}, as a suite of JUnit 5 tests to extend: rows inserted
 * with plain JDBC into tables of every column type of the engine come back, batch by batch, as
 * exactly the values inserted, of the Java class of each column's logical type; NULL is null;
 * key ranges partition a table's rows; end of input is the explicit {@code false} of
 * {@link RowReader#next}; a value that has no logical value is a {@link ValueException} that
 * names its column.
 *
 * <pre>{@code
 * class MyReaderContractIT extends SourceReaderContract {
 *     protected TestDatabase createDatabase() { return TestDatabase.create(Engine.POSTGRESQL); }
 *     protected EngineProvider engine() { return new MyEngineProvider(); }
 * }
 * }</pre>
 *
 * <p>The reader under test is {@link #reader()}, by default the engine provider's. Connections
 * are set up as the provider says ({@link #connect()}); the suite ends each reader's transaction.
 */
public abstract class SourceReaderContract extends EngineContract {

    /**
     * A value stored in a column that has no value of the column's logical type, so that a reader
     * must refuse it with a {@link ValueException}.
     *
     * @param columnType   the column's type as CREATE TABLE spells it
     * @param literal      the value as an SQL literal
     * @param sessionSetup statements run before the insert (for example to allow MySQL's zero dates)
     */
    public record UnreadableValue(String columnType, String literal, List<String> sessionSetup) {
        public UnreadableValue {
            sessionSetup = List.copyOf(sessionSetup);
        }
    }

    /** The reader under test; by default {@code engine().reader()}. */
    protected SourceReader reader() {
        return engine().reader();
    }

    /**
     * Values that the reader must refuse; by default those of the built-in engines: PostgreSQL's
     * NaN numeric, infinite dates and timestamps and {@code 24:00:00}; none for MySQL and MariaDB
     * (their zero dates are read as {@link io.dmskit.schema.ZeroDate}, see
     * {@link #readsMySqlZeroDatesAsZeroDate}) and H2.
     */
    protected List<UnreadableValue> unreadableValues() {
        return switch (database().engine()) {
            case POSTGRESQL -> List.of(new UnreadableValue("numeric", "'NaN'", List.of()),
                    new UnreadableValue("date", "'-infinity'", List.of()),
                    new UnreadableValue("timestamp(6)", "'infinity'", List.of()),
                    new UnreadableValue("timestamptz(6)", "'-infinity'", List.of()),
                    new UnreadableValue("time(6)", "'24:00:00'", List.of()));
            case MARIADB, MYSQL, H2 -> List.of();
        };
    }

    @Test
    void readsEveryTypeAsItsLogicalClassWithItsEdgeValues() throws SQLException {
        TableRows rows = edgeRows(everyTypeTable(tableName("reader_types"), types()));
        rows.createIn(database());
        assertReadsBack(rows, 3);
    }

    @Test
    void readsNullFromEveryNullableColumn() throws SQLException {
        TableDefinition table = everyTypeTable(tableName("reader_nulls"), types());
        List<Object> row = new ArrayList<>();
        row.add(1L);
        for (int i = 1; i < table.columns().size(); i++) {
            row.add(null);
        }
        TableRows rows = new TableRows(table, List.of(row));
        rows.createIn(database());
        assertReadsBack(rows, 1);
    }

    @Test
    void readsTheRequestedColumnsInTheRequestedOrder() throws SQLException {
        TableRows rows = edgeRows(everyTypeTable(tableName("reader_columns"), types()));
        rows.createIn(database());
        TableDefinition def = rows.definition();
        int last = def.columns().size() - 1;
        List<String> names = List.of(def.columns().get(last).name(), "id", def.columns().get(1).name());
        try (Connection c = connect()) {
            Table table = catalogTable(c, def.name());
            List<Object[]> read = readAll(reader(), c, request(table, names, KeyRange.all()), 4);
            endTransaction(c);
            assertEquals(rows.rows().size(), read.size(), "rows read from " + def.name());
            Map<Object, Object[]> byId = byKey(read, 1);
            for (List<Object> expected : rows.rows()) {
                Object[] actual = byId.get(expected.get(0));
                assertTrue(actual != null, "row id=" + expected.get(0) + " was not read");
                assertEquals(3, actual.length, "values per row");
                check(table.column(names.get(0)).orElseThrow(), def.columns().get(last), expected.get(last), actual[0], expected.get(0));
                check(table.column(names.get(2)).orElseThrow(), def.columns().get(1), expected.get(1), actual[2], expected.get(0));
            }
        }
    }

    @Test
    void keyRangesPartitionTheRowsForEveryKeyType() throws SQLException {
        for (SqlType type : types()) {
            if (type.keyable()) {
                assertRangesPartition(type);
            }
        }
    }

    @Test
    void endOfInputIsExplicitOnAnEmptyTable() throws SQLException {
        TableDefinition def = everyTypeTable(tableName("reader_empty"), List.of());
        database().execute(def.createStatements().toArray(String[]::new));
        try (Connection c = connect()) {
            Table table = catalogTable(c, def.name());
            RowBatch batch = new RowBatch(10, 1);
            try (RowReader r = reader().open(c, request(table, List.of("id"), KeyRange.all()))) {
                assertFalse(r.next(batch), "next() on an empty table must return false (end of input)");
                assertEquals(0, batch.size(), "rows added from an empty table");
            }
            endTransaction(c);
        }
    }

    @Test
    void endOfInputIsExplicitWhenTheRowsFillWholeBatches() throws SQLException {
        TableDefinition def = everyTypeTable(tableName("reader_whole"), List.of());
        List<List<Object>> ids = new ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            ids.add(List.of(i));
        }
        new TableRows(def, ids).createIn(database());
        try (Connection c = connect()) {
            Table table = catalogTable(c, def.name());
            // readAll fails on a true without rows; 20 rows in batches of 5 and of 20 end exactly at a batch's end
            assertEquals(20, readAll(reader(), c, request(table, List.of("id"), KeyRange.all()), 5).size());
            assertEquals(20, readAll(reader(), c, request(table, List.of("id"), KeyRange.all()), 20).size());
            assertEquals(20, readAll(reader(), c, request(table, List.of("id"), KeyRange.all()), 1).size());
            endTransaction(c);
        }
    }

    @Test
    void refusesAValueWithoutALogicalValueWithAValueExceptionNamingTheColumn() throws SQLException {
        List<UnreadableValue> values = unreadableValues();
        Assumptions.assumeFalse(values.isEmpty(), database().engine() + " has no value that the reader must refuse");
        for (UnreadableValue v : values) {
            String name = tableName("reader_refuses");
            try (Connection c = connect(); Statement s = c.createStatement()) {
                for (String sql : v.sessionSetup()) {
                    s.execute(sql);
                }
                String q = TableDefinition.quote(database().engine(), name);
                Engine engine = database().engine();
                s.execute("CREATE TABLE " + q + " (" + TableDefinition.quote(engine, "id") + " BIGINT PRIMARY KEY, "
                        + TableDefinition.quote(engine, "before_it") + " INTEGER, " + TableDefinition.quote(engine, "v") + " "
                        + v.columnType() + ")");
                s.execute("INSERT INTO " + q + " VALUES (1, 7, " + v.literal() + ")");
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
            try (Connection c = connect()) {
                Table table = catalogTable(c, name);
                try {
                    List<Object[]> read = readAll(reader(), c, request(table, List.of("id", "before_it", "v"), KeyRange.all()), 10);
                    fail("reading " + v.literal() + " from a column of " + v.columnType() + " gave " + Values.show(read.get(0)[2])
                            + " instead of a ValueException");
                } catch (ValueException e) {
                    assertEquals(2, e.column(), "ValueException.column() for " + v.literal() + " in " + v.columnType()
                            + " (the index of v in the request): " + e.getMessage());
                    assertTrue(e.row() == 0 || e.row() == -1, "ValueException.row() for the first row of a batch must be 0 (or -1), was "
                            + e.row() + ": " + e.getMessage());
                }
                endTransaction(c);
            }
        }
    }

    /**
     * MySQL's and MariaDB's zero dates (a zero month or day) have no {@code java.time} value: the
     * reader gives them as {@link io.dmskit.schema.ZeroDate}, with the server's text and the
     * column's logical kind, for the task's zero-date type rule to decide.
     */
    @Test
    void readsMySqlZeroDatesAsZeroDate() throws SQLException {
        Engine engine = database().engine();
        Assumptions.assumeTrue(engine == Engine.MARIADB || engine == Engine.MYSQL, engine + " has no zero dates");
        String name = tableName("reader_zero");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            String q = TableDefinition.quote(engine, name);
            s.execute("CREATE TABLE " + q + " (id BIGINT PRIMARY KEY, d DATE, dt DATETIME(6), ts TIMESTAMP(6) NULL)");
            s.execute("INSERT INTO " + q + " VALUES (1, '0000-00-00', '2024-00-10 00:00:00', '0000-00-00 00:00:00'),"
                    + " (2, '2024-02-29', '2024-02-29 12:00:00', NULL)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        try (Connection c = connect()) {
            Table table = catalogTable(c, name);
            List<Object[]> read = readAll(reader(), c, request(table, List.of("id", "d", "dt", "ts"), KeyRange.all()), 10);
            endTransaction(c);
            Object[] zero = read.get(0);
            assertEquals(new io.dmskit.schema.ZeroDate("0000-00-00", io.dmskit.schema.TypeKind.DATE), zero[1]);
            assertTrue(zero[2] instanceof io.dmskit.schema.ZeroDate z && z.text().startsWith("2024-00-10 00:00:00")
                    && z.kind() == io.dmskit.schema.TypeKind.TIMESTAMP, "DATETIME zero date read as " + Values.show(zero[2]));
            assertTrue(zero[3] instanceof io.dmskit.schema.ZeroDate z && z.text().startsWith("0000-00-00 00:00:00")
                    && z.kind() == io.dmskit.schema.TypeKind.TIMESTAMP_TZ, "TIMESTAMP zero date read as " + Values.show(zero[3]));
            assertEquals(java.time.LocalDate.of(2024, 2, 29), read.get(1)[1]);
        }
    }

    /** Reads a table back in batches of the capacity and compares every value. */
    protected void assertReadsBack(TableRows rows, int capacity) throws SQLException {
        TableDefinition def = rows.definition();
        try (Connection c = connect()) {
            Table table = catalogTable(c, def.name());
            List<String> names = def.columns().stream().map(ColumnDefinition::name).toList();
            List<Object[]> read = readAll(reader(), c, request(table, names, KeyRange.all()), capacity);
            endTransaction(c);
            assertEquals(rows.rows().size(), read.size(), "rows read from " + def.name());
            Map<Object, Object[]> byId = byKey(read, 0);
            List<String> problems = new ArrayList<>();
            for (List<Object> expected : rows.rows()) {
                Object[] actual = byId.get(expected.get(0));
                if (actual == null) {
                    problems.add("row id=" + expected.get(0) + " was not read");
                    continue;
                }
                for (int i = 0; i < names.size(); i++) {
                    Column column = table.column(names.get(i)).orElseThrow();
                    ColumnDefinition d = def.columns().get(i);
                    String p = Values.problem(column, d.type().readBack(expected.get(i)), actual[i]);
                    if (p != null) {
                        problems.add("row id=" + expected.get(0) + ", column " + d.name() + " (" + d.type().ddl() + "): " + p);
                    }
                }
            }
            if (!problems.isEmpty()) {
                fail(problems.size() + " values read differ from the values inserted:\n  " + String.join("\n  ", problems));
            }
        }
    }

    private void check(Column column, ColumnDefinition def, Object expected, Object actual, Object id) {
        String p = Values.problem(column, def.type().readBack(expected), actual);
        if (p != null) {
            fail("row id=" + id + ", column " + def.name() + " (" + def.type().ddl() + "): " + p);
        }
    }

    /**
     * A table keyed by a column of the type, holding the type's edge values as keys (and more, for
     * integers); three adjacent ranges split at the keys a third and two thirds into the
     * database's own order must give every row exactly once, each in its range.
     */
    private void assertRangesPartition(SqlType type) throws SQLException {
        Engine engine = database().engine();
        SqlType bigint = SqlTypes.of(engine).stream().filter(t -> t.ddl().equalsIgnoreCase("bigint")).findFirst().orElseThrow();
        TableDefinition def = new TableDefinition(engine, tableName("reader_ranges"),
                List.of(new ColumnDefinition("k", type, false), new ColumnDefinition("seq", bigint, false)), List.of("k"));
        List<Object> keys = new ArrayList<>(type.domain().edgeValues());
        if (type.domain() instanceof ValueDomain.Integers ints) {
            for (long x = Math.max(ints.min(), -20); x <= Math.min(ints.max(), 20); x += 3) {
                Long candidate = x;
                if (keys.stream().noneMatch(k -> Values.same(k, candidate))) {
                    keys.add(candidate);
                }
            }
        }
        List<List<Object>> rowList = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            rowList.add(List.of(keys.get(i), (long) i));
        }
        new TableRows(def, rowList).createIn(database());

        List<Long> order = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + def.quote("seq") + " FROM " + def.quote(def.name()) + " ORDER BY "
                     + def.quote("k"))) {
            while (rs.next()) {
                order.add(rs.getLong(1));
            }
        }
        int n = order.size();
        Object first = keys.get(order.get(n / 3).intValue());
        Object second = keys.get(order.get(2 * n / 3).intValue());
        List<List<Long>> expected = List.of(order.subList(0, n / 3), order.subList(n / 3, 2 * n / 3), order.subList(2 * n / 3, n));
        List<KeyRange> ranges = List.of(new KeyRange("k", null, first), new KeyRange("k", first, second), new KeyRange("k", second, null));
        try (Connection c = connect()) {
            Table table = catalogTable(c, def.name());
            for (int i = 0; i < ranges.size(); i++) {
                List<Object[]> read = readAll(reader(), c, request(table, List.of("seq"), ranges.get(i)), 2);
                List<Long> seqs = read.stream().map(r -> (Long) r[0]).sorted().toList();
                List<Long> want = expected.get(i).stream().sorted().toList();
                if (!seqs.equals(want)) {
                    fail("key range " + ranges.get(i) + " of a " + type.ddl() + " key read the rows with keys " + keysOf(seqs, keys)
                            + " but holds " + keysOf(want, keys) + " (in the database's order the keys are " + keysOf(order, keys) + ")");
                }
            }
            endTransaction(c);
        }
    }

    private static List<String> keysOf(List<Long> seqs, List<Object> keys) {
        return seqs.stream().map(s -> Values.show(keys.get(s.intValue()))).toList();
    }

    private static Map<Object, Object[]> byKey(List<Object[]> rows, int keyIndex) {
        Map<Object, Object[]> out = new HashMap<>();
        for (Object[] r : rows) {
            if (out.put(r[keyIndex], r) != null) {
                fail("row id=" + r[keyIndex] + " was read twice");
            }
        }
        return out;
    }

    private static void endTransaction(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }
}
