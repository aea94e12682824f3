package io.dmskit.it;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.Secret;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.schema.TableId;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task whose JVM is killed with SIGKILL (no shutdown hook, no rollback but the database's)
 * during the full load of a full-load-and-CDC task, and again while it applies changes, ends
 * with the target equal to the source once it runs again; and a CDC task killed in the middle of
 * the changes loses none and applies none twice (checked on a table without key, where a change
 * applied twice is a second row).
 */
class CdcKillIT {

    /** The task in a JVM of its own: runs until killed. Arguments: see {@link #fork}. */
    public static void main(String[] a) throws Exception {
        ReplicationTask task = task(a[0], a[1], a[2], a[3], a[4], a[5], a[6], MigrationType.valueOf(a[7]), a[8], a[9]);
        TaskHandle h = task.start();
        while (true) {
            TaskStatus s = h.awaitCompletion(Duration.ofSeconds(1));
            if (s.state().isFinal()) {
                System.err.println("task ended: " + s);
                System.exit(3);
            }
        }
    }

    private static ReplicationTask task(String srcUrl, String srcUser, String srcPw, String dstUrl, String dstUser, String dstPw,
                                        String name, MigrationType type, String sourceSchema, String controlSchema) {
        return ReplicationTask.builder().name(name)
                .source(Endpoint.jdbc(srcUrl).name("source").user(srcUser).password(Secret.of(srcPw)).build())
                .target(Endpoint.jdbc(dstUrl).name("target").user(dstUser).password(Secret.of(dstPw)).build())
                .mapping(TableMapping.builder().include(sourceSchema, "%").renameSchema(sourceSchema, "public").build())
                .type(type)
                .settings(TaskSettings.builder().segmentRows(2_000).commitRate(500).maxParallelSegments(1)
                        .controlSchema(controlSchema).applyBatchSize(50).build())
                .build();
    }

    private static ReplicationTask task(TestDatabase source, TestDatabase target, String name, MigrationType type) {
        return task(source.jdbcUrl(), source.user(), source.password(), target.jdbcUrl(), target.user(), target.password(), name,
                type, source.schema(), target.controlSchema());
    }

    private static Process fork(TestDatabase source, TestDatabase target, String name, MigrationType type, String log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                CdcKillIT.class.getName(), source.jdbcUrl(), source.user(), source.password(), target.jdbcUrl(), target.user(),
                target.password(), name, type.name(), source.schema(), target.controlSchema()));
        File out = new File("target", log);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
    }

    /** Kills the process with SIGKILL once the condition holds (fails after two minutes, or when the process ended by itself). */
    private static void killWhen(Process p, BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            assertThat(p.isAlive()).as("the forked task is alive while waiting for " + what).isTrue();
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static long count(TestDatabase db, String sql) {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1; // not there yet
        }
    }

    @Test
    void fullLoadAndCdcKilledDuringTheLoadAndDuringCdcEndsEqualToTheSource() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             CdcWorkload writer = new CdcWorkload(source)) {
            writer.create(30_000);
            String name = "cdc-kill-" + UUID.randomUUID().toString().substring(0, 8);
            String control = target.controlSchema();
            try {
                writer.start(30_000, 11);
                Process first = fork(source, target, name, MigrationType.FULL_LOAD_AND_CDC, name + "-1.log");
                killWhen(first, () -> count(target, "SELECT count(*) FROM " + control + ".full_load_segments WHERE task_name = '" + name
                        + "' AND state = 'DONE'") >= 3, "three segments loaded");
                assertThat(count(target, "SELECT count(*) FROM " + control + ".full_load_segments WHERE task_name = '" + name
                        + "' AND state <> 'DONE'")).as("segments not yet loaded when killed").isPositive();

                Process second = fork(source, target, name, MigrationType.FULL_LOAD_AND_CDC, name + "-2.log");
                long[] appliedAt = {0};
                killWhen(second, () -> {
                    if (count(target, "SELECT count(*) FROM " + control + ".awsdms_txn_state WHERE task_name = '" + name
                            + "' AND phase = 'APPLYING' AND last_commit_time IS NOT NULL") == 0) {
                        return false;
                    }
                    if (appliedAt[0] == 0) {
                        appliedAt[0] = System.nanoTime();
                    }
                    return System.nanoTime() - appliedAt[0] > 1_500_000_000L;
                }, "changes applied for a while");

                try (TaskHandle h = task(source, target, name, MigrationType.FULL_LOAD_AND_CDC).start()) {
                    h.awaitFullLoad(Duration.ofMinutes(2));
                    Thread.sleep(1_000);
                    writer.stop();
                    writer.insertMarker();
                    CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(2));
                    TaskStatus s = h.stop();
                    assertThat(s.state()).as("%s", s.errors()).isEqualTo(TaskState.STOPPED);
                }
                Map<String, Object[]> expected = Fixtures.rows(Fixtures.endpoint(source, "s"), source, TableId.of("public", "items"), List.of("id"));
                Map<String, Object[]> actual = Fixtures.rows(Fixtures.endpoint(target, "t"), target, TableId.of("public", "items"), List.of("id"));
                Fixtures.assertSameRows(expected, actual, List.of("id", "name", "qty", "price", "note", "updated"));
            } finally {
                writer.close();
                task(source, target, name, MigrationType.FULL_LOAD_AND_CDC).deleteState();
            }
        }
    }

    @Test
    void cdcKilledInTheMiddleOfTheChangesAppliesEachExactlyOnce() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE log (seq bigint NOT NULL, v varchar(20))", "ALTER TABLE log REPLICA IDENTITY FULL",
                    "CREATE TABLE items (id bigint PRIMARY KEY, v int)");
            String name = "cdc-kill-" + UUID.randomUUID().toString().substring(0, 8);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong inserted = new AtomicLong();
            Thread writer = new Thread(() -> {
                try (Connection c = source.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO log VALUES (?, ?)")) {
                    c.setAutoCommit(false);
                    for (long seq = 1; running.get(); seq++) {
                        for (int i = 0; i < 3; i++) {
                            ps.setLong(1, seq);
                            ps.setString(2, "v" + i);
                            ps.executeUpdate();
                        }
                        c.commit();
                        inserted.addAndGet(3);
                        Thread.sleep(1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                Process p = fork(source, target, name, MigrationType.CDC, name + ".log");
                // the position is stored once capture runs: from then on, every change committed is captured
                killWhen(p, () -> {
                    if (!writer.isAlive() && count(target, "SELECT count(*) FROM " + target.controlSchema()
                            + ".awsdms_txn_state WHERE task_name = '" + name + "'") == 1) {
                        writer.start();
                    }
                    return count(target, "SELECT count(*) FROM public.log") > 3_000;
                }, "3,000 rows applied");
                try (TaskHandle h = task(source, target, name, MigrationType.CDC).start()) {
                    h.awaitFullLoad(Duration.ofMinutes(2));
                    Thread.sleep(1_000);
                    running.set(false);
                    writer.join(30_000);
                    source.execute("INSERT INTO items VALUES (0, 0)");
                    CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(2));
                    assertThat(h.stop().errors()).isEmpty();
                }
                assertThat(count(target, "SELECT count(*) FROM public.log")).isEqualTo(inserted.get());
                assertThat(count(target, "SELECT count(*) FROM (SELECT seq, v FROM public.log GROUP BY seq, v HAVING count(*) > 1) d"))
                        .as("rows applied twice").isZero();
                assertThat(count(target, "SELECT count(DISTINCT seq) FROM public.log")).isEqualTo(inserted.get() / 3);
            } finally {
                running.set(false);
                writer.join(30_000);
                task(source, target, name, MigrationType.CDC).deleteState();
            }
        }
    }
}
