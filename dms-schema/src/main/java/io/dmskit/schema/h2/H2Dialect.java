package io.dmskit.schema.h2;

import io.dmskit.error.ErrorCode;
import io.dmskit.schema.AbstractDialect;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.DialectSpec;
import io.dmskit.schema.GeneratedColumn;
import io.dmskit.schema.Identity;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.internal.CatalogBuilder;
import io.dmskit.schema.internal.Jdbc;
import io.dmskit.schema.internal.SqlText;
import io.dmskit.schema.internal.Types;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * H2 (2.x), in any compatibility mode.
 *
 * <p><b>Catalog.</b> {@link #readCatalog} reads the base tables of every schema except
 * {@code INFORMATION_SCHEMA} and {@code dmskit}, from H2's {@code INFORMATION_SCHEMA} with one
 * query for the tables and, per schema, one each for columns, array element types, enum values,
 * key constraints and unique indexes. {@code estimatedRows} is {@code ROW_COUNT_ESTIMATE} when
 * the H2 version has it, else -1. Unique keys are UNIQUE constraints and unique indexes.
 *
 * <p><b>Native to logical types</b> ({@link DataType#nativeName()} is H2's {@code DATA_TYPE},
 * for example {@code CHARACTER VARYING}; {@code INTERVAL DAY TO SECOND} for intervals):
 * <table>
 * <caption>H2 types read from the catalog</caption>
 * <tr><th>H2</th><th>logical</th></tr>
 * <tr><td>BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL</td><td>same</td></tr>
 * <tr><td>NUMERIC/DECIMAL(p,s)</td><td>DECIMAL(p,s) (H2's NUMERIC without precision is NUMERIC(100000,0))</td></tr>
 * <tr><td>DOUBLE PRECISION</td><td>DOUBLE</td></tr>
 * <tr><td>DECFLOAT</td><td>DECIMAL precision 0 scale -1 (unbounded)</td></tr>
 * <tr><td>CHARACTER(n); CHARACTER VARYING(n), VARCHAR_IGNORECASE(n)</td><td>CHAR(n); VARCHAR(n), length 0 when
 *     it is H2's maximum (no length declared)</td></tr>
 * <tr><td>CHARACTER LARGE OBJECT(n)</td><td>TEXT, length n*4 bytes, 0 when unbounded</td></tr>
 * <tr><td>BINARY(n); BINARY VARYING(n); BINARY LARGE OBJECT(n)</td><td>BINARY(n); VARBINARY(n); BLOB(n), 0 when unbounded</td></tr>
 * <tr><td>DATE; TIME(p); TIME(p) WITH TIME ZONE</td><td>DATE; TIME(p); TIME_TZ(p)</td></tr>
 * <tr><td>TIMESTAMP(p); TIMESTAMP(p) WITH TIME ZONE</td><td>TIMESTAMP(p); TIMESTAMP_TZ(p)</td></tr>
 * <tr><td>INTERVAL, day-time or year-month</td><td>INTERVAL(fractional second digits)</td></tr>
 * <tr><td>JSON, UUID</td><td>JSON, UUID</td></tr>
 * <tr><td>ENUM(labels)</td><td>ENUM(labels)</td></tr>
 * <tr><td>T ARRAY</td><td>ARRAY of T's logical type (UNSUPPORTED when T is)</td></tr>
 * <tr><td>a domain</td><td>its base type's logical type</td></tr>
 * <tr><td>anything else (GEOMETRY, JAVA_OBJECT, ROW, ...)</td><td>UNSUPPORTED</td></tr>
 * </table>
 *
 * <p><b>Logical to H2</b> ({@link #targetType}; the closest type that holds every value):
 * <table>
 * <caption>Target types in H2</caption>
 * <tr><th>logical</th><th>H2</th></tr>
 * <tr><td>TINYINT</td><td>TINYINT, unsigned: SMALLINT</td></tr>
 * <tr><td>SMALLINT; MEDIUMINT; INTEGER; BIGINT</td><td>SMALLINT, unsigned: INTEGER; INTEGER;
 *     INTEGER, unsigned: BIGINT; BIGINT, unsigned: NUMERIC(20, 0)</td></tr>
 * <tr><td>YEAR</td><td>SMALLINT</td></tr>
 * <tr><td>DECIMAL(p,s)</td><td>NUMERIC(p, s); unbounded (or above 100000 digits): DECFLOAT</td></tr>
 * <tr><td>BOOLEAN, REAL, DOUBLE</td><td>BOOLEAN, REAL, DOUBLE PRECISION</td></tr>
 * <tr><td>CHAR(n); VARCHAR(n); TEXT</td><td>CHARACTER(n); CHARACTER VARYING(n) (no n: H2's maximum);
 *     CHARACTER LARGE OBJECT</td></tr>
 * <tr><td>BINARY(n); VARBINARY(n); BLOB</td><td>BINARY(n); BINARY VARYING(n); BINARY LARGE OBJECT</td></tr>
 * <tr><td>BIT(n)</td><td>VARCHAR(n): the bits as a string of '0' and '1'</td></tr>
 * <tr><td>DATE, TIME, TIME_TZ, TIMESTAMP, TIMESTAMP_TZ</td><td>same, at most 9 fractional digits</td></tr>
 * <tr><td>INTERVAL(p)</td><td>INTERVAL, rendered INTERVAL DAY(18) TO SECOND(p) (a value with months fails when
 *     it is written); INTERVAL YEAR(18) TO MONTH when the source was a year-month interval (H2 INTERVAL YEAR
 *     [TO MONTH] or INTERVAL MONTH; PostgreSQL interval year [to month] or interval month)</td></tr>
 * <tr><td>JSON, UUID, ENUM</td><td>JSON, UUID, ENUM</td></tr>
 * <tr><td>SET</td><td>VARCHAR(sum of the label lengths and the commas)</td></tr>
 * <tr><td>ARRAY of T</td><td>ARRAY of T's target type</td></tr>
 * <tr><td>UNSUPPORTED</td><td>fails with {@link ErrorCode#UNSUPPORTED_TYPE}</td></tr>
 * </table>
 * {@link #targetTable} then gives key columns of TEXT or BLOB a type that H2 can index.
 *
 * <p>Stateless and thread-safe. Methods that take a {@link Connection} run only queries, in the
 * connection's current transaction, and do not close it.
 */
public class H2Dialect extends AbstractDialect {

    /** H2's longest CHARACTER VARYING / BINARY VARYING, also what a column without a length gets. */
    static final int MAX_LENGTH = 1_000_000_000;
    /** H2's largest NUMERIC precision. */
    static final int MAX_NUMERIC_PRECISION = 100_000;

    private static final DialectSpec SPEC = new DialectSpec("h2", "H2", List.of("jdbc:h2:"), '"', 256,
            "SELECT SCHEMA()", null, DialectSpec.CREATE_SCHEMA, "");

    public H2Dialect() {
        super(SPEC);
    }

    // ------------------------------------------------------------------------------------------ catalog

    private static final String TABLES_SQL = "SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
            + " AND TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'dmskit')";

    private static final String COLUMNS_SQL = "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,"
            + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, INTERVAL_TYPE,"
            + " DTD_IDENTIFIER, IS_IDENTITY, IS_GENERATED, IDENTITY_GENERATION, IDENTITY_START, IDENTITY_INCREMENT,"
            + " IDENTITY_BASE, GENERATION_EXPRESSION, REMARKS, COLUMN_ON_UPDATE"
            + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ?";

    private static final String ELEMENTS_SQL = "SELECT OBJECT_NAME, COLLECTION_TYPE_IDENTIFIER, DATA_TYPE,"
            + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, INTERVAL_TYPE, DTD_IDENTIFIER"
            + " FROM INFORMATION_SCHEMA.ELEMENT_TYPES WHERE OBJECT_SCHEMA = ? AND OBJECT_TYPE = 'TABLE'";

    private static final String ENUMS_SQL = "SELECT OBJECT_NAME, ENUM_IDENTIFIER, VALUE_NAME"
            + " FROM INFORMATION_SCHEMA.ENUM_VALUES WHERE OBJECT_SCHEMA = ? AND OBJECT_TYPE = 'TABLE'";

    // TABLE_CONSTRAINTS (H2Objects) and KEY_COLUMN_USAGE are read apart and joined here: H2 joins its
    // INFORMATION_SCHEMA tables without indexes, which took 20 s for 2,000 tables.
    private static final String KEY_COLUMNS_SQL = "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME"
            + " FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ?";

    private static final String UNIQUE_INDEXES_SQL = "SELECT TABLE_NAME, INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
            + " WHERE TABLE_SCHEMA = ? AND INDEX_TYPE_NAME = 'UNIQUE INDEX'";

    private static final String INDEX_COLUMNS_SQL = "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME"
            + " FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE TABLE_SCHEMA = ?";

    /** A type description: a row of COLUMNS or ELEMENT_TYPES. */
    private record H2Type(String dataType, Long length, Long precision, Long scale, Long datetimePrecision,
                          String intervalType, String dtdIdentifier) {
        static H2Type read(ResultSet rs, int first) throws SQLException {
            return new H2Type(rs.getString(first), Jdbc.longOrNull(rs, first + 1), Jdbc.longOrNull(rs, first + 2),
                    Jdbc.longOrNull(rs, first + 3), Jdbc.longOrNull(rs, first + 4), rs.getString(first + 5),
                    rs.getString(first + 6));
        }
    }

    @Override
    public Catalog readCatalog(Connection connection, Predicate<TableId> filter) throws SQLException {
        CatalogBuilder catalog = new CatalogBuilder();
        Map<TableId, String> comments = new HashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TABLES_SQL)) {
            int estimate = columnIndex(rs.getMetaData(), "ROW_COUNT_ESTIMATE");
            int remarks = columnIndex(rs.getMetaData(), "REMARKS");
            while (rs.next()) {
                TableId id = TableId.of(rs.getString("TABLE_SCHEMA"), rs.getString("TABLE_NAME"));
                long rows = estimate > 0 ? rs.getLong(estimate) : -1;
                if (catalog.table(id, estimate > 0 && rs.wasNull() ? -1 : rows, filter) && remarks > 0) {
                    catalog.comment(id, rs.getString(remarks));
                }
            }
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT TABLE_SCHEMA, TABLE_NAME, REMARKS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'VIEW'")) {
            while (rs.next()) {
                comments.put(TableId.of(rs.getString(1), rs.getString(2)), rs.getString(3));
            }
        }
        for (Map.Entry<String, List<String>> chunk : catalog.chunksBySchema()) {
            String schema = chunk.getKey();
            List<String> names = chunk.getValue();

            // Keyed by table name and DTD identifier: enum labels, and the element type of an array.
            Map<String, List<String>> labels = new HashMap<>();
            try (ResultSet rs = Jdbc.querySchema(connection, ENUMS_SQL, schema, "OBJECT_NAME", names,
                    " ORDER BY OBJECT_NAME, ENUM_IDENTIFIER, VALUE_ORDINAL")) {
                while (rs.next()) {
                    labels.computeIfAbsent(rs.getString(1) + '\u0000' + rs.getString(2), k -> new ArrayList<>())
                            .add(rs.getString(3));
                }
            }
            Map<String, H2Type> elements = new HashMap<>();
            try (ResultSet rs = Jdbc.querySchema(connection, ELEMENTS_SQL, schema, "OBJECT_NAME", names, "")) {
                while (rs.next()) {
                    elements.put(rs.getString(1) + '\u0000' + rs.getString(2), H2Type.read(rs, 3));
                }
            }
            try (ResultSet rs = Jdbc.querySchema(connection, COLUMNS_SQL, schema, "TABLE_NAME", names,
                    " ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
                while (rs.next()) {
                    TableId id = TableId.of(schema, rs.getString(1));
                    DataType type = toLogical(H2Type.read(rs, 5), id.name(), labels, elements);
                    boolean identity = "YES".equals(rs.getString(12));
                    boolean generated = "ALWAYS".equals(rs.getString(13));
                    Identity ident = identity ? new Identity("ALWAYS".equals(rs.getString(14)) ? Identity.Generation.ALWAYS
                            : Identity.Generation.BY_DEFAULT, rs.getLong(15), rs.getLong(16) == 0 ? 1 : rs.getLong(16),
                            Jdbc.longOrNull(rs, 17), null) : null;
                    GeneratedColumn gen = generated && rs.getString(18) != null ? new GeneratedColumn(rs.getString(18), false)
                            : null;
                    catalog.column(id, new Column(rs.getString(2), type, "YES".equals(rs.getString(4)),
                            generated || identity ? null : rs.getString(3), identity, gen, ident, rs.getString(19),
                            rs.getString(20)));
                }
            }
            Map<String, H2Objects.Constraint> constraints = H2Objects.constraints(connection, schema, names);
            Map<String, List<String>> keyColumns = new HashMap<>();
            try (ResultSet rs = Jdbc.querySchema(connection, KEY_COLUMNS_SQL, schema, "TABLE_NAME", names,
                    " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION")) {
                while (rs.next()) {
                    TableId id = TableId.of(schema, rs.getString(1));
                    keyColumns.computeIfAbsent(id.name() + '\u0000' + rs.getString(2), k -> new ArrayList<>())
                            .add(rs.getString(3));
                    H2Objects.Constraint c = constraints.get(id.name() + '\u0000' + rs.getString(2));
                    String type = c == null ? null : c.type();
                    if ("PRIMARY KEY".equals(type)) {
                        catalog.primaryKeyColumn(id, rs.getString(3));
                    } else if ("UNIQUE".equals(type)) {
                        catalog.uniqueKeyColumn(id, "constraint " + rs.getString(2), rs.getString(3));
                    }
                }
            }
            Set<String> uniqueIndexes = new HashSet<>();
            try (ResultSet rs = Jdbc.querySchema(connection, UNIQUE_INDEXES_SQL, schema, "TABLE_NAME", names, "")) {
                while (rs.next()) {
                    uniqueIndexes.add(rs.getString(1) + '\u0000' + rs.getString(2));
                }
            }
            try (ResultSet rs = Jdbc.querySchema(connection, INDEX_COLUMNS_SQL, schema, "TABLE_NAME", names,
                    " ORDER BY TABLE_NAME, INDEX_NAME, ORDINAL_POSITION")) {
                while (rs.next()) {
                    if (uniqueIndexes.contains(rs.getString(1) + '\u0000' + rs.getString(2))) {
                        catalog.uniqueKeyColumn(TableId.of(schema, rs.getString(1)), "index " + rs.getString(2), rs.getString(3));
                    }
                }
            }
            H2Objects.indexes(connection, schema, names, constraints, keyColumns, catalog);
            H2Objects.foreignKeys(connection, schema, constraints, keyColumns, catalog);
            H2Objects.checks(connection, schema, constraints, catalog);
        }
        return catalog.build(engine(), List.of(), H2Objects.sequences(connection, filter),
                H2Objects.views(connection, filter, comments), H2Objects.triggers(connection, catalog, this),
                H2Objects.routines(connection, filter, this));
    }

    private static int columnIndex(ResultSetMetaData md, String name) throws SQLException {
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (name.equalsIgnoreCase(md.getColumnLabel(i))) {
                return i;
            }
        }
        return -1;
    }

    private static DataType toLogical(H2Type t, String table, Map<String, List<String>> labels,
                                      Map<String, H2Type> elements) {
        String name = t.dataType();
        int p = t.precision() == null ? 0 : (int) Math.min(Integer.MAX_VALUE, t.precision());
        int s = t.scale() == null ? 0 : t.scale().intValue();
        int fraction = t.datetimePrecision() == null ? 0 : t.datetimePrecision().intValue();
        long length = t.length() == null ? 0 : t.length();
        DataType type;
        switch (name) {
            case "BOOLEAN": type = DataType.of(TypeKind.BOOLEAN); break;
            case "TINYINT": type = DataType.of(TypeKind.TINYINT); break;
            case "SMALLINT": type = DataType.of(TypeKind.SMALLINT); break;
            case "INTEGER": type = DataType.of(TypeKind.INTEGER); break;
            case "BIGINT": type = DataType.of(TypeKind.BIGINT); break;
            case "NUMERIC", "DECIMAL": type = DataType.decimal(p, s); break;
            case "DECFLOAT": type = DataType.decimal(0, -1); break;
            case "REAL": type = DataType.of(TypeKind.REAL); break;
            case "DOUBLE PRECISION": type = DataType.of(TypeKind.DOUBLE); break;
            case "CHARACTER": type = DataType.ofLength(TypeKind.CHAR, (int) Math.min(length, MAX_LENGTH)); break;
            case "CHARACTER VARYING", "VARCHAR_IGNORECASE":
                type = DataType.ofLength(TypeKind.VARCHAR, length >= MAX_LENGTH ? 0 : (int) length);
                break;
            case "CHARACTER LARGE OBJECT":
                type = DataType.ofLength(TypeKind.TEXT, length <= 0 || length > Integer.MAX_VALUE / 4 ? 0 : (int) length * 4);
                break;
            case "BINARY": type = DataType.ofLength(TypeKind.BINARY, (int) Math.min(length, MAX_LENGTH)); break;
            case "BINARY VARYING":
                type = DataType.ofLength(TypeKind.VARBINARY, length >= MAX_LENGTH ? 0 : (int) length);
                break;
            case "BINARY LARGE OBJECT":
                type = DataType.ofLength(TypeKind.BLOB, length <= 0 || length >= Integer.MAX_VALUE ? 0 : (int) length);
                break;
            case "DATE": type = DataType.of(TypeKind.DATE); break;
            case "TIME": type = DataType.temporal(TypeKind.TIME, fraction); break;
            case "TIME WITH TIME ZONE": type = DataType.temporal(TypeKind.TIME_TZ, fraction); break;
            case "TIMESTAMP": type = DataType.temporal(TypeKind.TIMESTAMP, fraction); break;
            case "TIMESTAMP WITH TIME ZONE": type = DataType.temporal(TypeKind.TIMESTAMP_TZ, fraction); break;
            case "INTERVAL":
                return DataType.temporal(TypeKind.INTERVAL, fraction).withNativeName("INTERVAL " + t.intervalType());
            case "JSON": type = DataType.of(TypeKind.JSON); break;
            case "UUID": type = DataType.of(TypeKind.UUID); break;
            case "ENUM":
                type = DataType.enumOf(labels.getOrDefault(table + '\u0000' + t.dtdIdentifier(), List.of()));
                break;
            case "ARRAY": {
                H2Type elementType = elements.get(table + '\u0000' + t.dtdIdentifier());
                DataType element = elementType == null ? DataType.unsupported("UNKNOWN")
                        : toLogical(elementType, table, labels, elements);
                if (element.kind() == TypeKind.UNSUPPORTED) {
                    return DataType.unsupported(element.nativeName() + " ARRAY");
                }
                return DataType.arrayOf(element).withNativeName(element.nativeName() + " ARRAY");
            }
            default: return DataType.unsupported(name);
        }
        return type.withNativeName(name);
    }

    // ------------------------------------------------------------------------------------------ types

    @Override
    protected DataType map(DataType s) {
        switch (s.kind()) {
            case BOOLEAN: return DataType.of(TypeKind.BOOLEAN);
            case TINYINT: return DataType.of(s.unsigned() ? TypeKind.SMALLINT : TypeKind.TINYINT);
            case SMALLINT: return DataType.of(s.unsigned() ? TypeKind.INTEGER : TypeKind.SMALLINT);
            case MEDIUMINT: return DataType.of(TypeKind.INTEGER);
            case INTEGER: return DataType.of(s.unsigned() ? TypeKind.BIGINT : TypeKind.INTEGER);
            case BIGINT: return s.unsigned() ? DataType.decimal(20, 0) : DataType.of(TypeKind.BIGINT);
            case YEAR: return DataType.of(TypeKind.SMALLINT);
            case DECIMAL: {
                if (s.precision() <= 0 || s.precision() > MAX_NUMERIC_PRECISION) {
                    return DataType.decimal(0, -1);
                }
                int scale = Math.max(s.scale(), 0);
                return DataType.decimal(Math.min(Math.max(s.precision(), scale), MAX_NUMERIC_PRECISION), scale);
            }
            case REAL: return DataType.of(TypeKind.REAL);
            case DOUBLE: return DataType.of(TypeKind.DOUBLE);
            case CHAR:
                return s.length() >= 1 && s.length() <= MAX_LENGTH ? DataType.ofLength(TypeKind.CHAR, s.length())
                        : DataType.ofLength(TypeKind.VARCHAR, 0);
            case VARCHAR:
                return DataType.ofLength(TypeKind.VARCHAR, s.length() >= 1 && s.length() <= MAX_LENGTH ? s.length() : 0);
            case TEXT: return DataType.ofLength(TypeKind.TEXT, 0);
            case BINARY:
                return s.length() >= 1 && s.length() <= MAX_LENGTH ? DataType.ofLength(TypeKind.BINARY, s.length())
                        : DataType.ofLength(TypeKind.VARBINARY, 0);
            case VARBINARY:
                return DataType.ofLength(TypeKind.VARBINARY, s.length() >= 1 && s.length() <= MAX_LENGTH ? s.length() : 0);
            case BLOB: return DataType.ofLength(TypeKind.BLOB, 0);
            case BIT:
                return DataType.ofLength(TypeKind.VARCHAR, s.length() >= 1 && s.length() <= MAX_LENGTH ? s.length() : 0);
            case DATE: return DataType.of(TypeKind.DATE);
            case TIME, TIME_TZ, TIMESTAMP, TIMESTAMP_TZ:
                return DataType.temporal(s.kind(), Types.fraction(s.precision(), 9, 9));
            case INTERVAL:
                // A year-month interval has no seconds, so no fractional digits.
                return isYearMonth(s) ? DataType.temporal(TypeKind.INTERVAL, 0).withNativeName("INTERVAL YEAR TO MONTH")
                        : DataType.temporal(TypeKind.INTERVAL, Types.fraction(s.precision(), 9, 9))
                                .withNativeName("INTERVAL DAY TO SECOND");
            case JSON: return DataType.of(TypeKind.JSON);
            case UUID: return DataType.of(TypeKind.UUID);
            case ENUM: return DataType.enumOf(s.values());
            case SET: return DataType.ofLength(TypeKind.VARCHAR, Types.setTextLength(s.values()));
            case ARRAY: return arrayOfTargetType(s);
            default: throw unsupported(s);
        }
    }

    /**
     * Whether an INTERVAL is a year-month interval (it cannot hold days or seconds): one read from
     * H2 as {@code INTERVAL YEAR [TO MONTH]} or {@code INTERVAL MONTH}, or from PostgreSQL as
     * {@code interval year [to month]} or {@code interval month}.
     */
    private static boolean isYearMonth(DataType interval) {
        String n = interval.nativeName().toUpperCase(Locale.ROOT);
        return n.startsWith("INTERVAL YEAR") || n.startsWith("INTERVAL MONTH");
    }

    /** The spelling of a type that {@link #map} returned, so also of any type read from H2. */
    @Override
    protected String render(DataType t) {
        switch (t.kind()) {
            case BOOLEAN: return "BOOLEAN";
            case TINYINT: return "TINYINT";
            case SMALLINT: return "SMALLINT";
            case INTEGER: return "INTEGER";
            case BIGINT: return "BIGINT";
            case DECIMAL: return t.precision() == 0 ? "DECFLOAT" : "NUMERIC(" + t.precision() + ", " + t.scale() + ")";
            case REAL: return "REAL";
            case DOUBLE: return "DOUBLE PRECISION";
            case CHAR: return "CHARACTER(" + t.length() + ")";
            case VARCHAR: return t.length() == 0 ? "CHARACTER VARYING" : "CHARACTER VARYING(" + t.length() + ")";
            case TEXT: return "CHARACTER LARGE OBJECT";
            case BINARY: return "BINARY(" + t.length() + ")";
            case VARBINARY: return t.length() == 0 ? "BINARY VARYING" : "BINARY VARYING(" + t.length() + ")";
            case BLOB: return "BINARY LARGE OBJECT";
            case DATE: return "DATE";
            case TIME: return "TIME(" + t.precision() + ")";
            case TIME_TZ: return "TIME(" + t.precision() + ") WITH TIME ZONE";
            case TIMESTAMP: return "TIMESTAMP(" + t.precision() + ")";
            case TIMESTAMP_TZ: return "TIMESTAMP(" + t.precision() + ") WITH TIME ZONE";
            case INTERVAL:
                return isYearMonth(t) ? "INTERVAL YEAR(18) TO MONTH" : "INTERVAL DAY(18) TO SECOND(" + t.precision() + ")";
            case JSON: return "JSON";
            case UUID: return "UUID";
            case ENUM: return "ENUM(" + SqlText.standardLiteralList(t.values()) + ")";
            case ARRAY: return render(t.element()) + " ARRAY";
            default: throw noSpelling(t);
        }
    }

    /**
     * The default mapping ({@link Dialect#targetTable}), except that a primary or unique key
     * column of type TEXT or BLOB becomes CHARACTER VARYING or BINARY VARYING without a length
     * (H2's maximum, a billion): H2 cannot index large objects. No value is lost by this.
     */
    @Override
    public Table targetTable(Table source) {
        return fitTable(super.targetTable(source));
    }

    /** Key columns of TEXT or BLOB become CHARACTER VARYING / BINARY VARYING, as {@link #targetTable} says. */
    @Override
    public Table fitTable(Table table) {
        Set<String> keyColumns = new HashSet<>(table.primaryKey());
        table.uniqueKeys().forEach(keyColumns::addAll);
        List<Column> columns = new ArrayList<>(table.columns().size());
        for (Column c : table.columns()) {
            TypeKind k = c.type().kind();
            if (keyColumns.contains(c.name()) && (k == TypeKind.TEXT || k == TypeKind.BLOB)) {
                DataType bounded = DataType.ofLength(k == TypeKind.TEXT ? TypeKind.VARCHAR : TypeKind.VARBINARY, 0);
                columns.add(c.withType(bounded.withNativeName(render(bounded))));
            } else {
                columns.add(c);
            }
        }
        return table.withColumns(columns, table.primaryKey(), table.uniqueKeys());
    }
}
