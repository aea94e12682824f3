package io.dmskit.internal.mapping;

/** What a selection rule does with the tables it matches: the AWS {@code rule-action} of a selection rule. */
public enum SelectionAction {
    /** Selects the tables that the patterns match. */
    INCLUDE("include"),
    /** Leaves out the tables that the patterns match, whatever include rule matches them too. */
    EXCLUDE("exclude"),
    /** Selects exactly one table, named without wildcards: {@code %} and {@code _} are literal. */
    EXPLICIT("explicit");

    private final String awsName;

    SelectionAction(String awsName) {
        this.awsName = awsName;
    }

    /** The action's name in the AWS table-mapping JSON. */
    public String awsName() {
        return awsName;
    }

    /** Whether the action adds tables to the selection. */
    public boolean selects() {
        return this != EXCLUDE;
    }
}
