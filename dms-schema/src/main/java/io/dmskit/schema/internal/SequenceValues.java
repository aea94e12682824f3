package io.dmskit.schema.internal;

import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Identity;
import io.dmskit.schema.Sequence;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the statements of {@link io.dmskit.schema.ConvertedSchema#sequenceValues}: the next
 * value of every identity column and sequence of a converted schema, past the largest value
 * loaded and never below the source's next value. Ascending generators only (a descending one is
 * left as created). Stateless; not for users.
 */
public final class SequenceValues {

    /**
     * A column whose default takes values from a sequence.
     *
     * @param table  the target table
     * @param column the target column
     */
    public record Use(TableId table, String column) {
    }

    private SequenceValues() {
    }

    public static List<String> statements(Catalog target, Dialect dialect, Connection connection,
                                          Map<TableId, List<Use>> sequenceUsers) throws SQLException {
        String engine = dialect.engine();
        List<String> result = new ArrayList<>();
        for (Table t : target.tables()) {
            for (Column c : t.columns()) {
                Identity id = c.identity();
                if (id == null || id.increment() < 0 || id.sequence() != null) {
                    continue;
                }
                long next = next(max(connection, dialect, t.id(), c.name()), id.increment(), id.nextValue(), id.start());
                String table = dialect.qualify(t.id());
                switch (engine) {
                    case "postgresql" -> result.add("SELECT setval(pg_get_serial_sequence(" + SqlText.standardLiteral(table)
                            + ", " + SqlText.standardLiteral(c.name()) + "), " + next + ", false)");
                    case "mysql", "mariadb" -> result.add("ALTER TABLE " + table + " AUTO_INCREMENT = " + next);
                    default -> result.add("ALTER TABLE " + table + " ALTER COLUMN " + dialect.quote(c.name())
                            + " RESTART WITH " + next);
                }
            }
        }
        for (Sequence s : target.sequences()) {
            if (s.increment() < 0) {
                continue;
            }
            BigDecimal max = null;
            for (Use u : sequenceUsers.getOrDefault(s.id(), List.of())) {
                BigDecimal m = max(connection, dialect, u.table(), u.column());
                if (m != null && (max == null || m.compareTo(max) > 0)) {
                    max = m;
                }
            }
            long next = next(max, s.increment(), s.nextValue(), s.start());
            String seq = dialect.qualify(s.id());
            if (engine.equals("postgresql")) {
                result.add("SELECT setval(" + SqlText.standardLiteral(seq) + ", " + next + ", false)");
            } else {
                result.add("ALTER SEQUENCE " + seq + " RESTART WITH " + next);
            }
        }
        return result;
    }

    /** The next value: the loaded maximum plus the increment, at least the source's next value and the start. */
    static long next(BigDecimal max, long increment, Long sourceNext, long start) {
        long next = Math.max(start, sourceNext == null ? start : sourceNext);
        if (max != null) {
            BigDecimal after = max.add(BigDecimal.valueOf(increment));
            if (after.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                next = Math.max(next, after.longValueExact());
            }
        }
        return next;
    }

    private static BigDecimal max(Connection connection, Dialect dialect, TableId table, String column) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT max(" + dialect.quote(column) + ") FROM " + dialect.qualify(table))) {
            return rs.next() ? rs.getBigDecimal(1) : null;
        }
    }
}
