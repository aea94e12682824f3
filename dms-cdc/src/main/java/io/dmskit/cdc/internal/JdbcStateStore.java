package io.dmskit.cdc.internal;

import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link StateStore} in two tables of a control schema, created when missing:
 * <ul>
 *   <li>{@code cdc_offsets (task_name, offset_key, offset_value, updated_at)}, one row per task and
 *       offset key (Debezium keeps one key per connector);</li>
 *   <li>{@code cdc_schema_history (task_name, seq, record)}, the schema history in order.</li>
 * </ul>
 * Keeps one connection, opened again when it breaks; every method is one short transaction.
 * Thread-safe (methods are synchronized).
 */
public final class JdbcStateStore implements StateStore {
    static final String OFFSETS = "cdc_offsets";
    static final String HISTORY = "cdc_schema_history";

    private final Endpoint endpoint;
    private final Dialect dialect;
    private final String schema;
    private final String offsets;
    private final String history;
    private Connection connection;

    public JdbcStateStore(Endpoint endpoint, String schema) {
        this.endpoint = endpoint;
        this.dialect = endpoint.dialect();
        this.schema = schema;
        this.offsets = dialect.qualify(TableId.of(schema, OFFSETS));
        this.history = dialect.qualify(TableId.of(schema, HISTORY));
        run("create the state tables", c -> {
            ensureTables(c);
            return null;
        });
    }

    private void ensureTables(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute(dialect.createSchemaIfNotExists(schema));
            if (!exists(c, offsets)) {
                for (String sql : dialect.createTable(new Table(TableId.of(schema, OFFSETS), List.of(
                        Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                        Column.of("offset_key", DataType.ofLength(TypeKind.VARCHAR, 512), false),
                        Column.of("offset_value", DataType.ofLength(TypeKind.TEXT, 0), false),
                        Column.of("updated_at", DataType.temporal(TypeKind.TIMESTAMP, 6), false)),
                        List.of("task_name", "offset_key"), List.of(), -1))) {
                    st.execute(sql);
                }
            }
            if (!exists(c, history)) {
                for (String sql : dialect.createTable(new Table(TableId.of(schema, HISTORY), List.of(
                        Column.of("task_name", DataType.ofLength(TypeKind.VARCHAR, 128), false),
                        Column.of("seq", DataType.of(TypeKind.BIGINT), false),
                        Column.of("record", DataType.ofLength(TypeKind.TEXT, 0), false)),
                        List.of("task_name", "seq"), List.of(), -1))) {
                    st.execute(sql);
                }
            }
        } catch (SQLException e) {
            // another task may have created the tables at the same moment
            if (!exists(c, offsets) || !exists(c, history)) {
                throw e;
            }
        } finally {
            c.setAutoCommit(false);
        }
    }

    private static boolean exists(Connection c, String qualified) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM " + qualified + " WHERE 1 = 0")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private String col(String name) {
        return dialect.quote(name);
    }

    @Override
    public Map<String, String> offsets(String task) {
        return run("read the offsets of task " + task, c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + col("offset_key") + ", " + col("offset_value")
                    + " FROM " + offsets + " WHERE " + col("task_name") + " = ?")) {
                ps.setString(1, task);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            c.commit();
            return out;
        });
    }

    @Override
    public void putOffsets(String task, Map<String, String> values) {
        run("store the offsets of task " + task, c -> {
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + offsets + " WHERE " + col("task_name")
                    + " = ? AND " + col("offset_key") + " = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO " + offsets + " (" + col("task_name") + ", "
                         + col("offset_key") + ", " + col("offset_value") + ", " + col("updated_at") + ") VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, String> e : values.entrySet()) {
                    del.setString(1, task);
                    del.setString(2, e.getKey());
                    del.executeUpdate();
                    if (e.getValue() != null) {
                        ins.setString(1, task);
                        ins.setString(2, e.getKey());
                        ins.setString(3, e.getValue());
                        ins.setTimestamp(4, now);
                        ins.executeUpdate();
                    }
                }
            }
            c.commit();
            return null;
        });
    }

    @Override
    public List<String> history(String task) {
        return run("read the schema history of task " + task, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + col("record") + " FROM " + history + " WHERE "
                    + col("task_name") + " = ? ORDER BY " + col("seq"))) {
                ps.setString(1, task);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            c.commit();
            return out;
        });
    }

    @Override
    public void appendHistory(String task, String record) {
        run("append to the schema history of task " + task, c -> {
            long next;
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(" + col("seq") + ") FROM " + history + " WHERE "
                    + col("task_name") + " = ?")) {
                ps.setString(1, task);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    next = rs.getLong(1) + 1;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + history + " (" + col("task_name") + ", "
                    + col("seq") + ", " + col("record") + ") VALUES (?, ?, ?)")) {
                ps.setString(1, task);
                ps.setLong(2, next);
                ps.setString(3, record);
                ps.executeUpdate();
            }
            c.commit();
            return null;
        });
    }

    @Override
    public void deleteTask(String task) {
        run("delete the state of task " + task, c -> {
            for (String table : List.of(offsets, history)) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + col("task_name") + " = ?")) {
                    ps.setString(1, task);
                    ps.executeUpdate();
                }
            }
            c.commit();
            return null;
        });
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs the work in a transaction; after a failure, once more on a new connection (the old one may be broken). */
    /** Attempts of one state-store operation, with backoff from FIRST_BACKOFF_MS doubling to MAX_BACKOFF_MS (about 15 s in all). */
    private static final int ATTEMPTS = 8;
    private static final long FIRST_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 4_000;

    private synchronized <T> T run(String what, Work<T> work) {
        Exception first = null;
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                if (connection == null) {
                    connection = Jdbc.connect(endpoint, "state storage");
                    connection.setAutoCommit(false);
                }
                return work.run(connection);
            } catch (SQLException | DmsException e) {
                if (e instanceof DmsException d && d.code() != ErrorCode.CONNECTION_FAILED) {
                    throw d;
                }
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
                closeQuietly();
                if (attempt >= ATTEMPTS) {
                    break;
                }
                // the target may be restarting: a few seconds of retries, each on a new connection
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
        throw new DmsException(ErrorCode.CONTROL_STATE, "Cannot " + what + " in schema " + schema + " of '"
                + endpoint.name() + "' (" + endpoint.safeUrl() + ") after " + ATTEMPTS + " attempts: " + first.getMessage()
                + ". Start the task again once that database answers.", first);
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is being dropped anyway
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // as above
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
