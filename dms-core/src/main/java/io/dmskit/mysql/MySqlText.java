package io.dmskit.mysql;

import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The text that MySQL and MariaDB parse exactly for a value of each {@link Form}, and the checks
 * that refuse values the server would store with a loss (NaN, a fraction finer than the column,
 * a year that YEAR would reinterpret). Shared by the LOAD DATA and INSERT writers so that both
 * send the same thing. Stateless.
 */
final class MySqlText {

    /** MySQL TIME's range, in microseconds: 838:59:59.999999. */
    static final long MAX_TIME_MICROS = (838L * 3600 + 59 * 60 + 59) * 1_000_000L + 999_999L;

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private MySqlText() {
    }

    /** Receives the ASCII characters of a rendered value. */
    interface AsciiSink {
        void ascii(char c);
    }

    /**
     * A value that cannot be written without loss. Carries only the reason: the writer adds the
     * row and the column. No stack trace: it is an answer about data, not a defect.
     */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Fails unless the non-null value is of the class that the form accepts. */
    static void checkClass(Form form, DataType type, Object v) {
        Class<?> expected = type.javaClass();
        if (expected.isInstance(v) || (form == Form.UUID && v instanceof String)
                || (v instanceof io.dmskit.schema.ZeroDate && (form == Form.DATE || form == Form.DATETIME || form == Form.TIMESTAMP))) {
            return;
        }
        throw new Rejected("a " + v.getClass().getName() + " is not a value of type " + type.nativeName()
                + " (expected " + expected.getName() + ")");
    }

    /**
     * Checks a value of a form that the INSERT writer binds with a typed setter (the other forms
     * are checked by {@link #render}).
     */
    static void checkNumber(Form form, DataType type, Object v) {
        switch (form) {
            case REAL -> checkFinite(((Float) v).doubleValue(), "FLOAT");
            case DOUBLE -> checkFinite((Double) v, "DOUBLE");
            case DECIMAL -> decimal(type, (BigDecimal) v);
            case YEAR -> year((Long) v);
            default -> {
            }
        }
    }

