package io.dmskit.it.reliability;

import io.dmskit.Endpoint;
import io.dmskit.LobSettings;
import io.dmskit.MigrationType;
import io.dmskit.PremigrationAssessment;
import io.dmskit.PremigrationAssessment.Finding;
import io.dmskit.PremigrationAssessment.Severity;
import io.dmskit.ReplicationTask;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskSettings;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ReplicationTask.assess()} against real servers: each check finds what it is for, and writes nothing. */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("premigration assessment")
class PremigrationAssessmentIT {

    private static Finding only(PremigrationAssessment a, String check, String objectPart) {
        var list = a.findings(check).stream().filter(f -> f.object().contains(objectPart)).toList();
        assertThat(list).as("findings of %s on %s in\n%s", check, objectPart, a).hasSize(1);
        return list.get(0);
    }

    @Test
    @DisplayName("PostgreSQL to PostgreSQL CDC: table without key or replica identity, LOB above the limit, conflicting target table")
    void findsKeylessTablesLargeLobsAndConflictingTargetTables() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE nokey (a int, b text)", "CREATE TABLE docs (id int PRIMARY KEY, body text)",
                    "INSERT INTO docs VALUES (1, repeat('x', 5000)), (2, 'short')", "CREATE TABLE items (id int PRIMARY KEY, v int, w int)");
            target.execute("CREATE TABLE items (id int PRIMARY KEY, v int)", "INSERT INTO items VALUES (1, 1)");
            ReplicationTask task = ReplicationTask.builder().name("assess-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(target.endpoint("target")).mapping(source.mappingTo(target))
                    .type(MigrationType.CDC).settings(TaskSettings.builder().controlSchema(target.controlSchema())
                            .prepMode(TargetTablePrepMode.DO_NOTHING)
                            .lobSettings(LobSettings.builder().limitedSizeLobMode(true).lobMaxSizeKb(1).build()).build()).build();
            PremigrationAssessment a = task.assess();
            ReliabilityReport.note(a.findings().size() + " findings, " + a.findings(Severity.ERROR).size() + " errors");
            assertThat(a.passed()).isFalse();
            assertThat(only(a, "connectivity", "source").severity()).isEqualTo(Severity.INFO);
            assertThat(only(a, "wal-level", "source").severity()).isEqualTo(Severity.INFO);
            assertThat(only(a, "table-without-key", "nokey").severity()).isEqualTo(Severity.WARNING);
            Finding ri = only(a, "replica-identity", "nokey");
            assertThat(ri.severity()).isEqualTo(Severity.ERROR);
            assertThat(ri.fix()).isEqualTo("ALTER TABLE public.nokey REPLICA IDENTITY FULL");
            Finding lob = only(a, "lob-size", "docs.body");
            assertThat(lob.severity()).isEqualTo(Severity.WARNING);
            assertThat(lob.message()).startsWith("The largest value is 5000 bytes, above the limited LOB size of 1 KB");
            assertThat(lob.fix()).isEqualTo("Raise lobMaxSizeKb to at least 5, or use full LOB mode");
            Finding conflict = only(a, "target-table-conflict", "items");
            assertThat(conflict.severity()).isEqualTo(Severity.ERROR);
            assertThat(conflict.message()).isEqualTo("The existing table lacks the column(s) [w]");
            assertThat(only(a, "target-table-exists", "items").message()).contains("1 row(s) that stay");
            assertThat(a.toMarkdown()).contains("| ERROR | replica-identity | public.nokey |");
            // nothing written: no control schema, and the source table still has its identity
            assertThat(Faults.count(target.jdbcUrl(), target.user(), target.password(),
                    "SELECT count(*) FROM pg_namespace WHERE nspname = '" + target.controlSchema() + "'")).isZero();
            ReliabilityReport.note("found: replica identity missing (error), table without key (warning), 5000-byte LOB over 1 KB"
                    + " (warning), target table lacking a column (error); nothing written");
        }
    }

    @Test
    @DisplayName("least-privilege users: PostgreSQL without REPLICATION or SELECT, MariaDB without REPLICATION grants")
    void findsMissingPrivilegesForCdc() throws Exception {
        String role = "dmskit_assess_" + UUID.randomUUID().toString().substring(0, 6);
        try (TestDatabase pg = TestDatabase.create(Engine.POSTGRESQL); TestDatabase maria = TestDatabase.create(Engine.MARIADB);
             TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            pg.execute("CREATE TABLE secret (id int PRIMARY KEY)", "CREATE TABLE open (id int PRIMARY KEY)",
                    "CREATE ROLE " + role + " LOGIN", "GRANT USAGE ON SCHEMA public TO " + role, "GRANT SELECT ON open TO " + role);
            maria.execute("CREATE TABLE t (id int PRIMARY KEY)", "CREATE USER '" + role + "'@'%'",
                    "GRANT SELECT ON `" + maria.schema() + "`.* TO '" + role + "'@'%'");
            try {
                Endpoint pgUser = Endpoint.jdbc(pg.jdbcUrl()).name("source").user(role).build();
                PremigrationAssessment a = ReplicationTask.builder().name("assess-pg").source(pgUser).target(target.endpoint("target"))
                        .mapping(pg.mappingTo(target)).type(MigrationType.FULL_LOAD_AND_CDC)
                        .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build().assess();
                assertThat(only(a, "privilege-replication", "source").severity()).isEqualTo(Severity.ERROR);
                assertThat(only(a, "privilege-select", "secret").fix()).isEqualTo("GRANT SELECT ON \"public\".\"secret\" TO the source user");
                assertThat(a.findings("privilege-select")).hasSize(1);

                Endpoint mariaUser = Endpoint.jdbc(maria.jdbcUrl()).name("source").user(role).build();
                PremigrationAssessment m = ReplicationTask.builder().name("assess-maria").source(mariaUser).target(target.endpoint("target"))
                        .mapping(maria.mappingTo(target)).type(MigrationType.CDC)
                        .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build().assess();
                Finding repl = only(m, "privilege-replication", "source");
                assertThat(repl.message()).isEqualTo("The source user lacks REPLICATION SLAVE REPLICATION CLIENT (BINLOG MONITOR in MariaDB)");
                assertThat(m.findings("binlog-format")).isEmpty();
                ReliabilityReport.note("PostgreSQL: " + a.findings(Severity.ERROR).size() + " errors (replication, select on one table);"
                        + " MariaDB: " + m.findings(Severity.ERROR).size() + " error (replication grants); binlog settings passed");
            } finally {
                pg.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
                maria.execute("DROP USER '" + role + "'@'%'");
            }
        }
    }

    @Test
    @DisplayName("unreachable source endpoint")
    void unreachableEndpointIsAConnectivityError() throws Exception {
        try (TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            PremigrationAssessment a = ReplicationTask.builder().name("assess-down")
                    .source(Endpoint.jdbc("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2").name("source").user("x").build())
                    .target(target.endpoint("target")).settings(TaskSettings.builder().controlSchema(target.controlSchema()).build())
                    .build().assess();
            Finding f = only(a, "connectivity", "source");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).startsWith("Cannot connect to the source endpoint 'source' at jdbc:postgresql://127.0.0.1:1/nowhere");
            assertThat(only(a, "connectivity", "target").severity()).isEqualTo(Severity.INFO);
            ReliabilityReport.note(f.message());
        }
    }
}
