package io.dmskit.it.aws;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TableStatistics;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.ValidationMode;
import io.dmskit.ValidationState;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task-settings corpus under {@code aws/settings/} (files in the style of the AWS DMS
 * documentation's examples), each read with {@link TaskSettings#fromAwsJson(String)} as it is and
 * run from MariaDB and from PostgreSQL into PostgreSQL, checked with the testkit and through the control tables the
 * file switches on.
 */
class AwsSettingsIT {

    private static final String ITEMS = "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40), qty INT, note TEXT)";

    static TaskSettings settings(String file) throws IOException {
        try (InputStream in = AwsSettingsIT.class.getResourceAsStream("/aws/settings/" + file)) {
            assertThat(in).as("corpus file " + file).isNotNull();
            return TaskSettings.fromAwsJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void items(TestDatabase source, int rows) {
        StringBuilder insert = new StringBuilder("INSERT INTO items VALUES ");
        for (int i = 1; i <= rows; i++) {
            insert.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'n").append(i).append("', ").append(i)
                    .append(", ").append(i % 3 == 0 ? "NULL" : "'note " + i + "'").append(")");
        }
        source.execute(ITEMS, insert.toString());
    }

    private static TableMapping mapping(TestDatabase source, TestDatabase target) {
        return TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), target.schema()).build();
    }

    private static ReplicationTask.Builder task(String name, TestDatabase source, TestDatabase target, TaskSettings settings) {
        return ReplicationTask.builder().name(name + "-" + UUID.randomUUID().toString().substring(0, 8))
                .source(AwsMappingIT.endpoint(source, "source")).target(AwsMappingIT.endpoint(target, "target"))
                .mapping(mapping(source, target)).settings(settings);
    }

    static List<String> lines(TestDatabase db, String sql) throws Exception {
        return io.dmskit.it.Sql.lines(db, sql);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(end);
            Thread.sleep(100);
        }
    }

    private static boolean holds(TestDatabase db, String sql, String expected) {
        try {
            return lines(db, sql).equals(List.of(expected));
        } catch (Exception e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void fullLoadTruncateBeforeLoadWritesStatusAndHistory(Engine from) throws Exception {
        TaskSettings settings = settings("01-full-load-truncate-with-history.json");
        assertThat(settings.prepMode()).isEqualTo(TargetTablePrepMode.TRUNCATE_BEFORE_LOAD);
        assertThat(settings.commitRate()).isEqualTo(500);
        assertThat(settings.warnings()).isEmpty();
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            items(source, 300);
            target.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40), qty INT, note TEXT)",
                    "INSERT INTO items VALUES (9001, 'old', 1, NULL), (9002, 'old', 2, NULL)");
            ReplicationTask task = task("aws-settings-01", source, target, settings).build();
            TaskStatus status = task.run(StartMode.RELOAD);
            assertThat(status.errors()).isEmpty();
            assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(target).usingMapping(task.mapping()).isConsistentWith(source);
            assertThat(lines(target, "SELECT task_name, task_status, disk_swap_size FROM dms_control.awsdms_status"))
                    .containsExactly(task.name() + "|NOT RUNNING|0");
            assertThat(lines(target, "SELECT timeslot_type, sum(timeslot_records) FROM dms_control.awsdms_history"
                    + " WHERE task_name = '" + task.name() + "' GROUP BY timeslot_type")).containsExactly("FULL LOAD|300");
            assertThat(lines(target, "SELECT count(*) FROM dms_control.awsdms_suspended_tables")).containsExactly("0");
            assertThat(lines(target, "SELECT count(*) FROM dms_control.awsdms_apply_exceptions")).containsExactly("0");
            TableStatistics items = status.tables().get(0);
            assertThat(items.fullLoadRows()).isEqualTo(300);
            assertThat(items.awsTableState()).isEqualTo("Table completed");
            assertThat(status.toAwsJson()).contains("\"ReplicationTaskIdentifier\":\"" + task.name() + "\"",
                    "\"SchemaName\":\"" + source.schema() + "\"", "\"TableName\":\"items\"", "\"FullLoadRows\":300",
                    "\"TableState\":\"Table completed\"", "\"ValidationState\":\"Not enabled\"",
                    "\"FullLoadStartTime\":\"", "\"FullLoadEndTime\":\"");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void fullLoadDoNothingValidatesWithTheFilesThreadCount(Engine from) throws Exception {
        TaskSettings settings = settings("02-full-load-do-nothing-with-validation.json");
        assertThat(settings.validation()).isEqualTo(ValidationMode.AFTER_FULL_LOAD);
        assertThat(settings.validationThreads()).isEqualTo(2);
        assertThat(settings.warnings()).isEmpty();
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            items(source, 250);
            target.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40), qty INT, note TEXT)");
            ReplicationTask task = task("aws-settings-02", source, target, settings).build();
            TaskStatus status = task.run(StartMode.RELOAD);
            assertThat(status.errors()).isEmpty();
            assertThat(target).usingMapping(task.mapping()).isConsistentWith(source);
            TableStatistics items = status.tables().get(0);
            assertThat(items.validationState()).isEqualTo(ValidationState.CONSISTENT);
            assertThat(items.awsValidationState()).isEqualTo("Validated");
            assertThat(items.validationFailedRecords()).isZero();
            assertThat(lines(target, "SELECT count(*) FROM dmskit.awsdms_validation_failures_v1")).containsExactly("0");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void fullLoadAndCdcInBatchApplyModeKeepsTheRecoveryCheckpointAndTheStatus(Engine from) throws Exception {
        TaskSettings settings = settings("03-full-load-and-cdc-batch-apply.json");
        assertThat(settings.batchApply()).isTrue();
        assertThat(settings.applyBatchSize()).isEqualTo(100);
        assertThat(settings.historyTimeslot()).isEqualTo(Duration.ofMinutes(1));
        // the tuning keys of the file keep the service's defaults: nothing to warn about
        assertThat(settings.warnings()).isEmpty();
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            items(source, 300);
            ReplicationTask task = task("aws-settings-03", source, target, settings).type(MigrationType.FULL_LOAD_AND_CDC).build();
            try (TaskHandle h = task.start()) {
                assertThat(h.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                source.execute("INSERT INTO items VALUES (301, 'a', 1, 'x'), (302, 'b', 2, NULL), (303, 'c', 3, 'z')",
                        "UPDATE items SET qty = qty + 1000 WHERE id <= 10",
                        "DELETE FROM items WHERE id BETWEEN 101 AND 104");
                await(() -> holds(target, "SELECT count(*), sum(qty) FROM items", "299|"
                        + (300L * 301 / 2 + 6 + 10_000 - (101 + 102 + 103 + 104))));
                assertThat(target).usingMapping(task.mapping()).isConsistentWith(source);
                // the status row says CHANGE PROCESSING at the next tick of its writer
                await(() -> holds(target, "SELECT task_status FROM dmskit.awsdms_status WHERE task_name = '" + task.name() + "'",
                        "CHANGE PROCESSING"));
                assertThat(lines(target, "SELECT server_name IS NOT NULL, phase, checkpoint <> ''"
                        + " FROM dmskit.awsdms_txn_state WHERE task_name = '" + task.name() + "'")).containsExactly("t|APPLYING|t");
                TaskStatus stopped = h.stop();
                assertThat(stopped.errors()).isEmpty();
                TableStatistics items = stopped.tables().get(0);
                assertThat(items.appliedInserts()).isEqualTo(3);
                assertThat(items.appliedUpdates()).isEqualTo(10);
                assertThat(items.appliedDeletes()).isEqualTo(4);
                assertThat(items.toAwsJson()).contains("\"Inserts\":3", "\"Deletes\":4", "\"Updates\":10", "\"AppliedInserts\":3",
                        "\"AppliedDeletes\":4", "\"AppliedUpdates\":10", "\"FullLoadRows\":300");
                assertThat(lines(target, "SELECT task_status FROM dmskit.awsdms_status")).containsExactly("NOT RUNNING");
                assertThat(lines(target, "SELECT timeslot_type, sum(timeslot_records) FROM dmskit.awsdms_history WHERE task_name = '"
                        + task.name() + "' GROUP BY timeslot_type ORDER BY 1"))
                        .containsExactly("CHANGE PROCESSING|17", "FULL LOAD|300");
            } finally {
                task.deleteState();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void stopTaskCachedChangesAppliedEndsTheTaskOnItsOwn(Engine from) throws Exception {
        TaskSettings settings = settings("04-full-load-and-cdc-stop-after-cached-changes.json");
        assertThat(settings.stopAfterCachedChangesApplied()).isTrue();
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            items(source, 200);
            ReplicationTask task = task("aws-settings-04", source, target, settings).type(MigrationType.FULL_LOAD_AND_CDC).build();
            try (TaskHandle h = task.start()) {
                source.execute("INSERT INTO items VALUES (201, 'late', 1, NULL)");
                TaskStatus done = h.awaitCompletion(Duration.ofMinutes(2));
                assertThat(done.errors()).isEmpty();
                assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
                assertThat(target).usingMapping(task.mapping()).isConsistentWith(source);
                assertThat(lines(target, "SELECT task_status FROM dmskit.awsdms_status WHERE task_name = '" + task.name() + "'"))
                        .containsExactly("NOT RUNNING");
            } finally {
                task.deleteState();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void limitedLobModeLeavesOutAndRecordsAValueOverLobMaxSize(Engine from) throws Exception {
        TaskSettings settings = settings("05-limited-lob-mode-logs-oversized-values.json");
        assertThat(settings.lobSettings().lobMaxSizeKb()).isEqualTo(1);
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE docs (id INT PRIMARY KEY, body TEXT)",
                    "INSERT INTO docs VALUES (1, 'short'), (2, REPEAT('x', 2000)), (3, REPEAT('y', 1000))");
            ReplicationTask task = task("aws-settings-05", source, target, settings).build();
            TaskStatus status = task.run(StartMode.RELOAD);
            assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(lines(target, "SELECT id, length(body) FROM docs ORDER BY id")).containsExactly("1|5", "3|1000");
            assertThat(lines(target, "SELECT table_owner, table_name, operation FROM dmskit.awsdms_apply_exceptions"
                    + " WHERE task_name = '" + task.name() + "'")).containsExactly(source.schema() + "|docs|LOAD");
            assertThat(lines(target, "SELECT row_key LIKE '%2%', error LIKE '%body%' FROM dmskit.awsdms_apply_exceptions"))
                    .containsExactly("t|t");
            assertThat(lines(target, "SELECT count(*) FROM dmskit.awsdms_suspended_tables")).containsExactly("0");
        }
    }
}
