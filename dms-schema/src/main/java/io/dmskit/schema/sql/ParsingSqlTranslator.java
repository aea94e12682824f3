package io.dmskit.schema.sql;

import io.dmskit.schema.Catalog;
import io.dmskit.schema.Routine;
import io.dmskit.schema.SqlTranslator;
import io.dmskit.schema.TableId;
import io.dmskit.schema.Trigger;
import io.dmskit.schema.View;

import java.util.Objects;

/**
 * The {@link SqlTranslator} of dmskit that reads SQL with a real parser (JSqlParser): views,
 * triggers and routines translated between PostgreSQL, MariaDB, MySQL and H2 for the common
 * differences of functions and syntax, everything else an action item with the reason. Give it
 * to the converter:
 * <pre>{@code
 * ConvertedSchema s = SchemaConverter.builder().target(new PostgresDialect())
 *         .translator(ParsingSqlTranslator.create()).build().convert(catalog);
 * }</pre>
 * or use {@link #query} and {@link #expression} on their own. See the package documentation for
 * what translates. Stateless and thread-safe; never throws for SQL that it cannot translate.
 */
public final class ParsingSqlTranslator implements SqlTranslator {

    private static final ParsingSqlTranslator INSTANCE = new ParsingSqlTranslator();

    private ParsingSqlTranslator() {
    }

    public static ParsingSqlTranslator create() {
        return INSTANCE;
    }

    /**
     * This translator, with {@link SqlTranslator#basic()} for the objects whose SQL the parser
     * cannot read (and only those): {@link SqlTranslator#standard()}, the converter's default.
     */
    public static SqlTranslator withBasicFallback() {
        return FallbackTranslator.INSTANCE;
    }

    @Override
    public Translation view(View view, Context context) {
        return translator(context).view(view);
    }

    @Override
    public Translation trigger(Trigger trigger, Context context) {
        if (context.sameEngine()) {
            // the same engine runs the source text; only the schema names change, which the basic translator does
            return SqlTranslator.basic().trigger(trigger, context);
        }
        Routine function = trigger.function() == null ? null : context.source().routines().stream()
                .filter(r -> r.id().equals(trigger.function())).findFirst().orElse(null);
        return translator(context).trigger(trigger, function);
    }

    @Override
    public Translation routine(Routine routine, Context context) {
        if (context.sameEngine()) {
            return SqlTranslator.basic().routine(routine, context);
        }
        return translator(context).routine(routine);
    }

    /**
     * A query (a view's definition) written in another engine's SQL.
     *
     * @param sourceEngine  {@code postgresql}, {@code mariadb}, {@code mysql} or {@code h2}
     * @param targetEngine  likewise
     * @param defaultSchema the schema that unqualified table names resolve to, used to qualify
     *                      them; null to leave them unqualified
     * @throws io.dmskit.error.DmsException with {@code UNKNOWN_ENGINE} for another engine name
     */
    public static Translation query(String sql, String sourceEngine, String targetEngine, String defaultSchema) {
        return Translator.between(sourceEngine, targetEngine).query(sql, defaultSchema);
    }

    /**
     * A scalar expression (a default, a check condition, an index expression) written in another
     * engine's SQL; the translation has exactly one statement, the expression.
     *
     * @throws io.dmskit.error.DmsException with {@code UNKNOWN_ENGINE} for another engine name
     */
    public static Translation expression(String sql, String sourceEngine, String targetEngine) {
        return Translator.between(sourceEngine, targetEngine).expression(sql);
    }

    private static Translator translator(Context context) {
        Objects.requireNonNull(context, "context");
        String source = context.sourceDialect() != null ? context.sourceDialect().engine() : context.source().engine();
        Catalog catalog = context.source();
        return Translator.between(source, context.targetDialect().engine()).withCatalog(catalog)
                .withNames(id -> context.names().apply(new TableId(id.schema(), id.name())));
    }
}
