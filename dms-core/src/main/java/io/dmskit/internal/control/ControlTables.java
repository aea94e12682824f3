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
 * dmskit's control tables in the target, under the task's control schema: the state of every
 * table and segment of each full load, so that a stopped or crashed task resumes where it was.
 * <ul>
 *   <li>{@code full_load_tables}: one row per task and source table: target name, split column,
 *       whether its ranges can be cleared one by one, state, rows.</li>
 *   <li>{@code full_load_segments}: one row per segment: key bounds (as text), state, rows.</li>
 *   <li>{@code validation_failures}: one row per difference that validation found: table, kind
 *       (MISSING, EXTRA, DIFFERENT), the row's key and the differing columns with both values.</li>
 *   <li>{@code cdc_positions}: one row per task that captures changes: the source position up to
 *       which changes are applied (written in the same transaction as the changes, so that a
 *       restart neither loses nor repeats one), the phase (LOADING while the full load of a
 *       full-load-and-CDC task runs, APPLYING after it), and the commit time of the last applied
 *       change.</li>
 *   <li>{@code apply_exceptions}: one row per change that could not be applied: table, operation,
 *       the row's key, the source position and the reason.</li>
 * </ul>
 * Every method runs on the connection it is given, in that connection's transaction (the caller
 * commits), so that a segment's last rows and its DONE mark commit together. Thread-safe (stateless
 * but for the names).
 */
public final class ControlTables {
    public static final String TABLES = "full_load_tables";
    public static final String SEGMENTS = "full_load_segments";
    public static final String VALIDATION_FAILURES = "validation_failures";
    public static final String CDC_POSITIONS = "cdc_positions";
    public static final String APPLY_EXCEPTIONS = "apply_exceptions";

    private final Dialect dialect;
    private final String schema;
    private final String tables;
    private final String segments;
    private final String failures;
    private final String positions;
    private final String exceptions;

