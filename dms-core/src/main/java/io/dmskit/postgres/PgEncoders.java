package io.dmskit.postgres;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ValueException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The binary encoders of PostgreSQL's types, in the format of each type's {@code *_send} /
 * {@code *_recv} functions, and the choice of encoder for a column.
 *
 * <p>An encoder is chosen from the column's logical type; the column's actual type in the target
 * catalog must be one that the encoder's bytes are valid for (binary COPY carries no type
 * information, so a mismatch would otherwise surface as an obscure "incorrect binary data format"
 * error, or worse, be read as another type). Encoders refuse a value rather than let the server
 * change it silently: a numeric with more fractional digits than the column's scale, a time with
 * more fractional digits than the column's precision, sub-microsecond java.time values.
 */
final class PgEncoders {

    /** Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
    static final long PG_EPOCH_DAY = 10_957;
    /** Seconds from 1970-01-01T00:00Z to 2000-01-01T00:00Z. */
    static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;
    /** The first date PostgreSQL stores: 4714-11-24 BC, Julian day 0. */
    static final LocalDate MIN_DATE = LocalDate.of(-4713, 11, 24);
    /** The last date PostgreSQL stores. */
    static final LocalDate MAX_DATE = LocalDate.of(5_874_897, 12, 31);
    /** The first timestamp PostgreSQL stores, in seconds from its epoch (4714-11-24 00:00 BC). */
    static final long MIN_TIMESTAMP_SECOND = -211_813_488_000L;
    /** The first timestamp past PostgreSQL's range, in seconds from its epoch (294277-01-01 00:00). */
    static final long END_TIMESTAMP_SECOND = 9_223_371_331_200L;
    /** The largest time zone displacement that timetz stores is 15:59:59 (TZDISP_LIMIT is 16 h). */
    static final int TZ_DISPLACEMENT_LIMIT = 16 * 3600;
    /** PostgreSQL numeric: at most 131072 digits before the point and 16383 after. */
    static final int NUMERIC_MAX_INTEGER_DIGITS = 131_072;
    static final int NUMERIC_MAX_DSCALE = 0x3FFF;
    static final int NUMERIC_NEG = 0x4000;
    /** The most array dimensions PostgreSQL has (MAXDIM). */
    static final int MAX_ARRAY_DIMENSIONS = 6;

    static final String NUL_MESSAGE = "text contains a NUL character (U+0000), which PostgreSQL cannot store";

