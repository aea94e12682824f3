package io.dmskit.schema.mysql;

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
 * Reads the MySQL / MariaDB catalog beyond tables and columns, from {@code information_schema}:
 * indexes ({@code STATISTICS}), foreign keys ({@code KEY_COLUMN_USAGE} and
 * {@code REFERENTIAL_CONSTRAINTS}, read apart and joined here), checks, views, triggers, routines
 * and (MariaDB) sequences. One query per database for the per-table objects, one in all for the
 * others. Stateless; used by {@link MySqlDialect#readCatalog}.
 */
final class MySqlObjects {

    static final String SYSTEM_SCHEMAS = "'mysql', 'information_schema', 'performance_schema', 'sys', 'dmskit'";

    private MySqlObjects() {
    }

    private static final String INDEXES_SQL = "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, NON_UNIQUE, SUB_PART, COLLATION,"
            + " INDEX_TYPE%s FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?";

    /** Primary keys, unique keys (the {@link io.dmskit.schema.Table#uniqueKeys()}) and every other index. */
    static void indexes(Connection connection, String schema, List<String> names, boolean mariadb, CatalogBuilder catalog)
            throws SQLException {
        record Part(String table, String index, boolean unique, String type, IndexColumn column) {
        }
        Map<String, List<Part>> indexes = new LinkedHashMap<>();
        String sql = INDEXES_SQL.formatted(mariadb ? ", NULL" : ", EXPRESSION");
        try (ResultSet rs = MySqlDialect.query(connection, sql, schema, names,
                " ORDER BY TABLE_NAME, INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX")) {
            while (rs.next()) {
                String column = rs.getString(3);
                boolean desc = "D".equals(rs.getString(6));
                int prefix = rs.getInt(5);
                String expression = rs.getString(8);
                IndexColumn part = column != null ? new IndexColumn(column, null, desc, prefix)
                        : new IndexColumn(null, expression == null ? "?" : expression, desc, 0);
                Part p = new Part(rs.getString(1), rs.getString(2), rs.getInt(4) == 0, rs.getString(7), part);
                indexes.computeIfAbsent(p.table() + "\u0000" + p.index(), k -> new ArrayList<>()).add(p);
            }
        }
        for (List<Part> parts : indexes.values()) {
            Part first = parts.get(0);
            TableId id = TableId.of(schema, first.table());
            if (!catalog.contains(id)) {
                continue;
            }
            boolean expressions = parts.stream().anyMatch(p -> p.column().isExpression());
            if ("PRIMARY".equals(first.index())) {
                parts.forEach(p -> catalog.primaryKeyColumn(id, p.column().column()));
                continue;
            }
            if (first.unique() && !expressions) {
                parts.forEach(p -> catalog.uniqueKeyColumn(id, p.index(), p.column().column()));
            }
            List<IndexColumn> columns = parts.stream().map(Part::column).toList();
            boolean plain = columns.stream().allMatch(IndexColumn::isPlain);
            String method = "BTREE".equalsIgnoreCase(first.type()) ? null : first.type();
            catalog.index(id, new Index(first.index(), columns, first.unique(), first.unique() && plain && method == null,
                    null, method, null));
        }
    }

    private static final String FK_COLUMNS_SQL = "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,"
            + " REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
            + " WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL";

    private static final String FK_RULES_SQL = "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE"
            + " FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";

    static void foreignKeys(Connection connection, String schema, List<String> names, CatalogBuilder catalog)
            throws SQLException {
        Map<String, String[]> rules = new HashMap<>();
        try (ResultSet rs = MySqlDialect.query(connection, FK_RULES_SQL, schema, names, "")) {
            while (rs.next()) {
                rules.put(rs.getString(1) + "\u0000" + rs.getString(2), new String[] {rs.getString(3), rs.getString(4)});
            }
        }
        record Row(String table, String name, String column, TableId ref, String refColumn) {
        }
        Map<String, List<Row>> fks = new LinkedHashMap<>();
        try (ResultSet rs = MySqlDialect.query(connection, FK_COLUMNS_SQL, schema, names,
                " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION")) {
            while (rs.next()) {
                Row r = new Row(rs.getString(1), rs.getString(2), rs.getString(3), TableId.of(rs.getString(4), rs.getString(5)),
                        rs.getString(6));
                fks.computeIfAbsent(r.table() + "\u0000" + r.name(), k -> new ArrayList<>()).add(r);
            }
        }
        fks.forEach((key, rows) -> {
            Row r = rows.get(0);
            String[] rule = rules.getOrDefault(key, new String[] {null, null});
            catalog.foreignKey(TableId.of(schema, r.table()), new ForeignKey(r.name(), rows.stream().map(Row::column).toList(),
                    r.ref(), rows.stream().map(Row::refColumn).toList(), ForeignKey.Action.parse(rule[0]),
                    ForeignKey.Action.parse(rule[1]), null));
        });
    }

    private static final String MARIADB_CHECKS_SQL = "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE"
            + " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";

    private static final String MYSQL_CHECK_TABLES_SQL = "SELECT TABLE_NAME, CONSTRAINT_NAME"
            + " FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ? AND CONSTRAINT_TYPE = 'CHECK'";

    private static final String MYSQL_CHECK_CLAUSES_SQL = "SELECT CONSTRAINT_NAME, CHECK_CLAUSE"
            + " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";

    /** CHECK constraints, except MariaDB's {@code json_valid} check of a JSON column (the type says it). */
    static void checks(Connection connection, String schema, List<String> names, boolean mariadb, Set<String> jsonColumns,
                       CatalogBuilder catalog) throws SQLException {
        if (mariadb) {
            try (ResultSet rs = MySqlDialect.query(connection, MARIADB_CHECKS_SQL, schema, names, "")) {
                while (rs.next()) {
                    if (jsonColumns.contains(rs.getString(1) + '\u0000' + rs.getString(2))
                            && rs.getString(3).startsWith("json_valid(")) {
                        continue;
                    }
                    catalog.check(TableId.of(schema, rs.getString(1)), new CheckConstraint(rs.getString(2), rs.getString(3)));
                }
            }
            return;
        }
        Map<String, String> clauses = new HashMap<>();
        try (java.sql.PreparedStatement ps = connection.prepareStatement(MYSQL_CHECK_CLAUSES_SQL)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    clauses.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (ResultSet rs = MySqlDialect.query(connection, MYSQL_CHECK_TABLES_SQL, schema, names, "")) {
            while (rs.next()) {
                String clause = clauses.get(rs.getString(2));
                if (clause != null) {
                    catalog.check(TableId.of(schema, rs.getString(1)), new CheckConstraint(rs.getString(2), unwrap(clause)));
                }
            }
        }
    }

    /** MySQL writes a check clause in one pair of parentheses too many. */
    private static String unwrap(String clause) {
        String t = clause.strip();
        if (t.startsWith("(") && t.endsWith(")")) {
            int depth = 0;
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c == '(') depth++;
                if (c == ')' && --depth == 0 && i < t.length() - 1) {
                    return t;
                }
            }
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    private static final String VIEWS_SQL = "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION"
            + " FROM information_schema.VIEWS WHERE TABLE_SCHEMA NOT IN (" + SYSTEM_SCHEMAS + ")";

    private static final String VIEW_COLUMNS_SQL = "SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME"
            + " FROM information_schema.COLUMNS c JOIN information_schema.VIEWS v"
            + " ON v.TABLE_SCHEMA = c.TABLE_SCHEMA AND v.TABLE_NAME = c.TABLE_NAME"
            + " WHERE c.TABLE_SCHEMA NOT IN (" + SYSTEM_SCHEMAS + ") ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION";

    static List<View> views(Connection connection, Predicate<TableId> filter, MySqlDialect dialect) throws SQLException {
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
        raw.forEach((id, r) -> views.add(new View(id, r[0] == null ? "" : r[0], columns.get(id), false,
                r[1] == null || "NONE".equals(r[1]) ? null : r[1], List.of(), null)));
        return views;
    }

    private static final String TRIGGERS_SQL = "SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_SCHEMA,"
            + " EVENT_OBJECT_TABLE, ACTION_ORDER, ACTION_STATEMENT, ACTION_TIMING, ACTION_ORIENTATION"
            + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA NOT IN (" + SYSTEM_SCHEMAS + ")"
            + " ORDER BY EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER";

    /** The triggers of the catalog's tables. */
    static List<Trigger> triggers(Connection connection, CatalogBuilder catalog, MySqlDialect dialect) throws SQLException {
        List<Trigger> result = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TRIGGERS_SQL)) {
            while (rs.next()) {
                TableId table = TableId.of(rs.getString(4), rs.getString(5));
                if (!catalog.contains(table)) {
                    continue;
                }
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                Trigger.Event event = Trigger.Event.valueOf(rs.getString(3).toUpperCase(Locale.ROOT));
                Trigger.Timing timing = Trigger.Timing.valueOf(rs.getString(8).toUpperCase(Locale.ROOT));
                boolean row = "ROW".equalsIgnoreCase(rs.getString(9));
                String body = rs.getString(7);
                String def = "CREATE TRIGGER " + dialect.qualify(id) + " " + timing + " " + event + " ON "
                        + dialect.qualify(table) + " FOR EACH ROW " + body;
                result.add(new Trigger(id, table, timing, List.of(event), row, null, body, null, rs.getInt(6), def));
            }
        }
        return result;
    }

    private static final String ROUTINES_SQL = "SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_BODY,"
            + " ROUTINE_DEFINITION, IS_DETERMINISTIC, ROUTINE_COMMENT, SQL_DATA_ACCESS, SPECIFIC_NAME"
            + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA NOT IN (" + SYSTEM_SCHEMAS + ")"
            + " ORDER BY ROUTINE_SCHEMA, ROUTINE_NAME";

    private static final String PARAMETERS_SQL = "SELECT SPECIFIC_SCHEMA, SPECIFIC_NAME, PARAMETER_MODE, PARAMETER_NAME,"
            + " DTD_IDENTIFIER FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA NOT IN (" + SYSTEM_SCHEMAS + ")"
            + " AND ORDINAL_POSITION > 0 ORDER BY SPECIFIC_SCHEMA, SPECIFIC_NAME, ORDINAL_POSITION";

    static List<Routine> routines(Connection connection, Predicate<TableId> filter, MySqlDialect dialect) throws SQLException {
        record Raw(TableId id, String type, String returns, String language, String body, boolean deterministic,
                   String comment, String access) {
        }
        List<Raw> raw = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(ROUTINES_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                if (filter.test(id)) {
                    raw.add(new Raw(id, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            "YES".equals(rs.getString(7)), rs.getString(8), rs.getString(9)));
                }
            }
        }
        if (raw.isEmpty()) {
            return List.of();
        }
        Map<TableId, List<Routine.Parameter>> params = new HashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(PARAMETERS_SQL)) {
            while (rs.next()) {
                String mode = rs.getString(3);
                params.computeIfAbsent(TableId.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                        .add(new Routine.Parameter(rs.getString(4),
                                mode == null ? Routine.Parameter.Mode.IN : Routine.Parameter.Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
                                rs.getString(5)));
            }
        }
        List<Routine> result = new ArrayList<>();
        for (Raw r : raw) {
            boolean function = "FUNCTION".equalsIgnoreCase(r.type());
            List<Routine.Parameter> ps = params.getOrDefault(r.id(), List.of());
            StringBuilder def = new StringBuilder("CREATE ").append(function ? "FUNCTION " : "PROCEDURE ")
                    .append(dialect.qualify(r.id())).append('(');
            for (int i = 0; i < ps.size(); i++) {
                Routine.Parameter p = ps.get(i);
                def.append(i == 0 ? "" : ", ").append(function ? "" : p.mode() + " ")
                        .append(dialect.quote(p.name())).append(' ').append(p.type());
            }
            def.append(')');
            if (function) {
                def.append(" RETURNS ").append(r.returns());
            }
            if (r.deterministic()) {
                def.append(" DETERMINISTIC");
            }
            if (r.access() != null && !"CONTAINS SQL".equalsIgnoreCase(r.access())) {
                def.append(' ').append(r.access());
            }
            String comment = r.comment() == null || r.comment().isEmpty() ? null : r.comment();
            if (comment != null) {
                def.append(" COMMENT ").append(SqlText.mysqlLiteral(comment));
            }
            def.append('\n').append(r.body());
            result.add(new Routine(r.id(), function ? Routine.Kind.FUNCTION : Routine.Kind.PROCEDURE, ps,
                    function ? r.returns() : null, r.language(), r.body(), r.deterministic(), def.toString(), comment));
        }
        return result;
    }

    private static final String SEQUENCES_SQL = "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
            + " WHERE TABLE_TYPE = 'SEQUENCE' AND TABLE_SCHEMA NOT IN (" + SYSTEM_SCHEMAS + ")";

    /** MariaDB sequences: listed in TABLES, their state read from each one (a sequence is a one-row table). */
    static List<Sequence> sequences(Connection connection, Predicate<TableId> filter, MySqlDialect dialect)
            throws SQLException {
        List<TableId> ids = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SEQUENCES_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                if (filter.test(id)) {
                    ids.add(id);
                }
            }
        }
        List<Sequence> result = new ArrayList<>();
        for (TableId id : ids) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT next_not_cached_value, minimum_value, maximum_value, start_value, increment, cache_size,"
                            + " cycle_option FROM " + dialect.qualify(id))) {
                if (rs.next()) {
                    result.add(new Sequence(id, DataType.of(TypeKind.BIGINT), rs.getLong(4), rs.getLong(5), rs.getLong(2),
                            rs.getLong(3), rs.getBoolean(7), rs.getLong(6), rs.getLong(1), null, null));
                }
            }
        }
        return result;
    }
}
