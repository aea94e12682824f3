package io.dmskit.it.aws;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.schema.Dialects;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * add-column rules (corpus file {@code 09-add-column.json}) on real databases: the target table
 * gets the columns with their data types; the full load computes them from each source row (the
 * operation is {@code INSERT}, as in AWS DMS); CDC computes them from each insert and update, with
 * the change's operation and commit time; a value that does not fit its column (here a
 * {@code smallint} overflow) is a data error recorded in {@code awsdms_apply_exceptions} with
 * table, key and column, and the row is left out (the default policy, LOG_ERROR).
 */
class AwsAddColumnIT {

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"POSTGRESQL, POSTGRESQL", "MARIADB, POSTGRESQL", "MARIADB, MARIADB"})
    void addedColumnsAreComputedInTheFullLoadAndInCdc(Engine from, Engine to) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(to)) {
            source.execute(
                    "CREATE TABLE orders (id INT PRIMARY KEY, first_name VARCHAR(20), last_name VARCHAR(20),"
                            + " price DECIMAL(10,2), qty INT)",
                    "INSERT INTO orders VALUES (1, 'Ada', 'Lovelace', 2.50, 3), (2, 'Alan', 'Turing', 1.25, 4),"
                            + " (3, 'Big', 'Order', 1.00, 40)");
            TableMapping mapping = AwsMappingIT.mapping("09-add-column.json", source, target);
            String name = "aws-add-" + UUID.randomUUID().toString().substring(0, 8);
            ReplicationTask task = ReplicationTask.builder().name(name)
                    .source(AwsMappingIT.endpoint(source, "source")).target(AwsMappingIT.endpoint(target, "target"))
                    .mapping(mapping).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema("dmskit").build()).build();
            try (TaskHandle handle = task.start()) {
                TaskStatus loaded = handle.awaitFullLoad(Duration.ofMinutes(2));
                assertThat(loaded.state()).as("%s", loaded.errors()).isEqualTo(TaskState.RUNNING);
                // row 3: 40 * 1000 does not fit int2: recorded, left out
                assertThat(rows(target)).containsExactly(
                        "1|Ada Lovelace|7.50|I|orders|3000",
                        "2|Alan Turing|5.00|I|orders|4000");
                assertThat(committedIsSet(target)).containsExactly("1:t", "2:t");
                String committed1 = committed(target, 1);

                source.execute(
                        "INSERT INTO orders VALUES (4, 'Grace', 'Hopper', 3.00, 2)",
                        "UPDATE orders SET qty = 5 WHERE id = 1",
                        "DELETE FROM orders WHERE id = 2",
                        "INSERT INTO orders VALUES (5, 'Too', 'Many', 1.00, 50)",
                        "INSERT INTO orders VALUES (6, 'Last', 'One', 0.10, 1)");
                List<String> expected = List.of(
                        "1|Ada Lovelace|12.50|U|orders|5000",
                        "4|Grace Hopper|6.00|I|orders|2000",
                        "6|Last One|0.10|I|orders|1000");
                await(target, expected);
                assertThat(committed(target, 1)).as("the update's commit time").isNotEqualTo(committed1);
                TaskStatus stopped = handle.stop();
                assertThat(stopped.errors()).isEmpty();
                assertThat(exceptions(target, name)).hasSize(2).allSatisfy(x -> assertThat(x)
                        .contains("orders|id=")
                        .contains("column qty_k")
                        .contains("rule 8 'qty-k' (add-column): expression '$qty * 1000' gives")
                        .contains("which is out of the range -32768 to 32767 of column qty_k"));
                assertThat(exceptions(target, name)).anySatisfy(x -> assertThat(x).startsWith("orders|id=3|"))
                        .anySatisfy(x -> assertThat(x).startsWith("orders|id=5|"));
            } finally {
                task.deleteState();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void aTargetTableWithoutTheAddedColumnIsRefusedNamingTableAndColumn(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            source.execute("CREATE TABLE orders (id INT PRIMARY KEY, first_name VARCHAR(20), last_name VARCHAR(20),"
                    + " price DECIMAL(10,2), qty INT)", "INSERT INTO orders VALUES (1, 'Ada', 'Lovelace', 2.50, 3)");
            target.execute("CREATE TABLE orders (id INT PRIMARY KEY, first_name VARCHAR(20), last_name VARCHAR(20),"
                    + " price DECIMAL(10,2), qty INT, full_name VARCHAR(50), total DECIMAL(12,2), op CHAR(1),"
                    + " source_table VARCHAR(64), qty_k SMALLINT)");
            ReplicationTask task = ReplicationTask.builder().name("aws-add-missing")
                    .source(AwsMappingIT.endpoint(source, "source")).target(AwsMappingIT.endpoint(target, "target"))
                    .mapping(AwsMappingIT.mapping("09-add-column.json", source, target))
                    .settings(TaskSettings.builder().controlSchema("dmskit")
                            .prepMode(TargetTablePrepMode.TRUNCATE_BEFORE_LOAD).build()).build();
            try {
                TaskStatus status = task.run(StartMode.RELOAD);
                assertThat(status.state()).isEqualTo(TaskState.FAILED);
                assertThat(status.errors().stream().map(io.dmskit.TaskError::message).collect(java.util.stream.Collectors.joining("\n")))
                        .contains("Target table " + target.schema() + ".orders exists with an incompatible shape for source"
                                + " table " + source.schema() + ".orders: column committed that rule 7 'committed'"
                                + " (add-column) adds is missing. Add the column to the target table, or use prep mode"
                                + " DROP_AND_CREATE, which creates it.");
            } catch (io.dmskit.error.DmsException e) {
                assertThat(e.getMessage()).contains("column committed that rule 7 'committed' (add-column) adds is missing");
            } finally {
                task.deleteState();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void operationIndicatorKeepsADeletedRowFlagged(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            source.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))",
                    "INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
            // the service's own example: "Flagging target records using an expression"
            TableMapping mapping = TableMapping.fromAwsJson("""
                    {"rules": [
                      {"rule-type": "selection", "rule-id": "1", "rule-name": "1", "rule-action": "include",
                       "object-locator": {"schema-name": "%s", "table-name": "items"}},
                      {"rule-type": "transformation", "rule-id": "2", "rule-name": "2", "rule-action": "rename",
                       "rule-target": "schema", "object-locator": {"schema-name": "%s"}, "value": "%s"},
                      {"rule-type": "transformation", "rule-id": "3", "rule-name": "3", "rule-action": "add-column",
                       "rule-target": "column", "object-locator": {"schema-name": "%s", "table-name": "items"},
                       "value": "Operation", "expression": "operation_indicator('D', 'U', 'I')",
                       "data-type": {"type": "string", "length": 50}}]}
                    """.formatted(AwsMappingIT.literal(source.schema()), AwsMappingIT.literal(source.schema()),
                    target.schema(), AwsMappingIT.literal(source.schema())));
            ReplicationTask task = ReplicationTask.builder().name("aws-flag-" + UUID.randomUUID().toString().substring(0, 8))
                    .source(AwsMappingIT.endpoint(source, "source")).target(AwsMappingIT.endpoint(target, "target"))
                    .mapping(mapping).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema("dmskit").build()).build();
            try (TaskHandle handle = task.start()) {
                TaskStatus loaded = handle.awaitFullLoad(Duration.ofMinutes(2));
                assertThat(loaded.state()).as("%s", loaded.errors()).isEqualTo(TaskState.RUNNING);
                assertThat(flags(target)).containsExactly("1|one|I", "2|two|I", "3|three|I");
                source.execute("UPDATE items SET name = 'uno' WHERE id = 1", "DELETE FROM items WHERE id = 2",
                        "INSERT INTO items VALUES (4, 'four')");
                List<String> expected = List.of("1|uno|U", "2|two|D", "3|three|I", "4|four|I");
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (!flags(target).equals(expected) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(flags(target)).as("the deleted row stays, flagged D").isEqualTo(expected);
                TaskStatus stopped = handle.stop();
                assertThat(stopped.errors()).isEmpty();
            } finally {
                task.deleteState();
            }
        }
    }

    static List<String> flags(TestDatabase db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, name, " + quote(db, "Operation") + " FROM "
                     + quote(db, db.schema()) + "." + quote(db, "items") + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return out;
    }

    private static String quote(TestDatabase db, String name) {
        return db.engine() == Engine.POSTGRESQL ? "\"" + name + "\"" : "`" + name + "`";
    }

    private static String table(TestDatabase db) {
        return quote(db, db.schema()) + "." + quote(db, "orders");
    }

    static List<String> rows(TestDatabase db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, full_name, total, op, source_table, qty_k FROM " + table(db)
                     + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                        + rs.getString(5) + "|" + rs.getString(6));
            }
        }
        return out;
    }

    static List<String> committedIsSet(TestDatabase db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, committed FROM " + table(db) + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + (rs.getObject(2) != null ? "t" : "f"));
            }
        }
        return out;
    }

    static String committed(TestDatabase db, int id) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT committed FROM " + table(db) + " WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : "(no row)";
        }
    }

    static void await(TestDatabase target, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        List<String> seen = null;
        while (System.nanoTime() < deadline) {
            seen = rows(target);
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("the target's orders did not become " + expected + " within a minute; last seen: " + seen);
    }

    static List<String> exceptions(TestDatabase target, String task) throws Exception {
        ControlTables control = new ControlTables(Dialects.forEngine(target.engine() == Engine.POSTGRESQL ? "postgresql"
                : "mariadb").orElseThrow(), "dmskit");
        List<String> out = new ArrayList<>();
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            for (ControlTables.ApplyException x : control.applyExceptions(c, task)) {
                out.add(x.source().name() + "|" + x.rowKey() + "|" + x.message());
            }
            c.rollback();
        }
        return out;
    }
}
