package io.dmskit.schema;

import java.util.Objects;

/**
 * A CHECK constraint. Immutable.
 *
 * @param name       the constraint's name
 * @param expression the condition, as the source engine's SQL text, without the outer
 *                   {@code CHECK ( )}
 */
public record CheckConstraint(String name, String expression) {

    public CheckConstraint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
    }
}
