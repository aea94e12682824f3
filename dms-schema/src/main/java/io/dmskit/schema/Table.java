package io.dmskit.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table: its columns in order, primary key, unique keys, the engine's estimate of its row
 * count, and (when read by a catalog reader that reads them) its secondary indexes, foreign keys,
 * check constraints and comment. Immutable.
 *
 * <p>{@code uniqueKeys} are the column lists of the unique constraints and plain unique indexes
 * (what identifies a row); {@code indexes} are the same and the other indexes with their names
 * and details (expressions, predicates, methods), which is what DDL needs.
 *
 * @param id            schema and name
 * @param columns       columns in ordinal order
 * @param primaryKey    names of the primary key columns in key order; empty when none
 * @param uniqueKeys    unique constraints or indexes (other than the primary key), each a list of column names
 * @param estimatedRows the engine's statistics estimate of the number of rows, -1 when unknown
 * @param indexes       the indexes other than the primary key's, unique or not, including those
 *                      that back unique constraints ({@link Index#constraint()}); empty when not read
 * @param foreignKeys   the foreign keys of this table (the referencing side)
 * @param checks        the CHECK constraints (table and column level), other than NOT NULL
 * @param comment       the table's comment, or null when none
 */
public record Table(TableId id, List<Column> columns, List<String> primaryKey, List<List<String>> uniqueKeys,
                    long estimatedRows, List<Index> indexes, List<ForeignKey> foreignKeys, List<CheckConstraint> checks,
                    String comment) {

    public Table {
        Objects.requireNonNull(id, "id");
        columns = List.copyOf(columns);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        uniqueKeys = uniqueKeys == null ? List.of() : uniqueKeys.stream().map(List::copyOf).toList();
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A table without indexes, foreign keys, checks or comment. */
    public Table(TableId id, List<Column> columns, List<String> primaryKey, List<List<String>> uniqueKeys,
                 long estimatedRows) {
        this(id, columns, primaryKey, uniqueKeys, estimatedRows, List.of(), List.of(), List.of(), null);
    }

    public Optional<Column> column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    /** The columns that identify a row: the primary key, else the first unique key whose columns are all NOT NULL, else empty. */
    public List<String> rowKey() {
        if (!primaryKey.isEmpty()) {
            return primaryKey;
        }
        for (List<String> uk : uniqueKeys) {
            if (uk.stream().allMatch(c -> column(c).map(col -> !col.nullable()).orElse(false))) {
                return uk;
            }
        }
        return List.of();
    }

    public Table withId(TableId newId) {
        return new Table(newId, columns, primaryKey, uniqueKeys, estimatedRows, indexes, foreignKeys, checks, comment);
    }

    /** This table with other columns and keys; indexes, foreign keys, checks and comment are kept. */
    public Table withColumns(List<Column> newColumns, List<String> newPrimaryKey, List<List<String>> newUniqueKeys) {
        return new Table(id, newColumns, newPrimaryKey, newUniqueKeys, estimatedRows, indexes, foreignKeys, checks, comment);
    }

    /** This table with other indexes, foreign keys, checks and comment. */
    public Table withConstraints(List<Index> newIndexes, List<ForeignKey> newForeignKeys, List<CheckConstraint> newChecks,
                                 String newComment) {
        return new Table(id, columns, primaryKey, uniqueKeys, estimatedRows, newIndexes, newForeignKeys, newChecks, newComment);
    }
}
