package io.dmskit.mysql;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs {@code INSERT INTO t (c1, ..) VALUES (..), (..)} statements of k rows, prepared once per k
 * (a few sizes are kept), and makes sure that each one stored exactly its rows: the statement
 * runs after a savepoint; when it fails with a data error, stores fewer rows than it was given,
 * or leaves a warning (which MySQL gives instead of an error for some losses even in strict
 * mode), the savepoint is rolled back and the rows are inserted one at a time to find the first
 * one the server refuses, which is reported as a {@link RowFailure} with the server's message
 * after rolling back to the savepoint again. So a failure leaves the transaction as it was
 * before the failing statement.
 *
 * <p>Values are bound by class: {@code Long}, {@code Integer}, {@code Float}, {@code Double},
 * {@code BigDecimal}, {@code String}, {@code byte[]}, {@code Boolean} (as 1/0) and null. Not
 * thread-safe; owned by one writer.
 */
final class MultiRowInsert implements AutoCloseable {

    private static final int KEPT_SIZES = 4;
    private static final String SAVEPOINT = "SAVEPOINT dmskit_insert";
    private static final String ROLLBACK = "ROLLBACK TO SAVEPOINT dmskit_insert";

    /** A row that the server refused. */
    static final class RowFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final int row;

        RowFailure(int row, String message, SQLException cause) {
            super(message, cause, false, false);
            this.row = row;
        }
    }

    private final Connection connection;
    private final boolean batched;
    private final String prefix;
    private final String tuple;
    private final int columns;
    private final Statement control;
    private final Map<Integer, PreparedStatement> statements = new LinkedHashMap<>(8, 0.75f, true);

    /**
     * @param prefix  {@code INSERT INTO `db`.`t` (`a`, `b`) VALUES }
     * @param tuple   one row's values, for example {@code (?, CAST(? AS UNSIGNED))}
     * @param columns the number of placeholders in the tuple
     * @param batched whether to send k rows as a JDBC batch of the one-row statement instead of
     *                one k-row statement: MariaDB Connector/J sends such a batch without waiting
     *                for each row (pipelined, or with its bulk protocol), MySQL Connector/J rewrites
     *                it into multi-row statements when {@code rewriteBatchedStatements=true}
     */
    MultiRowInsert(Connection connection, String prefix, String tuple, int columns, boolean batched)
            throws SQLException {
        this.connection = connection;
        this.batched = batched;
        this.prefix = prefix;
        this.tuple = tuple;
        this.columns = columns;
        this.control = connection.createStatement();
    }

    /**
     * Inserts {@code rows} rows whose values start at {@code values[from * columns]}, row after
     * row, in one statement.
     *
     * @throws RowFailure naming the row (from {@code from}) that the server refused
     */
    void insert(Object[] values, int from, int rows) throws SQLException, RowFailure {
        control.execute(SAVEPOINT);
        SQLException error = null;
        String warning = null;
        PreparedStatement ps = statement(batched ? 1 : rows);
        try {
            long n;
            ps.clearWarnings();
            if (batched) {
                for (int r = from; r < from + rows; r++) {
                    bind(ps, values, r, 1);
                    ps.addBatch();
                }
                n = stored(ps.executeLargeBatch(), rows);
            } else {
                bind(ps, values, from, rows);
                n = ps.executeLargeUpdate();
            }
            warning = describe(ps.getWarnings());
            if (warning == null && n == rows) {
                return;
            }
        } catch (SQLException e) {
            if (batched) {
                ps.clearBatch();
            }
            if (!isDataError(e)) {
                throw e;
            }
            error = e;
        }
        control.execute(ROLLBACK);
        if (rows > 1) {
            for (int r = from; r < from + rows; r++) {
                insertOne(values, r);
            }
            return;
        }
        throw new RowFailure(from, error != null ? error.getMessage()
                : warning != null ? warning : "the server stored no row and gave no reason", error);
    }

    /**
     * The rows that a batch stored by its update counts: each must be 1, or
     * {@code SUCCESS_NO_INFO} when the driver's bulk protocol reports no count per row (a row
     * that is refused is then an error, which strict mode and the absence of IGNORE guarantee).
     */
    private static long stored(long[] counts, int rows) {
        if (counts.length != rows) {
            return -1;
        }
        for (long c : counts) {
            if (c != 1 && c != Statement.SUCCESS_NO_INFO) {
                return -1;
            }
        }
        return rows;
    }

    private void insertOne(Object[] values, int row) throws SQLException, RowFailure {
        PreparedStatement ps = statement(1);
        SQLException error = null;
        String warning = null;
        try {
            bind(ps, values, row, 1);
            ps.clearWarnings();
            long n = ps.executeLargeUpdate();
            warning = describe(ps.getWarnings());
            if (warning == null && n == 1) {
                return;
            }
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            error = e;
        }
        control.execute(ROLLBACK);
        throw new RowFailure(row, error != null ? error.getMessage()
                : warning != null ? warning : "the server stored no row and gave no reason", error);
    }

    private void bind(PreparedStatement ps, Object[] values, int from, int rows) throws SQLException {
        int base = from * columns;
        int n = rows * columns;
        for (int i = 0; i < n; i++) {
            Object v = values[base + i];
            int p = i + 1;
            if (v == null) {
                ps.setNull(p, Types.NULL);
            } else if (v instanceof String s) {
                ps.setString(p, s);
            } else if (v instanceof Long l) {
                ps.setLong(p, l);
            } else if (v instanceof byte[] b) {
                ps.setBytes(p, b);
            } else if (v instanceof Double d) {
                ps.setDouble(p, d);
            } else if (v instanceof Float f) {
                ps.setFloat(p, f);
            } else if (v instanceof Boolean b) {
                ps.setInt(p, b ? 1 : 0);
            } else if (v instanceof Integer x) {
                ps.setInt(p, x);
            } else if (v instanceof BigDecimal d) {
                ps.setBigDecimal(p, d);
            } else {
                throw new IllegalArgumentException("cannot bind a " + v.getClass().getName());
            }
        }
    }

    private PreparedStatement statement(int rows) throws SQLException {
        PreparedStatement ps = statements.get(rows);
        if (ps != null) {
            return ps;
        }
        StringBuilder sql = new StringBuilder(prefix.length() + rows * (tuple.length() + 2));
        sql.append(prefix);
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sql.append(',');
            }
            sql.append(tuple);
        }
        ps = connection.prepareStatement(sql.toString());
        statements.put(rows, ps);
        if (statements.size() > KEPT_SIZES) {
            Iterator<Map.Entry<Integer, PreparedStatement>> eldest = statements.entrySet().iterator();
            PreparedStatement old = eldest.next().getValue();
            eldest.remove();
            old.close();
        }
        return ps;
    }

    /** The warnings of a statement as one line, or null when there were none. */
    static String describe(SQLWarning w) {
        if (w == null) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (; w != null; w = w.getNextWarning()) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(w.getMessage());
        }
        return s.toString();
    }

    /**
     * Whether an exception is about the data of a row (SQL state class 22, data exception, or 23,
     * integrity constraint violation, or one of the MySQL error codes for a refused value) rather
     * than about the connection or the statement.
     */
    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return true;
        }
        switch (e.getErrorCode()) {
            case 1048: // column cannot be null
            case 1062: // duplicate entry
            case 1264: // out of range
            case 1265: // data truncated
            case 1292: // incorrect datetime value
            case 1366: // incorrect integer/string value
            case 1406: // data too long
            case 1451: case 1452: // foreign key
            case 3140: // invalid JSON text
            case 4025: // CHECK constraint (MariaDB)
                return true;
            default:
                return false;
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        statements.clear();
        try {
            control.close();
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
