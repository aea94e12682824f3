package io.dmskit.internal.mapping;

import java.util.List;
import java.util.Objects;

/**
 * One source filter of a selection rule (AWS {@code filters}, {@code filter-type: source}): a
 * column and its conditions. A row passes a filter when it meets at least one of its conditions
 * (OR); it passes a rule's filters when it passes all of them (AND), as AWS DMS documents.
 * Values are kept as the JSON text; the reader binds them as parameters and the source converts
 * them to the column's type. Immutable.
 *
 * @param column     the source column, case-sensitive
 * @param conditions at least one condition
 */
public record SourceFilter(String column, List<Condition> conditions) {
    public SourceFilter {
        Objects.requireNonNull(column, "column");
        conditions = List.copyOf(conditions);
    }

    /**
     * One filter condition.
     *
     * @param operator the filter operator
     * @param value    the value of a one-value operator, else null
     * @param start    the {@code start-value} of between and notbetween, else null
     * @param end      the {@code end-value} of between and notbetween, else null
     */
    public record Condition(FilterOperator operator, String value, String start, String end) {
        public Condition {
            Objects.requireNonNull(operator, "operator");
        }

        /** The condition as messages show it: {@code amount between 10 and 20}. */
        public String describe(String column) {
            return switch (operator.arity()) {
                case 0 -> column + " " + operator.awsName();
                case 1 -> column + " " + operator.awsName() + " '" + value + "'";
                default -> column + " " + operator.awsName() + " '" + start + "' and '" + end + "'";
            };
        }
    }
}
