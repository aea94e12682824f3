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
 * PostgreSQL {@code time with time zone} through a full load and through CDC, PostgreSQL to
 * PostgreSQL: the full load keeps each value's offset; CDC keeps its instant but delivers it at
 * UTC, because Debezium 3.5's pgoutput decoding moves the value to UTC before any converter sees
 * it (README, "Known value limits of CDC"). This test pins that documented behaviour, so that a
 * Debezium that keeps the offset shows here.
 */
class CdcTimeTzIT {

    @Test
    void timetzKeepsItsOffsetInTheFullLoadAndItsInstantInCdc() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE shifts (id int PRIMARY KEY, starts timetz)",
                    "INSERT INTO shifts VALUES (1, '12:00:00+02'), (2, '23:30:00.123456-05:30')");
            String name = "cdc-timetz-" + UUID.randomUUID().toString().substring(0, 8);
            ReplicationTask task = ReplicationTask.builder().name(name).source(Fixtures.endpoint(source, "source"))
                    .target(Fixtures.endpoint(target, "target")).mapping(source.mappingTo(target))
                    .type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build();
            try (TaskHandle h = task.start()) {
                h.awaitFullLoad(Duration.ofMinutes(1));
                source.execute("INSERT INTO shifts VALUES (3, '12:00:00+02'), (4, '23:30:00.123456-05:30')");
                awaitRow(target, "SELECT count(*) FROM public.shifts WHERE id = 4");
                assertThat(h.stop().errors()).isEmpty();
            } finally {
                task.deleteState();
            }
            assertThat(lines(target, "SELECT id, starts::text FROM public.shifts ORDER BY id")).containsExactly(
                    "1|12:00:00+02", "2|23:30:00.123456-05:30", "3|10:00:00+00", "4|05:00:00.123456+00");
            // the same instants as the source's, whichever way they came
            String utc = "SELECT id, (starts AT TIME ZONE 'UTC')::text FROM %s ORDER BY id";
            assertThat(lines(target, String.format(utc, "public.shifts"))).isEqualTo(lines(source, String.format(utc, "shifts")));
        }
    }
}
