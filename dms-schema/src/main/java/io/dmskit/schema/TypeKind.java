package io.dmskit.schema;

/**
 * The logical type system shared by every dialect. Each dialect maps its native types to a
 * {@link DataType} of one of these kinds and back.
 *
 * <p>Every kind has exactly one Java class that its non-null values have while they cross the
 * copy pipeline ({@link #javaClass()}); readers produce that class, writers accept it, and the
 * type conversion between a source and a target kind is done in one place, between them.
 */
public enum TypeKind {
    BOOLEAN(Boolean.class),
    /** 8-bit integer; {@link DataType#unsigned()} tells the signedness. Values are {@code Long}. */
    TINYINT(Long.class),
    SMALLINT(Long.class),
    /** 24-bit integer (MySQL MEDIUMINT). */
    MEDIUMINT(Long.class),
    INTEGER(Long.class),
    /** 64-bit integer. Unsigned 64-bit values do not fit a long: they are {@code BigInteger}. */
    BIGINT(Long.class),
    /** Exact decimal with {@link DataType#precision()} and {@link DataType#scale()}; precision 0 means unbounded. */
    DECIMAL(java.math.BigDecimal.class),
    /** 32-bit IEEE float. */
    REAL(Float.class),
    /** 64-bit IEEE float. */
    DOUBLE(Double.class),
    /** Fixed-length character string of {@link DataType#length()} characters. */
    CHAR(String.class),
    /** Variable-length character string of at most {@link DataType#length()} characters (0: unbounded). */
    VARCHAR(String.class),
    /** Character large object; {@link DataType#length()} is the maximum length in bytes, 0 when unbounded. */
    TEXT(String.class),
    BINARY(byte[].class),
    VARBINARY(byte[].class),
    /** Binary large object; {@link DataType#length()} is the maximum length in bytes, 0 when unbounded. */
    BLOB(byte[].class),
    /** Bit string of {@link DataType#length()} bits; values are strings of '0' and '1', most significant first. */
    BIT(String.class),
    /** MySQL YEAR: a year from 1901 to 2155 (or 0). */
    YEAR(Long.class),
    DATE(java.time.LocalDate.class),
    /** Time of day, with {@link DataType#precision()} fractional digits of seconds. */
    TIME(java.time.LocalTime.class),
    TIME_TZ(java.time.OffsetTime.class),
    /** Date and time without a time zone, with {@link DataType#precision()} fractional digits. */
    TIMESTAMP(java.time.LocalDateTime.class),
    /** An instant, with {@link DataType#precision()} fractional digits. */
    TIMESTAMP_TZ(java.time.OffsetDateTime.class),
    /**
     * A span of time: months, days and microseconds. MySQL TIME (which ranges from -838:59:59 to
     * 838:59:59 and is often a duration) is an interval, so that no value of it is lost.
     */
    INTERVAL(Interval.class),
    /** JSON text; {@link DataType#nativeName()} tells JSON from JSONB. */
    JSON(String.class),
    UUID(java.util.UUID.class),
    /** One of {@link DataType#values()}. */
    ENUM(String.class),
    /** A comma-separated subset of {@link DataType#values()} (MySQL SET). */
    SET(String.class),
    /** An array of {@link DataType#element()} values; values are {@code java.util.List}. */
    ARRAY(java.util.List.class),
    /** A type that dmskit cannot move; {@link DataType#nativeName()} tells which. */
    UNSUPPORTED(Object.class);

    private final Class<?> javaClass;

    TypeKind(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    /** The class of non-null values of this kind in a row batch (see BIGINT for the unsigned exception). */
    public Class<?> javaClass() {
        return javaClass;
    }

    public boolean isInteger() {
        return this == TINYINT || this == SMALLINT || this == MEDIUMINT || this == INTEGER || this == BIGINT;
    }

    public boolean isCharacter() {
        return this == CHAR || this == VARCHAR || this == TEXT;
    }

    public boolean isBinary() {
        return this == BINARY || this == VARBINARY || this == BLOB;
    }
}
