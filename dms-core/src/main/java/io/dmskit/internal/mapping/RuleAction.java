package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.RuleTarget;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a transformation rule does to the names that its object locator matches: the AWS
 * {@code rule-action} of a transformation rule, with the rule targets that it accepts.
 */
public enum RuleAction {
    /** Replaces the name with the rule's value. */
    RENAME("rename", EnumSet.allOf(RuleTarget.class)),
    /** Leaves the column out of the target table. */
    REMOVE_COLUMN("remove-column", EnumSet.of(RuleTarget.COLUMN)),
    /** Lower-cases the name (locale independent). */
    CONVERT_LOWERCASE("convert-lowercase", EnumSet.allOf(RuleTarget.class)),
    /** Upper-cases the name (locale independent). */
    CONVERT_UPPERCASE("convert-uppercase", EnumSet.allOf(RuleTarget.class)),
    /** Puts the value in front of the name. */
    ADD_PREFIX("add-prefix", EnumSet.allOf(RuleTarget.class)),
    /** Takes the value off the front of a name that starts with it; other names stay as they are. */
    REMOVE_PREFIX("remove-prefix", EnumSet.allOf(RuleTarget.class)),
    /** Replaces the old value at the front of a name that starts with it by the value. */
    REPLACE_PREFIX("replace-prefix", EnumSet.allOf(RuleTarget.class)),
    /** Puts the value after the name. */
    ADD_SUFFIX("add-suffix", EnumSet.allOf(RuleTarget.class)),
    /** Takes the value off the end of a name that ends with it; other names stay as they are. */
    REMOVE_SUFFIX("remove-suffix", EnumSet.allOf(RuleTarget.class)),
    /** Replaces the old value at the end of a name that ends with it by the value. */
    REPLACE_SUFFIX("replace-suffix", EnumSet.allOf(RuleTarget.class));

    private final String awsName;
    private final Set<RuleTarget> targets;

    RuleAction(String awsName, Set<RuleTarget> targets) {
        this.awsName = awsName;
        this.targets = targets;
    }

    /** The action's name in the AWS table-mapping JSON. */
    public String awsName() {
        return awsName;
    }

    /** The rule targets that this action accepts. */
    public Set<RuleTarget> targets() {
        return EnumSet.copyOf(targets);
    }

    public boolean accepts(RuleTarget target) {
        return targets.contains(target);
    }

    /** The action with this AWS name ({@code convert-lowercase}), if dmskit supports it. */
    public static Optional<RuleAction> fromAwsName(String awsName) {
        for (RuleAction a : values()) {
            if (a.awsName.equals(awsName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Whether the action needs a non-empty value (the new name, prefix or suffix). */
    boolean needsValue() {
        return this != REMOVE_COLUMN && this != CONVERT_LOWERCASE && this != CONVERT_UPPERCASE;
    }

    /** Whether the action also needs an old value (the prefix or suffix to replace). */
    boolean needsOldValue() {
        return this == REPLACE_PREFIX || this == REPLACE_SUFFIX;
    }
}
