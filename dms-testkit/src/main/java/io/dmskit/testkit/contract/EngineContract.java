package io.dmskit.testkit.contract;

import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.spi.SourceReader;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import io.dmskit.testkit.data.ColumnDefinition;
import io.dmskit.testkit.data.SqlType;
import io.dmskit.testkit.data.SqlTypes;
import io.dmskit.testkit.data.TableDefinition;
import io.dmskit.testkit.data.TableRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link SourceReaderContract} and {@link TargetWriterContract} share: one database for the
 * whole suite (created before the first test, dropped after the last; every test makes tables of
 * its own names in it), connections set up as the engine provider says, and tables of every
 * column type of the engine with their edge values. Tests of a suite run one at a time on one
 * instance ({@link TestInstance.Lifecycle#PER_CLASS}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineContract {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private TestDatabase database;

    /**
     * A fresh database for this suite, for example {@code TestDatabase.create(Engine.POSTGRESQL)};
     * called once, before the first test. The suite closes it after the last.
     */
    protected abstract TestDatabase createDatabase();

    /**
     * The engine under test: its dialect reads the catalog of the tables that the suite creates,
     * its driver properties and session statements set up every connection, and its reader and
     * writer are the default subjects.
     */
    protected abstract EngineProvider engine();

    /**
     * The column types that the suite creates tables of, with the values it writes and reads.
     * By default every type that {@link SqlTypes#of} lists for the database's engine; override to
     * test an engine that the testkit does not catalogue, or to leave out a type with a reason.
     */
    protected List<SqlType> types() {
        return SqlTypes.of(database().engine());
    }

    @BeforeAll
    void createSuiteDatabase() {
        database = createDatabase();
    }

    @AfterAll
    void dropSuiteDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /** The suite's database. */
    protected final TestDatabase database() {
        if (database == null) {
            throw new IllegalStateException("the suite's database is made before the first test (@BeforeAll)");
        }
        return database;
    }

    /**
     * A new connection to the suite's database, with the engine provider's driver properties and
     * session statements, auto-commit on. The caller closes it.
     */
    protected Connection connect() throws SQLException {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : engine().driverProperties().entrySet()) {
            p.setProperty(e.getKey(), e.getValue());
        }
        p.setProperty("user", database().user());
        p.setProperty("password", database().password());
        Connection c = DriverManager.getConnection(database().jdbcUrl(), p);
        try (Statement s = c.createStatement()) {
            for (String sql : engine().sessionInitStatements()) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A table name not used before in this JVM, starting with the prefix. */
    protected static String tableName(String prefix) {
        return prefix + "_" + TABLES.incrementAndGet();
    }

    /**
     * A table with a BIGINT key {@code id} and one nullable column per type ({@code c0}, {@code c1},
     * ...), in the order of the types.
     */
    protected TableDefinition everyTypeTable(String name, List<SqlType> types) {
        Engine engine = database().engine();
        SqlType bigint = SqlTypes.of(engine).stream().filter(t -> t.ddl().equalsIgnoreCase("bigint")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no BIGINT in the types of " + engine));
        List<ColumnDefinition> columns = new ArrayList<>();
        columns.add(new ColumnDefinition("id", bigint, false));
        for (int i = 0; i < types.size(); i++) {
            columns.add(new ColumnDefinition("c" + i, types.get(i), true));
        }
        return new TableDefinition(engine, name, columns, List.of("id"));
    }

    /**
     * Rows for {@link #everyTypeTable}: row r (id r+1) holds each column's edge value r, cycling
     * through them, until every edge value of every type was used; then a row of NULLs.
     */
    protected static TableRows edgeRows(TableDefinition table) {
        int rows = 0;
        for (ColumnDefinition c : table.columns().subList(1, table.columns().size())) {
            rows = Math.max(rows, c.type().domain().edgeValues().size());
        }
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<Object> row = new ArrayList<>();
            row.add((long) r + 1);
            for (ColumnDefinition c : table.columns().subList(1, table.columns().size())) {
                List<Object> edges = c.type().domain().edgeValues();
                row.add(edges.get(r % edges.size()));
            }
            out.add(row);
        }
        List<Object> nulls = new ArrayList<>();
        nulls.add((long) rows + 1);
        for (int i = 1; i < table.columns().size(); i++) {
            nulls.add(null);
        }
        out.add(nulls);
        return new TableRows(table, out);
    }

    /** The table as the engine's dialect reads it from the catalog. */
    protected Table catalogTable(Connection c, String name) throws SQLException {
        TableId id = TableId.of(database().schema(), name);
        Table t = engine().dialect().readCatalog(c, id::equals).table(id).orElse(null);
        if (t == null) {
            throw new AssertionError("the dialect of " + engine().engine() + " does not find table " + id + " that the suite created");
        }
        return t;
    }

    /** Every row of a key range of a table, read with a reader in batches of the capacity; asserts the end-of-input rules. */
    protected static List<Object[]> readAll(SourceReader reader, Connection c, ReadRequest request, int capacity)
            throws SQLException {
        List<Object[]> out = new ArrayList<>();
        RowBatch batch = new RowBatch(capacity, request.columns().size());
        try (RowReader r = reader.open(c, request)) {
            boolean more = true;
            int calls = 0;
            while (more) {
                more = r.next(batch);
                if (more && batch.isEmpty()) {
                    throw new AssertionError("next() returned true (more rows) but added no row to an empty batch of "
                            + request.table().id() + "; end of input must be the explicit false, never an empty batch");
                }
                for (int i = 0; i < batch.size(); i++) {
                    out.add(batch.row(i).clone());
                }
                batch.clear();
                if (++calls > 1_000_000) {
                    throw new AssertionError("next() never returned false on " + request.table().id());
                }
            }
        }
        return out;
    }

    /** A read request of every row of the table's given columns. */
    protected static ReadRequest request(Table table, List<String> columns, KeyRange range) {
        return new ReadRequest(table, columns.stream().map(n -> table.column(n).orElseThrow()).toList(), range, 100);
    }
}
