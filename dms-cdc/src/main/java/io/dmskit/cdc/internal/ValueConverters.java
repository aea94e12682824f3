package io.dmskit.cdc.internal;

import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ChangeEvent;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Turns the values of Debezium's Connect records into the Java classes of dmskit's logical types,
 * exactly as the full-load readers produce them (see {@link ChangeEvent} for the classes). The
 * converter of a column is chosen once, from its logical {@link DataType} (read from the source's
 * catalog) and its Connect {@link Schema}; when the catalog does not know the column, from the
 * Connect schema alone.
 *
 * <p>Decisions, where Debezium's representation leaves room:
 * <ul>
 *   <li>DECIMAL arrives as text ({@code decimal.handling.mode=string}), so precision and scale are
 *       kept and {@code NaN}/{@code Infinity} are seen: those become {@link ChangeEvent.Unrepresentable}.</li>
 *   <li>PostgreSQL {@code infinity}/{@code -infinity} dates and timestamps arrive from Debezium as
 *       fixed out-of-range numbers (or the text {@code infinity} for timestamptz); they are
 *       recognised and become {@link ChangeEvent.Unrepresentable}, never a far-future date.
 *       So does {@code 24:00:00}.</li>
 *   <li>Unchanged PostgreSQL TOAST values arrive as the change source's placeholder (a text no
 *       real value has) and become {@link ChangeEvent#UNAVAILABLE}.</li>
 *   <li>BIT arrives as the bit string from PostgreSQL ({@code PgExactValues}) and as
 *       little-endian bytes (or a boolean for {@code BIT(1)}) from MariaDB; both become a string
 *       of the column's length, most significant bit first.</li>
 *   <li>MariaDB ENUM and SET arrive as the binlog's index and bits ({@code MariaDbExactValues}) and
 *       become labels from the column's type in the source's catalog (Debezium's own labels lose
 *       characters outside the Basic Multilingual Plane).</li>
 *   <li>MariaDB TIME arrives as signed microseconds and becomes an {@link Interval};
 *       PostgreSQL {@code interval} arrives as "months days micros" ({@code PgExactValues}).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class ValueConverters {
    /** Debezium's (pgjdbc's) +infinity and -infinity of a PostgreSQL timestamp, in microseconds and in milliseconds. */
    static final long PG_INFINITY_MICROS = 9_223_372_036_825_200_000L;
    static final long PG_NEG_INFINITY_MICROS = -9_223_372_036_832_400_000L;
    static final long PG_INFINITY_MILLIS = 9_223_372_036_825_200L;
    static final long PG_NEG_INFINITY_MILLIS = -9_223_372_036_832_400L;
    /** 4714-11-24 BC, PostgreSQL's first date and timestamp: anything before it is not a value. */
    static final long PG_MIN_EPOCH_DAY = -2_440_588L;
    static final long PG_MIN_EPOCH_MICROS = PG_MIN_EPOCH_DAY * 86_400_000_000L;

    static final String BIT_STRING = "io.dmskit.BitString";
    static final String INTERVAL = "io.dmskit.Interval";
    /** A MariaDB NOT NULL DATE or DATETIME as text, or the zero date ({@code MariaDbExactValues}). */
    static final String MYSQL_TEMPORAL = "io.dmskit.MySqlTemporal";
    /** A MariaDB ENUM value as its index, and a SET value as its bits ({@code MariaDbExactValues}). */
    static final String ENUM_INDEX = "io.dmskit.EnumIndex";
    static final String SET_BITS = "io.dmskit.SetBits";

    /** Converts one Connect value (never null: nulls stay null without a call). */
    @FunctionalInterface
    public interface Converter {
        Object convert(Object value);
    }

    /**
     * How a source's values are represented.
     *
     * @param placeholder      the text of an unchanged TOAST value, or null when the source has none
     * @param timeIsInterval   whether a TIME column (MySQL/MariaDB) is an INTERVAL when the catalog does not tell
     * @param zeroDatesAsNull  whether the change stream delivers a MySQL zero date ({@code 0000-00-00}) as NULL
     *                         (and a zero TIMESTAMP as the epoch), as Debezium's binlog decoder does
     */
    public record Options(String placeholder, boolean timeIsInterval, boolean zeroDatesAsNull) {
        /** Options of a source whose change stream delivers every date as it is. */
        public Options(String placeholder, boolean timeIsInterval) {
            this(placeholder, timeIsInterval, false);
        }
    }

    private ValueConverters() {
    }

    /** The converter of a column, with the placeholder check first when the source has one. */
    public static Converter of(DataType type, Schema schema, Options options) {
        TypeKind kind = type != null && type.kind() != TypeKind.UNSUPPORTED ? type.kind() : kindOf(schema, options);
        Converter c = forKind(kind, type, schema, options);
        if (options.placeholder() == null || !placeholderPossible(schema)) {
            return c;
        }
        String p = options.placeholder();
        byte[] pb = p.getBytes(StandardCharsets.UTF_8);
        List<String> textArray = List.of(p);
        List<Integer> intArray = new ArrayList<>();
        List<Long> longArray = new ArrayList<>();
        for (byte b : pb) {
            intArray.add((int) b);
            longArray.add((long) b);
        }
        return v -> {
            if (v instanceof String s ? s.equals(p)
                    : v instanceof byte[] b ? Arrays.equals(b, pb)
                    : v instanceof ByteBuffer bb ? bb.equals(ByteBuffer.wrap(pb))
                    : v instanceof List<?> l && (l.equals(textArray) || l.equals(intArray) || l.equals(longArray))) {
                return ChangeEvent.UNAVAILABLE;
            }
            return c.convert(v);
        };
    }

    private static boolean placeholderPossible(Schema schema) {
        return switch (schema.type()) {
            case STRING, BYTES, ARRAY, MAP -> true;
            default -> false;
        };
    }

    /** The logical kind that a Connect schema stands for, when the catalog does not know the column. */
    static TypeKind kindOf(Schema schema, Options options) {
        String name = schema.name() == null ? "" : schema.name();
        switch (name) {
            case "io.debezium.time.Date": return TypeKind.DATE;
            case MYSQL_TEMPORAL: return TypeKind.TIMESTAMP;
            case "io.debezium.time.Time", "io.debezium.time.MicroTime", "io.debezium.time.NanoTime":
                return options.timeIsInterval() ? TypeKind.INTERVAL : TypeKind.TIME;
            case "io.debezium.time.Timestamp", "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp":
                return TypeKind.TIMESTAMP;
            case "io.debezium.time.ZonedTimestamp": return TypeKind.TIMESTAMP_TZ;
            case "io.debezium.time.ZonedTime": return TypeKind.TIME_TZ;
            case "io.debezium.time.Year": return TypeKind.YEAR;
            case "io.debezium.data.Bits", BIT_STRING: return TypeKind.BIT;
            case "io.debezium.data.Json": return TypeKind.JSON;
            case "io.debezium.data.Uuid": return TypeKind.UUID;
            case "io.debezium.data.Enum", ENUM_INDEX: return TypeKind.ENUM;
            case "io.debezium.data.EnumSet", SET_BITS: return TypeKind.SET;
            case "org.apache.kafka.connect.data.Decimal", "io.debezium.data.VariableScaleDecimal": return TypeKind.DECIMAL;
            case "io.debezium.time.Interval", "io.debezium.time.MicroDuration", INTERVAL: return TypeKind.INTERVAL;
            default: break;
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> TypeKind.BIGINT;
            case FLOAT32 -> TypeKind.REAL;
            case FLOAT64 -> TypeKind.DOUBLE;
            case BOOLEAN -> TypeKind.BOOLEAN;
            case STRING -> TypeKind.TEXT;
            case BYTES -> TypeKind.BLOB;
            case ARRAY -> TypeKind.ARRAY;
            default -> TypeKind.UNSUPPORTED;
        };
    }

    private static Converter forKind(TypeKind kind, DataType type, Schema schema, Options options) {
        switch (kind) {
            case BOOLEAN:
                return v -> v instanceof Boolean ? v : v instanceof Number n ? Boolean.valueOf(n.longValue() != 0) : unexpected(v, kind);
            case TINYINT, SMALLINT, MEDIUMINT, INTEGER, YEAR:
                return v -> v instanceof Number n ? (Object) Long.valueOf(n.longValue()) : unexpected(v, kind);
            case BIGINT:
                if (type != null && type.unsigned()) {
                    return ValueConverters::unsignedBigint;
                }
                return v -> v instanceof Long ? v : v instanceof Number n && !(n instanceof BigDecimal) && !(n instanceof BigInteger)
                        ? (Object) Long.valueOf(n.longValue()) : bigintFromText(v);
            case DECIMAL:
                return ValueConverters::decimal;
            case REAL:
                return ValueConverters::real;
            case DOUBLE:
                return v -> v instanceof Double ? v : v instanceof Float f ? (Object) Double.valueOf(f.doubleValue())
                        : v instanceof Number n ? (Object) Double.valueOf(n.doubleValue()) : unexpected(v, kind);
            case ENUM, SET:
                if (ENUM_INDEX.equals(schema.name()) || SET_BITS.equals(schema.name())) {
                    List<String> labels = type == null ? List.of() : type.values();
                    return ENUM_INDEX.equals(schema.name()) ? v -> enumLabel(v, labels) : v -> setLabels(v, labels);
                }
                return v -> v instanceof String ? v : unexpected(v, kind);
            case CHAR, VARCHAR, TEXT, JSON:
                return v -> v instanceof String ? v : unexpected(v, kind);
            case BINARY, VARBINARY, BLOB:
                return ValueConverters::bytes;
            case BIT: {
                int length = type != null && type.length() > 0 ? type.length() : parameterLength(schema);
                return v -> bits(v, length);
            }
            case DATE:
                return MYSQL_TEMPORAL.equals(schema.name()) ? v -> temporalText(v, TypeKind.DATE) : ValueConverters::date;
            case TIME:
                return v -> time(v, schema);
            case TIME_TZ:
                return ValueConverters::timeTz;
            case TIMESTAMP:
                return MYSQL_TEMPORAL.equals(schema.name()) ? v -> temporalText(v, TypeKind.TIMESTAMP) : v -> timestamp(v, schema);
            case TIMESTAMP_TZ:
                return ValueConverters::timestampTz;
            case INTERVAL:
                return v -> interval(v, schema);
            case UUID:
                return ValueConverters::uuid;
            case ARRAY: {
                Schema elementSchema = schema.valueSchema();
                if (elementSchema == null) {
                    return v -> v;
                }
                DataType element = type == null ? null : type.element();
                Converter e = of(element, elementSchema, options);
                return v -> {
                    if (!(v instanceof List<?> l)) {
                        return unexpected(v, kind);
                    }
                    List<Object> out = new ArrayList<>(l.size());
                    for (Object x : l) {
                        out.add(x == null ? null : e.convert(x));
                    }
                    return Collections.unmodifiableList(out);
                };
            }
            case UNSUPPORTED:
            default:
                return v -> v instanceof ByteBuffer b ? bytes(b) : v instanceof Struct ? v.toString() : v;
        }
    }

    /** The label of an ENUM index (1 for the first label; 0, the server's error value, is the empty string). */
    static Object enumLabel(Object v, List<String> labels) {
        if (!(v instanceof Number n)) {
            return unexpected(v, TypeKind.ENUM);
        }
        long i = n.longValue();
        if (i == 0) {
            return "";
        }
        if (i < 0 || i > labels.size()) {
            return new ChangeEvent.Unrepresentable("index " + i, labels.isEmpty()
                    ? "the source's catalog does not give the labels of the ENUM column"
                    : "the ENUM column has " + labels.size() + " labels in the source's catalog");
        }
        return labels.get((int) i - 1);
    }

    /** The labels of SET bits, in the order of the type's labels, separated by commas (the empty string for none). */
    static Object setLabels(Object v, List<String> labels) {
        if (!(v instanceof Number n)) {
            return unexpected(v, TypeKind.SET);
        }
        long bits = n.longValue();
        if (labels.size() < 64 && (bits >>> labels.size()) != 0) {
            return new ChangeEvent.Unrepresentable("bits " + Long.toBinaryString(bits), labels.isEmpty()
                    ? "the source's catalog does not give the labels of the SET column"
                    : "the SET column has " + labels.size() + " labels in the source's catalog");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            if ((bits & (1L << i)) != 0) {
                out.append(out.length() > 0 ? "," : "").append(labels.get(i));
            }
        }
        return out.toString();
    }

    private static int parameterLength(Schema schema) {
        String l = schema.parameters() == null ? null : schema.parameters().get("length");
        try {
            return l == null ? 0 : Integer.parseInt(l);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static ChangeEvent.Unrepresentable unexpected(Object v, TypeKind kind) {
        return new ChangeEvent.Unrepresentable(String.valueOf(v), "Debezium delivered a " + v.getClass().getName()
                + " for a " + kind + " column, which dmskit does not convert");
    }

    private static Object bigintFromText(Object v) {
        try {
            if (v instanceof BigDecimal d) {
                return d.longValueExact();
            }
            if (v instanceof BigInteger i) {
                return i.longValueExact();
            }
            if (v instanceof String s) {
                return Long.valueOf(s);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return new ChangeEvent.Unrepresentable(String.valueOf(v), "not a 64-bit integer");
        }
        return unexpected(v, TypeKind.BIGINT);
    }

    private static Object unsignedBigint(Object v) {
        try {
            if (v instanceof BigDecimal d) {
                return d.toBigIntegerExact();
            }
            if (v instanceof BigInteger) {
                return v;
            }
            if (v instanceof String s) {
                return new BigDecimal(s).toBigIntegerExact();
            }
            if (v instanceof Long l) {
                // a raw binlog value: the bits of an unsigned 64-bit number
                return new BigInteger(Long.toUnsignedString(l));
            }
            if (v instanceof Number n) {
                return BigInteger.valueOf(n.longValue());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return new ChangeEvent.Unrepresentable(String.valueOf(v), "not an unsigned 64-bit integer");
        }
        return unexpected(v, TypeKind.BIGINT);
    }

    private static Object decimal(Object v) {
        if (v instanceof String s) {
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                return new ChangeEvent.Unrepresentable(s, "numeric " + s + " has no java.math.BigDecimal value");
            }
        }
        if (v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Struct s && s.schema().field("scale") != null && s.schema().field("value") != null) {
            byte[] b = s.getBytes("value");
            return new BigDecimal(new BigInteger(b), s.getInt32("scale"));
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        return unexpected(v, TypeKind.DECIMAL);
    }

    private static Object real(Object v) {
        if (v instanceof Float) {
            return v;
        }
        if (v instanceof Double d) {
            float f = d.floatValue();
            if (f == d || Double.isNaN(d)) {
                return f;
            }
            return new ChangeEvent.Unrepresentable(d.toString(), d + " is not a 32-bit float value");
        }
        return v instanceof Number n ? (Object) Float.valueOf(n.floatValue()) : unexpected(v, TypeKind.REAL);
    }

    private static Object bytes(Object v) {
        if (v instanceof byte[]) {
            return v;
        }
        if (v instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return out;
        }
        return unexpected(v, TypeKind.BLOB);
    }

    /** A bit string of {@code length} bits (all of the value's when 0), most significant first. */
    static Object bits(Object v, int length) {
        if (v instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '0' && c != '1') {
                    return new ChangeEvent.Unrepresentable(s, "not a bit string");
                }
            }
            return s;
        }
        if (v instanceof Boolean b) {
            String one = b ? "1" : "0";
            return length > 1 ? "0".repeat(length - 1) + one : one;
        }
        byte[] little;
        if (v instanceof byte[] a) {
            little = a;
        } else if (v instanceof ByteBuffer bb) {
            little = (byte[]) bytes(bb);
        } else {
            return unexpected(v, TypeKind.BIT);
        }
        // Debezium's Bits: little-endian bytes (java.util.BitSet#toByteArray), trailing zero bytes dropped
        int n = length > 0 ? length : Math.max(1, little.length * 8);
        for (int k = n; k < little.length * 8; k++) {
            if (((little[k / 8] >> (k % 8)) & 1) != 0) {
                return new ChangeEvent.Unrepresentable(java.util.HexFormat.of().formatHex(little),
                        "BIT value has more than " + n + " bits");
            }
        }
        char[] out = new char[n];
        for (int k = 0; k < n; k++) {
            int bit = k / 8 < little.length ? (little[k / 8] >> (k % 8)) & 1 : 0;
            out[n - 1 - k] = bit == 1 ? '1' : '0';
        }
        return new String(out);
    }

    /** A date or date-time as ISO-8601 text; {@code 0000-00-00} (a zero date) becomes a {@link io.dmskit.schema.ZeroDate}. */
    static Object temporalText(Object v, TypeKind kind) {
        if (!(v instanceof String s)) {
            return unexpected(v, kind);
        }
        if (io.dmskit.schema.ZeroDate.isZero(s)) {
            return new io.dmskit.schema.ZeroDate(kind == TypeKind.DATE ? s : s + " 00:00:00", kind);
        }
        try {
            return kind == TypeKind.DATE ? LocalDate.parse(s) : LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return new ChangeEvent.Unrepresentable(s, "not a " + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static Object date(Object v) {
        if (!(v instanceof Integer) && !(v instanceof Long)) {
            return unexpected(v, TypeKind.DATE);
        }
        long days = ((Number) v).longValue();
        if (days < PG_MIN_EPOCH_DAY) {
            return new ChangeEvent.Unrepresentable("infinity", "date 'infinity' or '-infinity' has no java.time.LocalDate value");
        }
        return LocalDate.ofEpochDay(days);
    }

    private static long micros(Object v, Schema schema) {
        long n = ((Number) v).longValue();
        String name = schema.name() == null ? "" : schema.name();
        return switch (name) {
            case "io.debezium.time.Time", "io.debezium.time.Timestamp" -> Math.multiplyExact(n, 1000L);
            case "io.debezium.time.NanoTime", "io.debezium.time.NanoTimestamp" -> Math.floorDiv(n, 1000L);
            default -> n;
        };
    }

    private static Object time(Object v, Schema schema) {
        if (!(v instanceof Number)) {
            return unexpected(v, TypeKind.TIME);
        }
        long us = micros(v, schema);
        if (us == 86_400_000_000L) {
            return new ChangeEvent.Unrepresentable("24:00:00", "time 24:00:00 has no java.time.LocalTime value");
        }
        if (us < 0 || us > 86_400_000_000L) {
            return new ChangeEvent.Unrepresentable(Long.toString(us), "time of " + us + " microseconds is not a time of day");
        }
        return LocalTime.ofNanoOfDay(us * 1000);
    }

    private static Object timeTz(Object v) {
        if (!(v instanceof String s)) {
            return unexpected(v, TypeKind.TIME_TZ);
        }
        try {
            return OffsetTime.parse(s);
        } catch (DateTimeParseException e) {
            return new ChangeEvent.Unrepresentable(s, "time with time zone " + s + " has no java.time.OffsetTime value");
        }
    }

    private static Object timestamp(Object v, Schema schema) {
        if (!(v instanceof Number)) {
            return unexpected(v, TypeKind.TIMESTAMP);
        }
        long raw = ((Number) v).longValue();
        boolean millis = "io.debezium.time.Timestamp".equals(schema.name());
        if (raw == (millis ? PG_INFINITY_MILLIS : PG_INFINITY_MICROS)) {
            return new ChangeEvent.Unrepresentable("infinity", "timestamp 'infinity' has no java.time.LocalDateTime value");
        }
        if (raw == (millis ? PG_NEG_INFINITY_MILLIS : PG_NEG_INFINITY_MICROS)) {
            return new ChangeEvent.Unrepresentable("-infinity", "timestamp '-infinity' has no java.time.LocalDateTime value");
        }
        long us;
        try {
            us = micros(v, schema);
        } catch (ArithmeticException e) {
            return new ChangeEvent.Unrepresentable(Long.toString(raw), "timestamp out of range");
        }
        if (us < PG_MIN_EPOCH_MICROS) {
            // Debezium's epoch microseconds overflow past year 294247 and wrap to large negatives
            return new ChangeEvent.Unrepresentable(Long.toString(raw), "timestamp out of the range that Debezium represents");
        }
        return LocalDateTime.ofEpochSecond(Math.floorDiv(us, 1_000_000L), (int) Math.floorMod(us, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    private static Object timestampTz(Object v) {
        if (!(v instanceof String s)) {
            return unexpected(v, TypeKind.TIMESTAMP_TZ);
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(s);
            return t.getOffset().equals(ZoneOffset.UTC) ? t : t.withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return new ChangeEvent.Unrepresentable(s, "timestamp with time zone '" + s + "' has no java.time.OffsetDateTime value");
        }
    }

    private static Object interval(Object v, Schema schema) {
        if (v instanceof Number) {
            // MySQL/MariaDB TIME: a signed duration, which may exceed a day
            return Interval.ofMicros(micros(v, schema));
        }
        if (v instanceof String s && INTERVAL.equals(schema.name())) {
            String[] p = s.split(" ");
            try {
                return new Interval(Math.toIntExact(Long.parseLong(p[0])), Integer.parseInt(p[1]), Long.parseLong(p[2]));
            } catch (RuntimeException e) {
                return new ChangeEvent.Unrepresentable(s, "interval out of range");
            }
        }
        return unexpected(v, TypeKind.INTERVAL);
    }

    private static Object uuid(Object v) {
        if (v instanceof String s) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                return new ChangeEvent.Unrepresentable(s, "not a UUID");
            }
        }
        if (v instanceof UUID) {
            return v;
        }
        return unexpected(v, TypeKind.UUID);
    }
}
