package io.dmskit.internal.control;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control tables in the target, under the task's control schema (default {@code dmskit}).
 * The ones a user reads have the names, meaning and columns of AWS DMS's control tables (column
 * names in lower case, so that unquoted queries work on every engine), plus a few columns that
 * dmskit needs; dmskit's own planning tables have no AWS equivalent and keep dmskit names.
 * <ul>
 *   <li>{@code awsdms_apply_exceptions} (always): one row per row or change that could not be
 *       written: {@code task_name}, {@code table_owner}, {@code table_name}, {@code error_time},
 *       {@code statement} (dmskit writes the operation, table and key, not SQL text),
 *       {@code error}; and dmskit's {@code exception_no}, {@code operation}, {@code row_key},
 *       {@code position} (the source position of a CDC change).</li>
 *   <li>{@code awsdms_validation_failures_v1} (always): one row per row that validation found
 *       different: {@code task_name}, {@code table_owner}, {@code table_name}, {@code failure_time},
 *       {@code key_type} ({@code Row}), {@code key}, {@code failure_type} ({@code MISSING_TARGET},
 *       {@code MISSING_SOURCE} or {@code RECORD_DIFF}), {@code details} (the differing columns with
 *       both values); and dmskit's {@code failure_no}.</li>
 *   <li>{@code awsdms_txn_state} (always, for tasks that capture changes; AWS's recovery checkpoint
 *       table): {@code server_name}, {@code task_name}, {@code state_time}, {@code checkpoint} (the
 *       source position up to which changes are applied, written in the same transaction as the
 *       changes, so that a restart neither loses nor repeats one); and dmskit's {@code engine},
 *       {@code phase} (LOADING while the full load of a full-load-and-CDC task runs, APPLYING after
 *       it) and {@code last_commit_time} (the source commit time of the last applied change).</li>
 *   <li>{@code awsdms_status} (with {@code StatusTableEnabled}), {@code awsdms_suspended_tables}
 *       (with {@code SuspendedTablesTableEnabled}) and {@code awsdms_history} (with
 *       {@code HistoryTableEnabled}): written by {@link ControlReporter} while the task runs.</li>
 *   <li>{@code full_load_tables} and {@code full_load_segments} (dmskit's own): the plan of each full
 *       load, table by table and segment by segment, so that a stopped or crashed task resumes
 *       where it was.</li>
 * </ul>
 * Every method runs on the connection it is given, in that connection's transaction (the caller
 * commits), so that a segment's last rows and its DONE mark commit together. Thread-safe (stateless
 * but for the names).
 */
public final class ControlTables {
    public static final String TABLES = "full_load_tables";
    public static final String SEGMENTS = "full_load_segments";
    public static final String VALIDATION_FAILURES = "awsdms_validation_failures_v1";
    public static final String CDC_POSITIONS = "awsdms_txn_state";
    public static final String APPLY_EXCEPTIONS = "awsdms_apply_exceptions";
    public static final String STATUS = "awsdms_status";
    public static final String SUSPENDED_TABLES = "awsdms_suspended_tables";
    public static final String HISTORY = "awsdms_history";

    private final Dialect dialect;
    private final String schema;
    private final String tables;
    private final String segments;
    private final String failures;
    private final String positions;
    private final String exceptions;

    private final String status;
    private final String suspendedTables;
    private final String history;

    public ControlTables(Dialect dialect, String schema) {
        this.status = dialect.qualify(TableId.of(schema, STATUS));
        this.suspendedTables = dialect.qualify(TableId.of(schema, SUSPENDED_TABLES));
        this.history = dialect.qualify(TableId.of(schema, HISTORY));
        this.positions = dialect.qualify(TableId.of(schema, CDC_POSITIONS));
        this.exceptions = dialect.qualify(TableId.of(schema, APPLY_EXCEPTIONS));
        this.failures = dialect.qualify(TableId.of(schema, VALIDATION_FAILURES));
        this.dialect = dialect;
        this.schema = schema;
        this.tables = dialect.qualify(TableId.of(schema, TABLES));
        this.segments = dialect.qualify(TableId.of(schema, SEGMENTS));
    }

