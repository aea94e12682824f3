package io.dmskit.it.reliability;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.Secret;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskError;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults of the target that a retry cannot cure: a statement timeout (a lock held by someone
 * else) and a full table (MariaDB's error 1114, which InnoDB also gives when the disk is full;
 * simulated with a MEMORY table capped by {@code max_heap_table_size}, so that no disk is
 * filled). The task stops with an error that names the table, and once the cause is removed the
 * same task, started again, finishes with the target equal to the source.
 */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("fault: target refuses")
class TargetErrorIT {

    private static TaskStatus runToEnd(ReplicationTask task) throws InterruptedException {
        try (TaskHandle h = task.start()) {
            return h.awaitCompletion(Duration.ofMinutes(3));
        }
    }

    @Test
    @DisplayName("statement timeout on the target (a lock held by another session) during a full load, MariaDB to PostgreSQL")
    void statementTimeoutStopsTheTaskNamingTheTableAndTheTaskResumes() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, v VARCHAR(40) NOT NULL)",
                    "INSERT INTO items SELECT seq, CONCAT('item-', seq) FROM seq_1_to_20000");
            target.execute("CREATE TABLE items (id bigint PRIMARY KEY, v varchar(40) NOT NULL)");
            Endpoint dst = Endpoint.jdbc(target.jdbcUrl()).name("target").user(target.user()).password(Secret.of(target.password()))
                    .property("options", "-c statement_timeout=2000").build();
            ReplicationTask task = ReplicationTask.builder().name("timeout-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(dst).mapping(source.mappingTo(target))
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).prepMode(TargetTablePrepMode.DO_NOTHING)
                            .maxRetries(1).retryBackoff(Duration.ofMillis(100)).build()).build();
            TaskStatus failed;
            try (Connection lock = target.connect(); Statement st = lock.createStatement()) {
                lock.setAutoCommit(false);
                // EXCLUSIVE lets others read the table (so that it is seen to exist) but not write to it
                st.execute("LOCK TABLE public.items IN EXCLUSIVE MODE");
                failed = runToEnd(task);
                lock.rollback();
            }
            ReliabilityReport.note("task " + failed.state() + ": " + failed.errors());
            assertThat(failed.state()).isEqualTo(TaskState.FAILED);
            assertThat(failed.errors()).isNotEmpty();
            TaskError e = failed.errors().get(0);
            assertThat(e.table() + " " + e.message()).as("the error names the table").contains("items");
            TaskStatus again = task.run();
            assertThat(again.state()).as("%s", again.errors()).isEqualTo(TaskState.COMPLETED);
            assertThat(target).isConsistentWith(source);
            ReliabilityReport.note("after the lock was released the same task COMPLETED and the validator found the target equal");
            task.deleteState();
        }
    }

    @Test
    @DisplayName("statement timeout on the target (a lock held by another session) during CDC, PostgreSQL to PostgreSQL")
    void statementTimeoutDuringCdcStopsTheTaskAndItResumesWithoutLoss() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id bigint PRIMARY KEY, v int)", "INSERT INTO items SELECT g, g FROM generate_series(1, 100) g");
            Endpoint dst = Endpoint.jdbc(target.jdbcUrl()).name("target").user(target.user()).password(Secret.of(target.password()))
                    .property("options", "-c statement_timeout=2000").build();
            ReplicationTask task = ReplicationTask.builder().name("timeout-cdc-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(dst).mapping(source.mappingTo(target)).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).maxRetries(1)
                            .retryBackoff(Duration.ofMillis(100)).build()).build();
            try {
                TaskStatus failed;
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                    try (Connection lock = target.connect(); Statement st = lock.createStatement()) {
                        lock.setAutoCommit(false);
                        st.execute("LOCK TABLE public.items IN ACCESS EXCLUSIVE MODE");
                        source.execute("UPDATE items SET v = v + 1 WHERE id <= 50", "DELETE FROM items WHERE id > 90");
                        failed = h.awaitCompletion(Duration.ofMinutes(2));
                        lock.rollback();
                    }
                }
                ReliabilityReport.note("task " + failed.state() + ": " + failed.errors());
                assertThat(failed.state()).isEqualTo(TaskState.FAILED);
                assertThat(failed.errors()).isNotEmpty();
                // the table is not named by the CDC apply error today (docs/reliability.md, known problems): recorded, not asserted
                ReliabilityReport.note("the error names the table: " + failed.errors().toString().contains("items"));
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                    source.execute("INSERT INTO items VALUES (0, 0)");
                    io.dmskit.it.CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(2));
                    assertThat(h.stop().errors()).isEmpty();
                }
                assertThat(target).isConsistentWith(source);
                ReliabilityReport.note("restarted after the lock was released: the held changes were applied, validator equal");
            } finally {
                task.deleteState();
            }
        }
    }

    @Test
    @DisplayName("target table full (MariaDB error 1114, as on a full disk) during a full load, PostgreSQL to MariaDB")
    void fullTargetTableStopsTheTaskNamingTheTableAndTheTaskResumes() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            source.execute("CREATE TABLE items (id bigint PRIMARY KEY, v varchar(200) NOT NULL)",
                    "INSERT INTO items SELECT g, repeat('x', 150) || g FROM generate_series(1, 20000) g");
            try (Connection c = target.connect(); Statement st = c.createStatement()) {
                st.execute("SET SESSION max_heap_table_size = 1048576");
                st.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, v VARCHAR(200) NOT NULL) ENGINE=MEMORY");
            }
            ReplicationTask task = ReplicationTask.builder().name("full-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(target.endpoint("target")).mapping(source.mappingTo(target))
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).prepMode(TargetTablePrepMode.DO_NOTHING)
                            .maxRetries(1).retryBackoff(Duration.ofMillis(100)).build()).build();
            TaskStatus failed = runToEnd(task);
            ReliabilityReport.note("task " + failed.state() + ": " + failed.errors());
            assertThat(failed.state()).isEqualTo(TaskState.FAILED);
            assertThat(failed.errors().toString()).as("the error names the table").contains("items");
            target.execute("ALTER TABLE items ENGINE=InnoDB");
            TaskStatus again = task.run();
            assertThat(again.state()).as("%s", again.errors()).isEqualTo(TaskState.COMPLETED);
            assertThat(target).isConsistentWith(source);
            ReliabilityReport.note("after the table was given room the same task COMPLETED and the validator found the target equal");
            task.deleteState();
        }
    }
}
