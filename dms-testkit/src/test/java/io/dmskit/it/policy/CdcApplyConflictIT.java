package io.dmskit.it.policy;

import io.dmskit.ErrorBehavior;
import io.dmskit.ErrorBehavior.Action;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.dmskit.it.policy.PolicyFixtures.exceptions;
import static io.dmskit.it.policy.PolicyFixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CDC apply conflicts on real databases (the target already has a row the source inserts, lacks
 * rows the source updates and deletes), decided by {@code ApplyErrorInsertPolicy},
 * {@code ApplyErrorUpdatePolicy} and {@code ApplyErrorDeletePolicy}, with the records they leave.
 */
class CdcApplyConflictIT {

    private static String name(String prefix) {
        return prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    private static void await(TestDatabase target, String sql, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (lines(target, sql).equals(List.of(expected))) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // the table is not there yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + expected + " from " + sql + " within a minute");
    }

    private static List<String> run(Engine engine, ErrorBehavior errors, String taskName) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))",
                    "INSERT INTO items VALUES (2, 'two'), (3, 'three')");
            // the target has a row 1 that the source does not, and lacks the source's rows 2 and 3
            target.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))",
                    "INSERT INTO items VALUES (1, 'target one')");
            ReplicationTask task = ReplicationTask.builder().name(taskName).source(source.endpoint("source"))
                    .target(target.endpoint("target")).mapping(source.mappingTo(target)).type(MigrationType.CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).errorBehavior(errors).build())
                    .build();
            try {
                try (TaskHandle h = task.start()) {
                    h.awaitFullLoad(Duration.ofMinutes(1));
                    source.execute("INSERT INTO items VALUES (1, 'source one')");
                    source.execute("UPDATE items SET name = 'two updated' WHERE id = 2");
                    source.execute("DELETE FROM items WHERE id = 3");
                    source.execute("INSERT INTO items VALUES (4, 'four')");
                    await(target, "SELECT COUNT(*) FROM items WHERE id = 4", "1");
                    TaskStatus s = h.stop();
                    assertThat(s.errors()).isEmpty();
                    assertThat(s.state()).isEqualTo(TaskState.STOPPED);
                }
                List<String> out = new java.util.ArrayList<>(lines(target, "SELECT id, name FROM items ORDER BY id"));
                for (String x : exceptions(target, taskName)) {
                    out.add(x.substring(0, x.indexOf('|', x.indexOf('|') + 1)));
                }
                return out;
            } finally {
                task.deleteState();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void defaultsRecordTheInsertAndUpdateConflictsAndIgnoreTheDelete(Engine engine) throws Exception {
        assertThat(run(engine, ErrorBehavior.defaults(), name("conflicts_default")))
                .containsExactly("1|target one", "4|four", "INSERT|id=1", "UPDATE|id=2");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void updateRecordAndInsertRecordApplyTheConflictingChangesAsTheOtherOperation(Engine engine) throws Exception {
        assertThat(run(engine, ErrorBehavior.builder().applyErrorInsertPolicy(Action.UPDATE_RECORD)
                .applyErrorUpdatePolicy(Action.INSERT_RECORD).applyErrorDeletePolicy(Action.LOG_ERROR).build(),
                name("conflicts_upsert")))
                .containsExactly("1|source one", "2|two updated", "4|four", "DELETE|id=3");
    }

    /** STOP_TASK: the conflicting insert is recorded and the task fails with it; SUSPEND_TABLE: the table stops taking changes. */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void stopTaskAndSuspendTableEndTheTaskOrTheTable(Engine engine) throws Exception {
        for (Action action : new Action[] {Action.STOP_TASK, Action.SUSPEND_TABLE}) {
            try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
                source.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))");
                target.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))", "INSERT INTO items VALUES (1, 'target one')");
                String taskName = name("conflicts_" + action.name().toLowerCase(java.util.Locale.ROOT));
                ReplicationTask task = ReplicationTask.builder().name(taskName).source(source.endpoint("source"))
                        .target(target.endpoint("target")).mapping(source.mappingTo(target)).type(MigrationType.CDC)
                        .settings(TaskSettings.builder().controlSchema(target.controlSchema())
                                .errorBehavior(ErrorBehavior.builder().applyErrorInsertPolicy(action).build()).build())
                        .build();
                try {
                    try (TaskHandle h = task.start()) {
                        h.awaitFullLoad(Duration.ofMinutes(1));
                        source.execute("INSERT INTO items VALUES (2, 'two')");
                        await(target, "SELECT COUNT(*) FROM items WHERE id = 2", "1");
                        source.execute("INSERT INTO items VALUES (1, 'source one')");
                        TaskStatus s;
                        if (action == Action.STOP_TASK) {
                            s = h.awaitCompletion(Duration.ofMinutes(1));
                            assertThat(s.state()).isEqualTo(TaskState.FAILED);
                        } else {
                            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                            while (h.status().tables(io.dmskit.TableState.ERROR).isEmpty() && System.nanoTime() < deadline) {
                                Thread.sleep(100);
                            }
                            s = h.stop();
                            assertThat(s.tables(io.dmskit.TableState.ERROR)).hasSize(1);
                        }
                        assertThat(s.errors()).singleElement().satisfies(e -> assertThat(e.message())
                                .startsWith("Task " + taskName + ", table " + source.schema() + ".items, INSERT of row id=1:"
                                        + " an insert of a key that the target already has; "
                                        + (action == Action.STOP_TASK ? "the task stops" : "the table is suspended")
                                        + " (ApplyErrorInsertPolicy=" + action + ")"));
                    }
                    assertThat(lines(target, "SELECT id, name FROM items ORDER BY id")).containsExactly("1|target one", "2|two");
                    assertThat(exceptions(target, taskName)).singleElement().satisfies(x -> assertThat(x).startsWith("INSERT|id=1|"));
                } finally {
                    task.deleteState();
                }
            }
        }
    }
}
