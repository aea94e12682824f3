package io.dmskit.it;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableState;
import io.dmskit.TableStatistics;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.TableId;
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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What CDC does with input it cannot handle as usual: a source without change capture, tables
 * without a key under updates and deletes, a change the target refuses. And the option to stop
 * once the changes held during the full load are applied.
 */
class CdcBadInputIT {

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aSourceWithoutChangeCaptureIsRejectedWhenTheTaskIsBuilt() {
        Endpoint h2 = Endpoint.jdbc("jdbc:h2:mem:x").build();
        Endpoint pg = Endpoint.jdbc("jdbc:postgresql://127.0.0.1/x").build();
        assertThatThrownBy(() -> ReplicationTask.builder().source(h2).target(pg).type(MigrationType.CDC).build())
                .isInstanceOf(DmsException.class)
                .hasMessage("Invalid replication task: type CDC needs change data capture of the source's engine:"
                        + " No change data capture for engine 'h2'; change sources are available for mariadb, postgresql");
    }

    /**
     * MariaDB logs whole rows, so the changes of a table without key are applied by matching whole
     * rows: an update or delete of one of two equal rows changes exactly one row in the target.
     */
    @Test
    void aMariaDbTableWithoutKeyIsAppliedByWholeRows() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE pairs (a int, b varchar(10))", "INSERT INTO pairs VALUES (1, 'x'), (1, 'x'), (2, NULL)",
                    "CREATE TABLE tick (n int)");
            ReplicationTask task = ReplicationTask.builder().name(name("cdc-nokey")).source(Fixtures.endpoint(source, "source"))
                    .target(Fixtures.endpoint(target, "target"))
                    .mapping(io.dmskit.TableMapping.builder().include(source.schema(), "pairs").renameSchema(source.schema(), "public").build())
                    .type(MigrationType.FULL_LOAD_AND_CDC).settings(TaskSettings.builder().controlSchema(target.controlSchema()).build())
                    .build();
            // MariaDB capture notices that it streams on a heartbeat, which needs binlog events: keep some coming
            java.util.concurrent.atomic.AtomicBoolean ticking = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread ticker = new Thread(() -> {
                while (ticking.get()) {
                    source.execute("INSERT INTO tick VALUES (1)");
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            ticker.start();
            try (TaskHandle h = task.start()) {
                TaskStatus loaded = h.awaitFullLoad(Duration.ofMinutes(1));
                ticking.set(false);
                assertThat(loaded.warnings()).contains(source.schema() + ".pairs: table has no primary key and no unique key on NOT NULL"
                        + " columns: its updates and deletes are applied by matching whole rows (one row per change), and a change"
                        + " applied again after a restart or during the load can duplicate a row");
                source.execute("UPDATE pairs SET b = 'y' WHERE a = 1 LIMIT 1", "DELETE FROM pairs WHERE a = 2",
                        "INSERT INTO pairs VALUES (3, 'z')", "INSERT INTO pairs VALUES (0, 'end')");
                awaitRow(target, "SELECT count(*) FROM public.pairs WHERE a = 0");
                assertThat(h.stop().errors()).isEmpty();
            } finally {
                ticking.set(false);
                ticker.join();
                task.deleteState();
            }
            assertThat(lines(target, "SELECT a, b FROM public.pairs ORDER BY a, b"))
                    .isEqualTo(lines(source, "SELECT a, b FROM pairs ORDER BY a, b"))
                    .containsExactly("0|end", "1|x", "1|y", "3|z");
        }
    }

    /**
     * PostgreSQL itself refuses updates and deletes of a published table that has no replica
     * identity (no key, REPLICA IDENTITY DEFAULT): the source's statement fails, so nothing is lost
     * in between; the task warns about the table and applies its inserts.
     */
    @Test
    void aPostgresTableWithoutKeyOrReplicaIdentityFullCannotBeChangedAtTheSource() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE pairs (a int, b varchar(10))", "INSERT INTO pairs VALUES (1, 'x')");
            ReplicationTask task = task(source, target, name("cdc-pg-nokey"), MigrationType.CDC, TaskSettings.builder());
            try (TaskHandle h = task.start()) {
                h.awaitFullLoad(Duration.ofMinutes(1));
                assertThatThrownBy(() -> source.execute("UPDATE pairs SET b = 'y'"))
                        .hasMessageContaining("cannot update table \"pairs\" because it does not have a replica identity and publishes updates");
                source.execute("INSERT INTO pairs VALUES (2, 'z')");
                awaitRow(target, "SELECT count(*) FROM public.pairs WHERE a = 2");
                assertThat(h.stop().errors()).isEmpty();
            } finally {
                task.deleteState();
            }
            assertThat(lines(target, "SELECT a, b FROM public.pairs ORDER BY a")).containsExactly("2|z");
        }
    }

    /**
     * A change the target refuses suspends its table: the change is recorded in apply_exceptions
     * with the table, key and reason; the other tables go on; a restart keeps the table suspended.
     */
    @Test
    void aChangeTheTargetRefusesSuspendsItsTableAndIsRecorded() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE names (id int PRIMARY KEY, name varchar(50))", "CREATE TABLE other (id int PRIMARY KEY)");
            target.execute("CREATE TABLE names (id int PRIMARY KEY, name varchar(5))");
            String taskName = name("cdc-refused");
            // AWS DMS's default for a value too long is LOG_ERROR (left out, recorded); this test asks for SUSPEND_TABLE
            ReplicationTask task = task(source, target, taskName, MigrationType.CDC, TaskSettings.builder().errorBehavior(
                    io.dmskit.ErrorBehavior.builder().dataTruncationErrorPolicy(io.dmskit.ErrorBehavior.Action.SUSPEND_TABLE).build()));
            try {
                try (TaskHandle h = task.start()) {
                    h.awaitFullLoad(Duration.ofMinutes(1));
                    source.execute("INSERT INTO names VALUES (1, 'short')");
                    source.execute("INSERT INTO names VALUES (2, 'much too long'), (3, 'ok')");
                    source.execute("INSERT INTO other VALUES (1)");
                    awaitRow(target, "SELECT count(*) FROM public.other WHERE id = 1");
                    TaskStatus s = h.stop();
                    TableStatistics names = s.tables().stream().filter(t -> t.source().name().equals("names")).findFirst().orElseThrow();
                    assertThat(names.state()).isEqualTo(TableState.ERROR);
                    assertThat(names.error()).startsWith("Task " + taskName + ", table public.names, INSERT of row id=2, column name:"
                            + " a text of 13 characters does not fit character varying(5) (source position postgresql:");
                    assertThat(names.error()).endsWith("The table is suspended: its later changes are not applied; fix the cause and"
                            + " reload the table.");
                    assertThat(s.errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_ERROR));
                    assertThat(s.state()).isEqualTo(TaskState.FAILED);
                }
                assertThat(lines(target, "SELECT id, name FROM public.names ORDER BY id")).containsExactly("1|short");
                assertThat(lines(target, "SELECT exception_no, table_name || '|' || operation || '|' || row_key FROM dmskit.awsdms_apply_exceptions"
                        + " WHERE task_name = '" + taskName + "'")).containsExactly("1|names|INSERT|id=2");

                source.execute("INSERT INTO names VALUES (4, 'four')", "INSERT INTO other VALUES (2)");
                try (TaskHandle h = task.start()) {
                    h.awaitFullLoad(Duration.ofMinutes(1));
                    awaitRow(target, "SELECT count(*) FROM public.other WHERE id = 2");
                    TaskStatus s = h.stop();
                    assertThat(s.warnings()).anyMatch(w -> w.contains("was suspended by an earlier run"));
                }
                assertThat(lines(target, "SELECT id, name FROM public.names ORDER BY id")).as("still suspended").containsExactly("1|short");
            } finally {
                task.deleteState();
            }
        }
    }

    /** With stopAfterCachedChangesApplied, a full-load-and-CDC task ends by itself once the changes held during its load are in. */
    @Test
    void stopsAfterTheChangesHeldDuringTheLoadAreApplied() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             CdcWorkload writer = new CdcWorkload(source)) {
            writer.create(20_000);
            ReplicationTask task = ReplicationTask.builder().name(name("cdc-cached")).source(Fixtures.endpoint(source, "source"))
                    .target(Fixtures.endpoint(target, "target")).mapping(CdcFullLoadAndCdcIT.mapping(source))
                    .type(MigrationType.FULL_LOAD_AND_CDC).settings(TaskSettings.builder().stopAfterCachedChangesApplied(true)
                            .segmentRows(4_000).maxParallelSegments(1).controlSchema(target.controlSchema()).build())
                    .listener(new io.dmskit.TaskListener() {
                        @Override
                        public void tableCompleted(TableStatistics table) {
                            try {
                                writer.stop(); // every change is made during the load
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }).build();
            writer.start(20_000, 3);
            Thread.sleep(200);
            try (TaskHandle h = task.start()) {
                TaskStatus done = h.awaitCompletion(Duration.ofMinutes(1));
                assertThat(done.state()).as("%s", done.errors()).isEqualTo(TaskState.COMPLETED);
                assertThat(done.changesApplied()).isPositive();
            } finally {
                task.deleteState();
            }
            Map<String, Object[]> expected = Fixtures.rows(Fixtures.endpoint(source, "s"), source, TableId.of("public", "items"), List.of("id"));
            Map<String, Object[]> actual = Fixtures.rows(Fixtures.endpoint(target, "t"), target, TableId.of("public", "items"), List.of("id"));
            Fixtures.assertSameRows(expected, actual, List.of("id", "name", "qty", "price", "note", "updated"));
        }
    }

    private static ReplicationTask task(TestDatabase source, TestDatabase target, String name, MigrationType type,
                                        TaskSettings.Builder settings) {
        return ReplicationTask.builder().name(name).source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                .mapping(CdcFullLoadAndCdcIT.mapping(source)).type(type)
                .settings(settings.controlSchema(target.controlSchema()).build()).build();
    }

    private static void awaitRow(TestDatabase target, String countQuery) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!lines(target, countQuery.replace("count(*)", "count(*), ''")).equals(List.of("0|"))) {
                    return;
                }
            } catch (SQLException e) {
                // not created yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no row for " + countQuery + " within a minute");
    }

    private static List<String> lines(TestDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + (rs.getMetaData().getColumnCount() > 1 ? rs.getString(2) : ""));
            }
        }
        return out;
    }
}
