package io.dmskit.schema;

import java.util.List;
import java.util.Objects;

/**
 * A column type in the logical type system: a {@link TypeKind} and its parameters. Immutable.
 *
 * @param kind       the logical kind
 * @param length     characters of CHAR/VARCHAR, bytes of BINARY/VARBINARY/TEXT/BLOB classes, bits
 *                   of BIT, display width of MySQL integers; 0 when not set or unbounded
 * @param precision  digits of DECIMAL (0: unbounded); fractional second digits of TIME,
 *                   TIMESTAMP, TIMESTAMP_TZ and INTERVAL; -1 when not set
 * @param scale      digits after the point of DECIMAL; -1 when not set
 * @param unsigned   whether an integer, decimal or float type is MySQL UNSIGNED
 * @param nativeName the type name as the source engine spells it (for messages and same-engine
 *                   DDL), for example {@code int unsigned}, {@code jsonb}, {@code character varying}
 * @param values     the labels of an ENUM or SET, in order; empty otherwise
 * @param element    the element type of an ARRAY; null otherwise
 */
public record DataType(TypeKind kind, int length, int precision, int scale, boolean unsigned,
                       String nativeName, List<String> values, DataType element) {

    public DataType {
        Objects.requireNonNull(kind, "kind");
        nativeName = nativeName == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : nativeName;
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** A type of a kind that takes no parameters. */
    public static DataType of(TypeKind kind) {
        return new DataType(kind, 0, -1, -1, false, null, List.of(), null);
    }

    /** A character, binary or bit type of a length. */
    public static DataType ofLength(TypeKind kind, int length) {
        return new DataType(kind, length, -1, -1, false, null, List.of(), null);
    }

    public static DataType decimal(int precision, int scale) {
        return new DataType(TypeKind.DECIMAL, 0, precision, scale, false, null, List.of(), null);
    }

    /** A TIME, TIMESTAMP, TIMESTAMP_TZ or INTERVAL with fractional seconds digits. */
    public static DataType temporal(TypeKind kind, int fractionalDigits) {
        return new DataType(kind, 0, fractionalDigits, -1, false, null, List.of(), null);
    }

    public static DataType enumOf(List<String> labels) {
        return new DataType(TypeKind.ENUM, 0, -1, -1, false, null, labels, null);
    }

    /** A MySQL SET of the labels, in order: values are comma-separated subsets of them. */
    public static DataType setOf(List<String> labels) {
        return new DataType(TypeKind.SET, 0, -1, -1, false, null, labels, null);
    }

    public static DataType arrayOf(DataType element) {
        return new DataType(TypeKind.ARRAY, 0, -1, -1, false, null, List.of(), element);
    }

    /** A type that dmskit cannot move, named as the engine names it. */
    public static DataType unsupported(String nativeName) {
        return new DataType(TypeKind.UNSUPPORTED, 0, -1, -1, false, nativeName, List.of(), null);
    }

    public DataType withUnsigned(boolean unsigned) {
        return new DataType(kind, length, precision, scale, unsigned, nativeName, values, element);
    }

    public DataType withNativeName(String nativeName) {
        return new DataType(kind, length, precision, scale, unsigned, nativeName, values, element);
    }

    public DataType withLength(int length) {
        return new DataType(kind, length, precision, scale, unsigned, nativeName, values, element);
    }

    public DataType withPrecision(int precision) {
        return new DataType(kind, length, precision, scale, unsigned, nativeName, values, element);
    }

    /** Whether values of this type are {@code java.math.BigInteger} rather than the kind's class. */
    public boolean isUnsignedBigint() {
        return kind == TypeKind.BIGINT && unsigned;
    }

    /** The class of this type's non-null values in a row batch. */
    public Class<?> javaClass() {
        return isUnsignedBigint() ? java.math.BigInteger.class : kind.javaClass();
    }
}
