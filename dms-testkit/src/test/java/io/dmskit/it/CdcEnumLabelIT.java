package io.dmskit.it;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
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
 * MariaDB ENUM and SET labels outside the Basic Multilingual Plane (4-byte UTF-8, such as emoji)
 * reach the target exactly through CDC, as they do through the full load, also for a label added
 * by an ALTER TABLE during CDC.
 */
class CdcEnumLabelIT {
    private static final String SMILE = "\uD83D\uDE00";      // U+1F600, 4 bytes in UTF-8
    private static final String PARTY = "\uD83C\uDF89";      // U+1F389
    private static final String ROCKET = "\uD83D\uDE80";     // U+1F680

    @Test
    void fourByteEnumAndSetLabelsReachThePostgresTarget() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            run(source, target, "cdc-enum-m2p");
        }
    }

    @Test
    void fourByteEnumAndSetLabelsReachTheMariaDbTarget() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            run(source, target, "cdc-enum-m2m");
        }
    }

    private static void run(TestDatabase source, TestDatabase target, String prefix) throws Exception {
        source.execute("CREATE TABLE moods (id int PRIMARY KEY, mood ENUM('plain', 'caf\u00e9', '" + SMILE + "') NOT NULL,"
                        + " tags SET('x', '" + PARTY + "', '\u00fc') NULL) CHARACTER SET utf8mb4",
                "INSERT INTO moods VALUES (1, '" + SMILE + "', '" + PARTY + ",x')");
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ReplicationTask task = ReplicationTask.builder().name(name).source(Fixtures.endpoint(source, "source"))
                .target(Fixtures.endpoint(target, "target")).mapping(source.mappingTo(target))
                .type(MigrationType.FULL_LOAD_AND_CDC)
                .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build();
        try (TaskHandle h = task.start()) {
            h.awaitFullLoad(Duration.ofMinutes(1));
            source.execute("INSERT INTO moods VALUES (2, '" + SMILE + "', '" + PARTY + "')",
                    "INSERT INTO moods VALUES (3, 'caf\u00e9', '\u00fc,x')",
                    "UPDATE moods SET mood = 'plain', tags = '" + PARTY + ",\u00fc' WHERE id = 1");
            awaitRow(target, "SELECT count(*) FROM " + qualified(target) + " WHERE id = 3");
            // a label added during CDC (MariaDB's own duplicate check reads 4-byte characters as '?', so one label is
            // more than the rocket)
            source.execute("ALTER TABLE moods MODIFY mood ENUM('plain', 'caf\u00e9', '" + SMILE + "', 'go " + ROCKET + "') NOT NULL",
                    "INSERT INTO moods VALUES (4, 'go " + ROCKET + "', NULL)",
                    "UPDATE moods SET mood = '" + SMILE + "' WHERE id = 3");
            awaitRow(target, "SELECT count(*) FROM " + qualified(target) + " WHERE id = 4");
            assertThat(h.stop().errors()).isEmpty();
        } finally {
            task.deleteState();
        }
        String cast = target.engine() == Engine.POSTGRESQL ? "::text" : "";
        assertThat(lines(target, "SELECT id, mood" + cast + ", tags" + cast + " FROM " + qualified(target) + " ORDER BY id"))
                .isEqualTo(lines(source, "SELECT id, mood, tags FROM moods ORDER BY id"))
                .containsExactly("1|plain|" + PARTY + ",\u00fc", "2|" + SMILE + "|" + PARTY, "3|" + SMILE + "|x,\u00fc",
                        "4|go " + ROCKET + "|null");
    }

    private static String qualified(TestDatabase db) {
        return db.engine() == Engine.POSTGRESQL ? "public.moods" : "`" + db.schema() + "`.moods";
    }
}
