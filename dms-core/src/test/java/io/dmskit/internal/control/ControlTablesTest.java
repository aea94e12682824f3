package io.dmskit.internal.control;

import io.dmskit.MigrationType;
import io.dmskit.TableState;
import io.dmskit.TableStatistics;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.ValidationState;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.schema.TableId;
import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ControlTablesTest {
    private static final Dialect H2 = Dialects.forEngine("h2").orElseThrow();
    private static final TableId ORDERS = TableId.of("shop", "orders");
    private static final TableId ITEMS = TableId.of("shop", "items");

    private final String url = "jdbc:h2:mem:control_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    private Connection c;
    private final ControlTables control = new ControlTables(H2, "dmskit");

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection(url);
        control.ensure(c);
    }

    @AfterEach
    void close() throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP ALL OBJECTS");
        }
        c.close();
    }

    private Connection connection() throws SQLException {
        Connection n = DriverManager.getConnection(url);
        n.setAutoCommit(false);
        return n;
    }

    private List<String> lines(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                out.add(String.join("|", row));
            }
        }
        return out;
    }

    @Test
    void applyExceptionsHaveTheServiceColumns() throws SQLException {
        control.recordApplyExceptions(c, "t1", List.of(
                new ControlTables.ApplyException(ORDERS, "INSERT", "{id=7}", "mariadb:bin.000001:120", "duplicate key"),
                new ControlTables.ApplyException(ITEMS, "DELETE", null, null, "no such row")));
        assertThat(lines("SELECT \"task_name\", \"table_owner\", \"table_name\", \"statement\", \"error\", \"exception_no\","
                + " \"operation\", \"row_key\", \"position\" FROM \"dmskit\".\"awsdms_apply_exceptions\" ORDER BY \"exception_no\""))
                .containsExactly(
                        "t1|shop|orders|INSERT shop.orders key {id=7}|duplicate key|1|INSERT|{id=7}|mariadb:bin.000001:120",
                        "t1|shop|items|DELETE shop.items|no such row|2|DELETE|null|null");
        assertThat(lines("SELECT count(*) FROM \"dmskit\".\"awsdms_apply_exceptions\" WHERE \"error_time\" IS NOT NULL"))
                .containsExactly("2");
        assertThat(control.applyExceptions(c, "t1")).extracting(ControlTables.ApplyException::message)
                .containsExactly("duplicate key", "no such row");
    }

    @Test
    void validationFailuresUseTheServiceFailureTypes() throws SQLException {
        control.recordValidationFailures(c, "t1", ORDERS, List.of(
                new String[]{"MISSING", "{id=1}", null},
                new String[]{"EXTRA", "{id=2}", null},
                new String[]{"DIFFERENT", "{id=3}", "[total: 1.00 <> 2.00]"}));
        control.appendValidationFailures(c, "t1", ORDERS, List.<String[]>of(new String[]{"DIFFERENT", "{id=4}", "[x]"}));
        assertThat(lines("SELECT \"task_name\", \"table_owner\", \"table_name\", \"failure_no\", \"key_type\", \"key\","
                + " \"failure_type\", \"details\" FROM \"dmskit\".\"awsdms_validation_failures_v1\" ORDER BY \"failure_no\""))
                .containsExactly(
                        "t1|shop|orders|1|Row|{id=1}|MISSING_TARGET|null",
                        "t1|shop|orders|2|Row|{id=2}|MISSING_SOURCE|null",
                        "t1|shop|orders|3|Row|{id=3}|RECORD_DIFF|[total: 1.00 <> 2.00]",
                        "t1|shop|orders|4|Row|{id=4}|RECORD_DIFF|[x]");
    }

    @Test
    void theRecoveryCheckpointIsInTxnState() throws SQLException {
        Instant commit = Instant.parse("2026-03-04T05:06:07Z");
        control.savePosition(c, "t1", new ControlTables.PositionRow("postgresql", "0/16B3748", ControlTables.APPLYING, commit));
        control.savePosition(c, "t1", new ControlTables.PositionRow("postgresql", "0/16B3800", ControlTables.APPLYING, commit));
        assertThat(lines("SELECT \"server_name\", \"task_name\", \"checkpoint\", \"engine\", \"phase\" FROM \"dmskit\".\"awsdms_txn_state\""))
                .containsExactly(ControlTables.serverName() + "|t1|0/16B3800|postgresql|APPLYING");
        assertThat(control.position(c, "t1")).isEqualTo(
                new ControlTables.PositionRow("postgresql", "0/16B3800", ControlTables.APPLYING, commit));
    }

    @Test
    void optionalTablesAreCreatedOnlyWhenSwitchedOn() throws SQLException {
        control.ensureReporting(c, true, false, false);
        assertThat(lines("SELECT table_name FROM information_schema.tables WHERE table_schema = 'dmskit' ORDER BY table_name"))
                .containsExactly("awsdms_apply_exceptions", "awsdms_status", "awsdms_txn_state", "awsdms_validation_failures_v1",
                        "full_load_segments", "full_load_tables");
    }

    private static TableStatistics table(TableId id, TableState state, long rows, String error) {
        return new TableStatistics(id, id, state, rows, rows * 1_000_000, 100, 1, state == TableState.COMPLETED ? 1 : 0,
                Duration.ZERO, error, List.of(), ValidationState.NOT_VALIDATED, null);
    }

    private static TaskStatus status(TaskState state, TaskStatus.Cdc cdc, TableStatistics... tables) {
        return new TaskStatus("t1", cdc == null ? MigrationType.FULL_LOAD : MigrationType.FULL_LOAD_AND_CDC, state,
                List.of(tables), Instant.EPOCH, Duration.ZERO, List.of(), List.of(), cdc);
    }

    @Test
    void theReporterWritesStatusSuspendedTablesAndOneHistoryRowPerTimeslot() throws Exception {
        TaskSettings settings = TaskSettings.builder().statusTableEnabled(true).suspendedTablesTableEnabled(true)
                .historyTableEnabled(true).historyTimeslot(Duration.ofMinutes(5)).build();
        AtomicReference<TaskStatus> now = new AtomicReference<>(status(TaskState.RUNNING, null,
                table(ORDERS, TableState.LOADING, 0, null), table(ITEMS, TableState.QUEUED, 0, null)));
        ControlReporter reporter = new ControlReporter("t1", control, settings, now::get, this::connection);
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        reporter.start(new NeverRuns(), t0); // the test drives the ticks
        reporter.poll(t0.plusSeconds(1));
        assertThat(lines("SELECT \"task_name\", \"task_status\", \"pending_changes\", \"disk_swap_size\", \"task_memory\""
                + " FROM \"dmskit\".\"awsdms_status\"")).containsExactly("t1|FULL LOAD|null|0|null");
        String written = lines("SELECT \"status_time\" FROM \"dmskit\".\"awsdms_status\"").get(0);
        reporter.poll(t0.plusSeconds(2));
        assertThat(lines("SELECT \"status_time\" FROM \"dmskit\".\"awsdms_status\"")).as("nothing changed, no tick due")
                .containsExactly(written);
        reporter.tick(t0.plusSeconds(60));
        assertThat(lines("SELECT count(*) FROM \"dmskit\".\"awsdms_history\"")).containsExactly("0");

        now.set(status(TaskState.RUNNING, null, table(ORDERS, TableState.COMPLETED, 30, null),
                table(ITEMS, TableState.ERROR, 4, "Task t1, table shop.items: value too long")));
        reporter.poll(t0.plusSeconds(61));
        assertThat(lines("SELECT count(*) FROM \"dmskit\".\"awsdms_suspended_tables\"")).as("recorded at once").containsExactly("1");
        reporter.tick(t0.plusSeconds(300));
        reporter.poll(t0.plusSeconds(301));
        assertThat(lines("SELECT \"task_name\", \"timeslot_type\", \"timeslot\", \"timeslot_duration\", \"timeslot_latency\","
                + " \"timeslot_records\", \"timeslot_volume\" FROM \"dmskit\".\"awsdms_history\""))
                .containsExactly("t1|FULL LOAD|2026-01-01 10:00:00|5|null|34|32");
        assertThat(lines("SELECT \"task_name\", \"table_owner\", \"table_name\", \"suspend_reason\", \"suspend_message\""
                + " FROM \"dmskit\".\"awsdms_suspended_tables\""))
                .containsExactly("t1|shop|items|TABLE ERROR|Task t1, table shop.items: value too long");

        TaskStatus.Cdc cdc = new TaskStatus.Cdc(true, SourcePosition.of("mariadb", "bin.000001:400"), Duration.ofSeconds(2),
                Duration.ofSeconds(3), 12, 50, 5);
        now.set(status(TaskState.COMPLETED, cdc, table(ORDERS, TableState.COMPLETED, 30, null),
                table(ITEMS, TableState.ERROR, 4, "Task t1, table shop.items: value too long")));
        reporter.finish();
        assertThat(lines("SELECT \"task_status\", \"pending_changes\", \"source_current_position\" FROM \"dmskit\".\"awsdms_status\""))
                .containsExactly("NOT RUNNING|12|mariadb:bin.000001:400");
        assertThat(lines("SELECT \"timeslot_type\", \"timeslot_latency\", \"timeslot_records\" FROM \"dmskit\".\"awsdms_history\""
                + " WHERE \"timeslot_type\" = 'CHANGE PROCESSING'")).containsExactly("CHANGE PROCESSING|3|50");
        assertThat(lines("SELECT count(*) FROM \"dmskit\".\"awsdms_suspended_tables\"")).containsExactly("1");
    }

    /** An executor that takes tasks and never runs them. */
    private static final class NeverRuns extends java.util.concurrent.AbstractExecutorService {
        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
            return true;
        }

        @Override
        public void execute(Runnable command) {
        }
    }
}
