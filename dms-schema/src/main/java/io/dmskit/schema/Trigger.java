package io.dmskit.schema;

import java.util.List;
import java.util.Objects;

/**
 * A trigger on a table. Immutable.
 *
 * @param id         the trigger's schema and name (PostgreSQL: the table's schema; names are unique per table)
 * @param table      the table it fires on
 * @param timing     when it fires
 * @param events     the events that fire it, in the order INSERT, UPDATE, DELETE, TRUNCATE
 * @param forEachRow true for FOR EACH ROW, false for FOR EACH STATEMENT
 * @param condition  the WHEN condition, as source SQL text, or null
 * @param body       what it runs, as source SQL text: MySQL's {@code ACTION_STATEMENT} (a statement or
 *                   a BEGIN ... END block), PostgreSQL's {@code EXECUTE FUNCTION f(args)} (the function
 *                   is among the catalog's {@link Routine routines})
 * @param function   PostgreSQL: the trigger function that it executes; null otherwise
 * @param order      the order among the table's triggers of the same timing and event (MySQL
 *                   {@code ACTION_ORDER}); 0 when the engine orders by name (PostgreSQL)
 * @param definition the complete {@code CREATE TRIGGER} statement in the source engine's SQL, for
 *                   notes and manual work
 */
public record Trigger(TableId id, TableId table, Timing timing, List<Event> events, boolean forEachRow,
                      String condition, String body, TableId function, int order, String definition) {

    /** When a trigger fires. */
    public enum Timing { BEFORE, AFTER, INSTEAD_OF }

    /** What fires a trigger. */
    public enum Event { INSERT, UPDATE, DELETE, TRUNCATE }

    public Trigger {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(timing, "timing");
        events = events.stream().distinct().sorted().toList();
        if (events.isEmpty()) {
            throw new IllegalArgumentException("trigger " + id + " has no event");
        }
    }
}
