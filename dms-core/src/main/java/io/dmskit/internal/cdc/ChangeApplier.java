package io.dmskit.internal.cdc;

import io.dmskit.internal.cdc.ApplyTable.Image;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeEvent;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Used by one thread at a time.
 */
public final class ChangeApplier {
    private final Map<TableId, ApplyTable> tables = new HashMap<>();
    private final boolean batchApply;

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
        for (ApplyTable t : tables) {
            this.tables.put(t.sourceId(), t);
        }
        this.batchApply = batchApply;
    }

    /** The table of a source table id, or null when it is not captured. */
    ApplyTable table(TableId source) {
        return tables.get(source);
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
        events = pairKeyChanges(events);
        if (batchApply) {
            applyMerged(st, events, skip, counts);
        } else {
            for (ChangeEvent e : events) {
                ApplyTable t = tables.get(e.table());
                if (t == null || skip.test(e)) {
                    continue;
                }
                counts.add(e.table(), e.operation());
                applyOne(st, t, e);
            }
        }
        st.flush();
        return counts;
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
