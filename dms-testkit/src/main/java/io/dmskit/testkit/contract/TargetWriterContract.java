package io.dmskit.testkit.contract;

import io.dmskit.schema.Column;
import io.dmskit.schema.Table;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.SourceReader;
import io.dmskit.spi.TargetWriter;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;
import io.dmskit.testkit.data.ColumnDefinition;
import io.dmskit.testkit.data.TableDefinition;
import io.dmskit.testkit.data.TableRows;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract of a {@link TargetWriter}, as a suite of JUnit 5 tests to extend: rows of every
 * column type of the engine, with their edge values and NULLs, written batch by batch, are in the
 * table exactly (read back with the engine's reader, which {@link SourceReaderContract} proves);
 * they are written in the caller's transaction, only after {@link BatchWriter#flush()}; columns
 * left out of the request keep their defaults; a value that the column cannot hold without loss
 * is a {@link ValueException} that names its row and column, never a silent change.
 *
 * <pre>{@code
 * class MyWriterContractIT extends TargetWriterContract {
 *     protected TestDatabase createDatabase() { return TestDatabase.create(Engine.MARIADB); }
 *     protected EngineProvider engine() { return new MyEngineProvider(); }
 * }
 * }</pre>
 */
public abstract class TargetWriterContract extends EngineContract {

    /**
     * A value that a column cannot hold without loss, so that a writer must refuse it.
     *
     * @param columnType the column's type as CREATE TABLE spells it
     * @param value      the value, of the column's logical type's Java class
     */
    public record MisfitValue(String columnType, Object value) {
    }

    /** The writer under test; by default {@code engine().writer()}. */
    protected TargetWriter writer() {
        return engine().writer();
    }

    /** The reader that reads written rows back; by default {@code engine().reader()}. */
    protected SourceReader verificationReader() {
        return engine().reader();
    }

    /**
     * Values that the writer must refuse; by default, for every built-in engine, a number out of
     * its integer's range, text longer than its VARCHAR, a decimal with more digits after the point
     * than the scale (which would be rounded); for PostgreSQL also text with NUL, for MariaDB an
     * interval beyond TIME's range.
     */
    protected List<MisfitValue> misfitValues() {
        List<MisfitValue> common = List.of(new MisfitValue("VARCHAR(3)", "abcd"), new MisfitValue("SMALLINT", 40_000L),
                new MisfitValue("DECIMAL(12,2)", new BigDecimal("1.005")), new MisfitValue("INTEGER", 3_000_000_000L));
        List<MisfitValue> out = new ArrayList<>(common);
        switch (database().engine()) {
            case POSTGRESQL -> out.add(new MisfitValue("text", "nul\u0000inside"));
            case MARIADB, MYSQL -> {
                out.add(new MisfitValue("TINYINT UNSIGNED", -1L));
                out.add(new MisfitValue("TIME(6)", io.dmskit.schema.Interval.ofMicros(3_600_000_000L * 900)));
            }
            case H2 -> out.add(new MisfitValue("TINYINT", 128L));
        }
        return out;
    }

    @Test
    void writesEveryTypeWithItsEdgeValuesAndNulls() throws SQLException {
        TableRows rows = edgeRows(everyTypeTable(tableName("writer_types"), types()));
        create(rows.definition());
        write(rows, 3);
        assertTableHolds(rows);
    }

    @Test
    void writesInTheCallersTransaction() throws SQLException {
        TableRows rows = edgeRows(everyTypeTable(tableName("writer_tx"), types()));
        create(rows.definition());
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            Table table = catalogTable(c, rows.definition().name());
            try (BatchWriter w = writer().open(c, new WriteRequest(table, table.columns()))) {
                w.write(batchOf(rows.rows(), table.columns().size()));
                w.flush();
            }
            c.rollback();
        }
        assertEquals(0, count(rows.definition()), "rows in " + rows.definition().name()
                + " after the caller rolled back the transaction that the writer flushed into");
        write(rows, 100);
        assertEquals(rows.rows().size(), count(rows.definition()), "rows after flush and commit");
    }

    @Test
    void writesOnlyTheRequestedColumns() throws SQLException {
        TableRows all = edgeRows(everyTypeTable(tableName("writer_some"), types()));
        TableDefinition def = all.definition();
        create(def);
        List<Integer> chosen = new ArrayList<>(List.of(0));
        for (int i = 2; i < def.columns().size(); i += 2) {
            chosen.add(i);
        }
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            Table table = catalogTable(c, def.name());
            List<Column> columns = chosen.stream().map(i -> table.column(def.columns().get(i).name()).orElseThrow()).toList();
            List<List<Object>> values = all.rows().stream().map(r -> chosen.stream().map(r::get).toList()).toList();
            try (BatchWriter w = writer().open(c, new WriteRequest(table, columns))) {
                w.write(batchOf(values, columns.size()));
                w.flush();
            }
            c.commit();
        }
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> r : all.rows()) {
            List<Object> e = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                e.add(chosen.contains(i) ? r.get(i) : null);
            }
            expected.add(e);
        }
        assertTableHolds(new TableRows(def, expected));
    }

    @Test
    void writesManyBatchesThroughOneWriter() throws SQLException {
        TableDefinition def = everyTypeTable(tableName("writer_many"), List.of());
        create(def);
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 1; i <= 5_000; i++) {
            rows.add(List.of(i));
        }
        write(new TableRows(def, rows), 128);
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(" + def.quote("id") + "), MIN(" + def.quote("id") + "), MAX("
                     + def.quote("id") + ") FROM " + def.quote(def.name()))) {
            rs.next();
            assertEquals(5_000, rs.getLong(1), "rows");
            assertEquals(5_000L * 5_001 / 2, rs.getLong(2), "sum of the ids");
            assertEquals(1, rs.getLong(3), "smallest id");
            assertEquals(5_000, rs.getLong(4), "largest id");
        }
    }

    @Test
    void refusesAValueThatDoesNotFitWithAValueExceptionNamingRowAndColumn() throws SQLException {
        List<MisfitValue> misfits = misfitValues();
        Assumptions.assumeFalse(misfits.isEmpty(), "no misfit values for " + database().engine());
        List<String> problems = new ArrayList<>();
        for (MisfitValue m : misfits) {
            String name = tableName("writer_refuses");
            String q = TableDefinition.quote(database().engine(), name);
            database().execute("CREATE TABLE " + q + " (" + TableDefinition.quote(database().engine(), "id") + " BIGINT PRIMARY KEY, "
                    + TableDefinition.quote(database().engine(), "v") + " " + m.columnType() + ")");
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                Table table = catalogTable(c, name);
                List<Object> fits = new ArrayList<>();
                fits.add(1L);
                fits.add(null);
                List<Object> misfit = new ArrayList<>();
                misfit.add(2L);
                misfit.add(m.value());
                try (BatchWriter w = writer().open(c, new WriteRequest(table, table.columns()))) {
                    w.write(batchOf(List.of(fits, misfit), 2));
                    w.flush();
                    problems.add(m.columnType() + " took " + Values.show(m.value()) + " without a ValueException; it holds "
                            + stored(c, q));
                } catch (ValueException e) {
                    if (e.column() != 1) {
                        problems.add(m.columnType() + " " + Values.show(m.value()) + ": ValueException.column() is " + e.column()
                                + ", not 1 (v's index in the request): " + e.getMessage());
                    }
                    if (e.row() != 1 && e.row() != -1) {
                        problems.add(m.columnType() + " " + Values.show(m.value()) + ": ValueException.row() is " + e.row()
                                + ", not 1 (the row's index in the batch) or -1 (unknown): " + e.getMessage());
                    }
                } finally {
                    c.rollback();
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private String stored(Connection c, String quotedTable) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + quotedTable)) {
            while (rs.next()) {
                if (rs.getLong(1) == 2) {
                    return Values.show(rs.getObject(2));
                }
            }
            return "no row";
        } catch (SQLException e) {
            return "(cannot tell: " + e.getMessage() + ")";
        }
    }

    /** Creates the table (without rows). */
    protected void create(TableDefinition def) {
        database().execute(def.createStatements().toArray(String[]::new));
    }

    /** Writes the rows with the writer under test, in batches of the capacity, flushes and commits. */
    protected void write(TableRows rows, int capacity) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            Table table = catalogTable(c, rows.definition().name());
            try (BatchWriter w = writer().open(c, new WriteRequest(table, table.columns()))) {
                for (int from = 0; from < rows.rows().size(); from += capacity) {
                    w.write(batchOf(rows.rows().subList(from, Math.min(rows.rows().size(), from + capacity)), table.columns().size()));
                }
                w.flush();
            }
            c.commit();
        }
    }

    /** Reads the table back with {@link #verificationReader()} and compares every value with what was written. */
    protected void assertTableHolds(TableRows rows) throws SQLException {
        TableDefinition def = rows.definition();
        try (Connection c = connect()) {
            Table table = catalogTable(c, def.name());
            List<String> names = def.columns().stream().map(ColumnDefinition::name).toList();
            List<Object[]> read = readAll(verificationReader(), c, request(table, names, KeyRange.all()), 50);
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            assertEquals(rows.rows().size(), read.size(), "rows in " + def.name());
            Map<Object, Object[]> byId = new HashMap<>();
            for (Object[] r : read) {
                byId.put(r[0], r);
            }
            List<String> problems = new ArrayList<>();
            for (List<Object> expected : rows.rows()) {
                Object[] actual = byId.get(expected.get(0));
                if (actual == null) {
                    problems.add("row id=" + expected.get(0) + " is missing");
                    continue;
                }
                for (int i = 1; i < names.size(); i++) {
                    ColumnDefinition d = def.columns().get(i);
                    String p = Values.problem(table.column(d.name()).orElseThrow(), d.type().readBack(expected.get(i)), actual[i]);
                    if (p != null) {
                        problems.add("row id=" + expected.get(0) + ", column " + d.name() + " (" + d.type().ddl() + "): written "
                                + Values.show(expected.get(i)) + ", " + p);
                    }
                }
            }
            if (!problems.isEmpty()) {
                fail(problems.size() + " values in the table differ from the values written:\n  " + String.join("\n  ", problems));
            }
        }
    }

    private long count(TableDefinition def) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + def.quote(def.name()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static RowBatch batchOf(List<List<Object>> rows, int columns) {
        RowBatch b = new RowBatch(Math.max(1, rows.size()), columns);
        for (List<Object> r : rows) {
            Object[] row = b.addRow();
            for (int i = 0; i < columns; i++) {
                row[i] = r.get(i);
            }
        }
        return b;
    }
}
