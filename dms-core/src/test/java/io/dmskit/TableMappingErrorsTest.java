package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static io.dmskit.TableMapping.RuleTarget.COLUMN;
import static io.dmskit.TableMapping.RuleTarget.SCHEMA;
import static io.dmskit.TableMapping.RuleTarget.TABLE;
import static io.dmskit.TableMappingTest.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every error of TableMapping, with its exact message. */
class TableMappingErrorsTest {

    private static DmsException fails(ErrorCode code, Executable call) {
        DmsException e = assertThrows(DmsException.class, call);
        assertThat(e.code()).isEqualTo(code);
        return e;
    }

    private static final Catalog SHOP = new Catalog(List.of(
            table("shop", "orders", "id"),
            table("shop", "order_items", "id"),
            table("shop", "customers", "id"),
            table("crm", "contacts", "id")));

    // ---- builder

    @Test
    void builderReportsEveryProblemAtOnce() {
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> TableMapping.builder()
                .include(null, "%")
                .exclude("shop", " ")
                .renameTable("shop", "orders", " ")
                .renameColumn("shop", "orders", "qty", null)
                .toLowerCase(null, "shop", "%", "%")
                .addPrefix(TABLE, "shop", "%", null, "")
                .removeSuffix(COLUMN, "shop", "%", "%", null)
                .replacePrefix(TABLE, "shop", "%", null, "", "x_")
                .include("shop", "tmp[_")
                .include("shop", "a[]")
                .include("shop", "[z-a]")
                .build());
        assertThat(e).hasMessage("Invalid table mapping: "
                + "rule 1 (include): schema pattern is missing; give a schema name or a pattern"
                + " (% matches any run of characters, _ one character); "
                + "rule 2 (exclude): table pattern is blank; give a table name or a pattern"
                + " (% matches any run of characters, _ one character); "
                + "rule 3 (rename-table): new name is blank; give the name that the table gets in the target; "
                + "rule 4 (rename-column): new name is missing; give the name that the column gets in the target; "
                + "rule 5 (convert-lowercase): rule target is missing; allowed: schema, table, column; "
                + "rule 6 (add-prefix table): prefix is empty; give the prefix to add; "
                + "rule 7 (remove-suffix column): suffix is missing; give the suffix to remove; "
                + "rule 8 (replace-prefix table): old prefix is empty; give the prefix to replace; "
                + "rule 9 (include): table pattern 'tmp[_' has a [ without a closing ];"
                + " write [_] or [%] for a literal _ or %; "
                + "rule 10 (include): table pattern 'a[]' has an empty []; write [_] or [%] for a literal _ or %; "
                + "rule 11 (include): table pattern '[z-a]' has a reversed range z-a; write the lower character first");
    }

    @Test
    void builderNeedsAnIncludeRule() {
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> TableMapping.builder().exclude("shop", "tmp_%").build());
        assertThat(e).hasMessage("Invalid table mapping: the mapping has no include rule; add one, for example"
                + " include(\"shop\", \"%\"), or use TableMapping.includeAll()");
    }

    @Test
    void builderRejectsPatternsThatTheRuleTargetDoesNotUse() {
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> TableMapping.builder().include("%", "%")
                .toUpperCase(SCHEMA, "shop", "orders", "%")
                .toLowerCase(TABLE, "shop", "orders", "id")
                .build());
        assertThat(e).hasMessage("Invalid table mapping: "
                + "rule 2 (convert-uppercase schema): table pattern must be % or null for a schema rule, was 'orders';"
                + " a schema rule matches schema names only; "
                + "rule 3 (convert-lowercase table): column pattern must be % or null for a table rule, was 'id';"
                + " a table rule matches table names only");
    }

    // ---- selects nothing

    @Test
    void selectionThatMatchesNoTableOfTheCatalog() {
        TableMapping m = TableMapping.builder().include("Shop", "%").exclude("Shop", "tmp_%").build();
        DmsException e = fails(ErrorCode.MAPPING_SELECTS_NOTHING, () -> m.check(SHOP));
        assertThat(e).hasMessage("Table mapping selects no table. Rules: rule 1 (include Shop.%),"
                + " rule 2 (exclude Shop.tmp_%). Source schemas: crm (1 table), shop (3 tables)."
                + " Check the schema and table patterns (% matches any run of characters, _ one character).");
    }

    @Test
    void selectionOfAnEmptyCatalog() {
        DmsException e = fails(ErrorCode.MAPPING_SELECTS_NOTHING,
                () -> TableMapping.includeAll().check(new Catalog(List.of())));
        assertThat(e).hasMessage("Table mapping selects no table. Rules: rule 1 (include %.%). Source schemas: none."
                + " Check the schema and table patterns (% matches any run of characters, _ one character).");
    }

    @Test
    void selectionWhoseIncludesAreAllExcluded() {
        TableMapping m = TableMapping.builder().include("shop", "%").exclude("%", "%").build();
        DmsException e = fails(ErrorCode.MAPPING_SELECTS_NOTHING, () -> m.check(SHOP));
        assertThat(e).hasMessageStartingWith("Table mapping selects no table. Rules: rule 1 (include shop.%),"
                + " rule 2 (exclude %.%). Source schemas:");
    }

    @Test
    void includeRuleThatMatchesNothingNamesTheClosestTables() {
        TableMapping m = TableMapping.builder().include("crm", "%").include("shop", "orderz").build();
        DmsException e = fails(ErrorCode.MAPPING_SELECTS_NOTHING, () -> m.check(SHOP));
        assertThat(e).hasMessage("Table mapping rule 2 (include shop.orderz) matches no table;"
                + " closest tables: shop.orders."
                + " Check the schema and table patterns (% matches any run of characters, _ one character).");
    }

    @Test
    void includeRuleWithAMisspeltSchemaNamesTheClosestTables() {
        TableMapping m = TableMapping.builder().include("crm", "%").include("shp", "%").build();
        DmsException e = fails(ErrorCode.MAPPING_SELECTS_NOTHING, () -> m.check(SHOP));
        assertThat(e).hasMessage("Table mapping rule 2 (include shp.%) matches no table;"
                + " closest tables: shop.customers, shop.order_items, shop.orders."
                + " Check the schema and table patterns (% matches any run of characters, _ one character).");
    }

    @Test
    void includeRulesThatMatchNothingAndResembleNoTable() {
        TableMapping m = TableMapping.builder().include("crm", "%").include("warehouse", "stock%")
                .include("shop", "invoices").build();
        DmsException e = fails(ErrorCode.MAPPING_SELECTS_NOTHING, () -> m.check(SHOP));
        assertThat(e).hasMessage("Table mapping has 2 include rules that match no table:\n"
                + "- rule 2 (include warehouse.stock%) matches no table; no table has a similar name;"
                + " source schemas: crm (1 table), shop (3 tables)\n"
                + "- rule 3 (include shop.invoices) matches no table; no table has a similar name;"
                + " source schemas: crm (1 table), shop (3 tables)\n"
                + "Check the schema and table patterns (% matches any run of characters, _ one character).");
    }

    @Test
    void checkOfAFilteredCatalogSuggestsFromEverySourceTableId() {
        // the catalog as a reader filtered by selects() returns it: only the selected tables
        TableMapping m = TableMapping.builder().include("crm", "%").include("shop", "orderz").build();
        Catalog selectedOnly = new Catalog(List.of(table("crm", "contacts", "id")));
        List<TableId> seen = SHOP.tables().stream().map(Table::id).toList();
        DmsException e = fails(ErrorCode.MAPPING_SELECTS_NOTHING, () -> m.check(selectedOnly, seen));
        assertThat(e).hasMessage("Table mapping rule 2 (include shop.orderz) matches no table;"
                + " closest tables: shop.orders."
                + " Check the schema and table patterns (% matches any run of characters, _ one character).");

        TableMapping none = TableMapping.builder().include("sales", "%").build();
        DmsException e2 = fails(ErrorCode.MAPPING_SELECTS_NOTHING, () -> none.check(new Catalog(List.of()), seen));
        assertThat(e2).hasMessage("Table mapping selects no table. Rules: rule 1 (include sales.%)."
                + " Source schemas: crm (1 table), shop (3 tables)."
                + " Check the schema and table patterns (% matches any run of characters, _ one character).");
    }

    // ---- removed columns

    @Test
    void removingEveryColumn() {
        TableMapping m = TableMapping.builder().include("shop", "%")
                .removeColumn("shop", "orders", "a%").removeColumn("shop", "orders", "b%").build();
        Table t = new Table(TableId.of("shop", "orders"), List.of(col("a"), col("b")), List.of(), List.of(), -1);
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> m.map(t));
        assertThat(e).hasMessage("Table mapping removes every column of table shop.orders with"
                + " rule 2 (remove-column shop.orders.a%) and rule 3 (remove-column shop.orders.b%);"
                + " a target table needs at least one column. Narrow the column pattern.");
    }

    @Test
    void removingAPrimaryKeyColumn() {
        TableMapping m = TableMapping.builder().include("shop", "%").removeColumn("shop", "%", "%id").build();
        Table t = new Table(TableId.of("shop", "order_items"), List.of(col("order_id"), col("line"), col("sku_id"),
                col("qty")), List.of("order_id", "line"), List.of(), -1);
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> m.map(t));
        assertThat(e).hasMessage("Table mapping rule 2 (remove-column shop.%.%id) removes column order_id of table"
                + " shop.order_items, which is in its primary key (order_id, line)."
                + " Primary key columns cannot be removed: narrow the column pattern.");
    }

    // ---- collisions and empty names

    @Test
    void twoColumnsOntoOneTargetColumn() {
        TableMapping m = TableMapping.builder().include("%", "%").renameSchema("shop", "public")
                .toLowerCase(COLUMN, "%", "%", "%").build();
        Table t = new Table(TableId.of("shop", "orders"), List.of(col("id"), col("Qty"), col("qty")), List.of("id"),
                List.of(), -1);
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> m.map(t));
        assertThat(e).hasMessage("Table mapping maps columns Qty and qty of table shop.orders onto the same target"
                + " column qty of table public.orders. Change the rules so that each column gets its own name.");
    }

    @Test
    void renamedColumnOntoAnExistingColumn() {
        TableMapping m = TableMapping.builder().include("%", "%").renameColumn("%", "%", "qty", "amount").build();
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> m.map(table("shop", "orders", "id", "amount", "qty")));
        assertThat(e).hasMessage("Table mapping maps columns amount and qty of table shop.orders onto the same target"
                + " column amount of table shop.orders. Change the rules so that each column gets its own name.");
    }

    @Test
    void twoTablesOntoOneTargetTable() {
        Catalog catalog = new Catalog(List.of(table("shop", "Orders", "id"), table("shop", "orders", "id"),
                table("shop", "customers", "id")));
        TableMapping m = TableMapping.builder().include("shop", "%").renameSchema("shop", "public")
                .toLowerCase(TABLE, "%", "%", null).build();
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> m.check(catalog));
        assertThat(e).hasMessage("Table mapping maps tables shop.Orders and shop.orders onto the same target table"
                + " public.orders. Change the rules so that each table gets its own name.");
    }

    @Test
    void tableNameThatBecomesEmpty() {
        TableMapping m = TableMapping.builder().include("%", "%").removePrefix(TABLE, "shop", "%", null, "orders")
                .build();
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> m.map(table("shop", "orders", "id")));
        assertThat(e).hasMessage("Table mapping rule 2 (remove-prefix 'orders' from table shop.%) leaves table"
                + " shop.orders with an empty name. Change the rule so that a name remains.");
    }

    @Test
    void schemaAndColumnNamesThatBecomeEmpty() {
        TableMapping m = TableMapping.builder().include("%", "%")
                .removeSuffix(SCHEMA, "shop", null, null, "shop")
                .replacePrefix(COLUMN, "%", "%", "note", "note", "")
                .build();
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> m.map(table("shop", "orders", "id", "note")));
        assertThat(e).hasMessage("Table mapping cannot map table shop.orders (2 problems):\n"
                + "- Table mapping rule 2 (remove-suffix 'shop' from schema shop) leaves the schema of table"
                + " shop.orders with an empty name. Change the rule so that a name remains.\n"
                + "- Table mapping rule 3 (replace-prefix 'note' with '' on column %.%.note) leaves column note of"
                + " table shop.orders with an empty name. Change the rule so that a name remains.");
    }

    @Test
    void checkListsEveryProblemOfTheCatalog() {
        Catalog catalog = new Catalog(List.of(table("a", "t", "id", "x"), table("b", "t", "id"),
                table("c", "u", "id", "x")));
        TableMapping m = TableMapping.builder().include("%", "%").renameSchema("b", "a")
                .removeColumn("c", "u", "%").build();
        DmsException e = fails(ErrorCode.CONFIGURATION, () -> m.check(catalog));
        assertThat(e).hasMessage("Table mapping does not fit the source catalog (2 problems):\n"
                + "- Table mapping removes every column of table c.u with rule 3 (remove-column c.u.%);"
                + " a target table needs at least one column. Narrow the column pattern.\n"
                + "- Table mapping maps tables a.t and b.t onto the same target table a.t."
                + " Change the rules so that each table gets its own name.");
    }

    private static Column col(String name) {
        return Column.of(name, DataType.of(TypeKind.INTEGER), false);
    }
}