    public ControlTables(Dialect dialect, String schema) {
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

    /** Creates the control schema and tables when they do not exist. Runs with auto-commit on. */
    public void ensure(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute(dialect.createSchemaIfNotExists(schema));
            if (!exists(c, tables)) {
                for (String sql : dialect.createTable(tableDefinition())) {
                    st.execute(sql);
                }
            }
            if (!exists(c, segments)) {
                for (String sql : dialect.createTable(segmentDefinition())) {
                    st.execute(sql);
                }
            }
            if (!exists(c, failures)) {
                for (String sql : dialect.createTable(failureDefinition())) {
                    st.execute(sql);
                }
            }
            if (!exists(c, positions)) {
                for (String sql : dialect.createTable(positionDefinition())) {
                    st.execute(sql);
                }
            }
            if (!exists(c, exceptions)) {
                for (String sql : dialect.createTable(exceptionDefinition())) {
                    st.execute(sql);
                }
            }
        } finally {
            c.setAutoCommit(auto);
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
                Column.of("source_schema", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("source_table", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("failure_no", DataType.of(TypeKind.INTEGER), false),
                Column.of("kind", DataType.ofLength(TypeKind.VARCHAR, 16), false),
                Column.of("row_key", DataType.of(TypeKind.TEXT), false),
                Column.of("columns", DataType.of(TypeKind.TEXT), true),
                Column.of("detected_at", DataType.temporal(TypeKind.TIMESTAMP, 6), false)),
                List.of("task_name", "source_schema", "source_table", "failure_no"), List.of(), -1);
    }

    private Table positionDefinition() {
        return new Table(TableId.of(schema, CDC_POSITIONS), List.of(
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("engine", DataType.ofLength(TypeKind.VARCHAR, 64), false),
                Column.of("position", DataType.ofLength(TypeKind.VARCHAR, 2000), false),
                Column.of("phase", DataType.ofLength(TypeKind.VARCHAR, 16), false),
                Column.of("last_commit_time", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                Column.of("updated_at", DataType.temporal(TypeKind.TIMESTAMP, 6), false)),
                List.of("task_name"), List.of(), -1);
    }

    private Table exceptionDefinition() {
        return new Table(TableId.of(schema, APPLY_EXCEPTIONS), List.of(
                Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                Column.of("exception_no", DataType.of(TypeKind.BIGINT), false),
                Column.of("source_schema", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("source_table", DataType.ofLength(TypeKind.VARCHAR, 256), false),
                Column.of("operation", DataType.ofLength(TypeKind.VARCHAR, 16), false),
                Column.of("row_key", DataType.of(TypeKind.TEXT), true),
                Column.of("position", DataType.ofLength(TypeKind.VARCHAR, 2000), true),
                Column.of("message", DataType.of(TypeKind.TEXT), false),
                Column.of("recorded_at", DataType.temporal(TypeKind.TIMESTAMP, 6), false)),
                List.of("task_name", "exception_no"), List.of(), -1);
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
        try (PreparedStatement ps = c.prepareStatement("SELECT " + col("engine") + ", " + col("position") + ", " + col("phase")
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
                + col("position") + " = ?, " + col("phase") + " = ?, " + col("last_commit_time") + " = ?, "
                + col("updated_at") + " = ? WHERE " + col("task_name") + " = ?")) {
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
                + col("engine") + ", " + col("position") + ", " + col("phase") + ", " + col("last_commit_time") + ", "
                + col("updated_at") + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, task);
            ps.setString(2, row.engine());
            ps.setString(3, row.position());
            ps.setString(4, row.phase());
            ps.setObject(5, last);
            ps.setObject(6, now());
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

    /** Records changes that could not be applied, numbered after the task's earlier ones. */
    public void recordApplyExceptions(Connection c, String task, List<ApplyException> rows) throws SQLException {
        long next;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(" + col("exception_no") + ") FROM " + exceptions
                + " WHERE " + col("task_name") + " = ?")) {
            ps.setString(1, task);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                next = rs.getLong(1) + 1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + exceptions + " (" + col("task_name") + ", "
                + col("exception_no") + ", " + col("source_schema") + ", " + col("source_table") + ", " + col("operation")
                + ", " + col("row_key") + ", " + col("position") + ", " + col("message") + ", " + col("recorded_at")
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The recorded apply exceptions of a task, oldest first. */
    public List<ApplyException> applyExceptions(Connection c, String task) throws SQLException {
        List<ApplyException> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + col("source_schema") + ", " + col("source_table") + ", "
                + col("operation") + ", " + col("row_key") + ", " + col("position") + ", " + col("message") + " FROM "
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

    /** Replaces the recorded validation failures of a table by these (kind, key text, columns text; columns may be null). */
    public void recordValidationFailures(Connection c, String task, TableId source, List<String[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + failures + " WHERE " + col("task_name") + " = ? AND "
                + col("source_schema") + " = ? AND " + col("source_table") + " = ?")) {
            ps.setString(1, task);
            ps.setString(2, source.schema());
            ps.setString(3, source.name());
            ps.executeUpdate();
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + failures + " (" + col("task_name") + ", "
                + col("source_schema") + ", " + col("source_table") + ", " + col("failure_no") + ", " + col("kind") + ", "
                + col("row_key") + ", " + col("columns") + ", " + col("detected_at") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (String[] r : rows) {
                ps.setString(1, task);
                ps.setString(2, source.schema());
                ps.setString(3, source.name());
                ps.setInt(4, ++n);
                ps.setString(5, r[0]);
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
                + col("task_name") + " = ? AND " + col("source_schema") + " = ? AND " + col("source_table") + " = ?")) {
            ps.setString(1, task);
            ps.setString(2, source.schema());
            ps.setString(3, source.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    n = rs.getInt(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + failures + " (" + col("task_name") + ", "
                + col("source_schema") + ", " + col("source_table") + ", " + col("failure_no") + ", " + col("kind") + ", "
                + col("row_key") + ", " + col("columns") + ", " + col("detected_at") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (String[] r : rows) {
                ps.setString(1, task);
                ps.setString(2, source.schema());
                ps.setString(3, source.name());
                ps.setInt(4, ++n);
                ps.setString(5, r[0]);
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
