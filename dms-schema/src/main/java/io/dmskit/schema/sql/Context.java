package io.dmskit.schema.sql;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

import io.dmskit.schema.TableId;

/**
 * The state of one translation: the two engines, what was found, and what the text's names mean
 * (local variables, trigger pseudo-rows, user functions, positional parameters). Not thread-safe:
 * one per translation.
 */
final class Context {
    final Flavor from;
    final Flavor to;
    final Issues issues = new Issues();
    /** Local variables and parameters, lower case: written bare, never quoted. */
    final Set<String> locals = new HashSet<>();
    /** PostgreSQL {@code $1}-style parameters by position: the name to write instead. */
    final Map<String, String> positional = new HashMap<>();
    /** Whether NEW and OLD name the trigger's rows. */
    boolean trigger;
    /** The schema that unqualified tables belong to, or null to leave them unqualified. */
    String defaultSchema;
    /** Names of common table expressions of the statement: never qualified. */
    final Set<String> cteNames = new HashSet<>();
    /** Names (lower case, qualified or not) of the user's functions, which are migrated with the schema. */
    final Set<String> userFunctions;
    /** Source object ids to target ids, as the converter renamed them. */
    UnaryOperator<TableId> names = UnaryOperator.identity();
    /** Whether a column (table as written or null, column name) becomes a boolean in the target. */
    final BiPredicate<String, String> booleanColumn;

    Context(Flavor from, Flavor to, Set<String> userFunctions, BiPredicate<String, String> booleanColumn) {
        this.from = from;
        this.to = to;
        this.userFunctions = userFunctions;
        this.booleanColumn = booleanColumn;
    }

    boolean sameFamily() {
        return from.family == to.family;
    }

    /** An identifier as written in the source, written for the target. */
    String name(String written) {
        return to.quote(from.name(written));
    }

    /** A source object's id, renamed and quoted for the target. */
    String qualified(TableId source) {
        TableId t = names.apply(source);
        return to.quote(t.schema()) + "." + to.quote(t.name());
    }

    boolean isLocal(String written) {
        return locals.contains(from.name(written).toLowerCase(Locale.ROOT))
                || locals.contains(written.toLowerCase(Locale.ROOT));
    }
}
