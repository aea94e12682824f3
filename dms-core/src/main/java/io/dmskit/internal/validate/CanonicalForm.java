package io.dmskit.internal.validate;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.convert.Coercion;
import io.dmskit.internal.convert.Coercions;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The canonical comparison rules of the validator: how a value of a source column and a value
 * of its target column are put into one text form, so that equal values have equal text on
 * every engine and in Java, and different values have different text. The form of a column is
 * chosen from the pair (source type, target type) by {@link #of}; {@link #canonical} gives the
 * text in Java, and {@link CanonicalSql} gives the same text inside each database. Two values are
 * equal for the validator exactly when their canonical texts are equal; NULL has no text and
 * equals only NULL.
 *
 * <table>
 * <caption>Forms and the rules they implement</caption>
 * <tr><th>form</th><th>for</th><th>canonical text</th></tr>
 * <tr><td>{@link #NUMBER}</td><td>integers of every size and sign, YEAR, DECIMAL, BOOLEAN next to a number</td>
 *     <td>plain decimal without exponent, trailing fractional zeros and a trailing point removed, so that
 *     {@code 1.50} = {@code 1.5} and {@code 7.00} = {@code 7}; no negative zero. Booleans are {@code 1} and
 *     {@code 0}, so that MariaDB TINYINT(1) {@code 1} = PostgreSQL boolean {@code true}; unsigned BIGINT
 *     {@code 18446744073709551615} = numeric(20,0) {@code 18446744073709551615}.</td></tr>
 * <tr><td>{@link #FLOAT}</td><td>REAL and DOUBLE (and a number compared with one)</td>
 *     <td>compared by value: the value as a double (a REAL widens exactly), written with the shortest
 *     digits that read back as the same double, normalized to {@code [-]0.<digits>e<exponent>}: {@code 1.5}
 *     is {@code 0.15e1}, {@code 1e-05} and {@code 0.00001} both {@code 0.1e-4}. PostgreSQL and MariaDB
 *     print floats with those shortest digits but in different layouts ({@code 1e+16} / {@code 1e16},
 *     {@code 1e-05} / {@code 0.00001}); the normalization removes the layout. Exact, not rounded to a
 *     number of digits: two different doubles never share a text. {@code -0} is {@code 0}; NaN and
 *     infinities are {@code NaN}, {@code Infinity}, {@code -Infinity}. Known exception: PostgreSQL prints
 *     some integral doubles above 2<sup>53</sup> with 17 digits where MariaDB prints the 16 shortest
 *     ({@code 7.0000000000000004e+22} / {@code 7e22}): the checksums of such a range differ, its rows are
 *     fetched and compared by value in Java, and no difference is reported. It costs time, never a false
 *     result.</td></tr>
 * <tr><td>{@link #TEXT}</td><td>VARCHAR, TEXT, ENUM, SET (MySQL ENUM against a PostgreSQL varchar or enum)</td>
 *     <td>the characters as they are: case, trailing spaces and every code point count. The empty
 *     string is a value and differs from NULL.</td></tr>
 * <tr><td>{@link #TEXT_RTRIM}</td><td>text when either side is CHAR(n)</td>
 *     <td>the characters without trailing spaces (U+0020): PostgreSQL pads a char(n) with spaces, MariaDB
 *     strips them when it reads one, so {@code 'ab'} = {@code 'ab        '}. Other white space counts.</td></tr>
 * <tr><td>{@link #UUID}</td><td>UUID, or a UUID against text (MySQL keeps a UUID in CHAR(36))</td>
 *     <td>the 36-character form in lower case</td></tr>
 * <tr><td>{@link #BINARY}</td><td>BINARY, VARBINARY, BLOB, bytea</td><td>lower-case hex of the bytes</td></tr>
 * <tr><td>{@link #BIT}</td><td>BIT(n), bit varying</td><td>the string of '0' and '1', most significant first</td></tr>
 * <tr><td>{@link #DATE}</td><td>DATE</td><td>{@code yyyy-MM-dd}</td></tr>
 * <tr><td>{@link #TIMESTAMP}</td><td>TIMESTAMP, TIMESTAMP WITH TIME ZONE, DATETIME (and a DATE against one)</td>
 *     <td>{@code yyyy-MM-dd HH:mm:ss.ffffff}, always six fractional digits (so that precision of the column
 *     does not matter: {@code .5} = {@code .500000}); an instant is written as its UTC date and time, which
 *     is how dmskit stores a PostgreSQL timestamptz in a MariaDB DATETIME(6)</td></tr>
 * <tr><td>{@link #DURATION}</td><td>TIME, INTERVAL, MySQL TIME (an interval to dmskit)</td>
 *     <td>{@code <months>,<microseconds>}, a day counted as 24 hours (as PostgreSQL compares intervals and as
 *     a PostgreSQL interval becomes a MySQL TIME): MySQL TIME {@code 25:00:00.5} = interval
 *     {@code 1 day 01:00:00.5}; a month is not a number of days.</td></tr>
 * <tr><td>{@link #TIME_TZ}</td><td>TIME WITH TIME ZONE</td><td>{@code <microseconds of the day>@<offset seconds>}</td></tr>
 * <tr><td>{@link #JSON}</td><td>JSON, JSONB, and a PostgreSQL array against a JSON column</td>
 *     <td>the document re-written with object keys in binary order, the last of duplicate keys kept
 *     (as jsonb does), no white space, numbers as plain decimals without trailing zeros, strings with one
 *     escaping: {@code {"b": [1, 2], "a": 1}} = {@code {"a":1,"b":[1,2]}}. Text that is not JSON compares as
 *     it is. jsonb and MariaDB's JSON_NORMALIZE spell documents differently, so across engines this form
 *     is computed in Java only (the JSON columns are read, the rest is still checksummed in SQL); within
 *     one engine its text is the engine's own ({@code ::jsonb::text} on PostgreSQL).</td></tr>
 * <tr><td>{@link #ARRAY}</td><td>PostgreSQL arrays</td><td>elements in their element's form, NULL elements
 *     as {@code N}; in SQL, PostgreSQL's own array text (arrays exist only there).</td></tr>
 * </table>
 *
 * <p>A pair of kinds not in the table, for example a date written into a text column (which the
 * full load allows), is compared after converting the source value with the full load's own
 * conversion ({@link Coercions}), in Java only. A pair that no conversion joins, and any column of
 * a type that dmskit cannot move, makes the table an error.
 *
 * <p>Keys: the row key is put into the same forms; keys of text are therefore matched and ordered
 * by their code points (binary order), never by a collation, so that a case-insensitive MariaDB
 * key and a PostgreSQL key of the same text are the same key.
 */
public enum CanonicalForm {
    NUMBER, FLOAT, TEXT, TEXT_RTRIM, UUID, BINARY, BIT, DATE, TIMESTAMP, DURATION, TIME_TZ, JSON, ARRAY;

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * How one compared column's values are made canonical.
     *
     * @param form        the canonical form
     * @param element     for ARRAY, the rule of the elements; null otherwise
     * @param sourceFirst a conversion applied to source values before their canonical text (the full
     *                    load's own conversion, for pairs the forms do not cover directly); null when none.
     *                    A column with one is compared in Java only.
     */
    public record Rule(CanonicalForm form, Rule element, Coercion sourceFirst) {

        /** The canonical text of a source value; null for NULL. */
        public String source(Object value) {
            if (value == null) {
                return null;
            }
            Object v = value;
            if (sourceFirst != null) {
                try {
                    v = sourceFirst.apply(value);
                } catch (RuntimeException e) {
                    // the target cannot hold it: compare what the source has, which differs from any target value
                    return "!" + value;
                }
            }
            return form.canonical(v, element);
        }

        /** The canonical text of a target value; null for NULL. */
        public String target(Object value) {
            return value == null ? null : form.canonical(value, element);
        }

        /** Whether the text may be computed inside the databases (else the column is compared in Java only). */
        public boolean sqlCapable() {
            return sourceFirst == null;
        }
    }

    /**
     * The rule that compares values of a source column of type {@code source} with those of its
     * target column of type {@code target}.
     *
     * @throws DmsException with {@link ErrorCode#UNSUPPORTED_TYPE} when the values cannot be compared;
     *         the message names both types, the caller adds table and column
     */
    public static Rule of(DataType source, DataType target) {
        TypeKind s = source.kind();
        TypeKind t = target.kind();
        if (s == TypeKind.UNSUPPORTED || t == TypeKind.UNSUPPORTED) {
            throw cannot(source, target);
        }
        if (isNumber(s) && isNumber(t)) {
            return rule(isFloat(s) || isFloat(t) ? FLOAT : NUMBER);
        }
        if (isText(s) && isText(t)) {
            return rule(s == TypeKind.CHAR || t == TypeKind.CHAR ? TEXT_RTRIM : TEXT);
        }
        if (s == TypeKind.JSON && t == TypeKind.JSON) {
            return rule(JSON);
        }
        if (s == TypeKind.ARRAY && t == TypeKind.ARRAY) {
            if (source.element() == null || target.element() == null) {
                throw cannot(source, target);
            }
            return new Rule(ARRAY, of(source.element(), target.element()), null);
        }
        if ((s == TypeKind.UUID && (t == TypeKind.UUID || isText(t))) || (isText(s) && t == TypeKind.UUID)) {
            return rule(UUID);
        }
        if (s.isBinary() && t.isBinary()) {
            return rule(BINARY);
        }
        if (s == TypeKind.BIT && t == TypeKind.BIT) {
            return rule(BIT);
        }
        if (s == TypeKind.DATE && t == TypeKind.DATE) {
            return rule(DATE);
        }
        if (isTimestamp(s) && isTimestamp(t)) {
            return rule(TIMESTAMP);
        }
        if ((s == TypeKind.TIME || s == TypeKind.INTERVAL) && (t == TypeKind.TIME || t == TypeKind.INTERVAL)) {
            return rule(DURATION);
        }
        if (s == TypeKind.TIME_TZ && t == TypeKind.TIME_TZ) {
            return rule(TIME_TZ);
        }
        // Pairs that the full load joins with a conversion: compare after the same conversion, in Java.
        CanonicalForm targetForm = switch (t) {
            case JSON -> JSON;
            case CHAR -> TEXT_RTRIM;
            case VARCHAR, TEXT, ENUM, SET -> TEXT;
            case UUID -> UUID;
            case BINARY, VARBINARY, BLOB -> BINARY;
            case BIT -> BIT;
            case BOOLEAN, TINYINT, SMALLINT, MEDIUMINT, INTEGER, BIGINT, YEAR, DECIMAL -> NUMBER;
            case REAL, DOUBLE -> FLOAT;
            case TIMESTAMP, TIMESTAMP_TZ -> TIMESTAMP;
            case DATE -> DATE;
            case TIME, INTERVAL -> DURATION;
            default -> null;
        };
        if (targetForm == null) {
            throw cannot(source, target);
        }
        Coercion c;
        try {
            c = Coercions.plan(source, target);
        } catch (DmsException e) {
            throw cannot(source, target);
        }
        return new Rule(targetForm, null, c == null ? v -> v : c);
    }

    private static Rule rule(CanonicalForm form) {
        return new Rule(form, null, null);
    }

    private static DmsException cannot(DataType source, DataType target) {
        return new DmsException(ErrorCode.UNSUPPORTED_TYPE, "values of type " + source.nativeName()
                + " cannot be compared with values of type " + target.nativeName());
    }

    static boolean isNumber(TypeKind k) {
        return k.isInteger() || k == TypeKind.YEAR || k == TypeKind.DECIMAL || k == TypeKind.BOOLEAN || isFloat(k);
    }

    static boolean isFloat(TypeKind k) {
        return k == TypeKind.REAL || k == TypeKind.DOUBLE;
    }

    static boolean isText(TypeKind k) {
        return k.isCharacter() || k == TypeKind.ENUM || k == TypeKind.SET;
    }

    private static boolean isTimestamp(TypeKind k) {
        return k == TypeKind.TIMESTAMP || k == TypeKind.TIMESTAMP_TZ || k == TypeKind.DATE;
    }

    /**
     * Whether this form's text is the same in every engine's SQL and in Java, exactly, so that a key
     * in it can place a row in the same hash bucket on both sides (see {@link CanonicalSql}).
     */
    public boolean keySafe() {
        return switch (this) {
            case NUMBER, TEXT, TEXT_RTRIM, UUID, BINARY, DATE, TIMESTAMP -> true;
            default -> false;
        };
    }

    /** Whether the text may be spliced into a row text unprefixed: it never holds the separator {@code |}. */
    boolean needsLengthPrefix() {
        return switch (this) {
            case TEXT, TEXT_RTRIM, BIT, JSON, ARRAY -> true;
            default -> false;
        };
    }

    /** The canonical text of a non-null value of this form (of any class that the form's kinds read as). */
    public String canonical(Object v) {
        return canonical(v, null);
    }

    String canonical(Object v, Rule element) {
        if (v == null) {
            return null;
        }
        return switch (this) {
            case NUMBER -> number(v);
            case FLOAT -> floating(v);
            case TEXT -> v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
            case TEXT_RTRIM -> rtrim(v.toString());
            case UUID -> v instanceof UUID u ? u.toString() : rtrim(v.toString()).toLowerCase(Locale.ROOT);
            case BINARY -> v instanceof byte[] b ? HEX.formatHex(b)
                    : v instanceof UUID u ? HEX.formatHex(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array()) : v.toString();
            case BIT -> v.toString();
            case DATE -> v instanceof LocalDate d ? date(d) : v.toString();
            case TIMESTAMP -> timestamp(v);
            case DURATION -> duration(v);
            case TIME_TZ -> v instanceof OffsetTime t
                    ? (t.toLocalTime().toNanoOfDay() / 1_000) + "@" + t.getOffset().getTotalSeconds() : v.toString();
            case JSON -> v instanceof String s ? JsonCanonical.canonical(s) : v.toString();
            case ARRAY -> array(v, element);
        };
    }

    private static String number(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        BigDecimal d;
        if (v instanceof BigDecimal bd) {
            d = bd;
        } else {
            try {
                d = new BigDecimal(v.toString().trim());
            } catch (NumberFormatException e) {
                return v.toString();
            }
        }
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static String floating(Object v) {
        double d;
        if (v instanceof Double x) {
            d = x;
        } else if (v instanceof Float f) {
            d = f; // widening is exact, as PostgreSQL's real::float8 and MariaDB's CAST(f AS DOUBLE)
        } else if (v instanceof Number n && !(v instanceof BigDecimal) && !(v instanceof BigInteger)) {
            d = n.doubleValue();
        } else if (v instanceof Boolean b) {
            d = b ? 1 : 0;
        } else {
            try {
                d = new BigDecimal(v.toString().trim()).doubleValue();
            } catch (NumberFormatException e) {
                return v.toString();
            }
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal b = shortest(d).stripTrailingZeros();
        String digits = b.unscaledValue().abs().toString();
        return (d < 0 ? "-" : "") + "0." + digits + "e" + (digits.length() - b.scale());
    }

    /**
     * The decimal with the fewest significant digits that reads back as {@code d}, the closest to
     * {@code d} among those: what PostgreSQL (Ryu) and MariaDB (dtoa mode 0) print. Java 17's
     * Double.toString sometimes gives a digit more ({@code 4.9E-324} for {@code 5e-324}).
     */
    static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        BigDecimal best = new BigDecimal(Double.toString(d));
        for (int p = best.precision(); p >= 1; p--) {
            BigDecimal c = closest(exact, d, p);
            if (c == null) {
                break; // no decimal of p digits reads back as d, so none of fewer digits does either
            }
            best = c;
        }
        return best;
    }

    private static BigDecimal closest(BigDecimal exact, double d, int digits) {
        BigDecimal best = null;
        for (java.math.RoundingMode mode : new java.math.RoundingMode[]{java.math.RoundingMode.HALF_EVEN,
                java.math.RoundingMode.DOWN, java.math.RoundingMode.UP}) {
            BigDecimal c = exact.round(new java.math.MathContext(digits, mode));
            if (c.doubleValue() == d && (best == null
                    || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = c;
            }
        }
        return best;
    }

    /**
     * A double's text in any of the engines' layouts ({@code 1.5}, {@code -1.2e+16}, {@code 1e16},
     * {@code 1.0E-5}, {@code 0.00001}) as {@code [-]0.<digits>e<exponent>}, or {@code 0}; {@code NaN}
     * and the infinities as they are. {@link CanonicalSql} computes the same in SQL.
     */
    static String floatText(String s) {
        if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
            return s;
        }
        boolean negative = s.startsWith("-");
        String a = negative ? s.substring(1) : s;
        int e = Math.max(a.indexOf('e'), a.indexOf('E'));
        int exponent = 0;
        String mantissa = a;
        if (e >= 0) {
            String x = a.substring(e + 1);
            exponent = Integer.parseInt(x.startsWith("+") ? x.substring(1) : x);
            mantissa = a.substring(0, e);
        }
        int dot = mantissa.indexOf('.');
        String intPart = dot < 0 ? mantissa : mantissa.substring(0, dot);
        String digits = dot < 0 ? mantissa : intPart + mantissa.substring(dot + 1);
        int lead = 0;
        while (lead < digits.length() && digits.charAt(lead) == '0') {
            lead++;
        }
        int end = digits.length();
        while (end > lead && digits.charAt(end - 1) == '0') {
            end--;
        }
        if (end == lead) {
            return "0";
        }
        return (negative ? "-" : "") + "0." + digits.substring(lead, end) + "e" + (intPart.length() - lead + exponent);
    }

    static String rtrim(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    private static String date(LocalDate d) {
        return String.format(Locale.ROOT, "%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    private static String timestamp(Object v) {
        LocalDateTime t;
        if (v instanceof LocalDateTime l) {
            t = l;
        } else if (v instanceof OffsetDateTime o) {
            t = o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } else if (v instanceof LocalDate d) {
            t = d.atStartOfDay();
        } else {
            return v.toString();
        }
        return date(t.toLocalDate()) + String.format(Locale.ROOT, " %02d:%02d:%02d.%06d", t.getHour(), t.getMinute(),
                t.getSecond(), t.getNano() / 1_000);
    }

    private static String duration(Object v) {
        if (v instanceof Interval i) {
            return i.months() + "," + (i.days() * MICROS_PER_DAY + i.micros());
        }
        if (v instanceof LocalTime t) {
            return "0," + t.toNanoOfDay() / 1_000;
        }
        if (v instanceof java.time.Duration d) {
            return "0," + Interval.of(d).micros();
        }
        return v.toString();
    }

    private static String array(Object v, Rule element) {
        if (!(v instanceof List<?> list)) {
            return v.toString();
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = list.get(i);
            String c = e == null ? null : element == null ? String.valueOf(e) : element.form().canonical(e, element.element());
            if (c == null) {
                sb.append('N');
            } else {
                sb.append(c.codePointCount(0, c.length())).append(':').append(c);
            }
        }
        return sb.append('}').toString();
    }
}
