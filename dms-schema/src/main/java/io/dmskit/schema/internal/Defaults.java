package io.dmskit.schema.internal;

import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.internal.SqlTokens.Kind;
import io.dmskit.schema.internal.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Column default expressions across engines: {@link #parse} reads an engine's default text into
 * a {@link Value} of a known kind (a literal, "now", a new UUID, the next value of a sequence),
 * and {@link #render} writes it for a target column. A default of no known kind is
 * {@link ValueKind#UNKNOWN}: the caller keeps it for the same engine and reports it otherwise.
 * Stateless; not for users.
 */
public final class Defaults {

    /** The kinds of defaults that convert between engines. */
    public enum ValueKind { NULL, NUMBER, STRING, BOOLEAN, BITS, HEX, NOW, CURRENT_DATE, CURRENT_TIME, UUID, NEXTVAL, UNKNOWN }

    /**
     * A parsed default.
     *
     * @param kind     its kind
     * @param text     NUMBER: the number; STRING: the string's value; BOOLEAN: {@code true}/{@code false};
     *                 BITS: the bits; HEX: the hex digits; NEXTVAL: the sequence's name as written
     * @param sequence NEXTVAL: the sequence (schema null when not qualified)
     */
    public record Value(ValueKind kind, String text, TableId sequence) {
    }

    private static final Set<String> NOW = Set.of("current_timestamp", "now", "localtimestamp", "transaction_timestamp",
            "statement_timestamp", "sysdate", "systimestamp");
    private static final Set<String> UUIDS = Set.of("gen_random_uuid", "uuid_generate_v4", "uuid", "random_uuid", "uuid_v4");

    private Defaults() {
    }

    /** The default of a column of an engine, parsed. */
    public static Value parse(String text, Dialect source) {
        if (text == null) {
            return new Value(ValueKind.NULL, null, null);
        }
        boolean mysql = source != null && (source.engine().equals("mysql") || source.engine().equals("mariadb"));
        List<Token> all = SqlTokens.tokenize(text, mysql);
        List<Token> t = new ArrayList<>();
        for (Token tok : all) {
            if (!tok.is(Kind.SPACE) && !tok.is(Kind.COMMENT)) {
                t.add(tok);
            }
        }
        // outer parentheses: (-1), ('abc'), (now())
        while (t.size() >= 2 && t.get(0).text().equals("(") && t.get(t.size() - 1).text().equals(")") && balanced(t)) {
            t = t.subList(1, t.size() - 1);
        }
        // a trailing PostgreSQL cast: 'abc'::character varying, '{}'::jsonb, 'red'::mood
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            String x = t.get(i).text();
            depth += x.equals("(") ? 1 : x.equals(")") ? -1 : 0;
            if (depth == 0 && t.get(i).isOperator("::")) {
                t = t.subList(0, i);
                break;
            }
        }
        while (t.size() >= 2 && t.get(0).text().equals("(") && t.get(t.size() - 1).text().equals(")") && balanced(t)) {
            t = t.subList(1, t.size() - 1);
        }
        if (t.isEmpty()) {
            return unknown(text);
        }
        Token first = t.get(0);
        if (t.size() == 1) {
            if (first.isWord("NULL")) {
                return new Value(ValueKind.NULL, null, null);
            }
            if (first.is(Kind.NUMBER)) {
                return new Value(ValueKind.NUMBER, first.text(), null);
            }
            if (first.is(Kind.STRING) && first.text().startsWith("'") || first.is(Kind.STRING) && mysql) {
                return new Value(ValueKind.STRING, first.value(), null);
            }
            if (first.isWord("TRUE") || first.isWord("FALSE")) {
                return new Value(ValueKind.BOOLEAN, first.text().toLowerCase(Locale.ROOT), null);
            }
            String word = first.text().toLowerCase(Locale.ROOT);
            if (first.is(Kind.WORD) && NOW.contains(word)) {
                return new Value(ValueKind.NOW, null, null);
            }
            if (first.is(Kind.WORD) && (word.equals("current_date") || word.equals("curdate"))) {
                return new Value(ValueKind.CURRENT_DATE, null, null);
            }
            if (first.is(Kind.WORD) && (word.equals("current_time") || word.equals("localtime") || word.equals("curtime"))) {
                return new Value(ValueKind.CURRENT_TIME, null, null);
            }
        }
        if (t.size() == 2 && (first.is(Kind.OPERATOR) && (first.text().equals("-") || first.text().equals("+")))
                && t.get(1).is(Kind.NUMBER)) {
            return new Value(ValueKind.NUMBER, first.text().equals("-") ? "-" + t.get(1).text() : t.get(1).text(), null);
        }
        if (t.size() == 2 && first.is(Kind.WORD) && t.get(1).is(Kind.STRING)) {
            String w = first.text().toLowerCase(Locale.ROOT);
            if (w.equals("b")) {
                return new Value(ValueKind.BITS, t.get(1).value(), null);
            }
            if (w.equals("x")) {
                return new Value(ValueKind.HEX, t.get(1).value(), null);
            }
            if (w.startsWith("_") || Set.of("date", "timestamp", "time", "json").contains(w)) {
                return new Value(ValueKind.STRING, t.get(1).value(), null);
            }
        }
        // function calls: now(), current_timestamp(6), curdate(), uuid(), gen_random_uuid(), nextval('s'::regclass)
        if (t.size() >= 3 && first.is(Kind.WORD) && t.get(1).text().equals("(") && t.get(t.size() - 1).text().equals(")")) {
            String f = first.text().toLowerCase(Locale.ROOT);
            List<Token> args = t.subList(2, t.size() - 1);
            boolean noArgs = args.isEmpty();
            boolean precisionArg = args.size() == 1 && args.get(0).is(Kind.NUMBER);
            if (NOW.contains(f) && (noArgs || precisionArg)) {
                return new Value(ValueKind.NOW, null, null);
            }
            if ((f.equals("curdate") || f.equals("current_date")) && noArgs) {
                return new Value(ValueKind.CURRENT_DATE, null, null);
            }
            if ((f.equals("curtime") || f.equals("current_time") || f.equals("localtime")) && (noArgs || precisionArg)) {
                return new Value(ValueKind.CURRENT_TIME, null, null);
            }
            if (UUIDS.contains(f) && noArgs) {
                return new Value(ValueKind.UUID, null, null);
            }
            if (f.equals("nextval") && !args.isEmpty()) {
                TableId seq = sequenceName(args, mysql);
                if (seq != null) {
                    return new Value(ValueKind.NEXTVAL, text, seq);
                }
            }
        }
        // H2: NEXT VALUE FOR "S"."SQ"; MariaDB: NEXT VALUE FOR `db`.`sq`
        if (t.size() >= 4 && first.isWord("NEXT") && t.get(1).isWord("VALUE") && t.get(2).isWord("FOR")) {
            TableId seq = sequenceName(t.subList(3, t.size()), mysql);
            if (seq != null) {
                return new Value(ValueKind.NEXTVAL, text, seq);
            }
        }
        return unknown(text);
    }

    private static Value unknown(String text) {
        return new Value(ValueKind.UNKNOWN, text, null);
    }

    private static boolean balanced(List<Token> t) {
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            String s = t.get(i).text();
            if (s.equals("(")) {
                depth++;
            } else if (s.equals(")")) {
                depth--;
                if (depth == 0 && i < t.size() - 1) {
                    return false;
                }
            }
        }
        return depth == 0;
    }

    /** A sequence named by a string ('s.seq' or 'seq', as nextval takes it) or by identifiers (a.b or b). */
    private static TableId sequenceName(List<Token> args, boolean mysql) {
        List<Token> a = new ArrayList<>();
        for (Token t : args) {
            if (t.isOperator("::")) {
                break;
            }
            a.add(t);
        }
        if (a.size() == 1 && a.get(0).is(Kind.STRING)) {
            // the text of a regclass: schema.name, each part quoted when it needs to be
            List<Token> inner = SqlTokens.tokenize(a.get(0).value(), false).stream()
                    .filter(x -> !x.is(Kind.SPACE)).toList();
            return identifiers(inner, false);
        }
        return identifiers(a, mysql);
    }

    private static TableId identifiers(List<Token> t, boolean mysql) {
        Function<Token, String> name = x -> x.is(Kind.QUOTED_ID) ? x.value()
                : mysql ? x.text() : x.text().toLowerCase(Locale.ROOT);
        boolean id0 = !t.isEmpty() && (t.get(0).is(Kind.WORD) || t.get(0).is(Kind.QUOTED_ID));
        if (t.size() == 1 && id0) {
            return new TableId("", name.apply(t.get(0)));
        }
        if (t.size() == 3 && id0 && t.get(1).is(Kind.DOT) && (t.get(2).is(Kind.WORD) || t.get(2).is(Kind.QUOTED_ID))) {
            return TableId.of(name.apply(t.get(0)), name.apply(t.get(2)));
        }
        return null;
    }

    /**
     * The default for a target column, in the target's SQL; null when the kind has no equivalent
     * for that column (the caller reports it).
     *
     * @param value    the parsed default
     * @param target   the target dialect
     * @param type     the target column's type (with its nativeName)
     * @param utc      whether the column holds the UTC date and time of an instant (MySQL DATETIME
     *                 for a timestamp with time zone), so that "now" is the UTC now
     * @param sequence the target's qualified, quoted sequence name for NEXTVAL, or null
     */
    public static String render(Value value, Dialect target, DataType type, boolean utc, String sequence) {
        String engine = target.engine();
        boolean mysql = engine.equals("mysql") || engine.equals("mariadb");
        boolean mariadb = engine.equals("mariadb");
        TypeKind k = type.kind();
        switch (value.kind()) {
            case NULL:
                return null;
            case NUMBER:
                if (k == TypeKind.BOOLEAN && !mysql) {
                    return new java.math.BigDecimal(value.text()).signum() == 0 ? "FALSE" : "TRUE";
                }
                return value.text();
            case BOOLEAN:
                if (mysql || k.isInteger()) {
                    return value.text().equals("true") ? "1" : "0";
                }
                return value.text().toUpperCase(Locale.ROOT);
            case STRING: {
                String v = value.text();
                if (k == TypeKind.BOOLEAN) {
                    String b = v.toLowerCase(Locale.ROOT);
                    if (Set.of("1", "t", "true", "y", "yes", "on").contains(b)) {
                        return mysql ? "1" : "TRUE";
                    }
                    if (Set.of("0", "f", "false", "n", "no", "off").contains(b)) {
                        return mysql ? "0" : "FALSE";
                    }
                    return null;
                }
                if (k == TypeKind.BIT && !mysql && engine.equals("postgresql") && v.matches("[01]*")) {
                    return "B'" + v + "'";
                }
                String literal = mysql ? SqlText.mysqlLiteral(v) : SqlText.standardLiteral(v);
                if (mysql && !mariadb && (k == TypeKind.TEXT || k == TypeKind.BLOB || k == TypeKind.JSON)) {
                    return "(" + literal + ")";
                }
                return literal;
            }
            case BITS: {
                String bits = value.text();
                if (k == TypeKind.BOOLEAN) {
                    boolean one = bits.replace("0", "").length() > 0;
                    return mysql ? (one ? "1" : "0") : one ? "TRUE" : "FALSE";
                }
                if (k == TypeKind.BIT) {
                    return (mysql ? "b'" : "B'") + bits + "'";
                }
                if (k.isCharacter()) {
                    return SqlText.standardLiteral(bits);
                }
                if (k.isInteger() || k == TypeKind.DECIMAL) {
                    return new java.math.BigInteger(bits.isEmpty() ? "0" : bits, 2).toString();
                }
                return null;
            }
            case HEX:
                if (!k.isBinary() && k != TypeKind.UUID) {
                    return null;
                }
                return engine.equals("postgresql") ? "'\\x" + value.text() + "'::bytea" : "X'" + value.text() + "'";
            case NOW: {
                int p = Math.max(0, type.precision());
                if (mysql) {
                    if (k == TypeKind.TIMESTAMP || k == TypeKind.TIMESTAMP_TZ) {
                        String f = utc ? "UTC_TIMESTAMP" : "CURRENT_TIMESTAMP";
                        String call = f + "(" + (p > 0 ? p : "") + ")";
                        return utc && !mariadb ? "(" + call + ")" : call;
                    }
                    if (k == TypeKind.DATE) {
                        return mariadb ? "curdate()" : "(CURRENT_DATE)";
                    }
                    return null;
                }
                switch (k) {
                    case TIMESTAMP_TZ: return "CURRENT_TIMESTAMP";
                    case TIMESTAMP: return "LOCALTIMESTAMP";
                    case DATE: return "CURRENT_DATE";
                    case TIME: return "LOCALTIME";
                    default: return null;
                }
            }
            case CURRENT_DATE:
                if (k != TypeKind.DATE && k != TypeKind.TIMESTAMP && k != TypeKind.TIMESTAMP_TZ) {
                    return null;
                }
                return mysql ? (mariadb ? "curdate()" : "(CURRENT_DATE)") : "CURRENT_DATE";
            case CURRENT_TIME:
                if (k != TypeKind.TIME && k != TypeKind.INTERVAL) {
                    return null;
                }
                return mysql ? (mariadb ? "curtime()" : "(CURRENT_TIME)") : "LOCALTIME";
            case UUID:
                if (k != TypeKind.UUID && !k.isCharacter()) {
                    return null;
                }
                if (mysql) {
                    return mariadb ? "uuid()" : "(uuid())";
                }
                String f = engine.equals("postgresql") ? "gen_random_uuid()" : engine.equals("h2") ? "RANDOM_UUID()" : null;
                return f == null ? null : k == TypeKind.UUID || !engine.equals("postgresql") ? f : "CAST(" + f + " AS text)";
            case NEXTVAL:
                if (sequence == null) {
                    return null;
                }
                if (engine.equals("postgresql")) {
                    return "nextval(" + SqlText.standardLiteral(sequence) + "::regclass)";
                }
                if (engine.equals("h2") || mariadb) {
                    return "NEXT VALUE FOR " + sequence;
                }
                return null;
            default:
                return null;
        }
    }
}
