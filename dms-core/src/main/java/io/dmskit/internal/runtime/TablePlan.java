package io.dmskit.internal.runtime;

import io.dmskit.TableState;
import io.dmskit.TableStatistics;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything a full load knows about one table: source and target definitions, which source
 * column goes to which target column, its segments, and its live progress counters. Counters are
 * updated by workers and read by status snapshots; they are atomics, so no lock is held on the
 * copy path.
 */
final class TablePlan {
    final Table source;
    final Table target;
    /** Source columns read, in batch order. */
    final List<Column> sourceColumns;
    /** Target columns written, in the same order. */
    final List<Column> targetColumns;
    /** The source column whose ranges split the table, or null for a single segment. */
    final String keyColumn;
    /** The target column that keyColumn is written to. */
    final String targetKeyColumn;
    /**
     * Whether a segment's rows can be deleted in the target by its key range alone; false for a
     * table loaded by partitions (set by {@link #applyMapping}), whose segments are not key ranges.
     */
    boolean rangesClearable;
    /** Indexes in sourceColumns of the row key, for naming a row in messages. */
    final int[] rowKey;
    final List<String> warnings = new ArrayList<>();
    final List<Segment> segments = new ArrayList<>();
    /** The table mapping's source filter, pushed down to the reader (set by {@link #applyMapping}). */
    io.dmskit.spi.ReadFilter filter = io.dmskit.spi.ReadFilter.NONE;
    /** The mapping's load-order: tables with a higher one start loading first. */
    int loadOrder;
    /** The segment boundaries that parallel-load fixes: null to split automatically, empty for one segment. */
    List<String> boundaries;
    /** The table-settings rule whose parallel-load partitions-auto or partitions-list splits the table; null when none does. */
    io.dmskit.internal.mapping.TableSettingsRule partitionRule;
    /** The source's partitions of the table, listed once when a segment first needs them (see {@link KeyRanges#partitions}). */
    volatile List<io.dmskit.spi.SourceReader.Partition> sourcePartitions;
    /** The mapping's lob-settings of the table; null when no table-settings rule sets them. */
    io.dmskit.internal.mapping.TableSettingsRule.LobSettings lobRule;
    /** Makes each segment's converter of the mapping's data-masking rules; null when none applies. */
    java.util.function.Supplier<io.dmskit.spi.RowConverter> masking;
    /** The target columns of the mapping's add-column rules, written after {@link #targetColumns}; empty when none. */
    List<Column> addedColumns = List.of();
    /** The mapping's add-column rules of the table, in the order of {@link #addedColumns}. */
    List<io.dmskit.TableMapping.AddedColumn> added = List.of();
    /** Makes each segment's computation of the added columns; null when the table has none. */
    java.util.function.Supplier<io.dmskit.internal.mapping.AddedColumns> addedValues;
    /** The type rules' value fixers of the columns, applied before the type conversion; null when none. */
    SchemaPrepValueFixers fixers;
    /** The type of each source column's values after its fixer (the rule's target type), or the source type. */
    List<DataType> fixedTypes;
    /** Whether the table's post-load indexes and constraints, and its foreign keys, were built (by this or an earlier run). */
    volatile boolean indexesBuilt;
    volatile boolean foreignKeysBuilt;

    final AtomicLong rows = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicInteger segmentsDone = new AtomicInteger();
    volatile long startedNanos;
    /** When this run last committed rows of the table (epoch millis), 0 before; see {@link #touch}. */
    volatile long lastUpdateMillis;
    volatile long finishedNanos;
    volatile TableState state = TableState.QUEUED;
    volatile String error;
    volatile io.dmskit.ValidationState validationState = io.dmskit.ValidationState.NOT_VALIDATED;
    volatile io.dmskit.ValidationReport.TableValidation validation;

    TablePlan(Table source, Table target, List<Column> sourceColumns, List<Column> targetColumns, String keyColumn,
              String targetKeyColumn, boolean rangesClearable) {
        this.source = source;
        this.target = target;
        this.sourceColumns = List.copyOf(sourceColumns);
        this.targetColumns = List.copyOf(targetColumns);
        this.keyColumn = keyColumn;
        this.targetKeyColumn = targetKeyColumn;
        this.rangesClearable = rangesClearable;
        List<String> key = source.rowKey();
        this.rowKey = new int[key.size()];
        for (int i = 0; i < key.size(); i++) {
            int idx = -1;
            for (int j = 0; j < sourceColumns.size(); j++) {
                if (sourceColumns.get(j).name().equals(key.get(i))) {
                    idx = j;
                }
            }
            rowKey[i] = idx;
        }
    }

    /** The types of the values that reach the type conversion: after the value fixers, where there are any. */
    List<DataType> sourceTypes() {
        return fixedTypes != null ? fixedTypes : sourceColumns.stream().map(Column::type).toList();
    }

