package io.dmskit.testkit.data;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.testkit.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TableDefinition} and the rows to put into it: each row one value per column, in column
 * order, of the logical type's Java class (null for NULL). Immutable (rows are copied; do not
 * change the values' arrays).
 *
 * <pre>{@code
 * rows.createIn(db);   // CREATE TABLE, then one batched, parameterized INSERT per row
 * }</pre>
 */
public record TableRows(TableDefinition definition, List<List<Object>> rows) {

    public TableRows {
        Objects.requireNonNull(definition, "definition");
        List<List<Object>> copy = new ArrayList<>();
        for (List<Object> r : rows) {
            if (r.size() != definition.columns().size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " values for " + definition.columns().size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** Creates the table in the database and inserts the rows. */
    public void createIn(TestDatabase db) {
        db.execute(definition.createStatements().toArray(String[]::new));
        insertInto(db);
    }

    /** Inserts the rows into the table, which exists, in one transaction. */
    public void insertInto(TestDatabase db) {
        try (Connection c = db.connect()) {
            insertInto(c);
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.CONNECTION_FAILED, "Cannot connect to " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * Inserts the rows through a connection to the table's database, after the engine's session
     * setup ({@link SqlTypes#sessionSetup}), in one transaction that it commits.
     *
     * @throws DmsException naming the row and its values when an insert fails
     */
    public void insertInto(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : SqlTypes.sessionSetup(definition.engine())) {
                s.execute(sql);
            }
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        String sql = definition.insertStatement();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int r = 0; r < rows.size(); r++) {
                bind(ps, rows.get(r));
                try {
                    ps.executeUpdate();
                } catch (SQLException e) {
                    c.rollback();
                    throw new DmsException(ErrorCode.TARGET_WRITE_FAILED, "Insert of row " + (r + 1) + " of " + rows.size()
                            + " into " + definition.name() + " failed: " + e.getMessage() + "\n  " + sql + "\n  values "
                            + show(rows.get(r)), e);
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Binds one row's values to the parameters of {@link TableDefinition#insertStatement()}. */
    public void bind(PreparedStatement ps, List<Object> row) throws SQLException {
        for (int i = 0; i < row.size(); i++) {
            Object v = definition.columns().get(i).type().toJdbc(row.get(i));
            if (v == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    /** Values for messages: byte arrays in hex, strings quoted. */
    public static String show(List<?> row) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < row.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(show(row.get(i)));
        }
        return b.append(')').toString();
    }

    /** A value for messages: NULL, hex for bytes, quoted strings, shortened when long. */
    public static String show(Object v) {
        String s;
        if (v == null) {
            return "NULL";
        } else if (v instanceof byte[] b) {
            s = "0x" + java.util.HexFormat.of().formatHex(b);
        } else if (v instanceof String str) {
            s = "'" + str + "'";
        } else if (v instanceof Object[] a) {
            s = Arrays.toString(a);
        } else {
            s = v.toString();
        }
        return s.length() > 60 ? s.substring(0, 50) + "...(" + s.length() + " chars)" : s;
    }

    /** The definition and the rows, one a line (the first 20), values as {@link #show(Object)} gives them: what jqwik prints of a sample. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(definition.toString()).append(", ").append(rows.size()).append(" rows");
        for (int i = 0; i < Math.min(rows.size(), 20); i++) {
            b.append("\n      ").append(show(rows.get(i)));
        }
        return b.toString();
    }
}
