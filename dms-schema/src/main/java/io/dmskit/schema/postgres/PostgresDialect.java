package io.dmskit.schema.postgres;

import io.dmskit.error.ErrorCode;
import io.dmskit.schema.AbstractDialect;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.DialectSpec;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.internal.CatalogBuilder;
import io.dmskit.schema.internal.SqlText;
import io.dmskit.schema.internal.Types;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * PostgreSQL (12 and later).
 *
 * <p><b>Catalog.</b> {@link #readCatalog} reads ordinary and partitioned tables (not views, not
 * foreign tables, not the partitions of a partitioned table, whose rows the parent already holds)
 * of every schema except {@code pg_catalog}, {@code information_schema}, {@code pg_toast*},
 * {@code pg_temp*} and {@code dmskit}, with five bulk queries on {@code pg_class},
 * {@code pg_attribute}, {@code pg_type}, {@code pg_enum} and {@code pg_index} whatever the
 * number of tables. {@code estimatedRows} is {@code pg_class.reltuples} (-1 when never analyzed;
 * for a partitioned table the sum over its leaf partitions, -1 when one of them was never
 * analyzed). Unique keys are the unique indexes (unique constraints have one) that have no
 * expression, no predicate and are valid; INCLUDE columns are not part of a key.
 *
 * <p><b>Native to logical types</b> ({@link DataType#nativeName()} is {@code format_type()}'s
 * spelling, for example {@code character varying(10)}):
 * <table>
 * <caption>PostgreSQL types read from the catalog</caption>
 * <tr><th>PostgreSQL</th><th>logical</th></tr>
 * <tr><td>boolean</td><td>BOOLEAN</td></tr>
 * <tr><td>smallint, integer, bigint (serial and identity columns: autoIncrement)</td><td>SMALLINT, INTEGER, BIGINT</td></tr>
 * <tr><td>numeric(p,s)</td><td>DECIMAL(p,s); a negative scale s gives DECIMAL(p-s,0) and a scale above the
 *     precision gives DECIMAL(s,s), the smallest that hold every value</td></tr>
 * <tr><td>numeric</td><td>DECIMAL precision 0 scale -1 (unbounded)</td></tr>
 * <tr><td>real, double precision</td><td>REAL, DOUBLE</td></tr>
 * <tr><td>character(n); bpchar without length</td><td>CHAR(n); CHAR length 0</td></tr>
 * <tr><td>character varying(n); without n</td><td>VARCHAR(n); VARCHAR length 0</td></tr>
 * <tr><td>text, bytea</td><td>TEXT length 0, BLOB length 0</td></tr>
 * <tr><td>bit(n); bit varying(n)</td><td>BIT(n); BIT(n) with nativeName {@code bit varying(n)} (n = 0 when unbounded)</td></tr>
 * <tr><td>date; time(p); time(p) with time zone</td><td>DATE; TIME(p); TIME_TZ(p)</td></tr>
 * <tr><td>timestamp(p); timestamp(p) with time zone</td><td>TIMESTAMP(p); TIMESTAMP_TZ(p)</td></tr>
 * <tr><td>interval(p), with or without fields</td><td>INTERVAL(p)</td></tr>
 * <tr><td colspan="2">p is 6 when the column declares none</td></tr>
 * <tr><td>json; jsonb</td><td>JSON with nativeName {@code json}; {@code jsonb}</td></tr>
 * <tr><td>uuid</td><td>UUID</td></tr>
 * <tr><td>an enum type</td><td>ENUM with the labels in {@code pg_enum} order, nativeName the quoted
 *     schema-qualified type name</td></tr>
 * <tr><td>an array of T</td><td>ARRAY of T's logical type (UNSUPPORTED when T is)</td></tr>
 * <tr><td>a domain</td><td>its base type's logical type</td></tr>
 * <tr><td>anything else (money, inet, cidr, macaddr, xml, tsvector, geometric, ranges, oid, composite, ...)</td>
 *     <td>UNSUPPORTED</td></tr>
 * </table>
 *
 * <p><b>Logical to PostgreSQL</b> ({@link #targetType}; the closest type that holds every value):
 * <table>
 * <caption>Target types in PostgreSQL</caption>
 * <tr><th>logical</th><th>PostgreSQL</th></tr>
 * <tr><td>TINYINT; SMALLINT; MEDIUMINT; YEAR</td><td>smallint; smallint, unsigned: integer; integer; smallint</td></tr>
 * <tr><td>INTEGER; BIGINT</td><td>integer, unsigned: bigint; bigint, unsigned: numeric(20,0)</td></tr>
 * <tr><td>DECIMAL(p,s)</td><td>numeric(p,s); unbounded, or p above 1000 (PostgreSQL's maximum): numeric</td></tr>
 * <tr><td>REAL, DOUBLE</td><td>real, double precision</td></tr>
 * <tr><td>CHAR(n)</td><td>character(n); n = 0: bpchar; n above 10485760: text</td></tr>
 * <tr><td>VARCHAR(n)</td><td>character varying(n); n = 0 or above 10485760: text</td></tr>
 * <tr><td>TEXT; BINARY, VARBINARY, BLOB</td><td>text; bytea</td></tr>
 * <tr><td>BIT(n)</td><td>bit(n); bit varying(n) when the source was varying; bit varying when n = 0</td></tr>
 * <tr><td>DATE, TIME, TIME_TZ, TIMESTAMP, TIMESTAMP_TZ, INTERVAL</td><td>same kind, at most 6 fractional digits</td></tr>
 * <tr><td>JSON</td><td>jsonb; json when the source type's nativeName is exactly {@code json}</td></tr>
 * <tr><td>UUID</td><td>uuid</td></tr>
 * <tr><td>ENUM</td><td>ENUM, rendered character varying(longest label) with a CHECK that the value is a label</td></tr>
 * <tr><td>SET</td><td>VARCHAR(sum of the label lengths and the commas)</td></tr>
 * <tr><td>ARRAY of T</td><td>ARRAY of T's target type</td></tr>
 * <tr><td>UNSUPPORTED</td><td>fails with {@link ErrorCode#UNSUPPORTED_TYPE}</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe. Methods that take a {@link Connection} run only queries, in the
 * connection's current transaction, and do not close it.
 */
public class PostgresDialect extends AbstractDialect {

    /** The longest character(n) / character varying(n) that PostgreSQL accepts. */
    static final int MAX_CHAR_LENGTH = 10_485_760;
    /** The largest numeric precision that PostgreSQL accepts. */
    static final int MAX_NUMERIC_PRECISION = 1000;
    /** The longest bit(n) that PostgreSQL accepts. */
    static final int MAX_BIT_LENGTH = 83_886_080;

    /** {@link #currentSchema} is {@code current_schema()}, which is null when no schema of the search_path exists. */
    private static final DialectSpec SPEC = new DialectSpec("postgresql", "PostgreSQL", List.of("jdbc:postgresql:"),
            '"', 63, "SELECT current_schema()", "The connection has no current schema: no schema of its search_path "
            + "exists. Set search_path (or currentSchema in the JDBC URL) to an existing schema.",
            DialectSpec.CREATE_SCHEMA, "");

    public PostgresDialect() {
        super(SPEC);
    }

    // ------------------------------------------------------------------------------------------ catalog

    private static final String TABLES_SQL = """
            SELECT c.oid, n.nspname, c.relname,
                   CASE WHEN c.relkind = 'p' THEN coalesce((
                            SELECT CASE WHEN bool_or(l.reltuples < 0) THEN -1 ELSE sum(l.reltuples) END
                            FROM pg_partition_tree(c.oid) pt JOIN pg_class l ON l.oid = pt.relid
                            WHERE pt.isleaf), -1)
                        ELSE c.reltuples END AS estimated_rows,
                   obj_description(c.oid, 'pg_class')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'dmskit')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
            """;

    private static final String COLUMNS_SQL = """
            SELECT a.attrelid, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attidentity, a.attgenerated,
                   format_type(a.atttypid, a.atttypmod) AS formatted, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
                   col_description(a.attrelid, a.attnum)
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = ANY (CAST(? AS oid[])) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attrelid, a.attnum
            """;

    private static final String TYPES_SQL = """
            SELECT t.oid, n.nspname, t.typname, t.typtype, t.typcategory, t.typelem, t.typbasetype, t.typtypmod,
                   format_type(t.typbasetype, t.typtypmod) AS base_formatted
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.oid = ANY (CAST(? AS oid[]))
            """;

    private static final String ENUMS_SQL = """
            SELECT enumtypid, enumlabel FROM pg_enum WHERE enumtypid = ANY (CAST(? AS oid[]))
            ORDER BY enumtypid, enumsortorder
            """;

    private static final String KEYS_SQL = """
            SELECT i.indrelid, ic.relname, i.indisprimary, a.attname
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            CROSS JOIN LATERAL unnest(CAST(i.indkey AS int2[])) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = ANY (CAST(? AS oid[])) AND i.indisunique AND i.indisvalid
              AND i.indpred IS NULL AND i.indexprs IS NULL AND k.ord <= i.indnkeyatts
            ORDER BY i.indrelid, i.indisprimary DESC, ic.relname, k.ord
            """;

    /** A row of pg_type. */
    private record PgType(long oid, String schema, String name, char typtype, char category, long elem,
                          long baseType, int baseTypmod, String baseFormatted) {
    }

    @Override
    public Catalog readCatalog(Connection connection, Predicate<TableId> filter) throws SQLException {
        CatalogBuilder catalog = new CatalogBuilder();
        Map<Long, TableId> byOid = new HashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TABLES_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(2), rs.getString(3));
                double estimate = rs.getDouble(4);
                if (catalog.table(id, estimate < 0 ? -1 : Math.round(estimate), filter)) {
                    byOid.put(rs.getLong(1), id);
                    catalog.comment(id, rs.getString(5));
                }
            }
        }
        List<PostgresObjects.OwnedSequence> allSequences = PostgresObjects.sequences(connection);
        List<io.dmskit.schema.Sequence> sequences = new ArrayList<>();
        Map<String, PostgresObjects.OwnedSequence> owned = new HashMap<>();
        for (PostgresObjects.OwnedSequence s : allSequences) {
            if (s.column() != null) {
                owned.put(s.tableOid() + "\u0000" + s.column(), s);
            }
            boolean ownedByTable = s.column() != null && byOid.containsKey(s.tableOid());
            if (!s.identity() && (ownedByTable || (s.column() == null && filter.test(s.sequence().id())))) {
                sequences.add(s.sequence());
            }
        }
        if (byOid.isEmpty()) {
            return catalog.build(engine(), PostgresObjects.enumTypes(connection, filter, List.of()), sequences,
                    PostgresObjects.views(connection, filter), List.of(), PostgresObjects.routines(connection, filter));
        }

        record RawColumn(long table, String name, long typeOid, int typmod, boolean notNull, String identity,
                         String generated, String formatted, String defaultExpr, String comment) {
        }
        List<RawColumn> raw = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS_SQL)) {
            ps.setArray(1, oidArray(connection, byOid.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    raw.add(new RawColumn(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getBoolean(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)));
                }
            }
        }

        Set<Long> typeOids = new LinkedHashSet<>();
        raw.forEach(c -> typeOids.add(c.typeOid()));
        Map<Long, PgType> types = readTypes(connection, typeOids);
        Map<Long, List<String>> labels = readEnumLabels(connection, types.values());

        Set<String> usedEnums = new java.util.HashSet<>();
        for (RawColumn c : raw) {
            DataType type = toLogical(c.typeOid(), c.typmod(), c.formatted(), types, labels);
            boolean generated = c.generated() != null && !c.generated().isEmpty();
            String defaultExpr = generated ? null : c.defaultExpr();
            boolean isIdentity = c.identity() != null && !c.identity().isEmpty();
            boolean auto = isIdentity || (defaultExpr != null && defaultExpr.startsWith("nextval("));
            PostgresObjects.OwnedSequence seq = owned.get(c.table() + "\u0000" + c.name());
            io.dmskit.schema.Identity identity = isIdentity || (auto && seq != null)
                    ? PostgresObjects.identity(c.identity(), seq) : null;
            io.dmskit.schema.GeneratedColumn gen = generated && c.defaultExpr() != null
                    ? new io.dmskit.schema.GeneratedColumn(c.defaultExpr(), true) : null;
            catalog.column(byOid.get(c.table()), new Column(c.name(), type, !c.notNull(), defaultExpr, auto, gen,
                    identity, c.comment(), null));
            PgType t = types.get(c.typeOid());
            while (t != null && (t.typtype() == 'd' || t.category() == 'A')) {
                t = types.get(t.typtype() == 'd' ? t.baseType() : t.elem());
            }
            if (t != null && t.typtype() == 'e') {
                usedEnums.add(t.schema() + "\u0000" + t.name());
            }
        }

        addSequencesOfDefaults(raw.stream().map(c -> new String[] {byOid.get(c.table()).schema(), c.defaultExpr(),
                c.generated()}).toList(), allSequences, sequences, schemaOrNull(connection));

        try (PreparedStatement ps = connection.prepareStatement(KEYS_SQL)) {
            ps.setArray(1, oidArray(connection, byOid.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId id = byOid.get(rs.getLong(1));
                    if (rs.getBoolean(3)) {
                        catalog.primaryKeyColumn(id, rs.getString(4));
                    } else {
                        catalog.uniqueKeyColumn(id, rs.getString(2), rs.getString(4));
                    }
                }
            }
        }
        PostgresObjects.indexes(connection, byOid, catalog);
        PostgresObjects.foreignKeys(connection, byOid, catalog);
        PostgresObjects.checks(connection, byOid, catalog);
        return catalog.build(engine(), PostgresObjects.enumTypes(connection, filter, usedEnums), sequences,
                PostgresObjects.views(connection, filter), PostgresObjects.triggers(connection, byOid),
                PostgresObjects.routines(connection, filter));
    }

    private static final java.util.regex.Pattern NEXTVAL = java.util.regex.Pattern.compile(
            "nextval\\('((?:[^']|'')+)'(?:::regclass)?\\)");

    /**
     * Adds the sequences that a read column's default takes values from ({@code nextval('s')}) but
     * that the filter left out, so that the catalog holds every sequence its tables need. An
     * unqualified name is looked up in the table's schema, then in the current one.
     *
     * @param columns per column: its table's schema, its default, its generation kind
     */
    static void addSequencesOfDefaults(List<String[]> columns, List<PostgresObjects.OwnedSequence> all,
                                       List<io.dmskit.schema.Sequence> sequences, String currentSchema) {
        Set<TableId> have = new java.util.HashSet<>();
        sequences.forEach(q -> have.add(q.id()));
        for (String[] c : columns) {
            if (c[1] == null || (c[2] != null && !c[2].isEmpty())) {
                continue;
            }
            java.util.regex.Matcher m = NEXTVAL.matcher(c[1]);
            while (m.find()) {
                String name = m.group(1).replace("''", "'");
                List<String> parts = regclassParts(name);
                List<TableId> candidates = parts.size() == 2 ? List.of(TableId.of(parts.get(0), parts.get(1)))
                        : currentSchema == null ? List.of(TableId.of(c[0], parts.get(0)))
                        : List.of(TableId.of(c[0], parts.get(0)), TableId.of(currentSchema, parts.get(0)));
                for (TableId id : candidates) {
                    PostgresObjects.OwnedSequence found = all.stream()
                            .filter(q -> !q.identity() && q.sequence().id().equals(id)).findFirst().orElse(null);
                    if (found != null) {
                        if (have.add(id)) {
                            sequences.add(found.sequence());
                        }
                        break;
                    }
                }
            }
        }
    }

    private String schemaOrNull(Connection connection) {
        try {
            return currentSchema(connection);
        } catch (SQLException | RuntimeException e) {
            return null;     // no schema of the search_path exists: unqualified names are looked up in the table's schema only
        }
    }

    /** The parts of a name as regclass prints it: {@code s.seq}, {@code "My Schema"."s"}, {@code seq}. */
    static List<String> regclassParts(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '.') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    private static Array oidArray(Connection connection, Collection<Long> oids) throws SQLException {
        return connection.createArrayOf("int8", oids.toArray(new Long[0]));
    }

    /** The pg_type rows of the oids and, transitively, of their array elements and domain base types. */
    private static Map<Long, PgType> readTypes(Connection connection, Set<Long> oids) throws SQLException {
        Map<Long, PgType> types = new HashMap<>();
        Set<Long> missing = new LinkedHashSet<>(oids);
        try (PreparedStatement ps = connection.prepareStatement(TYPES_SQL)) {
            while (!missing.isEmpty()) {
                ps.setArray(1, oidArray(connection, missing));
                missing = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        PgType t = new PgType(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                                rs.getString(5).charAt(0), rs.getLong(6), rs.getLong(7), rs.getInt(8), rs.getString(9));
                        types.put(t.oid(), t);
                    }
                }
                for (PgType t : types.values()) {
                    for (long next : new long[] {t.elem(), t.baseType()}) {
                        if (next != 0 && !types.containsKey(next)) {
                            missing.add(next);
                        }
                    }
                }
            }
        }
        return types;
    }

    private static Map<Long, List<String>> readEnumLabels(Connection connection, Collection<PgType> types) throws SQLException {
        List<Long> enums = types.stream().filter(t -> t.typtype() == 'e').map(PgType::oid).toList();
        Map<Long, List<String>> labels = new HashMap<>();
        if (enums.isEmpty()) {
            return labels;
        }
        try (PreparedStatement ps = connection.prepareStatement(ENUMS_SQL)) {
            ps.setArray(1, oidArray(connection, enums));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return labels;
    }

    private DataType toLogical(long oid, int typmod, String formatted, Map<Long, PgType> types,
                               Map<Long, List<String>> labels) {
        PgType t = types.get(oid);
        if (t == null) {
            return DataType.unsupported(formatted);
        }
        if (t.typtype() == 'd') {
            // A column of a domain type carries no typmod of its own: the domain's is the one that counts.
            int baseTypmod = t.baseTypmod() != -1 ? t.baseTypmod() : typmod;
            PgType base = types.get(t.baseType());
            String baseFormatted = base != null && base.typtype() == 'd' ? base.name() : t.baseFormatted();
            return toLogical(t.baseType(), baseTypmod, baseFormatted, types, labels);
        }
        if (t.typtype() == 'e') {
            return new DataType(TypeKind.ENUM, 0, -1, -1, false, quote(t.schema()) + "." + quote(t.name()),
                    labels.getOrDefault(oid, List.of()), null);
        }
        if (t.category() == 'A' && t.elem() != 0) {
            String elementFormatted = formatted.endsWith("[]") ? formatted.substring(0, formatted.length() - 2) : formatted;
            DataType element = toLogical(t.elem(), typmod, elementFormatted, types, labels);
            if (element.kind() == TypeKind.UNSUPPORTED) {
                return DataType.unsupported(formatted);
            }
            return DataType.arrayOf(element).withNativeName(element.nativeName() + "[]");
        }
        if (!"pg_catalog".equals(t.schema())) {
            return DataType.unsupported(formatted);
        }
        DataType type = builtin(t.name(), typmod);
        return type.kind() == TypeKind.UNSUPPORTED ? DataType.unsupported(formatted) : type.withNativeName(formatted);
    }

    /** The logical type of a pg_catalog type, without nativeName; UNSUPPORTED when it has none. */
    static DataType builtin(String typname, int typmod) {
        switch (typname) {
            case "bool": return DataType.of(TypeKind.BOOLEAN);
            case "int2": return DataType.of(TypeKind.SMALLINT);
            case "int4": return DataType.of(TypeKind.INTEGER);
            case "int8": return DataType.of(TypeKind.BIGINT);
            case "numeric": return numeric(typmod);
            case "float4": return DataType.of(TypeKind.REAL);
            case "float8": return DataType.of(TypeKind.DOUBLE);
            case "bpchar": return DataType.ofLength(TypeKind.CHAR, typmod < 0 ? 0 : typmod - 4);
            case "varchar": return DataType.ofLength(TypeKind.VARCHAR, typmod < 0 ? 0 : typmod - 4);
            case "text": return DataType.ofLength(TypeKind.TEXT, 0);
            case "bytea": return DataType.ofLength(TypeKind.BLOB, 0);
            case "bit": return DataType.ofLength(TypeKind.BIT, Math.max(typmod, 0));
            case "varbit": return DataType.ofLength(TypeKind.BIT, Math.max(typmod, 0));
            case "date": return DataType.of(TypeKind.DATE);
            case "time": return DataType.temporal(TypeKind.TIME, typmod < 0 ? 6 : typmod);
            case "timetz": return DataType.temporal(TypeKind.TIME_TZ, typmod < 0 ? 6 : typmod);
            case "timestamp": return DataType.temporal(TypeKind.TIMESTAMP, typmod < 0 ? 6 : typmod);
            case "timestamptz": return DataType.temporal(TypeKind.TIMESTAMP_TZ, typmod < 0 ? 6 : typmod);
            case "interval": return DataType.temporal(TypeKind.INTERVAL, intervalPrecision(typmod));
            case "json", "jsonb": return DataType.of(TypeKind.JSON);
            case "uuid": return DataType.of(TypeKind.UUID);
            default: return DataType.unsupported(typname);
        }
    }

    /** numeric's typmod is ((precision << 16) | (scale & 0x7ff)) + 4, the scale an 11-bit signed number. */
    static DataType numeric(int typmod) {
        if (typmod < 4) {
            return DataType.decimal(0, -1);
        }
        int precision = ((typmod - 4) >> 16) & 0xffff;
        int scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
        if (scale < 0) {
            return DataType.decimal(precision - scale, 0);
        }
        if (scale > precision) {
            return DataType.decimal(scale, scale);
        }
        return DataType.decimal(precision, scale);
    }

    /** interval's typmod holds the fields in its upper half and the precision (0xffff: none) in its lower half. */
    static int intervalPrecision(int typmod) {
        if (typmod < 0) {
            return 6;
        }
        int precision = typmod & 0xffff;
        return precision == 0xffff ? 6 : precision;
    }

    // ------------------------------------------------------------------------------------------ types

    @Override
    protected DataType map(DataType s) {
        switch (s.kind()) {
            case BOOLEAN: return DataType.of(TypeKind.BOOLEAN);
            case TINYINT: return DataType.of(TypeKind.SMALLINT);
            case SMALLINT: return DataType.of(s.unsigned() ? TypeKind.INTEGER : TypeKind.SMALLINT);
            case MEDIUMINT: return DataType.of(TypeKind.INTEGER);
            case INTEGER: return DataType.of(s.unsigned() ? TypeKind.BIGINT : TypeKind.INTEGER);
            case BIGINT: return s.unsigned() ? DataType.decimal(20, 0) : DataType.of(TypeKind.BIGINT);
            case DECIMAL:
                if (s.precision() <= 0 || s.precision() > MAX_NUMERIC_PRECISION) {
                    return DataType.decimal(0, -1);
                }
                int scale = Math.max(s.scale(), 0);
                return DataType.decimal(Math.max(s.precision(), scale), scale);
            case REAL: return DataType.of(TypeKind.REAL);
            case DOUBLE: return DataType.of(TypeKind.DOUBLE);
            case CHAR:
                return s.length() > MAX_CHAR_LENGTH ? DataType.ofLength(TypeKind.TEXT, 0)
                        : DataType.ofLength(TypeKind.CHAR, Math.max(s.length(), 0));
            case VARCHAR:
                return s.length() <= 0 || s.length() > MAX_CHAR_LENGTH ? DataType.ofLength(TypeKind.TEXT, 0)
                        : DataType.ofLength(TypeKind.VARCHAR, s.length());
            case TEXT: return DataType.ofLength(TypeKind.TEXT, 0);
            case BINARY, VARBINARY, BLOB: return DataType.ofLength(TypeKind.BLOB, 0);
            case BIT: {
                boolean varying = s.nativeName().startsWith("bit varying") || s.length() <= 0 || s.length() > MAX_BIT_LENGTH;
                int n = s.length() <= 0 || s.length() > MAX_BIT_LENGTH ? 0 : s.length();
                return DataType.ofLength(TypeKind.BIT, n).withNativeName(varying ? "bit varying" : "bit");
            }
            case YEAR: return DataType.of(TypeKind.SMALLINT);
            case DATE: return DataType.of(TypeKind.DATE);
            case TIME, TIME_TZ, TIMESTAMP, TIMESTAMP_TZ, INTERVAL:
                return DataType.temporal(s.kind(), Types.fraction(s.precision(), 6, 6));
            case JSON: return DataType.of(TypeKind.JSON).withNativeName("json".equals(s.nativeName()) ? "json" : "jsonb");
            case UUID: return DataType.of(TypeKind.UUID);
            case ENUM: return DataType.enumOf(s.values());
            case SET: return DataType.ofLength(TypeKind.VARCHAR, Types.setTextLength(s.values()));
            case ARRAY: return arrayOfTargetType(s);
            default: throw unsupported(s);
        }
    }

    /** The spelling of a type that {@link #map} returned, so also of any type read from PostgreSQL. */
    @Override
    protected String render(DataType t) {
        switch (t.kind()) {
            case BOOLEAN: return "boolean";
            case SMALLINT: return "smallint";
            case INTEGER: return "integer";
            case BIGINT: return "bigint";
            case DECIMAL: return t.precision() == 0 ? "numeric" : "numeric(" + t.precision() + "," + t.scale() + ")";
            case REAL: return "real";
            case DOUBLE: return "double precision";
            case CHAR: return t.length() == 0 ? "bpchar" : "character(" + t.length() + ")";
            case VARCHAR: return t.length() == 0 ? "character varying" : "character varying(" + t.length() + ")";
            case TEXT: return "text";
            case BLOB: return "bytea";
            case BIT:
                if (t.nativeName().startsWith("bit varying")) {
                    return t.length() == 0 ? "bit varying" : "bit varying(" + t.length() + ")";
                }
                return "bit(" + t.length() + ")";
            case DATE: return "date";
            case TIME: return "time(" + t.precision() + ") without time zone";
            case TIME_TZ: return "time(" + t.precision() + ") with time zone";
            case TIMESTAMP: return "timestamp(" + t.precision() + ") without time zone";
            case TIMESTAMP_TZ: return "timestamp(" + t.precision() + ") with time zone";
            case INTERVAL: return "interval(" + t.precision() + ")";
            case JSON: return t.nativeName();
            case UUID: return "uuid";
            case ENUM: return "character varying(" + Types.longestLabel(t.values()) + ")";
            case ARRAY: return render(t.element()) + "[]";
            default: throw noSpelling(t);
        }
    }

    /** For each ENUM column (or array of ENUM) of {@link #createTable}, a CHECK that its values are labels. */
    @Override
    protected List<String> tableConstraints(Table table) {
        List<String> checks = new ArrayList<>();
        for (Column c : table.columns()) {
            DataType t = c.type();
            if (t.kind() == TypeKind.ENUM) {
                checks.add("CHECK (" + quote(c.name()) + " IN (" + SqlText.standardLiteralList(t.values()) + "))");
            } else if (t.kind() == TypeKind.ARRAY && innermost(t).kind() == TypeKind.ENUM) {
                checks.add("CHECK (array_remove(" + quote(c.name()) + ", NULL) <@ ARRAY["
                        + SqlText.standardLiteralList(innermost(t).values()) + "]::" + nativeType(innermost(t)) + "[])");
            }
        }
        return checks;
    }

    private static DataType innermost(DataType array) {
        DataType t = array;
        while (t.kind() == TypeKind.ARRAY && t.element() != null) {
            t = t.element();
        }
        return t;
    }
}
