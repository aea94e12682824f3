package io.dmskit.schema.internal;

import io.dmskit.schema.Catalog;
import io.dmskit.schema.CheckConstraint;
import io.dmskit.schema.Column;
import io.dmskit.schema.EnumType;
import io.dmskit.schema.ForeignKey;
import io.dmskit.schema.Index;
import io.dmskit.schema.Routine;
import io.dmskit.schema.Sequence;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.Trigger;
import io.dmskit.schema.View;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Collects the rows of a dialect's bulk catalog queries (tables, then columns, then key
 * columns) into a {@link Catalog}. Rows of tables that were not added with {@link #table} are
 * ignored, so that a query may return more than the filter accepted. Not thread-safe: one
 * instance per {@code readCatalog} call.
 */
public final class CatalogBuilder {

    /** The most table names in one chunk of {@link #chunksBySchema()}. */
    public static final int IN_LIST_CHUNK = 500;

    private final Map<TableId, Entry> tables = new LinkedHashMap<>();
    /** Every table offered to {@link #table}, accepted or not, counted by schema. */
    private final Map<String, Integer> offeredPerSchema = new HashMap<>();

    private static final class Entry {
        final long estimatedRows;
        final List<Column> columns = new ArrayList<>();
        final List<String> primaryKey = new ArrayList<>();
        final Map<String, List<String>> uniqueKeys = new LinkedHashMap<>();
        final List<Index> indexes = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<CheckConstraint> checks = new ArrayList<>();
        String comment;

        Entry(long estimatedRows) {
            this.estimatedRows = estimatedRows;
        }
    }

    /** Adds a table if the filter accepts it; returns whether it did. Offer each table of the catalog once. */
    public boolean table(TableId id, long estimatedRows, Predicate<TableId> filter) {
        offeredPerSchema.merge(id.schema(), 1, Integer::sum);
        if (!filter.test(id)) {
            return false;
        }
        tables.put(id, new Entry(estimatedRows));
        return true;
    }

    public boolean contains(TableId id) {
        return tables.containsKey(id);
    }

    /** The accepted tables, in the order they were added. */
    public List<TableId> ids() {
        return List.copyOf(tables.keySet());
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /** Adds the next column (in ordinal order) of a table. */
    public void column(TableId id, Column column) {
        Entry e = tables.get(id);
        if (e != null) {
            e.columns.add(column);
        }
    }

    /** Adds the next column (in key order) of the primary key. */
    public void primaryKeyColumn(TableId id, String column) {
        Entry e = tables.get(id);
        if (e != null) {
            e.primaryKey.add(column);
        }
    }

    /** Adds the next column (in key order) of the unique key or unique index named {@code key}. */
    public void uniqueKeyColumn(TableId id, String key, String column) {
        Entry e = tables.get(id);
        if (e != null) {
            e.uniqueKeys.computeIfAbsent(key, k -> new ArrayList<>()).add(column);
        }
    }

    /** Adds an index (other than the primary key's) of a table. */
    public void index(TableId id, Index index) {
        Entry e = tables.get(id);
        if (e != null) {
            e.indexes.add(index);
        }
    }

    public void foreignKey(TableId id, ForeignKey foreignKey) {
        Entry e = tables.get(id);
        if (e != null) {
            e.foreignKeys.add(foreignKey);
        }
    }

    public void check(TableId id, CheckConstraint check) {
        Entry e = tables.get(id);
        if (e != null) {
            e.checks.add(check);
        }
    }

    public void comment(TableId id, String comment) {
        Entry e = tables.get(id);
        if (e != null) {
            e.comment = comment == null || comment.isEmpty() ? null : comment;
        }
    }

    /** The columns added so far to a table; empty when it was not accepted. */
    public List<Column> columns(TableId id) {
        Entry e = tables.get(id);
        return e == null ? List.of() : e.columns;
    }

    /** Replaces a column added before (same name), for details read after the columns. */
    public void replaceColumn(TableId id, Column column) {
        Entry e = tables.get(id);
        if (e != null) {
            e.columns.replaceAll(c -> c.name().equals(column.name()) ? column : c);
        }
    }

    /** The catalog of tables only, engine unknown; see {@link #build(String, List, List, List, List, List)}. */
    public Catalog build() {
        return build(null, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * The catalog; unique keys equal to the primary key, or to an earlier unique key, are dropped.
     * Indexes, foreign keys and checks are sorted by name.
     */
    public Catalog build(String engine, List<EnumType> enumTypes, List<Sequence> sequences, List<View> views,
                         List<Trigger> triggers, List<Routine> routines) {
        List<Table> result = new ArrayList<>(tables.size());
        for (Map.Entry<TableId, Entry> me : tables.entrySet()) {
            Entry e = me.getValue();
            List<List<String>> uniques = new ArrayList<>();
            for (List<String> uk : e.uniqueKeys.values()) {
                if (!uk.equals(e.primaryKey) && !uniques.contains(uk)) {
                    uniques.add(uk);
                }
            }
            e.indexes.sort(java.util.Comparator.comparing(Index::name));
            e.foreignKeys.sort(java.util.Comparator.comparing(ForeignKey::name));
            e.checks.sort(java.util.Comparator.comparing(CheckConstraint::name));
            result.add(new Table(me.getKey(), e.columns, e.primaryKey, uniques, e.estimatedRows, e.indexes, e.foreignKeys,
                    e.checks, e.comment));
        }
        return new Catalog(result, engine, enumTypes, sequences, views, triggers, routines);
    }

    /**
     * The accepted tables grouped by schema, as (schema, table names) chunks of at most
     * {@link #IN_LIST_CHUNK} names, for {@code WHERE schema = ? AND name IN (...)} queries; a
     * chunk's names are null when every table of the schema that was offered to {@link #table} is
     * accepted, so that the query can omit the IN list.
     */
    public List<Map.Entry<String, List<String>>> chunksBySchema() {
        int chunk = IN_LIST_CHUNK;
        Map<String, List<String>> bySchema = new LinkedHashMap<>();
        for (TableId id : tables.keySet()) {
            bySchema.computeIfAbsent(id.schema(), s -> new ArrayList<>()).add(id.name());
        }
        List<Map.Entry<String, List<String>>> chunks = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : bySchema.entrySet()) {
            List<String> names = e.getValue();
            if (names.size() == offeredPerSchema.getOrDefault(e.getKey(), -1)) {
                chunks.add(new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), null));
                continue;
            }
            for (int i = 0; i < names.size(); i += chunk) {
                chunks.add(new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(),
                        List.copyOf(names.subList(i, Math.min(names.size(), i + chunk)))));
            }
        }
        return chunks;
    }
}
