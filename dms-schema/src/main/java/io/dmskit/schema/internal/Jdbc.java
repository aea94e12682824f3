package io.dmskit.schema.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** JDBC helpers for the catalog readers. Stateless; not for users. */
public final class Jdbc {

    private Jdbc() {
    }

    /** The column's value, or null when it is SQL NULL. */
    public static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /**
     * Runs {@code sql} (whose first and only parameter is the schema) with
     * {@code AND <nameColumn> IN (names)} appended when {@code names} is not null, then {@code tail}.
     * Closing the result set closes its statement.
     */
    public static ResultSet querySchema(Connection connection, String sql, String schema, String nameColumn,
                                        List<String> names, String tail) throws SQLException {
        StringBuilder q = new StringBuilder(sql);
        if (names != null) {
            q.append(" AND ").append(nameColumn).append(" IN (").append("?, ".repeat(names.size() - 1)).append("?)");
        }
        PreparedStatement ps = connection.prepareStatement(q.append(tail).toString());
        try {
            ps.closeOnCompletion();
            ps.setString(1, schema);
            if (names != null) {
                for (int i = 0; i < names.size(); i++) {
                    ps.setString(i + 2, names.get(i));
                }
            }
            return ps.executeQuery();
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
