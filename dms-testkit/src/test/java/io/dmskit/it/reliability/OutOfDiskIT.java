package io.dmskit.it.reliability;

import io.dmskit.ReplicationTask;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real out-of-disk condition on the target: the target table lives in a PostgreSQL tablespace on
 * a small tmpfs that the test mounts, and the source holds more than fits. The task must stop with
 * an error that names the task, the table, the disk-full cause (SQLSTATE 53100) and what to do; once
 * the filesystem is made bigger, the same task started again resumes (the segments already loaded
 * are not loaded again) and the validator finds the target equal to the source.
 *
 * <p>Needs root (to mount) and the PostgreSQL test server on this machine (the tablespace directory
 * must be the server's); otherwise the test is skipped, saying why. The tablespace and the mount are
 * removed at the end whatever happens.
 */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("fault: target refuses")
class OutOfDiskIT {
    private static final int ROWS = 60_000;

    @Test
    @DisplayName("target disk full (a PostgreSQL tablespace on a 6 MB tmpfs, ~20 MB to load) during a full load, PostgreSQL to PostgreSQL")
    void fullDiskStopsTheTaskWithAClearErrorAndTheTaskResumesOnceThereIsRoom() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small filesystem needs root; running as "
                + System.getProperty("user.name"));
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            assumeTrue(target.jdbcUrl().matches("jdbc:postgresql://(127\\.0\\.0\\.1|localhost)(:\\d+)?/.*"),
                    "the target PostgreSQL must run on this machine to put a tablespace on a local filesystem: " + target.jdbcUrl());
            Path mount = Path.of("/tmp", "dmskit-disk-" + UUID.randomUUID().toString().substring(0, 8));
            Files.createDirectories(mount);
            String tablespace = "dmskit_full_" + UUID.randomUUID().toString().substring(0, 8);
            boolean mounted = false;
            boolean created = false;
            try {
                Result m = sh("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount.toString());
                assumeTrue(m.exit == 0, "mount -t tmpfs failed (" + m.output.strip() + "); a real full disk cannot be made here");
                mounted = true;
                Result own = sh("chown", "postgres:postgres", mount.toString());
                assumeTrue(own.exit == 0, "chown postgres failed (" + own.output.strip() + "); the PostgreSQL server's OS user is not postgres");
                try (Connection c = target.connect(); Statement st = c.createStatement()) {
                    st.execute("CREATE TABLESPACE " + tablespace + " LOCATION '" + mount + "'");
                    created = true;
                } catch (SQLException e) {
                    assumeTrue(false, "CREATE TABLESPACE failed (" + e.getMessage() + "): the test user must be a superuser of a server on this machine");
                }
                source.execute("CREATE TABLE items (id bigint PRIMARY KEY, v text NOT NULL)",
                        // md5 text does not compress: ~330 bytes a row, about 20 MB in all
                        "INSERT INTO items SELECT g, repeat(md5(g::text), 9) FROM generate_series(1, " + ROWS + ") g");
                // dmskit has no target tablespace setting: the table is created in the tablespace beforehand
                target.execute("CREATE TABLE items (id bigint PRIMARY KEY, v text NOT NULL) TABLESPACE " + tablespace);

                String name = "disk-" + UUID.randomUUID().toString().substring(0, 6);
                ReplicationTask task = ReplicationTask.builder().name(name)
                        .source(source.endpoint("source")).target(target.endpoint("target")).mapping(source.mappingTo(target))
                        .settings(TaskSettings.builder().controlSchema(target.controlSchema()).prepMode(TargetTablePrepMode.TRUNCATE_BEFORE_LOAD)
                                .segmentRows(5_000).maxRetries(1).retryBackoff(Duration.ofMillis(100)).build()).build();
                try {
                    TaskStatus failed;
                    try (TaskHandle h = task.start()) {
                        failed = h.awaitCompletion(Duration.ofMinutes(3));
                    }
                    String errors = failed.errors().toString();
                    ReliabilityReport.note("task " + failed.state() + ": " + errors);
                    assertThat(failed.state()).isEqualTo(TaskState.FAILED);
                    assertThat(failed.errors()).isNotEmpty();
                    assertThat(errors).as("the error names the task").contains(name);
                    assertThat(errors).as("the error names the table").contains("items");
                    assertThat(errors).as("the error names the disk-full cause").contains("53100");
                    assertThat(errors).as("the error says what to do").contains("Check free disk space").contains("Start the task again");
                    long done = count(target, "SELECT count(*) FROM " + target.controlSchema() + ".full_load_segments WHERE task_name = '"
                            + name + "' AND state = 'DONE'");
                    long total = count(target, "SELECT count(*) FROM " + target.controlSchema() + ".full_load_segments WHERE task_name = '"
                            + name + "'");
                    assertThat(done).as("segments loaded when the disk was full").isLessThan(total);

                    Result bigger = sh("mount", "-o", "remount,size=64m", mount.toString());
                    assertThat(bigger.exit).as("remount bigger: %s", bigger.output).isZero();
                    TaskStatus again = task.run();
                    assertThat(again.state()).as("%s", again.errors()).isEqualTo(TaskState.COMPLETED);
                    assertThat(target).isConsistentWith(source);
                    ReliabilityReport.note("when it stopped " + done + " of " + total + " segments were loaded; after the filesystem"
                            + " was made bigger the same task resumed, COMPLETED, and the validator found the target equal ("
                            + ROWS + " rows)");
                } finally {
                    task.deleteState();
                }
            } finally {
                // each step on its own, so that a failed one does not leave the mount behind
                List<String> left = new ArrayList<>();
                if (created) {
                    try (Connection c = target.connect(); Statement st = c.createStatement()) {
                        st.execute("DROP TABLE IF EXISTS items");
                        st.execute("DROP TABLESPACE IF EXISTS " + tablespace);
                    } catch (SQLException e) {
                        left.add("tablespace " + tablespace + " (" + e.getMessage() + ")");
                    }
                }
                if (mounted) {
                    Result u = sh("umount", mount.toString());
                    if (u.exit != 0) {
                        // a server process can still hold a file of the dropped table open for a moment
                        Thread.sleep(2_000);
                        u = sh("umount", "--lazy", mount.toString());
                    }
                    if (u.exit != 0) {
                        left.add("mount " + mount + " (" + u.output.strip() + ")");
                    }
                }
                if (left.isEmpty()) {
                    Files.deleteIfExists(mount);
                } else {
                    System.err.println("OutOfDiskIT could not clean up: " + left);
                }
            }
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, String.join(" ", cmd) + ": timed out");
        }
        return new Result(p.exitValue(), out);
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
