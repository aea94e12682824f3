package io.dmskit.schema.sql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Type spellings in SQL text (casts, routine parameters and return types, declared variables)
 * between engines. Column types are mapped by the dialects of dms-schema from the catalog; this
 * class handles the types written inside expressions and procedural code, where only the text is
 * known. A type that it does not know is reported by returning null.
 */
final class TypeNames {

    /** The logical kind of a spelled type. */
    private enum Kind {
        TEXT, VARCHAR, CHAR, SMALLINT, INTEGER, BIGINT, UNSIGNED, DECIMAL, REAL, DOUBLE, BOOLEAN, DATE, TIME,
        TIMESTAMP, TIMESTAMP_TZ, JSON, JSONB, UUID, BINARY
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("text", Kind.TEXT), Map.entry("clob", Kind.TEXT), Map.entry("longtext", Kind.TEXT),
            Map.entry("mediumtext", Kind.TEXT), Map.entry("tinytext", Kind.TEXT),
            Map.entry("character large object", Kind.TEXT),
            Map.entry("varchar", Kind.VARCHAR), Map.entry("character varying", Kind.VARCHAR),
            Map.entry("varchar2", Kind.VARCHAR), Map.entry("nvarchar", Kind.VARCHAR),
            Map.entry("char", Kind.CHAR), Map.entry("character", Kind.CHAR), Map.entry("bpchar", Kind.CHAR),
            Map.entry("nchar", Kind.CHAR),
            Map.entry("tinyint", Kind.SMALLINT), Map.entry("smallint", Kind.SMALLINT), Map.entry("int2", Kind.SMALLINT),
            Map.entry("int", Kind.INTEGER), Map.entry("integer", Kind.INTEGER), Map.entry("int4", Kind.INTEGER),
            Map.entry("mediumint", Kind.INTEGER),
            Map.entry("bigint", Kind.BIGINT), Map.entry("int8", Kind.BIGINT), Map.entry("signed", Kind.BIGINT),
            Map.entry("signed integer", Kind.BIGINT),
            Map.entry("unsigned", Kind.UNSIGNED), Map.entry("unsigned integer", Kind.UNSIGNED),
            Map.entry("numeric", Kind.DECIMAL), Map.entry("decimal", Kind.DECIMAL), Map.entry("dec", Kind.DECIMAL),
            Map.entry("fixed", Kind.DECIMAL), Map.entry("number", Kind.DECIMAL),
            Map.entry("real", Kind.REAL), Map.entry("float4", Kind.REAL), Map.entry("float", Kind.REAL),
            Map.entry("double", Kind.DOUBLE), Map.entry("double precision", Kind.DOUBLE), Map.entry("float8", Kind.DOUBLE),
            Map.entry("boolean", Kind.BOOLEAN), Map.entry("bool", Kind.BOOLEAN),
            Map.entry("date", Kind.DATE),
            Map.entry("time", Kind.TIME), Map.entry("time without time zone", Kind.TIME),
            Map.entry("datetime", Kind.TIMESTAMP), Map.entry("timestamp", Kind.TIMESTAMP),
            Map.entry("timestamp without time zone", Kind.TIMESTAMP),
            Map.entry("timestamptz", Kind.TIMESTAMP_TZ), Map.entry("timestamp with time zone", Kind.TIMESTAMP_TZ),
            Map.entry("json", Kind.JSON), Map.entry("jsonb", Kind.JSONB), Map.entry("uuid", Kind.UUID),
            Map.entry("bytea", Kind.BINARY), Map.entry("blob", Kind.BINARY), Map.entry("longblob", Kind.BINARY),
            Map.entry("varbinary", Kind.BINARY), Map.entry("binary", Kind.BINARY), Map.entry("binary varying", Kind.BINARY));

    /** A base name, optional (length) or (precision, scale), optional words after them. */
    private static final Pattern SPELLING = Pattern.compile(
            "\\s*([a-zA-Z][a-zA-Z0-9_ ]*[a-zA-Z0-9_])\\s*(?:\\(\\s*([0-9]+)\\s*(?:,\\s*([0-9]+)\\s*)?\\)\\s*([a-zA-Z ]*))?\\s*");

