package io.dmskit.internal.cdc;

import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.internal.control.ControlTables.PositionRow;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeBatch;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.ChangeSource;
import io.dmskit.spi.ChangeSourceProvider;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.ChangeStateStorage;
import io.dmskit.spi.SourcePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The change data capture of one task run: opens the task's {@link ChangeSource} at the position
 * stored in the target's control tables, and applies each source transaction (each batch of at
 * most {@code applyBatchSize} changes of it) in one target transaction that also stores the
 * position after it ({@code awsdms_txn_state}), then acknowledges the position to the source. A
 * restart opens the source at the stored position, so that no change is lost or applied twice.
 *
 * <p>A change that cannot be applied because of its data suspends its table: the change is
 * recorded in {@code awsdms_apply_exceptions}, the table is marked SUSPENDED in the control tables (so
 * that a restart keeps it suspended), the transaction is rolled back and applied again without the
 * table's changes. Transient target failures are retried with backoff; other failures end the
 * loop with a {@link DmsException}.
 *
 * <p>Runs on the thread that calls {@link #run()}; stops at a committed transaction boundary once
 * {@code stopRequested} is true.
 */
public final class CdcLoop {
    private static final Logger LOG = LoggerFactory.getLogger(CdcLoop.class);
    /** The state of a suspended table in the control tables' {@code full_load_tables}. */
    public static final String SUSPENDED = "SUSPENDED";
    private static final Duration POLL = Duration.ofMillis(500);
    /** How long a stop waits for the source to finish the transaction in progress. */
    private static final long STOP_GRACE_NANOS = Duration.ofSeconds(10).toNanos();
    /** How often a position that moved without changes (heartbeats) is stored. */
    private static final long IDLE_SAVE_NANOS = 1_000_000_000L;

    /** What the loop needs from its task. */
    public interface Host {
        /** A target connection with auto-commit off, from the task's pool. */
        Connection targetConnection() throws SQLException;

        /** A table was suspended because of a change that cannot be applied. */
        void tableSuspended(TableId source, String message);

        /** These changes were committed to the target (called on the loop's thread; for re-validation). */
        default void committed(List<ChangeEvent> events) {
        }

        /**
         * The source tables that the task's mapping selects and that are not in {@code known}:
         * tables created at the source while capture runs. Each is first handled as the task's
         * DDL policy for {@link io.dmskit.DdlPolicy.Kind#CREATE_TABLE} says: APPLY creates its target
         * table and records it in the control tables as not yet loaded (it is returned); IGNORE
         * records it as ignored and leaves it out; FAIL throws. Called on the loop's thread
         * between source transactions, every few seconds.
         *
         * @return the tables to capture from now on; empty when there are none
         * @throws DmsException when the policy is FAIL or the table cannot be created in the target
         */
        default List<TableId> newTables(Set<TableId> known) throws SQLException {
            return List.of();
        }

        /**
         * The tables whose current rows are to be loaded once capture of them runs: new tables
         * that an earlier run found but did not finish loading. Called once, after capture opened.
         */
        default List<TableId> tablesToLoad() {
            return List.of();
        }

        /**
         * Loads the current rows of a table whose changes capture delivers from now on (a
         * {@link #newTables new table}), on the calling thread, and records it as loaded.
         *
         * @return the table's model for the applier and the source time up to which its changes
         *         may be ones that the load already holds; null when the load did not finish (the
         *         table's error is recorded; its changes are then left out, and a restart loads it again)
         */
        default Loaded loadTable(TableId table) throws InterruptedException {
            return null;
        }
    }

    /**
     * The full load that runs while the loop applies changes (a full-load-and-CDC task): the
     * changes of a table that is not loaded yet are held until its load is done, then applied;
     * the changes of loaded tables are applied at once.
     */
    public interface Gate {
        /** The tables whose load is not done when the loop starts; their changes are held. Called once. */
        java.util.Set<TableId> loading();

        /**
         * The tables whose load finished since the last call, each with the source time (in the
         * source's clock) up to which its changes may already be in the loaded rows (they are
         * applied without conflict checks), or {@code Optional.empty()} to check them as any
         * change. Called on the loop's thread.
         */
        Map<TableId, Optional<Instant>> takeLoaded();

        /** Every table is loaded and every held change applied: from now on changes flow straight through. */
        default void drained() {
        }
    }

    /**
     * A table loaded during capture: its model, and the source time (in the source's clock) up to
     * which its captured changes may already be in the loaded rows; those are applied again
     * without conflict checks (idempotently: upsert and delete by key).
     */
    public record Loaded(ApplyTable table, Instant through) {
    }

    /** The capture settings of a task. */
    public record Capture(String task, Endpoint source, List<TableId> tables, ChangeStateStorage storage,
                          ChangeSourceProvider provider, int batchSize) {
        ChangeSourceRequest.Builder request() {
            return request(tables);
        }

        ChangeSourceRequest.Builder request(List<TableId> captured) {
            return ChangeSourceRequest.builder().source(source).taskName(task).tables(captured).stateStorage(storage)
                    .maxBatchSize(batchSize).bufferSize(Math.max(16_384, batchSize * 4));
        }
    }

    private final Capture capture;
    private final ControlTables control;
    private final ChangeApplier applier;
    private final Host host;
    private final CdcMetrics metrics;
    private final int maxRetries;
    private final Duration backoff;
    /** How transient failures are retried: the task's RecoverableError settings (see {@link #retryPolicy}). */
    private io.dmskit.internal.policy.RetryPolicy retry;
    private final Predicate<Throwable> transients;
    /** Suspended tables, with the position of the first change not applied (empty: none of their changes is applied). */
    private final Map<TableId, Optional<SourcePosition>> suspended = new ConcurrentHashMap<>();
    private final int maxTransaction;
    private DdlApplier ddl;
    private Connection connection;
    private Statements statements;
    /** The tables captured now: the task's, and those created at the source since (see {@link Host#newTables}). */
    private final List<TableId> captured;
    /** The open change source; replaced when capture is opened again to include new tables. */
    private ChangeSource source;
    private long newTablesCheckedAt = System.nanoTime();
    /** The full load that runs meanwhile, or null. */
    private Gate gate;
    /** Tables whose load is not done: their changes are held. */
    private final java.util.Set<TableId> loading = new java.util.HashSet<>();
    /** Changes held until their table's load is done, each part with the read position before it, in source order. */
    private final java.util.ArrayDeque<Held> held = new java.util.ArrayDeque<>();
    /** Tables that have changes in {@link #held}: later changes of theirs are held too, so that per-key order holds. */
    private final Map<TableId, Integer> heldTables = new java.util.HashMap<>();
    private int heldCount;
    /** Changes held in memory at most; past it capture waits (the changes wait in the source's log). */
    static final int MAX_HELD = 50_000;
    /** The phase stored with the position: LOADING while held changes or a load remain, then APPLYING. */
    private String phase = ControlTables.APPLYING;

    /** Changes of one source transaction (or part of one) held; {@code before}: the read position before it. */
    private record Held(SourcePosition before, List<ChangeEvent> events) {
    }
    /** How often the source is asked for new tables that the mapping selects. */
    private static final long NEW_TABLES_NANOS = Duration.ofSeconds(2).toNanos();

    public CdcLoop(Capture capture, ControlTables control, ChangeApplier applier, Host host, CdcMetrics metrics,
                   int maxRetries, Duration backoff, Predicate<Throwable> transients, Set<TableId> suspended) {
        this.capture = capture;
        this.control = control;
        this.applier = applier;
        this.host = host;
        this.metrics = metrics;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.retry = io.dmskit.internal.policy.RetryPolicy.of(maxRetries, backoff);
        this.transients = transients;
        for (TableId t : suspended) {
            this.suspended.put(t, Optional.empty());
        }
        this.maxTransaction = Math.max(50_000, capture.batchSize() * 16);
        this.captured = new ArrayList<>(capture.tables());
    }

    /**
     * Applies changes while a full load runs: the changes of the tables that {@code gate} names
     * as loading are held (in memory, at most {@value #MAX_HELD}; past that capture waits) until
     * their load is done, then applied in source order; the position stored with each applied
     * transaction never passes a held change (a restart reads the held changes again, and the
     * changes after them that were applied are applied again, idempotently: no conflict checks up
     * to the loop's start or a table's load end, as the gate says), and its phase stays LOADING
     * until no table is loading and nothing is held.
     */
    public CdcLoop gate(Gate gate) {
        this.gate = gate;
        return this;
    }

    /** Sets how changes of the source tables' columns and TRUNCATEs are applied; without it they fail the loop. */
    public CdcLoop ddl(DdlApplier ddl) {
        this.ddl = ddl;
        return this;
    }

    /**
     * Marks where the changes of a full-load-and-CDC task start, before its load reads anything:
     * opens capture from now (which creates the source-side state, such as a PostgreSQL
     * replication slot, that keeps the changes in the source's log), stores its start position in
     * phase LOADING, and closes it again. The changes wait in the source's log, not in memory.
     */
    public static SourcePosition markStart(Capture capture, ControlTables control, Connection target) throws SQLException {
        SourcePosition start;
        // a start from now resets the task's capture state (slot, offsets): refused while another run of the task applies
        // changes (it holds the task's lock); the lock is taken on the given connection and let go at once
        try (TaskLock lock = TaskLock.acquireOn(target, capture.task());
             ChangeSource src = capture.provider().open(capture.request().startNow().build())) {
            start = src.startPosition();
        }
        control.savePosition(target, capture.task(), new PositionRow(start.engine(), start.text(), ControlTables.LOADING, null));
        target.commit();
        LOG.info("Task {}: changes are captured from {}, held in the source's log while the tables load", capture.task(), start);
        return start;
    }

    /**
     * Applies changes until {@code stop} is true (at a committed boundary) or, when
     * {@code stopAfter} is not null, until the source has nothing more or a change committed
     * after {@code stopAfter} is applied.
     *
     * @param from      the stored position to go on from; null to start from {@code startAt} or from now
     * @param startAt   for a first run: the position to start after, or null for now
     * @param started   called once capture runs: every change committed after it is applied
     * @return true when it ended because of {@code stopAfter}
     * @throws DmsException when capture or apply fails for good
     */
    public boolean run(SourcePosition from, SourcePosition startAt, BooleanSupplier stop, Instant stopAfter, Runnable started)
            throws InterruptedException {
        return runUntil(from, startAt, stop, () -> stopAfter, started);
    }

    /** As {@link #run(SourcePosition, SourcePosition, BooleanSupplier, Instant, Runnable)}, with a stop time known later. */
    public boolean runUntil(SourcePosition from, SourcePosition startAt, BooleanSupplier stop,
                            java.util.function.Supplier<Instant> stopAfter, Runnable started) throws InterruptedException {
        if (gate != null) {
            loading.addAll(gate.loading());
            if (!loading.isEmpty()) {
                phase = ControlTables.LOADING;
            } else {
                gate.drained();
            }
        }
        ChangeSourceRequest.Builder request = capture.request();
        if (from != null) {
            request.startAt(from);
        } else if (startAt != null) {
            request.startAt(startAt);
        } else {
            request.startNow();
        }
        // one run of a task at a time: a second one is refused before it opens the source
        try (TaskLock lock = TaskLock.acquire(host, capture.task())) {
            source = capture.provider().open(request.build());
            SourcePosition position = from != null ? from : source.startPosition();
            if (from == null) {
                savePositionAlone(position, null);
            }
            metrics.started(position);
            // new tables of an earlier run whose load did not finish: capture includes them (it was opened with them), so
            // every change after the stored position reaches the target; their rows from before come with the load
            for (TableId t : host.tablesToLoad()) {
                load(t);
            }
            started.run();
            LOG.info("Task {}: applying changes from {}", capture.task(), position);
            return loop(position, stop, stopAfter);
        } finally {
            if (source != null) {
                source.close();
                source = null;
            }
            double secs = metrics.applyNanos() / 1e9;
            LOG.info("Task {}: {} changes applied in {} transactions; writing them took {} s ({} changes/s)", capture.task(),
                    metrics.applied(), metrics.transactions(), String.format(java.util.Locale.ROOT, "%.2f", secs),
                    secs > 0 ? Math.round(metrics.applied() / secs) : 0);
            metrics.stopped();
            closeConnection();
        }
    }

    private boolean loop(SourcePosition position, BooleanSupplier stop, java.util.function.Supplier<Instant> stopAfterLater)
            throws InterruptedException {
        List<ChangeEvent> open = new ArrayList<>();
        SourcePosition saved = position;
        Instant stopAfter = null;
        long savedAt = System.nanoTime();
        Instant lastCommit = null;
        int empty = 0;
        long stopSeen = 0;
        while (true) {
            if (stop.getAsBoolean()) {
                if (open.isEmpty()) {
                    return false;
                }
                if (stopSeen == 0) {
                    stopSeen = System.nanoTime();
                } else if (System.nanoTime() - stopSeen > STOP_GRACE_NANOS) {
                    // the source has not finished the open transaction: nothing of it was applied or acknowledged,
                    // so the next start reads it again from the saved position
                    LOG.info("Task {}: stopping with {} changes of an unfinished source transaction not applied; they are"
                            + " read again from {} at the next start", capture.task(), open.size(), saved);
                    return false;
                }
            }
            if (open.isEmpty() && gated()) {
                release(saved);
                if (!gated()) {
                    phase = ControlTables.APPLYING;
                    savePositionAlone(saved, lastCommit);
                    gate.drained();
                    LOG.info("Task {}: every table is loaded and the changes held during its load are applied; changes"
                            + " flow straight through from {}", capture.task(), saved);
                }
            }
            if (stopAfter == null && !gated()) {
                stopAfter = stopAfterLater.get();
            }
            if (open.isEmpty() && !gated() && System.nanoTime() - newTablesCheckedAt > NEW_TABLES_NANOS) {
                addNewTables(saved);
                newTablesCheckedAt = System.nanoTime();
            }
            if (heldCount >= MAX_HELD && open.isEmpty()) {
                // enough held in memory: the source's log keeps the rest until a load is done
                Thread.sleep(POLL.toMillis() / 5);
                continue;
            }
            ChangeSource src = source;
            ChangeBatch b = src.poll(POLL);
            empty = b.isEmpty() ? empty + 1 : 0;
            // the end of the open transaction can arrive after its last change, in a batch of its own
            boolean ends = !open.isEmpty() && b.endsTransaction() && !b.position().equals(saved);
            if (b.isEmpty() && !ends) {
                if (open.isEmpty()) {
                    metrics.idle(saved);
                    if (!b.position().equals(saved) && held.isEmpty() && System.nanoTime() - savedAt > IDLE_SAVE_NANOS) {
                        // heartbeats move the position past changes of tables that are not captured: let the source free its log
                        savePositionAlone(b.position(), lastCommit);
                        src.acknowledge(b.position());
                        saved = b.position();
                        savedAt = System.nanoTime();
                        metrics.idle(saved);
                    }
                    if (stopAfter != null && empty >= 2) {
                        // a second poll without changes: the source has delivered everything it held
                        return true;
                    }
                }
                continue;
            }
            open.addAll(b.events());
            Instant commit = open.get(open.size() - 1).commitTime();
            if (!b.isEmpty()) {
                metrics.captured(commit, open.size());
            }
            if (!b.endsTransaction() && open.size() < maxTransaction) {
                continue;
            }
            if (gated()) {
                commitGated(open, saved, b.position(), commit);
            } else {
                commitSegments(open, b.position(), commit);
                src.acknowledge(b.position());
            }
            open.clear();
            saved = b.position();
            savedAt = System.nanoTime();
            lastCommit = commit;
            if (stopAfter != null && commit.isAfter(stopAfter)) {
                return true;
            }
        }
    }

    /**
     * Captures the tables that appeared at the source (and that the mapping selects): opens
     * capture again at the last committed position with them included, then loads each one's
     * current rows. Every change of such a table committed after capture includes it arrives
     * through capture (for PostgreSQL: once it is in the task's publication, which the source
     * adds it to when capture opens; for MariaDB: the binlog from the position on); every row
     * committed before is in the load, which reads after that. Changes that both hold are
     * applied again over the loaded rows, idempotently and without conflict checks.
     */
    private void addNewTables(SourcePosition saved) throws InterruptedException {
        List<TableId> added;
        try {
            added = host.newTables(java.util.Set.copyOf(captured));
        } catch (SQLException e) {
            LOG.warn("Task {}: cannot look for new source tables ({}); looked for again later", capture.task(), message(e));
            return;
        }
        if (added.isEmpty()) {
            return;
        }
        captured.addAll(added);
        LOG.info("Task {}: new source tables {} match the table mapping; capture is opened again at {} to include them",
                capture.task(), added, saved);
        ChangeSource old = source;
        source = null;
        old.close();
        try {
            source = capture.provider().open(capture.request(captured).startAt(saved).build());
        } catch (DmsException e) {
            throw new DmsException(e.code(), "Task " + capture.task() + ": capture cannot include the new source table"
                    + (added.size() == 1 ? " " : "s ") + added.stream().map(TableId::toString).collect(
                    java.util.stream.Collectors.joining(", ")) + ": " + e.getMessage() + ". Its target table is created but"
                    + " not loaded; fix the cause (or exclude the table from the mapping, or set the DDL policy for"
                    + " CREATE_TABLE to IGNORE) and start the task again, which loads it", e);
        }
        for (TableId t : added) {
            load(t);
        }
    }

    /** Loads a table that capture includes since it was opened, and applies its changes from now on. */
    private void load(TableId table) throws InterruptedException {
        Loaded loaded = host.loadTable(table);
        if (loaded == null) {
            // its error is recorded; a restart loads it again
            suspended.put(table, Optional.empty());
            LOG.warn("Task {}: table {} was not loaded; its changes are not applied in this run", capture.task(), table);
            return;
        }
        applier.ignoreConflictsThrough(table, loaded.through());
        applier.replace(loaded.table());
        LOG.info("Task {}: new table {} is loaded into {}; its changes are applied from now on", capture.task(), table,
                loaded.table().targetId());
    }

    /** Whether changes are held or may be: a table is loading, or changes are held. */
    private boolean gated() {
        return !loading.isEmpty() || !held.isEmpty();
    }

    /**
     * Applies the changes of the tables that are loaded (and have nothing held) and holds the
     * others; stores the position before the first held change, or {@code position} when none.
     *
     * @param before the read position before these changes (a restart from it reads them again)
     */
    private void commitGated(List<ChangeEvent> events, SourcePosition before, SourcePosition position, Instant lastCommit)
            throws InterruptedException {
        List<ChangeEvent> now = new ArrayList<>(events.size());
        List<ChangeEvent> later = new ArrayList<>();
        for (ChangeEvent e : events) {
            if (loading.contains(e.table()) || heldTables.containsKey(e.table())) {
                later.add(e);
                heldTables.merge(e.table(), 1, Integer::sum);
            } else {
                now.add(e);
            }
        }
        if (!later.isEmpty()) {
            held.addLast(new Held(before, later));
            heldCount += later.size();
        }
        SourcePosition store = held.isEmpty() ? position : held.peekFirst().before();
        if (!now.isEmpty()) {
            commitAt(now, store, lastCommit);
            source.acknowledge(store);
        }
    }

    /**
     * Applies the held changes of the tables whose load is done, in source order, and stores the
     * position before the first change still held (or {@code saved} when none is).
     */
    private void release(SourcePosition saved) throws InterruptedException {
        Map<TableId, Optional<Instant>> done = gate == null ? Map.of() : gate.takeLoaded();
        if (done.isEmpty()) {
            return;
        }
        for (Map.Entry<TableId, Optional<Instant>> d : done.entrySet()) {
            d.getValue().ifPresent(through -> applier.ignoreConflictsThrough(d.getKey(), through));
            loading.remove(d.getKey());
        }
        List<ChangeEvent> released = new ArrayList<>();
        for (java.util.Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            for (java.util.Iterator<ChangeEvent> ei = h.events().iterator(); ei.hasNext(); ) {
                ChangeEvent e = ei.next();
                if (done.containsKey(e.table())) {
                    released.add(e);
                    ei.remove();
                }
            }
            if (h.events().isEmpty()) {
                it.remove();
            }
        }
        done.keySet().forEach(heldTables::remove);
        heldCount -= released.size();
        SourcePosition store = held.isEmpty() ? saved : held.peekFirst().before();
        LOG.info("Task {}: tables {} are loaded; {} changes held during their load are applied", capture.task(), done.keySet(),
                released.size());
        for (int from = 0; from < released.size(); from += maxTransaction) {
            List<ChangeEvent> part = released.subList(from, Math.min(released.size(), from + maxTransaction));
            commitAt(List.copyOf(part), store, part.get(part.size() - 1).commitTime());
        }
        if (!released.isEmpty()) {
            source.acknowledge(store);
        }
    }

    /** As {@link #commitSegments}, but every part stores {@code position} (changes after it may be held). */
    private void commitAt(List<ChangeEvent> events, SourcePosition position, Instant lastCommit) throws InterruptedException {
        int from = 0;
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).isRowChange() && i > from && events.get(i - 1).isRowChange()) {
                commit(List.copyOf(events.subList(from, i)), position, lastCommit);
                from = i;
            }
        }
        commit(from == 0 ? events : List.copyOf(events.subList(from, events.size())), position, lastCommit);
    }

    /** "to table a.b " or "to tables a.b, c.d and 3 more ": which tables a failed transaction touched. */
    static String tablesOf(List<ChangeEvent> events) {
        java.util.Set<TableId> tables = new java.util.LinkedHashSet<>();
        for (ChangeEvent e : events) {
            tables.add(e.table());
        }
        List<String> names = tables.stream().limit(3).map(TableId::toString).toList();
        if (names.isEmpty()) {
            return "";
        }
        return (tables.size() == 1 ? "to table " : "to tables ") + String.join(", ", names)
                + (tables.size() > 3 ? " and " + (tables.size() - 3) + " more" : "") + " ";
    }

    /** Sets how transient failures are retried (instead of the constructor's maxRetries and backoff). */
    public CdcLoop retryPolicy(io.dmskit.internal.policy.RetryPolicy policy) {
        this.retry = policy;
        return this;
    }

    /** Applies the changes and stores the position in one target transaction; retries transient failures. */
    private void commit(List<ChangeEvent> events, SourcePosition position, Instant lastCommit) throws InterruptedException {
        int attempt = 0;
        long started = System.nanoTime();
        while (true) {
            // the table models that table events of this transaction replaced: put back when it rolls back
            Map<TableId, ApplyTable> replaced = new java.util.HashMap<>();
            Map<TableId, Long> ddls = new java.util.HashMap<>();
            try {
                Statements st = statements();
                ChangeApplier.Counts counts = applyAll(st, events, replaced, ddls);
                control.savePosition(connection, capture.task(), new PositionRow(position.engine(), position.text(),
                        phase, lastCommit));
                connection.commit();
                metrics.committed(counts, lastCommit, position, System.nanoTime() - started);
                metrics.ddls(ddls);
                host.committed(rowChanges(events));
                return;
            } catch (ApplyError e) {
                rollback();
                replaced.values().forEach(applier::replace);
                if (!applier.leaveOut(e)) { // the data error policy (IGNORE_RECORD, LOG_ERROR) leaves the change out
                    suspend(e);
                }
            } catch (SQLException | RuntimeException e) {
                rollback();
                replaced.values().forEach(applier::replace);
                closeConnection();
                if (e instanceof DmsException d && !d.retryable()) {
                    throw d;
                }
                if (transients.test(e) && retry.allows(attempt + 1)) {
                    attempt++;
                    LOG.warn("Task {}: applying changes up to {} failed ({}); retry {} of {} in {} ms", capture.task(),
                            position, message(e), attempt, retry.count() < 0 ? "unlimited" : retry.count(),
                            retry.delay(attempt).toMillis());
                    retry.sleepBefore(attempt);
                    continue;
                }
                boolean lost = transients.test(e);
                throw new DmsException(lost ? ErrorCode.CONNECTION_LOST : ErrorCode.TARGET_WRITE_FAILED, "Task "
                        + capture.task() + ": applying " + events.size() + " changes " + tablesOf(events) + "up to source position "
                        + position + " failed: " + message(e) + (lost ? " (" + retry.gaveUp(attempt) + ")" : "")
                        + ". Nothing of them was committed; start the task again to go on from the last committed position.", e);
            }
        }
    }

    /**
     * Commits the changes of a source transaction: in one target transaction when they are all row
     * changes; else in one target transaction per table event (a column change, a TRUNCATE) with
     * the row changes after it, each stored with the position of its last change (a position
     * that a restart goes on from), so that a transaction that is retried without a refused change
     * gives the applier the same changes again.
     */
    private void commitSegments(List<ChangeEvent> events, SourcePosition position, Instant lastCommit)
            throws InterruptedException {
        int from = 0;
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).isRowChange() && i > from && events.get(i - 1).isRowChange()) {
                List<ChangeEvent> segment = List.copyOf(events.subList(from, i));
                commit(segment, segment.get(segment.size() - 1).position(), lastCommit);
                from = i;
            }
        }
        commit(from == 0 ? events : List.copyOf(events.subList(from, events.size())), position, lastCommit);
    }

    /**
     * Applies the changes: the table events at their start through the {@link DdlApplier} (which
     * gives the applier each table's new model), then the row changes through the applier.
     */
    private ChangeApplier.Counts applyAll(Statements st, List<ChangeEvent> events, Map<TableId, ApplyTable> replaced,
                                          Map<TableId, Long> ddls) throws SQLException {
        int rows = 0;
        while (rows < events.size() && !events.get(rows).isRowChange()) {
            ChangeEvent e = events.get(rows++);
            ApplyTable table = applier.table(e.table());
            if (table == null || suspended(e)) {
                continue;
            }
            if (ddl == null) {
                throw new DmsException(ErrorCode.INTERNAL, "Task " + capture.task() + " received " + e + " but has no DDL handling");
            }
            DdlApplier.Result r = ddl.apply(st.connection(), e, table);
            if (r.table() != table) {
                replaced.putIfAbsent(e.table(), table);
                applier.replace(r.table());
            }
            if (r.changes() > 0) {
                ddls.merge(e.table(), (long) r.changes(), Long::sum);
            }
        }
        return applier.apply(st, rows == 0 ? events : events.subList(rows, events.size()), this::suspended);
    }

    private static List<ChangeEvent> rowChanges(List<ChangeEvent> events) {
        for (ChangeEvent e : events) {
            if (!e.isRowChange()) {
                return events.stream().filter(ChangeEvent::isRowChange).toList();
            }
        }
        return events;
    }

    private boolean suspended(ChangeEvent e) {
        Optional<SourcePosition> from = suspended.get(e.table());
        return from != null && (from.isEmpty() || e.position().compareTo(from.get()) >= 0);
    }

    /** Records the change, marks the table suspended (committed before the transaction is applied again without it). */
    private void suspend(ApplyError e) throws InterruptedException {
        TableId table = e.table.sourceId();
        String message = e.message(capture.task()) + (e.stopTask ? ". The task stops (STOP_TASK); fix the cause and start"
                + " it again." : ". The table is suspended: its later changes are not applied; fix the cause and reload the table.");
        LOG.error(message);
        for (int attempt = 0; ; attempt++) {
            try {
                Connection c = connection();
                control.recordApplyExceptions(c, capture.task(), List.of(new ControlTables.ApplyException(table,
                        e.event == null ? "-" : e.event.operation().name(), e.rowKey(),
                        e.event == null ? null : e.event.position().toString(), message)));
                if (!e.stopTask) {
                    control.markTableState(c, capture.task(), table, SUSPENDED);
                }
                c.commit();
                break;
            } catch (SQLException x) {
                rollback();
                closeConnection();
                if (!transients.test(x) || !retry.allows(attempt + 1)) {
                    throw new DmsException(ErrorCode.TARGET_WRITE_FAILED, "Task " + capture.task() + ": cannot record"
                            + " the apply exception of table " + table + ": " + message(x) + ". The exception was: " + message, x);
                }
                retry.sleepBefore(attempt + 1);
            }
        }
        if (e.stopTask) {
            throw new io.dmskit.internal.policy.StopTaskException(message, e);
        }
        // the table's changes before the refused one (in this transaction) are still applied
        suspended.put(table, e.event == null ? Optional.empty() : Optional.of(e.event.position()));
        host.tableSuspended(table, message);
    }

    private void savePositionAlone(SourcePosition position, Instant lastCommit) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                Connection c = connection();
                control.savePosition(c, capture.task(), new PositionRow(position.engine(), position.text(),
                        phase, lastCommit));
                c.commit();
                return;
            } catch (SQLException e) {
                rollback();
                closeConnection();
                if (!transients.test(e) || !retry.allows(attempt + 1)) {
                    throw new DmsException(ErrorCode.TARGET_WRITE_FAILED, "Task " + capture.task()
                            + ": cannot store the source position " + position + " in the control tables: " + message(e), e);
                }
                retry.sleepBefore(attempt + 1);
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = host.targetConnection();
        }
        return connection;
    }

    private Statements statements() throws SQLException {
        if (statements == null) {
            statements = new Statements(connection(), 1000);
        }
        return statements;
    }

    private void rollback() {
        if (statements != null) {
            statements.close();
            statements = null;
        }
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // a broken connection is closed and replaced
            }
        }
    }

    private void closeConnection() {
        if (statements != null) {
            statements.close();
            statements = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the pool discards a broken connection
            }
            connection = null;
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
