package io.dmskit.it;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TableState;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.DmskitAssertions;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.dmskit.it.Sql.awaitRow;
import static io.dmskit.it.Sql.lines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full load then CDC: the changes to a table are held while it loads and applied once ITS load is
 * done, not once the whole load is. The load of one table is kept waiting by a lock that the test
 * holds on its target table; meanwhile the changes to the other, loaded, table reach the target,
 * and the changes to the waiting one are applied after its load.
 */
class CdcHeldChangesIT {

    @Test
    void changesToALoadedTableAreAppliedWhileAnotherTableStillLoads() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE big (id int PRIMARY KEY, val text)",
                    "INSERT INTO big SELECT g, 'b' || g FROM generate_series(1, 5000) g",
                    "CREATE TABLE small (id int PRIMARY KEY, val text)", "INSERT INTO small VALUES (1, 's1'), (2, 's2')");
            target.execute("CREATE TABLE big (id int PRIMARY KEY, val text)", "CREATE TABLE small (id int PRIMARY KEY, val text)");
            TableMapping mapping = TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "public").build();
            ReplicationTask task = ReplicationTask.builder().name("cdc-held-" + UUID.randomUUID().toString().substring(0, 8))
                    .source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target")).mapping(mapping)
                    .type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().prepMode(TargetTablePrepMode.DO_NOTHING).maxParallelSegments(2)
                            .controlSchema(target.controlSchema()).build())
                    .build();
            try (Connection lock = target.connect()) {
                lock.setAutoCommit(false);
                try (Statement st = lock.createStatement()) {
                    // reads go on, writes wait: big's load waits at its first row
                    st.execute("LOCK TABLE public.big IN SHARE MODE");
                }
                try (TaskHandle h = task.start()) {
                    awaitStatus(h, s -> state(s, "small") == TableState.COMPLETED);
                    source.execute("INSERT INTO small VALUES (3, 's3')", "UPDATE small SET val = 's1-changed' WHERE id = 1",
                            "INSERT INTO big VALUES (5001, 'b5001')", "UPDATE big SET val = 'changed' WHERE id = 1",
                            "DELETE FROM big WHERE id = 2");
                    awaitRow(h, target, "SELECT count(*) FROM public.small WHERE id = 3");
                    assertThat(lines(target, "SELECT id, val FROM public.small ORDER BY id"))
                            .containsExactly("1|s1-changed", "2|s2", "3|s3");
                    // the changes of big were held: its load has not even begun to write
                    assertThat(state(h.status(), "big")).isEqualTo(TableState.LOADING);
                    lock.commit();
                    awaitRow(h, target, "SELECT count(*) FROM public.big WHERE id = 5001");
                    source.execute("INSERT INTO big VALUES (5002, 'b5002')", "INSERT INTO small VALUES (4, 's4')");
                    awaitRow(h, target, "SELECT count(*) FROM public.big WHERE id = 5002");
                    awaitRow(h, target, "SELECT count(*) FROM public.small WHERE id = 4");
                    TaskStatus stopped = h.stop();
                    assertThat(stopped.errors()).isEmpty();
                } finally {
                    lock.rollback();
                    task.deleteState();
                }
            }
            DmskitAssertions.assertThat(target).usingMapping(mapping).isConsistentWith(source);
            assertThat(lines(target, "SELECT id, val FROM public.big WHERE id <= 2 ORDER BY id")).containsExactly("1|changed");
        }
    }

    private static TableState state(TaskStatus s, String table) {
        return s.tables().stream().filter(t -> t.source().name().equals(table)).map(t -> t.state()).findFirst().orElse(null);
    }

    private static void awaitStatus(TaskHandle h, Predicate<TaskStatus> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            TaskStatus s = h.status();
            if (condition.test(s)) {
                return;
            }
            if (s.state().isFinal()) {
                throw new AssertionError("the task ended: " + s);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the task's status did not come to the expected one within two minutes: " + h.status());
    }
}
