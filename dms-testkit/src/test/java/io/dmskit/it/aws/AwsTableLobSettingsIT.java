package io.dmskit.it.aws;

import io.dmskit.LobSettings;
import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.schema.Dialects;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table-settings {@code lob-settings}: each table's LOB mode and limit override the task's
 * ({@code TargetMetadata}) for that table only. Three tables with the same rows (values of 500
 * bytes, 2 KB and 40 KB) in one task whose own limit is the default 32 KB: {@code limited} with
 * {@code bulk-max-size} 1 KB, {@code unlimited}, and no rule (the task's limit).
 */
class AwsTableLobSettingsIT {

    private static String[] source(Engine engine) {
        List<String> sql = new ArrayList<>();
        String type = engine == Engine.POSTGRESQL ? "text" : "LONGTEXT";
        String repeat = engine == Engine.POSTGRESQL ? "repeat" : "REPEAT";
        for (String t : List.of("small_docs", "big_docs", "task_docs")) {
            sql.add("CREATE TABLE " + t + " (id INT PRIMARY KEY, body " + type + ")");
            sql.add("INSERT INTO " + t + " VALUES (1, " + repeat + "('a', 500)), (2, " + repeat + "('b', 2048)),"
                    + " (3, " + repeat + "('c', 40960))");
        }
        return sql.toArray(String[]::new);
    }

    private static TableMapping mapping(TestDatabase source, TestDatabase target) {
        String schema = AwsMappingIT.literal(source.schema());
        return TableMapping.fromAwsJson("""
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "all",
                   "object-locator": {"schema-name": "%1$s", "table-name": "%%"}, "rule-action": "include"},
                  {"rule-type": "table-settings", "rule-id": "2", "rule-name": "small-lobs",
                   "object-locator": {"schema-name": "%1$s", "table-name": "small_docs"},
                   "lob-settings": {"mode": "limited", "bulk-max-size": "1"}},
                  {"rule-type": "table-settings", "rule-id": "3", "rule-name": "whole-lobs",
                   "object-locator": {"schema-name": "%1$s", "table-name": "big_docs"},
                   "lob-settings": {"mode": "unlimited", "bulk-max-size": "0"}},
                  {"rule-type": "transformation", "rule-id": "4", "rule-name": "to-target", "rule-target": "schema",
                   "object-locator": {"schema-name": "%1$s"}, "rule-action": "rename", "value": "%2$s"}
                ]}""".formatted(schema, target.schema()));
    }

    private static List<String> ids(TestDatabase db, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, length(body) FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }

    private static List<String> exceptions(TestDatabase target, String task) throws Exception {
        ControlTables control = new ControlTables(Dialects.forEngine(target.engine() == Engine.POSTGRESQL ? "postgresql"
                : "mariadb").orElseThrow(), "dmskit_lobs");
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

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void eachTableFollowsItsOwnLobSettings(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(source(engine));
            TaskStatus status = ReplicationTask.builder().name("table-lobs").source(AwsMappingIT.endpoint(source, "source"))
                    .target(AwsMappingIT.endpoint(target, "target")).mapping(mapping(source, target))
                    .settings(TaskSettings.builder().controlSchema("dmskit_lobs").lobSettings(LobSettings.defaults())
                            .maxParallelSegments(3).build())
                    .build().run(StartMode.RELOAD);
            assertThat(status.errors()).isEmpty();
            String t = target.schema() + ".";
            // limited to 1 KB by its rule: the 2 KB and 40 KB values are left out and recorded, never truncated
            assertThat(ids(target, t + "small_docs")).containsExactly("1:500");
            // unlimited (full LOB mode) by its rule: every value, whole
            assertThat(ids(target, t + "big_docs")).containsExactly("1:500", "2:2048", "3:40960");
            // no rule: the task's limit of 32 KB
            assertThat(ids(target, t + "task_docs")).containsExactly("1:500", "2:2048");
            List<String> recorded = exceptions(target, "table-lobs");
            assertThat(recorded).hasSize(3);
            assertThat(recorded).anySatisfy(x -> assertThat(x).startsWith("small_docs|id=2|")
                    .contains("a LOB value of 2048 bytes is larger than LobMaxSize (1 KB) of limited LOB mode"));
            assertThat(recorded).anySatisfy(x -> assertThat(x).startsWith("small_docs|id=3|")
                    .contains("a LOB value of 40960 bytes is larger than LobMaxSize (1 KB)"));
            assertThat(recorded).anySatisfy(x -> assertThat(x).startsWith("task_docs|id=3|")
                    .contains("a LOB value of 40960 bytes is larger than LobMaxSize (32 KB)"));
        }
    }

    @org.junit.jupiter.api.Test
    void cdcChangesFollowTheirTablesLobSettings() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(source(Engine.POSTGRESQL));
            String name = "table-lobs-cdc-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            ReplicationTask task = ReplicationTask.builder().name(name).source(AwsMappingIT.endpoint(source, "source"))
                    .target(AwsMappingIT.endpoint(target, "target")).mapping(mapping(source, target))
                    .type(io.dmskit.MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema("dmskit_lobs").lobSettings(LobSettings.defaults())
                            .maxParallelSegments(3).build())
                    .build();
            String t = target.schema() + ".";
            try (var handle = task.start()) {
                handle.awaitFullLoad(java.time.Duration.ofMinutes(2));
                source.execute("INSERT INTO small_docs VALUES (4, repeat('d', 2048))",
                        "INSERT INTO big_docs VALUES (4, repeat('d', 2048))",
                        "INSERT INTO task_docs VALUES (4, repeat('d', 40960)), (5, repeat('e', 2048))");
                long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
                while (ids(target, t + "task_docs").size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(handle.stop().errors()).isEmpty();
            } finally {
                task.deleteState();
            }
            assertThat(ids(target, t + "small_docs")).containsExactly("1:500");
            assertThat(ids(target, t + "big_docs")).containsExactly("1:500", "2:2048", "3:40960", "4:2048");
            assertThat(ids(target, t + "task_docs")).containsExactly("1:500", "2:2048", "5:2048");
            List<String> recorded = exceptions(target, name);
            assertThat(recorded).anySatisfy(x -> assertThat(x).startsWith("small_docs|id=4|")
                    .contains("a LOB value of 2048 bytes is larger than LobMaxSize (1 KB) of limited LOB mode"));
            assertThat(recorded).anySatisfy(x -> assertThat(x).startsWith("task_docs|id=4|")
                    .contains("a LOB value of 40960 bytes is larger than LobMaxSize (32 KB)"));
        }
    }

    @org.junit.jupiter.api.Test
    void thePremigrationAssessmentMeasuresEachTableAgainstItsOwnLimit() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(source(Engine.POSTGRESQL));
            io.dmskit.PremigrationAssessment a = ReplicationTask.builder().name("table-lobs-assess")
                    .source(AwsMappingIT.endpoint(source, "source")).target(AwsMappingIT.endpoint(target, "target"))
                    .mapping(mapping(source, target))
                    .settings(TaskSettings.builder().controlSchema("dmskit_lobs").lobSettings(LobSettings.defaults()).build())
                    .build().assess();
            java.util.function.Function<String, io.dmskit.PremigrationAssessment.Finding> lob = table -> {
                var found = a.findings("lob-size").stream().filter(f -> f.object().contains(table + ".body")).toList();
                assertThat(found).as("%s", a).hasSize(1);
                return found.get(0);
            };
            assertThat(lob.apply("small_docs").message())
                    .startsWith("The largest value is 40960 bytes, above the limited LOB size of 1 KB");
            assertThat(lob.apply("big_docs").severity()).isEqualTo(io.dmskit.PremigrationAssessment.Severity.INFO);
            assertThat(lob.apply("task_docs").message())
                    .startsWith("The largest value is 40960 bytes, above the limited LOB size of 32 KB");
        }
    }
}
