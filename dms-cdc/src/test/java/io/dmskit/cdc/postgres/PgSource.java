package io.dmskit.cdc.postgres;

import io.dmskit.Endpoint;
import io.dmskit.cdc.CdcTesting;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeSource;
import io.dmskit.spi.ChangeSourceProvider;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.ChangeStateStorage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL of the integration tests ({@code DMSKIT_TEST_POSTGRES_URL}, else the local
 * server) with a schema of the test's own for the captured tables and another for the state
 * tables; {@link #close()} drops both and every task's replication slot and publication, since
 * a leftover slot keeps WAL forever.
 */
final class PgSource implements AutoCloseable {
    static final String URL = System.getenv().getOrDefault("DMSKIT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    final Endpoint endpoint = Endpoint.jdbc(URL).name("pg-source").build();
    final String schema = CdcTesting.unique("cdc");
    final String stateSchema = CdcTesting.unique("cdcstate");
    final ChangeStateStorage storage = ChangeStateStorage.jdbc(endpoint, stateSchema);
    final ChangeSourceProvider provider = ChangeSourceProvider.forEngine("postgresql");
    private final List<String> tasks = new ArrayList<>();

    PgSource() throws SQLException {
        execute("CREATE SCHEMA " + schema);
    }

    TableId table(String name) {
        return TableId.of(schema, name);
    }

    String task(String prefix) {
        String t = CdcTesting.unique(prefix);
        tasks.add(t);
        return t;
    }

    ChangeSourceRequest.Builder request(String task, String... tables) {
        ChangeSourceRequest.Builder b = ChangeSourceRequest.builder().source(endpoint).taskName(task).stateStorage(storage);
        for (String t : tables) {
            b.table(table(t));
        }
        return b;
    }

    ChangeSource open(ChangeSourceRequest.Builder request) {
        return provider.open(request.build());
    }

    void execute(String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String q : sql) {
                s.execute(q.replace("$s", schema));
            }
            c.commit();
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
             var rs = s.executeQuery(sql.replace("$s", schema))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The replication slots of this source's tasks that exist. */
    List<String> leftoverSlots() throws SQLException {
        List<String> out = new ArrayList<>();
        for (String t : tasks) {
            String slot = PostgresChangeSourceProvider.slotName(t);
            if (count("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'") > 0) {
                out.add(slot);
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        for (String t : tasks) {
            provider.deleteTaskState(endpoint, t, storage);
        }
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + stateSchema + " CASCADE");
        }
    }
}
