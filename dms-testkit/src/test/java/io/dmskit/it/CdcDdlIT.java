package io.dmskit.it;

import io.dmskit.DdlPolicy;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
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

import static io.dmskit.it.Sql.awaitRow;
import static io.dmskit.it.Sql.lines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DDL during CDC: columns added, dropped and renamed at the source, and TRUNCATE, reach the
 * target as each kind's {@link DdlPolicy} says, and the changes after them are applied with the
 * table's new columns.
 */
class CdcDdlIT {

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void postgresColumnChangesAndTruncateAreAppliedToThePostgresTarget() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, name text, qty int)", "INSERT INTO items VALUES (1, 'a', 1)",
                    "CREATE TABLE logs (id int PRIMARY KEY, line text)", "INSERT INTO logs VALUES (1, 'x'), (2, 'y')");
            ReplicationTask task = task(source, target, name("cdc-ddl-pg"), TaskSettings.builder());
            try (TaskHandle h = task.start()) {
                h.awaitFullLoad(Duration.ofMinutes(1));
                // a value large enough to be TOASTed out of line (md5 text compresses poorly), below the default LOB limit
                String big = "(SELECT string_agg(md5(g::text), '') FROM generate_series(1, 400) g)";
                source.execute("ALTER TABLE items ADD COLUMN note text DEFAULT 'none'",
                        "INSERT INTO items (id, name, qty, note) VALUES (2, 'b', 2, " + big + ")",
                        "ALTER TABLE items RENAME COLUMN qty TO amount",
                        "UPDATE items SET amount = 10 WHERE id = 1",
                        // an update that leaves the TOASTed note as it is: the target keeps it
                        "UPDATE items SET amount = 20 WHERE id = 2",
                        "ALTER TABLE items DROP COLUMN name",
                        "INSERT INTO items (id, amount) VALUES (3, 3)",
                        "TRUNCATE logs",
                        "INSERT INTO logs VALUES (3, 'after')");
                awaitRow(target, "SELECT count(*) FROM public.logs WHERE id = 3");
                awaitRow(target, "SELECT count(*) FROM public.items WHERE id = 3");
                TaskStatus stopped = h.stop();
                assertThat(stopped.errors()).isEmpty();
            } finally {
                task.deleteState();
            }
            assertThat(columns(target, "items")).containsExactly("id", "amount", "note");
            assertThat(lines(target, "SELECT id, amount, length(note), left(note, 4) FROM public.items ORDER BY id"))
                    .isEqualTo(lines(source, "SELECT id, amount, length(note), left(note, 4) FROM items ORDER BY id"))
                    .containsExactly("1|10|4|none", "2|20|12800|c4ca", "3|3|4|none");
            assertThat(lines(target, "SELECT id, line FROM public.logs ORDER BY id")).containsExactly("3|after");
        }
    }

    @Test
    void ignoredColumnChangesLeaveTheTargetAsItIsAndFailingOnesStopTheTask() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, name text, qty int)", "INSERT INTO items VALUES (1, 'a', 1)");
            String taskName = name("cdc-ddl-policy");
            ReplicationTask task = task(source, target, taskName, TaskSettings.builder()
                    .ddlPolicy(DdlPolicy.Kind.ADD_COLUMN, DdlPolicy.IGNORE)
                    .ddlPolicy(DdlPolicy.Kind.RENAME_COLUMN, DdlPolicy.IGNORE)
                    .ddlPolicy(DdlPolicy.Kind.DROP_COLUMN, DdlPolicy.FAIL));
            try (TaskHandle h = task.start()) {
                h.awaitFullLoad(Duration.ofMinutes(1));
                source.execute("ALTER TABLE items ADD COLUMN note text", "ALTER TABLE items RENAME COLUMN qty TO amount",
                        "INSERT INTO items VALUES (2, 'b', 2, 'n')");
                awaitRow(target, "SELECT count(*) FROM public.items WHERE id = 2");
                assertThat(columns(target, "items")).containsExactly("id", "name", "qty");
                assertThat(lines(target, "SELECT id, qty FROM public.items ORDER BY id")).containsExactly("1|1", "2|2");

                source.execute("ALTER TABLE items DROP COLUMN name", "INSERT INTO items VALUES (3, 3, 'm')");
                TaskStatus failed = h.awaitCompletion(Duration.ofMinutes(1));
                assertThat(failed.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains(
                        "Task " + taskName + ", table " + source.schema() + ".items: the source ran DROP COLUMN name (at source position ",
                        "the task's DDL policy for DROP_COLUMN is FAIL. Nothing of it was applied."));
            } finally {
                task.deleteState();
            }
            assertThat(columns(target, "items")).containsExactly("id", "name", "qty");
            assertThat(lines(target, "SELECT id, qty FROM public.items ORDER BY id")).containsExactly("1|1", "2|2");
        }
    }

    @Test
    void mariaDbColumnChangesAndTruncateAreAppliedToThePostgresTarget() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20), qty int)", "INSERT INTO items VALUES (1, 'a', 1)",
                    "CREATE TABLE logs (id int PRIMARY KEY, line varchar(20))", "INSERT INTO logs VALUES (1, 'x')");
            ReplicationTask task = task(source, target, name("cdc-ddl-maria"), TaskSettings.builder());
            try (TaskHandle h = task.start()) {
                h.awaitFullLoad(Duration.ofMinutes(1));
                source.execute("ALTER TABLE items ADD COLUMN note varchar(10) DEFAULT 'none'",
                        "INSERT INTO items (id, name, qty, note) VALUES (2, 'b', 2, 'n2')",
                        "ALTER TABLE items CHANGE qty amount int",
                        "UPDATE items SET amount = 10 WHERE id = 1",
                        "ALTER TABLE items DROP COLUMN name",
                        "INSERT INTO items (id, amount) VALUES (3, 3)",
                        "TRUNCATE TABLE logs",
                        "INSERT INTO logs VALUES (3, 'after')");
                awaitRow(target, "SELECT count(*) FROM public.logs WHERE id = 3");
                assertThat(h.stop().errors()).isEmpty();
            } finally {
                task.deleteState();
            }
            assertThat(columns(target, "items")).containsExactly("id", "amount", "note");
            assertThat(lines(target, "SELECT id, amount, note FROM public.items ORDER BY id"))
                    .containsExactly("1|10|none", "2|2|n2", "3|3|none");
            assertThat(lines(target, "SELECT id, line FROM public.logs ORDER BY id")).containsExactly("3|after");
        }
    }

    /**
     * A MariaDB zero date captured by CDC follows the task's zero-date type rule as the full load
     * does: with zero-date-to-null it becomes NULL in the target (Debezium alone would deliver the
     * NOT NULL column's 1970-01-01).
     */
    @Test
    void aMariaDbZeroDateCapturedByCdcFollowsTheZeroDateRule() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE days (id int PRIMARY KEY, d date NOT NULL)", "INSERT INTO days VALUES (1, '2024-01-02')");
            ReplicationTask task = task(source, target, name("cdc-zero"), TaskSettings.builder()
                    .typeRules(io.dmskit.schema.TypeRules.defaults().with(io.dmskit.schema.TypeRules.zeroDateToNull())));
            try (TaskHandle h = task.start()) {
                h.awaitFullLoad(Duration.ofMinutes(1));
                source.execute("SET STATEMENT sql_mode = '' FOR INSERT INTO days VALUES (2, '0000-00-00')",
                        "INSERT INTO days VALUES (3, '1970-01-01')");
                awaitRow(target, "SELECT count(*) FROM public.days WHERE id = 3");
                assertThat(h.stop().errors()).isEmpty();
            } finally {
                task.deleteState();
            }
            assertThat(lines(target, "SELECT id, d FROM public.days ORDER BY id")).containsExactly("1|2024-01-02", "2|null", "3|1970-01-01");
        }
    }

    private static ReplicationTask task(TestDatabase source, TestDatabase target, String name, TaskSettings.Builder settings) {
        return ReplicationTask.builder().name(name).source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                .mapping(TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "public").build())
                .type(MigrationType.FULL_LOAD_AND_CDC)
                .settings(settings.controlSchema(target.controlSchema()).build()).build();
    }

    private static List<String> columns(TestDatabase target, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String l : lines(target, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            out.add(l);
        }
        return out;
    }
}
