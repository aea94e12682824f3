package io.dmskit.schema;

import io.dmskit.schema.internal.SequenceValues;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a {@link SchemaConverter}: the target DDL in load order, the converted model,
 * how every column converts, and a {@link ConversionNote} for every object. Run the phases in
 * this order:
 * <ol>
 * <li>{@link #preLoad()}: schemas, enum types, sequences, tables with their primary keys, column
 *     defaults, identities, generated columns and comments; in order, one at a time;</li>
 * <li>load the data;</li>
 * <li>{@link #postLoad()}: per table, its unique constraints, secondary indexes and check
 *     constraints. Tables are independent of each other: run them in parallel, each table's
 *     statements in order;</li>
 * <li>{@link #foreignKeys()}: per table, its foreign keys, after every table's post-load
 *     statements (a foreign key needs the referenced unique key); parallel per table;</li>
 * <li>{@link #sequenceValues(Connection)}: statements that set every sequence and identity
 *     past the largest loaded value, built from the loaded target; run them in any order;</li>
 * <li>{@link #routines()}, {@link #views()}, {@link #triggers()}: in order, one at a time.
 *     Triggers come last so that they do not fire while the data loads.</li>
 * </ol>
 * {@link #script()} is all of it (but the sequence values) as one list, for a file.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConvertedSchema {

    /**
     * Statements of one target table, run in order.
     *
     * @param table      the target table
     * @param statements the statements, in order
     */
    public record TableStatements(TableId table, List<String> statements) {

        public TableStatements {
            Objects.requireNonNull(table, "table");
            statements = List.copyOf(statements);
        }
    }

    private final Catalog source;
    private final Catalog target;
    private final Dialect targetDialect;
    private final List<String> preLoad;
    private final List<TableStatements> postLoad;
    private final List<TableStatements> foreignKeys;
    private final List<String> routines;
    private final List<String> views;
    private final List<String> triggers;
    private final List<ConversionNote> notes;
    private final Map<TableId, TableId> tableNames;
    private final Map<TableId, Map<String, TypeRules.Resolution>> columns;
    private final Map<TableId, Map<String, String>> columnNames;
    private final Map<TableId, List<SequenceValues.Use>> sequenceUsers;

    /** Built by {@link SchemaConverter}; the lists and maps are copied. */
    ConvertedSchema(Catalog source, Catalog target, Dialect targetDialect, List<String> preLoad,
                    List<TableStatements> postLoad, List<TableStatements> foreignKeys, List<String> routines,
                    List<String> views, List<String> triggers, List<ConversionNote> notes,
                    Map<TableId, TableId> tableNames, Map<TableId, Map<String, String>> columnNames,
                    Map<TableId, Map<String, TypeRules.Resolution>> columns,
                    Map<TableId, List<SequenceValues.Use>> sequenceUsers) {
        this.source = source;
        this.target = target;
        this.targetDialect = targetDialect;
        this.preLoad = List.copyOf(preLoad);
        this.postLoad = List.copyOf(postLoad);
        this.foreignKeys = List.copyOf(foreignKeys);
        this.routines = List.copyOf(routines);
        this.views = List.copyOf(views);
        this.triggers = List.copyOf(triggers);
        this.notes = List.copyOf(notes);
        this.tableNames = Map.copyOf(tableNames);
        this.columnNames = Map.copyOf(columnNames);
        this.columns = Map.copyOf(columns);
        this.sequenceUsers = Map.copyOf(sequenceUsers);
    }

    /** The source catalog, as given to the converter. */
    public Catalog source() {
        return source;
    }

    /**
     * The target model: the tables (with target names, types, defaults in the target's SQL,
     * indexes and constraints), enum types and sequences that the DDL creates. Views, triggers and
     * routines are those of the source whose translation succeeded, with target ids.
     */
    public Catalog target() {
        return target;
    }

    public Dialect targetDialect() {
        return targetDialect;
    }

    /** Schemas, enum types, sequences and tables (primary keys, defaults, identities, comments), in order. */
    public List<String> preLoad() {
        return preLoad;
    }

    /** Per target table: unique constraints, indexes, check constraints. Independent per table. */
    public List<TableStatements> postLoad() {
        return postLoad;
    }

    /** Per target table: its foreign keys; after every {@link #postLoad()} statement. */
    public List<TableStatements> foreignKeys() {
        return foreignKeys;
    }

    /**
     * The statements that set each sequence of the target, and each identity / AUTO_INCREMENT
     * column, past the largest value that the load wrote (and never below the source's next
     * value): PostgreSQL {@code setval}, MySQL {@code ALTER TABLE ... AUTO_INCREMENT = n}, H2
     * {@code ALTER TABLE ... ALTER COLUMN ... RESTART WITH n} and {@code ALTER SEQUENCE ... RESTART WITH n}.
     * Runs one {@code SELECT max(column)} per identity column and per sequence that a column's
     * default uses, on the given connection to the loaded target; does not close it.
     */
    public List<String> sequenceValues(Connection targetConnection) throws SQLException {
        return SequenceValues.statements(target, targetDialect, targetConnection, sequenceUsers);
    }

    /** Functions and procedures, translated. */
    public List<String> routines() {
        return routines;
    }

    /** Views, translated, in dependency order. */
    public List<String> views() {
        return views;
    }

    /** Triggers, translated. */
    public List<String> triggers() {
        return triggers;
    }

    /** One note for every object converted (and more for rules and changes), in conversion order. */
    public List<ConversionNote> notes() {
        return notes;
    }

    /** The notes of one outcome. */
    public List<ConversionNote> notes(ConversionNote.Outcome outcome) {
        return notes.stream().filter(n -> n.outcome() == outcome).toList();
    }

    /** The target table of a source table; empty when the table was not converted. */
    public Optional<TableId> targetId(TableId sourceTable) {
        return Optional.ofNullable(tableNames.get(sourceTable));
    }

    /** The target name of a source column; empty when it was not converted. */
    public Optional<String> targetColumnName(TableId sourceTable, String sourceColumn) {
        Map<String, String> m = columnNames.get(sourceTable);
        return Optional.ofNullable(m == null ? null : m.get(sourceColumn));
    }

    /**
     * How a source column converts: its target type and nullability, and the value fixer that the
     * copy pipeline applies; empty when the column was not converted.
     */
    public Optional<TypeRules.Resolution> column(TableId sourceTable, String sourceColumn) {
        Map<String, TypeRules.Resolution> m = columns.get(sourceTable);
        return Optional.ofNullable(m == null ? null : m.get(sourceColumn));
    }

    /**
     * Statements that drop, when they exist, the target's views, tables, sequences and enum types
     * that {@link #preLoad()} and {@link #views()} create, so that the DDL can run on a target that
     * holds an earlier copy: views first, then tables, sequences and types. PostgreSQL and H2 drop
     * with {@code CASCADE} (other objects that depend on them, such as another table's foreign key
     * or a view, go too); MySQL and MariaDB drop all the tables in one statement, so that foreign
     * keys among them do not stop it. On H2 the list starts by creating the target schemas that are
     * missing, since H2 refuses {@code DROP ... IF EXISTS} in a schema that does not exist.
     */
    public List<String> dropStatements() {
        String engine = targetDialect.engine();
        boolean mysql = engine.equals("mysql") || engine.equals("mariadb");
        String cascade = mysql ? "" : " CASCADE";
        List<String> out = new ArrayList<>();
        if (engine.equals("h2")) {
            java.util.Set<String> schemas = new java.util.LinkedHashSet<>();
            target.tables().forEach(t -> schemas.add(t.id().schema()));
            target.views().forEach(v -> schemas.add(v.id().schema()));
            target.sequences().forEach(q -> schemas.add(q.id().schema()));
            schemas.forEach(schema -> out.add(targetDialect.createSchemaIfNotExists(schema)));
        }
        List<View> targetViews = new ArrayList<>(target.views());
        java.util.Collections.reverse(targetViews);
        for (View v : targetViews) {
            out.add("DROP " + (v.materialized() && engine.equals("postgresql") ? "MATERIALIZED VIEW" : "VIEW")
                    + " IF EXISTS " + targetDialect.qualify(v.id()) + cascade);
        }
        if (mysql && !target.tables().isEmpty()) {
            out.add("DROP TABLE IF EXISTS " + String.join(", ",
                    target.tables().stream().map(t -> targetDialect.qualify(t.id())).toList()));
        } else {
            for (Table t : target.tables()) {
                out.add("DROP TABLE IF EXISTS " + targetDialect.qualify(t.id()) + cascade);
            }
        }
        if (!engine.equals("mysql")) {
            for (Sequence seq : target.sequences()) {
                out.add("DROP SEQUENCE IF EXISTS " + targetDialect.qualify(seq.id()) + cascade);
            }
        }
        if (engine.equals("postgresql")) {
            for (EnumType e : target.enumTypes()) {
                out.add("DROP TYPE IF EXISTS " + targetDialect.qualify(e.id()) + cascade);
            }
        }
        return out;
    }

    /** Every statement, in the order of the phases, without {@link #sequenceValues}. */
    public List<String> script() {
        List<String> all = new ArrayList<>(preLoad);
        postLoad.forEach(t -> all.addAll(t.statements()));
        foreignKeys.forEach(t -> all.addAll(t.statements()));
        all.addAll(routines);
        all.addAll(views);
        all.addAll(triggers);
        return all;
    }
}