    /** A stored table row. {@code keyColumn} is null when the table is one segment. */
    public record TableRow(TableId source, TableId target, String keyColumn, boolean rangesClearable, String state,
                           long rowsLoaded) {
    }

    /** A stored segment row; bounds are text forms of the key values, null when open. */
    public record SegmentRow(int number, String lower, String upper, String state, long rowsLoaded) {
    }

    /**
     * Creates the control schema and tables when they do not exist. Runs with auto-commit on.
     * Several tasks on one target (consolidation) may do this at the same moment: a statement that
     * fails because another task created the object first is not an error.
     */
    public void ensure(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            try {
                st.execute(dialect.createSchemaIfNotExists(schema));
            } catch (SQLException raced) {
                // PostgreSQL reports a concurrent CREATE SCHEMA IF NOT EXISTS as a duplicate key; the schema is there now
                st.execute(dialect.createSchemaIfNotExists(schema));
            }
            create(c, st, tables, tableDefinition());
            create(c, st, segments, segmentDefinition());
            create(c, st, failures, failureDefinition());
            create(c, st, positions, positionDefinition());
            create(c, st, exceptions, exceptionDefinition());
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private void create(Connection c, Statement st, String qualified, Table definition) throws SQLException {
        if (exists(c, qualified)) {
            return;
        }
        try {
            for (String sql : dialect.createTable(definition)) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            if (!exists(c, qualified)) {
                throw e;
            }
        }
    }

    private static boolean exists(Connection c, String qualified) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM " + qualified + " WHERE 1 = 0")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private Table tableDefinition() {
        return new Table(TableId.of(schema, TABLES), List.of(
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("source_schema", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("source_table", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("target_schema", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("target_table", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("key_column", DataType.ofLength(TypeKind.VARCHAR, 256), true),
                Column.of("ranges_clearable", DataType.of(TypeKind.INTEGER), false),
                Column.of("state", DataType.ofLength(TypeKind.VARCHAR, 16), false),
                Column.of("rows_loaded", DataType.of(TypeKind.BIGINT), false),
                Column.of("updated_at", DataType.temporal(TypeKind.TIMESTAMP, 6), false)),
                List.of("task_name", "source_schema", "source_table"), List.of(), -1);
    }

    private Table segmentDefinition() {
        return new Table(TableId.of(schema, SEGMENTS), List.of(
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("source_schema", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("source_table", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("segment_no", DataType.of(TypeKind.INTEGER), false),
                Column.of("lower_bound", DataType.ofLength(TypeKind.VARCHAR, 1000), true),
                Column.of("upper_bound", DataType.ofLength(TypeKind.VARCHAR, 1000), true),
                Column.of("state", DataType.ofLength(TypeKind.VARCHAR, 16), false),
                Column.of("rows_loaded", DataType.of(TypeKind.BIGINT), false),
                Column.of("updated_at", DataType.temporal(TypeKind.TIMESTAMP, 6), false)),
                List.of("task_name", "source_schema", "source_table", "segment_no"), List.of(), -1);
    }

    private Table failureDefinition() {
        return new Table(TableId.of(schema, VALIDATION_FAILURES), List.of(
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("table_owner", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("table_name", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("failure_no", DataType.of(TypeKind.INTEGER), false),
                Column.of("failure_time", DataType.temporal(TypeKind.TIMESTAMP, 6), false),
                Column.of("key_type", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("key", DataType.of(TypeKind.TEXT), false),
                Column.of("failure_type", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("details", DataType.of(TypeKind.TEXT), true)),
                List.of("task_name", "table_owner", "table_name", "failure_no"), List.of(), -1);
    }

    private Table positionDefinition() {
        return new Table(TableId.of(schema, CDC_POSITIONS), List.of(
                Column.of("server_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("state_time", DataType.temporal(TypeKind.TIMESTAMP, 6), false),
                Column.of("checkpoint", DataType.ofLength(TypeKind.VARCHAR, 2000), false),
                Column.of("engine", DataType.ofLength(TypeKind.VARCHAR, 64), false),
                Column.of("phase", DataType.ofLength(TypeKind.VARCHAR, 16), false),
                Column.of("last_commit_time", DataType.temporal(TypeKind.TIMESTAMP, 6), true)),
                List.of("task_name"), List.of(), -1);
    }

    private Table exceptionDefinition() {
        return new Table(TableId.of(schema, APPLY_EXCEPTIONS), List.of(
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("exception_no", DataType.of(TypeKind.BIGINT), false),
                Column.of("table_owner", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("table_name", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("error_time", DataType.temporal(TypeKind.TIMESTAMP, 6), false),
                Column.of("statement", DataType.of(TypeKind.TEXT), false),
                Column.of("error", DataType.of(TypeKind.TEXT), false),
                Column.of("operation", DataType.ofLength(TypeKind.VARCHAR, 16), false),
                Column.of("row_key", DataType.of(TypeKind.TEXT), true),
                Column.of("position", DataType.ofLength(TypeKind.VARCHAR, 2000), true)),
                List.of("task_name", "exception_no"), List.of(), -1);
    }

    private Table statusDefinition() {
        return new Table(TableId.of(schema, STATUS), List.of(
                Column.of("server_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("task_status", DataType.ofLength(TypeKind.VARCHAR, 32), true),
                Column.of("status_time", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                Column.of("pending_changes", DataType.of(TypeKind.BIGINT), true),
                Column.of("disk_swap_size", DataType.of(TypeKind.BIGINT), true),
                Column.of("task_memory", DataType.of(TypeKind.BIGINT), true),
                Column.of("source_current_position", DataType.ofLength(TypeKind.VARCHAR, 2000), true),
                Column.of("source_current_timestamp", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                Column.of("source_tail_position", DataType.ofLength(TypeKind.VARCHAR, 2000), true),
                Column.of("source_tail_timestamp", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                Column.of("source_timestamp_applied", DataType.temporal(TypeKind.TIMESTAMP, 6), true)),
                List.of("task_name"), List.of(), -1);
    }

    private Table suspendedDefinition() {
        return new Table(TableId.of(schema, SUSPENDED_TABLES), List.of(
                Column.of("server_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("table_owner", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("table_name", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("suspend_reason", DataType.ofLength(TypeKind.VARCHAR, 32), true),
                Column.of("suspend_timestamp", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                Column.of("suspend_message", DataType.of(TypeKind.TEXT), true)),
                List.of("task_name", "table_owner", "table_name"), List.of(), -1);
    }

    private Table historyDefinition() {
        return new Table(TableId.of(schema, HISTORY), List.of(
                Column.of("server_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("timeslot_type", DataType.ofLength(TypeKind.VARCHAR, 32), false),
                Column.of("timeslot", DataType.temporal(TypeKind.TIMESTAMP, 6), false),
                Column.of("timeslot_duration", DataType.of(TypeKind.BIGINT), true),
                Column.of("timeslot_latency", DataType.of(TypeKind.BIGINT), true),
                Column.of("timeslot_records", DataType.of(TypeKind.BIGINT), true),
                Column.of("timeslot_volume", DataType.of(TypeKind.BIGINT), true)),
                List.of("task_name", "timeslot_type", "timeslot"), List.of(), -1);
    }

    /**
     * Creates the optional tables that are switched on (AWS {@code StatusTableEnabled},
     * {@code SuspendedTablesTableEnabled}, {@code HistoryTableEnabled}) when they do not exist.
     * Runs with auto-commit on; {@link #ensure(Connection)} must have created the schema.
     */
    public void ensureReporting(Connection c, boolean statusTable, boolean suspendedTablesTable, boolean historyTable)
            throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            if (statusTable) {
                create(c, st, status, statusDefinition());
            }
            if (suspendedTablesTable) {
                create(c, st, suspendedTables, suspendedDefinition());
            }
            if (historyTable) {
                create(c, st, history, historyDefinition());
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The name this process writes into the {@code server_name} columns: the host's name, as AWS writes its machine's. */
    public static String serverName() {
        return ServerName.NAME;
    }

    private static final class ServerName {
        static final String NAME = lookUp();

        private static String lookUp() {
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isBlank()) {
                return env.length() > 128 ? env.substring(0, 128) : env;
            }
            try {
                String host = java.net.InetAddress.getLocalHost().getHostName();
                return host.length() > 128 ? host.substring(0, 128) : host;
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }

    /**
     * A task's row of {@code awsdms_status}; timestamps and positions may be null.
     *
     * @param taskStatus {@link #FULL_LOAD}, {@link #CHANGE_PROCESSING} or {@link #NOT_RUNNING}
     */
    public record StatusRow(String taskStatus, Long pendingChanges, Long diskSwapSize, Long taskMemory,
                            String sourceCurrentPosition, java.time.Instant sourceCurrentTimestamp,
                            String sourceTailPosition, java.time.Instant sourceTailTimestamp,
                            java.time.Instant sourceTimestampApplied) {
    }

    /** The {@code task_status} of a task that loads at least one table. */
    public static final String FULL_LOAD = "FULL LOAD";
    /** The {@code task_status} of a task whose tables are loaded and that applies changes. */
    public static final String CHANGE_PROCESSING = "CHANGE PROCESSING";
    /** The {@code task_status} of a task before it starts and after it ends. */
    public static final String NOT_RUNNING = "NOT RUNNING";

    /** Writes (replaces) a task's row of {@code awsdms_status}. */
    public void saveStatus(Connection c, String task, StatusRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + status + " WHERE " + col("task_name") + " = ?")) {
            ps.setString(1, task);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + status + " (" + String.join(", ",
                cols("server_name", "task_name", "task_status", "status_time", "pending_changes", "disk_swap_size",
                        "task_memory", "source_current_position", "source_current_timestamp", "source_tail_position",
                        "source_tail_timestamp", "source_timestamp_applied")) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, serverName());
            ps.setString(2, task);
            ps.setString(3, row.taskStatus());
            ps.setObject(4, now());
            ps.setObject(5, row.pendingChanges());
            ps.setObject(6, row.diskSwapSize());
            ps.setObject(7, row.taskMemory());
            ps.setString(8, row.sourceCurrentPosition());
            ps.setObject(9, utc(row.sourceCurrentTimestamp()));
            ps.setString(10, row.sourceTailPosition());
            ps.setObject(11, utc(row.sourceTailTimestamp()));
            ps.setObject(12, utc(row.sourceTimestampApplied()));
            ps.executeUpdate();
        }
    }

    /** Records a suspended table in {@code awsdms_suspended_tables} (replacing an earlier row of it). */
    public void recordSuspendedTable(Connection c, String task, TableId source, String reason, String message)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + suspendedTables + " WHERE " + col("task_name")
                + " = ? AND " + col("table_owner") + " = ? AND " + col("table_name") + " = ?")) {
            ps.setString(1, task);
            ps.setString(2, source.schema());
            ps.setString(3, source.name());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + suspendedTables + " (" + String.join(", ",
                cols("server_name", "task_name", "table_owner", "table_name", "suspend_reason", "suspend_timestamp",
                        "suspend_message")) + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, serverName());
            ps.setString(2, task);
            ps.setString(3, source.schema());
            ps.setString(4, source.name());
            ps.setString(5, reason.length() > 32 ? reason.substring(0, 32) : reason);
            ps.setObject(6, now());
            ps.setString(7, message);
            ps.executeUpdate();
        }
    }

    /**
     * One timeslot of {@code awsdms_history}.
     *
     * @param type            {@link #FULL_LOAD} or {@link #CHANGE_PROCESSING}
     * @param start           when the timeslot began
     * @param durationMinutes the timeslot's length in minutes (the last one of a run may be shorter, rounded up)
     * @param latencySeconds  the target latency at the end of the timeslot, null for a full load
     * @param records         rows loaded or changes applied in the timeslot
     * @param volumeMb        megabytes loaded in the timeslot (dmskit's estimate), null when not measured
     */
    public record HistoryRow(String type, java.time.Instant start, long durationMinutes, Long latencySeconds, long records,
                             Long volumeMb) {
    }

    /** Adds a timeslot to {@code awsdms_history}. */
    public void recordHistory(Connection c, String task, HistoryRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + history + " (" + String.join(", ",
                cols("server_name", "task_name", "timeslot_type", "timeslot", "timeslot_duration", "timeslot_latency",
                        "timeslot_records", "timeslot_volume")) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, serverName());
            ps.setString(2, task);
            ps.setString(3, row.type());
            ps.setObject(4, utc(row.start()));
            ps.setLong(5, row.durationMinutes());
            ps.setObject(6, row.latencySeconds());
            ps.setLong(7, row.records());
            ps.setObject(8, row.volumeMb());
            ps.executeUpdate();
        }
    }

    private List<String> cols(String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add(col(n));
        }
        return out;
    }

    private static LocalDateTime utc(java.time.Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /**
     * Where a task's change apply stands.
     *
     * @param engine         the source engine, as {@code SourcePosition.engine()} names it
     * @param position       the position's text, as {@code SourcePosition.text()} gives it
     * @param phase          {@link #LOADING} or {@link #APPLYING}
     * @param lastCommitTime the source commit time of the last applied change, or null
     */
    public record PositionRow(String engine, String position, String phase, java.time.Instant lastCommitTime) {
    }

    /** The phase of a full-load-and-CDC task whose load has not finished: changes are held in the source's log. */
    public static final String LOADING = "LOADING";
    /** The phase in which changes are applied. */
    public static final String APPLYING = "APPLYING";

    /** The stored position of a task, or null when it has none. */
    public PositionRow position(Connection c, String task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + col("engine") + ", " + col("checkpoint") + ", " + col("phase")
                + ", " + col("last_commit_time") + " FROM " + positions + " WHERE " + col("task_name") + " = ?")) {
            ps.setString(1, task);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                LocalDateTime last = rs.getObject(4, LocalDateTime.class);
                return new PositionRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        last == null ? null : last.toInstant(ZoneOffset.UTC));
            }
        }
    }

    /**
     * Stores a task's position (replacing the one stored) in the connection's transaction, which
     * should be the one that applied the changes up to it.
     */
    public void savePosition(Connection c, String task, PositionRow row) throws SQLException {
        LocalDateTime last = row.lastCommitTime() == null ? null : LocalDateTime.ofInstant(row.lastCommitTime(), ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + positions + " SET " + col("engine") + " = ?, "
                + col("checkpoint") + " = ?, " + col("phase") + " = ?, " + col("last_commit_time") + " = ?, "
                + col("state_time") + " = ? WHERE " + col("task_name") + " = ?")) {
            ps.setString(1, row.engine());
            ps.setString(2, row.position());
            ps.setString(3, row.phase());
            ps.setObject(4, last);
            ps.setObject(5, now());
            ps.setString(6, task);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + positions + " (" + col("task_name") + ", "
                + col("engine") + ", " + col("checkpoint") + ", " + col("phase") + ", " + col("last_commit_time") + ", "
                + col("state_time") + ", " + col("server_name") + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, task);
            ps.setString(2, row.engine());
            ps.setString(3, row.position());
            ps.setString(4, row.phase());
            ps.setObject(5, last);
            ps.setObject(6, now());
            ps.setString(7, serverName());
            ps.executeUpdate();
        }
    }

    /** Deletes a task's stored position (its next run captures from a new start). */
    public void deletePosition(Connection c, String task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + positions + " WHERE " + col("task_name") + " = ?")) {
            ps.setString(1, task);
            ps.executeUpdate();
        }
    }

    /** A change that could not be applied. {@code rowKey} and {@code position} may be null. */
    public record ApplyException(TableId source, String operation, String rowKey, String position, String message) {
    }

    /**
     * The numbers given out in this JVM per table and task: segments of several tables record at
     * once in transactions not yet committed, which MAX cannot see, so MAX + 1 alone would give two
     * of them the same number (a unique violation that failed the second table).
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> EXCEPTION_NOS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Records changes that could not be applied, numbered after the task's earlier ones. */
    public void recordApplyExceptions(Connection c, String task, List<ApplyException> rows) throws SQLException {
        long max;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(" + col("exception_no") + ") FROM " + exceptions
                + " WHERE " + col("task_name") + " = ?")) {
            ps.setString(1, task);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                max = rs.getLong(1);
            }
        }
        long next = EXCEPTION_NOS.computeIfAbsent(exceptions + "/" + task, k -> new java.util.concurrent.atomic.AtomicLong())
                .updateAndGet(v -> Math.max(v, max) + rows.size()) - rows.size() + 1;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + exceptions + " (" + String.join(", ",
                cols("task_name", "exception_no", "table_owner", "table_name", "operation", "row_key", "position", "error",
                        "error_time", "statement")) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ApplyException r : rows) {
                ps.setString(1, task);
                ps.setLong(2, next++);
                ps.setString(3, r.source().schema());
                ps.setString(4, r.source().name());
                ps.setString(5, r.operation());
                ps.setString(6, r.rowKey());
                ps.setString(7, r.position());
                ps.setString(8, r.message());
                ps.setObject(9, now());
                ps.setString(10, statement(r));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** What the {@code statement} column says of an exception: dmskit keeps the operation, table and key, not SQL text. */
    static String statement(ApplyException r) {
        return r.operation() + " " + r.source() + (r.rowKey() == null ? "" : " key " + r.rowKey());
    }

    /** The recorded apply exceptions of a task, oldest first. */
    public List<ApplyException> applyExceptions(Connection c, String task) throws SQLException {
        List<ApplyException> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + col("table_owner") + ", " + col("table_name") + ", "
                + col("operation") + ", " + col("row_key") + ", " + col("position") + ", " + col("error") + " FROM "
                + exceptions + " WHERE " + col("task_name") + " = ? ORDER BY " + col("exception_no"))) {
            ps.setString(1, task);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ApplyException(TableId.of(rs.getString(1), rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /**
     * AWS's {@code failure_type} of one of dmskit's difference kinds: a row only in the source is
     * MISSING_TARGET, a row only in the target MISSING_SOURCE, a row in both that differs RECORD_DIFF.
     */
    static String failureType(String kind) {
        return switch (kind) {
            case "MISSING" -> "MISSING_TARGET";
            case "EXTRA" -> "MISSING_SOURCE";
            case "DIFFERENT" -> "RECORD_DIFF";
            default -> kind;
        };
    }

    /**
     * Replaces the recorded validation failures of a table by these (kind MISSING, EXTRA or
     * DIFFERENT, key text, columns text; columns may be null).
     */
    public void recordValidationFailures(Connection c, String task, TableId source, List<String[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + failures + " WHERE " + col("task_name") + " = ? AND "
                + col("table_owner") + " = ? AND " + col("table_name") + " = ?")) {
            ps.setString(1, task);
            ps.setString(2, source.schema());
            ps.setString(3, source.name());
            ps.executeUpdate();
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + failures + " (" + String.join(", ", cols("task_name",
                "table_owner", "table_name", "failure_no", "failure_type", "key", "details", "failure_time", "key_type"))
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Row')")) {
            int n = 0;
            for (String[] r : rows) {
                ps.setString(1, task);
                ps.setString(2, source.schema());
                ps.setString(3, source.name());
                ps.setInt(4, ++n);
                ps.setString(5, failureType(r[0]));
                ps.setString(6, r[1]);
                ps.setString(7, r[2]);
                ps.setObject(8, now());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Adds validation failures of a table after those recorded (kind, key text, columns text;
     * columns may be null): CDC re-validation reports rows as it finds them.
     */
    public void appendValidationFailures(Connection c, String task, TableId source, List<String[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(" + col("failure_no") + ") FROM " + failures + " WHERE "
                + col("task_name") + " = ? AND " + col("table_owner") + " = ? AND " + col("table_name") + " = ?")) {
            ps.setString(1, task);
            ps.setString(2, source.schema());
            ps.setString(3, source.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    n = rs.getInt(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + failures + " (" + String.join(", ", cols("task_name",
                "table_owner", "table_name", "failure_no", "failure_type", "key", "details", "failure_time", "key_type"))
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Row')")) {
            for (String[] r : rows) {
                ps.setString(1, task);
                ps.setString(2, source.schema());
                ps.setString(3, source.name());
                ps.setInt(4, ++n);
                ps.setString(5, failureType(r[0]));
                ps.setString(6, r[1]);
                ps.setString(7, r[2]);
                ps.setObject(8, now());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private String col(String name) {
        return dialect.quote(name);
    }

    /** Every table row of a task, by source table. */
    public Map<TableId, TableRow> tables(Connection c, String task) throws SQLException {
        Map<TableId, TableRow> out = new LinkedHashMap<>();
        String sql = "SELECT " + col("source_schema") + ", " + col("source_table") + ", " + col("target_schema") + ", "
                + col("target_table") + ", " + col("key_column") + ", " + col("ranges_clearable") + ", " + col("state") + ", "
                + col("rows_loaded") + " FROM " + tables + " WHERE " + col("task_name") + " = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, task);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId src = TableId.of(rs.getString(1), rs.getString(2));
                    out.put(src, new TableRow(src, TableId.of(rs.getString(3), rs.getString(4)), rs.getString(5),
                            rs.getInt(6) != 0, rs.getString(7), rs.getLong(8)));
                }
            }
        }
        return out;
    }

    /** The segments of one table of a task, by number. */
    public List<SegmentRow> segments(Connection c, String task, TableId source) throws SQLException {
        List<SegmentRow> out = new ArrayList<>();
        String sql = "SELECT " + col("segment_no") + ", " + col("lower_bound") + ", " + col("upper_bound") + ", "
                + col("state") + ", " + col("rows_loaded") + " FROM " + segments + " WHERE " + col("task_name")
                + " = ? AND " + col("source_schema") + " = ? AND " + col("source_table") + " = ? ORDER BY "
                + col("segment_no");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, task);
            ps.setString(2, source.schema());
            ps.setString(3, source.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SegmentRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
                }
            }
        }
        return out;
    }

    /** Deletes every row of a task (a fresh start): its plan, its position and its apply exceptions. */
    public void deleteTask(Connection c, String task) throws SQLException {
        for (String t : List.of(segments, tables, positions, exceptions)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE " + col("task_name") + " = ?")) {
                ps.setString(1, task);
                ps.executeUpdate();
            }
        }
        EXCEPTION_NOS.remove(exceptions + "/" + task);   // a reloaded task numbers its exceptions from 1 again
    }

    /** Records a table's plan: its row and all its segments, replacing any earlier plan of it. */
    public void recordPlan(Connection c, String task, TableRow table, List<SegmentRow> segs) throws SQLException {
        deleteTable(c, task, table.source());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables + " (" + col("task_name") + ", "
                + col("source_schema") + ", " + col("source_table") + ", " + col("target_schema") + ", " + col("target_table")
                + ", " + col("key_column") + ", " + col("ranges_clearable") + ", " + col("state") + ", " + col("rows_loaded")
                + ", " + col("updated_at") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, task);
            ps.setString(2, table.source().schema());
            ps.setString(3, table.source().name());
            ps.setString(4, table.target().schema());
            ps.setString(5, table.target().name());
            ps.setString(6, table.keyColumn());
            ps.setInt(7, table.rangesClearable() ? 1 : 0);
            ps.setString(8, table.state());
            ps.setLong(9, table.rowsLoaded());
            ps.setObject(10, now());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + segments + " (" + col("task_name") + ", "
                + col("source_schema") + ", " + col("source_table") + ", " + col("segment_no") + ", " + col("lower_bound")
                + ", " + col("upper_bound") + ", " + col("state") + ", " + col("rows_loaded") + ", " + col("updated_at")
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (SegmentRow s : segs) {
                ps.setString(1, task);
                ps.setString(2, table.source().schema());
                ps.setString(3, table.source().name());
                ps.setInt(4, s.number());
                ps.setString(5, s.lower());
                ps.setString(6, s.upper());
                ps.setString(7, s.state());
                ps.setLong(8, s.rowsLoaded());
                ps.setObject(9, now());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void deleteTable(Connection c, String task, TableId source) throws SQLException {
        for (String t : List.of(segments, tables)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE " + col("task_name") + " = ? AND "
                    + col("source_schema") + " = ? AND " + col("source_table") + " = ?")) {
                ps.setString(1, task);
                ps.setString(2, source.schema());
                ps.setString(3, source.name());
                ps.executeUpdate();
            }
        }
    }

    /** Sets a segment's state and row count. */
    public void markSegment(Connection c, String task, TableId source, int segment, String state, long rows)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + segments + " SET " + col("state") + " = ?, "
                + col("rows_loaded") + " = ?, " + col("updated_at") + " = ? WHERE " + col("task_name") + " = ? AND "
                + col("source_schema") + " = ? AND " + col("source_table") + " = ? AND " + col("segment_no") + " = ?")) {
            ps.setString(1, state);
            ps.setLong(2, rows);
            ps.setObject(3, now());
            ps.setString(4, task);
            ps.setString(5, source.schema());
            ps.setString(6, source.name());
            ps.setInt(7, segment);
            ps.executeUpdate();
        }
    }

