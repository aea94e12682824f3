package io.dmskit.schema;

import java.util.Objects;

/**
 * The definition of a generated (computed) column: {@code GENERATED ALWAYS AS (expression)
 * [STORED | VIRTUAL]}. Immutable.
 *
 * @param expression the expression, as the source engine's SQL text, without the outer parentheses
 * @param stored     true for STORED (PERSISTENT) columns, false for VIRTUAL ones (PostgreSQL
 *                   before 18 has only stored ones; H2's are virtual)
 */
public record GeneratedColumn(String expression, boolean stored) {

    public GeneratedColumn {
        Objects.requireNonNull(expression, "expression");
    }
}
