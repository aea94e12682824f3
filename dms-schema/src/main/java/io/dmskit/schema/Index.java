package io.dmskit.schema;

import java.util.List;
import java.util.Objects;

/**
 * An index of a table, other than the primary key's: a plain or unique index, or the index of a
 * UNIQUE constraint. Immutable.
 *
 * @param name       the index (or constraint) name as the engine stores it
 * @param columns    the key parts in order: columns or expressions; never empty
 * @param unique     whether the index is unique
 * @param constraint whether it backs a UNIQUE constraint (created as {@code ADD CONSTRAINT ... UNIQUE});
 *                   MySQL's unique keys made only of whole columns count as constraints
 * @param predicate  the WHERE clause of a partial index, as the source engine's SQL text; null when none
 * @param method     the access method as the engine names it ({@code btree}, {@code hash}, {@code gin},
 *                   {@code FULLTEXT}, {@code SPATIAL}); null when the engine's default
 * @param definition the engine's own DDL for the index (PostgreSQL {@code pg_get_indexdef}), or null;
 *                   for messages and notes
 */
public record Index(String name, List<IndexColumn> columns, boolean unique, boolean constraint, String predicate,
                    String method, String definition) {

    public Index {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " has no columns");
        }
    }

    /** A plain index on whole columns, ascending. */
    public static Index of(String name, boolean unique, List<String> columns) {
        return new Index(name, columns.stream().map(IndexColumn::of).toList(), unique, false, null, null, null);
    }

    /** Whether every key part is a whole column, ascending, without prefix: no expression, no predicate. */
    public boolean isPlain() {
        return predicate == null && columns.stream().allMatch(IndexColumn::isPlain);
    }

    /** The names of the key columns; null for an expression part. */
    public List<String> columnNames() {
        return columns.stream().map(IndexColumn::column).toList();
    }
}
