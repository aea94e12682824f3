package io.dmskit.schema.mysql;

import io.dmskit.error.DmsException;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL (8.0 and later); {@link MariaDbDialect} extends it for MariaDB. The schema of a
 * {@link TableId} is the database.
 *
 * <p><b>Catalog.</b> {@link #readCatalog} reads base tables (and MariaDB system-versioned tables)
 * of every database except {@code mysql}, {@code information_schema},
 * {@code performance_schema}, {@code sys} and {@code dmskit}, from {@code information_schema}
 * with one query for the tables and, per database, one for the columns, one for the keys
 * ({@code STATISTICS}) and on MariaDB one for column CHECK constraints. The server (MySQL or
 * MariaDB) is told from its version string, so that either driver works with either server.
 * {@code estimatedRows} is {@code TABLES.TABLE_ROWS} (-1 when null). Unique keys are the unique
 * indexes other than PRIMARY; an index with an expression part is left out.
 * {@link Column#defaultExpression()} is SQL text: MySQL's unquoted literal defaults are quoted.
 *
 * <p><b>Native to logical types</b> ({@link DataType#nativeName()} is {@code COLUMN_TYPE}, for
 * example {@code int(10) unsigned}):
 * <table>
 * <caption>MySQL and MariaDB types read from the catalog</caption>
 * <tr><th>MySQL / MariaDB</th><th>logical</th></tr>
 * <tr><td>tinyint, smallint, mediumint, int, bigint [unsigned]</td><td>TINYINT, SMALLINT, MEDIUMINT, INTEGER,
 *     BIGINT; unsigned flag; length = display width when COLUMN_TYPE shows one. tinyint(1) stays TINYINT
 *     length 1, not BOOLEAN: no value is lost</td></tr>
 * <tr><td>decimal(p,s) [unsigned]</td><td>DECIMAL(p,s), unsigned flag</td></tr>
 * <tr><td>float; double [unsigned]</td><td>REAL; DOUBLE, unsigned flag</td></tr>
 * <tr><td>char(n), varchar(n)</td><td>CHAR(n), VARCHAR(n)</td></tr>
 * <tr><td>tinytext, text, mediumtext, longtext</td><td>TEXT length 255, 65535, 16777215, 0 (unbounded)</td></tr>
 * <tr><td>binary(n), varbinary(n)</td><td>BINARY(n), VARBINARY(n)</td></tr>
 * <tr><td>tinyblob, blob, mediumblob, longblob</td><td>BLOB length 255, 65535, 16777215, 0</td></tr>
 * <tr><td>bit(n); year; date</td><td>BIT(n); YEAR; DATE</td></tr>
 * <tr><td>time(fsp)</td><td>INTERVAL(fsp): TIME ranges from -838:59:59 to 838:59:59, a duration, not a time of day</td></tr>
 * <tr><td>datetime(fsp); timestamp(fsp)</td><td>TIMESTAMP(fsp); TIMESTAMP_TZ(fsp)</td></tr>
 * <tr><td>json; on MariaDB longtext with {@code CHECK (json_valid(col))}</td><td>JSON</td></tr>
 * <tr><td>enum(...); set(...)</td><td>ENUM; SET, labels parsed from COLUMN_TYPE</td></tr>
 * <tr><td>MariaDB uuid</td><td>UUID</td></tr>
 * <tr><td>anything else (geometry family, inet4, inet6, vector, ...)</td><td>UNSUPPORTED</td></tr>
 * </table>
 *
 * <p><b>Logical to MySQL</b> ({@link #targetType}; the closest type that holds every value):
 * <table>
 * <caption>Target types in MySQL and MariaDB</caption>
 * <tr><th>logical</th><th>MySQL / MariaDB</th></tr>
 * <tr><td>BOOLEAN</td><td>BOOLEAN, rendered tinyint(1)</td></tr>
 * <tr><td>TINYINT .. BIGINT</td><td>same kind and signedness (display width kept only for tinyint(1))</td></tr>
 * <tr><td>DECIMAL(p,s)</td><td>decimal(min(p,65), min(s,30)); unbounded: decimal(65,30). A value with more
 *     digits fails when it is written, loudly; it is never rounded silently</td></tr>
 * <tr><td>REAL; DOUBLE</td><td>float; double</td></tr>
 * <tr><td>CHAR(n)</td><td>char(n) when 1 &lt;= n &lt;= 255, else as VARCHAR(n)</td></tr>
 * <tr><td>VARCHAR(n)</td><td>varchar(n) when n &lt;= 2000; above, the smallest TEXT class that holds n*4
 *     bytes, to stay within the 65,535-byte row limit; unbounded: longtext</td></tr>
 * <tr><td>TEXT(len)</td><td>the smallest of tinytext, text, mediumtext, longtext that holds len bytes (0: longtext)</td></tr>
 * <tr><td>BINARY(n); VARBINARY(n); BLOB(len)</td><td>binary(n) when n &lt;= 255; varbinary(n) when n &lt;= 8000;
 *     else the smallest BLOB class</td></tr>
 * <tr><td>BIT(n)</td><td>bit(n) for n from 1 to 64, else {@link ErrorCode#UNSUPPORTED_TYPE}</td></tr>
 * <tr><td>YEAR, DATE</td><td>year, date</td></tr>
 * <tr><td>TIME(p)</td><td>time(p)</td></tr>
 * <tr><td>TIME_TZ</td><td>{@link ErrorCode#UNSUPPORTED_TYPE}: there is no time with time zone</td></tr>
 * <tr><td>TIMESTAMP(p)</td><td>TIMESTAMP, rendered datetime(p)</td></tr>
 * <tr><td>TIMESTAMP_TZ(p)</td><td>TIMESTAMP, rendered datetime(p): <b>the instant is stored as its UTC date and
 *     time</b> (timestamp's range, 1970 to 2038, is too narrow)</td></tr>
 * <tr><td>INTERVAL(p)</td><td>INTERVAL, rendered time(p); a value outside +-838:59:59.999999, or with
 *     months, fails when it is written</td></tr>
 * <tr><td colspan="2">p is capped at 6 and is 6 when unknown</td></tr>
 * <tr><td>JSON</td><td>json (on MariaDB an alias of longtext with a json_valid check)</td></tr>
 * <tr><td>UUID</td><td>MariaDB: uuid; MySQL: CHAR(36)</td></tr>
 * <tr><td>ENUM; SET</td><td>enum(labels); set(labels)</td></tr>
 * <tr><td>ARRAY</td><td>JSON (the array as a JSON array)</td></tr>
 * <tr><td>UNSUPPORTED</td><td>fails with {@link ErrorCode#UNSUPPORTED_TYPE}</td></tr>
 * </table>
 * {@link #targetTable} then bounds key columns (an index holds at most 3072 bytes) and moves
 * wide columns to TEXT/BLOB when a row could pass 65,535 bytes; see there.
 *
 * <p>{@link #createTable} gives {@code ENGINE=InnoDB}, utf8mb4 and a binary, no-pad collation
 * (see {@link #familySpec}).
 *
 * <p>DDL assumes the default sql_mode as to {@code NO_BACKSLASH_ESCAPES} (off): a backslash in
 * an ENUM or SET label is written doubled.
 *
 * <p>Stateless and thread-safe. Methods that take a {@link Connection} run only queries, in the
 * connection's current transaction, and do not close it.
 */
public class MySqlDialect extends AbstractDialect {

    static final int TINY = 255;
    static final int REGULAR = 65_535;
    static final int MEDIUM = 16_777_215;

    private static final Pattern DISPLAY_WIDTH = Pattern.compile("^[a-z]+\\((\\d+)\\)");

    public MySqlDialect() {
        this(familySpec("mysql", "MySQL", "utf8mb4_0900_bin"));
    }

    /** For an engine of the MySQL family, such as {@link MariaDbDialect}: usually a {@link #familySpec} of its own. */
    protected MySqlDialect(DialectSpec spec) {
        super(spec);
    }

    /**
     * The facts of an engine of the MySQL family: backtick quotes, 64-character names, the
     * schema of a {@link TableId} is a database ({@code DATABASE()}, {@code CREATE DATABASE}), and
     * tables are created with {@code ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=<collation>}.
     * The collation should compare code points and not pad, so that keys that differ in case,
     * accents or trailing spaces stay distinct.
     *
     * @param engine      the engine's name, lower case; its JDBC URLs start with {@code jdbc:<engine>:}
     * @param displayName the engine's name in messages
     * @param collation   the utf8mb4 collation of created tables
     */
    protected static DialectSpec familySpec(String engine, String displayName, String collation) {
        return new DialectSpec(engine, displayName, List.of("jdbc:" + engine + ":"), '`', 64, "SELECT DATABASE()",
                "The connection has no current database: its JDBC URL names none. Put the database in the URL's path, "
                        + "for example jdbc:" + engine + "://host:3306/shop.",
                "CREATE DATABASE IF NOT EXISTS %s", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" + collation);
    }

    /** Whether the engine has a native uuid type (MariaDB 10.7 and later). */
    protected boolean hasUuidType() {
        return false;
    }

    // ------------------------------------------------------------------------------------------ catalog

    private static final String TABLES_SQL = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, AUTO_INCREMENT, TABLE_COMMENT"
            + " FROM information_schema.TABLES WHERE TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')"
            + " AND TABLE_SCHEMA NOT IN (" + MySqlObjects.SYSTEM_SCHEMAS + ")";

    private static final String COLUMNS_SQL = "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,"
            + " COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, EXTRA,"
            + " GENERATION_EXPRESSION, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?";

    private static final String JSON_CHECKS_SQL = "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE"
            + " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND LEVEL = 'Column'";

    /**
     * Reads tables with their columns (defaults, generated columns, AUTO_INCREMENT with the
     * table's next value, ON UPDATE, comments), keys, indexes, foreign keys and checks, and the
     * views, triggers, routines and (MariaDB) sequences that the filter accepts by (database, name).
     */
    /** MariaDB's {@code nextval(`db`.`seq`)} (or {@code nextval(`seq`)}) in a column default. */
    private static final java.util.regex.Pattern NEXTVAL = java.util.regex.Pattern.compile(
            "nextval\\((?:`((?:[^`]|``)+)`\\.)?`((?:[^`]|``)+)`\\)", java.util.regex.Pattern.CASE_INSENSITIVE);

    @Override
    public Catalog readCatalog(Connection connection, Predicate<TableId> filter) throws SQLException {
        boolean mariadb = isMariaDb(connection);
        CatalogBuilder catalog = new CatalogBuilder();
        Map<TableId, Long> autoIncrement = new java.util.HashMap<>();
        Set<TableId> defaultSequences = new HashSet<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TABLES_SQL)) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                long rows = rs.getLong(3);
                if (catalog.table(id, rs.wasNull() ? -1 : rows, filter)) {
                    Long next = Jdbc.longOrNull(rs, 4);
                    if (next != null) {
                        autoIncrement.put(id, next);
                    }
                    catalog.comment(id, rs.getString(5));
                }
            }
        }
        for (Map.Entry<String, List<String>> chunk : catalog.chunksBySchema()) {
            String schema = chunk.getKey();
            List<String> names = chunk.getValue();
            Set<String> jsonColumns = new HashSet<>(); // table name NUL column name
            if (mariadb) {
                try (ResultSet rs = query(connection, JSON_CHECKS_SQL, schema, names, "")) {
                    while (rs.next()) {
                        String column = rs.getString(2);
                        // A column-level constraint is named after its column; MariaDB's JSON alias adds exactly this one.
                        if (("json_valid(" + quote(column) + ")").equals(rs.getString(3))) {
                            jsonColumns.add(rs.getString(1) + '\u0000' + column);
                        }
                    }
                }
            }
            try (ResultSet rs = query(connection, COLUMNS_SQL, schema, names, " ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
                while (rs.next()) {
                    TableId id = TableId.of(schema, rs.getString(1));
                    if (!catalog.contains(id)) {
                        continue;
                    }
                    String name = rs.getString(2);
                    String dataType = rs.getString(5).toLowerCase(Locale.ROOT);
                    String rawExtra = rs.getString(11) == null ? "" : rs.getString(11);
                    String extra = rawExtra.toLowerCase(Locale.ROOT);
                    DataType type = toLogical(dataType, rs.getString(6), Jdbc.longOrNull(rs, 7), Jdbc.longOrNull(rs, 8),
                            Jdbc.longOrNull(rs, 9), Jdbc.longOrNull(rs, 10), jsonColumns.contains(id.name() + '\u0000' + name));
                    type = exactLabels(connection, id, name, type);
                    boolean generated = extra.contains("generated") && !extra.contains("default_generated");
                    String defaultExpr = generated ? null : defaultExpression(rs.getString(3), extra, dataType, mariadb);
                    if (defaultExpr != null) {
                        java.util.regex.Matcher m = NEXTVAL.matcher(defaultExpr);
                        while (m.find()) {
                            defaultSequences.add(TableId.of(m.group(1) != null ? m.group(1).replace("``", "`") : schema,
                                    m.group(2).replace("``", "`")));
                        }
                    }
                    String expression = rs.getString(12);
                    GeneratedColumn gen = generated && expression != null && !expression.isEmpty()
                            ? new GeneratedColumn(expression, extra.contains("stored") || extra.contains("persistent")) : null;
                    boolean auto = extra.contains("auto_increment");
                    Identity identity = auto ? new Identity(Identity.Generation.AUTO_INCREMENT, 1, 1, autoIncrement.get(id), null)
                            : null;
                    int onUpdate = extra.indexOf("on update ");
                    String comment = rs.getString(13);
                    catalog.column(id, new Column(name, type, "YES".equals(rs.getString(4)), defaultExpr, auto, gen, identity,
                            comment == null || comment.isEmpty() ? null : comment,
                            onUpdate < 0 ? null : rawExtra.substring(onUpdate + "on update ".length()).strip()));
                }
            }
            MySqlObjects.indexes(connection, schema, names, mariadb, catalog);
            MySqlObjects.foreignKeys(connection, schema, names, catalog);
            MySqlObjects.checks(connection, schema, names, mariadb, jsonColumns, catalog);
        }
        // a sequence that a read column's default takes values from comes along, selected or not
        Predicate<TableId> sequencesWanted = filter.or(defaultSequences::contains);
        return catalog.build(engine(), List.of(), mariadb ? MySqlObjects.sequences(connection, sequencesWanted, this) : List.of(),
                MySqlObjects.views(connection, filter, this), MySqlObjects.triggers(connection, catalog, this),
                MySqlObjects.routines(connection, filter, this));
    }

    /**
     * The ENUM or SET type with its exact labels. The server gives labels (in
     * {@code information_schema.COLUMNS.COLUMN_TYPE}, and in {@code SHOW CREATE TABLE}) in utf8mb3, so a
     * character outside the Basic Multilingual Plane (4 bytes in UTF-8, an emoji) reads as {@code ?},
     * although the table holds the label exactly. When a label has a {@code ?}, the labels are read back
     * as values instead: a temporary table made with the column's own type ({@code CREATE TEMPORARY
     * TABLE ... SELECT ... LIMIT 0}) gets each index (ENUM) or bit (SET), and returns each label as text.
     * Temporary tables are session-local and not in a row-based binlog. Without the privilege to
     * create one, the labels stay as read. Other types are returned as they are.
     */
    private DataType exactLabels(Connection connection, TableId table, String column, DataType type) {
        if ((type.kind() != TypeKind.ENUM && type.kind() != TypeKind.SET) || type.values().stream().noneMatch(l -> l.contains("?"))) {
            return type;
        }
        String tmp = quote(table.schema()) + "." + quote("dmskit_labels_" + Long.toHexString(System.nanoTime()));
        List<String> labels = new java.util.ArrayList<>();
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TEMPORARY TABLE " + tmp + " AS SELECT 0 AS " + quote("dmskit_i") + ", " + quote(column) + " FROM "
                    + quote(table.schema()) + "." + quote(table.name()) + " LIMIT 0");
            try {
                StringBuilder insert = new StringBuilder("INSERT INTO " + tmp + " VALUES ");
                for (int i = 1; i <= type.values().size(); i++) {
                    String value = type.kind() == TypeKind.ENUM ? Integer.toString(i)
                            : new java.math.BigInteger("1").shiftLeft(i - 1).toString();
                    insert.append(i > 1 ? ", " : "").append('(').append(i).append(", ").append(value).append(')');
                }
                st.executeUpdate(insert.toString());
                try (ResultSet rs = st.executeQuery("SELECT " + quote(column) + " FROM " + tmp + " ORDER BY " + quote("dmskit_i"))) {
                    while (rs.next()) {
                        labels.add(rs.getString(1));
                    }
                }
            } finally {
                st.execute("DROP TEMPORARY TABLE IF EXISTS " + tmp);
            }
        } catch (SQLException e) {
            return type;
        }
        if (labels.size() != type.values().size()) {
            return type;
        }
        String nativeName = type.kind().name().toLowerCase(Locale.ROOT) + "(" + SqlText.mysqlLiteralList(labels) + ")";
        return new DataType(type.kind(), type.length(), type.precision(), type.scale(), type.unsigned(), nativeName, labels,
                type.element());
    }

    static ResultSet query(Connection connection, String sql, String schema, List<String> names, String orderBy)
            throws SQLException {
        return Jdbc.querySchema(connection, sql, schema, "TABLE_NAME", names, orderBy);
    }

    static boolean isMariaDb(Connection connection) throws SQLException {
        String version = connection.getMetaData().getDatabaseProductVersion();
        return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
    }

    /**
     * The logical type of a column from its {@code information_schema.COLUMNS} row.
     *
     * @param dataType    DATA_TYPE, lower case
     * @param columnType  COLUMN_TYPE, which becomes the nativeName
     * @param json        whether MariaDB's json_valid check constraint is on the column
     */
    static DataType toLogical(String dataType, String columnType, Long charLength, Long numericPrecision,
                              Long numericScale, Long datetimePrecision, boolean json) {
        String lower = columnType.toLowerCase(Locale.ROOT);
        boolean unsigned = lower.contains(" unsigned") || lower.contains(" zerofill");
        int fsp = datetimePrecision == null ? 0 : datetimePrecision.intValue();
        DataType t;
        switch (dataType) {
            case "tinyint": t = integer(TypeKind.TINYINT, lower, unsigned); break;
            case "smallint": t = integer(TypeKind.SMALLINT, lower, unsigned); break;
            case "mediumint": t = integer(TypeKind.MEDIUMINT, lower, unsigned); break;
            case "int", "integer": t = integer(TypeKind.INTEGER, lower, unsigned); break;
            case "bigint": t = integer(TypeKind.BIGINT, lower, unsigned); break;
            case "decimal", "numeric":
                t = DataType.decimal(intOf(numericPrecision), intOf(numericScale)).withUnsigned(unsigned);
                break;
            case "float": t = DataType.of(TypeKind.REAL).withUnsigned(unsigned); break;
            case "double", "real", "double precision": t = DataType.of(TypeKind.DOUBLE).withUnsigned(unsigned); break;
            case "char": t = DataType.ofLength(TypeKind.CHAR, intOf(charLength)); break;
            case "varchar": t = DataType.ofLength(TypeKind.VARCHAR, intOf(charLength)); break;
            case "tinytext": t = DataType.ofLength(TypeKind.TEXT, TINY); break;
            case "text": t = DataType.ofLength(TypeKind.TEXT, REGULAR); break;
            case "mediumtext": t = DataType.ofLength(TypeKind.TEXT, MEDIUM); break;
            case "longtext": t = json ? DataType.of(TypeKind.JSON) : DataType.ofLength(TypeKind.TEXT, 0); break;
            case "binary": t = DataType.ofLength(TypeKind.BINARY, intOf(charLength)); break;
            case "varbinary": t = DataType.ofLength(TypeKind.VARBINARY, intOf(charLength)); break;
            case "tinyblob": t = DataType.ofLength(TypeKind.BLOB, TINY); break;
            case "blob": t = DataType.ofLength(TypeKind.BLOB, REGULAR); break;
            case "mediumblob": t = DataType.ofLength(TypeKind.BLOB, MEDIUM); break;
            case "longblob": t = DataType.ofLength(TypeKind.BLOB, 0); break;
            case "bit": t = DataType.ofLength(TypeKind.BIT, intOf(numericPrecision)); break;
            case "year": t = DataType.of(TypeKind.YEAR); break;
            case "date": t = DataType.of(TypeKind.DATE); break;
            case "time": t = DataType.temporal(TypeKind.INTERVAL, fsp); break;
            case "datetime": t = DataType.temporal(TypeKind.TIMESTAMP, fsp); break;
            case "timestamp": t = DataType.temporal(TypeKind.TIMESTAMP_TZ, fsp); break;
            case "json": t = DataType.of(TypeKind.JSON); break;
            case "enum": t = DataType.enumOf(SqlText.parseMySqlLabels(columnType)); break;
            case "set": t = DataType.setOf(SqlText.parseMySqlLabels(columnType)); break;
            case "uuid": t = DataType.of(TypeKind.UUID); break;
            default: return DataType.unsupported(columnType);
        }
        return t.withNativeName(columnType);
    }

    private static DataType integer(TypeKind kind, String columnType, boolean unsigned) {
        Matcher m = DISPLAY_WIDTH.matcher(columnType);
        return DataType.ofLength(kind, m.find() ? Integer.parseInt(m.group(1)) : 0).withUnsigned(unsigned);
    }

    private static int intOf(Long v) {
        return v == null ? 0 : (int) Math.min(Integer.MAX_VALUE, v);
    }

    /**
     * The default as SQL text. MariaDB (10.2.7 and later) already gives an expression (literals
     * quoted, {@code NULL} for none); MySQL gives a literal's bare value unless EXTRA says
     * DEFAULT_GENERATED, so string and temporal literals are quoted here.
     */
    static String defaultExpression(String columnDefault, String extra, String dataType, boolean mariadb) {
        if (columnDefault == null) {
            return null;
        }
        if (mariadb) {
            return "NULL".equals(columnDefault) ? null : columnDefault;
        }
        if (extra.contains("default_generated")) {
            return columnDefault;
        }
        switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "float", "double",
                    "real", "year", "bit":
                return columnDefault;
            default:
                return SqlText.mysqlLiteral(columnDefault);
        }
    }

    // ------------------------------------------------------------------------------------------ types

    @Override
    protected DataType map(DataType s) {
        switch (s.kind()) {
            case BOOLEAN: return DataType.of(TypeKind.BOOLEAN);
            case TINYINT, SMALLINT, MEDIUMINT, INTEGER, BIGINT:
                return DataType.ofLength(s.kind(), s.kind() == TypeKind.TINYINT && s.length() == 1 ? 1 : 0)
                        .withUnsigned(s.unsigned());
            case DECIMAL: {
                if (s.precision() <= 0) {
                    return DataType.decimal(65, 30);
                }
                int scale = Math.min(Math.max(s.scale(), 0), 30);
                return DataType.decimal(Math.max(Math.min(s.precision(), 65), scale), scale);
            }
            case REAL: return DataType.of(TypeKind.REAL);
            case DOUBLE: return DataType.of(TypeKind.DOUBLE);
            case CHAR:
                return s.length() >= 1 && s.length() <= 255 ? DataType.ofLength(TypeKind.CHAR, s.length()) : varchar(s.length());
            case VARCHAR: return varchar(s.length());
            case TEXT: return DataType.ofLength(TypeKind.TEXT, lobClass(s.length()));
            case BINARY:
                return s.length() >= 1 && s.length() <= 255 ? DataType.ofLength(TypeKind.BINARY, s.length())
                        : varbinary(s.length());
            case VARBINARY: return varbinary(s.length());
            case BLOB: return DataType.ofLength(TypeKind.BLOB, lobClass(s.length()));
            case BIT:
                if (s.length() < 1 || s.length() > 64) {
                    throw unsupported(s, "bit holds 1 to 64 bits");
                }
                return DataType.ofLength(TypeKind.BIT, s.length());
            case YEAR: return DataType.of(TypeKind.YEAR);
            case DATE: return DataType.of(TypeKind.DATE);
            case TIME: return DataType.temporal(TypeKind.TIME, Types.fraction(s.precision(), 6, 6));
            case TIME_TZ: throw unsupported(s, spec().displayName() + " has no time with time zone");
            case TIMESTAMP, TIMESTAMP_TZ: return DataType.temporal(TypeKind.TIMESTAMP, Types.fraction(s.precision(), 6, 6));
            case INTERVAL: return DataType.temporal(TypeKind.INTERVAL, Types.fraction(s.precision(), 6, 6));
            case JSON, ARRAY: return DataType.of(TypeKind.JSON);
            case UUID: return hasUuidType() ? DataType.of(TypeKind.UUID) : DataType.ofLength(TypeKind.CHAR, 36);
            case ENUM: return DataType.enumOf(s.values());
            case SET: return DataType.setOf(s.values());
            default: throw unsupported(s);
        }
    }

    /** VARCHAR(n) up to 2000 characters (8000 bytes in utf8mb4), else the TEXT class that holds n*4 bytes. */
    private static DataType varchar(int n) {
        if (n >= 1 && n <= 2000) {
            return DataType.ofLength(TypeKind.VARCHAR, n);
        }
        return DataType.ofLength(TypeKind.TEXT, n <= 0 ? 0 : lobClass(n * 4L));
    }

    private static DataType varbinary(int n) {
        if (n >= 1 && n <= 8000) {
            return DataType.ofLength(TypeKind.VARBINARY, n);
        }
        return DataType.ofLength(TypeKind.BLOB, n <= 0 ? 0 : lobClass(n));
    }

    /** The byte length of the smallest TEXT/BLOB class that holds {@code bytes} (0: unbounded, the LONG class). */
    static int lobClass(long bytes) {
        if (bytes <= 0) {
            return 0;
        }
        if (bytes <= TINY) {
            return TINY;
        }
        if (bytes <= REGULAR) {
            return REGULAR;
        }
        return bytes <= MEDIUM ? MEDIUM : 0;
    }

    /**
     * The spelling of a type that {@link #targetType} returned, or of a type read from MySQL or
     * MariaDB (so TIMESTAMP_TZ, which only a MySQL catalog gives, is {@code timestamp(p)}).
     *
     * @throws DmsException with {@link ErrorCode#UNSUPPORTED_TYPE} for UNSUPPORTED and TIME_TZ
     */
    @Override
    public String nativeType(DataType t) {
        return render(t);
    }

    /** As {@link #nativeType}: MySQL spells every type it can hold, not only those that {@link #map} returns. */
    @Override
    protected String render(DataType t) {
        String unsigned = t.unsigned() ? " unsigned" : "";
        switch (t.kind()) {
            case BOOLEAN: return "tinyint(1)";
            case TINYINT: return "tinyint" + width(t) + unsigned;
            case SMALLINT: return "smallint" + width(t) + unsigned;
            case MEDIUMINT: return "mediumint" + width(t) + unsigned;
            case INTEGER: return "int" + width(t) + unsigned;
            case BIGINT: return "bigint" + width(t) + unsigned;
            case DECIMAL:
                return (t.precision() <= 0 ? "decimal(65,30)" : "decimal(" + t.precision() + "," + Math.max(t.scale(), 0) + ")")
                        + unsigned;
            case REAL: return "float" + unsigned;
            case DOUBLE: return "double" + unsigned;
            case CHAR: return "char(" + t.length() + ")";
            case VARCHAR: return t.length() <= 0 ? "longtext" : "varchar(" + t.length() + ")";
            case TEXT: return lobName("text", t.length());
            case BINARY: return "binary(" + t.length() + ")";
            case VARBINARY: return t.length() <= 0 ? "longblob" : "varbinary(" + t.length() + ")";
            case BLOB: return lobName("blob", t.length());
            case BIT: return "bit(" + t.length() + ")";
            case YEAR: return "year";
            case DATE: return "date";
            case TIME, INTERVAL: return "time(" + Types.fraction(t.precision(), 6, 6) + ")";
            case TIMESTAMP: return "datetime(" + Types.fraction(t.precision(), 6, 6) + ")";
            case TIMESTAMP_TZ: return "timestamp(" + Types.fraction(t.precision(), 6, 6) + ")";
            case JSON, ARRAY: return "json";
            case UUID: return hasUuidType() ? "uuid" : "char(36)";
            case ENUM: return "enum(" + SqlText.mysqlLiteralList(t.values()) + ")";
            case SET: return "set(" + SqlText.mysqlLiteralList(t.values()) + ")";
            case TIME_TZ: throw unsupported(t, spec().displayName() + " has no time with time zone");
            default: throw unsupported(t);
        }
    }

    private static String width(DataType t) {
        return t.length() > 0 ? "(" + t.length() + ")" : "";
    }

    private static String lobName(String base, int length) {
        if (length <= 0 || length > MEDIUM) {
            return "long" + base;
        }
        if (length <= TINY) {
            return "tiny" + base;
        }
        return length <= REGULAR ? base : "medium" + base;
    }

    /**
     * The default mapping ({@link Dialect#targetTable}) followed by two MySQL limits:
     * <ul>
     * <li>An index holds at most 3072 bytes (utf8mb4: 4 bytes a character). A primary or unique
     *     key column of unbounded type (TEXT, JSON, unbounded VARCHAR, BLOB) gets a bounded one,
     *     VARCHAR(768) or VARBINARY(3072) for a key of one column; the columns of a composite key
     *     share the 3072 bytes that its fixed-size columns leave, so that the key is valid as a
     *     whole (bounded VARCHAR/CHAR/BINARY key columns are shortened when they do not fit either).
     *     A longer value fails when it is written, loudly; it is never truncated.</li>
     * <li>A row holds at most 65,535 bytes outside its TEXT/BLOB columns. While the widest case
     *     would pass that, the widest non-key VARCHAR/CHAR (VARBINARY/BINARY) column becomes the
     *     TEXT (BLOB) class that holds it. No value is lost by this.</li>
     * </ul>
     */
    @Override
    public Table targetTable(Table source) {
        return fitTable(super.targetTable(source));
    }

    /** The two limits of {@link #targetTable}. */
    @Override
    public Table fitTable(Table table) {
        return MySqlLimits.fit(table, this);
    }
}
