package io.dmskit.it.reliability;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TableStatistics;
import io.dmskit.TaskHandle;
import io.dmskit.TaskListener;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.ValidationReport;
import io.dmskit.Validator;
import io.dmskit.it.CdcWorkload;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import io.dmskit.testkit.internal.EmbeddedPostgresServer;
import io.dmskit.testkit.internal.InstalledMariaDbServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target database restarted in the middle of a full load and of CDC, and the source restarted
 * during CDC: the task retries with backoff, continues, and ends with the target equal to the
 * source. The restarted server is a private embedded PostgreSQL started by the test (the shared
 * servers are never restarted); the other side is a shared test database.
 */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("fault: server restarted")
class ServerRestartIT {

    private static Endpoint privateEndpoint(EmbeddedPostgresServer.Private pg, String name) {
        return Endpoint.jdbc(pg.url("postgres")).name(name).user("postgres").build();
    }

    private static TaskSettings.Builder settings() {
        return TaskSettings.builder().controlSchema("dmskit").maxRetries(10).retryBackoff(Duration.ofMillis(200));
    }

    private static void assertConsistent(Endpoint source, Endpoint target, TableMapping mapping) {
        ValidationReport report = Validator.builder().source(source).target(target).mapping(mapping).build().validate();
        assertThat(report.consistent()).as("%s", report).isTrue();
        ReliabilityReport.note("validator: " + report.tables().size() + " table(s) equal, "
                + report.tables().stream().mapToLong(ValidationReport.TableValidation::rowsCompared).sum() + " rows compared");
    }

