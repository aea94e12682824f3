package io.dmskit.internal.cdc;

import io.dmskit.ErrorBehavior;
import io.dmskit.ErrorBehavior.Action;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.internal.policy.ErrorPolicy;
import io.dmskit.spi.ChangeEvent;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.dmskit.internal.cdc.H2Target.delete;
import static io.dmskit.internal.cdc.H2Target.insert;
import static io.dmskit.internal.cdc.H2Target.row;
import static io.dmskit.internal.cdc.H2Target.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The applier on an in-memory H2 target: idempotent writes, both modes, unavailable values, tables without key, data errors. */
class ChangeApplierTest {
    private static final Object U = ChangeEvent.UNAVAILABLE;

    private static List<String> apply(H2Target db, ApplyTable t, boolean batch, List<ChangeEvent> events) throws SQLException {
        ChangeApplier applier = new ChangeApplier(List.of(t), batch);
        try (Statements st = new Statements(db.connection, 1000)) {
            applier.apply(st, events, e -> false);
        }
        db.connection.commit();
        return db.rows(t.targetId().name());
    }

    @Test
    void appliesInsertsUpdatesAndDeletesAndAppliesThemAgainWithoutEffect() throws Exception {
        for (boolean batch : new boolean[] {false, true}) {
            try (H2Target db = new H2Target()) {
                ApplyTable t = db.create(H2Target.sourceTable(true), "items");
                List<ChangeEvent> events = List.of(
                        insert(1, 1L, "one", 1L, "a"),
                        insert(2, 2L, "two", 2L, null),
                        update(3, row(1L, "one", 1L, "a"), 1L, "uno", 11L, "a"),
                        insert(4, 3L, "three", 3L, "c"),
                        delete(5, 2L, "two", 2L, null),
                        update(6, null, 3L, "tres", null, "c"));
                List<String> expected = List.of("1|uno|11|a", "3|tres|null|c");
                assertThat(apply(db, t, batch, events)).as("batch apply %s", batch).isEqualTo(expected);
                assertThat(apply(db, t, batch, events)).as("applied twice, batch apply %s", batch).isEqualTo(expected);
            }
        }
    }

    @Test
    void unavailableValuesKeepWhatTheTargetHolds() throws Exception {
        for (boolean batch : new boolean[] {false, true}) {
            try (H2Target db = new H2Target()) {
                ApplyTable t = db.create(H2Target.sourceTable(true), "items");
                apply(db, t, batch, List.of(insert(1, 1L, "one", 1L, "a long note")));
                // an update that did not send the unchanged note (PostgreSQL TOAST, REPLICA IDENTITY DEFAULT)
                assertThat(apply(db, t, batch, List.of(update(2, null, 1L, "uno", 2L, U))))
                        .isEqualTo(List.of("1|uno|2|a long note"));
                // in one batch after the insert, the unavailable value is the inserted one
                assertThat(apply(db, t, batch, List.of(insert(3, 5L, "five", 5L, "n5"), update(4, null, 5L, "cinco", 6L, U))))
                        .isEqualTo(List.of("1|uno|2|a long note", "5|cinco|6|n5"));
            }
        }
    }

    @Test
    void aKeyChangeMovesTheRowAlsoWhenValuesAreUnavailable() throws Exception {
        for (boolean batch : new boolean[] {false, true}) {
            try (H2Target db = new H2Target()) {
                ApplyTable t = db.create(H2Target.sourceTable(true), "items");
                apply(db, t, batch, List.of(insert(1, 1L, "one", 1L, "note"), insert(2, 2L, "two", 2L, "n2")));
                assertThat(apply(db, t, batch, List.of(update(3, row(1L, U, U, U), 10L, "ten", 1L, U))))
                        .isEqualTo(List.of("2|two|2|n2", "10|ten|1|note"));
                // applied again (or after a full load that read the row at its new key): the row at the new key is updated
                assertThat(apply(db, t, batch, List.of(insert(1, 1L, "one", 1L, "note"), update(3, row(1L, U, U, U), 10L, "ten", 1L, U))))
                        .isEqualTo(List.of("2|two|2|n2", "10|ten|1|note"));
                assertThat(apply(db, t, batch, List.of(update(4, row(2L, "two", 2L, "n2"), 20L, "twenty", 2L, "n2"),
                        update(5, row(20L, "twenty", 2L, "n2"), 2L, "two again", 2L, "n2"))))
                        .isEqualTo(List.of("2|two again|2|n2", "10|ten|1|note"));
            }
        }
    }

