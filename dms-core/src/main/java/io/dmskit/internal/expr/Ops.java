package io.dmskit.internal.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The value semantics of expressions, after SQLite: null propagates through operators (and
 * three-valued logic in AND, OR, NOT); integers stay integers (integer division truncates);
 * a decimal makes the result decimal, a floating value makes it floating; text that reads as a
 * number takes part in arithmetic as that number (other text as 0); division by zero gives null.
 * Comparisons compare numbers as numbers, everything else by its text.
 */
final class Ops {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private Ops() {
    }

    /** A number literal: Long when integral and in range, else BigDecimal. */
    static Object number(String text) {
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return new BigDecimal(text);
            }
        }
        return new BigDecimal(text);
    }

    /** The text form of a value, as SQLite shows it: dates as {@code yyyy-MM-dd HH:mm:ss}. */
    static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof LocalDateTime t) {
            return t.getNano() == 0 ? t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                    : t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
        }
        if (v instanceof OffsetDateTime t) {
            return text(t.toLocalDateTime()) + t.getOffset();
        }
        if (v instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(v);
    }

    /** A number for arithmetic: Long, BigDecimal or Double; null stays null. */
    static Object numeric(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Long || v instanceof Double || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        String s = text(v).trim();
        try {
            return number(s);
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    static boolean isNumber(Object v) {
        return v instanceof Number || v instanceof Boolean;
    }

    static Object arith(char op, Object a, Object b) {
        Object x = numeric(a);
        Object y = numeric(b);
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof Long l && y instanceof Long r) {
            try {
                return switch (op) {
                    case '+' -> Math.addExact(l, r);
                    case '-' -> Math.subtractExact(l, r);
                    case '*' -> Math.multiplyExact(l, r);
                    case '/' -> r == 0 ? null : l / r;
                    default -> r == 0 ? null : l % r;
                };
            } catch (ArithmeticException overflow) {
                return arith(op, BigDecimal.valueOf(l), BigDecimal.valueOf(r));
            }
        }
        if (x instanceof Double || y instanceof Double) {
            double l = ((Number) x).doubleValue();
            double r = ((Number) y).doubleValue();
            return switch (op) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '*' -> l * r;
                case '/' -> r == 0 ? null : l / r;
                default -> r == 0 ? null : l % r;
            };
        }
        BigDecimal l = x instanceof BigDecimal d ? d : BigDecimal.valueOf((Long) x);
        BigDecimal r = y instanceof BigDecimal d ? d : BigDecimal.valueOf((Long) y);
        return switch (op) {
            case '+' -> l.add(r);
            case '-' -> l.subtract(r);
            case '*' -> l.multiply(r);
            case '/' -> r.signum() == 0 ? null : l.divide(r, MathContext.DECIMAL128).stripTrailingZeros();
            default -> r.signum() == 0 ? null : l.remainder(r);
        };
    }

    static Object negate(Object v) {
        Object n = numeric(v);
        if (n == null) {
            return null;
        }
        if (n instanceof Long l) {
            return l == Long.MIN_VALUE ? BigDecimal.valueOf(l).negate() : -l;
        }
        if (n instanceof Double d) {
            return -d;
        }
        return ((BigDecimal) n).negate();
    }

    /** 0 =, 1 !=, 2 &lt;, 3 &lt;=, 4 &gt;, 5 &gt;=; null when either side is null. */
    static Object compare(int op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        int c;
        if (isNumber(a) && isNumber(b) || isNumber(a) && readsAsNumber(b) || isNumber(b) && readsAsNumber(a)) {
            c = compareNumbers(numeric(a), numeric(b));
        } else {
            c = text(a).compareTo(text(b));
        }
        return switch (op) {
            case 0 -> c == 0;
            case 1 -> c != 0;
            case 2 -> c < 0;
            case 3 -> c <= 0;
            case 4 -> c > 0;
            default -> c >= 0;
        };
    }

    private static boolean readsAsNumber(Object v) {
        if (!(v instanceof String s)) {
            return false;
        }
        try {
            new BigDecimal(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int compareNumbers(Object x, Object y) {
        if (x instanceof Long l && y instanceof Long r) {
            return Long.compare(l, r);
        }
        return toDecimal(x).compareTo(toDecimal(y));
    }

    private static BigDecimal toDecimal(Object n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        return BigDecimal.valueOf(((Number) n).doubleValue());
    }

    /** SQLite truthiness: null is unknown (false in CASE), a number is true when not 0, text by its number. */
    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        Object n = numeric(v);
        return n instanceof Long l ? l != 0 : toDecimal(n).signum() != 0;
    }

    static Object not(Object v) {
        return v == null ? null : !truthy(v);
    }

    static Object and(Object a, Object b) {
        if ((a != null && !truthy(a)) || (b != null && !truthy(b))) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    static Object or(Object a, Object b) {
        if ((a != null && truthy(a)) || (b != null && truthy(b))) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    static Object in(Object v, List<Expression.Node> items, Row row) {
        if (v == null) {
            return null;
        }
        boolean unknown = false;
        for (Expression.Node n : items) {
            Object c = compare(0, v, n.eval(row));
            if (c == null) {
                unknown = true;
            } else if ((Boolean) c) {
                return true;
            }
        }
        return unknown ? null : false;
    }

    /** SQL LIKE: % any run, _ one character; case-insensitive for ASCII letters, as in SQLite. */
    static Object like(Object v, Object pattern) {
        if (v == null || pattern == null) {
            return null;
        }
        StringBuilder regex = new StringBuilder("(?is)");
        for (char c : text(pattern).toCharArray()) {
            if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return text(v).matches(regex.toString());
    }

    static Object toInteger(Object v) {
        Object n = numeric(v);
        if (n == null || n instanceof Long) {
            return n;
        }
        return toDecimal(n).longValue();
    }

    static Object toReal(Object v) {
        Object n = numeric(v);
        return n == null ? null : ((Number) n).doubleValue();
    }

    static Object toNumeric(Object v) {
        Object n = numeric(v);
        return n == null || n instanceof Long ? n : toDecimal(n);
    }

    /** A date/time value of a function argument: 'now', a date/time text, or a date/time value. */
    static LocalDateTime dateTime(Object v, java.time.Clock clock) {
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (v instanceof OffsetDateTime t) {
            return t.atZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
        }
        if (v instanceof java.time.Instant i) {
            return LocalDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
        }
        String s = text(v).trim();
        if (s.equalsIgnoreCase("now")) {
            return LocalDateTime.now(clock).withNano(0);
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay();
            }
            if (s.length() <= 8 + 7 && s.indexOf(':') == 2) {
                return LocalTime.parse(s).atDate(LocalDate.of(2000, 1, 1));
            }
            return LocalDateTime.parse(s.replace('T', ' '), DATE_TIME);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
