package io.dmskit.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a catalog reader read from a database: tables, sorted by id, and (when the reader reads
 * them) the schema objects other than tables: PostgreSQL enum types, sequences (those not owned
 * by an identity column), views, triggers and routines. Immutable.
 *
 * @param tables    the tables, sorted by id
 * @param engine    the {@link Dialect#engine() engine} that the catalog was read from, so that
 *                  expression texts (defaults, checks, view definitions) can be read in its
 *                  dialect; null when unknown
 * @param enumTypes user-defined enum types (PostgreSQL {@code CREATE TYPE ... AS ENUM})
 * @param sequences sequences, other than those of identity columns
 * @param views     views and materialized views
 * @param triggers  triggers of the tables
 * @param routines  functions and procedures
 */
public record Catalog(List<Table> tables, String engine, List<EnumType> enumTypes, List<Sequence> sequences,
                      List<View> views, List<Trigger> triggers, List<Routine> routines) {

    public Catalog {
        tables = tables.stream().sorted(Comparator.comparing(Table::id)).toList();
        enumTypes = enumTypes == null ? List.of() : List.copyOf(enumTypes);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
        views = views == null ? List.of() : List.copyOf(views);
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
        routines = routines == null ? List.of() : List.copyOf(routines);
    }

    /** A catalog of tables only, engine unknown. */
    public Catalog(List<Table> tables) {
        this(tables, null, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public Optional<Table> table(TableId id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<View> view(TableId id) {
        return views.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    public Optional<Sequence> sequence(TableId id) {
        return sequences.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<EnumType> enumType(TableId id) {
        return enumTypes.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Every schema that holds an object of this catalog, sorted. */
    public Set<String> schemas() {
        Set<String> s = new TreeSet<>();
        tables.forEach(t -> s.add(t.id().schema()));
        enumTypes.forEach(t -> s.add(t.id().schema()));
        sequences.forEach(t -> s.add(t.id().schema()));
        views.forEach(t -> s.add(t.id().schema()));
        triggers.forEach(t -> s.add(t.id().schema()));
        routines.forEach(t -> s.add(t.id().schema()));
        return s;
    }

    /** This catalog with other tables; everything else kept. */
    public Catalog withTables(List<Table> newTables) {
        return new Catalog(newTables, engine, enumTypes, sequences, views, triggers, routines);
    }
}
