package io.dmskit.it;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TableStatistics;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.Validator;
import io.dmskit.schema.TableId;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full load then CDC while a writer changes the source all along (inserts, updates of the same
 * keys, key changes, deletes, rolled-back transactions): once the writer stops and the task has
 * caught up, the target equals the source row for row. Each source feeds two tasks at once, one
 * applying in order and one in batch-apply mode, into two targets: both end equal to the source.
 */
class CdcFullLoadAndCdcIT {
    private static final List<String> COLUMNS = List.of("id", "name", "qty", "price", "note", "updated");

    @Test
    void postgresToPostgresEndsEqualToTheSourceInBothApplyModes() throws Exception {
        run(Engine.POSTGRESQL, Engine.POSTGRESQL);
    }

    @Test
    void mariaDbToPostgresEndsEqualToTheSourceInBothApplyModes() throws Exception {
        run(Engine.MARIADB, Engine.POSTGRESQL);
    }

    @Test
    void postgresToMariaDbEndsEqualToTheSourceInBothApplyModes() throws Exception {
        run(Engine.POSTGRESQL, Engine.MARIADB);
    }

    private void run(Engine sourceEngine, Engine targetEngine) throws Exception {
        try (TestDatabase source = TestDatabase.create(sourceEngine);
             TestDatabase ordered = TestDatabase.create(targetEngine);
             TestDatabase batched = TestDatabase.create(targetEngine);
             CdcWorkload writer = new CdcWorkload(source)) {
            writer.create(20_000);
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            ReplicationTask inOrder = task(source, ordered, "cdc-order-" + suffix, false);
            ReplicationTask inBatches = task(source, batched, "cdc-batch-" + suffix, true);
            try {
                writer.start(20_000, 42);
                Thread.sleep(300);
                List<TaskStatus> loaded = new ArrayList<>();
                try (TaskHandle a = inOrder.start(); TaskHandle b = inBatches.start()) {
                    loaded.add(a.awaitFullLoad(Duration.ofMinutes(2)));
                    loaded.add(b.awaitFullLoad(Duration.ofMinutes(2)));
                    for (TaskStatus s : loaded) {
                        assertThat(s.state()).as("%s", s.errors()).isEqualTo(TaskState.RUNNING);
                        assertThat(s.cdc()).isNotNull();
                        assertThat(s.tables()).allSatisfy(t -> assertThat(t.rowsLoaded()).isGreaterThan(15_000));
                    }
                    Thread.sleep(1_500); // changes flow straight through now
                    writer.stop();
                    assertThat(writer.committed.get()).as("source transactions committed").isGreaterThan(100);
                    assertThat(writer.rolledBack.get()).as("source transactions rolled back").isGreaterThan(5);
                    writer.insertMarker();
                    CdcWorkload.awaitMarker(ordered, ordered.schema() + ".items", Duration.ofMinutes(1));
                    CdcWorkload.awaitMarker(batched, batched.schema() + ".items", Duration.ofMinutes(1));
                    for (TaskHandle h : List.of(a, b)) {
                        TaskStatus running = h.status();
                        assertThat(running.cdc().changesApplied()).isGreaterThan(100);
                        TableStatistics items = running.tables().get(0);
                        assertThat(items.inserts()).isPositive();
                        assertThat(items.updates()).isPositive();
                        assertThat(items.deletes()).isPositive();
                        TaskStatus stopped = h.stop();
                        assertThat(stopped.state()).as("%s", stopped.errors()).isEqualTo(TaskState.STOPPED);
                        assertThat(stopped.errors()).isEmpty();
                    }
                }
                for (TestDatabase target : List.of(ordered, batched)) {
                    TableId src = TableId.of(source.schema(), "items");
                    TableId dst = TableId.of(target.schema(), "items");
                    Map<String, Object[]> expected = Fixtures.rows(Fixtures.endpoint(source, "source"), source, src, List.of("id"));
                    Map<String, Object[]> actual = Fixtures.rows(Fixtures.endpoint(target, "target"), target, dst, List.of("id"));
                    Fixtures.assertSameRows(expected, actual, COLUMNS);
                    Validator.builder().source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                            .mapping(mapping(source, target)).build().validate().assertConsistent();
                }
            } finally {
                writer.close();
                inOrder.deleteState();
                inBatches.deleteState();
            }
        }
    }

    static TableMapping mapping(TestDatabase source) {
        return TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "public").build();
    }

    /** The source's tables into the target's own schema (public in PostgreSQL, the test database in MariaDB). */
    static TableMapping mapping(TestDatabase source, TestDatabase target) {
        return TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), target.schema()).build();
    }

    private static ReplicationTask task(TestDatabase source, TestDatabase target, String name, boolean batchApply) {
        return ReplicationTask.builder().name(name)
                .source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                .mapping(mapping(source, target)).type(MigrationType.FULL_LOAD_AND_CDC)
                .settings(TaskSettings.builder().segmentRows(4_000).commitRate(2_000).maxParallelSegments(2)
                        .controlSchema(target.controlSchema()).batchApply(batchApply).build())
                .build();
    }
}