    /** Sets every segment of a table to a state (used when a table's ranges cannot be cleared one by one). */
    public void markAllSegments(Connection c, String task, TableId source, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + segments + " SET " + col("state") + " = ?, "
                + col("rows_loaded") + " = 0, " + col("updated_at") + " = ? WHERE " + col("task_name") + " = ? AND "
                + col("source_schema") + " = ? AND " + col("source_table") + " = ?")) {
            ps.setString(1, state);
            ps.setObject(2, now());
            ps.setString(3, task);
            ps.setString(4, source.schema());
            ps.setString(5, source.name());
            ps.executeUpdate();
        }
    }

    /** Sets a table's state, keeping its row count. */
    public void markTableState(Connection c, String task, TableId source, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables + " SET " + col("state") + " = ?, "
                + col("updated_at") + " = ? WHERE " + col("task_name") + " = ? AND "
                + col("source_schema") + " = ? AND " + col("source_table") + " = ?")) {
            ps.setString(1, state);
            ps.setObject(2, now());
            ps.setString(3, task);
            ps.setString(4, source.schema());
            ps.setString(5, source.name());
            ps.executeUpdate();
        }
    }

    /** Sets a table's state and row count. */
    public void markTable(Connection c, String task, TableId source, String state, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables + " SET " + col("state") + " = ?, "
                + col("rows_loaded") + " = ?, " + col("updated_at") + " = ? WHERE " + col("task_name") + " = ? AND "
                + col("source_schema") + " = ? AND " + col("source_table") + " = ?")) {
            ps.setString(1, state);
            ps.setLong(2, rows);
            ps.setObject(3, now());
            ps.setString(4, task);
            ps.setString(5, source.schema());
            ps.setString(6, source.name());
            ps.executeUpdate();
        }
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }
}
