package io.dmskit.it;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableStatistics;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.schema.TableId;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CDC task stopped in the middle of a stream of changes and started again, with more changes
 * made while it was stopped, loses none and applies none twice: besides a keyed table, a table
 * without key (applied by whole rows, so that an insert applied twice would be a second row)
 * ends with exactly the source's rows, and its inserts counted over both runs are exactly those
 * the source committed.
 */
class CdcRestartIT {

    @Test
    void postgresTaskStoppedAndStartedAgainLosesAndRepeatsNoChange() throws Exception {
        run(Engine.POSTGRESQL);
    }

    @Test
    void mariaDbTaskStoppedAndStartedAgainLosesAndRepeatsNoChange() throws Exception {
        run(Engine.MARIADB);
    }

    private void run(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id bigint PRIMARY KEY, v int, note varchar(100))",
                    "CREATE TABLE log (seq bigint NOT NULL, v varchar(20))");
            if (engine == Engine.POSTGRESQL) {
                source.execute("ALTER TABLE log REPLICA IDENTITY FULL");
            }
            ReplicationTask task = ReplicationTask.builder().name("cdc-restart-" + UUID.randomUUID().toString().substring(0, 8))
                    .source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                    .mapping(CdcFullLoadAndCdcIT.mapping(source)).type(MigrationType.CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).applyBatchSize(64).build()).build();
            Writer writer = new Writer(source);
            try {
                TaskStatus first;
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(1)).state()).isEqualTo(TaskState.RUNNING);
                    writer.start();
                    Thread.sleep(2_000);
                    first = h.stop();
                }
                assertThat(first.state()).as("%s", first.errors()).isEqualTo(TaskState.STOPPED);
                assertThat(first.changesApplied()).as("changes applied before the stop").isPositive();
                Thread.sleep(1_500); // changes made while the task is stopped wait in the source's log

                TaskStatus second;
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(1)).state()).isEqualTo(TaskState.RUNNING);
                    Thread.sleep(1_500);
                    writer.stop();
                    source.execute("INSERT INTO items (id, v) VALUES (0, 0)");
                    CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(1));
                    second = h.stop();
                }
                assertThat(second.errors()).isEmpty();
                assertThat(log(first).inserts() + log(second).inserts()).as("inserts into the table without key, applied over both runs")
                        .isEqualTo(writer.logInserts.get());
                assertThat(log(first).deletes() + log(second).deletes()).isEqualTo(writer.logDeletes.get());

                Map<String, Object[]> expected = Fixtures.rows(Fixtures.endpoint(source, "source"), source,
                        TableId.of(source.schema(), "items"), List.of("id"));
                Map<String, Object[]> actual = Fixtures.rows(Fixtures.endpoint(target, "target"), target,
                        TableId.of("public", "items"), List.of("id"));
                Fixtures.assertSameRows(expected, actual, List.of("id", "v", "note"));
                assertThat(lines(target, "SELECT seq, v FROM public.log ORDER BY seq, v"))
                        .isEqualTo(lines(source, "SELECT seq, v FROM log ORDER BY seq, v"));
            } finally {
                writer.close();
                task.deleteState();
            }
        }
    }

    private static TableStatistics log(TaskStatus s) {
        return s.tables().stream().filter(t -> t.source().name().equals("log")).findFirst().orElseThrow();
    }

    private static List<String> lines(TestDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1) + "|" + rs.getString(2));
            }
        }
        return out;
    }

    /** Inserts into {@code log} (and deletes some of its rows again) and changes {@code items}, a transaction at a time. */
    private static final class Writer implements AutoCloseable {
        private final TestDatabase db;
        private final AtomicBoolean running = new AtomicBoolean();
        final AtomicLong logInserts = new AtomicLong();
        final AtomicLong logDeletes = new AtomicLong();
        private Thread thread;
        private volatile Throwable failure;

        Writer(TestDatabase db) {
            this.db = db;
        }

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                try (Connection c = db.connect()) {
                    write(c);
                } catch (Throwable t) {
                    failure = t;
                }
            }, "cdc-restart-writer");
            thread.start();
        }

        private void write(Connection c) throws SQLException {
            c.setAutoCommit(false);
            Random r = new Random(7);
            boolean postgres = db.engine() == Engine.POSTGRESQL;
            try (PreparedStatement log = c.prepareStatement("INSERT INTO log VALUES (?, ?)");
                 PreparedStatement unlog = c.prepareStatement("DELETE FROM log WHERE seq = ?");
                 PreparedStatement upsert = c.prepareStatement(postgres
                         ? "INSERT INTO items VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET v = items.v + 1, note = EXCLUDED.note"
                         : "INSERT INTO items VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE v = v + 1, note = VALUES(note)");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
                for (long seq = 1; running.get(); seq++) {
                    log.setLong(1, seq);
                    log.setString(2, "v" + r.nextInt(3));
                    log.executeUpdate();
                    long deleted = 0;
                    if (seq % 10 == 0) {
                        unlog.setLong(1, seq - 5);
                        deleted = unlog.executeUpdate();
                    }
                    long id = 1 + r.nextInt(200);
                    if (r.nextInt(4) == 0) {
                        delete.setLong(1, id);
                        delete.executeUpdate();
                    } else {
                        upsert.setLong(1, id);
                        upsert.setInt(2, r.nextInt(1000));
                        upsert.setString(3, "note " + seq);
                        upsert.executeUpdate();
                    }
                    c.commit();
                    logInserts.incrementAndGet();
                    logDeletes.addAndGet(deleted);
                    if (seq % 20 == 0) {
                        Thread.sleep(2);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
            if (failure != null) {
                throw new AssertionError("the writer failed", failure);
            }
        }

        @Override
        public void close() {
            running.set(false);
        }
    }
}