    /** Refuses a string with an unpaired UTF-16 surrogate, which drivers would send as '?'. */
    static void checkText(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw unpairedSurrogate(c, i);
                }
            }
        }
    }

    static Rejected unpairedSurrogate(char c, int index) {
        return new Rejected("the string has an unpaired UTF-16 surrogate 0x"
                + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + index
                + ", which is no character and has no UTF-8 form");
    }

    /**
     * Writes the text of a non-null value of any form except TEXT and BINARY (which the caller
     * escapes itself) after checking it.
     */
    static void render(Form form, DataType type, Object v, AsciiSink out) {
        switch (form) {
            case BOOLEAN -> out.ascii((Boolean) v ? '1' : '0');
            case INTEGER -> writeLong((Long) v, out);
            case UNSIGNED_BIGINT -> {
                BigInteger b = (BigInteger) v;
                if (b.signum() < 0 || b.bitLength() > 64) {
                    throw new Rejected(b + " is out of range for BIGINT UNSIGNED");
                }
                writeAscii(b.toString(), out);
            }
            case DECIMAL -> writePlain(decimal(type, (BigDecimal) v), out);
            case REAL -> {
                float f = (Float) v;
                checkFinite(f, "FLOAT");
                // The float's exact value as a double: the server parses it to that double and stores
                // it as a float without rounding. Float.toString is shorter but its decimal is not the
                // float's value: "3.4028235E38" parses above FLT_MAX and MariaDB refuses it as out of range.
                writeAscii(Double.toString(f), out);
            }
            case DOUBLE -> {
                double d = (Double) v;
                checkFinite(d, "DOUBLE");
                writeAscii(Double.toString(d), out);
            }
            case UUID -> writeAscii(v instanceof java.util.UUID u ? u.toString() : uuidText((String) v), out);
            case BIT -> writeAscii(Long.toUnsignedString(bits(type, (String) v)), out);
            case YEAR -> {
                long y = year((Long) v);
                writeDigits(y, 4, out);
            }
            // a MySQL zero date read from a MySQL/MariaDB source goes back as it was
            case DATE, DATETIME, TIMESTAMP -> {
                if (v instanceof io.dmskit.schema.ZeroDate z) {
                    writeAscii(z.text(), out);
                } else if (form == Form.DATE) {
                    date((LocalDate) v, out);
                } else if (form == Form.DATETIME) {
                    dateTime((LocalDateTime) v, type, v, out);
                } else {
                    dateTime(((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), type, v, out);
                }
            }
            case TIME -> time((LocalTime) v, type, v, out);
            case INTERVAL -> interval((Interval) v, type, out);
            default -> throw new IllegalArgumentException("the caller writes " + form + " itself");
        }
    }

    /** The rendered text of a value, for writers that bind strings. */
    static String renderToString(Form form, DataType type, Object v) {
        StringBuilder sb = new StringBuilder(32);
        render(form, type, v, sb::append);
        return sb.toString();
    }

    private static void checkFinite(double d, String column) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new Rejected(d + " cannot be stored: MySQL and MariaDB " + column
                    + " columns hold no NaN or Infinity");
        }
    }

    private static BigDecimal decimal(DataType type, BigDecimal d) {
        int scale = type.scale();
        if (scale >= 0 && d.scale() > scale) {
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.scale() > scale) {
                throw new Rejected(d.toPlainString() + " has " + d.scale() + " digits after the point; the column "
                        + type.nativeName() + " keeps " + scale + " and would round it");
            }
            return stripped;
        }
        return d;
    }

    private static long year(long y) {
        // The server reads the text '1' to '99' as 2001 to 2099 and '0' as 2000: refuse rather than shift.
        if (y != 0 && (y < 1901 || y > 2155)) {
            throw new Rejected("year " + y + " is outside YEAR's range 1901 to 2155 (or 0)");
        }
        return y;
    }

    private static String uuidText(String s) {
        try {
            java.util.UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new Rejected("'" + s + "' is not a UUID");
        }
        if (s.length() != 36) {
            throw new Rejected("'" + s + "' is not a UUID in its 36-character form");
        }
        return s;
    }

    /** The bits of a BIT value as an unsigned long, most significant first. */
    static long bits(DataType type, String s) {
        int max = type.length() > 0 ? Math.min(type.length(), 64) : 64;
        if (s.isEmpty() || s.length() > max) {
            throw new Rejected("bit string '" + abbreviate(s) + "' has " + s.length() + " bits; the column "
                    + type.nativeName() + " holds 1 to " + max);
        }
        long bits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '1') {
                throw new Rejected("bit string '" + abbreviate(s) + "' has a character other than 0 and 1");
            }
            bits = (bits << 1) | (c - '0');
        }
        return bits;
    }

    private static void date(LocalDate d, AsciiSink out) {
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            throw new Rejected("date " + d + " is outside MySQL's years 0000 to 9999");
        }
        writeDigits(year, 4, out);
        out.ascii('-');
        writeDigits(d.getMonthValue(), 2, out);
        out.ascii('-');
        writeDigits(d.getDayOfMonth(), 2, out);
    }

    private static void time(LocalTime t, DataType type, Object whole, AsciiSink out) {
        writeDigits(t.getHour(), 2, out);
        out.ascii(':');
        writeDigits(t.getMinute(), 2, out);
        out.ascii(':');
        writeDigits(t.getSecond(), 2, out);
        fraction(t.getNano(), type, whole, out);
    }

    private static void dateTime(LocalDateTime t, DataType type, Object whole, AsciiSink out) {
        date(t.toLocalDate(), out);
        out.ascii(' ');
        time(t.toLocalTime(), type, whole, out);
    }

    private static void interval(Interval v, DataType type, AsciiSink out) {
        if (v.months() != 0) {
            throw new Rejected("interval " + v + " has months, which a MySQL TIME cannot hold");
        }
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact((long) v.days(), MICROS_PER_DAY), v.micros());
        } catch (ArithmeticException e) {
            throw new Rejected("interval " + v + " is outside MySQL TIME's range -838:59:59.999999 to 838:59:59.999999");
        }
        if (micros > MAX_TIME_MICROS || micros < -MAX_TIME_MICROS) {
            throw new Rejected("interval " + v + " is outside MySQL TIME's range -838:59:59.999999 to 838:59:59.999999");
        }
        if (micros < 0) {
            out.ascii('-');
            micros = -micros;
        }
        long seconds = micros / 1_000_000L;
        writeDigits(seconds / 3600, 2, out);
        out.ascii(':');
        writeDigits(seconds / 60 % 60, 2, out);
        out.ascii(':');
        writeDigits(seconds % 60, 2, out);
        fraction((int) (micros % 1_000_000L) * 1000, type, v, out);
    }

    /** Writes {@code .ffffff} unless the nanoseconds are 0; refuses digits that the column would drop. */
    private static void fraction(int nanos, DataType type, Object value, AsciiSink out) {
        if (nanos == 0) {
            return;
        }
        if (nanos % 1000 != 0) {
            throw new Rejected(value + " has nanoseconds; MySQL and MariaDB keep at most microseconds");
        }
        int micros = nanos / 1000;
        int digits = type.precision();
        if (digits >= 0 && digits < 6 && micros % POW10[6 - digits] != 0) {
            throw new Rejected(value + " has more fractional digits than the column " + type.nativeName()
                    + " keeps (" + digits + ")");
        }
        out.ascii('.');
        writeDigits(micros, 6, out);
    }

    private static final int[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000};

    /**
     * Writes {@code d.toPlainString()} without making the string: for a value of up to 18 digits
     * and a scale of 0 to 18, from its unscaled long (with scale 0 a compact BigDecimal's
     * {@code longValue()} is that long, and the temporary does not escape); otherwise through
     * {@code toPlainString}.
     */
    static void writePlain(BigDecimal d, AsciiSink out) {
        int scale = d.scale();
        if (scale < 0 || scale > 18 || d.precision() > 18) {
            writeAscii(d.toPlainString(), out);
            return;
        }
        long u = d.scaleByPowerOfTen(scale).longValue();
        if (u < 0) {
            out.ascii('-');
            u = -u;
        }
        if (scale == 0) {
            writeDigits(u, 1, out);
            return;
        }
        long pow = 1;
        for (int i = 0; i < scale; i++) {
            pow *= 10;
        }
        writeDigits(u / pow, 1, out);
        out.ascii('.');
        writeDigits(u % pow, scale, out);
    }

    static void writeLong(long v, AsciiSink out) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                writeAscii("-9223372036854775808", out);
                return;
            }
            out.ascii('-');
            v = -v;
        }
        writeDigits(v, 1, out);
    }

    /** Writes a non-negative number with at least {@code width} digits, zero-padded. */
    static void writeDigits(long v, int width, AsciiSink out) {
        if (out instanceof LoadDataBuffer b) {
            b.digits(v, width);
            return;
        }
        int n = 1;
        for (long p = v; p >= 10; p /= 10) {
            n++;
        }
        for (int i = n; i < width; i++) {
            out.ascii('0');
        }
        long div = 1;
        for (int i = 1; i < n; i++) {
            div *= 10;
        }
        for (; div > 0; div /= 10) {
            out.ascii((char) ('0' + (v / div) % 10));
        }
    }

    private static void writeAscii(String s, AsciiSink out) {
        for (int i = 0; i < s.length(); i++) {
            out.ascii(s.charAt(i));
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
