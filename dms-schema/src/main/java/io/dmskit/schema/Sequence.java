package io.dmskit.schema;

import java.util.Objects;

/**
 * A sequence. Immutable.
 *
 * @param id          schema and name
 * @param type        the sequence's integer type (SMALLINT, INTEGER or BIGINT)
 * @param start       the start value
 * @param increment   the step, never 0
 * @param minValue    the smallest value
 * @param maxValue    the largest value
 * @param cycle       whether it wraps around at the end
 * @param cache       how many values a session preallocates (1: none)
 * @param nextValue   the value that {@code nextval} would return next, as read; null when unknown
 * @param ownedBy     the table of the column that owns the sequence (PostgreSQL {@code OWNED BY},
 *                    as a serial column's sequence is), or null
 * @param ownedByColumn that column's name, or null
 */
public record Sequence(TableId id, DataType type, long start, long increment, long minValue, long maxValue,
                       boolean cycle, long cache, Long nextValue, TableId ownedBy, String ownedByColumn) {

    public Sequence {
        Objects.requireNonNull(id, "id");
        type = type == null ? DataType.of(TypeKind.BIGINT) : type;
        if (increment == 0) {
            throw new IllegalArgumentException("sequence " + id + " has increment 0");
        }
        cache = Math.max(1, cache);
    }

    /** An ascending BIGINT sequence from 1 by 1, without owner, next value unknown. */
    public static Sequence of(TableId id) {
        return new Sequence(id, DataType.of(TypeKind.BIGINT), 1, 1, 1, Long.MAX_VALUE, false, 1, null, null, null);
    }

    public Sequence withNextValue(Long value) {
        return new Sequence(id, type, start, increment, minValue, maxValue, cycle, cache, value, ownedBy, ownedByColumn);
    }
}
