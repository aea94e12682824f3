package io.dmskit.schema;

import java.util.Objects;

/**
 * A MySQL / MariaDB "zero date": a DATE, DATETIME or TIMESTAMP value with a zero year, month or
 * day ({@code 0000-00-00}, {@code 2024-00-10 12:00:00}), which has no {@code java.time} value.
 * A reader that applies {@link TypeRules.Resolution#valueFixer() value fixers} passes such a value
 * as a {@code ZeroDate} to the column's fixer, which decides what it becomes (see
 * {@link TypeRules#ZERO_DATE_FAIL}, {@link TypeRules#zeroDateToNull()}, {@link TypeRules#zeroDateTo}).
 * Immutable.
 *
 * @param text the value as the server wrote it
 * @param kind the column's logical kind: DATE, TIMESTAMP (DATETIME) or TIMESTAMP_TZ (TIMESTAMP)
 */
public record ZeroDate(String text, TypeKind kind) {

    public ZeroDate {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
    }

    /** Whether a date or date-time text ({@code yyyy-MM-dd...}) has a zero year, month or day. */
    public static boolean isZero(String text) {
        if (text == null || text.length() < 10) {
            return false;
        }
        return text.startsWith("0000") || text.startsWith("00", 5) || text.startsWith("00", 8);
    }
}
