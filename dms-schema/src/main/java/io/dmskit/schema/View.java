package io.dmskit.schema;

import java.util.List;
import java.util.Objects;

/**
 * A view or materialized view. Immutable.
 *
 * @param id           schema and name
 * @param definition   the query (a {@code SELECT}, without {@code CREATE VIEW ... AS}), as the
 *                     source engine's SQL text (PostgreSQL {@code pg_get_viewdef}, MySQL
 *                     {@code VIEWS.VIEW_DEFINITION})
 * @param columns      the view's column names, in order (empty when unknown)
 * @param materialized whether it is a materialized view (PostgreSQL)
 * @param checkOption  {@code LOCAL} or {@code CASCADED} for {@code WITH CHECK OPTION}, null when none
 * @param dependsOn    the tables and views that the query reads, when the engine says (PostgreSQL);
 *                     empty when unknown. Views are created after what they depend on
 * @param comment      the view's comment, or null
 */
public record View(TableId id, String definition, List<String> columns, boolean materialized, String checkOption,
                   List<TableId> dependsOn, String comment) {

    public View {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
        columns = columns == null ? List.of() : List.copyOf(columns);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
}
