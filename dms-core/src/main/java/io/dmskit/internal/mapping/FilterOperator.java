package io.dmskit.internal.mapping;

import java.util.Optional;

/**
 * The {@code filter-operator} of a source filter condition, with the values it takes. AWS DMS
 * documents {@code ste} as an alias of {@code lte}.
 */
public enum FilterOperator {
    /** Equal to {@code value}. */
    EQ("eq", 1),
    /** Not equal to {@code value} (a null column value does not match, as in SQL). */
    NOTEQ("noteq", 1),
    /** Less than or equal to {@code value}. */
    LTE("lte", 1),
    /** Less than or equal to {@code value}: the AWS alias of {@code lte}. */
    STE("ste", 1),
    /** Greater than or equal to {@code value}. */
    GTE("gte", 1),
    /** Between {@code start-value} and {@code end-value}, both included. */
    BETWEEN("between", 2),
    /** Below {@code start-value} or above {@code end-value}. */
    NOTBETWEEN("notbetween", 2),
    /** The column is null. */
    NULL("null", 0),
    /** The column is not null. */
    NOTNULL("notnull", 0);

    private final String awsName;
    private final int arity;

    FilterOperator(String awsName, int values) {
        this.awsName = awsName;
        this.arity = values;
    }

    /** The operator's name in the AWS JSON. */
    public String awsName() {
        return awsName;
    }

    /** How many values it takes: 0, 1 ({@code value}) or 2 ({@code start-value}, {@code end-value}). */
    public int arity() {
        return arity;
    }

    /** The operator with this AWS name, if any. */
    public static Optional<FilterOperator> fromAwsName(String name) {
        for (FilterOperator o : values()) {
            if (o.awsName.equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