    /** The source columns with the types of {@link #sourceTypes()}, for the CDC applier's conversion. */
    List<Column> fixedSourceColumns() {
        List<DataType> types = sourceTypes();
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < sourceColumns.size(); i++) {
            out.add(sourceColumns.get(i).withType(types.get(i)));
        }
        return out;
    }

    /**
     * Takes the table's filter, load order, parallel-load setting (boundaries or partitions),
     * lob-settings and masking from the (checked) mapping.
     */
    TablePlan applyMapping(io.dmskit.TableMapping mapping) {
        var engine = io.dmskit.internal.mapping.MappingAccess.engine(mapping);
        filter = io.dmskit.internal.mapping.MappingRuntime.readFilter(engine.filters(source.id()));
        loadOrder = engine.loadOrder(source.id());
        var parallel = engine.parallelLoad(source.id());
        if (parallel != null && (parallel.parallelLoad().type() == io.dmskit.internal.mapping.TableSettingsRule.ParallelLoadType.PARTITIONS_AUTO
                || parallel.parallelLoad().type() == io.dmskit.internal.mapping.TableSettingsRule.ParallelLoadType.PARTITIONS_LIST)) {
            partitionRule = parallel;
            rangesClearable = false;   // a partition's rows cannot be told apart in the target by a key range
        } else {
            boundaries = io.dmskit.internal.mapping.MappingRuntime.boundaries(engine, source.id());
        }
        for (io.dmskit.internal.mapping.Rule r : engine.rules()) {
            if (r instanceof io.dmskit.internal.mapping.TableSettingsRule ts && ts.lob() != null && ts.matches(source.id())) {
                lobRule = ts.lob();   // the last matching rule counts
            }
        }
        masking = io.dmskit.internal.mapping.MappingRuntime.masking(engine, source.id(), sourceColumns, targetColumns);
        added = mapping.map(source).added();
        if (!added.isEmpty()) {
            List<Column> cols = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (io.dmskit.TableMapping.AddedColumn a : added) {
                Column tc = target.column(a.name()).orElseGet(() -> target.columns().stream()
                        .filter(c -> c.name().equalsIgnoreCase(a.name())).findFirst().orElse(null));
                if (tc == null) {
                    missing.add("column " + a.name() + " that " + a.rule() + " adds is missing");
                } else {
                    cols.add(tc);
                }
            }
            if (!missing.isEmpty()) {
                throw new io.dmskit.error.DmsException(io.dmskit.error.ErrorCode.INCOMPATIBLE_TARGET_TABLE, "Target table "
                        + target.id() + " exists with an incompatible shape for source table " + source.id() + ": "
                        + String.join("; ", missing) + ". Add the column to the target table, or use prep mode"
                        + " DROP_AND_CREATE, which creates it.");
            }
            addedColumns = List.copyOf(cols);
            addedValues = io.dmskit.internal.mapping.MappingRuntime.added(source.id(), sourceColumns, added, addedColumns);
        }
        return this;
    }

    /** The target columns that a batch writes: {@link #targetColumns}, then {@link #addedColumns}. */
    List<Column> writtenColumns() {
        if (addedColumns.isEmpty()) {
            return targetColumns;
        }
        List<Column> all = new ArrayList<>(targetColumns);
        all.addAll(addedColumns);
        return all;
    }

    /** The table's LOB settings: the task's, overridden by the mapping's lob-settings of the table. */
    io.dmskit.LobSettings lobSettings(io.dmskit.LobSettings task) {
        return lobRule == null ? task : lobRule.apply(task);
    }

    /** The table as the mapping's change filter needs it. */
    io.dmskit.internal.mapping.ChangeFilters.Scope changeScope() {
        return new io.dmskit.internal.mapping.ChangeFilters.Scope(source, sourceColumns, targetColumns);
    }

    List<DataType> targetTypes() {
        return targetColumns.stream().map(Column::type).toList();
    }

    /** The row's key as {@code col=value, ...}, or a note that the table has no key. */
    String describeKey(Object[] row) {
        if (rowKey.length == 0) {
            return "(table has no key)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rowKey.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            int idx = rowKey[i];
            sb.append(source.rowKey().get(i)).append('=');
            Object v = idx < 0 ? "?" : row[idx];
            sb.append(v instanceof String s ? "'" + s + "'" : String.valueOf(v));
        }
        return sb.toString();
    }

    /** Notes that rows of the table were just committed to the target (for AWS {@code LastUpdateTime}). */
    void touch() {
        lastUpdateMillis = System.currentTimeMillis();
    }

    /** The later of this run's last load commit and {@code lastChange} (the last change applied by CDC; null: none). */
    java.time.Instant lastUpdate(java.time.Instant lastChange) {
        long loaded = lastUpdateMillis;
        java.time.Instant load = loaded == 0 ? null : java.time.Instant.ofEpochMilli(loaded);
        if (load == null || lastChange != null && lastChange.isAfter(load)) {
            return lastChange;
        }
        return load;
    }

    long estimatedRows() {
        return source.estimatedRows();
    }

    TableStatistics snapshot() {
        long started = startedNanos;
        long finished = finishedNanos;
        long nanos = started == 0 ? 0 : (finished != 0 ? finished : System.nanoTime()) - started;
        return new TableStatistics(source.id(), target.id(), state, rows.get(), bytes.get(), source.estimatedRows(),
                segments.size(), segmentsDone.get(), Duration.ofNanos(nanos), error, warnings, validationState, validation);
    }
}