    /** A translated type spelling and what may change. */
    record Mapped(String spelling, String warning) {
    }

    private TypeNames() {
    }

    /**
     * The spelling of a type in a declaration (a parameter, a return type, a variable) of the
     * target engine, or null when the type is not known.
     */
    static Mapped declared(String spelling, Flavor from, Flavor to) {
        return map(spelling, from, to, false);
    }

    /** The spelling of a type in {@code CAST(x AS type)} of the target engine, or null when it has none. */
    static Mapped cast(String spelling, Flavor from, Flavor to) {
        return map(spelling, from, to, true);
    }

    private static Mapped map(String spelling, Flavor from, Flavor to, boolean cast) {
        Matcher m = SPELLING.matcher(spelling.replace('"', ' ').replace('`', ' '));
        if (!m.matches()) {
            return null;
        }
        String base = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        String suffix = m.group(4) == null ? "" : m.group(4).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        Integer a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        Integer b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        for (String tail : List.of(" unsigned zerofill", " unsigned", " with time zone", " without time zone")) {
            if (suffix.isEmpty() && base.endsWith(tail)) {
                base = base.substring(0, base.length() - tail.length());
                suffix = tail.strip();
            }
        }
        boolean unsigned = false;
        if (suffix.equals("unsigned") || suffix.equals("unsigned zerofill")) {
            unsigned = true;
        } else if (suffix.equals("with time zone") && (base.equals("timestamp") || base.equals("time"))) {
            base = base + " with time zone";
        } else if (suffix.equals("without time zone")) {
            base = base + " without time zone";
        } else if (!suffix.isEmpty()) {
            return null;
        }
        if (base.equals("time with time zone")) {
            return null;
        }
        Kind kind = KINDS.get(base);
        if (kind == null) {
            return null;
        }
        if (from.isMySqlFamily() && base.equals("tinyint") && a != null && a == 1) {
            kind = Kind.SMALLINT; // TINYINT(1) holds 0 and 1 in routines; a boolean column is the dialect's business
        }
        if (cast && from.isMySqlFamily() && kind == Kind.CHAR && a == null) {
            kind = Kind.TEXT; // MySQL's CAST(x AS CHAR) makes a string of any length
        }
        if (unsigned && kind != Kind.DECIMAL && kind != Kind.REAL && kind != Kind.DOUBLE) {
            kind = Kind.UNSIGNED;
        }
        return render(kind, a, b, to, cast, base);
    }

