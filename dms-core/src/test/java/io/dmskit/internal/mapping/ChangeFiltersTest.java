package io.dmskit.internal.mapping;

import io.dmskit.TableMapping;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.spi.SourcePosition;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ChangeEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeFiltersTest {

    static final TableId ORDERS = TableId.of("shop", "orders");
    static final List<String> COLUMNS = List.of("id", "region", "amount", "created", "card");
    static final Table TABLE = new Table(ORDERS, List.of(
            Column.of("id", DataType.of(TypeKind.INTEGER), false),
            Column.of("region", DataType.ofLength(TypeKind.VARCHAR, 10), true),
            Column.of("amount", DataType.decimal(10, 2), true),
            Column.of("created", DataType.of(TypeKind.DATE), true),
            Column.of("card", DataType.ofLength(TypeKind.VARCHAR, 20), true)), List.of("id"), List.of(), -1);
    static final SourcePosition POS = position();

    static SourcePosition position() {
        return SourcePosition.of("postgresql", "0/1");
    }

    static UnaryOperator<List<ChangeEvent>> filters(String extraRules) {
        TableMapping m = TableMapping.fromAwsJson("""
                {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                  "object-locator": {"schema-name": "shop", "table-name": "orders"}, "rule-action": "include",
                  "filters": [
                    {"filter-type": "source", "column-name": "region", "filter-conditions": [
                      {"filter-operator": "eq", "value": "EU"}]},
                    {"filter-type": "source", "column-name": "amount", "filter-conditions": [
                      {"filter-operator": "gte", "value": "10"}]},
                    {"filter-type": "source", "column-name": "created", "filter-conditions": [
                      {"filter-operator": "between", "start-value": "2024-01-01", "end-value": "2024-12-31"}]}]}
                  %s]}""".formatted(extraRules));
        return ChangeFilters.of(m, List.of(new ChangeFilters.Scope(TABLE, TABLE.columns(), TABLE.columns())));
    }

    static Object[] row(int id, String region, String amount, String created) {
        return new Object[]{(long) id, region, new BigDecimal(amount), LocalDate.parse(created), "4111 1111"};
    }

    static ChangeEvent insert(Object[] after) {
        return ChangeEvent.insert(ORDERS, COLUMNS, after, "t", Instant.EPOCH, POS);
    }

    static ChangeEvent update(Object[] before, Object[] after) {
        return ChangeEvent.update(ORDERS, COLUMNS, before, after, "t", Instant.EPOCH, POS);
    }

    static ChangeEvent delete(Object[] before) {
        return ChangeEvent.delete(ORDERS, COLUMNS, before, "t", Instant.EPOCH, POS);
    }

    static final Object[] IN = row(1, "EU", "10.00", "2024-06-01");
    static final Object[] IN2 = row(1, "EU", "99.00", "2024-12-31");
    static final Object[] OUT_REGION = row(1, "US", "50.00", "2024-06-01");
    static final Object[] OUT_AMOUNT = row(1, "EU", "9.99", "2024-06-01");
    static final Object[] OUT_DATE = row(1, "EU", "50.00", "2025-01-01");

    @Test
    void insertsOutsideTheFilterAreLeftOut() {
        var f = filters("");
        List<ChangeEvent> out = f.apply(List.of(insert(IN), insert(OUT_REGION), insert(OUT_AMOUNT), insert(OUT_DATE)));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).afterImage()).isEqualTo(IN);
    }

    @Test
    void updatesBecomeDeletesOrInsertsWhenTheRowLeavesOrEntersTheFilter() {
        var f = filters("");
        List<ChangeEvent> out = f.apply(List.of(update(IN, IN2), update(IN, OUT_REGION), update(OUT_AMOUNT, IN),
                update(OUT_DATE, OUT_REGION)));
        assertThat(out).extracting(ChangeEvent::operation).containsExactly(ChangeEvent.Operation.UPDATE,
                ChangeEvent.Operation.DELETE, ChangeEvent.Operation.INSERT);
        assertThat(out.get(1).beforeImage()).isEqualTo(IN);
        assertThat(out.get(2).afterImage()).isEqualTo(IN);
    }

    @Test
    void withoutTheFilteredColumnsInTheBeforeImageTheAfterImageDecides() {
        var f = filters("");
        Object[] keyOnly = {1L, ChangeEvent.UNAVAILABLE, ChangeEvent.UNAVAILABLE, ChangeEvent.UNAVAILABLE,
                ChangeEvent.UNAVAILABLE};
        List<ChangeEvent> out = f.apply(List.of(update(keyOnly, IN), update(keyOnly, OUT_REGION), update(null, OUT_DATE),
                delete(keyOnly), delete(OUT_REGION), delete(IN)));
        assertThat(out).extracting(ChangeEvent::operation).containsExactly(ChangeEvent.Operation.UPDATE,
                ChangeEvent.Operation.DELETE, ChangeEvent.Operation.DELETE, ChangeEvent.Operation.DELETE,
                ChangeEvent.Operation.DELETE);
        assertThat(out.get(2).beforeImage()).isEqualTo(OUT_DATE);
        assertThat(out.get(4).beforeImage()).isEqualTo(IN);
    }

    @Test
    void otherTablesAndUnfilteredListsPassUnchanged() {
        var f = filters("");
        List<ChangeEvent> other = List.of(ChangeEvent.insert(TableId.of("shop", "x"), COLUMNS, OUT_REGION, "t",
                Instant.EPOCH, POS));
        assertThat(f.apply(other)).isSameAs(other);
    }

    @Test
    void maskingAppliesToBothImages() {
        var f = filters("""
                , {"rule-type": "transformation", "rule-id": "2", "rule-name": "2", "rule-target": "column",
                   "object-locator": {"schema-name": "shop", "table-name": "orders", "column-name": "card"},
                   "rule-action": "data-masking-digits-mask", "value": "*"}""");
        List<ChangeEvent> out = f.apply(List.of(update(IN, IN2)));
        assertThat(out.get(0).before(4)).isEqualTo("**** ****");
        assertThat(out.get(0).after(4)).isEqualTo("**** ****");
    }

    @Test
    void filterValuesCompareAsTheValuesType() {
        assertThat(ChangeFilters.compare(new BigDecimal("10.00"), "10")).isZero();
        assertThat(ChangeFilters.compare(9L, "10")).isNegative();
        assertThat(ChangeFilters.compare(LocalDate.parse("2024-02-01"), "2024-01-31")).isPositive();
        assertThat(ChangeFilters.compare(java.time.LocalDateTime.parse("2024-02-01T00:00:00"), "2024-02-01")).isZero();
        assertThat(ChangeFilters.compare("b", "a")).isPositive();
        assertThat(ChangeFilters.compare(true, "1")).isZero();
    }
}
