package io.dmskit.it;

import io.dmskit.DdlPolicy;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
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
import java.util.Locale;
import java.util.UUID;

import static io.dmskit.it.Sql.awaitRow;
import static io.dmskit.it.Sql.lines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Column type changes during CDC ({@link DdlPolicy.Kind#ALTER_COLUMN_TYPE}): a widened varchar and
 * an int made bigint at the source reach the target's columns, and the values written after the
 * change, which only the new types hold, arrive exactly; IGNORE keeps the target's types and FAIL
 * stops the task before anything of the change is applied.
 */
class CdcTypeChangeIT {
    private static final String LONG_NAME = "a name that needs more than ten characters";
    private static final long BIG = 5_000_000_000L;

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void postgresTypeChangesAreAppliedToThePostgresTarget() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(10), qty int, price numeric(5,2))",
                    "INSERT INTO items VALUES (1, 'a', 1, 1.50)");
            runWidening(source, target, name("cdc-retype-pg"),
                    "ALTER TABLE items ALTER COLUMN name TYPE varchar(50)",
                    "ALTER TABLE items ALTER COLUMN qty TYPE bigint",
                    "ALTER TABLE items ALTER COLUMN price TYPE numeric(12,4)");
            assertThat(types(target, "items")).containsExactly("id integer", "name character varying(50)", "qty bigint",
                    "price numeric(12,4)");
        }
    }

    @Test
    void mariaDbTypeChangesAreAppliedToThePostgresTarget() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(10), qty int, price decimal(5,2))",
                    "INSERT INTO items VALUES (1, 'a', 1, 1.50)");
            runWidening(source, target, name("cdc-retype-maria"),
                    "ALTER TABLE items MODIFY name varchar(50)",
                    "ALTER TABLE items MODIFY qty BIGINT",
                    "ALTER TABLE items MODIFY price decimal(12,4)");
            assertThat(types(target, "items")).containsExactly("id integer", "name character varying(50)", "qty bigint",
                    "price numeric(12,4)");
        }
    }

    @Test
    void mariaDbTypeChangesAreAppliedToTheMariaDbTarget() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(10) NOT NULL DEFAULT 'x', qty int,"
                            + " price decimal(5,2))",
                    "INSERT INTO items VALUES (1, 'a', 1, 1.50)");
            runWidening(source, target, name("cdc-retype-m2m"),
                    "ALTER TABLE items MODIFY name varchar(50) NOT NULL DEFAULT 'x'",
                    "ALTER TABLE items MODIFY qty BIGINT",
                    "ALTER TABLE items MODIFY price decimal(12,4)");
            assertThat(types(target, "items")).containsExactly("id int(11)", "name varchar(50)", "qty bigint(20)",
                    "price decimal(12,4)");
            // MODIFY restated the column: its NOT NULL and its default stay
            assertThat(lines(target, "SELECT is_nullable, column_default FROM information_schema.columns WHERE table_schema = '"
                    + target.schema() + "' AND table_name = 'items' AND column_name = 'name'")).containsExactly("NO|'x'");
        }
    }

    /** Full load, then the type changes, then rows that only the new types hold; the target ends equal to the source. */
    private static void runWidening(TestDatabase source, TestDatabase target, String taskName, String... alters) throws Exception {
        ReplicationTask task = task(source, target, taskName, TaskSettings.builder());
        try (TaskHandle h = task.start()) {
            h.awaitFullLoad(Duration.ofMinutes(1));
            // a change before the type change, so that capture has seen the old shape
            source.execute("UPDATE items SET qty = 2 WHERE id = 1");
            awaitRow(target, "SELECT count(*) FROM " + qualified(target, "items") + " WHERE id = 1 AND qty = 2");
            source.execute(alters);
            source.execute("INSERT INTO items VALUES (2, '" + LONG_NAME + "', " + BIG + ", 12345678.1234)",
                    "UPDATE items SET name = '" + LONG_NAME + " too', qty = " + (BIG + 1) + ", price = 99999999.9999 WHERE id = 1",
                    "INSERT INTO items VALUES (3, 'small', 3, 3)");
            awaitRow(target, "SELECT count(*) FROM " + qualified(target, "items") + " WHERE id = 3");
            TaskStatus stopped = h.stop();
            assertThat(stopped.errors()).isEmpty();
            assertThat(stopped.tables()).singleElement().satisfies(t -> assertThat(t.ddls()).isEqualTo(3));
        } finally {
            task.deleteState();
        }
        String select = "SELECT id, name, qty, price FROM %s ORDER BY id";
        assertThat(lines(target, String.format(select, qualified(target, "items"))))
                .isEqualTo(lines(source, String.format(select, "items")))
                .containsExactly("1|" + LONG_NAME + " too|" + (BIG + 1) + "|99999999.9999", "2|" + LONG_NAME + "|" + BIG
                        + "|12345678.1234", "3|small|3|3.0000");
    }

    @Test
    void ignoredTypeChangesKeepTheTargetTypesAndFailingOnesStopTheTask() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(10), qty int)", "INSERT INTO items VALUES (1, 'a', 1)",
                    "CREATE TABLE other (id int PRIMARY KEY, code varchar(5))", "INSERT INTO other VALUES (1, 'x')");
            String taskName = name("cdc-retype-policy");
            ReplicationTask task = task(source, target, taskName, TaskSettings.builder()
                    .ddlPolicy(DdlPolicy.Kind.ALTER_COLUMN_TYPE, DdlPolicy.IGNORE));
            try (TaskHandle h = task.start()) {
                h.awaitFullLoad(Duration.ofMinutes(1));
                source.execute("ALTER TABLE items ALTER COLUMN qty TYPE bigint", "ALTER TABLE items ALTER COLUMN name TYPE varchar(50)",
                        "INSERT INTO items VALUES (2, 'b', 2)");
                awaitRow(target, "SELECT count(*) FROM public.items WHERE id = 2");
                // a value that only the new type holds does not fit the kept target column: a data error, recorded
                source.execute("INSERT INTO items VALUES (3, 'c', " + BIG + ")", "INSERT INTO items VALUES (4, 'd', 4)");
                awaitRow(target, "SELECT count(*) FROM public.items WHERE id = 4");
                h.stop();
                assertThat(lines(target, "SELECT table_name || '|' || operation || '|' || row_key FROM dmskit.awsdms_apply_exceptions"
                        + " WHERE task_name = '" + taskName + "'")).containsExactly("items|INSERT|id=3");
            } finally {
                task.deleteState();
            }
            assertThat(types(target, "items")).containsExactly("id integer", "name character varying(10)", "qty integer");
            assertThat(lines(target, "SELECT id, name, qty FROM public.items ORDER BY id")).containsExactly("1|a|1", "2|b|2", "4|d|4");

            String failing = name("cdc-retype-fail");
            ReplicationTask strict = task(source, target, failing, TaskSettings.builder()
                    .ddlPolicy(DdlPolicy.Kind.ALTER_COLUMN_TYPE, DdlPolicy.FAIL));
            try (TaskHandle h = strict.start()) {
                h.awaitFullLoad(Duration.ofMinutes(1));
                source.execute("ALTER TABLE other ALTER COLUMN code TYPE varchar(20)", "INSERT INTO other VALUES (2, 'longer code')");
                TaskStatus failed = h.awaitCompletion(Duration.ofMinutes(1));
                assertThat(failed.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains(
                        "Task " + failing + ", table " + source.schema() + ".other: the source ran ALTER COLUMN code TYPE"
                                + " character varying(20) (was character varying(5)) (at source position ",
                        "the task's DDL policy for ALTER_COLUMN_TYPE is FAIL. Nothing of it was applied."));
            } finally {
                strict.deleteState();
            }
            assertThat(types(target, "other")).containsExactly("id integer", "code character varying(5)");
            assertThat(lines(target, "SELECT id, code FROM public.other ORDER BY id")).containsExactly("1|x");
        }
    }

    private static ReplicationTask task(TestDatabase source, TestDatabase target, String name, TaskSettings.Builder settings) {
        return ReplicationTask.builder().name(name).source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                .mapping(source.mappingTo(target))
                .type(MigrationType.FULL_LOAD_AND_CDC)
                .settings(settings.controlSchema(target.controlSchema()).build()).build();
    }

    private static String qualified(TestDatabase db, String table) {
        return db.engine() == Engine.POSTGRESQL ? "public." + table : "`" + db.schema() + "`." + table;
    }

    /** Each column as {@code name type}, in order, the type as the target's information_schema spells it. */
    private static List<String> types(TestDatabase db, String table) throws SQLException {
        String type = db.engine() == Engine.POSTGRESQL
                ? "CASE WHEN character_maximum_length IS NOT NULL THEN data_type || '(' || character_maximum_length || ')'"
                + " WHEN data_type = 'numeric' THEN data_type || '(' || numeric_precision || ',' || numeric_scale || ')'"
                + " ELSE data_type END"
                : "column_type";
        List<String> out = new ArrayList<>();
        for (String l : lines(db, "SELECT column_name, " + type + " FROM information_schema.columns WHERE table_schema = '"
                + db.schema() + "' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            out.add(l.replace('|', ' ').toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
