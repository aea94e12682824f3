package io.dmskit.internal.mapping;

/**
 * One rule of a table mapping, as the AWS DMS table-mapping JSON has it: an id and a name
 * (the JSON's {@code rule-id} and {@code rule-name}; the builder numbers rules 1, 2, ... and
 * gives no name), and what the rule does. Rules are plain data: {@link RuleValidator} checks a
 * list of them and {@link RuleEngine} runs a checked list. Immutable.
 */
public sealed interface Rule permits SelectionRule, TransformationRule, TableSettingsRule {

    /** The rule's id, unique within a mapping; the builder assigns 1, 2, ... in order of addition. */
    long id();

    /** The AWS {@code rule-name}, or null when the rule has none. */
    String name();

    /** What the rule does, for messages: {@code rename-table shop.old_orders -> orders}. */
    String describe();

    /** A short description for messages about an invalid rule: {@code rename-table}. */
    String kind();

    /** How messages name the rule: {@code rule 3 (rename-table shop.old_orders -> orders)}. */
    default String label() {
        return prefix() + " (" + describe() + ")";
    }

    /** How messages about an invalid rule name it: {@code rule 3 (rename-table)}. */
    default String shortLabel() {
        return prefix() + " (" + kind() + ")";
    }

    private String prefix() {
        String n = name();
        return n == null || n.isEmpty() || n.equals(Long.toString(id()))
                ? "rule " + id()
                : "rule " + id() + " '" + n + "'";
    }
}