    @Test
    @DisplayName("target PostgreSQL restarted in the middle of a full load, MariaDB to PostgreSQL, 150,000 rows")
    void targetRestartedDuringFullLoadTaskRetriesAndCompletes() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB);
             EmbeddedPostgresServer.Private pg = EmbeddedPostgresServer.startPrivate(Map.of(), null)) {
            source.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, v VARCHAR(40) NOT NULL, n INT)",
                    "INSERT INTO items SELECT seq, CONCAT('item-', seq), seq % 97 FROM seq_1_to_150000", "ANALYZE TABLE items");
            TableMapping mapping = TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "public").build();
            Endpoint target = privateEndpoint(pg, "target");
            CountDownLatch loading = new CountDownLatch(1);
            ReplicationTask task = ReplicationTask.builder().name("restart-load").source(source.endpoint("source")).target(target)
                    .mapping(mapping).settings(settings().segmentRows(10_000).commitRate(2_000).maxParallelSegments(2).build())
                    .listener(new TaskListener() {
                        @Override
                        public void rowsCommitted(TableStatistics table) {
                            if (table.rowsLoaded() >= 20_000) {
                                loading.countDown();
                            }
                        }
                    }).build();
            TaskStatus done;
            try (TaskHandle h = task.start()) {
                assertThat(loading.await(2, TimeUnit.MINUTES)).isTrue();
                long before = h.status().rowsLoaded();
                pg.restart();
                ReliabilityReport.note("target restarted after " + before + " rows were loaded");
                done = h.awaitCompletion(Duration.ofMinutes(5));
            }
            assertThat(done.state()).as("%s", done.errors()).isEqualTo(TaskState.COMPLETED);
            ReliabilityReport.note("task COMPLETED");
            assertConsistent(source.endpoint("source"), target, mapping);
            task.deleteState();
        }
    }

    /**
     * While the target is down, both the applier and the change reader's offset store (in the
     * target's control schema) retry with backoff; the task goes on once the target is back.
     */
    @Test
    @DisplayName("target PostgreSQL restarted during CDC, PostgreSQL to PostgreSQL, writer running")
    void targetRestartedDuringCdcTaskRetriesAndCatchesUp() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); CdcWorkload writer = new CdcWorkload(source);
             EmbeddedPostgresServer.Private pg = EmbeddedPostgresServer.startPrivate(Map.of(), null)) {
            writer.create(5_000);
            TableMapping mapping = TableMapping.builder().include("public", "%").build();
            Endpoint target = privateEndpoint(pg, "target");
            ReplicationTask task = ReplicationTask.builder().name("restart-cdc-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(target).mapping(mapping).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(settings().applyBatchSize(100).build()).build();
            try {
                TaskStatus end;
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                    writer.start(5_000, 41);
                    Thread.sleep(2_000);
                    long before = h.status().changesApplied();
                    pg.restart();
                    Thread.sleep(2_000);
                    writer.stop();
                    writer.insertMarker();
                    awaitMarker(target, Duration.ofMinutes(2));
                    end = h.stop();
                    ReliabilityReport.note("target restarted after " + before + " changes applied; " + end.changesApplied()
                            + " applied in all");
                }
                assertThat(end.state()).as("%s", end.errors()).isEqualTo(TaskState.STOPPED);
                assertConsistent(source.endpoint("source"), target, mapping);
            } finally {
                task.deleteState();
            }
        }
    }

    @Test
    @DisplayName("source PostgreSQL restarted during CDC, PostgreSQL to PostgreSQL, writer running")
    void sourceRestartedDuringCdcChangeReaderReconnectsAndContinues() throws Exception {
        try (TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             EmbeddedPostgresServer.Private pg = EmbeddedPostgresServer.startPrivate(Map.of(), null)) {
            Endpoint source = privateEndpoint(pg, "source");
            try (Connection c = DriverManager.getConnection(pg.url("postgres"), "postgres", "")) {
                c.createStatement().execute("CREATE TABLE items (id bigint PRIMARY KEY, v int, note text)");
                c.createStatement().execute("INSERT INTO items SELECT g, g, 'n' || g FROM generate_series(1, 2000) g");
            }
            TableMapping mapping = TableMapping.builder().include("public", "%").build();
            ReplicationTask task = ReplicationTask.builder().name("restart-src-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source).target(target.endpoint("target")).mapping(mapping).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(settings().controlSchema(target.controlSchema()).applyBatchSize(100).build()).build();
            ResilientWriter writer = new ResilientWriter(pg.url("postgres"));
            try {
                TaskStatus end;
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                    writer.start();
                    Thread.sleep(2_000);
                    long before = h.status().changesApplied();
                    pg.restart();
                    Thread.sleep(3_000);
                    writer.stop();
                    try (Connection c = DriverManager.getConnection(pg.url("postgres"), "postgres", "")) {
                        c.createStatement().execute("INSERT INTO items VALUES (0, 0, 'end')");
                    }
                    awaitMarker(target.endpoint(), Duration.ofMinutes(3));
                    end = h.stop();
                    ReliabilityReport.note("source restarted after " + before + " changes applied; " + writer.committed.get()
                            + " writer transactions committed, " + writer.failures.get() + " failed while the source was down");
                }
                assertThat(end.state()).as("%s", end.errors()).isEqualTo(TaskState.STOPPED);
                assertConsistent(source, target.endpoint("target"), mapping);
            } finally {
                writer.stop();
                task.deleteState();
            }
        }
    }

    /** Waits for the row with id 0 in the target's public.items. */
    private static void awaitMarker(Endpoint target, Duration timeout) throws InterruptedException {
        Faults.await(() -> Faults.count(target.jdbcUrl(), target.user(), target.password().reveal(),
                "SELECT count(*) FROM public.items WHERE id = 0") == 1, timeout.toSeconds(), "the marker row in the target");
    }

    /** Upserts and deletes rows of items; reconnects after a failure (the source restarting), counting what committed. */
    static final class ResilientWriter {
        private final String url;
        private final AtomicBoolean running = new AtomicBoolean();
        final AtomicLong committed = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        private Thread thread;

        ResilientWriter(String url) {
            this.url = url;
        }

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                Random r = new Random(5);
                while (running.get()) {
                    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                        c.setAutoCommit(false);
                        PreparedStatement up = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE "
                                + "SET v = items.v + 1, note = EXCLUDED.note");
                        PreparedStatement del = c.prepareStatement("DELETE FROM items WHERE id = ?");
                        while (running.get()) {
                            long id = 1 + r.nextInt(3_000);
                            if (r.nextInt(5) == 0) {
                                del.setLong(1, id);
                                del.executeUpdate();
                            } else {
                                up.setLong(1, id);
                                up.setInt(2, r.nextInt(1000));
                                up.setString(3, "w" + r.nextInt(1_000_000));
                                up.executeUpdate();
                            }
                            c.commit();
                            committed.incrementAndGet();
                            Thread.sleep(1);
                        }
                    } catch (SQLException e) {
                        failures.incrementAndGet();
                        sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "resilient-writer");
            thread.start();
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(30_000);
            }
        }
    }

    /**
     * A segment cut off by the restart is retried on fresh connections (the source connection of
     * the failed segment, its COPY cut off mid-stream, is discarded, not reused).
     */
    @Test
    @DisplayName("target MariaDB restarted in the middle of a full load and again during CDC, PostgreSQL to MariaDB, writer running")
    void mariaDbTargetRestartedDuringLoadAndCdcTaskRetriesAndCatchesUp() throws Exception {
        InstalledMariaDbServer.Installation inst = InstalledMariaDbServer.find(System::getenv);
        org.junit.jupiter.api.Assumptions.assumeTrue(inst.found(), "an installed mariadbd is needed: " + inst.lookedAt());
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); CdcWorkload writer = new CdcWorkload(source);
             InstalledMariaDbServer.Private maria = InstalledMariaDbServer.startPrivate(inst)) {
            writer.create(60_000);
            try (Connection c = DriverManager.getConnection(maria.url("mysql"), "root", "")) {
                c.createStatement().execute("CREATE DATABASE shop");
            }
            TableMapping mapping = TableMapping.builder().include("public", "%").renameSchema("public", "shop").build();
            Endpoint target = Endpoint.jdbc(maria.url("shop")).name("target").user("root").build();
            CountDownLatch loading = new CountDownLatch(1);
            ReplicationTask task = ReplicationTask.builder().name("restart-maria-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(target).mapping(mapping).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(settings().controlSchema("shop").segmentRows(5_000).commitRate(1_000).maxParallelSegments(2)
                            .applyBatchSize(100).build())
                    .listener(new TaskListener() {
                        @Override
                        public void rowsCommitted(TableStatistics table) {
                            if (table.rowsLoaded() >= 10_000) {
                                loading.countDown();
                            }
                        }
                    }).build();
            try {
                TaskStatus end;
                try (TaskHandle h = task.start()) {
                    writer.start(60_000, 43);
                    assertThat(loading.await(2, TimeUnit.MINUTES)).isTrue();
                    long loaded = h.status().rowsLoaded();
                    maria.restart();
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(3)).state()).as("%s", h.status().errors()).isEqualTo(TaskState.RUNNING);
                    Thread.sleep(2_000);
                    long applied = h.status().changesApplied();
                    maria.restart();
                    Thread.sleep(2_000);
                    writer.stop();
                    writer.insertMarker();
                    Faults.await(() -> Faults.count(target.jdbcUrl(), "root", "", "SELECT count(*) FROM items WHERE id = 0") == 1, 180,
                            "the marker row in the target");
                    end = h.stop();
                    ReliabilityReport.note("target restarted after " + loaded + " rows loaded and again after " + applied
                            + " changes applied; " + end.changesApplied() + " changes applied in all");
                }
                assertThat(end.state()).as("%s", end.errors()).isEqualTo(TaskState.STOPPED);
                assertConsistent(source.endpoint("source"), target, mapping);
            } finally {
                writer.close();
                task.deleteState();
            }
        }
    }
}
