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
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full-load-and-CDC task in a JVM of its own is killed with SIGKILL at a seeded random moment
 * (during the full load, during the handoff from the load to CDC, or during CDC) while a writer
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
        Random r = new Random(seed);
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
                switch (phase) {
                    case FULL_LOAD -> {
                        int done = 1 + r.nextInt(ROWS / SEGMENT_ROWS - 5);
                        delay = r.nextInt(30);
                        awaitAlive(p, () -> count(target, segments + " AND state = 'DONE'") >= done, done + " segments loaded");
                    }
                    case HANDOFF -> {
                        delay = r.nextInt(400);
                        awaitAlive(p, () -> count(target, applying) == 1 || count(target, segments) > 0
                                && count(target, segments + " AND state <> 'DONE'") == 0, "the end of the full load");
                    }
                    default -> {
                        delay = 500 + r.nextInt(2_500);
                        awaitAlive(p, () -> count(target, applying + " AND last_commit_time IS NOT NULL") == 1, "changes applied");
                    }
                }
                Thread.sleep(delay);
                assertThat(p.isAlive()).as("the forked task is still running when it is to be killed").isTrue();
                p.destroyForcibly(); // SIGKILL
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                long loaded = count(target, segments + " AND state = 'DONE'");
                long total = count(target, segments);
                boolean wasApplying = count(target, applying) == 1;
                if (phase == Phase.FULL_LOAD) {
                    assertThat(loaded).as("segments loaded when killed during the full load").isLessThan(total);
                }
                ReliabilityReport.note("killed " + delay + " ms after the phase's trigger, with " + loaded + " of " + total
                        + " segments loaded" + (wasApplying ? ", applying changes" : ", before CDC applied"));

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

    private static void awaitAlive(Process p, java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Faults.await(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("the forked task ended (exit " + p.exitValue() + ") while waiting for " + what);
            }
            return condition.getAsBoolean();
        }, 180, what);
    }

    private static long count(TestDatabase db, String sql) {
        return Faults.count(db.jdbcUrl(), db.user(), db.password(), sql);
    }
}
