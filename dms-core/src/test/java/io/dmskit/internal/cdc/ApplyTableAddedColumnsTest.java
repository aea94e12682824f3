package io.dmskit.internal.cdc;

import io.dmskit.TableMapping.AddedColumn;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ChangeEvent;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.dmskit.internal.cdc.H2Target.H2;
import static io.dmskit.internal.cdc.H2Target.delete;
import static io.dmskit.internal.cdc.H2Target.insert;
import static io.dmskit.internal.cdc.H2Target.row;
import static io.dmskit.internal.cdc.H2Target.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The columns of add-column rules in CDC, on an in-memory H2 target: computed from after images, in both apply modes. */
class ApplyTableAddedColumnsTest {
    private static final Object U = ChangeEvent.UNAVAILABLE;
    private static final List<AddedColumn> ADDED = List.of(
            new AddedColumn("OP", DataType.ofLength(TypeKind.VARCHAR, 1),
                    "CASE $AR_H_OPERATION WHEN 'INSERT' THEN 'I' WHEN 'UPDATE' THEN 'U' ELSE 'D' END", "rule 2 'op' (add-column)"),
            new AddedColumn("LABEL", DataType.ofLength(TypeKind.VARCHAR, 30), "upper($name) || ':' || $AR_H_COMMIT_TIMESTAMP",
                    "rule 3 'label' (add-column)"),
            new AddedColumn("QTY2", DataType.of(TypeKind.SMALLINT), "$qty * 2", "rule 4 'qty2' (add-column)"));

    /** The target table with the added columns after the source's, and the applier's view of it. */
    private static ApplyTable create(H2Target db, boolean keyed, String name) throws SQLException {
        Table source = H2Target.sourceTable(keyed);
        Table converted = H2.targetTable(source);
        List<Column> added = ADDED.stream().map(a -> Column.of(a.name(), H2.targetType(a.type()), true)).toList();
        List<Column> all = new ArrayList<>(converted.columns());
        all.addAll(added);
        Table target = new Table(TableId.of("PUBLIC", name), all, converted.primaryKey(), List.of(), -1);
        try (Statement st = db.connection.createStatement()) {
            for (String sql : H2.createTable(target)) {
                st.execute(sql);
            }
        }
        db.connection.commit();
        return new ApplyTable(source, target, source.columns(), converted.columns(), H2).withAdded(ADDED, added);
    }

    private static List<String> apply(H2Target db, ApplyTable t, boolean batch, List<ChangeEvent> events) throws SQLException {
        ChangeApplier applier = new ChangeApplier(List.of(t), batch);
        try (Statements st = new Statements(db.connection, 1000)) {
            applier.apply(st, events, e -> false);
        }
        db.connection.commit();
        return db.rows(t.targetId().name());
    }

    @Test
    void insertsAndUpdatesComputeTheColumnsFromTheAfterImageAndTheChangesHeaders() throws Exception {
        for (boolean batch : new boolean[] {false, true}) {
            try (H2Target db = new H2Target()) {
                ApplyTable t = create(db, true, "items");
                assertThat(apply(db, t, batch, List.of(insert(1, 1L, "one", 1L, "n1"), insert(2, 2L, "two", 2L, "n2"))))
                        .as("batch apply %s", batch)
                        .containsExactly("1|one|1|n1|I|ONE:2026-01-02 03:04:05|2", "2|two|2|n2|I|TWO:2026-01-02 03:04:05|4");
                assertThat(apply(db, t, batch, List.of(update(3, row(1L, "one", 1L, "n1"), 1L, "uno", 7L, "n1"),
                        delete(4, 2L, "two", 2L, "n2"))))
                        .as("batch apply %s", batch)
                        .containsExactly("1|uno|7|n1|U|UNO:2026-01-02 03:04:05|14");
                // an update without a value that an expression reads: that added column keeps what it holds
                assertThat(apply(db, t, batch, List.of(update(5, null, 1L, U, 8L, "n8"))))
                        .as("batch apply %s", batch)
                        .containsExactly("1|uno|8|n8|U|UNO:2026-01-02 03:04:05|16");
            }
        }
    }

    @Test
    void aFlaggedDeleteKeepsTheRowWithItsAddedColumnsComputedForTheDelete() throws Exception {
        for (boolean batch : new boolean[] {false, true}) {
            try (H2Target db = new H2Target()) {
                ApplyTable t = create(db, true, "items");
                apply(db, t, batch, List.of(insert(1, 1L, "one", 1L, "n1"), insert(2, 2L, "two", 2L, "n2")));
                ChangeEvent flagged = io.dmskit.internal.mapping.AddedColumns.flaggedDelete(delete(3, 2L, "two", 2L, "n2"));
                // a before image with the key only (PostgreSQL without REPLICA IDENTITY FULL): the others stay
                ChangeEvent keyOnly = io.dmskit.internal.mapping.AddedColumns.flaggedDelete(delete(4, 1L, U, U, U));
                assertThat(apply(db, t, batch, List.of(flagged, keyOnly)))
                        .as("batch apply %s", batch)
                        .containsExactly("1|one|1|n1|D|ONE:2026-01-02 03:04:05|2", "2|two|2|n2|D|TWO:2026-01-02 03:04:05|4");
                // an update without the name: LABEL keeps its value, the others are computed
                assertThat(apply(db, t, batch, List.of(update(5, null, 1L, U, 3L, "n3"))))
                        .as("batch apply %s", batch)
                        .containsExactly("1|one|3|n3|U|ONE:2026-01-02 03:04:05|6", "2|two|2|n2|D|TWO:2026-01-02 03:04:05|4");
            }
        }
    }

    @Test
    void aTableWithoutKeyDeletesByItsSourceColumns() throws Exception {
        try (H2Target db = new H2Target()) {
            ApplyTable t = create(db, false, "nokey");
            apply(db, t, false, List.of(insert(1, 1L, "a", 1L, null), insert(2, 2L, "b", 2L, null)));
            assertThat(apply(db, t, false, List.of(delete(3, 1L, "a", 1L, null), update(4, row(2L, "b", 2L, null), 2L, "b", 3L, null))))
                    .containsExactly("2|b|3|null|U|B:2026-01-02 03:04:05|6");
        }
    }

    @Test
    void aValueThatDoesNotFitIsAnApplyErrorNamingTheAddedColumnAndTheRule() throws Exception {
        try (H2Target db = new H2Target()) {
            ApplyTable t = create(db, true, "items");
            assertThatThrownBy(() -> apply(db, t, false, List.of(insert(1, 1L, "one", 20000L, null))))
                    .isInstanceOf(ApplyError.class)
                    .extracting(e -> ((ApplyError) e).message("t1"))
                    .isEqualTo("Task t1, table shop.items, INSERT of row id=1, column QTY2: rule 4 'qty2' (add-column):"
                            + " expression '$qty * 2' gives 40000, which is out of the range -32768 to 32767 of column QTY2"
                            + " (" + t.targetColumns.get(6).type().nativeName() + ") (source position h2:000000000001)");
        }
    }
}
