package io.dmskit.spi;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A row filter that a {@link SourceReader} pushes down into its query: the source filters of a
 * table mapping. A row passes when it passes every group (AND); it passes a group when it meets
 * at least one of the group's conditions (OR). Values are text, as the mapping gives them; the
 * reader binds them as parameters so that the source converts them to the column's type.
 * Immutable.
 *
 * @param allOf the groups, all of which a row must pass; empty for no filter
 */
public record ReadFilter(List<Group> allOf) {

    /** No filter: every row passes. */
    public static final ReadFilter NONE = new ReadFilter(List.of());

    public ReadFilter {
        allOf = List.copyOf(allOf);
    }

    /** Whether the filter lets every row pass. */
    public boolean isEmpty() {
        return allOf.isEmpty();
    }

    /** The comparison of a condition. */
    public enum Operator {
        /** {@code column = value}. */
        EQ,
        /** {@code column <> value}. */
        NOTEQ,
        /** {@code column <= value}. */
        LTE,
        /** {@code column >= value}. */
        GTE,
        /** {@code column BETWEEN start AND end}. */
        BETWEEN,
        /** {@code column NOT BETWEEN start AND end}. */
        NOTBETWEEN,
        /** {@code column IS NULL}. */
        NULL,
        /** {@code column IS NOT NULL}. */
        NOTNULL
    }

    /**
     * The conditions on one column, any of which a row must meet.
     *
     * @param column the source column
     * @param anyOf  at least one condition
     */
    public record Group(String column, List<Condition> anyOf) {
        public Group {
            Objects.requireNonNull(column, "column");
            anyOf = List.copyOf(anyOf);
        }
    }

    /**
     * One condition.
     *
     * @param operator the comparison
     * @param values   its values as text: none, one, or two (start and end)
     */
    public record Condition(Operator operator, List<String> values) {
        public Condition {
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
        }
    }

    /** A value to bind, in parameter order, with the column it is compared to. */
    public record Binding(String column, String value) {
    }

    /**
     * The filter as a SQL condition with {@code ?} parameters, for example
     * {@code ("region" = ? OR "region" = ?) AND ("amount" BETWEEN ? AND ?)}; empty for no filter.
     *
     * @param quote quotes a column name for the source's dialect
     */
    public String sql(UnaryOperator<String> quote) {
        StringBuilder sb = new StringBuilder();
        for (Group g : allOf) {
            if (sb.length() > 0) {
                sb.append(" AND ");
            }
            String c = quote.apply(g.column());
            sb.append('(');
            for (int i = 0; i < g.anyOf().size(); i++) {
                if (i > 0) {
                    sb.append(" OR ");
                }
                sb.append(c).append(switch (g.anyOf().get(i).operator()) {
                    case EQ -> " = ?";
                    case NOTEQ -> " <> ?";
                    case LTE -> " <= ?";
                    case GTE -> " >= ?";
                    case BETWEEN -> " BETWEEN ? AND ?";
                    case NOTBETWEEN -> " NOT BETWEEN ? AND ?";
                    case NULL -> " IS NULL";
                    case NOTNULL -> " IS NOT NULL";
                });
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** The values of {@link #sql}'s parameters, in order. */
    public List<Binding> bindings() {
        return allOf.stream()
                .flatMap(g -> g.anyOf().stream().flatMap(c -> c.values().stream().map(v -> new Binding(g.column(), v))))
                .toList();
    }
}