    private static Mapped render(Kind kind, Integer a, Integer b, Flavor to, boolean cast, String base) {
        String len = a == null ? "" : "(" + a + ")";
        String prec = a == null ? "" : b == null ? "(" + a + ")" : "(" + a + "," + b + ")";
        if (to.isMySqlFamily() && cast) {
            return switch (kind) {
                case TEXT, VARCHAR, CHAR, UUID -> new Mapped("CHAR" + (kind == Kind.TEXT || kind == Kind.UUID ? "" : len), null);
                case SMALLINT, INTEGER, BIGINT -> new Mapped("SIGNED", null);
                case UNSIGNED -> new Mapped("UNSIGNED", null);
                case DECIMAL -> a == null ? new Mapped("DECIMAL(65,30)", "an unbounded numeric becomes DECIMAL(65,30)")
                        : new Mapped("DECIMAL" + prec, null);
                case REAL -> new Mapped("FLOAT", null);
                case DOUBLE -> new Mapped("DOUBLE", null);
                case DATE -> new Mapped("DATE", null);
                case TIME -> new Mapped("TIME" + len, null);
                case TIMESTAMP -> new Mapped("DATETIME" + len, null);
                case TIMESTAMP_TZ -> new Mapped("DATETIME" + len, "a time zone cast becomes DATETIME: timestamptz values "
                        + "are stored in MariaDB/MySQL as UTC DATETIME");
                case JSON, JSONB -> to.isMariaDb() ? null : new Mapped("JSON", null);
                case BINARY -> new Mapped("BINARY" + len, null);
                case BOOLEAN -> null;
            };
        }
        if (to.isMySqlFamily()) {
            return switch (kind) {
                case TEXT -> new Mapped("LONGTEXT", null);
                case VARCHAR -> new Mapped(a == null ? "LONGTEXT" : "VARCHAR" + len, null);
                case CHAR -> new Mapped("CHAR" + (a == null ? "(1)" : len), null);
                case SMALLINT -> new Mapped("SMALLINT", null);
                case INTEGER -> new Mapped("INT", null);
                case BIGINT -> new Mapped("BIGINT", null);
                case UNSIGNED -> new Mapped("BIGINT UNSIGNED", null);
                case DECIMAL -> a == null ? new Mapped("DECIMAL(65,30)", "an unbounded numeric becomes DECIMAL(65,30)")
                        : new Mapped("DECIMAL" + prec, null);
                case REAL -> new Mapped("FLOAT", null);
                case DOUBLE -> new Mapped("DOUBLE", null);
                case BOOLEAN -> new Mapped("BOOLEAN", null);
                case DATE -> new Mapped("DATE", null);
                case TIME -> new Mapped("TIME" + len, null);
                case TIMESTAMP -> new Mapped("DATETIME" + len, null);
                case TIMESTAMP_TZ -> new Mapped("DATETIME" + len, "timestamptz becomes DATETIME holding UTC");
                case JSON, JSONB -> new Mapped("JSON", null);
                case UUID -> new Mapped("CHAR(36)", null);
                case BINARY -> new Mapped(a == null ? "LONGBLOB" : "VARBINARY" + len, null);
            };
        }
        if (to.isPostgres()) {
            return switch (kind) {
                case TEXT -> new Mapped("text", null);
                case VARCHAR -> new Mapped(a == null ? "text" : "varchar" + len, null);
                case CHAR -> new Mapped("char" + len, null);
                case SMALLINT -> new Mapped("smallint", null);
                case INTEGER -> new Mapped("integer", null);
                case BIGINT -> new Mapped("bigint", null);
                case UNSIGNED -> new Mapped("numeric(20,0)", null);
                case DECIMAL -> new Mapped("numeric" + prec, null);
                case REAL -> new Mapped("real", null);
                case DOUBLE -> new Mapped("double precision", null);
                case BOOLEAN -> new Mapped("boolean", null);
                case DATE -> new Mapped("date", null);
                case TIME -> new Mapped("time" + len, null);
                case TIMESTAMP -> new Mapped("timestamp" + len, null);
                case TIMESTAMP_TZ -> new Mapped("timestamptz" + len, null);
                case JSON -> new Mapped("json", null);
                case JSONB -> new Mapped("jsonb", null);
                case UUID -> new Mapped("uuid", null);
                case BINARY -> new Mapped("bytea", null);
            };
        }
        return switch (kind) {
            case TEXT -> new Mapped(cast ? "VARCHAR" : "CHARACTER LARGE OBJECT", null);
            case VARCHAR -> new Mapped("VARCHAR" + len, null);
            case CHAR -> new Mapped("CHAR" + len, null);
            case SMALLINT -> new Mapped("SMALLINT", null);
            case INTEGER -> new Mapped("INTEGER", null);
            case BIGINT -> new Mapped("BIGINT", null);
            case UNSIGNED -> new Mapped("NUMERIC(20,0)", null);
            case DECIMAL -> new Mapped("NUMERIC" + prec, null);
            case REAL -> new Mapped("REAL", null);
            case DOUBLE -> new Mapped("DOUBLE PRECISION", null);
            case BOOLEAN -> new Mapped("BOOLEAN", null);
            case DATE -> new Mapped("DATE", null);
            case TIME -> new Mapped("TIME" + len, null);
            case TIMESTAMP -> new Mapped("TIMESTAMP" + len, null);
            case TIMESTAMP_TZ -> new Mapped("TIMESTAMP" + len + " WITH TIME ZONE", null);
            case JSON, JSONB -> new Mapped("JSON", null);
            case UUID -> new Mapped("UUID", null);
            case BINARY -> new Mapped(cast || a != null ? "VARBINARY" + len : "BINARY LARGE OBJECT", null);
        };
    }
}
