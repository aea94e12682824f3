package io.dmskit.schema;

import java.util.List;
import java.util.Objects;

/**
 * Translates the SQL of views, triggers and routines from the source engine's dialect into the
 * target's. The {@link SchemaConverter} calls it once per object, routines first, then views
 * (in dependency order), then triggers, and records a {@link ConversionNote} from each
 * {@link Translation}. A translator never throws for an object that it cannot translate: it
 * returns {@link Translation#manual}; the converter turns an exception into a MANUAL note too,
 * and goes on with the other objects.
 *
 * <p>{@link #standard()} is the converter's default: a JSqlParser-based translator, with
 * {@link #basic()} as its fallback for SQL that the parser cannot read. {@link #basic()}: for the same engine it re-creates each object from its
 * source text; across engines it re-quotes a view's identifiers (which is enough for views that
 * use only common SQL) with a warning, and leaves triggers and routines for a person. A
 * translator with a real SQL parser replaces it through
 * {@link SchemaConverter.Builder#translator(SqlTranslator)}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface SqlTranslator {

    /**
     * What a translator knows about the conversion.
     *
     * @param source        the source catalog
     * @param sourceDialect the source engine's dialect
     * @param targetDialect the target engine's dialect
     * @param target        the converted tables, enum types and sequences (target names and types)
     * @param names         the source object's id to the target's (unchanged unless a name had to be
     *                      shortened or its case changed)
     */
    record Context(Catalog source, Dialect sourceDialect, Dialect targetDialect, Catalog target,
                   java.util.function.UnaryOperator<TableId> names) {

        public Context {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(targetDialect, "targetDialect");
            Objects.requireNonNull(target, "target");
            names = names == null ? java.util.function.UnaryOperator.identity() : names;
        }

        public boolean sameEngine() {
            return sourceDialect != null && sourceDialect.engine().equals(targetDialect.engine());
        }
    }

    /**
     * The result of a translation.
     *
     * @param statements the target statements that create the object, in order; empty for MANUAL
     * @param outcome    AUTOMATIC, WARNING (translated; the message says what may differ) or MANUAL
     * @param message    what was done or why it could not be; never null
     */
    record Translation(List<String> statements, ConversionNote.Outcome outcome, String message) {

        public Translation {
            statements = statements == null ? List.of() : List.copyOf(statements);
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(message, "message");
        }

        public static Translation automatic(List<String> statements, String message) {
            return new Translation(statements, ConversionNote.Outcome.AUTOMATIC, message);
        }

        public static Translation warning(List<String> statements, String message) {
            return new Translation(statements, ConversionNote.Outcome.WARNING, message);
        }

        public static Translation manual(String why) {
            return new Translation(List.of(), ConversionNote.Outcome.MANUAL, why);
        }
    }

    Translation view(View view, Context context);

    Translation trigger(Trigger trigger, Context context);

    Translation routine(Routine routine, Context context);

    /**
     * The default of {@link SchemaConverter}: the parsing translator
     * ({@link io.dmskit.schema.sql.ParsingSqlTranslator}), with {@link #basic()} only for the
     * objects whose SQL the parser cannot read.
     */
    static SqlTranslator standard() {
        return io.dmskit.schema.sql.ParsingSqlTranslator.withBasicFallback();
    }

    /** The built-in translator described in the interface comment, without a SQL parser. */
    static SqlTranslator basic() {
        return io.dmskit.schema.internal.BasicTranslator.INSTANCE;
    }
}
