package io.dmskit.schema;

import java.util.Objects;

/**
 * A column of a table. Immutable.
 *
 * @param name              the name as stored by the engine (case kept)
 * @param type              the logical type
 * @param nullable          whether the column accepts NULL
 * @param defaultExpression the default as the engine's SQL expression text (for example
 *                          {@code 'abc'}, {@code 42}, {@code CURRENT_TIMESTAMP}, {@code now()},
 *                          {@code nextval('s'::regclass)}), or null when none
 * @param autoIncrement     whether values are generated (AUTO_INCREMENT, IDENTITY, serial)
 * @param generated         the expression of a generated (computed) column, or null when the
 *                          column is not generated; such a column has no default and takes no
 *                          values on insert
 * @param identity          how an identity / AUTO_INCREMENT / serial column generates values, with
 *                          its next value; null when the catalog reader did not read it (the old
 *                          constructors) or the column has none
 * @param comment           the column's comment, or null when none
 * @param onUpdate          MySQL / MariaDB {@code ON UPDATE} expression (such as {@code CURRENT_TIMESTAMP}),
 *                          as the engine's SQL text, or null when none
 */
public record Column(String name, DataType type, boolean nullable, String defaultExpression, boolean autoIncrement,
                     GeneratedColumn generated, Identity identity, String comment, String onUpdate) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A column without generation expression, identity details or comment. */
    public Column(String name, DataType type, boolean nullable, String defaultExpression, boolean autoIncrement) {
        this(name, type, nullable, defaultExpression, autoIncrement, null, null, null, null);
    }

    public static Column of(String name, DataType type, boolean nullable) {
        return new Column(name, type, nullable, null, false);
    }

    public Column withName(String newName) {
        return new Column(newName, type, nullable, defaultExpression, autoIncrement, generated, identity, comment, onUpdate);
    }

    public Column withType(DataType newType) {
        return new Column(name, newType, nullable, defaultExpression, autoIncrement, generated, identity, comment, onUpdate);
    }

    public Column withNullable(boolean newNullable) {
        return new Column(name, type, newNullable, defaultExpression, autoIncrement, generated, identity, comment, onUpdate);
    }

    public Column withDefaultExpression(String newDefault) {
        return new Column(name, type, nullable, newDefault, autoIncrement, generated, identity, comment, onUpdate);
    }

    public Column withGenerated(GeneratedColumn newGenerated) {
        return new Column(name, type, nullable, newGenerated == null ? defaultExpression : null, autoIncrement,
                newGenerated, identity, comment, onUpdate);
    }

    /** This column with identity details; {@link #autoIncrement()} becomes whether there are any. */
    public Column withIdentity(Identity newIdentity) {
        return new Column(name, type, nullable, defaultExpression, newIdentity != null, generated, newIdentity, comment, onUpdate);
    }

    public Column withComment(String newComment) {
        return new Column(name, type, nullable, defaultExpression, autoIncrement, generated, identity, newComment, onUpdate);
    }

    public Column withOnUpdate(String newOnUpdate) {
        return new Column(name, type, nullable, defaultExpression, autoIncrement, generated, identity, comment, newOnUpdate);
    }

    /** Whether this is a generated (computed) column. */
    public boolean isGenerated() {
        return generated != null;
    }
}
