package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.RuleTarget;

/**
 * A transformation rule: how the names of selected tables change on the way to the target (AWS
 * {@code rule-type: transformation}). The object locator's patterns match <em>source</em>
 * names, as in AWS DMS, and the action applies to the name that the earlier rules have made of
 * it. A pattern that the target does not use (the table and column patterns of a schema rule,
 * the column pattern of a table rule) is null or {@code %}. The values are as written, possibly
 * invalid until {@link RuleValidator} has passed them. Immutable.
 *
 * @param id            the rule id
 * @param name          the AWS rule name, or null
 * @param target        schema, table or column: which name the rule changes
 * @param action        what the rule does
 * @param schemaPattern the object locator's {@code schema-name}
 * @param tablePattern  the object locator's {@code table-name}; null or % for a schema rule
 * @param columnPattern the object locator's {@code column-name}; null or % unless the target is a column
 * @param value         the new name, or the prefix or suffix to add, remove or put in; null when the action takes none
 * @param oldValue      the prefix or suffix that replace-prefix and replace-suffix replace; null otherwise
 */
public record TransformationRule(long id, String name, RuleTarget target, RuleAction action,
                                 String schemaPattern, String tablePattern, String columnPattern,
                                 String value, String oldValue) implements Rule {

    @Override
    public String kind() {
        if (action == null) {
            return "transformation";
        }
        if (action == RuleAction.RENAME) {
            return target == null ? "rename" : "rename-" + targetName();
        }
        if (action == RuleAction.REMOVE_COLUMN || target == null) {
            return action.awsName();
        }
        return action.awsName() + " " + targetName();
    }

    @Override
    public String describe() {
        if (action == null || target == null) {
            return kind() + " " + locator();
        }
        return switch (action) {
            case RENAME -> kind() + " " + locator() + " -> " + value;
            case REMOVE_COLUMN -> kind() + " " + locator();
            case CONVERT_LOWERCASE, CONVERT_UPPERCASE -> kind() + " " + locator();
            case ADD_PREFIX, ADD_SUFFIX -> action.awsName() + " '" + value + "' to " + targetName() + " " + locator();
            case REMOVE_PREFIX, REMOVE_SUFFIX -> action.awsName() + " '" + value + "' from " + targetName() + " "
                    + locator();
            case REPLACE_PREFIX, REPLACE_SUFFIX -> action.awsName() + " '" + oldValue + "' with '" + value + "' on "
                    + targetName() + " " + locator();
        };
    }

    /** The matched object as {@code schema}, {@code schema.table} or {@code schema.table.column} patterns. */
    public String locator() {
        if (target == RuleTarget.SCHEMA) {
            return schemaPattern;
        }
        if (target == RuleTarget.TABLE) {
            return schemaPattern + "." + tablePattern;
        }
        return schemaPattern + "." + tablePattern + "." + columnPattern;
    }

    private String targetName() {
        return target.name().toLowerCase(java.util.Locale.ROOT);
    }
}
