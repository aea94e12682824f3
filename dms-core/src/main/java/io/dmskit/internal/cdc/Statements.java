package io.dmskit.internal.cdc;

import io.dmskit.spi.ChangeEvent;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements of one target connection, and the JDBC batch being filled: rows for
 * one statement are added to its batch until a row needs another statement (or the batch is
 * full), so that consecutive changes of one kind to one table share a round trip while the
 * order of all changes holds. Data errors (SQL states of classes 22 and 23) become
 * {@link ApplyError}s that name the table and, when the driver tells which, the change.
 * Used by one thread; {@link #close()} after any failure, since batches may be half-filled.
 */
final class Statements implements AutoCloseable {

    /** Sets the parameters of one row. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private final Connection connection;
    private final int maxBatch;
    private final Map<String, PreparedStatement> cache = new HashMap<>();
    private String currentSql;
    private PreparedStatement current;
    private ApplyTable currentTable;
    private final List<ChangeEvent> pending = new ArrayList<>();

    Statements(Connection connection, int maxBatch) {
        this.connection = connection;
        this.maxBatch = maxBatch;
    }

    Connection connection() {
        return connection;
    }

    /** Adds a row for {@code sql} to the JDBC batch, executing the batch of another statement first. */
    void add(ApplyTable table, String sql, ChangeEvent event, Binder binder) throws SQLException {
        if (current != null && !sql.equals(currentSql)) {
            flush();
        }
        if (current == null) {
            current = prepare(sql);
            currentSql = sql;
            currentTable = table;
        }
        try {
            binder.bind(current);
        } catch (SQLException e) {
            throw dataErrorOr(e, table, event);
        }
        current.addBatch();
        pending.add(event);
        if (pending.size() >= maxBatch) {
            execute();
        }
    }

    /** Executes the batch being filled, if any. */
    void flush() throws SQLException {
        if (current != null) {
            execute();
            current = null;
            currentSql = null;
            currentTable = null;
        }
    }

    /** Executes one row's statement at once (after the batch being filled) and returns its update count. */
    int now(ApplyTable table, String sql, ChangeEvent event, Binder binder) throws SQLException {
        flush();
        PreparedStatement ps = prepare(sql);
        try {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw dataErrorOr(e, table, event);
        }
    }

    private void execute() throws SQLException {
        try {
            current.executeBatch();
            pending.clear();
        } catch (SQLException e) {
            int failed = failedIndex(e, pending.size());
            ChangeEvent event = failed >= 0 && failed < pending.size() ? pending.get(failed) : null;
            pending.clear();
            throw dataErrorOr(e, currentTable, event);
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            cache.put(sql, ps);
        }
        return ps;
    }

    /** An {@link ApplyError} when the failure is about the data (class 22 or 23), else the exception itself. */
    private static SQLException dataErrorOr(SQLException e, ApplyTable table, ChangeEvent event) {
        SQLException data = dataException(e);
        if (data != null) {
            String message = firstLine(data.getMessage());
            throw new ApplyError(table, event, table.columnIn(message), message + " (SQLState " + data.getSQLState() + ")", e);
        }
        return e;
    }

    /** The exception of class 22 or 23 in the chain, preferring the server's own to a batch wrapper's. */
    static SQLException dataException(SQLException e) {
        SQLException first = null;
        for (SQLException x = e; x != null; x = x.getNextException()) {
            for (Throwable t = x; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException s && s.getSQLState() != null
                        && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                    if (!(s instanceof BatchUpdateException)) {
                        return s;
                    }
                    if (first == null) {
                        first = s;
                    }
                }
            }
        }
        return first;
    }

    private static int failedIndex(SQLException e, int executed) {
        if (!(e instanceof BatchUpdateException bue) || bue.getUpdateCounts() == null) {
            return -1;
        }
        int[] counts = bue.getUpdateCounts();
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == Statement.EXECUTE_FAILED) {
                return k;
            }
        }
        return counts.length < executed ? counts.length : -1;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "the target refused the row";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.endsWith("; SQL statement:") ? line.substring(0, line.length() - "; SQL statement:".length()) : line;
    }

    @Override
    public void close() {
        for (PreparedStatement ps : cache.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection is broken or closed: nothing to release
            }
        }
        cache.clear();
        current = null;
        currentSql = null;
        pending.clear();
    }
}
