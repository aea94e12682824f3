package io.dmskit.schema.h2;

import io.dmskit.schema.CheckConstraint;
import io.dmskit.schema.DataType;
import io.dmskit.schema.ForeignKey;
import io.dmskit.schema.Index;
import io.dmskit.schema.IndexColumn;
import io.dmskit.schema.Routine;
import io.dmskit.schema.Sequence;
import io.dmskit.schema.TableId;
import io.dmskit.schema.Trigger;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.View;
import io.dmskit.schema.internal.CatalogBuilder;
import io.dmskit.schema.internal.Jdbc;
import io.dmskit.schema.internal.SqlText;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads H2's catalog beyond tables, columns and keys: indexes, unique constraints, foreign keys,
 * checks, views, triggers, routines (Java aliases) and sequences, from {@code INFORMATION_SCHEMA}.
 * H2 joins its INFORMATION_SCHEMA tables without indexes, so each table is read alone and joined
 * here. Stateless; used by {@link H2Dialect#readCatalog}.
 */
final class H2Objects {

    private H2Objects() {
    }

    /** A PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK constraint of a table, with the index that backs it. */
    record Constraint(String table, String name, String type, String index) {
    }

    private static final String CONSTRAINTS_SQL = "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE, INDEX_NAME"
            + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ?";

    /** The constraints of a schema's tables, by table name NUL constraint name. */
    static Map<String, Constraint> constraints(Connection connection, String schema, List<String> names) throws SQLException {
        Map<String, Constraint> result = new LinkedHashMap<>();
        try (ResultSet rs = Jdbc.querySchema(connection, CONSTRAINTS_SQL, schema, "TABLE_NAME", names, "")) {
            while (rs.next()) {
                Constraint c = new Constraint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                result.put(c.table() + '\u0000' + c.name(), c);
            }
        }
        return result;
    }

    private static final String INDEXES_SQL = "SELECT TABLE_NAME, INDEX_NAME, INDEX_TYPE_NAME, IS_GENERATED"
            + " FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = ?";

    private static final String INDEX_COLUMNS_SQL = "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, ORDERING_SPECIFICATION"
            + " FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE TABLE_SCHEMA = ?";

    /**
     * The unique constraints (columns from the key columns read by the caller) and the indexes that
     * H2 did not create for a constraint (an index that a user created stays, also when a foreign
     * key uses it).
     */
    static void indexes(Connection connection, String schema, List<String> names, Map<String, Constraint> constraints,
                        Map<String, List<String>> keyColumns, CatalogBuilder catalog) throws SQLException {
        for (Constraint c : constraints.values()) {
            List<String> cols = keyColumns.get(c.table() + '\u0000' + c.name());
            if ("UNIQUE".equals(c.type()) && cols != null) {
                catalog.index(TableId.of(schema, c.table()), new Index(c.name(), cols.stream().map(IndexColumn::of).toList(),
                        true, true, null, null, null));
            }
        }
        Set<String> backing = new java.util.HashSet<>();
        Map<String, String> types = new HashMap<>();
        try (ResultSet rs = Jdbc.querySchema(connection, INDEXES_SQL, schema, "TABLE_NAME", names, "")) {
            while (rs.next()) {
                String key = rs.getString(1) + '\u0000' + rs.getString(2);
                types.put(key, rs.getString(3));
                if (rs.getBoolean(4)) {
                    backing.add(key);
                }
            }
        }
        Map<String, List<IndexColumn>> columns = new LinkedHashMap<>();
        try (ResultSet rs = Jdbc.querySchema(connection, INDEX_COLUMNS_SQL, schema, "TABLE_NAME", names,
                " ORDER BY TABLE_NAME, INDEX_NAME, ORDINAL_POSITION")) {
            while (rs.next()) {
                String key = rs.getString(1) + '\u0000' + rs.getString(2);
                if (backing.contains(key)) {
                    continue;
                }
                columns.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new IndexColumn(rs.getString(3), null, "DESC".equals(rs.getString(4)), 0));
            }
        }
        columns.forEach((key, cols) -> {
            String type = types.getOrDefault(key, "INDEX");
            if (type.equals("PRIMARY KEY")) {
                return;
            }
            int nul = key.indexOf('\u0000');
            catalog.index(TableId.of(schema, key.substring(0, nul)), new Index(key.substring(nul + 1), cols,
                    type.startsWith("UNIQUE"), false, null, type.startsWith("SPATIAL") ? "SPATIAL" : null, null));
        });
    }

    private static final String FK_RULES_SQL = "SELECT CONSTRAINT_NAME, UNIQUE_CONSTRAINT_SCHEMA, UNIQUE_CONSTRAINT_NAME,"
            + " UPDATE_RULE, DELETE_RULE FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";

    private static final String UNIQUE_CONSTRAINTS_SQL = "SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME, TABLE_SCHEMA, TABLE_NAME"
            + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE')";

    private static final String ALL_KEY_COLUMNS_SQL = "SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME, COLUMN_NAME"
            + " FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE ORDER BY CONSTRAINT_SCHEMA, CONSTRAINT_NAME, ORDINAL_POSITION";

    static void foreignKeys(Connection connection, String schema, Map<String, Constraint> constraints,
                            Map<String, List<String>> keyColumns, CatalogBuilder catalog) throws SQLException {
        if (constraints.values().stream().noneMatch(c -> "FOREIGN KEY".equals(c.type()))) {
            return;
        }
        Map<String, String[]> rules = new HashMap<>();
        try (java.sql.PreparedStatement ps = connection.prepareStatement(FK_RULES_SQL)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rules.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
        }
        // The referenced keys may be in any schema: read them all, once per schema that has foreign keys.
        Map<String, TableId> keyTables = new HashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(UNIQUE_CONSTRAINTS_SQL)) {
            while (rs.next()) {
                keyTables.put(rs.getString(1) + '\u0000' + rs.getString(2), TableId.of(rs.getString(3), rs.getString(4)));
            }
        }
        Map<String, List<String>> allKeyColumns = new HashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(ALL_KEY_COLUMNS_SQL)) {
            while (rs.next()) {
                allKeyColumns.computeIfAbsent(rs.getString(1) + '\u0000' + rs.getString(2), k -> new ArrayList<>())
                        .add(rs.getString(3));
            }
        }
        for (Constraint c : constraints.values()) {
            String[] rule = rules.get(c.name());
            List<String> cols = keyColumns.get(c.table() + '\u0000' + c.name());
            if (!"FOREIGN KEY".equals(c.type()) || rule == null || cols == null) {
                continue;
            }
            String refKey = rule[0] + '\u0000' + rule[1];
            TableId ref = keyTables.get(refKey);
            List<String> refCols = allKeyColumns.get(refKey);
            if (ref == null || refCols == null || refCols.size() != cols.size()) {
                continue;
            }
            catalog.foreignKey(TableId.of(schema, c.table()), new ForeignKey(c.name(), cols, ref, refCols,
                    ForeignKey.Action.parse(rule[2]), ForeignKey.Action.parse(rule[3]), null));
        }
    }

    private static final String CHECKS_SQL = "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS"
            + " WHERE CONSTRAINT_SCHEMA = ?";

    static void checks(Connection connection, String schema, Map<String, Constraint> constraints, CatalogBuilder catalog)
            throws SQLException {
        if (constraints.values().stream().noneMatch(c -> "CHECK".equals(c.type()))) {
            return;
        }
        Map<String, String> clauses = new HashMap<>();
        try (java.sql.PreparedStatement ps = connection.prepareStatement(CHECKS_SQL)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    clauses.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        for (Constraint c : constraints.values()) {
            String clause = clauses.get(c.name());
            if ("CHECK".equals(c.type()) && clause != null) {
                catalog.check(TableId.of(schema, c.table()), new CheckConstraint(c.name(), clause));
            }
        }
    }

    private static final String VIEWS_SQL = "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION"
            + " FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'dmskit')";

    private static final String VIEW_COLUMNS_SQL = "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
            + " WHERE TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'dmskit') ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION";

    static List<View> views(Connection connection, Predicate<TableId> filter, Map<TableId, String> tableComments)
            throws SQLException {
        Map<TableId, String[]> raw = new LinkedHashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(VIEWS_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                if (filter.test(id)) {
                    raw.put(id, new String[] {rs.getString(3), rs.getString(4)});
                }
            }
        }
        if (raw.isEmpty()) {
            return List.of();
        }
        Map<TableId, List<String>> columns = new HashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(VIEW_COLUMNS_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                if (raw.containsKey(id)) {
                    columns.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        List<View> views = new ArrayList<>();
        raw.forEach((id, r) -> views.add(new View(id, r[0] == null ? "" : r[0].strip(), columns.get(id), false,
                r[1] == null || "NONE".equals(r[1]) ? null : r[1], List.of(), tableComments.get(id))));
        return views;
    }

    private static final String TRIGGERS_SQL = "SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_SCHEMA,"
            + " EVENT_OBJECT_TABLE, ACTION_ORIENTATION, ACTION_TIMING, JAVA_CLASS FROM INFORMATION_SCHEMA.TRIGGERS";

    /** The triggers of the catalog's tables; one H2 trigger has a row per event. */
    static List<Trigger> triggers(Connection connection, CatalogBuilder catalog, H2Dialect dialect) throws SQLException {
        record Raw(TableId id, TableId table, String timing, boolean row, String javaClass, List<Trigger.Event> events) {
        }
        Map<TableId, Raw> raw = new LinkedHashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TRIGGERS_SQL)) {
            while (rs.next()) {
                TableId table = TableId.of(rs.getString(4), rs.getString(5));
                if (!catalog.contains(table)) {
                    continue;
                }
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                Raw r = raw.computeIfAbsent(id, k -> {
                    try {
                        return new Raw(k, table, rs.getString(7), "ROW".equals(rs.getString(6)), rs.getString(8),
                                new ArrayList<>());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                String event = rs.getString(3).toUpperCase(Locale.ROOT);
                if (!"SELECT".equals(event) && !"ROLLBACK".equals(event)) {
                    r.events().add(Trigger.Event.valueOf(event));
                }
            }
        }
        List<Trigger> result = new ArrayList<>();
        for (Raw r : raw.values()) {
            if (r.events().isEmpty()) {
                continue;
            }
            Trigger.Timing timing = "INSTEAD OF".equals(r.timing()) ? Trigger.Timing.INSTEAD_OF
                    : Trigger.Timing.valueOf(r.timing());
            String events = String.join(", ", r.events().stream().distinct().sorted().map(Enum::name).toList());
            String body = "CALL " + SqlText.standardLiteral(r.javaClass() == null ? "" : r.javaClass());
            String def = "CREATE TRIGGER " + dialect.qualify(r.id()) + " " + r.timing() + " " + events + " ON "
                    + dialect.qualify(r.table()) + (r.row() ? " FOR EACH ROW " : " ") + body;
            result.add(new Trigger(r.id(), r.table(), timing, r.events(), r.row(), null, body, null, 0, def));
        }
        return result;
    }

    private static final String ROUTINES_SQL = "SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, SPECIFIC_NAME, DATA_TYPE,"
            + " ROUTINE_DEFINITION, EXTERNAL_NAME, EXTERNAL_LANGUAGE, IS_DETERMINISTIC, REMARKS"
            + " FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'dmskit')";

    private static final String PARAMETERS_SQL = "SELECT SPECIFIC_SCHEMA, SPECIFIC_NAME, PARAMETER_MODE, PARAMETER_NAME,"
            + " DATA_TYPE FROM INFORMATION_SCHEMA.PARAMETERS ORDER BY SPECIFIC_SCHEMA, SPECIFIC_NAME, ORDINAL_POSITION";

    /** H2's routines are Java aliases: their language is JAVA, their body the Java source or method name. */
    static List<Routine> routines(Connection connection, Predicate<TableId> filter, H2Dialect dialect) throws SQLException {
        Map<TableId, List<Routine.Parameter>> params = new HashMap<>();
        List<Routine> result = new ArrayList<>();
        List<String[]> raw = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(ROUTINES_SQL)) {
            while (rs.next()) {
                if (filter.test(TableId.of(rs.getString(1), rs.getString(2)))) {
                    raw.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)});
                }
            }
        }
        if (raw.isEmpty()) {
            return result;
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(PARAMETERS_SQL)) {
            while (rs.next()) {
                String mode = rs.getString(3);
                params.computeIfAbsent(TableId.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                        .add(new Routine.Parameter(rs.getString(4), mode == null ? Routine.Parameter.Mode.IN
                                : Routine.Parameter.Mode.valueOf(mode), rs.getString(5)));
            }
        }
        for (String[] r : raw) {
            TableId id = TableId.of(r[0], r[1]);
            boolean inline = r[5] != null;
            String body = inline ? r[5] : r[6];
            String def = "CREATE ALIAS " + dialect.qualify(id) + (inline ? " AS " : " FOR ") + SqlText.standardLiteral(body);
            result.add(new Routine(id, "PROCEDURE".equals(r[2]) ? Routine.Kind.PROCEDURE : Routine.Kind.FUNCTION,
                    params.getOrDefault(TableId.of(r[0], r[3]), List.of()), r[4], r[7] == null ? "JAVA" : r[7], body,
                    "YES".equals(r[8]), def, r[9]));
        }
        return result;
    }

    private static final String SEQUENCES_SQL = "SELECT SEQUENCE_SCHEMA, SEQUENCE_NAME, DATA_TYPE, START_VALUE, INCREMENT,"
            + " MINIMUM_VALUE, MAXIMUM_VALUE, CYCLE_OPTION, CACHE, BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES"
            + " WHERE SEQUENCE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'dmskit')";

    static List<Sequence> sequences(Connection connection, Predicate<TableId> filter) throws SQLException {
        List<Sequence> result = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SEQUENCES_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                if (!filter.test(id)) {
                    continue;
                }
                String type = rs.getString(3);
                DataType t = DataType.of("SMALLINT".equals(type) ? TypeKind.SMALLINT : "INTEGER".equals(type)
                        ? TypeKind.INTEGER : TypeKind.BIGINT).withNativeName(type);
                result.add(new Sequence(id, t, rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                        "YES".equals(rs.getString(8)), rs.getLong(9), Jdbc.longOrNull(rs, 10), null, null));
            }
        }
        return result;
    }
}
