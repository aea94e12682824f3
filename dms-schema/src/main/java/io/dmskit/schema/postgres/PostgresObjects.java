package io.dmskit.schema.postgres;

import io.dmskit.schema.CheckConstraint;
import io.dmskit.schema.DataType;
import io.dmskit.schema.EnumType;
import io.dmskit.schema.ForeignKey;
import io.dmskit.schema.Identity;
import io.dmskit.schema.Index;
import io.dmskit.schema.IndexColumn;
import io.dmskit.schema.Routine;
import io.dmskit.schema.Sequence;
import io.dmskit.schema.TableId;
import io.dmskit.schema.Trigger;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.View;
import io.dmskit.schema.internal.CatalogBuilder;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the PostgreSQL catalog beyond tables and columns: sequences (and so identity and serial
 * details), indexes, foreign keys, checks, enum types, views, triggers and routines, each with
 * one bulk query on {@code pg_catalog}. Stateless; used by {@link PostgresDialect#readCatalog}.
 */
final class PostgresObjects {

    /** Schemas whose objects are never read. */
    static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'dmskit')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    /** Objects that an extension created (and re-creates) are not the user's. */
    private static final String NOT_EXTENSION = "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = %s"
            + " AND e.deptype = 'e')";

    private PostgresObjects() {
    }

    /** A sequence and, for an identity or serial one, the column that owns it. */
    record OwnedSequence(Sequence sequence, long tableOid, String column, boolean identity) {
    }

    private static final String SEQUENCES_SQL = """
            SELECT s.oid, n.nspname, s.relname, format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqmin,
                   q.seqmax, q.seqcycle, q.seqcache,
                   CASE WHEN has_sequence_privilege(s.oid, 'SELECT,USAGE') THEN pg_sequence_last_value(s.oid) END,
                   d.refobjid, d.deptype, ta.attname, tn.nspname, tc.relname
            FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace JOIN pg_sequence q ON q.seqrelid = s.oid
            LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                 AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
            LEFT JOIN pg_class tc ON tc.oid = d.refobjid
            LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
            WHERE s.relkind = 'S' AND %s
            """.formatted(USER_SCHEMA);

    /** Every sequence of the user schemas. */
    static List<OwnedSequence> sequences(Connection connection) throws SQLException {
        List<OwnedSequence> result = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SEQUENCES_SQL)) {
            while (rs.next()) {
                long increment = rs.getLong(6);
                long last = rs.getLong(11);
                Long next = rs.wasNull() ? (Long) rs.getLong(5) : (Long) (last + increment);
                String deptype = rs.getString(13);
                TableId owner = deptype == null ? null : TableId.of(rs.getString(15), rs.getString(16));
                String typeName = rs.getString(4);
                DataType type = DataType.of("smallint".equals(typeName) ? TypeKind.SMALLINT
                        : "integer".equals(typeName) ? TypeKind.INTEGER : TypeKind.BIGINT).withNativeName(typeName);
                Sequence seq = new Sequence(TableId.of(rs.getString(2), rs.getString(3)), type, rs.getLong(5), increment,
                        rs.getLong(7), rs.getLong(8), rs.getBoolean(9), rs.getLong(10), next, owner,
                        deptype == null ? null : rs.getString(14));
                result.add(new OwnedSequence(seq, deptype == null ? 0 : rs.getLong(12), seq.ownedByColumn(),
                        "i".equals(deptype)));
            }
        }
        return result;
    }

    /** The identity of a column from its sequence: GENERATED ALWAYS / BY DEFAULT, or SERIAL. */
    static Identity identity(String attidentity, OwnedSequence seq) {
        Identity.Generation g = "a".equals(attidentity) ? Identity.Generation.ALWAYS
                : "d".equals(attidentity) ? Identity.Generation.BY_DEFAULT : Identity.Generation.SERIAL;
        if (seq == null) {
            return Identity.of(g);
        }
        Sequence s = seq.sequence();
        return new Identity(g, s.start(), s.increment(), s.nextValue(), s.id());
    }

    private static final String INDEXES_SQL = """
            SELECT i.indrelid, ic.relname, i.indisunique, con.contype, am.amname, pg_get_indexdef(i.indexrelid),
                   pg_get_expr(i.indpred, i.indrelid), k.n, a.attname, pg_get_indexdef(i.indexrelid, k.n, true),
                   (i.indoption[k.n - 1] & 1) = 1
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_am am ON am.oid = ic.relam
            LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                 AND con.contype IN ('p', 'u', 'x')
            CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k(n)
            LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] <> 0
            WHERE i.indrelid = ANY (CAST(? AS oid[])) AND NOT i.indisprimary AND i.indisvalid
            ORDER BY i.indrelid, ic.relname, k.n
            """;

    static void indexes(Connection connection, Map<Long, TableId> byOid, CatalogBuilder catalog) throws SQLException {
        record Part(long table, String name, boolean unique, String contype, String method, String def, String pred,
                    IndexColumn column) {
        }
        Map<String, List<Part>> parts = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(INDEXES_SQL)) {
            ps.setArray(1, oidArray(connection, byOid.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(9);
                    boolean desc = rs.getBoolean(11);
                    IndexColumn ic = column != null ? new IndexColumn(column, null, desc, 0)
                            : new IndexColumn(null, rs.getString(10), desc, 0);
                    Part p = new Part(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), ic);
                    parts.computeIfAbsent(p.table() + "\u0000" + p.name(), k -> new ArrayList<>()).add(p);
                }
            }
        }
        for (List<Part> ps : parts.values()) {
            Part p = ps.get(0);
            if ("x".equals(p.contype())) {
                continue; // exclusion constraints have no equivalent in the model
            }
            String method = "btree".equals(p.method()) ? null : p.method();
            catalog.index(byOid.get(p.table()), new Index(p.name(), ps.stream().map(Part::column).toList(), p.unique(),
                    "u".equals(p.contype()), p.pred(), method, p.def()));
        }
    }

    private static final String FOREIGN_KEYS_SQL = """
            SELECT con.conrelid, con.conname, rn.nspname, rc.relname, con.confupdtype, con.confdeltype,
                   pg_get_constraintdef(con.oid), a.attname, ra.attname
            FROM pg_constraint con
            JOIN pg_class rc ON rc.oid = con.confrelid
            JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, ord)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
            JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refattnum
            WHERE con.contype = 'f' AND con.conrelid = ANY (CAST(? AS oid[]))
            ORDER BY con.conrelid, con.conname, k.ord
            """;

    static void foreignKeys(Connection connection, Map<Long, TableId> byOid, CatalogBuilder catalog) throws SQLException {
        record Row(long table, String name, TableId ref, String upd, String del, String def, String col, String refCol) {
        }
        Map<String, List<Row>> fks = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(FOREIGN_KEYS_SQL)) {
            ps.setArray(1, oidArray(connection, byOid.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = new Row(rs.getLong(1), rs.getString(2), TableId.of(rs.getString(3), rs.getString(4)),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
                    fks.computeIfAbsent(r.table() + "\u0000" + r.name(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        for (List<Row> rows : fks.values()) {
            Row r = rows.get(0);
            catalog.foreignKey(byOid.get(r.table()), new ForeignKey(r.name(), rows.stream().map(Row::col).toList(), r.ref(),
                    rows.stream().map(Row::refCol).toList(), ForeignKey.Action.parse(r.upd()),
                    ForeignKey.Action.parse(r.del()), r.def()));
        }
    }

    private static final String CHECKS_SQL = """
            SELECT conrelid, conname, pg_get_expr(conbin, conrelid) FROM pg_constraint
            WHERE contype = 'c' AND conrelid = ANY (CAST(? AS oid[]))
            """;

    static void checks(Connection connection, Map<Long, TableId> byOid, CatalogBuilder catalog) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(CHECKS_SQL)) {
            ps.setArray(1, oidArray(connection, byOid.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    catalog.check(byOid.get(rs.getLong(1)), new CheckConstraint(rs.getString(2), stripParens(rs.getString(3))));
                }
            }
        }
    }

    private static final String ENUM_TYPES_SQL = """
            SELECT t.oid, n.nspname, t.typname, obj_description(t.oid, 'pg_type'),
                   array_agg(e.enumlabel ORDER BY e.enumsortorder)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
            WHERE t.typtype = 'e' AND %s AND %s
            GROUP BY t.oid, n.nspname, t.typname
            ORDER BY n.nspname, t.typname
            """.formatted(USER_SCHEMA, NOT_EXTENSION.formatted("t.oid"));

    /** The enum types that the filter accepts by (schema, type name), or that a column of the catalog uses. */
    static List<EnumType> enumTypes(Connection connection, Predicate<TableId> filter, Collection<String> used)
            throws SQLException {
        List<EnumType> result = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(ENUM_TYPES_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(2), rs.getString(3));
                if (filter.test(id) || used.contains(id.schema() + "\u0000" + id.name())) {
                    result.add(new EnumType(id, textArray(rs.getArray(5)), rs.getString(4)));
                }
            }
        }
        return result;
    }

    private static final String VIEW_NAMES_SQL = """
            SELECT c.oid, n.nspname, c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('v', 'm') AND %s AND %s
            """.formatted(USER_SCHEMA, NOT_EXTENSION.formatted("c.oid"));

    // The definitions are read only for the views that the filter accepts: pg_get_viewdef deparses.
    private static final String VIEWS_SQL = """
            SELECT c.oid, c.relkind, pg_get_viewdef(c.oid), obj_description(c.oid, 'pg_class'),
                   array_to_string(c.reloptions, ','),
                   (SELECT array_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
            FROM pg_class c WHERE c.oid = ANY (CAST(? AS oid[]))
            """;

    private static final String VIEW_DEPENDENCIES_SQL = """
            SELECT DISTINCT r.ev_class, dn.nspname, dc.relname
            FROM pg_rewrite r
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
            JOIN pg_class dc ON dc.oid = d.refobjid
            JOIN pg_namespace dn ON dn.oid = dc.relnamespace
            WHERE r.ev_class = ANY (CAST(? AS oid[])) AND d.refobjid <> r.ev_class
            """;

    static List<View> views(Connection connection, Predicate<TableId> filter) throws SQLException {
        record Raw(long oid, TableId id, boolean materialized, String def, String comment, String options, List<String> cols) {
        }
        Map<Long, TableId> accepted = new java.util.LinkedHashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(VIEW_NAMES_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(2), rs.getString(3));
                if (filter.test(id)) {
                    accepted.put(rs.getLong(1), id);
                }
            }
        }
        if (accepted.isEmpty()) {
            return List.of();
        }
        List<Raw> raw = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(VIEWS_SQL)) {
            ps.setArray(1, oidArray(connection, accepted.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    raw.add(new Raw(rs.getLong(1), accepted.get(rs.getLong(1)), "m".equals(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getArray(6) == null ? List.of() : textArray(rs.getArray(6))));
                }
            }
        }
        raw.sort(java.util.Comparator.comparing(Raw::id));
        Map<Long, List<TableId>> deps = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(VIEW_DEPENDENCIES_SQL)) {
            ps.setArray(1, oidArray(connection, raw.stream().map(Raw::oid).toList()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(TableId.of(rs.getString(2), rs.getString(3)));
                }
            }
        }
        List<View> views = new ArrayList<>();
        for (Raw r : raw) {
            String check = null;
            if (r.options() != null) {
                for (String o : r.options().split(",")) {
                    if (o.startsWith("check_option=")) {
                        check = o.substring("check_option=".length()).toUpperCase(java.util.Locale.ROOT);
                    }
                }
            }
            List<TableId> d = deps.getOrDefault(r.oid(), List.of()).stream().sorted().toList();
            views.add(new View(r.id(), viewText(r.def()), r.cols(), r.materialized(), check, d, r.comment()));
        }
        return views;
    }

    /** pg_get_viewdef's text without its leading space and trailing semicolon. */
    static String viewText(String def) {
        String t = def.strip();
        return t.endsWith(";") ? t.substring(0, t.length() - 1).strip() : t;
    }

    private static final String TRIGGERS_SQL = """
            SELECT t.tgrelid, t.tgname, t.tgtype, pg_get_triggerdef(t.oid), pn.nspname, p.proname
            FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
            WHERE NOT t.tgisinternal AND t.tgrelid = ANY (CAST(? AS oid[]))
            ORDER BY t.tgrelid, t.tgname
            """;

    static List<Trigger> triggers(Connection connection, Map<Long, TableId> byOid) throws SQLException {
        List<Trigger> result = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(TRIGGERS_SQL)) {
            ps.setArray(1, oidArray(connection, byOid.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId table = byOid.get(rs.getLong(1));
                    int type = rs.getInt(3);
                    String def = rs.getString(4);
                    Trigger.Timing timing = (type & 64) != 0 ? Trigger.Timing.INSTEAD_OF
                            : (type & 2) != 0 ? Trigger.Timing.BEFORE : Trigger.Timing.AFTER;
                    List<Trigger.Event> events = new ArrayList<>();
                    if ((type & 4) != 0) events.add(Trigger.Event.INSERT);
                    if ((type & 16) != 0) events.add(Trigger.Event.UPDATE);
                    if ((type & 8) != 0) events.add(Trigger.Event.DELETE);
                    if ((type & 32) != 0) events.add(Trigger.Event.TRUNCATE);
                    int exec = def.lastIndexOf(" EXECUTE ");
                    int when = def.indexOf(" WHEN (");
                    String condition = when < 0 || exec < when ? null : def.substring(when + 7, exec - 1);
                    result.add(new Trigger(TableId.of(table.schema(), rs.getString(2)), table, timing, events,
                            (type & 1) != 0, condition, exec < 0 ? def : def.substring(exec + 1),
                            TableId.of(rs.getString(5), rs.getString(6)), 0, def));
                }
            }
        }
        return result;
    }

    private static final String ROUTINE_NAMES_SQL = """
            SELECT p.oid, n.nspname, p.proname
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prokind IN ('f', 'p') AND %s AND %s
            """.formatted(USER_SCHEMA, NOT_EXTENSION.formatted("p.oid"));

    // The definitions are read only for the routines that the filter accepts.
    private static final String ROUTINES_SQL = """
            SELECT p.oid, p.prokind, l.lanname, p.prosrc, pg_get_function_result(p.oid), p.provolatile,
                   pg_get_functiondef(p.oid), obj_description(p.oid, 'pg_proc')
            FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
            WHERE p.oid = ANY (CAST(? AS oid[]))
            ORDER BY p.oid
            """;

    private static final String PARAMETERS_SQL = """
            SELECT p.oid, k.ord, format_type(k.t, NULL), p.proargnames[k.ord], p.proargmodes[k.ord]
            FROM pg_proc p CROSS JOIN LATERAL unnest(coalesce(p.proallargtypes, CAST(p.proargtypes AS oid[])))
                 WITH ORDINALITY AS k(t, ord)
            WHERE p.oid = ANY (CAST(? AS oid[]))
            ORDER BY p.oid, k.ord
            """;

    static List<Routine> routines(Connection connection, Predicate<TableId> filter) throws SQLException {
        record Raw(long oid, TableId id, String kind, String lang, String src, String result, String vol, String def,
                   String comment) {
        }
        Map<Long, TableId> accepted = new java.util.LinkedHashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(ROUTINE_NAMES_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(2), rs.getString(3));
                if (filter.test(id)) {
                    accepted.put(rs.getLong(1), id);
                }
            }
        }
        if (accepted.isEmpty()) {
            return List.of();
        }
        List<Raw> raw = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(ROUTINES_SQL)) {
            ps.setArray(1, oidArray(connection, accepted.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    raw.add(new Raw(rs.getLong(1), accepted.get(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        }
        raw.sort(java.util.Comparator.comparing(Raw::id).thenComparing(Raw::oid));
        Map<Long, List<Routine.Parameter>> params = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(PARAMETERS_SQL)) {
            ps.setArray(1, oidArray(connection, raw.stream().map(Raw::oid).toList()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String mode = rs.getString(5);
                    Routine.Parameter.Mode m = mode == null || "i".equals(mode) ? Routine.Parameter.Mode.IN
                            : "b".equals(mode) ? Routine.Parameter.Mode.INOUT
                            : "v".equals(mode) ? Routine.Parameter.Mode.VARIADIC : Routine.Parameter.Mode.OUT;
                    String name = rs.getString(4);
                    params.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Routine.Parameter(name == null || name.isEmpty() ? null : name, m, rs.getString(3)));
                }
            }
        }
        List<Routine> result = new ArrayList<>();
        for (Raw r : raw) {
            result.add(new Routine(r.id(), "p".equals(r.kind()) ? Routine.Kind.PROCEDURE : Routine.Kind.FUNCTION,
                    params.getOrDefault(r.oid(), List.of()), r.result(), r.lang(), r.src(), "i".equals(r.vol()), r.def(),
                    r.comment()));
        }
        return result;
    }

    /** An expression without the one pair of parentheses around all of it that pg_get_expr adds. */
    static String stripParens(String expr) {
        String t = expr.strip();
        if (t.length() < 2 || t.charAt(0) != '(' || t.charAt(t.length() - 1) != ')') {
            return t;
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
                if (depth == 0 && i < t.length() - 1) {
                    return t;
                }
            }
        }
        return t.substring(1, t.length() - 1);
    }

    static Array oidArray(Connection connection, Collection<Long> oids) throws SQLException {
        return connection.createArrayOf("int8", oids.toArray(new Long[0]));
    }

    private static List<String> textArray(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        List<String> list = new ArrayList<>(values.length);
        for (Object v : values) {
            list.add(v == null ? null : v.toString());
        }
        return list;
    }
}
