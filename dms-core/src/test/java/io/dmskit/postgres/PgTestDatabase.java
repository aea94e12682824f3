package io.dmskit.postgres;

import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The local PostgreSQL of the integration tests ({@code DMSKIT_TEST_POSTGRES_URL}, else the
 * default local server), with a schema of the test's own that it drops afterwards: other tests
 * use the same server at the same time.
 */
final class PgTestDatabase implements AutoCloseable {

    static final String URL = System.getenv().getOrDefault("DMSKIT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    final String schema;
    final Dialect dialect = new PostgresEngine().dialect();

    PgTestDatabase(String prefix) throws SQLException {
        this.schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + dialect.quote(schema));
        }
    }

    /** A connection with the engine's session settings, auto-commit off. */
    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(URL);
        try (Statement s = c.createStatement()) {
            for (String sql : new PostgresEngine().sessionInitStatements()) {
                s.execute(sql);
            }
        }
        c.setAutoCommit(false);
        return c;
    }

    void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
            c.commit();
        }
    }

    long count(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM " + dialect.qualify(TableId.of(schema, table)))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String qualified(String table) {
        return dialect.qualify(TableId.of(schema, table));
    }

    static Table table(TableId id, List<Column> columns, String primaryKey) {
        return new Table(id, columns, List.of(primaryKey), List.of(), -1);
    }

    /** Every row of a read, each a copy of the batch's row array. */
    static List<Object[]> read(Connection c, Table table, KeyRange range) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        RowBatch batch = new RowBatch(64, table.columns().size());
        try (RowReader reader = new PostgresSourceReader(new PostgresEngine().dialect())
                .open(c, new ReadRequest(table, table.columns(), range, 100))) {
            boolean more;
            do {
                more = reader.next(batch);
                for (int i = 0; i < batch.size(); i++) {
                    rows.add(batch.row(i).clone());
                }
                batch.clear();
            } while (more);
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + dialect.quote(schema) + " CASCADE");
        }
    }
}
