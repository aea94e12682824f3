package io.dmskit.internal.runtime;

import io.dmskit.schema.DataType;
import io.dmskit.schema.TypeKind;

/**
 * Whether an existing target column can take a source column's values: the same family of
 * types (numbers, text, binary, dates, times, timestamps, intervals, ...), or a text column,
 * which takes any value's text form. Values are still checked one by one when they are written.
 */
final class TypeFamilies {
    private TypeFamilies() {
    }

    static boolean compatible(DataType from, DataType to) {
        Family f = family(from.kind());
        Family t = family(to.kind());
        return f == t || t == Family.TEXT
                || (f == Family.NUMBER && t == Family.BOOLEAN) || (f == Family.BOOLEAN && t == Family.NUMBER)
                || (f == Family.TEXT && (t == Family.UUID || t == Family.JSON))
                || (f == Family.UUID && t == Family.BINARY)
                || (f == Family.TIME && t == Family.INTERVAL) || (f == Family.INTERVAL && t == Family.TIME);
    }

    private enum Family { BOOLEAN, NUMBER, TEXT, BINARY, DATE, TIME, TIMESTAMP, INTERVAL, JSON, UUID, ARRAY, OTHER }

    private static Family family(TypeKind k) {
        return switch (k) {
            case BOOLEAN -> Family.BOOLEAN;
            case TINYINT, SMALLINT, MEDIUMINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE, YEAR -> Family.NUMBER;
            case CHAR, VARCHAR, TEXT, ENUM, SET, BIT -> Family.TEXT;
            case BINARY, VARBINARY, BLOB -> Family.BINARY;
            case DATE -> Family.DATE;
            case TIME, TIME_TZ -> Family.TIME;
            case TIMESTAMP, TIMESTAMP_TZ -> Family.TIMESTAMP;
            case INTERVAL -> Family.INTERVAL;
            case JSON -> Family.JSON;
            case UUID -> Family.UUID;
            case ARRAY -> Family.ARRAY;
            case UNSUPPORTED -> Family.OTHER;
        };
    }
}
