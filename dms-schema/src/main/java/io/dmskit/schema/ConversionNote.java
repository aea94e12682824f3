package io.dmskit.schema;

import java.util.Objects;

/**
 * What happened to one source object (or one detail of it, such as a column's default) during a
 * schema conversion: converted automatically, converted with a warning (what may behave
 * differently), or not converted and left for a person (why, with the source DDL). The
 * {@link SchemaConverter} records one note for every object that it converts and more for every
 * named rule that changed something; an assessment report is built from them. Immutable.
 *
 * @param kind       the kind of object
 * @param objectName the object's name as a person reads it: {@code schema.table} for a table,
 *                   {@code schema.table.column} for a column, {@code schema.table.name} for an index or
 *                   constraint, {@code schema.name(types)} for a routine
 * @param outcome    automatic, warning or manual
 * @param message    what was done, what may change, or why a person must act; never null
 * @param sourceDdl  the object's source definition (DDL, expression or type), or null when there is none
 * @param rule       the name of the {@link TypeRule} or conversion rule that decided, or null
 */
public record ConversionNote(ObjectKind kind, String objectName, Outcome outcome, String message, String sourceDdl,
                             String rule) {

    /** The kinds of schema objects. */
    public enum ObjectKind {
        SCHEMA, TABLE, COLUMN, PRIMARY_KEY, INDEX, UNIQUE_CONSTRAINT, FOREIGN_KEY, CHECK_CONSTRAINT, ENUM_TYPE, SEQUENCE,
        VIEW, MATERIALIZED_VIEW, TRIGGER, FUNCTION, PROCEDURE, COMMENT
    }

    /** How a conversion went, from best to worst. */
    public enum Outcome {
        /** Converted; the target behaves as the source did. */
        AUTOMATIC,
        /** Converted, but something may behave differently; the message says what. */
        WARNING,
        /** Not converted (or converted only in part): a person must act; the message says why. */
        MANUAL
    }

    public ConversionNote {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(objectName, "objectName");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public static ConversionNote automatic(ObjectKind kind, String objectName, String message, String sourceDdl) {
        return new ConversionNote(kind, objectName, Outcome.AUTOMATIC, message, sourceDdl, null);
    }

    public static ConversionNote warning(ObjectKind kind, String objectName, String message, String sourceDdl) {
        return new ConversionNote(kind, objectName, Outcome.WARNING, message, sourceDdl, null);
    }

    public static ConversionNote manual(ObjectKind kind, String objectName, String message, String sourceDdl) {
        return new ConversionNote(kind, objectName, Outcome.MANUAL, message, sourceDdl, null);
    }

    /** This note, naming the rule that decided. */
    public ConversionNote withRule(String ruleName) {
        return new ConversionNote(kind, objectName, outcome, message, sourceDdl, ruleName);
    }
}
