package io.dmskit.it.reliability;

import io.dmskit.ReplicationTask;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identifiers that break naive SQL: reserved words, mixed case, spaces, quotes, unicode, names at
 * the engine's length limit, and a table named {@code x'); DROP TABLE y; --}. Every table
 * migrates under its own name with its rows, and a table {@code y} in the target is untouched.
 */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("bad input: identifiers")
class IdentifiersIT {
    static final String INJECTION = "x'); DROP TABLE y; --";

    private static String pg(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String my(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static List<String> names(int limit) {
        return List.of("select", "order", "MixedCase", "with space", "quote\"d", "it's", "back`tick", "ünïcødé_表", INJECTION,
                "n" + "x".repeat(limit - 1));
    }

    @Test
    @DisplayName("reserved words, mixed case, spaces, quotes, unicode, 63-character names and x'); DROP TABLE y; -- : PostgreSQL to MariaDB")
    void postgresToMariaDb() throws Exception {
        run(Engine.POSTGRESQL, Engine.MARIADB, 63);
    }

    @Test
    @DisplayName("reserved words, mixed case, spaces, quotes, unicode, 63-character names and x'); DROP TABLE y; -- : MariaDB to PostgreSQL")
    void mariaDbToPostgres() throws Exception {
        run(Engine.MARIADB, Engine.POSTGRESQL, 63);
    }

    private void run(Engine from, Engine to, int limit) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(to)) {
            boolean pgSource = from == Engine.POSTGRESQL;
            try (Connection c = source.connect(); Statement st = c.createStatement()) {
                for (String n : names(limit)) {
                    String q = pgSource ? pg(n) : my(n);
                    String col = pgSource ? pg("Col " + n.substring(0, Math.min(20, n.length()))) : my("Col " + n.substring(0, Math.min(20, n.length())));
                    st.execute("CREATE TABLE " + q + " (id int PRIMARY KEY, " + col + " varchar(40))");
                    st.execute("INSERT INTO " + q + " VALUES (1, 'a'), (2, 'b')");
                }
            }
            target.execute("CREATE TABLE y (id int PRIMARY KEY)", "INSERT INTO y VALUES (42)");
            ReplicationTask task = ReplicationTask.builder().name("ident-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(target.endpoint("target")).mapping(source.mappingTo(target))
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build();
            TaskStatus s = task.run();
            assertThat(s.state()).as("%s", s.errors()).isEqualTo(TaskState.COMPLETED);
            assertThat(s.tables()).hasSize(names(limit).size());
            assertThat(target).isConsistentWith(source);
            try (Connection c = target.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM y")) {
                assertThat(rs.next()).as("table y is still there").isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            ReliabilityReport.note(s.tables().size() + " tables migrated under their names, validator equal; table y untouched");
        }
    }
}