    @Test
    void aKeyChangeLoggedAsDeleteAndInsertKeepsTheValuesTheInsertLacks() throws Exception {
        for (boolean batch : new boolean[] {false, true}) {
            try (H2Target db = new H2Target()) {
                ApplyTable t = db.create(H2Target.sourceTable(true), "items");
                apply(db, t, batch, List.of(insert(1, 1L, "one", 1L, "large note")));
                // Debezium logs UPDATE items SET id = 2 WHERE id = 1 on PostgreSQL as a delete and an insert without the TOAST value
                ChangeEvent delete = ChangeEvent.delete(H2Target.SOURCE, H2Target.COLUMNS, row(1L, U, U, U), "tx2", H2Target.COMMIT,
                        H2Target.at(2));
                ChangeEvent insert = ChangeEvent.insert(H2Target.SOURCE, H2Target.COLUMNS, row(2L, "one", 1L, U), "tx2", H2Target.COMMIT,
                        H2Target.at(3));
                assertThat(apply(db, t, batch, List.of(delete, insert)))
                        .isEqualTo(List.of("2|one|1|large note"));
                // an insert that lacks a value and follows no delete: the value is NULL in a new row, kept in an existing one
                assertThat(apply(db, t, batch, List.of(insert(4, 2L, "two", 2L, U), insert(5, 3L, "three", 3L, U))))
                        .isEqualTo(List.of("2|two|2|large note", "3|three|3|null"));
            }
        }
    }