    private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar", "name", "citext");
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L};

    /** Strings shorter than this are encoded character by character at once: the ASCII run costs more than it saves. */
    private static final int ASCII_RUN_MIN = 24;

    /** Strings longer than this are measured before they are encoded, rather than given 3 bytes a char. */
    private static final int MEASURE_FIRST_CHARS = 16 * 1024;

    private PgEncoders() {
    }

    /**
     * The encoder of one target column.
     *
     * @throws DmsException with {@link ErrorCode#INCOMPATIBLE_TARGET_TABLE} when the column's actual
     *         type cannot take values of its logical type in binary form, or
     *         {@link ErrorCode#UNSUPPORTED_TYPE} for a logical type that PostgreSQL has no type for
     */
    static PgEncoder forColumn(TableId table, Column column, PgType actual) {
        try {
            return forType(column.type(), actual);
        } catch (Mismatch m) {
            throw new DmsException(m.code, "Table " + table + ", column " + column.name() + ": " + m.getMessage());
        }
    }

    static PgEncoder forType(DataType type, PgType actual) {
        TypeKind kind = type.kind();
        switch (kind) {
            case BOOLEAN:
                expect(type, actual, "bool");
                return PgEncoders::bool;
            case TINYINT:
            case SMALLINT:
            case YEAR:
                expect(type, actual, "int2");
                return PgEncoders::int2;
            case MEDIUMINT:
            case INTEGER:
                expect(type, actual, "int4");
                return PgEncoders::int4;
            case BIGINT:
                expect(type, actual, "int8");
                return type.isUnsignedBigint() ? PgEncoders::int8Unsigned : PgEncoders::int8;
            case DECIMAL:
                expect(type, actual, "numeric");
                return new NumericEncoder(type.precision(), type.scale());
            case REAL:
                expect(type, actual, "float4");
                return PgEncoders::float4;
            case DOUBLE:
                expect(type, actual, "float8");
                return PgEncoders::float8;
            case CHAR:
            case VARCHAR:
            case TEXT:
            case ENUM:
            case SET:
                if (!TEXT_TYPES.contains(actual.name()) && !actual.isEnum()) {
                    throw mismatch(type, actual);
                }
                return PgEncoders::text;
            case JSON:
                if (actual.name().equals("jsonb")) {
                    return PgEncoders::jsonb;
                }
                if (!actual.name().equals("json") && !TEXT_TYPES.contains(actual.name())) {
                    throw mismatch(type, actual);
                }
                return PgEncoders::text;
            case BINARY:
            case VARBINARY:
            case BLOB:
                expect(type, actual, "bytea");
                return PgEncoders::bytea;
            case BIT:
                if (!actual.name().equals("bit") && !actual.name().equals("varbit")) {
                    throw mismatch(type, actual);
                }
                return PgEncoders::bit;
            case DATE:
                expect(type, actual, "date");
                return PgEncoders::date;
            case TIME: {
                expect(type, actual, "time");
                long unit = fractionUnit(type);
                return (v, out) -> time(v, out, unit);
            }
            case TIME_TZ: {
                expect(type, actual, "timetz");
                long unit = fractionUnit(type);
                return (v, out) -> timetz(v, out, unit);
            }
            case TIMESTAMP: {
                expect(type, actual, "timestamp");
                long unit = fractionUnit(type);
                return (v, out) -> timestamp(v, out, unit);
            }
            case TIMESTAMP_TZ: {
                expect(type, actual, "timestamptz");
                long unit = fractionUnit(type);
                return (v, out) -> timestamptz(v, out, unit);
            }
            case INTERVAL: {
                expect(type, actual, "interval");
                long unit = fractionUnit(type);
                return (v, out) -> interval(v, out, unit);
            }
            case UUID:
                expect(type, actual, "uuid");
                return PgEncoders::uuid;
            case ARRAY:
                if (!actual.isArray() || type.element() == null) {
                    throw mismatch(type, actual);
                }
                return new ArrayEncoder(actual.elementOid(), forType(type.element(), actual.element()),
                        actual.display());
            case UNSUPPORTED:
            default:
                throw new Mismatch(ErrorCode.UNSUPPORTED_TYPE, "dmskit cannot write values of type "
                        + type.nativeName() + " (" + kind + ")");
        }
    }

    private static void expect(DataType type, PgType actual, String name) {
        if (!actual.name().equals(name)) {
            throw mismatch(type, actual);
        }
    }

    private static Mismatch mismatch(DataType type, PgType actual) {
        return new Mismatch(ErrorCode.INCOMPATIBLE_TARGET_TABLE, "the column is " + actual.display()
                + " in the target, but the load writes " + type.kind() + " values (" + type.nativeName()
                + "); create the column with the type the target dialect maps it to, or change the mapping");
    }

    /** Why no encoder fits a column; turned into a DmsException that names the table and column. */
    private static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ErrorCode code;

        Mismatch(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** Microseconds per unit of the type's last fractional digit: 1 for precision 6 or unset. */
    private static long fractionUnit(DataType type) {
        int p = type.precision();
        return p < 0 || p >= 6 ? 1 : POWERS_OF_TEN[6 - p];
    }

    // ---------------------------------------------------------------------------------------
    // Errors. Encoders throw ValueException with row and column -1; the writer fills them in.

    static ValueException bad(String reason) {
        return new ValueException(-1, -1, reason);
    }

    static ValueException wrongClass(Object v, Class<?> expected, String pgType) {
        return bad("a value of class " + v.getClass().getName() + " cannot be written into a " + pgType
                + " column, which takes " + expected.getName() + " (a converter should have produced one)");
    }

    private static ValueException outOfRange(Object v, String pgType) {
        return bad(v + " is out of range for " + pgType);
    }

    private static ValueException tooPrecise(Object v, String pgType, long unit) {
        int digits = 0;
        for (long u = unit; u < 1_000_000L; u *= 10) {
            digits++;
        }
        return bad(v + " has more fractional digits of seconds than the " + digits + " that the column's " + pgType
                + " keeps, and PostgreSQL would round it");
    }

    // ---------------------------------------------------------------------------------------
    // Scalars.

    static void bool(Object v, CopyBuffer out) {
        if (!(v instanceof Boolean b)) {
            throw wrongClass(v, Boolean.class, "boolean");
        }
        out.int32(1);
        out.int8(b ? 1 : 0);
    }

    static void int2(Object v, CopyBuffer out) {
        if (!(v instanceof Long l)) {
            throw wrongClass(v, Long.class, "smallint");
        }
        long x = l;
        if (x < Short.MIN_VALUE || x > Short.MAX_VALUE) {
            throw outOfRange(v, "smallint");
        }
        out.int32(2);
        out.int16((int) x);
    }

    static void int4(Object v, CopyBuffer out) {
        if (!(v instanceof Long l)) {
            throw wrongClass(v, Long.class, "integer");
        }
        long x = l;
        if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
            throw outOfRange(v, "integer");
        }
        out.int32(4);
        out.int32((int) x);
    }

    static void int8(Object v, CopyBuffer out) {
        if (!(v instanceof Long l)) {
            throw wrongClass(v, Long.class, "bigint");
        }
        out.int32(8);
        out.int64(l);
    }

    /** A BIGINT column whose logical type is unsigned takes BigInteger values; bigint holds those below 2^63. */
    static void int8Unsigned(Object v, CopyBuffer out) {
        if (!(v instanceof BigInteger b)) {
            throw wrongClass(v, BigInteger.class, "bigint");
        }
        if (b.bitLength() > 63) {
            throw outOfRange(v, "bigint");
        }
        out.int32(8);
        out.int64(b.longValue());
    }

    /** float4: the IEEE 754 bits, unchanged (NaN payloads, -0.0 and infinities included). */
    static void float4(Object v, CopyBuffer out) {
        if (!(v instanceof Float f)) {
            throw wrongClass(v, Float.class, "real");
        }
        out.int32(4);
        out.int32(Float.floatToRawIntBits(f));
    }

    static void float8(Object v, CopyBuffer out) {
        if (!(v instanceof Double d)) {
            throw wrongClass(v, Double.class, "double precision");
        }
        out.int32(8);
        out.int64(Double.doubleToRawLongBits(d));
    }

    /** text, varchar, bpchar, json, enum labels: the UTF-8 bytes (pgjdbc sets client_encoding to UTF8). */
    static void text(Object v, CopyBuffer out) {
        if (!(v instanceof String s)) {
            throw wrongClass(v, String.class, "text");
        }
        utf8(s, out, false);
    }

    /** jsonb: a version byte, 1, then the JSON text (jsonb_recv). */
    static void jsonb(Object v, CopyBuffer out) {
        if (!(v instanceof String s)) {
            throw wrongClass(v, String.class, "jsonb");
        }
        utf8(s, out, true);
    }

    /**
     * Writes the length word and the UTF-8 form of a string, with a jsonb version byte before it
     * when asked. Rejects what PostgreSQL cannot store: U+0000, and unpaired surrogates, which have
     * no UTF-8 form (String.getBytes would silently write '?' for them).
     */
    static void utf8(String s, CopyBuffer out, boolean jsonbVersion) {
        int n = s.length();
        int prefix = jsonbVersion ? 1 : 0;
        if (n >= ASCII_RUN_MIN && n <= CopyBuffer.MAX_CHARS && ascii(s, n, out, prefix)) {
            return;
        }
        int max = n <= MEASURE_FIRST_CHARS ? n * 3 : utf8Length(s);
        out.ensure(4 + prefix + max);
        byte[] b = out.array();
        int start = out.position();
        int p = start + 4;
        if (jsonbVersion) {
            b[p++] = 1;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    throw bad(NUL_MESSAGE);
                }
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char low;
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(low = s.charAt(i + 1))) {
                    throw unpairedSurrogate(c, i);
                }
                int cp = Character.toCodePoint(c, low);
                i++;
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out.putInt(start, p - start - 4);
        out.advance(p - start);
    }

    /**
     * The common case of {@link #utf8}, a string of ASCII characters other than NUL, whose UTF-8
     * form is its characters as bytes: copied out with {@code getChars} (an array copy, or an
     * inflation for a compact string) and narrowed in a loop without branches, which the JIT
     * unrolls and vectorizes; {@code (c - 1) | c} has a bit above 0x7F set exactly when
     * {@code c} is NUL or not ASCII. Returns false, having written nothing that counts, when the
     * string is not such a one; the character-by-character way then writes it.
     */
    private static boolean ascii(String s, int n, CopyBuffer out, int prefix) {
        char[] cs = out.chars(n);
        s.getChars(0, n, cs, 0);
        out.ensure(4 + prefix + n);
        byte[] b = out.array();
        int start = out.position();
        int p = start + 4 + prefix;
        int acc = 0;
        for (int i = 0; i < n; i++) {
            int c = cs[i];
            acc |= (c - 1) | c;
            b[p + i] = (byte) c;
        }
        if ((acc & ~0x7F) != 0) {
            return false;
        }
        if (prefix == 1) {
            b[start + 4] = 1;
        }
        out.putInt(start, n + prefix);
        out.advance(4 + prefix + n);
        return true;
    }

    /** The UTF-8 length of a string, checking it on the way as {@link #utf8} does. */
    private static int utf8Length(String s) {
        long len = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    throw bad(NUL_MESSAGE);
                }
                len++;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw unpairedSurrogate(c, i);
                }
                i++;
                len += 4;
            } else {
                len += 3;
            }
        }
        if (len > Integer.MAX_VALUE - 64) {
            throw bad("text of " + len + " UTF-8 bytes is longer than PostgreSQL stores (1 GB)");
        }
        return (int) len;
    }

    private static ValueException unpairedSurrogate(char c, int index) {
        return bad(String.format("text contains an unpaired UTF-16 surrogate (U+%04X) at index %d, which has no "
                + "UTF-8 form", (int) c, index));
    }

    static void bytea(Object v, CopyBuffer out) {
        if (!(v instanceof byte[] b)) {
            throw wrongClass(v, byte[].class, "bytea");
        }
        out.int32(b.length);
        out.bytes(b, 0, b.length);
    }

    /** bit and bit varying (bit_recv): int32 number of bits, then the bits packed most significant first. */
    static void bit(Object v, CopyBuffer out) {
        if (!(v instanceof String s)) {
            throw wrongClass(v, String.class, "bit");
        }
        int bits = s.length();
        int bytes = (bits + 7) >>> 3;
        out.int32(4 + bytes);
        out.int32(bits);
        out.ensure(bytes);
        byte[] b = out.array();
        int p = out.position();
        int acc = 0;
        for (int i = 0; i < bits; i++) {
            char c = s.charAt(i);
            if (c == '1') {
                acc |= 0x80 >>> (i & 7);
            } else if (c != '0') {
                throw bad("'" + abbreviate(s) + "' is not a bit string: character " + i + " is neither '0' nor '1'");
            }
            if ((i & 7) == 7) {
                b[p++] = (byte) acc;
                acc = 0;
            }
        }
        if ((bits & 7) != 0) {
            b[p++] = (byte) acc;
        }
        out.advance(bytes);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** date (date_recv): int32 days from 2000-01-01. */
    static void date(Object v, CopyBuffer out) {
        if (!(v instanceof LocalDate d)) {
            throw wrongClass(v, LocalDate.class, "date");
        }
        if (d.isBefore(MIN_DATE) || d.isAfter(MAX_DATE)) {
            throw bad(d + " is out of range for date, which holds 4714-11-24 BC to 5874897-12-31");
        }
        out.int32(4);
        out.int32((int) (d.toEpochDay() - PG_EPOCH_DAY));
    }

    /** time (time_recv): int64 microseconds since midnight. */
    static void time(Object v, CopyBuffer out, long unit) {
        if (!(v instanceof LocalTime t)) {
            throw wrongClass(v, LocalTime.class, "time");
        }
        out.int32(8);
        out.int64(micros(t, unit, "time"));
    }

    private static long micros(LocalTime t, long unit, String pgType) {
        long nanos = t.toNanoOfDay();
        if (nanos % 1000 != 0) {
            throw subMicro(t, pgType);
        }
        long micros = nanos / 1000;
        if (micros % unit != 0) {
            throw tooPrecise(t, pgType, unit);
        }
        return micros;
    }

    private static ValueException subMicro(Object v, String pgType) {
        return bad(v + " has nanoseconds, but " + pgType + " stores microseconds");
    }

    /**
     * time with time zone (timetz_recv): int64 microseconds of the local time, then int32 zone
     * displacement in seconds WEST of UTC, so +05:30 is -19800.
     */
    static void timetz(Object v, CopyBuffer out, long unit) {
        if (!(v instanceof OffsetTime t)) {
            throw wrongClass(v, OffsetTime.class, "time with time zone");
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset <= -TZ_DISPLACEMENT_LIMIT || offset >= TZ_DISPLACEMENT_LIMIT) {
            throw bad(t + " has a zone offset beyond the +/-15:59:59 that time with time zone stores");
        }
        long micros = micros(t.toLocalTime(), unit, "time with time zone");
        out.int32(12);
        out.int64(micros);
        out.int32(-offset);
    }

    /** timestamp (timestamp_recv): int64 microseconds from 2000-01-01 00:00:00. */
    static void timestamp(Object v, CopyBuffer out, long unit) {
        if (!(v instanceof LocalDateTime t)) {
            throw wrongClass(v, LocalDateTime.class, "timestamp");
        }
        out.int32(8);
        out.int64(timestampMicros(t.toEpochSecond(ZoneOffset.UTC), t.getNano(), t, unit, "timestamp"));
    }

    /** timestamp with time zone: the instant, as microseconds from 2000-01-01 00:00:00 UTC. */
    static void timestamptz(Object v, CopyBuffer out, long unit) {
        if (!(v instanceof OffsetDateTime t)) {
            throw wrongClass(v, OffsetDateTime.class, "timestamp with time zone");
        }
        out.int32(8);
        out.int64(timestampMicros(t.toEpochSecond(), t.getNano(), t, unit, "timestamp with time zone"));
    }

    private static long timestampMicros(long epochSecond, int nano, Object v, long unit, String pgType) {
        long second = epochSecond - PG_EPOCH_SECOND;
        if (second < MIN_TIMESTAMP_SECOND || second >= END_TIMESTAMP_SECOND) {
            throw bad(v + " is out of range for " + pgType + ", which holds 4714-11-24 00:00 BC to 294276-12-31 "
                    + "23:59:59.999999");
        }
        if (nano % 1000 != 0) {
            throw subMicro(v, pgType);
        }
        long micros = second * 1_000_000L + nano / 1000;
        if (micros % unit != 0) {
            throw tooPrecise(v, pgType, unit);
        }
        return micros;
    }

    /** interval (interval_recv): int64 microseconds, int32 days, int32 months. */
    static void interval(Object v, CopyBuffer out, long unit) {
        if (!(v instanceof Interval i)) {
            throw wrongClass(v, Interval.class, "interval");
        }
        if (i.micros() % unit != 0) {
            throw tooPrecise(i, "interval", unit);
        }
        out.int32(16);
        out.int64(i.micros());
        out.int32(i.days());
        out.int32(i.months());
    }

    /** uuid (uuid_recv): the 16 bytes, most significant first. */
    static void uuid(Object v, CopyBuffer out) {
        if (!(v instanceof UUID u)) {
            throw wrongClass(v, UUID.class, "uuid");
        }
        out.int32(16);
        out.int64(u.getMostSignificantBits());
        out.int64(u.getLeastSignificantBits());
    }

    // ---------------------------------------------------------------------------------------
    // numeric

    /**
     * numeric (numeric_send/numeric_recv): int16 ndigits, int16 weight, int16 sign
     * (0x0000 positive, 0x4000 negative), int16 dscale, then ndigits int16 base-10000 digits,
     * most significant first. The value is the sum of digit[i] * 10000^(weight - i); dscale is
     * the number of decimal digits after the point. Like numeric_send, it writes no leading or
     * trailing zero digits, and zero as no digits with weight 0.
     *
     * <p>Accepts BigDecimal and BigInteger. NaN and infinities never arrive: BigDecimal has none.
     * For a column with a declared scale, refuses a value with more significant fractional digits
     * (PostgreSQL would round it) or more integer digits than precision - scale.
     */
    static final class NumericEncoder implements PgEncoder {
        private final int precision;
        private final int scale;
        /** Unscaled values below this (10^15) take {@link #writeSmall}: padded by up to 3 digits they still fit a long. */
        private static final long SMALL_LIMIT = 1_000_000_000_000_000L;
        private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
                100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
                10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L,
                100_000_000_000_000_000L};
        /** Scratch: the decimal digits of the unscaled value, as 0-9. */
        private byte[] dec = new byte[40];
        /** Scratch: the base-10000 groups of a small value, least significant first. */
        private final int[] groups = new int[5];

        /** @param precision the column's precision, 0 or -1 when unbounded; @param scale its scale, -1 when unset */
        NumericEncoder(int precision, int scale) {
            this.precision = precision;
            this.scale = scale;
        }

        @Override
        public void encode(Object v, CopyBuffer out) {
            if (v instanceof BigDecimal d) {
                int scale = d.scale();
                if (d.precision() <= 18) {
                    // The unscaled value without unscaledValue(), which allocates a BigInteger per value (and
                    // BigInteger.valueOf's shared small values keep escape analysis from removing it): with
                    // scale 0 a compact BigDecimal's longValue() is its unscaled long, and the temporary
                    // that scaleByPowerOfTen makes does not escape (PgCopyEncodeBench: 0 bytes a value).
                    write(d.signum(), d.scaleByPowerOfTen(scale).longValue(), null, scale, v, out);
                } else {
                    write(d.signum(), 0, d.unscaledValue(), scale, v, out);
                }
            } else if (v instanceof BigInteger b) {
                write(b.signum(), 0, b, 0, v, out);
            } else {
                throw wrongClass(v, BigDecimal.class, "numeric");
            }
        }

        /** @param small the unscaled value when {@code big} is null */
        private void write(int signum, long small, BigInteger big, int valueScale, Object v, CopyBuffer out) {
            int dscale = Math.max(0, valueScale);
            if (dscale > NUMERIC_MAX_DSCALE) {
                throw bad(abbreviate(v.toString()) + " has " + valueScale
                        + " digits after the point; PostgreSQL numeric stores at most 16383");
            }
            if (signum == 0) {
                checkTypmodScale(v, dscale, 0);
                out.int32(8);
                out.int16(0);
                out.int16(0);
                out.int16(0);
                out.int16(dscale);
                return;
            }
            if (big == null && valueScale >= 0 && small > -SMALL_LIMIT && small < SMALL_LIMIT) {
                writeSmall(signum, Math.abs(small), dscale, v, out);
                return;
            }
            int n = big == null ? decimalDigits(small) : decimalDigits(big);
            byte[] d = dec;
            // The value is d[0..n) followed by zerosAfter zeros, with dscale digits after the point.
            int zerosAfter = valueScale < 0 ? -valueScale : 0;
            long integerDigits = (long) n + zerosAfter - dscale;
            if (integerDigits > NUMERIC_MAX_INTEGER_DIGITS) {
                throw bad(abbreviate(v.toString()) + " has " + integerDigits
                        + " digits before the point; PostgreSQL numeric stores at most 131072");
            }
            int trailingZeros = 0;
            while (trailingZeros < n && d[n - 1 - trailingZeros] == 0) {
                trailingZeros++;
            }
            checkTypmodScale(v, dscale, trailingZeros);
            if (precision > 0 && scale >= 0 && integerDigits > precision - scale) {
                throw bad(abbreviate(v.toString()) + " has " + integerDigits + " digits before the point, more than the "
                        + (precision - scale) + " that numeric(" + precision + "," + scale + ") holds");
            }
            // Pad with zeros in front so that the decimal point falls between groups of four.
            int lead = Math.floorMod(-(int) integerDigits, 4);
            int weight = (int) ((lead + integerDigits) / 4 - 1);
            // Groups past the last stored digit are zero, and so are trailing zero groups: drop them.
            int significant = n - trailingZeros;
            int ndigits = (lead + significant + 3) / 4;
            out.int32(8 + 2 * ndigits);
            out.int16(ndigits);
            out.int16(weight);
            out.int16(signum < 0 ? NUMERIC_NEG : 0);
            out.int16(dscale);
            for (int g = 0; g < ndigits; g++) {
                int digit = 0;
                int k = g * 4 - lead;
                for (int j = 0; j < 4; j++, k++) {
                    digit = digit * 10 + (k >= 0 && k < n ? d[k] : 0);
                }
                out.int16(digit);
            }
        }

        /**
         * {@link #write} of a non-zero value below {@link #SMALL_LIMIT} with a scale of 0 or more,
         * straight from its unscaled long: padded with zeros on the right so that the point falls
         * between groups of four digits, the base-10000 groups are the remainders of successive
         * divisions, the first non-zero group from the right is the last one written, and the
         * weight is the number of groups before the point less one. The same bytes as the
         * digit-by-digit way, at a fraction of the divisions (PgCopyEncodeBench, numeric12_2).
         */
        private void writeSmall(int signum, long a, int dscale, Object v, CopyBuffer out) {
            int n = 1;
            while (n < 18 && a >= POW10[n]) {
                n++;
            }
            int trailingZeros = 0;
            if (precision > 0 && scale >= 0 && dscale > scale) {
                for (long t = a; t % 10 == 0; t /= 10) {
                    trailingZeros++;
                }
            }
            checkTypmodScale(v, dscale, trailingZeros);
            int integerDigits = n - dscale;
            if (precision > 0 && scale >= 0 && integerDigits > precision - scale) {
                throw bad(abbreviate(v.toString()) + " has " + integerDigits + " digits before the point, more than the "
                        + (precision - scale) + " that numeric(" + precision + "," + scale + ") holds");
            }
            int pad = (4 - (dscale & 3)) & 3;
            long x = a * POW10[pad];
            int fractionGroups = (dscale + pad) >> 2;
            int[] g = groups;
            int m = 0;
            while (x != 0) {
                g[m++] = (int) (x % 10_000);
                x /= 10_000;
            }
            int z = 0;
            while (g[z] == 0) {
                z++;
            }
            int ndigits = m - z;
            out.int32(8 + 2 * ndigits);
            out.int16(ndigits);
            out.int16(m - fractionGroups - 1);
            out.int16(signum < 0 ? NUMERIC_NEG : 0);
            out.int16(dscale);
            for (int k = m - 1; k >= z; k--) {
                out.int16(g[k]);
            }
        }

        /** For a column with a declared scale: refuses a value whose significant fractional digits exceed it. */
        private void checkTypmodScale(Object v, int dscale, int trailingZeros) {
            if (precision > 0 && scale >= 0 && dscale > scale) {
                int significantScale = dscale - Math.min(trailingZeros, dscale);
                if (significantScale > scale) {
                    throw bad(abbreviate(v.toString()) + " has " + significantScale + " digits after the point, more "
                            + "than the " + scale + " of numeric(" + precision + "," + scale
                            + "), and PostgreSQL would round it");
                }
            }
        }

        /** Fills {@link #dec} with the decimal digits of |unscaled| (no leading zeros) and returns their count. */
        private int decimalDigits(BigInteger unscaled) {
            if (unscaled.bitLength() < 63) {
                return decimalDigits(unscaled.longValue());
            }
            String s = unscaled.abs().toString();
            int n = s.length();
            if (dec.length < n) {
                dec = new byte[Math.max(n, dec.length * 2)];
            }
            byte[] d = dec;
            for (int i = 0; i < n; i++) {
                d[i] = (byte) (s.charAt(i) - '0');
            }
            return n;
        }

        /** {@link #decimalDigits(BigInteger)} of a value whose magnitude is below 2^63. */
        private int decimalDigits(long unscaled) {
            long u = Math.abs(unscaled);
            int n = 0;
            for (long t = u; t != 0; t /= 10) {
                n++;
            }
            byte[] d = dec;
            for (int i = n - 1; i >= 0; i--) {
                d[i] = (byte) (u % 10);
                u /= 10;
            }
            return n;
        }
    }

    // ---------------------------------------------------------------------------------------
    // arrays

    /**
     * Arrays (array_recv): int32 ndim, int32 flags (1 when an element is NULL), int32 element type
     * OID, then per dimension int32 length and int32 lower bound (1), then each element as an
     * int32 length (-1 for NULL) and its binary form, in row-major order. An empty list is an
     * empty array (ndim 0). A list of lists is a multidimensional array; every sub-list of a level
     * must have the same size, as PostgreSQL arrays are rectangular.
     */
    static final class ArrayEncoder implements PgEncoder {
        private final int elementOid;
        private final PgEncoder element;
        private final String pgType;
        private final int[] dims = new int[MAX_ARRAY_DIMENSIONS];
        private int index;

        ArrayEncoder(int elementOid, PgEncoder element, String pgType) {
            this.elementOid = elementOid;
            this.element = element;
            this.pgType = pgType;
        }

        @Override
        public void encode(Object v, CopyBuffer out) {
            if (!(v instanceof List<?> list)) {
                throw wrongClass(v, List.class, pgType);
            }
            int ndim = 0;
            Object level = list;
            while (level instanceof List<?> l) {
                if (ndim == MAX_ARRAY_DIMENSIONS) {
                    throw bad("an array of more than " + MAX_ARRAY_DIMENSIONS + " dimensions cannot be written into "
                            + pgType);
                }
                dims[ndim++] = l.size();
                if (l.isEmpty()) {
                    break;
                }
                level = l.get(0);
            }
            int start = out.reserveLength();
            if (list.isEmpty()) {
                out.int32(0);
                out.int32(0);
                out.int32(elementOid);
                out.patchLength(start);
                return;
            }
            if (dims[ndim - 1] == 0) {
                throw bad("an array with an empty inner array cannot be written into " + pgType
                        + ": PostgreSQL arrays are rectangular");
            }
            out.int32(ndim);
            int flags = out.reserveLength();
            out.int32(elementOid);
            for (int k = 0; k < ndim; k++) {
                out.int32(dims[k]);
                out.int32(1);
            }
            index = 0;
            boolean hasNull = writeLevel(list, 0, ndim, out);
            out.putInt(flags, hasNull ? 1 : 0);
            out.patchLength(start);
        }

        private boolean writeLevel(List<?> list, int level, int ndim, CopyBuffer out) {
            if (list.size() != dims[level]) {
                throw bad("an array whose sub-arrays differ in length cannot be written into " + pgType
                        + ": PostgreSQL arrays are rectangular");
            }
            boolean hasNull = false;
            boolean inner = level < ndim - 1;
            for (Object e : list) {
                if (inner) {
                    if (!(e instanceof List<?> sub)) {
                        throw bad("an array that mixes elements and sub-arrays cannot be written into " + pgType);
                    }
                    hasNull |= writeLevel(sub, level + 1, ndim, out);
                } else if (e == null) {
                    out.int32(-1);
                    hasNull = true;
                    index++;
                } else if (e instanceof List<?>) {
                    throw bad("an array whose sub-arrays differ in depth cannot be written into " + pgType);
                } else {
                    try {
                        element.encode(e, out);
                    } catch (ValueException x) {
                        throw bad("element " + (index + 1) + " of the array: " + x.reason());
                    }
                    index++;
                }
            }
            return hasNull;
        }
    }
}
