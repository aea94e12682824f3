package io.dmskit.it.reliability;

import io.dmskit.Endpoint;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.error.DmsException;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Duplicate keys in the target, a foreign key that the source's data violates, and malformed configuration. */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("bad input: constraints and configuration")
class ConstraintsAndConfigIT {

    private static TaskStatus runToEnd(ReplicationTask task) throws InterruptedException {
        try (TaskHandle h = task.start()) {
            return h.awaitCompletion(Duration.ofMinutes(3));
        }
    }

    @Test
    @DisplayName("target table already holds a row with a key that the source also has (prep mode DO_NOTHING), MariaDB to PostgreSQL")
    void duplicateKeyInTheTarget() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE t (id int PRIMARY KEY, v varchar(10))", "INSERT INTO t VALUES (1, 'new'), (2, 'two')");
            target.execute("CREATE TABLE t (id int PRIMARY KEY, v varchar(10))", "INSERT INTO t VALUES (1, 'old')");
            TaskStatus s = runToEnd(ReplicationTask.builder().name("dup-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(target.endpoint("target")).mapping(source.mappingTo(target))
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).prepMode(TargetTablePrepMode.DO_NOTHING)
                            .maxRetries(0).build()).build());
            String row = String.valueOf(Faults.count(target.jdbcUrl(), target.user(), target.password(),
                    "SELECT count(*) FROM public.t WHERE id = 1 AND v = 'new'"));
            long recorded = Faults.count(target.jdbcUrl(), target.user(), target.password(), "SELECT count(*) FROM "
                    + target.controlSchema() + ".awsdms_apply_exceptions");
            ReliabilityReport.note("task " + s.state() + (s.errors().isEmpty() ? "" : ": " + s.errors()) + "; row 1 has the source's value: "
                    + row.equals("1") + "; apply exceptions recorded: " + Math.max(0, recorded));
            // nothing is lost silently: the target row ends with the source's value, or the task says why it does not
            assertThat(row.equals("1") || !s.errors().isEmpty() || recorded > 0).isTrue();
            assertThat(Faults.count(target.jdbcUrl(), target.user(), target.password(), "SELECT count(*) FROM public.t WHERE id = 2")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("foreign key violated by the source's data (orphan child row), MariaDB to PostgreSQL")
    void foreignKeyViolatedByTheSource() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE parent (id int PRIMARY KEY)",
                    "CREATE TABLE child (id int PRIMARY KEY, pid int, CONSTRAINT fk_parent FOREIGN KEY (pid) REFERENCES parent (id))",
                    "INSERT INTO parent VALUES (1)");
            try (Connection c = source.connect(); Statement st = c.createStatement()) {
                st.execute("SET SESSION foreign_key_checks = 0");
                st.execute("INSERT INTO child VALUES (1, 1), (2, 99)");
            }
            TaskStatus s = runToEnd(ReplicationTask.builder().name("fk-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(target.endpoint("target")).mapping(source.mappingTo(target))
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).maxRetries(0).build()).build());
            long children = Faults.count(target.jdbcUrl(), target.user(), target.password(), "SELECT count(*) FROM public.child");
            ReliabilityReport.note("task " + s.state() + (s.errors().isEmpty() ? "" : ": " + s.errors())
                    + (s.warnings().isEmpty() ? "" : "; warnings: " + s.warnings()) + "; child rows in the target: " + children);
            assertThat(children).as("rows of child loaded, the orphan included").isEqualTo(2);
            assertThat(s.errors() + " " + s.warnings()).contains("fk_parent");
        }
    }

    @Test
    @DisplayName("malformed configuration: unknown engine, URL without jdbc:, mapping JSON with a syntax error and with an unknown rule type")
    void malformedConfigurationPointsAtTheProblem() {
        assertThatThrownBy(() -> Endpoint.jdbc("jdbc:oracle:thin:@db:1521/x").build()).isInstanceOf(DmsException.class)
                .satisfies(e -> ReliabilityReport.note("unknown engine: " + e.getMessage()))
                .hasMessageContaining("jdbc:oracle:").hasMessageContaining("Known engines");
        assertThatThrownBy(() -> Endpoint.jdbc("postgresql://db/x").build()).isInstanceOf(DmsException.class)
                .satisfies(e -> ReliabilityReport.note("bad URL: " + e.getMessage()))
                .hasMessageContaining("jdbcUrl must start with 'jdbc:'");
        assertThatThrownBy(() -> TableMapping.fromAwsJson("{\"rules\": [ {\"rule-type\": \"selection\", }")).isInstanceOf(DmsException.class)
                .satisfies(e -> ReliabilityReport.note("JSON syntax error: " + e.getMessage()))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> TableMapping.fromAwsJson("{\"rules\": [{\"rule-type\": \"selektion\", \"rule-id\": \"1\", \"rule-name\": \"1\","
                + " \"object-locator\": {\"schema-name\": \"a\", \"table-name\": \"%\"}, \"rule-action\": \"include\"}]}"))
                .isInstanceOf(DmsException.class)
                .satisfies(e -> ReliabilityReport.note("unknown rule type: " + e.getMessage()))
                .hasMessageContaining("selektion");
    }
}
