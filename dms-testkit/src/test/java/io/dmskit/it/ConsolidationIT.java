package io.dmskit.it;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationInstance;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consolidation: two MariaDB databases (an "east" and a "west" shop with the same table names)
 * into one PostgreSQL database, each into its own schema, by two FULL_LOAD_AND_CDC tasks on one
 * {@link ReplicationInstance} with a shared budget of segments and memory; after the full loads,
 * changes at both sources reach the target, and the two tasks keep their own rows in the shared
 * control tables.
 */
class ConsolidationIT {

    private static void shop(TestDatabase db, int from, int rows) {
        StringBuilder customers = new StringBuilder("INSERT INTO customers VALUES ");
        StringBuilder orders = new StringBuilder("INSERT INTO orders VALUES ");
        for (int i = 0; i < rows; i++) {
            int id = from + i;
            customers.append(i == 0 ? "" : ", ").append("(").append(id).append(", 'customer ").append(id).append("')");
            orders.append(i == 0 ? "" : ", ").append("(").append(id).append(", ").append(id).append(", ")
                    .append(id % 97).append(".25)");
        }
        db.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(60))",
                "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2))",
                customers.toString(), orders.toString());
    }

    private static ReplicationTask task(String name, TestDatabase source, TestDatabase target, String schema,
                                        ReplicationInstance instance) {
        TableMapping mapping = TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), schema).build();
        return task(name, source, target, mapping, TargetTablePrepMode.DROP_AND_CREATE, instance);
    }

    private static ReplicationTask task(String name, TestDatabase source, TestDatabase target, TableMapping mapping,
                                        TargetTablePrepMode prep, ReplicationInstance instance) {
        return ReplicationTask.builder().name(name).instance(instance)
                .source(Fixtures.endpoint(source, "source-" + name)).target(Fixtures.endpoint(target, "target"))
                .mapping(mapping).type(MigrationType.FULL_LOAD_AND_CDC)
                .settings(TaskSettings.builder().controlSchema(target.controlSchema()).segmentRows(1_000).prepMode(prep)
                        .maxParallelSegments(4).statusTableEnabled(true).build())
                .build();
    }

    private static List<String> lines(TestDatabase db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2));
            }
        }
        return out;
    }

    /** Waits until the target holds the source's rows through the task's mapping, then asserts it once more. */
    private static void awaitConsistent(TestDatabase target, TestDatabase source, ReplicationTask task) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                assertThat(target).usingMapping(task.mapping()).isConsistentWith(source);
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    @Test
    void twoMariaDbShopsIntoOnePostgresDatabaseOnOneInstance() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase east = TestDatabase.create(Engine.MARIADB); TestDatabase west = TestDatabase.create(Engine.MARIADB);
             TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             ReplicationInstance instance = ReplicationInstance.builder().name("consolidation-" + run).maxSegments(3)
                     .memoryBytes(48L << 20).build()) {
            shop(east, 1, 2_500);
            shop(west, 100_001, 3_000);
            target.execute("CREATE SCHEMA east", "CREATE SCHEMA west");
            ReplicationTask eastTask = task("east-" + run, east, target, "east", instance);
            ReplicationTask westTask = task("west-" + run, west, target, "west", instance);
            try (TaskHandle e = eastTask.start(); TaskHandle w = westTask.start()) {
                assertThat(e.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                assertThat(w.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                assertThat(target).usingMapping(eastTask.mapping()).isConsistentWith(east);
                assertThat(target).usingMapping(westTask.mapping()).isConsistentWith(west);

                east.execute("INSERT INTO customers VALUES (5001, 'new east')", "INSERT INTO orders VALUES (5001, 5001, 9.99)",
                        "UPDATE orders SET amount = amount + 1 WHERE id <= 50", "DELETE FROM orders WHERE id BETWEEN 100 AND 119");
                west.execute("INSERT INTO customers VALUES (200001, 'new west')",
                        "UPDATE customers SET name = 'renamed' WHERE id BETWEEN 100001 AND 100010",
                        "DELETE FROM customers WHERE id = 100020", "DELETE FROM orders WHERE customer_id = 100020");
                awaitConsistent(target, east, eastTask);
                awaitConsistent(target, west, westTask);
                assertThat(lines(target, "SELECT count(*), sum(amount) FROM east.orders"))
                        .containsExactly(lines(east, "SELECT count(*), sum(amount) FROM orders").get(0));
                assertThat(lines(target, "SELECT task_name, phase FROM " + target.controlSchema()
                        + ".awsdms_txn_state WHERE task_name LIKE '%-" + run + "' ORDER BY task_name"))
                        .containsExactly("east-" + run + "|APPLYING", "west-" + run + "|APPLYING");

                TaskStatus eastDone = e.stop();
                TaskStatus westDone = w.stop();
                assertThat(eastDone.errors()).isEmpty();
                assertThat(westDone.errors()).isEmpty();
                assertThat(eastDone.changesApplied()).isEqualTo(1 + 1 + 50 + 20);
                assertThat(westDone.changesApplied()).isEqualTo(1 + 10 + 1 + 1);
                assertThat(eastDone.rowsLoaded()).isEqualTo(5_000);
                assertThat(westDone.rowsLoaded()).isEqualTo(6_000);
                assertThat(lines(target, "SELECT task_name, task_status FROM " + target.controlSchema()
                        + ".awsdms_status ORDER BY task_name"))
                        .containsExactly("east-" + run + "|NOT RUNNING", "west-" + run + "|NOT RUNNING");
            } finally {
                eastTask.deleteState();
                westTask.deleteState();
            }
        }
    }

    /** Waits until a query gives the same lines on both databases, then returns them. */
    private static List<String> awaitSame(TestDatabase target, String targetSql, TestDatabase source, String sourceSql)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<String> expected = lines(source, sourceSql);
            List<String> actual = lines(target, targetSql);
            if (actual.equals(expected) || System.nanoTime() > end) {
                assertThat(actual).containsExactlyElementsOf(expected);
                return actual;
            }
            Thread.sleep(250);
        }
    }

    /**
     * Two shards of one table (disjoint keys) into the same target table, which both tasks keep
     * (DO_NOTHING): neither task's load, changes or control rows disturb the other's rows.
     */
    @Test
    void twoShardsIntoOneTargetTable() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase east = TestDatabase.create(Engine.MARIADB); TestDatabase west = TestDatabase.create(Engine.MARIADB);
             TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             ReplicationInstance instance = ReplicationInstance.builder().name("shards-" + run).maxSegments(2).build()) {
            shop(east, 1, 2_000);
            shop(west, 100_001, 2_000);
            target.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(60))",
                    "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2))");
            ReplicationTask eastTask = task("east-" + run, east, target, TableMapping.builder().include(east.schema(), "orders")
                    .renameSchema(east.schema(), target.schema()).build(), TargetTablePrepMode.DO_NOTHING, instance);
            ReplicationTask westTask = task("west-" + run, west, target, TableMapping.builder().include(west.schema(), "orders")
                    .renameSchema(west.schema(), target.schema()).build(), TargetTablePrepMode.DO_NOTHING, instance);
            String eastRows = "SELECT id, amount FROM orders WHERE id < 100000 ORDER BY id";
            String westRows = "SELECT id, amount FROM orders WHERE id > 100000 ORDER BY id";
            try (TaskHandle e = eastTask.start(); TaskHandle w = westTask.start()) {
                assertThat(e.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                assertThat(w.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                assertThat(lines(target, "SELECT count(*), count(DISTINCT id) FROM orders")).containsExactly("4000|4000");

                east.execute("INSERT INTO orders VALUES (3001, 1, 1.00)", "UPDATE orders SET amount = 0 WHERE id <= 5",
                        "DELETE FROM orders WHERE id = 10");
                west.execute("INSERT INTO orders VALUES (103001, 1, 2.00)", "DELETE FROM orders WHERE id BETWEEN 100001 AND 100003");
                assertThat(awaitSame(target, eastRows, east, "SELECT id, amount FROM orders ORDER BY id")).hasSize(2_000);
                assertThat(awaitSame(target, westRows, west, "SELECT id, amount FROM orders ORDER BY id")).hasSize(1_998);
                assertThat(e.stop().errors()).isEmpty();
                assertThat(w.stop().errors()).isEmpty();
            } finally {
                eastTask.deleteState();
                westTask.deleteState();
            }
        }
    }
}
