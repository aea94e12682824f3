package io.dmskit.it;

import io.dmskit.DdlPolicy;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.DmskitAssertions;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

import static io.dmskit.it.Sql.awaitRow;
import static io.dmskit.it.Sql.lines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables created at the source while CDC runs: one that the task's mapping selects is created in
 * the target (under the mapping's names), loaded and kept in step, with every row written to it
 * right after its creation (before capture could include it, while it loads, and after); one
 * that the mapping leaves out is not created. The DDL policy for CREATE_TABLE: IGNORE leaves the
 * table out, FAIL stops the task.
 */
class CdcNewTableIT {

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aNewPostgresTableIsCreatedLoadedAndKeptInStepDuringCdc() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            // a CDC task: the rows from before it starts are not copied, so there are none
            source.execute("CREATE TABLE base (id int PRIMARY KEY, val text)");
            newTableIsKeptInStep(source, target, MigrationType.CDC, "CREATE TABLE news (id int PRIMARY KEY, val text, n int)",
                    "CREATE TABLE tmp_x (id int PRIMARY KEY)");
        }
    }

    @Test
    void aNewMariaDbTableIsCreatedLoadedAndKeptInStepDuringFullLoadAndCdc() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE base (id int PRIMARY KEY, val varchar(20))", "INSERT INTO base VALUES (1, 'a')");
            newTableIsKeptInStep(source, target, MigrationType.FULL_LOAD_AND_CDC,
                    "CREATE TABLE news (id int PRIMARY KEY, val varchar(20), n int)", "CREATE TABLE tmp_x (id int PRIMARY KEY)");
        }
    }

    private static void newTableIsKeptInStep(TestDatabase source, TestDatabase target, MigrationType type, String createNews,
                                             String createExcluded) throws Exception {
        TableMapping mapping = TableMapping.builder().include(source.schema(), "%").exclude(source.schema(), "tmp%")
                .renameSchema(source.schema(), "public").renameTable(source.schema(), "news", "news_t")
                .renameColumn(source.schema(), "news", "val", "value_t").build();
        ReplicationTask task = task(source, target, name("cdc-newtable"), mapping, type, TaskSettings.builder());
        try (TaskHandle h = task.start()) {
            h.awaitFullLoad(Duration.ofMinutes(2));
            source.execute(createNews, createExcluded, "INSERT INTO tmp_x VALUES (1)");
            Random random = new Random(7);
            try (Connection c = source.connect()) {
                c.setAutoCommit(true);
                // rows right after the creation, before capture includes the table, during its load and after
                for (int i = 1; i <= 300; i++) {
                    write(c, "INSERT INTO news VALUES (?, ?, ?)", i, "v" + i, i);
                    if (i % 5 == 0) {
                        write(c, "UPDATE news SET n = n + 1000 WHERE id = ?", random.nextInt(i) + 1);
                    }
                    if (i % 7 == 0) {
                        write(c, "DELETE FROM news WHERE id = ?", random.nextInt(i) + 1);
                    }
                    if (i % 10 == 0) {
                        write(c, "INSERT INTO base VALUES (?, ?)", 1000 + i, "b" + i);
                        Thread.sleep(20);
                    }
                }
                // the same keys again: deleted and inserted anew, updated twice
                for (int i = 1; i <= 50; i++) {
                    write(c, "DELETE FROM news WHERE id = ?", i);
                    write(c, "INSERT INTO news VALUES (?, ?, ?)", i, "again" + i, -i);
                    write(c, "UPDATE news SET val = ? WHERE id = ?", "twice" + i, i);
                }
                write(c, "INSERT INTO news VALUES (?, ?, ?)", 99_999, "last", 0);
                // the last change of all, to a table that only capture fills: once it is applied, every change before it
                // is (the new table's load can be ahead of capture, which applies its changes again over it)
                write(c, "INSERT INTO base VALUES (?, ?)", 99_999, "last");
            }
            awaitRow(h, target, "SELECT count(*) FROM public.news_t WHERE id = 99999");
            awaitRow(h, target, "SELECT count(*) FROM public.base WHERE id = 99999");
            TaskStatus stopped = h.stop();
            assertThat(stopped.errors()).isEmpty();
            assertThat(stopped.tables()).anySatisfy(t -> assertThat(t.source().name()).isEqualTo("news"));
        } finally {
            task.deleteState();
        }
        DmskitAssertions.assertThat(target).usingMapping(mapping).isConsistentWith(source);
        assertThat(lines(target, "SELECT count(*) FROM public.news_t")).isEqualTo(lines(source, "SELECT count(*) FROM news"));
        assertThat(lines(target, "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('tmp_x', 'news')"))
                .containsExactly("0");
        assertThat(lines(target, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = 'news_t' ORDER BY ordinal_position")).containsExactly("id", "value_t", "n");
    }

    @Test
    void aTableCreatedWhileTheTaskIsStoppedIsLoadedWhenItStartsAgain() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE base (id int PRIMARY KEY, val text)");
            TableMapping mapping = TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "public").build();
            ReplicationTask task = task(source, target, name("cdc-newtable-restart"), mapping, MigrationType.CDC, TaskSettings.builder());
            try {
                try (TaskHandle h = task.start()) {
                    h.awaitFullLoad(Duration.ofMinutes(1));
                    source.execute("INSERT INTO base VALUES (1, 'a')");
                    awaitRow(h, target, "SELECT count(*) FROM public.base WHERE id = 1");
                    assertThat(h.stop().errors()).isEmpty();
                }
                // while the task is stopped: a new table with rows, and changes to both
                source.execute("CREATE TABLE news (id int PRIMARY KEY, val text)",
                        "INSERT INTO news SELECT g, 'n' || g FROM generate_series(1, 500) g", "DELETE FROM news WHERE id % 10 = 0",
                        "INSERT INTO base VALUES (2, 'b')");
                try (TaskHandle h = task.start()) {
                    h.awaitFullLoad(Duration.ofMinutes(1));
                    source.execute("UPDATE news SET val = 'changed' WHERE id = 1", "INSERT INTO news VALUES (501, 'after')",
                            "INSERT INTO base VALUES (3, 'c')");
                    awaitRow(h, target, "SELECT count(*) FROM public.base WHERE id = 3");
                    assertThat(h.stop().errors()).isEmpty();
                }
            } finally {
                task.deleteState();
            }
            DmskitAssertions.assertThat(target).usingMapping(mapping).isConsistentWith(source);
            assertThat(lines(target, "SELECT count(*) FROM public.news")).containsExactly("451");
        }
    }

    /**
     * PostgreSQL lets only a table's owner add it to a publication: a new table that the task's
     * user does not own stops the task with a message that names the table and the fix.
     */
    @Test
    void aNewPostgresTableThatTheTaskUserDoesNotOwnStopsTheTaskNamingTheFix() throws Exception {
        String user = "dmskit_newtable_" + UUID.randomUUID().toString().substring(0, 6);
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            String sourceDb = source.jdbcUrl().replaceAll("^.*/([^/?]+).*$", "$1");
            source.execute("CREATE ROLE " + user + " LOGIN REPLICATION", "GRANT CREATE ON DATABASE " + sourceDb + " TO " + user,
                    "GRANT CREATE, USAGE ON SCHEMA public TO " + user);
            try {
                try (Connection c = java.sql.DriverManager.getConnection(source.jdbcUrl(), user, ""); Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE base (id int PRIMARY KEY, val text)");
                }
                String taskName = name("cdc-newtable-owner");
                TableMapping mapping = TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "public").build();
                ReplicationTask task = ReplicationTask.builder().name(taskName)
                        .source(io.dmskit.Endpoint.jdbc(source.jdbcUrl()).name("source").user(user).build())
                        .target(Fixtures.endpoint(target, "target")).mapping(mapping).type(MigrationType.CDC)
                        .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build();
                try (TaskHandle h = task.start()) {
                    h.awaitFullLoad(Duration.ofMinutes(1));
                    // created by another user (the superuser of the test)
                    source.execute("CREATE TABLE news (id int PRIMARY KEY)", "GRANT SELECT ON news TO " + user,
                            "INSERT INTO news VALUES (1)");
                    TaskStatus failed = h.awaitCompletion(Duration.ofMinutes(1));
                    String publication = io.dmskit.cdc.postgres.PostgresChangeSourceProvider.slotName(taskName);
                    assertThat(failed.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains(
                            "Task " + taskName + ": capture cannot include the new source table public.news: ",
                            "Task " + taskName + ": table public.news cannot be added to the task's publication \"" + publication
                                    + "\": ERROR: must be owner of table news",
                            "Have the owner run ALTER PUBLICATION \"" + publication + "\" ADD TABLE \"public\".\"news\"",
                            "Its target table is created but not loaded"));
                } finally {
                    task.deleteState();
                }
            } finally {
                source.execute("DROP OWNED BY " + user, "DROP ROLE " + user);
            }
        }
    }

    @Test
    void aNewTableIsLeftOutWhenTheCreateTablePolicyIsIgnore() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE base (id int PRIMARY KEY, val text)", "INSERT INTO base VALUES (1, 'a')");
            String taskName = name("cdc-newtable-ignore");
            TableMapping mapping = TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "public").build();
            ReplicationTask task = task(source, target, taskName, mapping, MigrationType.CDC,
                    TaskSettings.builder().ddlPolicy(DdlPolicy.Kind.CREATE_TABLE, DdlPolicy.IGNORE));
            try {
                try (TaskHandle h = task.start()) {
                    h.awaitFullLoad(Duration.ofMinutes(1));
                    source.execute("CREATE TABLE news (id int PRIMARY KEY)", "INSERT INTO news VALUES (1)");
                    awaitStatus(h, s -> s.warnings().stream().anyMatch(w -> w.contains("Table " + source.schema()
                            + ".news was created at the source during CDC and is left out: the DDL policy for CREATE_TABLE is IGNORE")));
                    source.execute("INSERT INTO news VALUES (2)", "INSERT INTO base VALUES (2, 'b')");
                    awaitRow(h, target, "SELECT count(*) FROM public.base WHERE id = 2");
                    assertThat(h.stop().errors()).isEmpty();
                }
                // a restart remembers that the table is left out
                try (TaskHandle h = task.start()) {
                    h.awaitFullLoad(Duration.ofMinutes(1));
                    source.execute("INSERT INTO news VALUES (3)", "INSERT INTO base VALUES (3, 'c')");
                    awaitRow(h, target, "SELECT count(*) FROM public.base WHERE id = 3");
                    TaskStatus stopped = h.stop();
                    assertThat(stopped.errors()).isEmpty();
                    assertThat(stopped.warnings()).anySatisfy(w -> assertThat(w).contains("news was created at the source"
                            + " during CDC and is left out"));
                }
            } finally {
                task.deleteState();
            }
            assertThat(lines(target, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'news'")).containsExactly("0");
            // a CDC task: base's row 1 from before it started is not copied
            assertThat(lines(target, "SELECT id FROM public.base ORDER BY id")).containsExactly("2", "3");
        }
    }

    @Test
    void aNewTableStopsTheTaskWhenTheCreateTablePolicyIsFail() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE base (id int PRIMARY KEY, val varchar(20))", "INSERT INTO base VALUES (1, 'a')");
            String taskName = name("cdc-newtable-fail");
            TableMapping mapping = TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "public").build();
            ReplicationTask task = task(source, target, taskName, mapping, MigrationType.CDC,
                    TaskSettings.builder().ddlPolicy(DdlPolicy.Kind.CREATE_TABLE, DdlPolicy.FAIL));
            try (TaskHandle h = task.start()) {
                h.awaitFullLoad(Duration.ofMinutes(1));
                source.execute("CREATE TABLE news (id int PRIMARY KEY)", "INSERT INTO news VALUES (1)");
                TaskStatus failed = h.awaitCompletion(Duration.ofMinutes(1));
                assertThat(failed.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains(
                        "Task " + taskName + ", table " + source.schema() + ".news: the table was created at the source during"
                                + " CDC (after source position ",
                        "but the task's DDL policy for CREATE_TABLE is FAIL. Nothing of it was created in the target."));
            } finally {
                task.deleteState();
            }
            assertThat(lines(target, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'news'")).containsExactly("0");
        }
    }

    private static void write(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private static ReplicationTask task(TestDatabase source, TestDatabase target, String name, TableMapping mapping,
                                        MigrationType type, TaskSettings.Builder settings) {
        return ReplicationTask.builder().name(name).source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                .mapping(mapping).type(type).settings(settings.controlSchema(target.controlSchema()).build()).build();
    }

    private static void awaitStatus(TaskHandle h, Predicate<TaskStatus> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(h.status())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the task's status did not come to the expected one within a minute: " + h.status());
    }
}
