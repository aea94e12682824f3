package io.dmskit.schema;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.internal.Identifiers;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An ordered list of {@link TypeRule}s: the first rule whose condition holds for a source column
 * decides its target type, nullability and value fixer. {@link #defaults()} are the built-in
 * rules, each a named constant of this class; {@link #with} puts a user's rules before them, and
 * {@link #without} removes one by name:
 * <pre>{@code
 * TypeRules rules = TypeRules.defaults()
 *         .with(TypeRules.TINYINT1_TO_BOOLEAN, TypeRules.zeroDateToNull())
 *         .without("json-to-jsonb");
 * ConvertedSchema schema = SchemaConverter.convert(catalog, new PostgresDialect(), rules);
 * }</pre>
 *
 * <p>The defaults never lose a value: every rule that could (booleans from integers, UUIDs from
 * text, zero dates to NULL) is opt-in. A rule decides a column alone (rules do not compose): a
 * user's zero-date rule, for example, replaces {@code datetime-as-timestamp} for the columns it
 * takes, with the same target type. In order:
 * <table>
 * <caption>Default rules</caption>
 * <tr><th>name</th><th>source -&gt; target</th></tr>
 * <tr><td>{@code mysql-timestamp-as-timestamptz}</td><td>MySQL TIMESTAMP (an instant) -&gt; timestamp with time zone;
 *     a zero date fails its row</td></tr>
 * <tr><td>{@code datetime-as-timestamp}</td><td>MySQL DATETIME (a wall-clock time) -&gt; timestamp without time zone;
 *     a zero date fails its row</td></tr>
 * <tr><td>{@code zero-date-fail}</td><td>MySQL DATE -&gt; date; a zero date fails its row</td></tr>
 * <tr><td>{@code unsigned-integer-widen}</td><td>an unsigned integer -&gt; the next wider signed integer
 *     (BIGINT UNSIGNED -&gt; DECIMAL(20,0)) where the target has no unsigned types</td></tr>
 * <tr><td>{@code tinyint-lossless}</td><td>MySQL TINYINT(1) -&gt; smallint (every value from -128 to 127 kept);
 *     see {@link #TINYINT1_TO_BOOLEAN}</td></tr>
 * <tr><td>{@code timestamptz-to-utc-datetime}</td><td>timestamp with time zone -&gt; MySQL DATETIME holding the UTC
 *     date and time (warning: the offset is dropped)</td></tr>
 * <tr><td>{@code enum-to-pg-enum-type}</td><td>ENUM -&gt; PostgreSQL: a named enum type, created before the tables
 *     (a PostgreSQL source's own type keeps its name; a MySQL inline enum gets {@code <table>_<column>})</td></tr>
 * <tr><td>{@code set-to-varchar}</td><td>MySQL SET -&gt; varchar of the comma-separated labels (PostgreSQL: with a
 *     CHECK that every element is a label)</td></tr>
 * <tr><td>{@code json-to-jsonb}</td><td>JSON from another engine -&gt; PostgreSQL jsonb (warning: key order, duplicate
 *     keys and whitespace are not kept)</td></tr>
 * <tr><td>{@code text-size-class}</td><td>TEXT / BLOB -&gt; the target's class that holds the source's largest value
 *     (PostgreSQL text / bytea; MySQL the smallest of tiny / regular / medium / long)</td></tr>
 * <tr><td>{@code h2-negative-zero}</td><td>REAL / DOUBLE -&gt; H2: the same type; -0.0 becomes 0.0, as H2
 *     stores it (warning)</td></tr>
 * <tr><td>{@code json-to-h2-json}</td><td>JSON -&gt; H2 JSON, which drops the whitespace between tokens (warning)</td></tr>
 * <tr><td>{@code pg-numeric-scale-kept}</td><td>PostgreSQL numeric(p,s) with s &lt; 0 or s &gt; p -&gt; PostgreSQL: the same
 *     type, so that the target rounds as the source</td></tr>
 * <tr><td>{@code pg-numeric-scale-widened}</td><td>the same -&gt; another engine: the DECIMAL that holds its values
 *     (numeric(5,-2): DECIMAL(7,0)); warning: new values are not rounded as in the source</td></tr>
 * <tr><td>{@code dialect-default}</td><td>anything else -&gt; the target dialect's {@link Dialect#targetType}</td></tr>
 * </table>
 * Opt-in rules: {@link #TINYINT1_TO_BOOLEAN}, {@link #BIT1_TO_BOOLEAN}, {@link #zeroDateToNull()},
 * {@link #zeroDateTo(LocalDate)}, {@link #datetimeAsInstant(ZoneId)}, {@link #TIMESTAMPTZ_TO_MYSQL_TIMESTAMP},
 * {@link #ENUM_TO_VARCHAR_CHECK}, {@link #SET_TO_ARRAY}, {@link #JSON_TO_JSON}, {@link #CHAR36_TO_UUID},
 * {@link #BINARY16_TO_UUID}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TypeRules {

    private static final String[] MYSQL_FAMILY = {"mysql", "mariadb"};

    private static final OffsetDateTime MYSQL_TIMESTAMP_MIN = OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC);
    private static final OffsetDateTime MYSQL_TIMESTAMP_MAX =
            OffsetDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000, ZoneOffset.UTC);

    /**
     * How a source column converts: the first rule that applies, the target type (spelled by the
     * target dialect) and nullability, and the value fixer that the copy pipeline applies to each
     * non-null value (null when values pass unchanged).
     */
    public record Resolution(DataType type, boolean nullable, Function<Object, Object> valueFixer, TypeRule rule) {

        public Resolution {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rule, "rule");
        }

        public boolean hasValueFixer() {
            return valueFixer != null;
        }
    }

    // ------------------------------------------------------------------------------------ default rules

    /** Fails a zero date; passes every other value. */
    private static final Function<Object, Object> FAIL_ZERO_DATES = v -> {
        if (v instanceof ZeroDate z) {
            throw new DmsException(ErrorCode.DATA_ERROR, "zero date '" + z.text() + "' has no equivalent"
                    + " (rule zero-date-fail; the rules zero-date-to-null or zero-date-to-fixed convert it)");
        }
        return v;
    };

    /**
     * {@code zero-date-fail}: MySQL's zero dates fail their row with a data error naming the value
     * (the default; {@link #DATETIME_AS_TIMESTAMP} and {@link #MYSQL_TIMESTAMP_AS_TIMESTAMPTZ} fail them
     * the same way).
     */
    public static final TypeRule ZERO_DATE_FAIL = TypeRule.named("zero-date-fail")
            .description("A MySQL zero date ('0000-00-00', or a zero month or day) has no equivalent and fails its row; "
                    + "use zero-date-to-null or zero-date-to-fixed to convert it instead")
            .when(c -> c.sourceIs(MYSQL_FAMILY) && isDateKind(c.type().kind()) && !c.sameEngine())
            .to(c -> c.type())
            .using(FAIL_ZERO_DATES)
            .build();

    /** {@code unsigned-integer-widen}: an unsigned integer becomes the next wider signed one where the target has no unsigned types. */
    public static final TypeRule UNSIGNED_INTEGER_WIDEN = TypeRule.named("unsigned-integer-widen")
            .description("An unsigned integer becomes the next wider signed integer (TINYINT UNSIGNED -> smallint, "
                    + "INT UNSIGNED -> bigint, BIGINT UNSIGNED -> numeric(20,0)), so that every value fits")
            .when(c -> c.type().unsigned() && c.type().kind().isInteger() && !c.targetIs(MYSQL_FAMILY))
            .to(c -> c.type())
            .build();

    /** {@code tinyint-lossless}: MySQL TINYINT(1) stays an integer (the default; {@link #TINYINT1_TO_BOOLEAN} is opt-in). */
    public static final TypeRule TINYINT_LOSSLESS = TypeRule.named("tinyint-lossless")
            .description("TINYINT(1) stays an integer (smallint), so that values other than 0 and 1 are kept; "
                    + "tinyint1-to-boolean makes it a boolean")
            .when(c -> c.type().kind() == TypeKind.TINYINT && c.type().length() == 1 && !c.targetIs(MYSQL_FAMILY))
            .to(c -> c.type())
            .build();

    /** {@code mysql-timestamp-as-timestamptz}: MySQL TIMESTAMP, an instant, becomes a timestamp with time zone. */
    public static final TypeRule MYSQL_TIMESTAMP_AS_TIMESTAMPTZ = TypeRule.named("mysql-timestamp-as-timestamptz")
            .description("MySQL TIMESTAMP stores an instant (UTC inside, shown in the session's time zone): it becomes "
                    + "timestamp with time zone")
            .when(c -> c.sourceIs(MYSQL_FAMILY) && c.type().kind() == TypeKind.TIMESTAMP_TZ && !c.targetIs(MYSQL_FAMILY))
            .to(c -> c.type())
            .using(FAIL_ZERO_DATES)
            .build();

    /** {@code datetime-as-timestamp}: MySQL DATETIME, a wall-clock time, becomes a timestamp without time zone. */
    public static final TypeRule DATETIME_AS_TIMESTAMP = TypeRule.named("datetime-as-timestamp")
            .description("MySQL DATETIME is a date and time without a time zone: it becomes timestamp without time zone; "
                    + "datetime-as-timestamptz reads it in a zone instead")
            .when(c -> c.sourceIs(MYSQL_FAMILY) && c.type().kind() == TypeKind.TIMESTAMP && !c.targetIs(MYSQL_FAMILY))
            .to(c -> c.type())
            .using(FAIL_ZERO_DATES)
            .build();

    /** {@code timestamptz-to-utc-datetime}: a timestamp with time zone becomes a MySQL DATETIME holding its UTC date and time. */
    public static final TypeRule TIMESTAMPTZ_TO_UTC_DATETIME = TypeRule.named("timestamptz-to-utc-datetime")
            .description("MySQL has no timestamp with time zone over the whole range (TIMESTAMP ends in 2038): the instant "
                    + "is stored as its UTC date and time in a DATETIME; the offset is dropped")
            .when(c -> c.type().kind() == TypeKind.TIMESTAMP_TZ && c.targetIs(MYSQL_FAMILY) && !c.sourceIs(MYSQL_FAMILY))
            .to(c -> c.type())
            .warning()
            .build();

    /**
     * {@code enum-to-pg-enum-type}: an ENUM becomes a PostgreSQL enum type, created before the
     * tables. A PostgreSQL source's type keeps its name; another engine's inline enum gets a type
     * named {@code <table>_<column>} in the table's schema (shortened to 63 characters with a
     * hash suffix when longer).
     */
    public static final TypeRule ENUM_TO_PG_ENUM_TYPE = TypeRule.named("enum-to-pg-enum-type")
            .description("An ENUM becomes a PostgreSQL enum type (CREATE TYPE ... AS ENUM), created before the tables")
            .when(c -> c.type().kind() == TypeKind.ENUM && c.targetIs("postgresql") && c.table() != null)
            .toExactly(c -> DataType.enumOf(c.type().values()).withNativeName(enumTypeName(c)))
            .build();

    /** {@code set-to-varchar}: a MySQL SET becomes varchar of its comma-separated labels (the default). */
    public static final TypeRule SET_TO_VARCHAR = TypeRule.named("set-to-varchar")
            .description("A SET becomes varchar holding the comma-separated labels, unchanged (on PostgreSQL with a CHECK "
                    + "that every element is a label); set-to-text-array makes it an array")
            .when(c -> c.type().kind() == TypeKind.SET && !c.targetIs(MYSQL_FAMILY))
            .to(c -> DataType.ofLength(TypeKind.VARCHAR, setTextLength(c.type().values())))
            .build();

    /** {@code json-to-jsonb}: JSON from another engine becomes PostgreSQL jsonb. */
    public static final TypeRule JSON_TO_JSONB = TypeRule.named("json-to-jsonb")
            .description("JSON becomes jsonb: indexable and compared by value, but key order, duplicate keys (the last "
                    + "one wins) and whitespace are not kept; json-to-json keeps the text exactly")
            .when(c -> c.type().kind() == TypeKind.JSON && c.targetIs("postgresql") && !c.sourceIs("postgresql"))
            .to(c -> DataType.of(TypeKind.JSON).withNativeName("jsonb"))
            .warning()
            .build();

    /**
     * {@code h2-negative-zero}: REAL and DOUBLE into H2, which stores -0.0 as 0.0: the column is the
     * target's floating type, and the fixer makes each -0.0 a 0.0 so that what the load writes is
     * what H2 keeps (a warning: the sign of zero is lost).
     */
    public static final TypeRule H2_NEGATIVE_ZERO = TypeRule.named("h2-negative-zero")
            .description("H2 stores the floating-point -0.0 as 0.0: the sign of a zero is lost")
            .when(c -> (c.type().kind() == TypeKind.REAL || c.type().kind() == TypeKind.DOUBLE) && c.targetIs("h2")
                    && !c.sameEngine())
            .to(c -> c.type())
            .using(v -> v instanceof Double d && d == 0.0 ? (Object) 0.0d : v instanceof Float f && f == 0.0f ? (Object) 0.0f : v)
            .warning()
            .build();

    /**
     * {@code json-to-h2-json}: JSON into H2, which keeps documents without the whitespace between
     * tokens ({@code {"a": [1, 2]}} becomes {@code {"a":[1,2]}}); key order, duplicate keys and
     * number spellings are kept. A warning.
     */
    public static final TypeRule JSON_TO_H2_JSON = TypeRule.named("json-to-h2-json")
            .description("H2 stores JSON without the whitespace between tokens; key order, duplicate keys and numbers"
                    + " are kept")
            .when(c -> c.type().kind() == TypeKind.JSON && c.targetIs("h2") && !c.sameEngine())
            .to(c -> c.type())
            .warning()
            .build();

    /** {@code text-size-class}: TEXT and BLOB become the target's class that holds the source's largest value. */
    public static final TypeRule TEXT_SIZE_CLASS = TypeRule.named("text-size-class")
            .description("TEXT / BLOB become the target's large-object type that holds the largest source value "
                    + "(PostgreSQL text / bytea; MySQL the smallest of the tiny, regular, medium and long classes)")
            .when(c -> c.type().kind() == TypeKind.TEXT || c.type().kind() == TypeKind.BLOB)
            .to(c -> c.type())
            .build();

    /** PostgreSQL's spelling of a numeric with precision and scale, the scale possibly negative or above the precision. */
    private static final Pattern PG_NUMERIC = Pattern.compile("numeric\\((\\d+),\\s*(-?\\d+)\\)");

    /**
     * Whether a PostgreSQL numeric column rounds in a way that DECIMAL(p,s) with 0 &lt;= s &lt;= p
     * cannot say: a negative scale (PostgreSQL 15+: numeric(5,-2) keeps hundreds) or a scale above
     * the precision (numeric(3,5) holds values below 0.001).
     */
    private static boolean pgNumericWithOddScale(TypeRule.Context c) {
        if (!c.sourceIs("postgresql") || c.type().kind() != TypeKind.DECIMAL) {
            return false;
        }
        java.util.regex.Matcher m = PG_NUMERIC.matcher(c.type().nativeName());
        if (!m.matches()) {
            return false;
        }
        int precision = Integer.parseInt(m.group(1));
        int scale = Integer.parseInt(m.group(2));
        return scale < 0 || scale > precision;
    }

    /**
     * {@code pg-numeric-scale-kept}: a PostgreSQL numeric with a negative scale or a scale above its
     * precision keeps its exact type in a PostgreSQL target (15 or later), so that the target rounds
     * new values as the source does.
     */
    public static final TypeRule PG_NUMERIC_SCALE_KEPT = TypeRule.named("pg-numeric-scale-kept")
            .description("PostgreSQL numeric(p,s) with a negative scale or a scale above the precision keeps its exact type"
                    + " (PostgreSQL 15 or later)")
            .when(c -> pgNumericWithOddScale(c) && c.targetIs("postgresql"))
            .toExactly(c -> c.type())
            .build();

    /**
     * {@code pg-numeric-scale-widened}: in another engine, a PostgreSQL numeric with a negative scale
     * becomes DECIMAL(p-s,0) (numeric(5,-2): DECIMAL(7,0)), and one with a scale above its precision
     * DECIMAL(s,s); every value is kept, but the target does not round new values as the source
     * does: a warning.
     */
    public static final TypeRule PG_NUMERIC_SCALE_WIDENED = TypeRule.named("pg-numeric-scale-widened")
            .description("PostgreSQL numeric(p,s) with a negative scale (or a scale above the precision) becomes the DECIMAL"
                    + " that holds its values (numeric(5,-2): DECIMAL(7,0)); every value is kept, but new values written"
                    + " into the target are not rounded as the source rounds them")
            .when(c -> pgNumericWithOddScale(c) && !c.targetIs("postgresql"))
            .to(c -> DataType.decimal(c.type().precision(), c.type().scale()))
            .warning()
            .build();

    /** {@code dialect-default}: the target dialect's {@link Dialect#targetType}, which holds every value. Always last. */
    public static final TypeRule DIALECT_DEFAULT = TypeRule.named("dialect-default")
            .description("The target dialect's closest type that holds every value")
            .when(c -> true)
            .to(c -> c.type())
            .build();

    // ------------------------------------------------------------------------------------ opt-in rules

    /**
     * {@code tinyint1-to-boolean} (opt-in): MySQL TINYINT(1) becomes a boolean; 0 is false, 1 is
     * true, any other value fails its row.
     */
    public static final TypeRule TINYINT1_TO_BOOLEAN = TypeRule.named("tinyint1-to-boolean")
            .description("TINYINT(1) becomes boolean: 0 is false, 1 is true, other values fail their row")
            .when(c -> c.type().kind() == TypeKind.TINYINT && c.type().length() == 1 && !c.type().unsigned())
            .to(DataType.of(TypeKind.BOOLEAN))
            .using(v -> {
                if (v instanceof Boolean) {
                    return v;
                }
                long n = ((Number) v).longValue();
                if (n == 0 || n == 1) {
                    return n == 1;
                }
                throw new DmsException(ErrorCode.DATA_ERROR, "value " + n + " of a TINYINT(1) is not a boolean "
                        + "(rule tinyint1-to-boolean takes only 0 and 1; without the rule the column stays an integer)");
            })
            .warning()
            .build();

    /** {@code bit1-to-boolean} (opt-in): BIT(1) becomes a boolean, b'1' true and b'0' false. */
    public static final TypeRule BIT1_TO_BOOLEAN = TypeRule.named("bit1-to-boolean")
            .description("BIT(1) becomes boolean: b'1' is true, b'0' false")
            .when(c -> c.type().kind() == TypeKind.BIT && c.type().length() == 1 && !c.type().nativeName().startsWith("bit varying"))
            .to(DataType.of(TypeKind.BOOLEAN))
            .using(v -> {
                if (v instanceof Boolean) {
                    return v;
                }
                String s = v.toString();
                if ("1".equals(s) || "0".equals(s)) {
                    return "1".equals(s);
                }
                throw new DmsException(ErrorCode.DATA_ERROR, "value '" + s + "' of a BIT(1) is not one bit (rule bit1-to-boolean)");
            })
            .build();

    /** {@code timestamptz-to-mysql-timestamp} (opt-in): a timestamp with time zone becomes MySQL TIMESTAMP (1970 to 2038). */
    public static final TypeRule TIMESTAMPTZ_TO_MYSQL_TIMESTAMP = TypeRule.named("timestamptz-to-mysql-timestamp")
            .description("A timestamp with time zone becomes MySQL TIMESTAMP, an instant, whose range is 1970-01-01 "
                    + "00:00:01 to 2038-01-19 03:14:07 UTC: values outside fail their row")
            .when(c -> c.type().kind() == TypeKind.TIMESTAMP_TZ && c.targetIs(MYSQL_FAMILY))
            .toExactly(c -> DataType.temporal(TypeKind.TIMESTAMP_TZ, Math.min(Math.max(c.type().precision(), 0), 6))
                    .withNativeName("timestamp(" + Math.min(Math.max(c.type().precision(), 0), 6) + ")"))
            .using(v -> {
                OffsetDateTime t = (OffsetDateTime) v;
                if (t.isBefore(MYSQL_TIMESTAMP_MIN) || t.isAfter(MYSQL_TIMESTAMP_MAX)) {
                    throw new DmsException(ErrorCode.DATA_ERROR, "timestamp " + t + " is outside MySQL TIMESTAMP's range "
                            + "(1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC; rule timestamptz-to-mysql-timestamp)");
                }
                return v;
            })
            .warning()
            .build();

    /** {@code enum-to-varchar-check} (opt-in): on PostgreSQL an ENUM becomes varchar with a CHECK that the value is a label. */
    public static final TypeRule ENUM_TO_VARCHAR_CHECK = TypeRule.named("enum-to-varchar-check")
            .description("An ENUM becomes varchar(longest label) with a CHECK that the value is one of the labels; "
                    + "values sort as text, not in label order")
            .when(c -> c.type().kind() == TypeKind.ENUM && c.targetIs("postgresql"))
            .to(c -> DataType.enumOf(c.type().values()))
            .warning()
            .build();

    /** {@code set-to-text-array} (opt-in): a MySQL SET becomes an array of its labels (PostgreSQL, H2). */
    public static final TypeRule SET_TO_ARRAY = TypeRule.named("set-to-text-array")
            .description("A SET becomes an array of varchar: 'a,b' becomes {a,b}, '' an empty array")
            .when(c -> c.type().kind() == TypeKind.SET && c.targetIs("postgresql", "h2"))
            .to(c -> DataType.arrayOf(DataType.ofLength(TypeKind.VARCHAR, longestLabel(c.type().values()))))
            .using(v -> {
                String s = v.toString();
                return s.isEmpty() ? List.of() : Arrays.asList(s.split(",", -1));
            })
            .build();

    /** {@code json-to-json} (opt-in): JSON becomes PostgreSQL json, which keeps the text exactly. */
    public static final TypeRule JSON_TO_JSON = TypeRule.named("json-to-json")
            .description("JSON becomes json, which keeps the text as it is (no jsonb indexing)")
            .when(c -> c.type().kind() == TypeKind.JSON && c.targetIs("postgresql"))
            .to(c -> DataType.of(TypeKind.JSON).withNativeName("json"))
            .build();

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * {@code char36-to-uuid} (opt-in): CHAR(36) / VARCHAR(36) becomes uuid; a value that is not a
     * UUID's text fails its row. Narrow it to some columns with {@link TypeRule#and}.
     */
    public static final TypeRule CHAR36_TO_UUID = TypeRule.named("char36-to-uuid")
            .description("CHAR(36) holding UUIDs becomes uuid; a value that is not a UUID fails its row; "
                    + "the text's case is not kept")
            .when(c -> (c.type().kind() == TypeKind.CHAR || c.type().kind() == TypeKind.VARCHAR) && c.type().length() == 36)
            .to(DataType.of(TypeKind.UUID))
            .using(v -> {
                String s = v.toString().trim();
                if (!UUID_TEXT.matcher(s).matches()) {
                    throw new DmsException(ErrorCode.DATA_ERROR, "'" + v + "' is not a UUID (rule char36-to-uuid)");
                }
                return UUID.fromString(s);
            })
            .warning()
            .build();

    /**
     * {@code binary16-to-uuid} (opt-in): BINARY(16) becomes uuid, its bytes in order (as MySQL's
     * {@code UUID_TO_BIN(u)} without the swap flag writes them). Narrow it with {@link TypeRule#and}.
     */
    public static final TypeRule BINARY16_TO_UUID = TypeRule.named("binary16-to-uuid")
            .description("BINARY(16) holding UUIDs becomes uuid, the 16 bytes in order (UUID_TO_BIN without swap)")
            .when(c -> c.type().kind() == TypeKind.BINARY && c.type().length() == 16)
            .to(DataType.of(TypeKind.UUID))
            .using(v -> {
                byte[] b = (byte[]) v;
                if (b.length != 16) {
                    throw new DmsException(ErrorCode.DATA_ERROR, b.length + " bytes are not a UUID (rule binary16-to-uuid)");
                }
                long hi = 0;
                long lo = 0;
                for (int i = 0; i < 8; i++) {
                    hi = (hi << 8) | (b[i] & 0xff);
                    lo = (lo << 8) | (b[i + 8] & 0xff);
                }
                return new UUID(hi, lo);
            })
            .build();

    /** {@code zero-date-to-null} (opt-in): a MySQL zero date becomes NULL; the target column accepts NULL. */
    public static TypeRule zeroDateToNull() {
        return TypeRule.named("zero-date-to-null")
                .description("A MySQL zero date becomes NULL; the target column accepts NULL even when the source did not")
                .when(c -> c.sourceIs(MYSQL_FAMILY) && isDateKind(c.type().kind()) && !c.sameEngine())
                .to(c -> c.type())
                .forceNullable()
                .using(v -> v instanceof ZeroDate ? null : v)
                .warning()
                .build();
    }

    /** {@code zero-date-to-fixed} (opt-in): a MySQL zero date becomes the given date (at midnight UTC for date-times). */
    public static TypeRule zeroDateTo(LocalDate date) {
        Objects.requireNonNull(date, "date");
        LocalDateTime midnight = date.atStartOfDay();
        OffsetDateTime utc = midnight.atOffset(ZoneOffset.UTC);
        return TypeRule.named("zero-date-to-fixed")
                .description("A MySQL zero date becomes " + date + " (at midnight UTC for a date and time)")
                .when(c -> c.sourceIs(MYSQL_FAMILY) && isDateKind(c.type().kind()) && !c.sameEngine())
                .to(c -> c.type())
                .using(v -> {
                    if (!(v instanceof ZeroDate z)) {
                        return v;
                    }
                    return switch (z.kind()) {
                        case DATE -> date;
                        case TIMESTAMP_TZ -> utc;
                        default -> midnight;
                    };
                })
                .warning()
                .build();
    }

    /**
     * {@code datetime-as-timestamptz} (opt-in): MySQL DATETIME values are read as wall-clock times
     * in a zone and become a timestamp with time zone. A time in a daylight-saving gap moves
     * forward, a time in an overlap takes the earlier offset.
     */
    public static TypeRule datetimeAsInstant(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return TypeRule.named("datetime-as-timestamptz")
                .description("MySQL DATETIME is read as a wall-clock time in " + zone + " and becomes timestamp with "
                        + "time zone; in a daylight-saving overlap the earlier offset is taken")
                .when(c -> c.sourceIs(MYSQL_FAMILY) && c.type().kind() == TypeKind.TIMESTAMP && !c.targetIs(MYSQL_FAMILY))
                .to(c -> DataType.temporal(TypeKind.TIMESTAMP_TZ, c.type().precision()))
                .using(v -> v instanceof LocalDateTime t ? t.atZone(zone).toOffsetDateTime() : FAIL_ZERO_DATES.apply(v))
                .warning()
                .build();
    }

    // ------------------------------------------------------------------------------------ the list

    private static final List<TypeRule> DEFAULTS = List.of(MYSQL_TIMESTAMP_AS_TIMESTAMPTZ, DATETIME_AS_TIMESTAMP,
            ZERO_DATE_FAIL, UNSIGNED_INTEGER_WIDEN, TINYINT_LOSSLESS, TIMESTAMPTZ_TO_UTC_DATETIME, ENUM_TO_PG_ENUM_TYPE,
            SET_TO_VARCHAR, JSON_TO_JSONB, H2_NEGATIVE_ZERO, JSON_TO_H2_JSON, TEXT_SIZE_CLASS, PG_NUMERIC_SCALE_KEPT, PG_NUMERIC_SCALE_WIDENED, DIALECT_DEFAULT);

    private final List<TypeRule> rules;

    private TypeRules(List<TypeRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The built-in default rules, in order (see the class comment). */
    public static TypeRules defaults() {
        return new TypeRules(DEFAULTS);
    }

    /** Only the given rules, then {@link #DIALECT_DEFAULT}. */
    public static TypeRules of(TypeRule... rules) {
        List<TypeRule> list = new ArrayList<>(Arrays.asList(rules));
        list.add(DIALECT_DEFAULT);
        return new TypeRules(list);
    }

    /** These rules with the given ones first, in the order given: they take precedence. */
    public TypeRules with(TypeRule... first) {
        List<TypeRule> list = new ArrayList<>(Arrays.asList(first));
        list.addAll(rules);
        return new TypeRules(list);
    }

    /** These rules without the rules of that name ({@code dialect-default} stays). */
    public TypeRules without(String name) {
        return new TypeRules(rules.stream().filter(r -> !r.name().equals(name) || r == DIALECT_DEFAULT).toList());
    }

    /** The rules in the order they are tried. */
    public List<TypeRule> rules() {
        return rules;
    }

    /**
     * How a source column converts into the target: the first rule that applies.
     *
     * @throws DmsException with {@link ErrorCode#UNSUPPORTED_TYPE} when the target has no type
     *         that holds the column's values
     */
    public Resolution resolve(TypeRule.Context context) {
        for (TypeRule rule : rules) {
            if (!rule.when().test(context)) {
                continue;
            }
            DataType t = rule.target().apply(context);
            DataType type;
            if (rule.exact()) {
                type = t.nativeName().equals(t.kind().name().toLowerCase(java.util.Locale.ROOT))
                        ? t.withNativeName(context.target().nativeType(t)) : t;
            } else {
                type = context.target().targetType(t);
            }
            return new Resolution(type, context.column().nullable() || rule.forceNullable(), rule.valueFixer(), rule);
        }
        throw new DmsException(ErrorCode.INTERNAL, "no type rule applies to " + context.column().name());
    }

    /** {@link #resolve(TypeRule.Context)} for a column of a table. */
    public Resolution resolve(Table table, Column column, Dialect source, Dialect target) {
        return resolve(new TypeRule.Context(table, column, source, target));
    }

    @Override
    public String toString() {
        return "TypeRules" + rules.stream().map(TypeRule::name).toList();
    }

    // ------------------------------------------------------------------------------------ helpers

    private static boolean isDateKind(TypeKind kind) {
        return kind == TypeKind.DATE || kind == TypeKind.TIMESTAMP || kind == TypeKind.TIMESTAMP_TZ;
    }

    /** The PostgreSQL enum type of {@link #ENUM_TO_PG_ENUM_TYPE}: quoted and schema-qualified. */
    private static String enumTypeName(TypeRule.Context c) {
        String native0 = c.type().nativeName();
        if (c.sourceIs("postgresql") && native0.startsWith("\"")) {
            return native0;
        }
        Dialect pg = c.target();
        String name = Identifiers.fit(c.table().id().name() + "_" + c.column().name(), pg.maxIdentifierLength());
        return pg.quote(c.table().id().schema()) + "." + pg.quote(name);
    }

    private static int longestLabel(List<String> labels) {
        return io.dmskit.schema.internal.Types.longestLabel(labels);
    }

    private static int setTextLength(List<String> labels) {
        return io.dmskit.schema.internal.Types.setTextLength(labels);
    }
}
