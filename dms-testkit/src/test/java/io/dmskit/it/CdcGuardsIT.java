package io.dmskit.it;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.cdc.postgres.PostgresChangeSourceProvider;
import io.dmskit.error.ErrorCode;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operational guards of CDC tasks: a second run of a running task is refused; a restart whose
 * stored position the source no longer has fails and says what to do.
 */
class CdcGuardsIT {

    /**
     * A second run of a task that is running is refused with a clear error, and the first run
     * goes on applying changes; once the first run stopped, the task starts again.
     */
    @Test
    void aSecondRunOfARunningTaskIsRefused() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, v int)");
            String taskName = "cdc-twice-" + UUID.randomUUID().toString().substring(0, 8);
            ReplicationTask task = task(source, target, taskName);
            try {
                try (TaskHandle first = task.start()) {
                    assertThat(first.awaitFullLoad(Duration.ofMinutes(1)).state()).isEqualTo(TaskState.RUNNING);
                    TaskStatus second;
                    try (TaskHandle h = task.start()) {
                        second = h.awaitCompletion(Duration.ofMinutes(1));
                    }
                    assertThat(second.state()).isEqualTo(TaskState.FAILED);
                    assertThat(second.errors()).singleElement().satisfies(e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONTROL_STATE);
                        assertThat(e.message()).isEqualTo("Task " + taskName + " is already running against this target: another run"
                                + " holds its lock, so this one is refused. Stop the other run first, or give this task another name");
                    });
                    source.execute("INSERT INTO items VALUES (0, 1)");
                    CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(1));
                    assertThat(first.stop().errors()).isEmpty();
                }
                try (TaskHandle again = task.start()) {
                    assertThat(again.awaitFullLoad(Duration.ofMinutes(1)).state()).isEqualTo(TaskState.RUNNING);
                    assertThat(again.stop().errors()).isEmpty();
                }
            } finally {
                task.deleteState();
            }
        }
    }

    /**
     * The binlog file of the task's stored MariaDB position is no longer on the server (purged by
     * binlog_expire_logs_seconds while the task was stopped): the restart fails and says so and
     * what to do. The test does not purge the shared server's binlogs: it points the stored
     * position at a file older than the oldest one the server has, which is what a purge leaves.
     */
    @Test
    void mariaDbRestartFromAPurgedBinlogFailsAndSaysWhatToDo() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, v int)");
            String taskName = "cdc-purged-" + UUID.randomUUID().toString().substring(0, 8);
            ReplicationTask task = task(source, target, taskName);
            try {
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(1)).state()).isEqualTo(TaskState.RUNNING);
                    // the start position is stored once capture runs; no change is needed (a busy shared binlog is slow to follow)
                    assertThat(h.stop().errors()).isEmpty();
                }
                target.execute("UPDATE " + target.controlSchema() + ".awsdms_txn_state SET checkpoint = 'mysql-bin.000000:4'"
                        + " WHERE task_name = '" + taskName + "'");

                TaskStatus failed;
                try (TaskHandle h = task.start()) {
                    failed = h.awaitCompletion(Duration.ofMinutes(1));
                }
                assertThat(failed.state()).isEqualTo(TaskState.FAILED);
                assertThat(failed.errors()).singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONTROL_STATE);
                    assertThat(e.message()).startsWith("Task " + taskName + " cannot start at mariadb:mysql-bin.000000:4: binlog file"
                                    + " mysql-bin.000000 is no longer on the server (the oldest is ")
                            .endsWith("Start from now, after a new full load, and keep binlogs longer than the task may stop");
                });
            } finally {
                task.deleteState();
            }
        }
    }

    private static ReplicationTask task(TestDatabase source, TestDatabase target, String name) {
        return ReplicationTask.builder().name(name)
                .source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                .mapping(CdcFullLoadAndCdcIT.mapping(source)).type(MigrationType.CDC)
                .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build();
    }

    /**
     * The task's PostgreSQL replication slot is dropped (and created again by someone else) while
     * the task is stopped: the changes since its stored position are gone, so the restart fails
     * with an error saying so and what to do, instead of silently skipping them.
     */
    @Test
    void postgresRestartAfterItsSlotWasDroppedFailsAndSaysWhatToDo() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, v int)");
            String taskName = "cdc-guard-" + UUID.randomUUID().toString().substring(0, 8);
            ReplicationTask task = task(source, target, taskName);
            String slot = PostgresChangeSourceProvider.slotName(taskName);
            try {
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(1)).state()).isEqualTo(TaskState.RUNNING);
                    source.execute("INSERT INTO items VALUES (0, 1)");
                    CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(1));
                    assertThat(h.stop().errors()).isEmpty();
                }
                source.execute("SELECT pg_drop_replication_slot('" + slot + "')",
                        "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')",
                        "INSERT INTO items VALUES (2, 2)");

                TaskStatus failed;
                try (TaskHandle h = task.start()) {
                    failed = h.awaitCompletion(Duration.ofMinutes(1));
                }
                assertThat(failed.state()).isEqualTo(TaskState.FAILED);
                assertThat(failed.errors()).singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONTROL_STATE);
                    assertThat(e.message()).contains("Task " + taskName + " cannot start at postgresql:")
                            .contains("its replication slot " + slot)
                            .contains("PostgreSQL no longer keeps the changes before it")
                            .contains("or from now after a new full load");
                });
            } finally {
                task.deleteState();
                try (Connection c = source.connect(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("slot left behind").isZero();
                }
            }
        }
    }
}
