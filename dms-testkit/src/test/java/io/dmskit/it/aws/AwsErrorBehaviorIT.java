package io.dmskit.it.aws;

import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TableState;
import io.dmskit.TaskError;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ErrorBehavior settings that decide how a task meets trouble, on real databases:
 * {@code RecoverableErrorCount} and {@code RecoverableErrorInterval} (a transient error that
 * outlasts its retries stops the task with a message that names the setting), and
 * {@code FailOnNoTablesCaptured}.
 */
class AwsErrorBehaviorIT {

    private static long attempts(TestDatabase target) throws Exception {
        try (Connection c = target.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT last_value FROM attempts")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTransientErrorThatOutlastsRecoverableErrorCountStopsTheTaskNamingTheSetting() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE orders (id INT PRIMARY KEY, amount INT)", "INSERT INTO orders VALUES (1, 10)");
            // every insert into the target table fails with a serialization failure (SQLSTATE 40001): transient, retried
            target.execute("CREATE SEQUENCE attempts",
                    "CREATE TABLE orders (id INT PRIMARY KEY, amount INT)",
                    "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('attempts');"
                            + " RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure'; END $$",
                    "CREATE TRIGGER refuse BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION refuse()");
            TaskSettings settings = TaskSettings.fromAwsJson("""
                    {"FullLoadSettings": {"TargetTablePrepMode": "DO_NOTHING"},
                     "ErrorBehavior": {"RecoverableErrorCount": 2, "RecoverableErrorInterval": 1,
                                       "RecoverableErrorThrottling": false, "TableErrorPolicy": "STOP_TASK"}}""")
                    .toBuilder().controlSchema("dmskit_retry").build();
            TaskStatus status;
            try (var handle = ReplicationTask.builder().name("retries").source(AwsMappingIT.endpoint(source, "source"))
                    .target(AwsMappingIT.endpoint(target, "target")).mapping(source.mappingTo(target)).settings(settings)
                    .build().start()) {
                status = handle.awaitCompletion(Duration.ofMinutes(5));
            }
            assertThat(status.state()).isEqualTo(TaskState.FAILED);
            assertThat(status.tables()).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo(TableState.ERROR));
            assertThat(status.errors()).extracting(TaskError::message).anySatisfy(m -> assertThat(m)
                    .startsWith("Task retries, table " + source.schema() + ".orders: ")
                    .contains("could not serialize access")
                    .endsWith("(gave up after 2 retries (RecoverableErrorCount=2)). Start the task again to resume the table."));
            assertThat(attempts(target)).as("the first try and 2 retries").isEqualTo(3);
        }
    }

    @Test
    void failOnNoTablesCapturedFalseRunsATaskWhoseMappingSelectsNothing() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
            TableMapping nothing = TableMapping.builder().include(source.schema(), "no_such_table%").build();
            TaskSettings settings = TaskSettings.fromAwsJson("{\"ErrorBehavior\": {\"FailOnNoTablesCaptured\": false}}")
                    .toBuilder().controlSchema("dmskit_none").build();
            TaskStatus status = ReplicationTask.builder().name("nothing").source(AwsMappingIT.endpoint(source, "source"))
                    .target(AwsMappingIT.endpoint(target, "target")).mapping(nothing).settings(settings)
                    .build().run(StartMode.RELOAD);
            assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(status.tables()).isEmpty();
            assertThat(status.warnings()).contains("Task nothing: the table mapping selects no table of the source; the task"
                    + " runs without tables (FailOnNoTablesCaptured=false)");
            // the default (true) fails, naming the mapping
            TaskSettings failing = TaskSettings.fromAwsJson("{}").toBuilder().controlSchema("dmskit_none").build();
            Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> ReplicationTask.builder().name("nothing")
                    .source(AwsMappingIT.endpoint(source, "source")).target(AwsMappingIT.endpoint(target, "target"))
                    .mapping(nothing).settings(failing).build().run(StartMode.RELOAD));
            assertThat(e).hasMessageContaining("Table mapping selects no table");
        }
    }

    @Test
    void applyErrorFailOnTruncationDdlStopsTheTaskAtATruncateCapturedByCdc() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE logs (id INT PRIMARY KEY, line TEXT)", "INSERT INTO logs VALUES (1, 'x'), (2, 'y')");
            TaskSettings settings = TaskSettings.fromAwsJson("{\"ErrorBehavior\": {\"ApplyErrorFailOnTruncationDdl\": true}}")
                    .toBuilder().controlSchema(target.controlSchema()).build();
            String name = "fail-on-truncate-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            ReplicationTask task = ReplicationTask.builder().name(name).source(AwsMappingIT.endpoint(source, "source"))
                    .target(AwsMappingIT.endpoint(target, "target")).mapping(source.mappingTo(target))
                    .type(io.dmskit.MigrationType.FULL_LOAD_AND_CDC).settings(settings).build();
            try (var handle = task.start()) {
                handle.awaitFullLoad(Duration.ofMinutes(1));
                source.execute("TRUNCATE logs", "INSERT INTO logs VALUES (3, 'z')");
                TaskStatus failed = handle.awaitCompletion(Duration.ofMinutes(1));
                assertThat(failed.state()).isEqualTo(TaskState.FAILED);
                assertThat(failed.errors()).extracting(TaskError::message).anySatisfy(m -> assertThat(m)
                        .contains("Task " + name + ", table " + source.schema() + ".logs: the source ran TRUNCATE")
                        .contains("the task's DDL policy for TRUNCATE is FAIL. Nothing of it was applied."));
            } finally {
                task.deleteState();
            }
            try (Connection c = target.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM " + target.schema() + ".logs")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the truncate was not applied").isEqualTo(2);
            }
        }
    }
}
