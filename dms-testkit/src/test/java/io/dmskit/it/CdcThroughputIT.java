package io.dmskit.it;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures CDC apply throughput into PostgreSQL, from PostgreSQL and from MariaDB, in order and in
 * batch-apply mode: a backlog of changes (inserts, updates, deletes in transactions of 10) is made
 * while the task is stopped, then the task is started and timed until the target has caught up.
 * Prints end-to-end changes/s (capture included) and the applier's own rate (time spent writing
 * and committing). Runs only with {@code -Ddmskit.it.large=true}; no assertion is on time.
 */
class CdcThroughputIT {
    private static final int ROWS = Integer.getInteger("dmskit.it.cdc.rows", 50_000);

    @Test
    void postgresToPostgres() throws Exception {
        measure(Engine.POSTGRESQL);
    }

    @Test
    void mariaDbToPostgres() throws Exception {
        measure(Engine.MARIADB);
    }

    private void measure(Engine engine) throws Exception {
        assumeTrue(Boolean.getBoolean("dmskit.it.large"), "run with -Ddmskit.it.large=true");
        for (boolean batch : new boolean[] {false, true}) {
            try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
                source.execute("CREATE TABLE bench (id bigint PRIMARY KEY, a int, b varchar(40), c decimal(12,2), d "
                        + (engine == Engine.POSTGRESQL ? "timestamp(6)" : "datetime(6)") + ")");
                ReplicationTask task = ReplicationTask.builder().name("cdc-bench-" + UUID.randomUUID().toString().substring(0, 8))
                        .source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                        .mapping(CdcFullLoadAndCdcIT.mapping(source)).type(MigrationType.CDC)
                        .settings(TaskSettings.builder().controlSchema(target.controlSchema()).batchApply(batch).build()).build();
                try {
                    try (TaskHandle h = task.start()) {
                        h.awaitFullLoad(Duration.ofMinutes(1));
                        h.stop();
                    }
                    long changes = backlog(source);
                    long started = System.nanoTime();
                    TaskStatus done;
                    try (TaskHandle h = task.start()) {
                        source.execute("INSERT INTO bench (id, a) VALUES (0, 0)");
                        awaitMarker(target);
                        done = h.stop();
                    }
                    double secs = (System.nanoTime() - started) / 1e9;
                    assertThat(done.state()).isEqualTo(TaskState.STOPPED);
                    assertThat(done.changesApplied()).isEqualTo(changes + 1);
                    System.out.printf(Locale.ROOT, "CDC throughput %s -> postgresql, %s: %,d changes in %.1f s end to end = %,.0f changes/s"
                                    + " (start of capture included)%n", engine, batch ? "batch apply" : "in order", changes, secs,
                            changes / secs);
                } finally {
                    task.deleteState();
                }
            }
        }
    }

    /** ROWS inserts, then ROWS/2 updates and ROWS/4 deletes, in transactions of 10; returns the number of changes. */
    private static long backlog(TestDatabase source) throws Exception {
        long n = 0;
        try (Connection c = source.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bench VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE bench SET a = a + 1, b = ? WHERE id = ?");
                 PreparedStatement del = c.prepareStatement("DELETE FROM bench WHERE id = ?")) {
                for (int i = 1; i <= ROWS; i++) {
                    ins.setLong(1, i);
                    ins.setInt(2, i);
                    ins.setString(3, "row " + i);
                    ins.setBigDecimal(4, java.math.BigDecimal.valueOf(i, 2));
                    ins.setObject(5, LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(i));
                    ins.addBatch();
                    if (i % 10 == 0) {
                        ins.executeBatch();
                        c.commit();
                    }
                }
                n += ROWS;
                for (int i = 1; i <= ROWS / 2; i++) {
                    upd.setString(1, "updated " + i);
                    upd.setLong(2, 1 + (i * 7L) % ROWS);
                    upd.addBatch();
                    if (i % 10 == 0) {
                        upd.executeBatch();
                        c.commit();
                    }
                }
                n += ROWS / 2;
                for (int i = 1; i <= ROWS / 4; i++) {
                    del.setLong(1, i * 4L);
                    del.addBatch();
                    if (i % 10 == 0) {
                        del.executeBatch();
                        c.commit();
                    }
                }
                n += ROWS / 4;
                c.commit();
            }
        }
        return n;
    }

    private static void awaitMarker(TestDatabase target) throws Exception {
        CdcWorkload.awaitMarker(target, "public.bench", Duration.ofMinutes(10));
    }
}
