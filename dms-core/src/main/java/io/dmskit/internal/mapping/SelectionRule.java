package io.dmskit.internal.mapping;

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
 */
public record SelectionRule(long id, String name, SelectionAction action, String schemaPattern, String tablePattern)
        implements Rule {

    @Override
    public String describe() {
        return kind() + " " + schemaPattern + "." + tablePattern;
    }

    @Override
    public String kind() {
        return action == null ? "selection" : action.awsName();
    }
}
