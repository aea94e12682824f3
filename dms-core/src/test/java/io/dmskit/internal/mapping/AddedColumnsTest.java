package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.AddedColumn;
import io.dmskit.internal.policy.TruncationException;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.ValueException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddedColumnsTest {
    static final TableId ITEMS = TableId.of("shop", "items");
    static final List<Column> SOURCE = List.of(
            Column.of("id", DataType.of(TypeKind.INTEGER), false),
            Column.of("first_name", DataType.ofLength(TypeKind.VARCHAR, 20), true),
            Column.of("last_name", DataType.ofLength(TypeKind.VARCHAR, 20), true),
            Column.of("price", DataType.decimal(10, 2), true),
            Column.of("qty", DataType.of(TypeKind.INTEGER), true));

    static AddedColumn added(String name, DataType type, String expression) {
        return new AddedColumn(name, type, expression, "rule 2 '" + name + "'");
    }

    static AddedColumns of(AddedColumn... added) {
        return AddedColumns.of(ITEMS, SOURCE, List.of(added),
                java.util.Arrays.stream(added).map(a -> Column.of(a.name(), a.type(), true)).toList());
    }

    static RowBatch batch(Object[]... rows) {
        RowBatch b = new RowBatch(10, SOURCE.size() + 3);
        for (Object[] r : rows) {
            System.arraycopy(r, 0, b.addRow(), 0, r.length);
        }
        return b;
    }

    @Test
    void computesEachRowFromItsSourceColumnsAndTheFullLoadHeaders() {
        AddedColumns c = of(added("full_name", DataType.ofLength(TypeKind.VARCHAR, 50), "$first_name || '_' || $last_name"),
                added("total", DataType.decimal(12, 2), "$price * $qty"),
                added("origin", DataType.ofLength(TypeKind.VARCHAR, 60),
                        "$AR_M_SOURCE_SCHEMA || '.' || $AR_M_SOURCE_TABLE_NAME || ':' || $AR_H_OPERATION"));
        RowBatch b = batch(new Object[] {1L, "Ada", "Lovelace", new BigDecimal("2.50"), 3L},
                new Object[] {2L, "Alan", null, new BigDecimal("0.333"), 3L});
        c.convert(b);
        assertThat(c.first()).isEqualTo(5);
        assertThat(b.row(0)).containsExactly(1L, "Ada", "Lovelace", new BigDecimal("2.50"), 3L, "Ada_Lovelace",
                new BigDecimal("7.50"), "shop.items:INSERT");
        // null propagates; a decimal is rounded to the column's scale, half up, as the target database would store it
        assertThat(b.row(1)).containsExactly(2L, "Alan", null, new BigDecimal("0.333"), 3L, null, new BigDecimal("1.00"),
                "shop.items:INSERT");
    }

    @Test
    void changeHeadersComeFromTheChange() {
        AddedColumns c = of(added("op", DataType.ofLength(TypeKind.CHAR, 1),
                        "CASE $AR_H_OPERATION WHEN 'INSERT' THEN 'I' WHEN 'UPDATE' THEN 'U' ELSE 'D' END"),
                added("committed", DataType.temporal(TypeKind.TIMESTAMP, 6), "$AR_H_COMMIT_TIMESTAMP"),
                added("day", DataType.of(TypeKind.DATE), "date($AR_H_COMMIT_TIMESTAMP)"));
        Object[] row = new Object[8];
        row[0] = 1L;
        LocalDateTime t = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
        c.compute(row, new AddedColumns.Headers("UPDATE", t, t, "tx1", "0/16B3748", ""));
        assertThat(row).containsExactly(1L, null, null, null, null, "U", t, LocalDate.of(2026, 1, 2));
    }

    @Test
    void aValueThatDoesNotFitIsAValueExceptionNamingTheRowTheColumnAndTheRule() {
        AddedColumns c = of(added("small", DataType.of(TypeKind.SMALLINT), "$qty * 1000"));
        RowBatch b = batch(new Object[] {1L, "a", "b", null, 3L}, new Object[] {2L, "a", "b", null, 40L});
        assertThatThrownBy(() -> c.convert(b))
                .isInstanceOfSatisfying(ValueException.class, e -> {
                    assertThat(e.row()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(5);
                    assertThat(e.reason()).isEqualTo("rule 2 'small': expression '$qty * 1000' gives 40000, which is out"
                            + " of the range -32768 to 32767 of column small (smallint)");
                });
        assertThat(b.row(0)[5]).isEqualTo(3000L);
        assertThat(c.name(5)).isEqualTo("small");
    }

    @Test
    void textForANumberIsADataErrorAndTooLongTextATruncation() {
        AddedColumns number = of(added("n", DataType.of(TypeKind.INTEGER), "$first_name"));
        assertThatThrownBy(() -> number.convert(batch(new Object[] {1L, "Ada", "L", null, 1L})))
                .isInstanceOf(ValueException.class).hasMessageContaining("gives 'Ada', which is not a number of column n");
        AddedColumns text = of(added("s", DataType.ofLength(TypeKind.VARCHAR, 5), "$first_name || $last_name"));
        assertThatThrownBy(() -> text.convert(batch(new Object[] {1L, "Ada", "Lovelace", null, 1L})))
                .isInstanceOf(ValueException.class)
                .hasMessageContaining("gives 'AdaLovelace', which is 11 characters long, longer than the 5 of column s")
                .hasCauseInstanceOf(TruncationException.class);
        AddedColumns decimal = of(added("d", DataType.decimal(4, 2), "$price * 100"));
        assertThatThrownBy(() -> decimal.convert(batch(new Object[] {1L, "a", "b", new BigDecimal("2.50"), 1L})))
                .isInstanceOf(ValueException.class)
                .hasMessageContaining("gives 250.00, which has more digits before the decimal point than the 2 of"
                        + " precision 4 and scale 2 of column d");
    }

    @Test
    void divisionByZeroGivesNullAsInSqlite() {
        AddedColumns c = of(added("ratio", DataType.decimal(10, 2), "$price / ($qty - 3)"));
        RowBatch b = batch(new Object[] {1L, "a", "b", new BigDecimal("2.50"), 3L});
        c.convert(b);
        assertThat(b.row(0)[5]).isNull();
    }

    @Test
    void valuesBecomeTheTargetColumnsClass() throws Exception {
        assertThat(AddedColumns.fit("42", DataType.of(TypeKind.BIGINT))).isEqualTo(42L);
        assertThat(AddedColumns.fit(2.0d, DataType.of(TypeKind.INTEGER))).isEqualTo(2L);
        assertThat(AddedColumns.fit(7L, DataType.of(TypeKind.DOUBLE))).isEqualTo(7.0d);
        assertThat(AddedColumns.fit(7L, DataType.of(TypeKind.REAL))).isEqualTo(7.0f);
        assertThat(AddedColumns.fit(1L, DataType.of(TypeKind.BOOLEAN))).isEqualTo(true);
        assertThat(AddedColumns.fit(12L, DataType.ofLength(TypeKind.VARCHAR, 5))).isEqualTo("12");
        assertThat(AddedColumns.fit("2024-05-06 07:08:09", DataType.temporal(TypeKind.TIMESTAMP, 0)))
                .isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9));
        assertThat(AddedColumns.fit("x", DataType.ofLength(TypeKind.VARBINARY, 4))).isEqualTo(new byte[] {'x'});
        // fractional seconds are cut to the column's digits, as the database stores them
        assertThat(AddedColumns.fit(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_789), DataType.temporal(TypeKind.TIMESTAMP, 3)))
                .isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_000_000));
        assertThatThrownBy(() -> AddedColumns.fit(2.5d, DataType.of(TypeKind.INTEGER)))
                .hasMessage("is not a whole number");
        assertThatThrownBy(() -> AddedColumns.fit("soon", DataType.of(TypeKind.DATE)))
                .hasMessageContaining("is not a date and time");
    }

    @Test
    void anExpressionMustReadOnlyTheRowsColumns() {
        assertThatThrownBy(() -> of(added("x", DataType.of(TypeKind.INTEGER), "$missing + 1")))
                .isInstanceOf(io.dmskit.error.DmsException.class)
                .hasMessage("Table shop.items: rule 2 'x' computes column x from column missing, which the table no longer"
                        + " has (its columns: id, first_name, last_name, price, qty). Change the rule's expression, then"
                        + " reload the table.");
        assertThat(AddedColumns.of(ITEMS, SOURCE, List.of(), List.of())).isNull();
    }
}
