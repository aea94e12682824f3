package io.dmskit.schema.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reserved words of each built-in engine (from the engines' keyword lists: PostgreSQL's
 * "reserved" and "reserved (can be function or type)" keywords, MySQL 8 and MariaDB's reserved
 * words, H2's keywords): a name that is one of them works only quoted, which dmskit always does,
 * but a person who writes queries against the target must quote it too. Not for users.
 */
public final class ReservedWords {

    private static final List<String> COMMON = List.of("ALL", "ALTER", "AND", "ANY", "AS", "ASC", "BETWEEN", "BOTH", "BY",
            "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT", "CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP", "ELSE", "END", "EXCEPT",
            "EXISTS", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "FULL", "GRANT", "GROUP", "HAVING", "IN", "INNER",
            "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "LEADING", "LEFT", "LIKE", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP",
            "NATURAL", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "OUTER", "PRIMARY", "REFERENCES", "RIGHT", "SELECT",
            "SET", "SOME", "TABLE", "THEN", "TO", "TRAILING", "TRUE", "UNION", "UNIQUE", "UPDATE", "USER", "USING",
            "VALUES", "WHEN", "WHERE", "WITH");

    private static final Map<String, List<String>> EXTRA = Map.of(
            "postgresql", List.of("ANALYSE", "ANALYZE", "ARRAY", "ASYMMETRIC", "AUTHORIZATION", "BINARY", "COLLATION",
                    "CONCURRENTLY", "CURRENT_CATALOG", "CURRENT_ROLE", "CURRENT_SCHEMA", "DEFERRABLE", "DO", "FREEZE",
                    "ILIKE", "INITIALLY", "ISNULL", "LATERAL", "NOTNULL", "ONLY", "OVERLAPS", "PLACING", "RETURNING",
                    "SESSION_USER", "SIMILAR", "SYMMETRIC", "SYSTEM_USER", "TABLESAMPLE", "VARIADIC", "VERBOSE", "WINDOW"),
            "mysql", mysql(),
            "mariadb", mysql(),
            "h2", List.of("ARRAY", "ASYMMETRIC", "AUTHORIZATION", "CURRENT_CATALOG", "CURRENT_PATH", "CURRENT_ROLE",
                    "CURRENT_SCHEMA", "DAY", "GROUPS", "HOUR", "IF", "ILIKE", "INTERVAL", "KEY", "MINUS", "MINUTE", "MONTH",
                    "OVER", "PARTITION", "QUALIFY", "RANGE", "REGEXP", "ROW", "ROWNUM", "ROWS", "SECOND", "SESSION_USER",
                    "SYMMETRIC", "SYSTEM_USER", "TOP", "UESCAPE", "UNKNOWN", "VALUE", "WINDOW", "YEAR", "_ROWID_"));

    private static List<String> mysql() {
        return List.of("ACCESSIBLE", "ADD", "ANALYZE", "ASENSITIVE", "BEFORE", "BIGINT", "BINARY", "BLOB", "CALL",
                "CASCADE", "CHANGE", "CHAR", "CHARACTER", "CONDITION", "CONTINUE", "CONVERT", "CUME_DIST", "CURSOR",
                "DATABASE", "DATABASES", "DAY_HOUR", "DAY_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DEC", "DECIMAL",
                "DECLARE", "DELAYED", "DENSE_RANK", "DESCRIBE", "DETERMINISTIC", "DISTINCTROW", "DIV", "DOUBLE", "DUAL",
                "EACH", "ELSEIF", "EMPTY", "ENCLOSED", "ESCAPED", "EXIT", "EXPLAIN", "FIRST_VALUE", "FLOAT", "FLOAT4",
                "FLOAT8", "FORCE", "FULLTEXT", "FUNCTION", "GENERATED", "GET", "GROUPING", "GROUPS", "HIGH_PRIORITY",
                "HOUR_MICROSECOND", "HOUR_MINUTE", "HOUR_SECOND", "IF", "IGNORE", "INDEX", "INFILE", "INOUT", "INSENSITIVE",
                "INT", "INT1", "INT2", "INT3", "INT4", "INT8", "INTEGER", "INTERVAL", "ITERATE", "JSON_TABLE", "KEY",
                "KEYS", "KILL", "LAG", "LAST_VALUE", "LEAD", "LEAVE", "LINEAR", "LINES", "LOAD", "LOCK", "LONG",
                "LONGBLOB", "LONGTEXT", "LOOP", "LOW_PRIORITY", "MATCH", "MAXVALUE", "MEDIUMBLOB", "MEDIUMINT",
                "MEDIUMTEXT", "MIDDLEINT", "MINUTE_MICROSECOND", "MINUTE_SECOND", "MOD", "MODIFIES", "NO_WRITE_TO_BINLOG",
                "NTH_VALUE", "NTILE", "NUMERIC", "OF", "OPTIMIZE", "OPTION", "OPTIONALLY", "OUT", "OUTFILE", "OVER",
                "PARTITION", "PERCENT_RANK", "PRECISION", "PROCEDURE", "PURGE", "RANGE", "RANK", "READ", "READS",
                "REAL", "RECURSIVE", "REGEXP", "RELEASE", "RENAME", "REPEAT", "REPLACE", "REQUIRE", "RESIGNAL", "RESTRICT",
                "RETURN", "REVOKE", "RLIKE", "ROW", "ROWS", "ROW_NUMBER", "SCHEMA", "SCHEMAS", "SECOND_MICROSECOND",
                "SENSITIVE", "SEPARATOR", "SHOW", "SIGNAL", "SMALLINT", "SPATIAL", "SPECIFIC", "SQL", "SQLEXCEPTION",
                "SQLSTATE", "SQLWARNING", "SQL_BIG_RESULT", "SQL_CALC_FOUND_ROWS", "SQL_SMALL_RESULT", "SSL", "STARTING",
                "STORED", "STRAIGHT_JOIN", "SYSTEM", "TERMINATED", "TINYBLOB", "TINYINT", "TINYTEXT", "TRIGGER", "UNDO",
                "UNLOCK", "UNSIGNED", "USAGE", "USE", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "VARBINARY", "VARCHAR",
                "VARCHARACTER", "VARYING", "VIRTUAL", "WHILE", "WINDOW", "WRITE", "XOR", "YEAR_MONTH", "ZEROFILL");
    }

    private static final Map<String, Set<String>> BY_ENGINE = Map.of(
            "postgresql", words("postgresql"), "mysql", words("mysql"), "mariadb", words("mariadb"), "h2", words("h2"));

    private ReservedWords() {
    }

    private static Set<String> words(String engine) {
        Set<String> s = new HashSet<>(COMMON);
        s.addAll(EXTRA.get(engine));
        return Set.copyOf(s);
    }

    /** Whether the name is a reserved word of the engine (false for an engine that is not built in). */
    public static boolean isReserved(String engine, String name) {
        Set<String> s = BY_ENGINE.get(engine);
        return s != null && s.contains(name.toUpperCase(Locale.ROOT));
    }
}
