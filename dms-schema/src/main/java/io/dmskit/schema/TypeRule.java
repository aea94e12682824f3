package io.dmskit.schema;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One type conversion rule, in the style of pgloader's CAST rules:
 * <pre>
 *   source type [when condition] -&gt; target type [using value fixer]
 * </pre>
 * For example, MySQL's TINYINT(1) as a boolean:
 * <pre>{@code
 * TypeRule rule = TypeRule.named("flags-as-boolean")
 *         .when(c -> c.type().kind() == TypeKind.TINYINT && c.column().name().startsWith("is_"))
 *         .to(DataType.of(TypeKind.BOOLEAN))
 *         .using(v -> ((Long) v) != 0)
 *         .build();
 * TypeRules rules = TypeRules.defaults().with(rule);
 * }</pre>
 * {@link TypeRules} holds an ordered list of rules; the first whose condition holds for a column
 * decides its target type. The built-in rules are named constants of {@link TypeRules}.
 *
 * <p>The target type is a logical type that the target dialect then spells and bounds with
 * {@link Dialect#targetType} ({@link #exact()} false), or, for an exact rule, the target type as
 * given, its {@link DataType#nativeName()} the DDL spelling (when the rule leaves the nativeName at
 * the kind's default, the dialect's {@link Dialect#nativeType} spells it).
 *
 * <p>The value fixer, when present, is applied by the copy pipeline to every non-null value of
 * the column, after the reader and before the type conversion to the target type: it receives
 * the source value (the class of the source type's kind, or a {@link ZeroDate}) and returns a
 * value of the target kind's class (or null). It must be thread-safe and free of side effects. It
 * throws {@link io.dmskit.error.DmsException} with {@link io.dmskit.error.ErrorCode#DATA_ERROR} for a
 * value that it refuses.
 *
 * <p>Immutable and thread-safe when its functions are.
 *
 * @param name          a stable name, in notes and reports, for example {@code tinyint1-to-boolean}
 * @param description   what the rule does and what may change, for people
 * @param when          whether the rule applies to a source column
 * @param target        the target type of a column that it applies to
 * @param exact         whether {@code target} is final (see above)
 * @param forceNullable whether the target column accepts NULL even when the source column does not
 *                      (a fixer that turns values into NULL needs it)
 * @param valueFixer    the value conversion, or null when values pass unchanged
 * @param outcome       how the conversion is reported: {@link ConversionNote.Outcome#AUTOMATIC} when nothing
 *                      may change, {@link ConversionNote.Outcome#WARNING} when something may
 */
public record TypeRule(String name, String description, Predicate<Context> when, Function<Context, DataType> target,
                       boolean exact, boolean forceNullable, Function<Object, Object> valueFixer,
                       ConversionNote.Outcome outcome) {

    /**
     * A source column as the rules see it.
     *
     * @param table  the source table
     * @param column the source column
     * @param source the source engine's dialect; null when unknown
     * @param target the target engine's dialect
     */
    public record Context(Table table, Column column, Dialect source, Dialect target) {

        public Context {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(target, "target");
        }

        /** The source column's type. */
        public DataType type() {
            return column.type();
        }

        /** Whether the source engine is one of the given engine names. */
        public boolean sourceIs(String... engines) {
            return source != null && java.util.Arrays.asList(engines).contains(source.engine());
        }

        /** Whether the target engine is one of the given engine names. */
        public boolean targetIs(String... engines) {
            return java.util.Arrays.asList(engines).contains(target.engine());
        }

        /** Whether source and target are the same engine. */
        public boolean sameEngine() {
            return source != null && source.engine().equals(target.engine());
        }
    }

    public TypeRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(target, "target");
        description = description == null ? name : description;
        outcome = outcome == null ? ConversionNote.Outcome.AUTOMATIC : outcome;
    }

    /** This rule, applying only where it applied and the extra condition holds too. */
    public TypeRule and(Predicate<Context> condition) {
        return new TypeRule(name, description, when.and(condition), target, exact, forceNullable, valueFixer, outcome);
    }

    /** This rule under another name (for two variants of one rule in one list). */
    public TypeRule renamed(String newName) {
        return new TypeRule(newName, description, when, target, exact, forceNullable, valueFixer, outcome);
    }

    /** Starts a rule of the given name. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Builds a {@link TypeRule}; {@code when} and {@code to} are required. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String description;
        private Predicate<Context> when;
        private Function<Context, DataType> target;
        private boolean exact;
        private boolean forceNullable;
        private Function<Object, Object> fixer;
        private ConversionNote.Outcome outcome = ConversionNote.Outcome.AUTOMATIC;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder when(Predicate<Context> condition) {
            this.when = condition;
            return this;
        }

        /** A logical target type that the target dialect spells and bounds. */
        public Builder to(DataType type) {
            return to(c -> type);
        }

        /** A logical target type, computed from the source column, that the target dialect spells and bounds. */
        public Builder to(Function<Context, DataType> type) {
            this.target = type;
            this.exact = false;
            return this;
        }

        /** A target type taken exactly as given (its nativeName is the DDL spelling). */
        public Builder toExactly(Function<Context, DataType> type) {
            this.target = type;
            this.exact = true;
            return this;
        }

        public Builder using(Function<Object, Object> valueFixer) {
            this.fixer = valueFixer;
            return this;
        }

        public Builder forceNullable() {
            this.forceNullable = true;
            return this;
        }

        /** Reports the rule's conversions as {@link ConversionNote.Outcome#WARNING}. */
        public Builder warning() {
            this.outcome = ConversionNote.Outcome.WARNING;
            return this;
        }

        /** @throws IllegalArgumentException naming every missing part */
        public TypeRule build() {
            java.util.List<String> problems = new java.util.ArrayList<>();
            if (name == null || name.isBlank()) {
                problems.add("name is blank");
            }
            if (when == null) {
                problems.add("when(...) is missing");
            }
            if (target == null) {
                problems.add("to(...) is missing");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid TypeRule '" + name + "': " + String.join("; ", problems));
            }
            return new TypeRule(name, description, when, target, exact, forceNullable, fixer, outcome);
        }
    }
}
