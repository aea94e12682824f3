package io.dmskit.it.reliability;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.Secret;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.it.CdcWorkload;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full-load-and-CDC task in a JVM of its own is killed with SIGKILL at a seeded random moment
 * (during the full load, once a seeded share of 5 % to 60 % of the rows is in the target; during
 * the handoff from the load to CDC; or a seeded time into CDC) while a writer
 * keeps changing the source; the task is then started again in this JVM, and once it has caught
 * up the validator finds the target equal to the source. CI runs one seed per phase; the
 * {@code reliability} profile runs {@code dmskit.reliability.seeds} of them.
 *
 * <p>The forked task is {@code io.dmskit.it.CdcKillIT#main}, with the same settings as here.
 */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("fault: JVM killed (SIGKILL)")
class KillAtRandomIT {
    private static final int ROWS = 40_000;
    private static final int SEGMENT_ROWS = 2_000;

    enum Phase { FULL_LOAD, HANDOFF, CDC }

    static Stream<Object[]> cases() {
        return Stream.of(Phase.values()).flatMap(p -> Faults.seeds(p.ordinal() + 1).map(seed -> new Object[] {p, seed}));
    }

    @ParameterizedTest(name = "SIGKILL during {0}, seed {1}, PostgreSQL to PostgreSQL, writer running")
    @MethodSource("cases")
    void killedTaskRestartedEndsEqualToTheSource(Phase phase, long seed) throws Exception {
        // SplittableRandom mixes its seed: java.util.Random's first draws from neighbouring seeds (1001, 1002, ...) are
        // almost equal, which gave every seed of a case the same kill moment
        SplittableRandom r = new SplittableRandom(seed);
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             CdcWorkload writer = new CdcWorkload(source)) {
            writer.create(ROWS);
            String name = "kill-" + phase.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 6);
            String control = target.controlSchema();
            String segments = "SELECT count(*) FROM " + control + ".full_load_segments WHERE task_name = '" + name + "'";
            String applying = "SELECT count(*) FROM " + control + ".awsdms_txn_state WHERE task_name = '" + name
                    + "' AND phase = 'APPLYING'";
            try {
                writer.start(ROWS, seed);
                Process p = fork(source, target, name, name + ".log");
                long delay;
                String trigger;
                switch (phase) {
                    case FULL_LOAD -> {
                        // a seeded share of the rows, not a seeded time: the load's speed varies with the machine, and a
                        // wall-clock delay could land after the load's end. The share leaves the last 40 % of the load
                        // as a margin, and the target is watched over one open connection, so the kill comes in time
                        double share = 0.05 + 0.55 * r.nextDouble();
                        long rows = Math.round(ROWS * share);
                        delay = 0;
                        trigger = String.format(java.util.Locale.ROOT, "%.0f %% of the rows (%d) loaded", share * 100, rows);
                        try (Watch w = new Watch(target)) {
                            awaitAlive(p, () -> w.count("SELECT count(*) FROM public.items") >= rows, trigger, 10);
                        }
                    }
                    case HANDOFF -> {
                        delay = r.nextInt(400);
                        trigger = "the end of the full load";
                        awaitAlive(p, () -> count(target, applying) == 1 || count(target, segments) > 0
                                && count(target, segments + " AND state <> 'DONE'") == 0, trigger, 50);
                    }
                    default -> {
                        delay = 500 + r.nextInt(2_500);
                        trigger = "changes applied";
                        awaitAlive(p, () -> count(target, applying + " AND last_commit_time IS NOT NULL") == 1, trigger, 50);
                    }
                }
                Thread.sleep(delay);
                assertThat(p.isAlive()).as("the forked task is still running when it is to be killed").isTrue();
                p.destroyForcibly(); // SIGKILL
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                long loaded = count(target, segments + " AND state = 'DONE'");
                long total = count(target, segments);
                boolean wasApplying = count(target, applying) == 1;
                long rowsIn = count(target, "SELECT count(*) FROM public.items");
                if (phase == Phase.FULL_LOAD) {
                    assertThat(loaded).as("segments loaded when killed during the full load").isLessThan(total);
                }
                ReliabilityReport.note("killed " + delay + " ms after " + trigger + ", with " + loaded + " of " + total
                        + " segments (" + rowsIn + " rows) loaded" + (wasApplying ? ", applying changes" : ", before CDC applied"));

                TaskStatus end;
                try (TaskHandle h = task(source, target, name).start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(3)).state()).isEqualTo(TaskState.RUNNING);
                    Thread.sleep(500);
                    writer.stop();
                    writer.insertMarker();
                    CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(2));
                    end = h.stop();
                }
                assertThat(end.state()).as("%s", end.errors()).isEqualTo(TaskState.STOPPED);
                assertThat(target).isConsistentWith(source);
                ReliabilityReport.note("after restart the validator found the target equal to the source ("
                        + writer.committed.get() + " source transactions committed by the writer)");
            } finally {
                writer.close();
                task(source, target, name).deleteState();
            }
        }
    }

    static ReplicationTask task(TestDatabase source, TestDatabase target, String name) {
        return ReplicationTask.builder().name(name)
                .source(Endpoint.jdbc(source.jdbcUrl()).name("source").user(source.user()).password(Secret.of(source.password())).build())
                .target(Endpoint.jdbc(target.jdbcUrl()).name("target").user(target.user()).password(Secret.of(target.password())).build())
                .mapping(TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "public").build())
                .type(MigrationType.FULL_LOAD_AND_CDC)
                .settings(TaskSettings.builder().segmentRows(SEGMENT_ROWS).commitRate(500).maxParallelSegments(1)
                        .controlSchema(target.controlSchema()).applyBatchSize(50).build())
                .build();
    }

    /** Runs the same task as {@link #task} in a JVM of its own, through {@code CdcKillIT.main}. */
    static Process fork(TestDatabase source, TestDatabase target, String name, String log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "io.dmskit.it.CdcKillIT", source.jdbcUrl(), source.user(), source.password(), target.jdbcUrl(), target.user(),
                target.password(), name, MigrationType.FULL_LOAD_AND_CDC.name(), source.schema(), target.controlSchema());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File("target", log)).start();
    }

    private static void awaitAlive(Process p, java.util.function.BooleanSupplier condition, String what, long pollMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            if (!p.isAlive()) {
                throw new AssertionError("the forked task ended (exit " + p.exitValue() + ") while waiting for " + what);
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 180 s waiting for " + what);
            }
            Thread.sleep(pollMillis);
        }
    }

    /** Counts over one connection kept open, so that watching a fast load costs a query, not a connection, per look. */
    private static final class Watch implements AutoCloseable {
        private final TestDatabase db;
        private java.sql.Connection connection;

        Watch(TestDatabase db) {
            this.db = db;
        }

        /** The query's count, or -1 while it fails (the table not created yet); a failed connection is opened again. */
        long count(String sql) {
            try {
                if (connection == null) {
                    connection = db.connect();
                }
                try (java.sql.Statement st = connection.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (java.sql.SQLException e) {
                close();
                return -1;
            }
        }

        @Override
        public void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (java.sql.SQLException ignored) {
                    // only a watch
                }
                connection = null;
            }
        }
    }

    private static long count(TestDatabase db, String sql) {
        return Faults.count(db.jdbcUrl(), db.user(), db.password(), sql);
    }
}
