package io.dmskit.it.schema;

import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.schema.TypeRules;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL zero dates in a full load: the task's zero-date type rule decides what they become into
 * another engine (by default the row is a data error naming the rule, tested in BadDataIT), and a
 * MariaDB target gets them as they were.
 */
class ZeroDatesFullLoadIT {

    private static final String[] SETUP = {"SET SESSION sql_mode = ''",
            "CREATE TABLE z (id int PRIMARY KEY, d date, dt datetime(6) NOT NULL, ts timestamp(6) NULL)",
            "INSERT INTO z VALUES (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),"
                    + " (2, '2024-02-29', '2024-02-29 12:30:00.5', '2024-02-29 12:30:00.5')"};

    private static TaskStatus run(TestDatabase source, TestDatabase target, TaskSettings.Builder settings) {
        return ReplicationTask.builder().name("zero").source(source.endpoint("source")).target(target.endpoint("target"))
                .mapping(source.mappingTo(target)).settings(settings.controlSchema(target.controlSchema()).build())
                .build().run(StartMode.RELOAD);
    }

    @Test
    void zeroDateToNullMakesThemNullInPostgres() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(SETUP);
            TaskStatus s = run(source, target, TaskSettings.builder().typeRules(TypeRules.defaults().with(TypeRules.zeroDateToNull())));
            assertThat(s.errors()).isEmpty();
            assertThat(s.tables()).singleElement().satisfies(t -> assertThat(t.dataErrorRows()).isZero());
            assertThat(PostgresEdgeTypesIT.rows(target, "SELECT id, d, dt, ts FROM z ORDER BY id")).containsExactly(
                    "1 null null null", "2 2024-02-29 2024-02-29 12:30:00.5 2024-02-29 12:30:00.5+00");
        }
    }

    @Test
    void mariaDbToMariaDbKeepsThem() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            source.execute(SETUP);
            TaskStatus s = run(source, target, TaskSettings.builder());
            assertThat(s.errors()).isEmpty();
            assertThat(s.tables()).singleElement().satisfies(t -> assertThat(t.dataErrorRows()).isZero());
            assertThat(PostgresEdgeTypesIT.rows(target, "SELECT id, CAST(d AS CHAR), CAST(dt AS CHAR), CAST(ts AS CHAR) FROM z ORDER BY id"))
                    .containsExactly("1 0000-00-00 0000-00-00 00:00:00.000000 0000-00-00 00:00:00.000000",
                            "2 2024-02-29 2024-02-29 12:30:00.500000 2024-02-29 12:30:00.500000");
        }
    }
}
