package io.dmskit.it.schema;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.TypeRules;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task's type rules (TaskSettings.typeRules) decide the target column types of the tables it
 * creates, and their value fixers run on the loaded rows and on the changes that CDC applies;
 * generated columns are written by neither (the target computes them). MariaDB to PostgreSQL,
 * full load then CDC, with the opt-in rule tinyint1-to-boolean.
 */
class TypeRulesInTaskIT {

    @Test
    void aUserRuleDecidesTheTargetTypeAndItsFixerRunsInTheLoadAndInCdc() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB);
             TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE flags (id int PRIMARY KEY, active tinyint(1) NOT NULL, qty int,"
                            + " doubled int AS (qty * 2) STORED)",
                    "INSERT INTO flags (id, active, qty) VALUES (1, 1, 5), (2, 0, 7)");
            ReplicationTask task = ReplicationTask.builder().name("rules-" + UUID.randomUUID().toString().substring(0, 8))
                    .source(source.endpoint("source")).target(target.endpoint("target"))
                    .mapping(TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), target.schema())
                            .build())
                    .type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema())
                            .typeRules(TypeRules.defaults().with(TypeRules.TINYINT1_TO_BOOLEAN)).build())
                    .build();
            try (TaskHandle h = task.start()) {
                TaskStatus loaded = h.awaitFullLoad(Duration.ofMinutes(2));
                assertThat(loaded.state()).as("%s", loaded.errors()).isEqualTo(TaskState.RUNNING);
                try (Connection c = target.connect()) {
                    Table t = Engines.forEndpoint(target.endpoint()).dialect().readCatalog(c,
                            TableId.of(target.schema(), "flags")::equals).tables().get(0);
                    assertThat(t.column("active").orElseThrow().type().kind()).isEqualTo(TypeKind.BOOLEAN);
                    assertThat(t.column("doubled").orElseThrow().isGenerated()).isTrue();
                }
                assertThat(rows(target)).containsExactly("1 true 5 10", "2 false 7 14");

                source.execute("INSERT INTO flags (id, active, qty) VALUES (3, 1, 10)",
                        "UPDATE flags SET active = 1, qty = 8 WHERE id = 2", "DELETE FROM flags WHERE id = 1");
                List<String> expected = List.of("2 true 8 16", "3 true 10 20");
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (!rows(target).equals(expected) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(rows(target)).as("%s", h.status().errors()).isEqualTo(expected);
                TaskStatus stopped = h.stop();
                assertThat(stopped.errors()).isEmpty();
            } finally {
                task.deleteState();
            }
        }
    }

    private static List<String> rows(TestDatabase target) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = target.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, active, qty, doubled FROM flags ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + " " + rs.getBoolean(2) + " " + rs.getInt(3) + " " + rs.getInt(4));
            }
        }
        return out;
    }
}