    @Test
    void batchApplyEndsInTheSameStateAsApplyingInOrder() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            List<ChangeEvent> events = randomChanges(new Random(seed), 400);
            try (H2Target ordered = new H2Target(); H2Target batched = new H2Target()) {
                ApplyTable a = ordered.create(H2Target.sourceTable(true), "items");
                ApplyTable b = batched.create(H2Target.sourceTable(true), "items");
                List<String> expected = model(events);
                for (int from = 0, to; from < events.size(); from = to) {
                    to = Math.min(events.size(), from + 37);
                    while (to < events.size() && events.get(to).transactionId().equals(events.get(to - 1).transactionId())) {
                        to++; // the applier gets whole source transactions
                    }
                    List<ChangeEvent> part = events.subList(from, to);
                    apply(ordered, a, false, part);
                    apply(batched, b, true, part);
                }
                assertThat(ordered.rows("items")).as("in order, seed %s", seed).isEqualTo(expected);
                assertThat(batched.rows("items")).as("batch apply, seed %s", seed).isEqualTo(expected);
            }
        }
    }

    /** Inserts, updates (some of the key, some without the note) and deletes on a few keys, as a source would log them. */
    static List<ChangeEvent> randomChanges(Random r, int n) {
        Map<Long, Object[]> rows = new TreeMap<>();
        List<ChangeEvent> out = new ArrayList<>();
        for (long pos = 1; out.size() < n; pos++) {
            long id = 1 + r.nextInt(12);
            Object[] now = rows.get(id);
            Object[] next = row(id, "n" + r.nextInt(100), r.nextBoolean() ? null : (long) r.nextInt(1000), "note" + r.nextInt(5));
            if (now == null) {
                rows.put(id, next);
                out.add(insert(pos, next));
            } else if (r.nextInt(4) == 0) {
                rows.remove(id);
                out.add(delete(pos, now));
            } else if (r.nextInt(5) == 0) {
                long to = 100 + r.nextInt(12);
                if (rows.containsKey(to)) {
                    continue;
                }
                Object[] moved = row(to, next[1], next[2], now[3]);
                rows.remove(id);
                rows.put(to, moved);
                if (r.nextBoolean()) {
                    out.add(update(pos, row(id, U, U, U), to, next[1], next[2], U));
                } else {
                    out.add(ChangeEvent.delete(H2Target.SOURCE, H2Target.COLUMNS, row(id, U, U, U), "tx" + pos, H2Target.COMMIT, H2Target.at(pos)));
                    out.add(ChangeEvent.insert(H2Target.SOURCE, H2Target.COLUMNS, row(to, next[1], next[2], U), "tx" + pos, H2Target.COMMIT, H2Target.at(pos + 1)));
                    pos++;
                }
            } else if (r.nextBoolean()) {
                Object[] kept = row(id, next[1], next[2], now[3]);
                rows.put(id, kept);
                out.add(update(pos, null, id, next[1], next[2], U));
            } else {
                rows.put(id, next);
                out.add(update(pos, now, next));
            }
        }
        return out;
    }

    private static List<String> model(List<ChangeEvent> events) {
        Map<Long, Object[]> rows = new TreeMap<>();
        Object[] lastDeleted = null;
        for (ChangeEvent e : events) {
            switch (e.operation()) {
                case INSERT -> {
                    Object[] a = e.afterImage();
                    for (int i = 0; i < a.length; i++) {
                        if (a[i] == U) {
                            a[i] = lastDeleted[i];
                        }
                    }
                    rows.put((Long) a[0], a);
                }
                case DELETE -> lastDeleted = rows.remove((Long) e.before(0));
                case UPDATE -> {
                    Object[] old = rows.remove(e.hasBefore() ? (Long) e.before(0) : (Long) e.after(0));
                    Object[] a = e.afterImage();
                    for (int i = 0; i < a.length; i++) {
                        if (a[i] == U) {
                            a[i] = old[i];
                        }
                    }
                    rows.put((Long) a[0], a);
                }
            }
        }
        List<String> out = new ArrayList<>();
        rows.values().forEach(v -> out.add(v[0] + "|" + v[1] + "|" + v[2] + "|" + v[3]));
        return out;
    }

    @Test
    void aTableWithoutKeyIsAppliedByWholeRowsOneRowPerChange() throws Exception {
        for (boolean batch : new boolean[] {false, true}) {
            try (H2Target db = new H2Target()) {
                ApplyTable t = db.create(H2Target.sourceTable(false), "nokey");
                assertThat(t.keyed()).isFalse();
                assertThat(apply(db, t, batch, List.of(insert(1, 1L, "same", null, null), insert(2, 1L, "same", null, null),
                        insert(3, 2L, "other", 2L, "x"))))
                        .isEqualTo(List.of("1|same|null|null", "1|same|null|null", "2|other|2|x"));
                assertThat(apply(db, t, batch, List.of(delete(4, 1L, "same", null, null),
                        update(5, row(2L, "other", 2L, "x"), 2L, "changed", 2L, U))))
                        .as("one of two equal rows deleted; NULL matches NULL; the unavailable note from the before image")
                        .isEqualTo(List.of("1|same|null|null", "2|changed|2|x"));
                ChangeEvent incomplete = delete(6, 1L, "same", U, U);
                assertThatThrownBy(() -> apply(db, t, batch, List.of(incomplete)))
                        .isInstanceOf(ApplyError.class)
                        .extracting(e -> ((ApplyError) e).message("t1"))
                        .isEqualTo("Task t1, table shop.items, DELETE of row id=1, name='same', qty=UNAVAILABLE, note=UNAVAILABLE:"
                                + " the table has no primary key (nor a unique key on NOT NULL columns), so its updates and deletes"
                                + " are applied by matching whole rows, but the source did not send the whole row before the change;"
                                + " give the table a primary key, or log whole rows (PostgreSQL: ALTER TABLE ... REPLICA IDENTITY FULL)"
                                + " (source position h2:000000000006)");
                db.connection.rollback();
            }
        }
    }

    @Test
    void aValueThatDoesNotConvertNamesTaskTableRowAndColumn() throws Exception {
        try (H2Target db = new H2Target()) {
            ApplyTable t = db.create(H2Target.sourceTable(true), "items");
            // qty is SMALLINT: 70000 cannot be held
            assertThatThrownBy(() -> apply(db, t, false, List.of(insert(1, 7L, "x", 70_000L, null))))
                    .isInstanceOf(ApplyError.class)
                    .extracting(e -> ((ApplyError) e).message("t1"))
                    .isEqualTo("Task t1, table shop.items, INSERT of row id=7, column qty: Numeric value out of range:"
                            + " \"70000\" in column \"qty\" (SQLState 22004) (source position h2:000000000001)");
        }
    }

    // ---- error policies (AWS DMS ErrorBehavior) ------------------------------------------------

    /** An applier with the policy, its control tables in the H2 target, and what one call did. */
    private static final class Policed {
        final H2Target db;
        final ApplyTable table;
        final ControlTables control = new ControlTables(H2Target.H2, "dmskit");
        final ChangeApplier applier;

        Policed(H2Target db, ErrorBehavior behavior) throws SQLException {
            this(db, false, behavior);
        }

        Policed(H2Target db, boolean batchApply, ErrorBehavior behavior) throws SQLException {
            this.db = db;
            this.table = db.create(H2Target.sourceTable(true), "items");
            control.ensure(db.connection);
            db.connection.commit();
            this.applier = new ChangeApplier(List.of(table), batchApply, new ErrorPolicy(behavior), control, "t1");
        }

        /** Applies like the CDC loop: a data error left out by the policy rolls back and applies the same list again. */
        List<String> apply(List<ChangeEvent> events) throws SQLException {
            while (true) {
                try (Statements st = new Statements(db.connection, 1000)) {
                    applier.apply(st, events, e -> false);
                    db.connection.commit();
                    return db.rows("items");
                } catch (ApplyError e) {
                    db.connection.rollback();
                    if (!applier.leaveOut(e)) {
                        throw e;
                    }
                }
            }
        }

        List<String> recorded() throws SQLException {
            List<String> out = new ArrayList<>();
            for (ControlTables.ApplyException x : control.applyExceptions(db.connection, "t1")) {
                out.add(x.operation() + " " + x.rowKey() + " " + x.position());
            }
            db.connection.commit();
            return out;
        }
    }

    private static ErrorBehavior.Builder errors() {
        return ErrorBehavior.builder();
    }

    @Test
    void insertOfAnExistingKeyFollowsApplyErrorInsertPolicy() throws Exception {
        for (boolean batch : new boolean[] {false, true}) { // conflicts are found in both apply modes
            List<ChangeEvent> first = List.of(insert(1, 1L, "one", 1L, "a"));
            List<ChangeEvent> again = List.of(insert(2, 1L, "uno", 2L, "b"), insert(3, 2L, "two", 2L, "c"));
            try (H2Target db = new H2Target()) {
                Policed p = new Policed(db, batch, errors().build()); // default LOG_ERROR
                p.apply(first);
                assertThat(p.apply(again)).containsExactly("1|one|1|a", "2|two|2|c");
                assertThat(p.recorded()).containsExactly("INSERT id=1 h2:000000000002");
                assertThat(p.applier.policyForTest().applyConflicts(H2Target.SOURCE)).isEqualTo(1);
            }
            try (H2Target db = new H2Target()) {
                Policed p = new Policed(db, batch, errors().applyErrorInsertPolicy(Action.IGNORE_RECORD).build());
                p.apply(first);
                assertThat(p.apply(again)).containsExactly("1|one|1|a", "2|two|2|c");
                assertThat(p.recorded()).isEmpty();
            }
            try (H2Target db = new H2Target()) {
                Policed p = new Policed(db, batch, errors().applyErrorInsertPolicy(Action.UPDATE_RECORD).build());
                p.apply(first);
                assertThat(p.apply(again)).containsExactly("1|uno|2|b", "2|two|2|c");
                assertThat(p.recorded()).isEmpty();
            }
            for (Action a : new Action[] {Action.SUSPEND_TABLE, Action.STOP_TASK}) {
                try (H2Target db = new H2Target()) {
                    Policed p = new Policed(db, batch, errors().applyErrorInsertPolicy(a).build());
                    p.apply(first);
                    assertThatThrownBy(() -> p.apply(again)).isInstanceOfSatisfying(ApplyError.class, e -> {
                        assertThat(e.conflict).isTrue();
                        assertThat(e.stopTask).isEqualTo(a == Action.STOP_TASK);
                        assertThat(e.message("t1")).isEqualTo("Task t1, table shop.items, INSERT of row id=1: an insert of a"
                                + " key that the target already has; " + (a == Action.STOP_TASK ? "the task stops" : "the table is suspended")
                                + " (ApplyErrorInsertPolicy=" + a + ") (source position h2:000000000002)");
                    });
                    db.connection.rollback();
                    assertThat(db.rows("items")).containsExactly("1|one|1|a");
                }
            }
        }
    }

    @Test
    void updateOfAMissingRowFollowsApplyErrorUpdatePolicy() throws Exception {
        for (boolean batch : new boolean[] {false, true}) { // conflicts are found in both apply modes
            List<ChangeEvent> updates = List.of(update(1, row(5L, "five", 5L, "x"), 5L, "cinq", 6L, "y"),
                    insert(2, 6L, "six", 6L, "z"), update(3, row(6L, "six", 6L, "z"), 6L, "six", 7L, "z"));
            try (H2Target db = new H2Target()) {
                Policed p = new Policed(db, batch, errors().build()); // default LOG_ERROR
                assertThat(p.apply(updates)).containsExactly("6|six|7|z");
                assertThat(p.recorded()).containsExactly("UPDATE id=5 h2:000000000001");
            }
            try (H2Target db = new H2Target()) {
                Policed p = new Policed(db, batch, errors().applyErrorUpdatePolicy(Action.INSERT_RECORD).build());
                assertThat(p.apply(updates)).containsExactly("5|cinq|6|y", "6|six|7|z");
                assertThat(p.recorded()).isEmpty();
            }
            try (H2Target db = new H2Target()) {
                Policed p = new Policed(db, batch, errors().applyErrorUpdatePolicy(Action.IGNORE_RECORD).build());
                assertThat(p.apply(updates)).containsExactly("6|six|7|z");
                assertThat(p.recorded()).isEmpty();
            }
        }
    }

    @Test
    void deleteOfAMissingRowFollowsApplyErrorDeletePolicy() throws Exception {
        for (boolean batch : new boolean[] {false, true}) { // conflicts are found in both apply modes
            List<ChangeEvent> deletes = List.of(insert(1, 1L, "one", 1L, "a"), delete(2, 1L, "one", 1L, "a"),
                    delete(3, 1L, "one", 1L, "a"));
            try (H2Target db = new H2Target()) {
                Policed p = new Policed(db, batch, errors().build()); // default IGNORE_RECORD
                assertThat(p.apply(deletes)).isEmpty();
                assertThat(p.recorded()).isEmpty();
                assertThat(p.applier.policyForTest().applyConflicts(H2Target.SOURCE)).isEqualTo(1);
            }
            try (H2Target db = new H2Target()) {
                Policed p = new Policed(db, batch, errors().applyErrorDeletePolicy(Action.LOG_ERROR).build());
                assertThat(p.apply(deletes)).isEmpty();
                assertThat(p.recorded()).containsExactly("DELETE id=1 h2:000000000003");
            }
            try (H2Target db = new H2Target()) {
                Policed p = new Policed(db, batch, errors().applyErrorDeletePolicy(Action.SUSPEND_TABLE).build());
                assertThatThrownBy(() -> p.apply(deletes)).isInstanceOf(ApplyError.class);
            }
        }
    }

    @Test
    void applyConflictsEscalateAfterTheCount() throws Exception {
        try (H2Target db = new H2Target()) {
            Policed p = new Policed(db, errors().applyErrorDeletePolicy(Action.LOG_ERROR).applyErrorEscalationCount(3)
                    .applyErrorEscalationPolicy(Action.STOP_TASK).build());
            p.apply(List.of(delete(1, 1L, "one", 1L, "a"), delete(2, 2L, "two", 1L, "a")));
            assertThat(p.recorded()).hasSize(2);
            assertThatThrownBy(() -> p.apply(List.of(insert(3, 4L, "four", 4L, "d"), delete(4, 3L, "three", 1L, "a"))))
                    .isInstanceOfSatisfying(ApplyError.class, e -> {
                        assertThat(e.stopTask).isTrue();
                        assertThat(e.reason).isEqualTo("a delete of a row that the target does not have; the task stops"
                                + " (ApplyErrorEscalationPolicy: this is error 3 of the table, the escalation count is 3)");
                    });
        }
    }

    @Test
    void changesCachedDuringTheFullLoadAreAppliedWithoutConflictChecks() throws Exception {
        try (H2Target db = new H2Target()) {
            Policed p = new Policed(db, errors().build());
            p.applier.ignoreConflictsThrough(H2Target.COMMIT);
            p.apply(List.of(insert(1, 1L, "one", 1L, "a")));
            assertThat(p.apply(List.of(insert(2, 1L, "uno", 2L, "b"), delete(3, 9L, "x", 1L, "a"))))
                    .containsExactly("1|uno|2|b");
            assertThat(p.recorded()).isEmpty();
            assertThat(p.applier.policyForTest().applyConflicts(H2Target.SOURCE)).isZero();
        }
    }

    /**
     * One batch holds changes cached during the full load and changes after it: the checks of the
     * later ones see what the cached ones before them did to the target (a cached delete of a row,
     * then its insert again, is no conflict).
     */
    @Test
    void aCheckedChangeSeesTheCachedChangesBeforeItInTheSameBatch() throws Exception {
        try (H2Target db = new H2Target()) {
            Policed p = new Policed(db, errors().build());
            p.applier.ignoreConflictsThrough(H2Target.COMMIT);
            p.apply(List.of(insert(1, 1L, "one", 1L, "a"), insert(2, 2L, "two", 2L, "b")));
            java.time.Instant later = H2Target.COMMIT.plusSeconds(1);
            List<ChangeEvent> batch = List.of(delete(3, 1L, "one", 1L, "a"), insert(4, 3L, "three", 3L, "c"),
                    ChangeEvent.insert(H2Target.SOURCE, H2Target.COLUMNS, new Object[] {1L, "uno", 4L, "d"}, "tx5", later,
                            H2Target.at(5)),
                    ChangeEvent.update(H2Target.SOURCE, H2Target.COLUMNS, new Object[] {3L, "three", 3L, "c"},
                            new Object[] {3L, "tres", 5L, "e"}, "tx6", later, H2Target.at(6)));
            assertThat(p.apply(batch)).containsExactly("1|uno|4|d", "2|two|2|b", "3|tres|5|e");
            assertThat(p.recorded()).isEmpty();
            assertThat(p.applier.policyForTest().applyConflicts(H2Target.SOURCE)).isZero();
        }
    }

    @Test
    void dataErrorsOfChangesFollowDataErrorPolicy() throws Exception {
        // qty is SMALLINT: 70000 does not fit
        List<ChangeEvent> events = List.of(insert(1, 1L, "one", 1L, "a"), insert(2, 2L, "two", 70_000L, "b"),
                insert(3, 3L, "three", 3L, "c"));
        try (H2Target db = new H2Target()) {
            Policed p = new Policed(db, errors().build()); // default LOG_ERROR
            assertThat(p.apply(events)).containsExactly("1|one|1|a", "3|three|3|c");
            assertThat(p.recorded()).containsExactly("INSERT id=2 h2:000000000002");
            assertThat(p.applier.policyForTest().dataErrors(H2Target.SOURCE)).isEqualTo(1);
        }
        try (H2Target db = new H2Target()) {
            Policed p = new Policed(db, errors().dataErrorPolicy(Action.IGNORE_RECORD).build());
            assertThat(p.apply(events)).containsExactly("1|one|1|a", "3|three|3|c");
            assertThat(p.recorded()).isEmpty();
        }
        try (H2Target db = new H2Target()) {
            Policed p = new Policed(db, errors().dataErrorPolicy(Action.STOP_TASK).build());
            assertThatThrownBy(() -> p.apply(events)).isInstanceOfSatisfying(ApplyError.class, e -> {
                assertThat(p.applier.leaveOut(e)).isFalse();
                assertThat(e.stopTask).isTrue();
            });
        }
        try (H2Target db = new H2Target()) {
            Policed p = new Policed(db, errors().dataErrorPolicy(Action.LOG_ERROR).dataErrorEscalationCount(1).build());
            assertThatThrownBy(() -> p.apply(events)).isInstanceOfSatisfying(ApplyError.class, e -> {
                assertThat(p.applier.leaveOut(e)).as("escalated to SUSPEND_TABLE").isFalse();
                assertThat(e.stopTask).isFalse();
            });
        }
    }

    @Test
    void limitedLobModeLeavesOutChangesWithALobOverTheLimitAndNeverTruncates() throws Exception {
        try (H2Target db = new H2Target()) {
            Policed p = new Policed(db, errors().build()); // DataTruncationErrorPolicy LOG_ERROR
            p.applier.maxLobBytes(10);
            assertThat(p.apply(List.of(insert(1, 1L, "one", 1L, "short"), insert(2, 2L, "two", 2L, "a note longer than ten"),
                    update(3, row(1L, "one", 1L, "short"), 1L, "uno", 1L, "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9")))) // 12 bytes in UTF-8
                    .containsExactly("1|one|1|short");
            assertThat(p.recorded()).containsExactly("INSERT id=2 h2:000000000002", "UPDATE id=1 h2:000000000003");
        }
    }

    @Test
    void aListRefilledWithOtherChangesIsNotTakenForARetry() throws Exception {
        try (H2Target db = new H2Target()) {
            Policed p = new Policed(db, errors().applyErrorInsertPolicy(Action.UPDATE_RECORD)
                    .applyErrorDeletePolicy(Action.LOG_ERROR).build());
            p.apply(List.of(insert(1, 1L, "one", 1L, "a")));
            List<ChangeEvent> open = new ArrayList<>(List.of(insert(2, 1L, "uno", 1L, "b"))); // the CDC loop reuses its list
            p.apply(open);
            open.clear();
            open.add(delete(3, 7L, "seven", 1L, "a"));
            assertThat(p.apply(open)).containsExactly("1|uno|1|b");
            assertThat(p.recorded()).containsExactly("DELETE id=7 h2:000000000003");
        }
    }
}
