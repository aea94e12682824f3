package io.dmskit.internal.cdc;

import io.dmskit.schema.TableId;
import io.dmskit.spi.SourcePosition;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The live counters of a task's change apply: written by the apply thread, read by status
 * snapshots from any thread (atomics and volatiles, no lock).
 */
public final class CdcMetrics {
    private final Map<TableId, AtomicLongArray> tables = new ConcurrentHashMap<>();
    private final Map<TableId, AtomicLong> ddls = new ConcurrentHashMap<>();
    /** Per table, when this run last committed a change of it. */
    private final Map<TableId, Instant> lastChanges = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong applyNanos = new AtomicLong();
    private volatile boolean applying;
    private volatile boolean caughtUp;
    private volatile long waiting;
    private volatile Instant lastCaptured;
    private volatile Instant lastApplied;
    private volatile SourcePosition position;

    /** Inserts, updates and deletes applied to a source table by this run. */
    public long[] counts(TableId source) {
        AtomicLongArray a = tables.get(source);
        return a == null ? new long[3] : new long[] {a.get(0), a.get(1), a.get(2)};
    }

    /** Table changes (columns added, dropped or renamed; TRUNCATE) captured for a source table by this run, whatever their DDL policy did. */
    /** When this run last committed a change of the table to the target; null before the first. */
    public Instant lastChange(TableId source) {
        return lastChanges.get(source);
    }

    public long ddls(TableId source) {
        AtomicLong n = ddls.get(source);
        return n == null ? 0 : n.get();
    }

    void ddls(Map<TableId, Long> committed) {
        committed.forEach((t, n) -> ddls.computeIfAbsent(t, x -> new AtomicLong()).addAndGet(n));
    }

    public boolean applying() {
        return applying;
    }

    public SourcePosition position() {
        return position;
    }

    public long waiting() {
        return waiting;
    }

    public long applied() {
        return applied.get();
    }

    public long transactions() {
        return transactions.get();
    }

    /** Time spent writing changes and committing them (not waiting for the source), in nanoseconds. */
    public long applyNanos() {
        return applyNanos.get();
    }

    /** Now minus the commit time of the last change captured; zero when the source has sent nothing newer. */
    public Duration sourceLatency(Instant now) {
        Instant last = lastCaptured;
        return caughtUp || last == null ? Duration.ZERO : positive(Duration.between(last, now));
    }

    /** Now minus the commit time of the last change committed in the target; zero when nothing waits. */
    public Duration targetLatency(Instant now) {
        if (caughtUp && waiting == 0) {
            return Duration.ZERO;
        }
        Instant last = lastApplied != null ? lastApplied : lastCaptured;
        return last == null ? Duration.ZERO : positive(Duration.between(last, now));
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    void started(SourcePosition at) {
        position = at;
        applying = true;
    }

    void stopped() {
        applying = false;
        waiting = 0;
    }

    void captured(Instant commitTime, long nowWaiting) {
        lastCaptured = commitTime;
        caughtUp = false;
        waiting = nowWaiting;
    }

    void idle(SourcePosition at) {
        caughtUp = true;
        waiting = 0;
        position = at;
    }

    void committed(ChangeApplier.Counts counts, Instant lastCommit, SourcePosition at, long nanos) {
        applyNanos.addAndGet(nanos);
        for (var e : counts.byTable().entrySet()) {
            AtomicLongArray a = tables.computeIfAbsent(e.getKey(), t -> new AtomicLongArray(3));
            lastChanges.put(e.getKey(), Instant.now());
            for (int i = 0; i < 3; i++) {
                a.addAndGet(i, e.getValue()[i]);
            }
        }
        applied.addAndGet(counts.total());
        transactions.incrementAndGet();
        if (lastCommit != null) {
            lastApplied = lastCommit;
        }
        position = at;
        waiting = 0;
    }
}
