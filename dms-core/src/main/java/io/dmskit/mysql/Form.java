package io.dmskit.mysql;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;

/**
 * How the MySQL/MariaDB writers send the values of one target column: the Java class they
 * accept and the text the server parses. Decided once per column when a writer opens, so that
 * the per-row loop only switches on this enum.
 */
enum Form {
    /** tinyint(1) holding a logical BOOLEAN: {@code 1} or {@code 0}. */
    BOOLEAN,
    /** Any signed or unsigned integer up to 64 bits held in a {@code Long}. */
    INTEGER,
    /** BIGINT UNSIGNED: a {@code BigInteger}. */
    UNSIGNED_BIGINT,
    /** {@code BigDecimal}, as {@code toPlainString()}, never with more fraction digits than the column keeps. */
    DECIMAL,
    /** {@code Float}, as {@code Double.toString} of its exact value; NaN and infinities have no MySQL value. */
    REAL,
    /** {@code Double}, as {@code Double.toString}; NaN and infinities have no MySQL value. */
    DOUBLE,
    /** Character data: {@code String}, sent as UTF-8 (CHAR, VARCHAR, TEXT, JSON, ENUM, SET). */
    TEXT,
    /** {@code java.util.UUID} or its 36-character string (MariaDB UUID). */
    UUID,
    /** {@code byte[]}, sent byte for byte. */
    BINARY,
    /** A string of '0' and '1', sent as the unsigned decimal of the bits and stored by {@code CAST(x AS UNSIGNED)}. */
    BIT,
    /** {@code Long}: 0 or 1901 to 2155. */
    YEAR,
    /** {@code LocalDate}, {@code yyyy-MM-dd}. */
    DATE,
    /** {@code LocalTime}, {@code HH:mm:ss[.ffffff]}. */
    TIME,
    /** {@code LocalDateTime}, {@code yyyy-MM-dd HH:mm:ss[.ffffff]}. */
    DATETIME,
    /** {@code OffsetDateTime}, as its UTC date and time (dmskit's sessions use time zone UTC). */
    TIMESTAMP,
    /** {@code Interval} of no months, as MySQL TIME {@code [-]HHH:mm:ss[.ffffff]}. */
    INTERVAL;

    /**
     * The form of a target column.
     *
     * @throws DmsException with {@link ErrorCode#UNSUPPORTED_TYPE} for kinds that MySQL has no column for
     */
    static Form of(Column column) {
        DataType t = column.type();
        switch (t.kind()) {
            case BOOLEAN:
                return BOOLEAN;
            case TINYINT:
            case SMALLINT:
            case MEDIUMINT:
            case INTEGER:
                return INTEGER;
            case BIGINT:
                return t.unsigned() ? UNSIGNED_BIGINT : INTEGER;
            case DECIMAL:
                return DECIMAL;
            case REAL:
                return REAL;
            case DOUBLE:
                return DOUBLE;
            case CHAR:
            case VARCHAR:
            case TEXT:
            case JSON:
            case ENUM:
            case SET:
                return TEXT;
            case UUID:
                return UUID;
            case BINARY:
            case VARBINARY:
            case BLOB:
                return BINARY;
            case BIT:
                return BIT;
            case YEAR:
                return YEAR;
            case DATE:
                return DATE;
            case TIME:
                return TIME;
            case TIMESTAMP:
                return DATETIME;
            case TIMESTAMP_TZ:
                return TIMESTAMP;
            case INTERVAL:
                return INTERVAL;
            default:
                throw new DmsException(ErrorCode.UNSUPPORTED_TYPE, "Column " + column.name() + " of type "
                        + t.nativeName() + " (" + t.kind() + ") cannot be written into MySQL or MariaDB");
        }
    }

    /** The SQL that stores a value sent for a column of this form; {@code x} is the placeholder or variable. */
    String storeExpression(String x) {
        return this == BIT ? "CAST(" + x + " AS UNSIGNED)" : x;
    }
}
