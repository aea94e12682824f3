package io.dmskit;

import io.dmskit.TableMapping.MappedTable;
import io.dmskit.TableMapping.RuleTarget;
import io.dmskit.TableMapping.SelectionReport;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.dmskit.TableMapping.RuleTarget.COLUMN;
import static io.dmskit.TableMapping.RuleTarget.SCHEMA;
import static io.dmskit.TableMapping.RuleTarget.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableMappingTest {

    static Table table(String schema, String name, String... columns) {
        List<Column> cols = Arrays.stream(columns).map(c -> Column.of(c, DataType.of(TypeKind.INTEGER), true)).toList();
        return new Table(TableId.of(schema, name), cols, List.of(columns[0]), List.of(), -1);
    }

    static TableId id(String schema, String name) {
        return TableId.of(schema, name);
    }

    // ---- selection

    @Test
    void includeSelectsMatchingTablesOnly() {
        TableMapping m = TableMapping.builder().include("shop", "order%").build();
        assertThat(m.selects(id("shop", "orders"))).isTrue();
        assertThat(m.selects(id("shop", "order"))).isTrue();
        assertThat(m.selects(id("shop", "customers"))).isFalse();
        assertThat(m.selects(id("crm", "orders"))).isFalse();
    }

    @Test
    void excludeWinsOverIncludeWhateverTheOrder() {
        TableMapping excludeLast = TableMapping.builder().include("shop", "%").exclude("shop", "tmp_%").build();
        TableMapping excludeFirst = TableMapping.builder().exclude("shop", "tmp_%").include("shop", "%").build();
        for (TableMapping m : List.of(excludeLast, excludeFirst)) {
            assertThat(m.selects(id("shop", "orders"))).isTrue();
            assertThat(m.selects(id("shop", "tmp_orders"))).isFalse();
        }
        // a later include of exactly the excluded table does not bring it back
        TableMapping reinclude = TableMapping.builder().exclude("shop", "tmp_%").include("shop", "tmp_orders").build();
        assertThat(reinclude.selects(id("shop", "tmp_orders"))).isFalse();
    }

    @Test
    void matchingIsCaseSensitive() {
        TableMapping m = TableMapping.builder().include("SHOP", "ORDERS").build();
        assertThat(m.selects(id("SHOP", "ORDERS"))).isTrue();
        assertThat(m.selects(id("shop", "orders"))).isFalse();
        assertThat(m.selects(id("SHOP", "Orders"))).isFalse();
    }

    @Test
    void percentMatchesAnyRunAndUnderscoreOneCharacter() {
        TableMapping m = TableMapping.builder().include("%", "a_c%").build();
        assertThat(m.selects(id("x", "abc"))).isTrue();
        assertThat(m.selects(id("y", "aXc_tail"))).isTrue();
        assertThat(m.selects(id("x", "ac"))).isFalse();
        assertThat(m.selects(id("x", "abbc"))).isFalse();
    }

    @Test
    void bracketedUnderscoreIsALiteralUnderscore() {
        TableMapping wild = TableMapping.builder().include("shop", "tmp_%").build();
        TableMapping literal = TableMapping.builder().include("shop", "tmp[_]%").build();
        assertThat(wild.selects(id("shop", "tmpXorders"))).isTrue();
        assertThat(literal.selects(id("shop", "tmpXorders"))).isFalse();
        assertThat(literal.selects(id("shop", "tmp_orders"))).isTrue();
    }

    @Test
    void bracketedPercentIsALiteralPercent() {
        TableMapping m = TableMapping.builder().include("shop", "100[%]").build();
        assertThat(m.selects(id("shop", "100%"))).isTrue();
        assertThat(m.selects(id("shop", "1000"))).isFalse();
    }

    @Test
    void includeAllSelectsEveryTable() {
        TableMapping m = TableMapping.includeAll();
        assertThat(m.selects(id("shop", "orders"))).isTrue();
        assertThat(m.selects(id("crm", "x"))).isTrue();
        assertThat(m.toString()).isEqualTo("TableMapping[rule 1 (include %.%)]");
    }

    // ---- transformation

    @Test
    void renameSchemaTableAndColumn() {
        TableMapping m = TableMapping.builder().include("shop", "%")
                .renameSchema("shop", "public")
                .renameTable("shop", "old_orders", "orders")
                .renameColumn("shop", "old_orders", "qty", "quantity")
                .build();
        MappedTable t = m.map(table("shop", "old_orders", "id", "qty", "note"));
        assertThat(t.target()).isEqualTo(id("public", "orders"));
        assertThat(t.targetColumns()).containsExactly("id", "quantity", "note");
        assertThat(t.targetColumn("qty")).contains("quantity");
    }

    @Test
    void locatorsMatchSourceNamesEvenAfterEarlierRenames() {
        // rule 3 names the source schema shop, although rule 2 renamed it
        TableMapping m = TableMapping.builder().include("shop", "%")
                .renameSchema("shop", "public")
                .renameTable("shop", "orders", "sales")
                .build();
        assertThat(m.map(table("shop", "orders", "id")).target()).isEqualTo(id("public", "sales"));
    }

    @Test
    void removeColumnLeavesItOutAndKeepsSourceOrder() {
        TableMapping m = TableMapping.builder().include("shop", "%")
                .removeColumn("shop", "orders", "internal_%").build();
        Table src = table("shop", "orders", "id", "internal_a", "total", "internal_b", "note");
        MappedTable t = m.map(src);
        assertThat(t.targetColumns()).containsExactly("id", "total", "note");
        assertThat(t.sourceColumns()).extracting(Column::name).containsExactly("id", "total", "note");
        assertThat(t.removedColumns()).extracting(Column::name).containsExactly("internal_a", "internal_b");
        assertThat(t.targetColumn("internal_a")).isEmpty();
    }

    @Test
    void lowerAndUpperCaseEachTarget() {
        TableMapping lower = TableMapping.builder().include("%", "%")
                .toLowerCase(SCHEMA, "%", "%", "%")
                .toLowerCase(TABLE, "%", "%", null)
                .toLowerCase(COLUMN, "%", "%", "%").build();
        MappedTable t = lower.map(table("SHOP", "ORDERS", "ID", "Total"));
        assertThat(t.target()).isEqualTo(id("shop", "orders"));
        assertThat(t.targetColumns()).containsExactly("id", "total");

        TableMapping upper = TableMapping.builder().include("%", "%")
                .toUpperCase(TABLE, "shop", "%", "%").toUpperCase(COLUMN, "shop", "%", "id").build();
        MappedTable u = upper.map(table("shop", "orders", "id", "total"));
        assertThat(u.target()).isEqualTo(id("shop", "ORDERS"));
        assertThat(u.targetColumns()).containsExactly("ID", "total");
    }

    @Test
    void prefixesAndSuffixes() {
        TableMapping m = TableMapping.builder().include("%", "%")
                .addPrefix(SCHEMA, "shop", null, null, "dw_")
                .addSuffix(TABLE, "shop", "%", null, "_v1")
                .removePrefix(COLUMN, "%", "%", "%", "c_")
                .removeSuffix(COLUMN, "%", "%", "%", "_old")
                .build();
        MappedTable t = m.map(table("shop", "orders", "c_id", "total_old", "note"));
        assertThat(t.target()).isEqualTo(id("dw_shop", "orders_v1"));
        assertThat(t.targetColumns()).containsExactly("id", "total", "note");
    }

    @Test
    void removePrefixLeavesNamesWithoutThePrefixAlone() {
        TableMapping m = TableMapping.builder().include("%", "%").removePrefix(TABLE, "%", "%", null, "tbl_").build();
        assertThat(m.map(table("s", "tbl_orders", "id")).target().name()).isEqualTo("orders");
        assertThat(m.map(table("s", "orders_tbl_", "id")).target().name()).isEqualTo("orders_tbl_");
        assertThat(m.map(table("s", "TBL_orders", "id")).target().name()).isEqualTo("TBL_orders");
    }

    @Test
    void replacePrefixAndSuffix() {
        TableMapping m = TableMapping.builder().include("%", "%")
                .replacePrefix(TABLE, "%", "%", null, "test_", "demo_")
                .replaceSuffix(COLUMN, "%", "%", "%", "_dt", "_at")
                .build();
        MappedTable t = m.map(table("s", "test_orders", "id", "created_dt"));
        assertThat(t.target().name()).isEqualTo("demo_orders");
        assertThat(t.targetColumns()).containsExactly("id", "created_at");
    }

    @Test
    void rulesApplyInOrderEachToThePreviousResult() {
        TableMapping upperThenPrefix = TableMapping.builder().include("%", "%")
                .toUpperCase(TABLE, "%", "%", null).addPrefix(TABLE, "%", "%", null, "x_").build();
        TableMapping prefixThenUpper = TableMapping.builder().include("%", "%")
                .addPrefix(TABLE, "%", "%", null, "x_").toUpperCase(TABLE, "%", "%", null).build();
        assertThat(upperThenPrefix.map(table("s", "orders", "id")).target().name()).isEqualTo("x_ORDERS");
        assertThat(prefixThenUpper.map(table("s", "orders", "id")).target().name()).isEqualTo("X_ORDERS");

        TableMapping twoPrefixes = TableMapping.builder().include("%", "%")
                .addPrefix(TABLE, "%", "%", null, "a_").addPrefix(TABLE, "%", "%", null, "b_").build();
        assertThat(twoPrefixes.map(table("s", "t", "id")).target().name()).isEqualTo("b_a_t");

        TableMapping renameThenSuffix = TableMapping.builder().include("%", "%")
                .renameColumn("%", "%", "qty", "quantity").addSuffix(COLUMN, "%", "%", "qty", "_n").build();
        assertThat(renameThenSuffix.map(table("s", "t", "id", "qty")).targetColumns()).containsExactly("id", "quantity_n");
    }

    @Test
    void removedColumnStaysRemovedWhatLaterRulesSay() {
        TableMapping m = TableMapping.builder().include("%", "%")
                .removeColumn("%", "%", "secret").renameColumn("%", "%", "secret", "open").build();
        assertThat(m.map(table("s", "t", "id", "secret")).targetColumns()).containsExactly("id");
    }

    @Test
    void targetTableRenamesKeysAndDropsUniqueKeysOfRemovedColumns() {
        Table src = new Table(id("shop", "orders"),
                List.of(Column.of("Id", DataType.of(TypeKind.INTEGER), false),
                        Column.of("Code", DataType.of(TypeKind.INTEGER), false),
                        Column.of("Tmp", DataType.of(TypeKind.INTEGER), false)),
                List.of("Id"), List.of(List.of("Code"), List.of("Tmp")), 42);
        TableMapping m = TableMapping.builder().include("%", "%").toLowerCase(COLUMN, "%", "%", "%")
                .removeColumn("%", "%", "Tmp").build();
        Table target = m.map(src).targetTable();
        assertThat(target.id()).isEqualTo(id("shop", "orders"));
        assertThat(target.columns()).extracting(Column::name).containsExactly("id", "code");
        assertThat(target.primaryKey()).containsExactly("id");
        assertThat(target.uniqueKeys()).containsExactly(List.of("code"));
        assertThat(target.estimatedRows()).isEqualTo(42);
    }

    @Test
    void mapRejectsATableThatIsNotSelected() {
        TableMapping m = TableMapping.builder().include("shop", "%").build();
        assertThatThrownBy(() -> m.map(table("crm", "x", "id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Table crm.x is not selected by the table mapping; map only tables that selects() accepts");
    }

    // ---- report, toString, equality

    @Test
    void checkReportsWhichRulesMatchedWhichTables() {
        Catalog catalog = new Catalog(List.of(
                table("shop", "orders", "id", "qty"),
                table("shop", "tmp_x", "id"),
                table("shop", "customers", "id")));
        TableMapping m = TableMapping.builder()
                .include("shop", "%").exclude("shop", "tmp_%").exclude("shop", "bak_%")
                .renameColumn("shop", "orders", "qty", "quantity")
                .renameTable("shop", "tmp_x", "y")
                .build();
        SelectionReport report = m.check(catalog);
        assertThat(report.selected()).containsExactly(id("shop", "customers"), id("shop", "orders"));
        assertThat(report.tables().get(1).targetColumns()).containsExactly("id", "quantity");
        assertThat(report.rules()).extracting(SelectionReport.RuleMatch::rule).containsExactly(
                "rule 1 (include shop.%)",
                "rule 2 (exclude shop.tmp_%)",
                "rule 3 (exclude shop.bak_%)",
                "rule 4 (rename-column shop.orders.qty -> quantity)",
                "rule 5 (rename-table shop.tmp_x -> y)");
        assertThat(report.rules().get(0).tables())
                .containsExactly(id("shop", "customers"), id("shop", "orders"), id("shop", "tmp_x"));
        assertThat(report.rules().get(1).tables()).containsExactly(id("shop", "tmp_x"));
        assertThat(report.rules().get(3).tables()).containsExactly(id("shop", "orders"));
        assertThat(report.unmatchedRules()).extracting(SelectionReport.RuleMatch::ruleId).containsExactly(3L, 5L);
        assertThat(report.warnings()).containsExactly(
                "rule 3 (exclude shop.bak_%) matches no table",
                "rule 5 (rename-table shop.tmp_x -> y) matches no selected table");
    }

    @Test
    void toStringListsTheRulesReadably() {
        TableMapping m = TableMapping.builder()
                .include("shop", "%").exclude("shop", "tmp_%")
                .renameSchema("shop", "public")
                .renameTable("shop", "old_orders", "orders")
                .renameColumn("shop", "orders", "qty", "quantity")
                .removeColumn("shop", "orders", "internal_%")
                .toLowerCase(RuleTarget.TABLE, "shop", "%", "%")
                .toUpperCase(RuleTarget.COLUMN, "shop", "%", "id")
                .addPrefix(RuleTarget.TABLE, "shop", "%", null, "pfx_")
                .removePrefix(RuleTarget.COLUMN, "shop", "%", "%", "c_")
                .replaceSuffix(RuleTarget.SCHEMA, "shop", null, null, "_old", "_new")
                .build();
        assertThat(m.toString()).isEqualTo("TableMapping["
                + "rule 1 (include shop.%); "
                + "rule 2 (exclude shop.tmp_%); "
                + "rule 3 (rename-schema shop -> public); "
                + "rule 4 (rename-table shop.old_orders -> orders); "
                + "rule 5 (rename-column shop.orders.qty -> quantity); "
                + "rule 6 (remove-column shop.orders.internal_%); "
                + "rule 7 (convert-lowercase table shop.%); "
                + "rule 8 (convert-uppercase column shop.%.id); "
                + "rule 9 (add-prefix 'pfx_' to table shop.%); "
                + "rule 10 (remove-prefix 'c_' from column shop.%.%); "
                + "rule 11 (replace-suffix '_old' with '_new' on schema shop)]");
    }

    @Test
    void mappingsWithTheSameRulesAreEqual() {
        TableMapping a = TableMapping.builder().include("shop", "%").renameSchema("shop", "public").build();
        TableMapping b = TableMapping.builder().include("shop", "%").renameSchema("shop", "public").build();
        TableMapping c = TableMapping.builder().renameSchema("shop", "public").include("shop", "%").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    }

    @Test
    void builderCanBuildAgainAndBuiltMappingsDoNotChange() {
        TableMapping.Builder builder = TableMapping.builder().include("shop", "%");
        TableMapping first = builder.build();
        builder.exclude("shop", "orders");
        TableMapping second = builder.build();
        assertThat(first.selects(id("shop", "orders"))).isTrue();
        assertThat(second.selects(id("shop", "orders"))).isFalse();
    }
}
