package io.dmskit.schema;

/**
 * One key part of an {@link Index}: a column, or an expression. Immutable.
 *
 * @param column       the column's name; null when the part is an expression
 * @param expression   the expression, as the source engine's SQL text; null when the part is a column
 * @param descending   whether the part is sorted descending
 * @param prefixLength MySQL's index prefix length (characters or bytes of the column's start that are
 *                     indexed); 0 for the whole value
 */
public record IndexColumn(String column, String expression, boolean descending, int prefixLength) {

    public IndexColumn {
        if ((column == null) == (expression == null)) {
            throw new IllegalArgumentException("an index part is either a column or an expression, was column "
                    + column + " and expression " + expression);
        }
    }

    /** A whole column, ascending. */
    public static IndexColumn of(String column) {
        return new IndexColumn(column, null, false, 0);
    }

    /** An expression, ascending. */
    public static IndexColumn expression(String expression) {
        return new IndexColumn(null, expression, false, 0);
    }

    public boolean isExpression() {
        return expression != null;
    }

    /** A whole column, ascending, without prefix. */
    public boolean isPlain() {
        return column != null && !descending && prefixLength == 0;
    }
}
