package io.dmskit.internal.validate;

import io.dmskit.ValidationReport.ColumnDifference;
import io.dmskit.ValidationReport.RowDifference;
import io.dmskit.ValidationReport.State;
import io.dmskit.ValidationReport.TableValidation;
import io.dmskit.schema.TableId;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The comparison of one table in one pass: its counters, which workers update concurrently, the
 * first differences in key order (at most the validator's limit; all are counted), and its
 * error. Thread-safe.
 */
final class TableRun {
    final ComparedTable table;
    final TableId sourceId;
    final TableId targetId;
    final boolean resync;
    private final int maxDifferences;
    final AtomicLong rowsCompared = new AtomicLong();
    final AtomicLong missing = new AtomicLong();
    final AtomicLong extra = new AtomicLong();
    final AtomicLong differing = new AtomicLong();
    final AtomicLong repaired = new AtomicLong();
    /** Tasks of this table queued or running; the table is finished when it drops to 0. */
    final AtomicInteger pending = new AtomicInteger();
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;
    private volatile String error;
    private volatile String note;
    private final Comparator<String[]> keyOrder;
    /** The last differences by key order on top, so that the first ones stay. */
    private final PriorityQueue<Found> first;

    private record Found(String[] key, RowDifference difference) {
    }

    TableRun(ComparedTable table, TableId sourceId, TableId targetId, boolean resync, int maxDifferences) {
        this.table = table;
        this.sourceId = sourceId;
        this.targetId = targetId;
        this.resync = resync;
        this.maxDifferences = maxDifferences;
        this.keyOrder = keyOrder(table != null && table.splitKey >= 0);
        this.first = new PriorityQueue<>(Math.max(1, maxDifferences), (a, b) -> keyOrder.compare(b.key, a.key));
    }

    /** A table that cannot be compared. */
    static TableRun failed(TableId sourceId, TableId targetId, String error) {
        TableRun r = new TableRun(null, sourceId, targetId, false, 0);
        r.fail(error);
        return r;
    }

    /** Keys in order: integer keys by value, others by the code points of their canonical texts, NULL first. */
    static Comparator<String[]> keyOrder(boolean integer) {
        Comparator<String> part = integer ? Comparator.comparing(BigDecimal::new) : JsonCanonical::compareCodePoints;
        Comparator<String> nullsFirst = Comparator.nullsFirst(part);
        return (a, b) -> {
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                int c = nullsFirst.compare(a[i], b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.length, b.length);
        };
    }

    void fail(String message) {
        synchronized (this) {
            if (error == null) {
                error = message;
            }
        }
    }

    boolean failed() {
        return error != null;
    }

    void note(String message) {
        note = message;
    }

    void taskAdded() {
        pending.incrementAndGet();
    }

    void taskDone() {
        if (pending.decrementAndGet() == 0) {
            endNanos = System.nanoTime();
        }
    }

    void missing(Object[] sourceRow, String[] key) {
        missing.incrementAndGet();
        offer(key, () -> new RowDifference(RowDifference.Kind.MISSING, keyValues(sourceRow, true), List.of()));
    }

    void extra(Object[] targetRow, String[] key) {
        extra.incrementAndGet();
        offer(key, () -> new RowDifference(RowDifference.Kind.EXTRA, keyValues(targetRow, false), List.of()));
    }

    void different(Object[] sourceRow, String[] key, List<ColumnDifference> columns) {
        differing.incrementAndGet();
        offer(key, () -> new RowDifference(RowDifference.Kind.DIFFERENT, keyValues(sourceRow, true), columns));
    }

    private Map<String, Object> keyValues(Object[] row, boolean source) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k : table.key) {
            m.put((source ? table.sourceColumns : table.targetColumns).get(k).name(), copy(row[k]));
        }
        return m;
    }

    private static Object copy(Object v) {
        return v instanceof byte[] b ? b.clone() : v;
    }

    private void offer(String[] key, java.util.function.Supplier<RowDifference> difference) {
        if (maxDifferences == 0) {
            return;
        }
        synchronized (first) {
            if (first.size() < maxDifferences) {
                first.add(new Found(key, difference.get()));
            } else if (keyOrder.compare(key, first.peek().key) < 0) {
                first.poll();
                first.add(new Found(key, difference.get()));
            }
        }
    }

    long differences() {
        return missing.get() + extra.get() + differing.get();
    }

    TableValidation result() {
        List<Found> found;
        synchronized (first) {
            found = new ArrayList<>(first);
        }
        found.sort((a, b) -> keyOrder.compare(a.key, b.key));
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        State state = error != null ? State.ERROR : differences() > 0 ? State.DIFFERENT : State.CONSISTENT;
        return new TableValidation(sourceId, targetId, state, rowsCompared.get(), missing.get(), extra.get(),
                differing.get(), repaired.get(), found.stream().map(Found::difference).toList(),
                Duration.ofNanos(end - startNanos), error != null ? error : note);
    }
}
