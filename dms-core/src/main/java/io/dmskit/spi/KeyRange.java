package io.dmskit.spi;

/**
 * A range of a table's rows by the value of one key column: {@code lower <= column < upper}.
 * A null bound is open; {@link #all()} has no column and selects every row. Bound values are of
 * the column's logical type's Java class. Immutable.
 */
public record KeyRange(String column, Object lower, Object upper) {

    private static final KeyRange ALL = new KeyRange(null, null, null);

    /** The range of every row of a table. */
    public static KeyRange all() {
        return ALL;
    }

    public boolean isAll() {
        return column == null || (lower == null && upper == null);
    }

    @Override
    public String toString() {
        if (isAll()) {
            return "all rows";
        }
        return (lower == null ? "" : lower + " <= ") + column + (upper == null ? "" : " < " + upper);
    }
}
