package io.dmskit.internal.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The functions of the expression language, SQLite's names and meaning. Stateless. */
final class Functions {

    /** Each function with its least and most number of arguments. */
    private static final Map<String, int[]> ARITY = new TreeMap<>(Map.ofEntries(
            Map.entry("upper", new int[]{1, 1}), Map.entry("lower", new int[]{1, 1}),
            Map.entry("length", new int[]{1, 1}), Map.entry("substr", new int[]{2, 3}),
            Map.entry("trim", new int[]{1, 2}), Map.entry("ltrim", new int[]{1, 2}),
            Map.entry("rtrim", new int[]{1, 2}), Map.entry("replace", new int[]{3, 3}),
            Map.entry("instr", new int[]{2, 2}), Map.entry("ifnull", new int[]{2, 2}),
            Map.entry("coalesce", new int[]{2, Integer.MAX_VALUE}), Map.entry("nullif", new int[]{2, 2}),
            Map.entry("iif", new int[]{3, 3}), Map.entry("abs", new int[]{1, 1}),
            Map.entry("round", new int[]{1, 2}), Map.entry("date", new int[]{1, 1}),
            Map.entry("time", new int[]{1, 1}), Map.entry("datetime", new int[]{1, 1}),
            Map.entry("operation_indicator", new int[]{3, 3})));

    private static final Clock UTC = Clock.systemUTC();

    private Functions() {
    }

    /** The names of the functions, sorted, for messages and documentation. */
    static String names() {
        return String.join(", ", ARITY.keySet());
    }

    static Expression.Node call(String name, List<Expression.Node> args, Function<String, ExpressionException> error) {
        int[] arity = ARITY.get(name);
        if (arity == null) {
            throw error.apply("unknown function " + name + "(); the functions are: " + names());
        }
        if (args.size() < arity[0] || args.size() > arity[1]) {
            throw error.apply(name + "() takes " + (arity[0] == arity[1] ? String.valueOf(arity[0])
                    : arity[1] == Integer.MAX_VALUE ? "at least " + arity[0] : arity[0] + " or " + arity[1])
                    + " argument" + (arity[1] == 1 ? "" : "s") + ", was given " + args.size()
                    + (name.startsWith("date") || name.equals("time") ? " (date and time modifiers are not supported)" : ""));
        }
        Expression.Node a = args.get(0);
        Expression.Node b = args.size() > 1 ? args.get(1) : null;
        Expression.Node c = args.size() > 2 ? args.get(2) : null;
        return switch (name) {
            case "upper" -> row -> map(a.eval(row), s -> s.toUpperCase(java.util.Locale.ROOT));
            case "lower" -> row -> map(a.eval(row), s -> s.toLowerCase(java.util.Locale.ROOT));
            case "length" -> row -> {
                Object v = a.eval(row);
                if (v == null) {
                    return null;
                }
                if (v instanceof byte[] bytes) {
                    return (long) bytes.length;
                }
                String s = Ops.text(v);
                return (long) s.codePointCount(0, s.length());
            };
            case "substr" -> row -> substr(a.eval(row), b.eval(row), c == null ? null : c.eval(row), c != null);
            case "trim", "ltrim", "rtrim" -> row -> {
                Object v = a.eval(row);
                Object chars = b == null ? " " : b.eval(row);
                if (v == null || chars == null) {
                    return null;
                }
                return trim(Ops.text(v), Ops.text(chars), !name.equals("rtrim"), !name.equals("ltrim"));
            };
            case "replace" -> row -> {
                Object v = a.eval(row);
                Object from = b.eval(row);
                Object to = c.eval(row);
                if (v == null || from == null || to == null) {
                    return null;
                }
                String f = Ops.text(from);
                return f.isEmpty() ? Ops.text(v) : Ops.text(v).replace(f, Ops.text(to));
            };
            case "instr" -> row -> {
                Object v = a.eval(row);
                Object sub = b.eval(row);
                if (v == null || sub == null) {
                    return null;
                }
                String s = Ops.text(v);
                int i = s.indexOf(Ops.text(sub));
                return i < 0 ? 0L : (long) s.codePointCount(0, i) + 1;
            };
            case "ifnull", "coalesce" -> row -> {
                for (Expression.Node n : args) {
                    Object v = n.eval(row);
                    if (v != null) {
                        return v;
                    }
                }
                return null;
            };
            case "nullif" -> row -> {
                Object x = a.eval(row);
                Object eq = Ops.compare(0, x, b.eval(row));
                return Boolean.TRUE.equals(eq) ? null : x;
            };
            case "iif" -> row -> Ops.truthy(a.eval(row)) ? b.eval(row) : c.eval(row);
            case "abs" -> row -> {
                Object n = Ops.numeric(a.eval(row));
                if (n == null) {
                    return null;
                }
                return n instanceof Long l ? (Object) Math.abs(l) : n instanceof Double d ? (Object) Math.abs(d)
                        : ((BigDecimal) n).abs();
            };
            case "round" -> row -> {
                Object n = Ops.numeric(a.eval(row));
                Object digits = b == null ? 0L : Ops.numeric(b.eval(row));
                if (n == null || digits == null) {
                    return null;
                }
                BigDecimal d = n instanceof BigDecimal x ? x : new BigDecimal(Ops.text(n));
                // SQLite's round() returns a floating value; half away from zero
                return d.setScale(((Number) digits).intValue(), RoundingMode.HALF_UP).doubleValue();
            };
            // AWS DMS: operation_indicator(flag_when_deleted, flag_when_updated, flag_when_inserted); the full load inserts
            case "operation_indicator" -> row -> {
                Object op = row.header("AR_H_OPERATION");
                return "DELETE".equals(op) ? a.eval(row) : "UPDATE".equals(op) ? b.eval(row) : c.eval(row);
            };
            case "date" -> row -> format(a.eval(row), "yyyy-MM-dd");
            case "time" -> row -> format(a.eval(row), "HH:mm:ss");
            default -> row -> format(a.eval(row), "yyyy-MM-dd HH:mm:ss");
        };
    }

    private static Object map(Object v, java.util.function.UnaryOperator<String> f) {
        return v == null ? null : f.apply(Ops.text(v));
    }

    /** SQLite substr: 1-based; a negative start counts from the end; a negative length takes characters before start. */
    private static Object substr(Object v, Object start, Object length, boolean hasLength) {
        if (v == null || start == null || (hasLength && length == null)) {
            return null;
        }
        int[] cps = Ops.text(v).codePoints().toArray();
        long n = cps.length;
        long p = ((Number) Ops.toInteger(start)).longValue();
        long len = hasLength ? ((Number) Ops.toInteger(length)).longValue() : Long.MAX_VALUE / 4;
        long from;
        if (p > 0) {
            from = p - 1;
        } else if (p < 0) {
            from = n + p;
        } else {
            from = -1;
            if (len > 0) {
                len--;
            }
        }
        long to;
        if (len >= 0) {
            to = from + len;
        } else {
            to = from;
            from = from + len;
        }
        from = Math.max(0, from);
        to = Math.min(n, Math.max(from, to));
        if (from >= n) {
            return "";
        }
        return new String(cps, (int) from, (int) (to - from));
    }

    private static String trim(String s, String chars, boolean left, boolean right) {
        int b = 0;
        int e = s.length();
        while (left && b < e && chars.indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (right && e > b && chars.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    private static Object format(Object v, String pattern) {
        if (v == null) {
            return null;
        }
        LocalDateTime t = Ops.dateTime(v, UTC);
        return t == null ? null : t.format(DateTimeFormatter.ofPattern(pattern));
    }
}
