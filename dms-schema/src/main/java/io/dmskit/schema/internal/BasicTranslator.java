package io.dmskit.schema.internal;

import io.dmskit.schema.Routine;
import io.dmskit.schema.SqlTranslator;
import io.dmskit.schema.TableId;
import io.dmskit.schema.Trigger;
import io.dmskit.schema.View;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SqlTranslator#basic()}: same engine, the source definitions with schema names replaced;
 * across engines, views whose query {@link SqlRewrite#query} can re-quote (plain SELECTs of
 * columns, common operators and functions), with a warning; triggers and routines are left for a
 * person. Stateless; not for users.
 */
public final class BasicTranslator implements SqlTranslator {

    public static final BasicTranslator INSTANCE = new BasicTranslator();

    private BasicTranslator() {
    }

    private static Map<String, String> schemaRenames(Context context) {
        Map<String, String> renames = new HashMap<>();
        for (String s : context.source().schemas()) {
            String t = context.names().apply(TableId.of(s, "x")).schema();
            if (!t.equals(s)) {
                renames.put(s, t);
            }
        }
        return renames;
    }

    @Override
    public Translation view(View view, Context context) {
        TableId id = context.names().apply(view.id());
        String q = context.targetDialect().qualify(id);
        String engine = context.targetDialect().engine();
        boolean pg = engine.equals("postgresql");
        Map<String, String> renames = schemaRenames(context);
        String query;
        String message;
        boolean warning = false;
        if (context.sameEngine()) {
            query = SqlRewrite.renameSchemas(view.definition(), context.targetDialect(), renames);
            message = "created after the load";
        } else {
            query = SqlRewrite.query(view.definition(), context.sourceDialect(), context.targetDialect(), renames,
                    name -> context.names().apply(TableId.of("", name)).name());
            if (query == null) {
                return Translation.manual("its query uses SQL that the basic translator cannot carry to " + engine
                        + " (it only re-quotes plain SELECTs of columns with common operators and functions): translate it");
            }
            message = "created after the load; query re-quoted for " + engine + ": review it";
            warning = true;
        }
        List<String> statements = new ArrayList<>();
        boolean materialized = view.materialized() && pg;
        if (view.materialized() && !pg) {
            message += "; " + engine + " has no materialized views: it is a plain view";
            warning = true;
        }
        String check = view.checkOption() == null || materialized ? ""
                : " WITH " + view.checkOption() + " CHECK OPTION";
        statements.add("CREATE " + (materialized ? "MATERIALIZED " : "") + "VIEW " + q + " AS " + query + check);
        if (view.comment() != null && !engine.equals("mysql") && !engine.equals("mariadb")) {
            statements.add("COMMENT ON " + (materialized ? "MATERIALIZED VIEW " : engine.equals("h2") ? "TABLE " : "VIEW ")
                    + q + " IS " + SqlText.standardLiteral(view.comment()));
        }
        return warning ? Translation.warning(statements, message) : Translation.automatic(statements, message);
    }

    @Override
    public Translation trigger(Trigger trigger, Context context) {
        if (!context.sameEngine()) {
            return Translation.manual("a trigger's body is procedural SQL of " + context.sourceDialect().engine()
                    + ": write it for " + context.targetDialect().engine() + " by hand");
        }
        if (trigger.definition() == null) {
            return Translation.manual("its definition was not read");
        }
        return Translation.automatic(List.of(SqlRewrite.renameSchemas(trigger.definition(), context.targetDialect(),
                schemaRenames(context))), "created after the load, so that it does not fire for loaded rows");
    }

    @Override
    public Translation routine(Routine routine, Context context) {
        if (!context.sameEngine()) {
            return Translation.manual("a " + routine.language() + " " + routine.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " of " + context.sourceDialect().engine() + ": write it for " + context.targetDialect().engine()
                    + " by hand");
        }
        if (routine.definition() == null) {
            return Translation.manual("its definition was not read");
        }
        Map<String, String> renames = schemaRenames(context);
        String def = SqlRewrite.renameSchemas(routine.definition(), context.targetDialect(), renames);
        boolean bodyMentions = renames.keySet().stream().anyMatch(s -> routine.body() != null && routine.body().contains(s));
        return bodyMentions ? Translation.warning(List.of(def), "created; its body may name the schema "
                + renames.keySet() + ", which is renamed: review it") : Translation.automatic(List.of(def), "created");
    }
}
