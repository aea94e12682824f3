package io.dmskit.it;

import io.dmskit.Endpoint;
import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.ValidationMode;
import io.dmskit.ValidationState;
import io.dmskit.error.ErrorCode;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A task validates each table after its load, or only validates; differences fail the task and are recorded. */
class ValidationInTaskIT {

    @Test
    void tablesAreValidatedAfterTheirLoadAndDifferencesAreRecorded() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount DECIMAL(12,2), note VARCHAR(50), at DATETIME(6))",
                    "INSERT INTO orders SELECT seq, seq / 100, IF(seq % 3 = 0, NULL, CONCAT('n', seq)), '2024-01-01' + INTERVAL seq SECOND"
                            + " FROM seq_1_to_50000",
                    "CREATE TABLE tags (name VARCHAR(20) PRIMARY KEY, used INT)",
                    "INSERT INTO tags VALUES ('a', 1), ('b', 2), ('c', NULL)");
            Endpoint src = Fixtures.endpoint(source, "source");
            Endpoint dst = Fixtures.endpoint(target, "target");
            TableMapping mapping = TableMapping.builder().include(source.schema(), "%").build();
            TaskSettings.Builder settings = TaskSettings.builder().validation(ValidationMode.AFTER_FULL_LOAD);

            TaskStatus loaded = ReplicationTask.builder().name("validated").source(src).target(dst).mapping(mapping)
                    .settings(settings.build()).build().run(StartMode.RELOAD);
            assertThat(loaded.tables()).hasSize(2).allSatisfy(t -> {
                assertThat(t.validationState()).isEqualTo(ValidationState.CONSISTENT);
                assertThat(t.validation().rowsCompared()).isEqualTo(t.rowsLoaded());
            });

            target.execute("DELETE FROM \"" + source.schema() + "\".orders WHERE id = 17",
                    "UPDATE \"" + source.schema() + "\".orders SET note = 'changed' WHERE id = 19",
                    "INSERT INTO \"" + source.schema() + "\".tags VALUES ('zz', 9)");
            TaskStatus checked;
            try (TaskHandle h = ReplicationTask.builder().name("validate-only").source(src).target(dst).mapping(mapping)
                    .settings(settings.validation(ValidationMode.ONLY).build()).build().start()) {
                checked = h.awaitCompletion(Duration.ofMinutes(2));
            }
            assertThat(checked.state()).isEqualTo(TaskState.FAILED);
            assertThat(checked.errors()).extracting(e -> e.code()).containsOnly(ErrorCode.VALIDATION_FAILED);
            assertThat(checked.errors()).extracting(e -> e.message()).contains(
                    "Task validate-only, table " + source.schema() + ".orders: validation found 1 rows missing, 0 extra and 1 different in "
                            + source.schema() + ".orders; they are recorded in dmskit.awsdms_validation_failures_v1. First: MISSING {id=17}",
                    "Task validate-only, table " + source.schema() + ".tags: validation found 0 rows missing, 1 extra and 0 different in "
                            + source.schema() + ".tags; they are recorded in dmskit.awsdms_validation_failures_v1. First: EXTRA {name=zz}");
            assertThat(checked.tables()).allSatisfy(t -> {
                assertThat(t.validationState()).isEqualTo(ValidationState.DIFFERENT);
                assertThat(t.rowsLoaded()).isZero();
            });

            List<String> recorded = new ArrayList<>();
            try (Connection c = target.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT table_name, failure_type, key, details FROM dmskit.awsdms_validation_failures_v1"
                         + " WHERE task_name = 'validate-only' ORDER BY table_name, failure_no")) {
                while (rs.next()) {
                    recorded.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                }
            }
            assertThat(recorded).containsExactly("orders MISSING_TARGET {id=17} null",
                    "orders RECORD_DIFF {id=19} [note: 'n19' != 'changed']", "tags MISSING_SOURCE {name=zz} null");
        }
    }
}
