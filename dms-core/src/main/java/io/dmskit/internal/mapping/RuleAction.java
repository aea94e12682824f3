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
    REPLACE_SUFFIX("replace-suffix", EnumSet.allOf(RuleTarget.class)),
    /** Adds a target column named by the value, computed per row by the rule's expression, of the rule's data type. */
    ADD_COLUMN("add-column", EnumSet.of(RuleTarget.COLUMN)),
    /** Keeps only the matching columns of a table (with its key); columns that no include-column rule matches are removed. */
    INCLUDE_COLUMN("include-column", EnumSet.of(RuleTarget.COLUMN)),
    /** Gives the matching columns the rule's data type in the target. */
    CHANGE_DATA_TYPE("change-data-type", EnumSet.of(RuleTarget.COLUMN)),
    /** Gives the matching tables the rule's primary key (or unique index) in the target. */
    DEFINE_PRIMARY_KEY("define-primary-key", EnumSet.of(RuleTarget.TABLE)),
    /** Adds before-image columns (the old values of an update) for the matching columns. */
    ADD_BEFORE_IMAGE_COLUMNS("add-before-image-columns", EnumSet.of(RuleTarget.COLUMN)),
    /** Replaces every digit of the column's values by the value's one character. */
    DATA_MASKING_DIGITS_MASK("data-masking-digits-mask", EnumSet.of(RuleTarget.COLUMN)),
    /** Replaces every digit of the column's values by a random digit. */
    DATA_MASKING_DIGITS_RANDOMIZE("data-masking-digits-randomize", EnumSet.of(RuleTarget.COLUMN)),
    /** Replaces the column's values by the hexadecimal SHA-256 hash of their text. */
    DATA_MASKING_HASH_MASK("data-masking-hash-mask", EnumSet.of(RuleTarget.COLUMN));

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

    /** Whether the action changes names (rather than columns, types, keys or values). */
    public boolean renames() {
        return ordinal() <= REPLACE_SUFFIX.ordinal() && this != REMOVE_COLUMN;
    }

    /** Whether the action needs a non-empty value (the new name, prefix, suffix, added column or mask character). */
    boolean needsValue() {
        return switch (this) {
            case RENAME, ADD_PREFIX, REMOVE_PREFIX, REPLACE_PREFIX, ADD_SUFFIX, REMOVE_SUFFIX, REPLACE_SUFFIX, ADD_COLUMN,
                 DATA_MASKING_DIGITS_MASK -> true;
            default -> false;
        };
    }

    /** Whether the action also needs an old value (the prefix or suffix to replace). */
    boolean needsOldValue() {
        return this == REPLACE_PREFIX || this == REPLACE_SUFFIX;
    }
}
