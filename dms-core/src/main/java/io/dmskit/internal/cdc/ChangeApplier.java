package io.dmskit.internal.cdc;

import io.dmskit.internal.cdc.ApplyTable.Image;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.internal.policy.ErrorPolicy;
import io.dmskit.schema.Column;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeEvent;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Writes captured changes into the target, inside the caller's transaction, so that applying a
 * change a second time has no further effect (the overlap of a full load and the changes held
 * during it is harmless, and so is a replay after a crash):
 * <ul>
 *   <li>insert: upsert of the row by its key;</li>
 *   <li>update: upsert of the after image; when the key changed, a delete of the old key first.
 *       Values the source did not send ({@link ChangeEvent#UNAVAILABLE}: unchanged PostgreSQL
 *       TOAST values) are taken from the before image when it has them, else left as the target
 *       holds them: only the available columns are updated;</li>
 *   <li>delete: delete by key.</li>
 * </ul>
 * Values are converted to the target columns' types exactly as the full load converts them.
 *
 * <p><b>Tables without a key</b> (no primary key and no unique key on NOT NULL columns, or a
 * mapping that removes a key column) are applied by whole rows: an insert inserts the row, a
 * delete deletes one row equal to the before image in every column (NULL equal to NULL), an
 * update does both. This needs complete before images (PostgreSQL: REPLICA IDENTITY FULL;
 * MariaDB/MySQL: binlog_row_image=FULL); a change without one is an {@link ApplyError}. Such
 * changes are not idempotent: a change applied twice (after the overlap with a full load) inserts
 * its row twice.
 *
 * <p><b>Modes.</b> In order (the default), each change is written in source commit order;
 * consecutive changes that use the same statement share a JDBC batch. In batch-apply mode the
 * changes of a call are first merged per table and key (the last image of a row wins, a delete
 * wins over the writes before it), then written per table as a JDBC batch of deletes, one of
 * upserts and one of partial updates per set of unavailable columns; per-key order holds, the
 * order between keys does not. Changes of tables without key are written in order after them.
 *
 * <p><b>Error policies</b> (with an {@link ErrorPolicy}; AWS DMS {@code ErrorBehavior}). Apply
 * conflicts are found before the changes are written, in both apply modes for tables with a key: the
 * keys that the changes of a call touch are looked up in the target (one query per table and
 * up to {@value #PROBE_KEYS} keys), and the changes are followed in order from there. An insert
 * of a key that exists follows {@code ApplyErrorInsertPolicy} ({@code UPDATE_RECORD} writes it as
 * an update), an update of a key that does not exist {@code ApplyErrorUpdatePolicy}
 * ({@code INSERT_RECORD} writes it as an insert), a delete of a key that does not exist
 * {@code ApplyErrorDeletePolicy}; {@code IGNORE_RECORD} and {@code LOG_ERROR} leave the change out
 * ({@code LOG_ERROR} records it in the apply-exceptions table in the same transaction),
 * {@code SUSPEND_TABLE} and {@code STOP_TASK} raise an {@link ApplyError} that the loop records.
 * Changes committed at or before {@link #ignoreConflictsThrough(Instant)} (the changes cached
 * during a full load, with {@code FullLoadIgnoreConflicts}) are written without the look-up, as
 * are the changes of tables without key (their conflicts are not
 * detected: an insert of an existing key overwrites it, an update of a missing key inserts it, a
 * delete of a missing key does nothing). A change that cannot be applied because of its data
 * follows {@code DataErrorPolicy} (or {@code DataTruncationErrorPolicy}) through
 * {@link #leaveOut(ApplyError)}. Without an {@link ErrorPolicy} every change is written
 * idempotently and every data error suspends its table.
 *
 * <p>Used by one thread at a time.
 */
public final class ChangeApplier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChangeApplier.class);
    /** Keys looked up in one query. */
    static final int PROBE_KEYS = 100;

    private final Map<TableId, ApplyTable> tables = new HashMap<>();
    private final boolean batchApply;
    private final ErrorPolicy policy;
    private final ControlTables control;
    private final String task;
    private volatile Instant ignoreConflictsThrough;
    /** Per table: changes committed at or before are written without conflict checks (a table loaded during CDC). */
    private final Map<TableId, Instant> ignoreConflictsThroughByTable = new java.util.concurrent.ConcurrentHashMap<>();
    /** Limited LOB mode: the largest LOB value in bytes (Long.MAX_VALUE: no limit). */
    private long maxLobBytes = Long.MAX_VALUE;
    /** The LOB limits of tables whose lob-settings differ from the task's. */
    private final Map<io.dmskit.schema.TableId, Long> tableMaxLobBytes = new HashMap<>();
    /** Whether any table has a LOB limit. */
    private boolean lobLimited;
    /** The changes of the last call: a call again with the same changes is a retry of its transaction. */
    private List<ChangeEvent> lastEvents = List.of();
    /** Conflict decisions of the last list, by index in its paired changes, kept for its retries. */
    private final Map<Integer, ErrorPolicy.Decision> decisions = new HashMap<>();
    /** Changes of the last list left out because of a data error, by index. */
    private final Set<Integer> rejected = new HashSet<>();
    /** Records of those, written by the retry. */
    private final List<ControlTables.ApplyException> rejectedRecords = new ArrayList<>();

    /** Counts of the source changes that one call applied, per source table: inserts, updates, deletes. */
    public static final class Counts {
        final Map<TableId, long[]> byTable = new HashMap<>();
        long total;

        void add(TableId table, ChangeEvent.Operation op) {
            byTable.computeIfAbsent(table, t -> new long[3])[op.ordinal()]++;
            total++;
        }

        public Map<TableId, long[]> byTable() {
            return byTable;
        }

        public long total() {
            return total;
        }
    }

    public ChangeApplier(Collection<ApplyTable> tables, boolean batchApply) {
        this(tables, batchApply, null, null, null);
    }

    /**
     * @param policy  the task's error policy; null: no conflict detection and every data error suspends its table
     * @param control where {@code LOG_ERROR} records go (with {@code policy})
     * @param task    the task's name (with {@code policy})
     */
    public ChangeApplier(Collection<ApplyTable> tables, boolean batchApply, ErrorPolicy policy, ControlTables control,
                         String task) {
        for (ApplyTable t : tables) {
            this.tables.put(t.sourceId(), t);
        }
        this.batchApply = batchApply;
        this.policy = policy;
        this.control = control;
        this.task = task;
    }

    /**
     * Limited LOB mode ({@link io.dmskit.LobSettings#maxLobBytes()}): a change with a LOB value
     * larger than this is not applied (never truncated); it follows {@code DataTruncationErrorPolicy}.
     */
    public void maxLobBytes(long bytes) {
        this.maxLobBytes = bytes;
        lobLimited |= bytes != Long.MAX_VALUE;
    }

    /** The LOB limit of one table (its lob-settings in the table mapping), instead of {@link #maxLobBytes(long)}. */
    public void maxLobBytes(io.dmskit.schema.TableId table, long bytes) {
        tableMaxLobBytes.put(table, bytes);
        lobLimited |= bytes != Long.MAX_VALUE;
    }

    /** @throws ApplyError for the first change (not left out) with a LOB value over the limit, naming its index */
    private void checkLobs(List<ChangeEvent> events, Predicate<ChangeEvent> leftOut) {
        for (int i = 0; i < events.size(); i++) {
            ChangeEvent e = events.get(i);
            ApplyTable t = tables.get(e.table());
            if (t == null || e.operation() != ChangeEvent.Operation.INSERT && e.operation() != ChangeEvent.Operation.UPDATE
                    || leftOut.test(e)) {
                continue;
            }
            for (Column c : t.sourceColumns) {
                if (!io.dmskit.internal.convert.LobLimit.isLob(c.type().kind())) {
                    continue;
                }
                int k = e.columns().indexOf(c.name());
                long max = tableMaxLobBytes.getOrDefault(e.table(), maxLobBytes);
                long size = k < 0 ? 0 : io.dmskit.internal.convert.LobLimit.sizeOf(e.after(k), max);
                if (size > max) {
                    String reason = "a LOB value of " + size + " bytes is larger than LobMaxSize (" + (max / 1024)
                            + " KB) of limited LOB mode; it is not truncated. Raise LobMaxSize or use FullLobMode";
                    ApplyError error = new ApplyError(t, e, c.name(), reason, new io.dmskit.internal.policy.TruncationException(reason));
                    error.index = i;
                    throw error;
                }
            }
        }
    }

    /**
     * Changes committed in the source at or before {@code time} are applied without conflict
     * detection (idempotently): AWS DMS's {@code FullLoadIgnoreConflicts} for the changes cached
     * while a full load ran. Null (the default): every change is checked.
     */
    public void ignoreConflictsThrough(Instant time) {
        this.ignoreConflictsThrough = time;
    }

    /**
     * Changes of {@code table} committed in the source at or before {@code time} are applied
     * without conflict detection: a table created at the source during CDC and loaded then, whose
     * changes from before the end of its load are applied again over the loaded rows.
     */
    public void ignoreConflictsThrough(TableId table, Instant time) {
        ignoreConflictsThroughByTable.put(table, time);
    }

    /** The applier's error policy (for tests), or null. */
    ErrorPolicy policyForTest() {
        return policy;
    }

    /**
     * The data error policy for a change that could not be applied: true when the change is to be
     * left out (IGNORE_RECORD, LOG_ERROR; the caller rolls back and calls {@link #apply} again with
     * the same list, which then leaves it out and writes its record); false when the table is to be
     * suspended, or the task stopped ({@link ApplyError#stopTask} is then set).
     */
    boolean leaveOut(ApplyError e) {
        if (policy == null || e.conflict || e.index < 0 || e.event == null) {
            return false;
        }
        ErrorPolicy.Kind kind = ErrorPolicy.isTruncation(e) ? ErrorPolicy.Kind.TRUNCATION : ErrorPolicy.Kind.DATA;
        ErrorPolicy.Decision d = policy.decide(e.table.sourceId(), kind);
        String message = e.message(task) + "; " + d.describe(policy, kind);
        switch (d.outcome()) {
            case IGNORE -> {
                if (d.count() == 1) {
                    LOG.warn("{}. Further changes of the table left out by IGNORE_RECORD are counted, not logged.", message);
                }
                rejected.add(e.index);
                return true;
            }
            case RECORD -> {
                LOG.warn(message);
                rejected.add(e.index);
                rejectedRecords.add(record(e.table, e.event, e.rowKey(), message));
                return true;
            }
            case STOP_TASK -> {
                e.stopTask = true;
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static ControlTables.ApplyException record(ApplyTable t, ChangeEvent e, String key, String message) {
        return new ControlTables.ApplyException(t.sourceId(), e.operation().name(), key, e.position().toString(), message);
    }

    /** The table of a source table id, or null when it is not captured. */
    ApplyTable table(TableId source) {
        return tables.get(source);
    }

    /** What the table mapping lets through of the changes (its filters and masking); the identity by default. */
    private java.util.function.UnaryOperator<List<ChangeEvent>> admit = java.util.function.UnaryOperator.identity();

    /** Sets the table mapping's change filter (see {@code io.dmskit.internal.mapping.ChangeFilters}). */
    public void admit(java.util.function.UnaryOperator<List<ChangeEvent>> filter) {
        this.admit = java.util.Objects.requireNonNull(filter, "filter");
    }

    /**
     * Puts a table's new model in place (its source columns changed, see {@link DdlApplier}, or
     * the table is new to capture); later changes use it.
     */
    void replace(ApplyTable table) {
        tables.put(table.sourceId(), table);
    }

    /**
     * Applies the changes through the statements' connection, in its current transaction (no
     * commit). Changes that {@code skip} accepts (of suspended tables) and of tables that are not
     * captured are left out.
     *
     * @throws ApplyError  when a change of a table cannot be applied because of its data
     * @throws SQLException when the target fails otherwise
     */
    public Counts apply(Statements st, List<ChangeEvent> events, Predicate<ChangeEvent> skip) throws SQLException {
        Counts counts = new Counts();
        if (!sameChanges(events, lastEvents)) {
            lastEvents = List.copyOf(events);
            decisions.clear();
            rejected.clear();
            rejectedRecords.clear();
        }
        List<ChangeEvent> paired = pairKeyChanges(admit.apply(events));
        Predicate<ChangeEvent> leftOut = skip;
        if (lobLimited) {
            Map<ChangeEvent, Boolean> out = new IdentityHashMap<>();
            for (int i : rejected) {
                out.put(paired.get(i), Boolean.TRUE);
            }
            checkLobs(paired, e -> out.containsKey(e) || skip.test(e));
        }
        List<ControlTables.ApplyException> records = new ArrayList<>(rejectedRecords);
        if (!rejected.isEmpty() || (policy != null && detectsConflicts())) {
            Map<ChangeEvent, Boolean> out = new IdentityHashMap<>();
            for (int i : rejected) {
                out.put(paired.get(i), Boolean.TRUE);
            }
            if (policy != null && detectsConflicts()) {
                // in batch-apply mode too: the conflicts are decided on the changes in order, then what is left is merged
                conflicts(st, paired, skip, out, records);
            }
            leftOut = e -> out.containsKey(e) || skip.test(e);
        }
        try {
            if (batchApply) {
                applyMerged(st, paired, leftOut, counts);
            } else {
                for (ChangeEvent e : paired) {
                    ApplyTable t = tables.get(e.table());
                    if (t == null || leftOut.test(e)) {
                        continue;
                    }
                    counts.add(e.table(), e.operation());
                    applyOne(st, t, e);
                }
            }
            st.flush();
        } catch (ApplyError e) {
            for (int i = 0; i < paired.size() && e.event != null; i++) {
                if (paired.get(i) == e.event) {
                    e.index = i;
                    break;
                }
            }
            throw e;
        }
        if (!records.isEmpty()) {
            control.recordApplyExceptions(st.connection(), task, records);
        }
        return counts;
    }

    /**
     * Whether conflicts need finding: not when the policies are exactly what the idempotent writes
     * do anyway (UPDATE_RECORD, INSERT_RECORD, IGNORE_RECORD for deletes) and nothing is counted
     * toward an escalation; then the changes are written without the look-up.
     */
    private boolean detectsConflicts() {
        io.dmskit.ErrorBehavior b = policy.behavior();
        return !(b.applyErrorInsertPolicy() == io.dmskit.ErrorBehavior.Action.UPDATE_RECORD
                && b.applyErrorUpdatePolicy() == io.dmskit.ErrorBehavior.Action.INSERT_RECORD
                && b.applyErrorDeletePolicy() == io.dmskit.ErrorBehavior.Action.IGNORE_RECORD
                && b.applyErrorEscalationCount() == 0);
    }

    /** Whether the lists hold the same change objects (the caller may refill one list object between calls). */
    private static boolean sameChanges(List<ChangeEvent> a, List<ChangeEvent> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    // ---- apply conflicts -----------------------------------------------------------------------

    /**
     * Finds the apply conflicts among the changes (of keyed tables, not skipped, committed after
     * {@link #ignoreConflictsThrough}): looks up the keys they touch, follows the changes in order,
     * and decides each conflict by the policy. Changes to leave out go to {@code out}, records to
     * {@code records}.
     *
     * @throws ApplyError for a conflict whose policy is SUSPEND_TABLE or STOP_TASK
     */
    private void conflicts(Statements st, List<ChangeEvent> events, Predicate<ChangeEvent> skip,
                           Map<ChangeEvent, Boolean> out, List<ControlTables.ApplyException> records) throws SQLException {
        Instant through = ignoreConflictsThrough;
        // the keys each checked change touches: [before or only key, after key of an update]
        List<Object[]> checked = new ArrayList<>();
        boolean anyChecked = false;
        Map<ApplyTable, Map<List<Object>, Image>> probe = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            ChangeEvent e = events.get(i);
            ApplyTable t = tables.get(e.table());
            if (t == null || !t.keyed() || out.containsKey(e) || skip.test(e)) {
                continue;
            }
            // a change cached during the full load is written without a check, but it still changes which keys the
            // target has for the checked changes after it in the same batch
            Instant loadedThrough = ignoreConflictsThroughByTable.get(e.table());
            boolean cached = e.commitTime() != null && (through != null && !e.commitTime().isAfter(through)
                    || loadedThrough != null && !e.commitTime().isAfter(loadedThrough));
            Image first;
            Image second = null;
            try {
                switch (e.operation()) {
                    case INSERT -> first = t.image(e, true);
                    case DELETE -> first = t.image(e, false);
                    default -> {
                        second = t.image(e, true);
                        Image b = e.hasBefore() ? t.image(e, false) : null;
                        first = b != null && t.hasKey(b) ? b : second;
                    }
                }
            } catch (ApplyError x) {
                continue; // a data error: applying the change raises it, and the data error policy decides
            }
            if (!t.hasKey(first) || (second != null && !t.hasKey(second))) {
                continue;
            }
            Map<List<Object>, Image> keys = probe.computeIfAbsent(t, x -> new LinkedHashMap<>());
            keys.putIfAbsent(t.keyOf(first), first);
            if (second != null) {
                keys.putIfAbsent(t.keyOf(second), second);
            }
            checked.add(new Object[] {i, t, t.keyOf(first), second == null ? null : t.keyOf(second), cached});
            anyChecked |= !cached;
        }
        if (!anyChecked) {
            return;
        }
        st.flush();
        Map<ApplyTable, Set<List<Object>>> exists = new HashMap<>();
        for (var pe : probe.entrySet()) {
            exists.put(pe.getKey(), existing(st, pe.getKey(), pe.getValue()));
        }
        for (Object[] c : checked) {
            int i = (Integer) c[0];
            ChangeEvent e = events.get(i);
            ApplyTable t = (ApplyTable) c[1];
            @SuppressWarnings("unchecked")
            List<Object> k = (List<Object>) c[2];
            @SuppressWarnings("unchecked")
            List<Object> ka = (List<Object>) c[3];
            Set<List<Object>> present = exists.get(t);
            ErrorPolicy.Kind conflict = (Boolean) c[4] ? null : switch (e.operation()) {
                case INSERT -> present.contains(k) ? ErrorPolicy.Kind.INSERT_CONFLICT : null;
                case UPDATE -> present.contains(k) ? null : ErrorPolicy.Kind.UPDATE_CONFLICT;
                case DELETE -> present.contains(k) ? null : ErrorPolicy.Kind.DELETE_CONFLICT;
                case SCHEMA, TRUNCATE -> null; // table events never reach the applier (CdcLoop applies them)
            };
            boolean applied = true;
            if (conflict != null) {
                ErrorPolicy.Decision d = decisions.computeIfAbsent(i, x -> policy.decide(t.sourceId(), conflict));
                String reason = switch (conflict) {
                    case INSERT_CONFLICT -> "an insert of a key that the target already has";
                    case UPDATE_CONFLICT -> "an update of a row that the target does not have";
                    default -> "a delete of a row that the target does not have";
                };
                String key = keyText(t, k);
                String message = "Task " + task + ", table " + t.sourceId() + ", " + e.operation() + " of row " + key
                        + ": " + reason + " (source position " + e.position() + "); " + d.describe(policy, conflict);
                switch (d.outcome()) {
                    case IGNORE -> {
                        applied = false;
                        out.put(e, Boolean.TRUE);
                    }
                    case RECORD -> {
                        applied = false;
                        out.put(e, Boolean.TRUE);
                        LOG.warn(message);
                        records.add(record(t, e, key, message));
                    }
                    case SUSPEND_TABLE, STOP_TASK -> {
                        ApplyError error = new ApplyError(t, e, null, reason + "; " + d.describe(policy, conflict), null);
                        error.conflict = true;
                        error.stopTask = d.outcome() == ErrorPolicy.Outcome.STOP_TASK;
                        error.index = i;
                        throw error;
                    }
                    default -> {
                        // INSERT_RECORD, UPDATE_RECORD: the applier's upsert writes it as the other operation
                    }
                }
            }
            if (applied) {
                switch (e.operation()) {
                    case INSERT -> present.add(k);
                    case DELETE -> present.remove(k);
                    case UPDATE -> {
                        present.remove(k);
                        present.add(ka);
                    }
                }
            }
        }
    }

    private static String keyText(ApplyTable t, List<Object> key) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < t.key.length; i++) {
            Object v = key.get(i);
            if (v instanceof java.nio.ByteBuffer b) {
                byte[] bytes = new byte[b.remaining()];
                b.duplicate().get(bytes);
                v = "0x" + java.util.HexFormat.of().formatHex(bytes);
            } else if (v instanceof String str) {
                v = "'" + str + "'";
            }
            s.append(i == 0 ? "" : ", ").append(t.sourceColumns.get(t.key[i]).name()).append('=').append(v);
        }
        return s.toString();
    }

    /** Which of the keys the target has: {@code SELECT 0 FROM t WHERE k = ? UNION ALL SELECT 1 ...}, in chunks. */
    private static Set<List<Object>> existing(Statements st, ApplyTable t, Map<List<Object>, Image> keys) throws SQLException {
        String delete = t.deleteByKeySql;
        if (!delete.startsWith("DELETE FROM ")) {
            throw new IllegalStateException("unexpected delete statement " + delete);
        }
        String from = " FROM " + delete.substring("DELETE FROM ".length());
        List<Map.Entry<List<Object>, Image>> all = new ArrayList<>(keys.entrySet());
        Set<List<Object>> found = new HashSet<>();
        for (int start = 0; start < all.size(); start += PROBE_KEYS) {
            int end = Math.min(all.size(), start + PROBE_KEYS);
            StringBuilder sql = new StringBuilder();
            for (int i = start; i < end; i++) {
                sql.append(i == start ? "" : " UNION ALL ").append("SELECT ").append(i - start).append(from);
            }
            try (PreparedStatement ps = st.connection().prepareStatement(sql.toString())) {
                int p = 1;
                for (int i = start; i < end; i++) {
                    p = t.bindKey(ps, p, all.get(i).getValue());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(all.get(start + rs.getInt(1)).getKey());
                    }
                }
            }
        }
        return found;
    }

    /**
     * Some sources log an update of a row's key as a delete of the old key followed by an insert
     * of the new one (Debezium does for PostgreSQL), and the insert then lacks the values that
     * the update did not change (unchanged TOAST values are {@link ChangeEvent#UNAVAILABLE}).
     * Such a pair, in one transaction of one table, is turned back into one update, so that the
     * missing values are kept from the old row instead of lost. (The counts then show one update
     * instead of a delete and an insert.)
     */
    static List<ChangeEvent> pairKeyChanges(List<ChangeEvent> events) {
        List<ChangeEvent> out = null;
        for (int i = 1; i < events.size(); i++) {
            ChangeEvent e = events.get(i);
            ChangeEvent d = events.get(i - 1);
            if (e.operation() == ChangeEvent.Operation.INSERT && d.operation() == ChangeEvent.Operation.DELETE
                    && e.table().equals(d.table()) && e.columns().equals(d.columns())
                    && java.util.Objects.equals(e.transactionId(), d.transactionId()) && lacksValues(e)) {
                if (out == null) {
                    out = new ArrayList<>(events.subList(0, i - 1));
                } else {
                    out.remove(out.size() - 1);
                }
                out.add(ChangeEvent.update(e.table(), e.columns(), d.beforeImage(), e.afterImage(), e.transactionId(),
                        e.commitTime(), e.position()));
            } else if (out != null) {
                out.add(e);
            }
        }
        return out == null ? events : out;
    }

    private static boolean lacksValues(ChangeEvent insert) {
        for (int i = 0; i < insert.columnCount(); i++) {
            if (insert.after(i) == ChangeEvent.UNAVAILABLE) {
                return true;
            }
        }
        return false;
    }

    // ---- one change at a time ------------------------------------------------------------------

    private void applyOne(Statements st, ApplyTable t, ChangeEvent e) throws SQLException {
        switch (e.operation()) {
            case INSERT -> {
                Image a = t.image(e, true);
                if (t.keyed() && !a.complete()) {
                    // an insert that lacks values: write what it has, keep what the target has
                    partialUpsert(st, t, e, a);
                } else if (t.keyed()) {
                    upsert(st, t, e, a);
                } else {
                    insertRow(st, t, e, a);
                }
            }
            case DELETE -> {
                Image b = t.image(e, false);
                if (t.keyed()) {
                    deleteKey(st, t, e, b);
                } else {
                    deleteRow(st, t, e, b);
                }
            }
            case UPDATE -> {
                Image a = t.image(e, true);
                Image b = e.hasBefore() ? t.image(e, false) : null;
                if (!t.keyed()) {
                    if (b == null) {
                        throw new ApplyError(t, e, null, noWholeRow(), null);
                    }
                    deleteRow(st, t, e, b);
                    insertRow(st, t, e, ApplyTable.fill(a, b));
                    return;
                }
                a = ApplyTable.fill(a, b);
                if (b != null && t.hasKey(b) && !t.keyOf(b).equals(t.keyOf(a))) {
                    if (a.complete()) {
                        deleteKey(st, t, e, b);
                        upsert(st, t, e, a);
                    } else {
                        moveKey(st, t, e, b, a);
                    }
                } else if (a.complete()) {
                    upsert(st, t, e, a);
                } else {
                    partialUpdate(st, t, e, a);
                }
            }
        }
    }

    /**
     * A key change whose after image lacks values: they are in the old row, so the old row is
     * moved to the new key. When the target already has the new key (the change is applied again,
     * or a full load read the row after it), that row is updated and the old one deleted instead.
     */
    private static void moveKey(Statements st, ApplyTable t, ChangeEvent e, Image b, Image a) throws SQLException {
        String update = t.partialUpdateSql(a.unavailable());
        int updated = update.isEmpty() ? st.now(t, t.touchSql, e, ps -> t.bindKey(ps, 1, a))
                : st.now(t, update, e, ps -> t.bindKey(ps, t.bindAvailable(ps, 1, a, false), a));
        if (updated > 0) {
            deleteKey(st, t, e, b);
            return;
        }
        st.now(t, t.keyChangeSql(a.unavailable()), e, ps -> t.bindKey(ps, t.bindAvailable(ps, 1, a, true), b));
    }

    private static void upsert(Statements st, ApplyTable t, ChangeEvent e, Image a) throws SQLException {
        if (t.keyConstraint) {
            st.add(t, t.upsertSql, e, ps -> t.bindAll(ps, 1, a));
        } else {
            st.add(t, t.deleteByKeySql, e, ps -> t.bindKey(ps, 1, a));
            st.add(t, t.insertSql, e, ps -> t.bindAll(ps, 1, a));
        }
    }

    private static void partialUpsert(Statements st, ApplyTable t, ChangeEvent e, Image a) throws SQLException {
        if (t.keyConstraint) {
            st.add(t, t.partialUpsertSql(a.unavailable()), e, ps -> t.bindAvailable(ps, 1, a, true));
        } else {
            partialUpdate(st, t, e, a);
        }
    }

    private static void partialUpdate(Statements st, ApplyTable t, ChangeEvent e, Image a) throws SQLException {
        String sql = t.partialUpdateSql(a.unavailable());
        if (!sql.isEmpty()) {
            st.add(t, sql, e, ps -> t.bindKey(ps, t.bindAvailable(ps, 1, a, false), a));
        }
    }

    private static void deleteKey(Statements st, ApplyTable t, ChangeEvent e, Image b) throws SQLException {
        if (!t.hasKey(b)) {
            throw new ApplyError(t, e, null, "the source sent no key values in the row's before image", null);
        }
        st.add(t, t.deleteByKeySql, e, ps -> t.bindKey(ps, 1, b));
    }

    private static void insertRow(Statements st, ApplyTable t, ChangeEvent e, Image a) throws SQLException {
        if (!a.complete()) {
            throw new ApplyError(t, e, null, noWholeRow(), null);
        }
        st.add(t, t.insertSql, e, ps -> t.bindAll(ps, 1, a));
    }

    private static void deleteRow(Statements st, ApplyTable t, ChangeEvent e, Image b) throws SQLException {
        if (!b.complete()) {
            throw new ApplyError(t, e, null, noWholeRow(), null);
        }
        if (t.deleteOneRowSql == null) {
            throw new ApplyError(t, e, null, "the table has no key and the target's dialect cannot delete one row of"
                    + " several equal ones; give the table a primary key", null);
        }
        st.add(t, t.deleteOneRowSql, e, ps -> t.bindAll(ps, 1, b));
    }

    private static String noWholeRow() {
        return "the table has no primary key (nor a unique key on NOT NULL columns), so its updates and deletes are applied"
                + " by matching whole rows, but the source did not send the whole row before the change; give the table a"
                + " primary key, or log whole rows (PostgreSQL: ALTER TABLE ... REPLICA IDENTITY FULL)";
    }

    // ---- batch apply ---------------------------------------------------------------------------

    /**
     * The net change of one key: the last image to write, or a delete. {@code inserted}: the
     * image may be of a row that the target does not have yet (an insert that lacks values is
     * written as an upsert of the values it has, an update that lacks values as an update).
     */
    private record Entry(ChangeEvent event, Image image, boolean delete, boolean inserted) {
    }

    private void applyMerged(Statements st, List<ChangeEvent> events, Predicate<ChangeEvent> skip, Counts counts) throws SQLException {
        Map<ApplyTable, Map<List<Object>, Entry>> merged = new LinkedHashMap<>();
        List<ChangeEvent> keyless = new ArrayList<>();
        for (ChangeEvent e : events) {
            ApplyTable t = tables.get(e.table());
            if (t == null || skip.test(e)) {
                continue;
            }
            counts.add(e.table(), e.operation());
            if (!t.keyed()) {
                keyless.add(e);
                continue;
            }
            Map<List<Object>, Entry> m = merged.computeIfAbsent(t, x -> new LinkedHashMap<>());
            switch (e.operation()) {
                case INSERT -> {
                    Image a = t.image(e, true);
                    m.put(t.keyOf(a), new Entry(e, a, false, true));
                }
                case DELETE -> {
                    Image b = t.image(e, false);
                    if (!t.hasKey(b)) {
                        throw new ApplyError(t, e, null, "the source sent no key values in the row's before image", null);
                    }
                    m.put(t.keyOf(b), new Entry(e, b, true, false));
                }
                case UPDATE -> {
                    Image a = t.image(e, true);
                    Image b = e.hasBefore() ? t.image(e, false) : null;
                    List<Object> ka = t.keyOf(a);
                    List<Object> kb = b != null && t.hasKey(b) ? t.keyOf(b) : ka;
                    Entry old = m.get(kb);
                    a = ApplyTable.fill(ApplyTable.fill(a, upserted(old)), b);
                    if (!kb.equals(ka)) {
                        if (!a.complete()) {
                            // the values the change lacks are only in the target's old row: write what is merged, then move it
                            write(st, merged);
                            applyOne(st, t, e);
                            continue;
                        }
                        m.put(kb, new Entry(e, b, true, false));
                    }
                    m.put(ka, new Entry(e, a, false, old != null && old.inserted()));
                }
            }
        }
        write(st, merged);
        for (ChangeEvent e : keyless) {
            applyOne(st, tables.get(e.table()), e);
        }
    }

    private static Image upserted(Entry entry) {
        return entry == null || entry.delete() ? null : entry.image();
    }

    /** Writes the merged changes, table by table: deletes, then upserts, then partial updates grouped by their columns. */
    private static void write(Statements st, Map<ApplyTable, Map<List<Object>, Entry>> merged) throws SQLException {
        for (var te : merged.entrySet()) {
            ApplyTable t = te.getKey();
            Collection<Entry> entries = te.getValue().values();
            for (Entry x : entries) {
                if (x.delete() || (!t.keyConstraint && x.image().complete())) {
                    st.add(t, t.deleteByKeySql, x.event(), ps -> t.bindKey(ps, 1, x.image()));
                }
            }
            for (Entry x : entries) {
                if (!x.delete() && x.image().complete()) {
                    st.add(t, t.keyConstraint ? t.upsertSql : t.insertSql, x.event(), ps -> t.bindAll(ps, 1, x.image()));
                }
            }
            List<Entry> partial = new ArrayList<>();
            for (Entry x : entries) {
                if (!x.delete() && !x.image().complete()) {
                    partial.add(x);
                }
            }
            partial.sort(Comparator.comparing(x -> x.image().unavailable().toString()));
            for (Entry x : partial) {
                if (x.inserted()) {
                    partialUpsert(st, t, x.event(), x.image());
                } else {
                    partialUpdate(st, t, x.event(), x.image());
                }
            }
            st.flush();
        }
        merged.clear();
    }
}
