package io.dmskit.internal.mapping;

import java.util.List;

/**
 * A selection rule: which source tables a mapping selects (AWS {@code rule-type: selection}).
 * A table is selected when an include or explicit rule matches it and no exclude rule does,
 * whatever the order of the rules. The patterns are as written, possibly invalid until
 * {@link RuleValidator} has passed them. Immutable.
 *
 * @param id            the rule id
 * @param name          the AWS rule name, or null
 * @param action        include, exclude or explicit
 * @param schemaPattern the object locator's {@code schema-name}
 * @param tablePattern  the object locator's {@code table-name}
 * @param loadOrder     the AWS {@code load-order}: tables of a higher load order load first; 0 when not given
 * @param filters       the source filters of an include or explicit rule; all must pass (AND)
 */
public record SelectionRule(long id, String name, SelectionAction action, String schemaPattern, String tablePattern,
                            int loadOrder, List<SourceFilter> filters)
        implements Rule {

    public SelectionRule {
        filters = filters == null ? List.of() : List.copyOf(filters);
    }

    /** A rule with no load order and no filters. */
    public SelectionRule(long id, String name, SelectionAction action, String schemaPattern, String tablePattern) {
        this(id, name, action, schemaPattern, tablePattern, 0, List.of());
    }

    @Override
    public String describe() {
        return kind() + " " + schemaPattern + "." + tablePattern;
    }

    @Override
    public String kind() {
        return action == null ? "selection" : action.awsName();
    }
}
