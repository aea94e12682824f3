package io.dmskit.cdc;

import io.dmskit.Endpoint;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeBatch;
import io.dmskit.spi.ChangeSource;
import io.dmskit.spi.ChangeSourceProvider;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.ChangeStateStorage;
import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures how fast a change source delivers a backlog of 100,000 changes (1,000 transactions of
 * 100 inserts) made while it was closed, and prints events per second; asserts only that every
 * change arrives, in order (no test asserts on time). State is kept in a file here.
 */
class CaptureThroughputIT {
    private static final int TRANSACTIONS = 1_000;
    private static final int ROWS = 100;

    @Test
    void postgresBacklogOf100kChanges() throws Exception {
        String url = System.getenv().getOrDefault("DMSKIT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        String schema = CdcTesting.unique("cdcbench");
        run(Endpoint.jdbc(url).build(), url, TableId.of(schema, "bench"),
                new String[] {"CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".bench (id int PRIMARY KEY, qty int, name varchar(40),"
                        + " price numeric(10,2), at timestamp)"},
                tx -> "INSERT INTO " + schema + ".bench SELECT g, g % 7, 'item ' || g, g * 0.01, timestamp '2024-01-01' + g * interval '1 second'"
                        + " FROM generate_series(" + (tx * ROWS + 1) + ", " + (tx + 1) * ROWS + ") g",
                "DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void mariadbBacklogOf100kChanges() throws Exception {
        String url = System.getenv().getOrDefault("DMSKIT_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root");
        String db = CdcTesting.unique("cdcbench");
        run(Endpoint.jdbc(url).build(), url, TableId.of(db, "bench"),
                new String[] {"CREATE DATABASE " + db, "CREATE TABLE " + db + ".bench (id int PRIMARY KEY, qty int, name varchar(40),"
                        + " price decimal(10,2), at datetime(6))"},
                tx -> "INSERT INTO " + db + ".bench SELECT seq, seq % 7, concat('item ', seq), seq * 0.01,"
                        + " timestamp '2024-01-01 00:00:00' + interval seq second FROM " + db + ".seq_" + (tx * ROWS + 1) + "_to_" + (tx + 1) * ROWS,
                "DROP DATABASE " + db);
    }

    private interface Statements {
        String insert(int tx);
    }

    private static void run(Endpoint source, String url, TableId table, String[] setup, Statements insert, String cleanup) throws Exception {
        Path state = Files.createTempFile("dmskit-cdc-bench", ".state");
        Files.delete(state);
        String task = CdcTesting.unique("bench");
        ChangeSourceProvider provider = ChangeSourceProvider.forEngine(source.engine());
        ChangeStateStorage storage = ChangeStateStorage.file(state);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : setup) {
                s.execute(sql);
            }
        }
        try {
            SourcePosition start;
            ChangeSourceRequest.Builder request = ChangeSourceRequest.builder().source(source).taskName(task).table(table)
                    .stateStorage(storage);
            try (ChangeSource changes = provider.open(request.startNow().build())) {
                start = changes.startPosition();
            }
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (int tx = 0; tx < TRANSACTIONS; tx++) {
                    s.execute(insert.insert(tx));
                    c.commit();
                }
            }
            int total = TRANSACTIONS * ROWS;
            long t0 = System.nanoTime();
            int seen = 0;
            long firstEvent = 0;
            SourcePosition previous = null;
            try (ChangeSource changes = provider.open(request.startAt(start).build())) {
                long opened = System.nanoTime();
                long deadline = opened + Duration.ofMinutes(2).toNanos();
                while (seen < total && System.nanoTime() < deadline) {
                    ChangeBatch b = changes.poll(Duration.ofSeconds(1));
                    if (!b.isEmpty() && firstEvent == 0) {
                        firstEvent = System.nanoTime();
                    }
                    if (!b.isEmpty()) {
                        assertThat(previous == null || b.events().get(0).position().isAfter(previous)).isTrue();
                        previous = b.position();
                    }
                    seen += CdcTesting.changes(b).size();
                    changes.acknowledge(b.position());
                }
                long end = System.nanoTime();
                System.out.printf("THROUGHPUT %s: %,d changes in %,d ms after open (%,d ms open) = %,.0f changes/s; from the first change %,.0f changes/s%n",
                        source.engine(), seen, (end - opened) / 1_000_000, (opened - t0) / 1_000_000,
                        seen / ((end - opened) / 1e9), seen / ((end - firstEvent) / 1e9));
            }
            assertThat(seen).isEqualTo(total);
        } finally {
            provider.deleteTaskState(source, task, storage);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute(cleanup);
            }
            Files.deleteIfExists(state);
        }
    }
}
