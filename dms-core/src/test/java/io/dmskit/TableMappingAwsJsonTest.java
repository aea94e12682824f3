package io.dmskit;

import io.dmskit.TableMapping.MappedTable;
import io.dmskit.error.DmsException;
import io.dmskit.internal.mapping.FilterOperator;
import io.dmskit.internal.mapping.MappingAccess;
import io.dmskit.internal.mapping.RuleEngine;
import io.dmskit.internal.mapping.SourceFilter;
import io.dmskit.internal.mapping.TableSettingsRule;
import io.dmskit.schema.TableId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.dmskit.TableMappingTest.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableMappingAwsJsonTest {

    static final String INCLUDE_SHOP = """
            {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
             "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "include"}""";

    static String rules(String... rules) {
        return "{\"rules\": [\n" + String.join(",\n", rules) + "\n]}";
    }

    static String selection(int id, String action, String schema, String table) {
        return """
                {"rule-type": "selection", "rule-id": "%d", "rule-name": "%d",
                 "object-locator": {"schema-name": "%s", "table-name": "%s"}, "rule-action": "%s"}"""
                .formatted(id, id, schema, table, action);
    }

    static String column(int id, String action, String table, String column, String extra) {
        return """
                {"rule-type": "transformation", "rule-id": "%d", "rule-name": "r%d", "rule-target": "column",
                 "object-locator": {"schema-name": "shop", "table-name": "%s", "column-name": "%s"},
                 "rule-action": "%s"%s}""".formatted(id, id, table, column, action, extra);
    }

    static RuleEngine engine(TableMapping m) {
        return MappingAccess.engine(m);
    }

    static TableId id(String schema, String name) {
        return TableId.of(schema, name);
    }

    // ---- selection

    @Test
    void includeExcludeAndExplicitSelectAsTheServiceDoes() {
        TableMapping m = TableMapping.fromAwsJson(rules(selection(1, "include", "shop", "%"),
                selection(2, "exclude", "shop", "tmp%"), selection(3, "explicit", "crm", "a%b")));
        assertThat(m.selects(id("shop", "orders"))).isTrue();
        assertThat(m.selects(id("shop", "tmp_orders"))).isFalse();
        assertThat(m.selects(id("crm", "a%b"))).isTrue();
        assertThat(m.selects(id("crm", "axxb"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "order%,      orders,      true",
            "order%,      order,       true",
            "order_,      orders,      true",
            "order_,      order,       false",
            "order[_]x,   order_x,     true",
            "order[_]x,   orderyx,     false",
            "t[ab],       ta,          true",
            "t[ab],       tc,          false",
            "t[a-d]1,     tc1,         true",
            "t[a-d]1,     te1,         false"})
    void everyWildcardMatchesAsDocumented(String pattern, String table, boolean selected) {
        TableMapping m = TableMapping.fromAwsJson(rules(selection(1, "include", "shop", pattern)));
        assertThat(m.selects(id("shop", table))).isEqualTo(selected);
    }

    @Test
    void ruleIdsMayBeNumbersAndLoadOrderPicksTheHighest() {
        TableMapping m = TableMapping.fromAwsJson("""
                {"rules": [
                 {"rule-type": "selection", "rule-id": 1, "rule-name": "all", "load-order": 1,
                  "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "include"},
                 {"rule-type": "selection", "rule-id": 2, "rule-name": "first", "load-order": "5",
                  "object-locator": {"schema-name": "shop", "table-name": "customers"}, "rule-action": "include"}]}
                """);
        assertThat(engine(m).loadOrder(id("shop", "customers"))).isEqualTo(5);
        assertThat(engine(m).loadOrder(id("shop", "orders"))).isEqualTo(1);
    }

    @Test
    void filtersWithEveryOperatorAreRead() {
        TableMapping m = TableMapping.fromAwsJson(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"}, "rule-action": "include",
                 "filters": [
                   {"filter-type": "source", "column-name": "region", "filter-conditions": [
                     {"filter-operator": "eq", "value": "EU"}, {"filter-operator": "noteq", "value": "US"}]},
                   {"filter-type": "source", "column-name": "amount", "filter-conditions": [
                     {"filter-operator": "lte", "value": "10"}, {"filter-operator": "ste", "value": "11"},
                     {"filter-operator": "gte", "value": 12},
                     {"filter-operator": "between", "start-value": "1", "end-value": "5"},
                     {"filter-operator": "notbetween", "start-value": "6", "end-value": "9"},
                     {"filter-operator": "null"}, {"filter-operator": "notnull"}]}]}"""));
        List<SourceFilter> filters = engine(m).filters(id("shop", "orders"));
        assertThat(filters).extracting(SourceFilter::column).containsExactly("region", "amount");
        assertThat(filters.stream().flatMap(f -> f.conditions().stream()).map(SourceFilter.Condition::operator))
                .containsExactly(FilterOperator.values());
        assertThat(filters.get(1).conditions().get(2).value()).isEqualTo("12");
        assertThat(filters.get(1).conditions().get(3)).isEqualTo(
                new SourceFilter.Condition(FilterOperator.BETWEEN, null, "1", "5"));
        assertThat(engine(m).filters(id("shop", "customers"))).isEmpty();
    }

    @Test
    void filterConditionWithoutItsValuesIsRefused() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"}, "rule-action": "include",
                 "filters": [{"filter-type": "source", "column-name": "amount", "filter-conditions": [
                     {"filter-operator": "between", "start-value": "1"}, {"filter-operator": "eq"}]}]}""")))
                .isInstanceOf(DmsException.class)
                .hasMessageContaining("rule 1 (include) at line 2, column 1: filter-operator between on column amount"
                        + " needs start-value and end-value")
                .hasMessageContaining("rule 1 (include) at line 2, column 1: filter-operator eq on column amount needs a value");
    }

    @Test
    void unknownFilterOperatorIsNamedWithTheClosest() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"}, "rule-action": "include",
                 "filters": [{"filter-type": "source", "column-name": "amount", "filter-conditions": [
                     {"filter-operator": "betwen", "start-value": "1", "end-value": "2"}]}]}""")))
                .hasMessage("Table mapping JSON text: rule 1 (line 5, column 26): unknown filter-operator 'betwen';"
                        + " did you mean 'between'?; allowed: eq, noteq, lte, ste, gte, between, notbetween, null, notnull");
    }

    // ---- transformation

    @Test
    void everyNamingActionOnEveryTarget() {
        String json = rules(INCLUDE_SHOP,
                """
                {"rule-type": "transformation", "rule-id": "2", "rule-name": "2", "rule-target": "schema",
                 "object-locator": {"schema-name": "shop"}, "rule-action": "rename", "value": "sales", "old-value": null}""",
                """
                {"rule-type": "transformation", "rule-id": "3", "rule-name": "3", "rule-target": "table",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "convert-uppercase"}""",
                """
                {"rule-type": "transformation", "rule-id": "4", "rule-name": "4", "rule-target": "table",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "add-prefix", "value": "t_"}""",
                """
                {"rule-type": "transformation", "rule-id": "5", "rule-name": "5", "rule-target": "table",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "replace-prefix",
                 "value": "x_", "old-value": "t_"}""",
                """
                {"rule-type": "transformation", "rule-id": "6", "rule-name": "6", "rule-target": "table",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "add-suffix", "value": "_V1"}""",
                """
                {"rule-type": "transformation", "rule-id": "7", "rule-name": "7", "rule-target": "table",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "replace-suffix",
                 "value": "_V2", "old-value": "_V1"}""",
                column(8, "convert-lowercase", "%", "%", ""),
                column(9, "add-prefix", "%", "%", ", \"value\": \"c_\""),
                column(10, "remove-prefix", "%", "%", ", \"value\": \"c_col\""),
                column(11, "add-suffix", "%", "%", ", \"value\": \"__\""),
                column(12, "remove-suffix", "%", "%", ", \"value\": \"__\""),
                column(13, "rename", "%", "price", ", \"value\": \"unit_price\""),
                column(14, "remove-column", "%", "secret", ""),
                """
                {"rule-type": "transformation", "rule-id": "15", "rule-name": "15", "rule-target": "schema",
                 "object-locator": {"schema-name": "shop"}, "rule-action": "remove-suffix", "value": "es"}""",
                """
                {"rule-type": "transformation", "rule-id": "16", "rule-name": "16", "rule-target": "table",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "remove-prefix", "value": "x_"}""",
                """
                {"rule-type": "transformation", "rule-id": "17", "rule-name": "17", "rule-target": "table",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "convert-lowercase"}""",
                """
                {"rule-type": "transformation", "rule-id": "18", "rule-name": "18", "rule-target": "schema",
                 "object-locator": {"schema-name": "shop"}, "rule-action": "convert-uppercase"}""");
        TableMapping m = TableMapping.fromAwsJson(json);
        MappedTable t = m.map(table("shop", "orders", "ID", "COL_A", "price", "secret"));
        assertThat(t.target()).isEqualTo(id("SAL", "orders_v2"));
        // ID -> id -> c_id (add-prefix) ; COL_A -> col_a -> c_col_a -> _a (remove-prefix c_col) ; price renamed
        assertThat(t.targetColumns()).containsExactly("c_id", "_a", "unit_price");
    }

    @Test
    void includeColumnKeepsOnlyTheNamedColumnsAndTheKey() {
        TableMapping m = TableMapping.fromAwsJson(rules(INCLUDE_SHOP, column(2, "include-column", "orders", "total", ""),
                column(3, "include-column", "orders", "note%", "")));
        MappedTable t = m.map(table("shop", "orders", "id", "total", "secret", "notes"));
        assertThat(t.targetColumns()).containsExactly("id", "total", "notes");
        assertThat(m.map(table("shop", "customers", "id", "name")).targetColumns()).containsExactly("id", "name");
    }

    @Test
    void maskingActionsAreReadAsValueRules() {
        TableMapping m = TableMapping.fromAwsJson(rules(INCLUDE_SHOP,
                column(2, "data-masking-digits-mask", "customers", "passport", ", \"value\": \"#\""),
                column(3, "data-masking-digits-randomize", "customers", "phone", ""),
                column(4, "data-masking-hash-mask", "customers", "email", "")));
        assertThat(engine(m).valueRules(id("shop", "customers"), "passport")).hasSize(1);
        assertThat(engine(m).valueRules(id("shop", "customers"), "phone")).hasSize(1);
        assertThat(engine(m).valueRules(id("shop", "customers"), "email")).hasSize(1);
        assertThat(engine(m).valueRules(id("shop", "customers"), "name")).isEmpty();
    }

    @Test
    void maskCharacterMustBeOnePrintableCharacter() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules(INCLUDE_SHOP,
                column(2, "data-masking-digits-mask", "customers", "passport", ", \"value\": \"##\""))))
                .hasMessageContaining("rule 2 'r2' (data-masking-digits-mask) at line 4, column 1: the mask character must be one"
                        + " printable ASCII character that is not a space, was '##'");
    }

    @Test
    void changeDataTypeIsReadAndTheOtherColumnActionsAreRefusedNamingTheSetting() {
        String addColumn = """
                {"rule-type": "transformation", "rule-id": "2", "rule-name": "op", "rule-target": "column",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "add-column",
                 "value": "op", "expression": "$AR_H_OPERATION", "data-type": {"type": "string", "length": 20}}""";
        String changeType = column(3, "change-data-type", "orders", "total",
                ", \"data-type\": {\"type\": \"numeric\", \"precision\": 12, \"scale\": 2}");
        String definePk = """
                {"rule-type": "transformation", "rule-id": "4", "rule-name": "pk", "rule-target": "table",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"}, "rule-action": "define-primary-key",
                 "primary-key-def": {"name": "orders_pk", "origin": "primary-key", "columns": ["id"]}}""";
        String beforeImage = column(5, "add-before-image-columns", "orders", "%",
                ", \"before-image-def\": {\"column-prefix\": \"BI_\", \"column-suffix\": \"\", \"column-filter\": \"pk-only\"}");
        TableMapping withType = TableMapping.fromAwsJson(rules(INCLUDE_SHOP, changeType));
        assertThat(engine(withType).changedType(id("shop", "orders"), "total").dataType())
                .isEqualTo(new io.dmskit.internal.mapping.TransformationRule.DataTypeDef("numeric", null, 12, 2));
        TableMapping withKey = TableMapping.fromAwsJson(rules(INCLUDE_SHOP, definePk));
        io.dmskit.schema.Table noKey = new io.dmskit.schema.Table(id("shop", "orders"), List.of(
                io.dmskit.schema.Column.of("id", io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.INTEGER), false),
                io.dmskit.schema.Column.of("note", io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.TEXT), true)),
                List.of(), List.of(), -1);
        assertThat(withKey.map(noKey).source().primaryKey()).containsExactly("id");
        assertThat(withKey.map(noKey).targetTable().primaryKey()).containsExactly("id");
        assertThat(TableMapping.fromAwsJson(rules(INCLUDE_SHOP, addColumn)).map(noKey).added())
                .containsExactly(new TableMapping.AddedColumn("op",
                        io.dmskit.schema.DataType.ofLength(io.dmskit.schema.TypeKind.VARCHAR, 20), "$AR_H_OPERATION",
                        "rule 2 'op' (add-column)"));
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules(INCLUDE_SHOP, beforeImage)))
                .isInstanceOf(DmsException.class)
                .hasMessageContaining("is not supported by dmskit: AWS DMS documents before-image columns only for"
                        + " data-streaming targets (Kinesis Data Streams and Apache Kafka");
    }

    // ---- table settings

    @Test
    void parallelLoadRangesAndNoneAreRead() {
        TableMapping m = TableMapping.fromAwsJson(rules(INCLUDE_SHOP, """
                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"},
                 "parallel-load": {"type": "ranges", "columns": ["id"], "boundaries": [["100"], ["200"]]}}""", """
                {"rule-type": "table-settings", "rule-id": "3", "rule-name": "3",
                 "object-locator": {"schema-name": "shop", "table-name": "small"}, "parallel-load": {"type": "none"}}"""));
        TableSettingsRule orders = engine(m).parallelLoad(id("shop", "orders"));
        assertThat(orders.parallelLoad().boundaries()).containsExactly(List.of("100"), List.of("200"));
        assertThat(engine(m).parallelLoad(id("shop", "small")).parallelLoad().type())
                .isEqualTo(TableSettingsRule.ParallelLoadType.NONE);
        assertThat(engine(m).parallelLoad(id("shop", "customers"))).isNull();
    }

    @Test
    void rangesNeedOneValuePerColumn() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules(INCLUDE_SHOP, """
                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"},
                 "parallel-load": {"type": "ranges", "columns": ["id"], "boundaries": [["100", "x"]]}}""")))
                .hasMessageContaining("rule 2 (table-settings) at line 4, column 1: parallel-load boundary 1 has 2 values but there are"
                        + " 1 columns; give one value per column");
    }

    @Test
    void partitionsAndLobSettingsAreRead() {
        TableMapping m = TableMapping.fromAwsJson(rules(INCLUDE_SHOP, """
                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"},
                 "parallel-load": {"type": "partitions-list", "partitions": ["p1"], "subpartitions": ["p2sp0"]}}""", """
                {"rule-type": "table-settings", "rule-id": "3", "rule-name": "3",
                 "object-locator": {"schema-name": "shop", "table-name": "small"}, "parallel-load": {"type": "partitions-auto"},
                 "lob-settings": {"mode": "limited", "bulk-max-size": "16"}}"""));
        var list = engine(m).parallelLoad(id("shop", "orders")).parallelLoad();
        assertThat(list.type()).isEqualTo(TableSettingsRule.ParallelLoadType.PARTITIONS_LIST);
        assertThat(list.partitions()).containsExactly("p1");
        assertThat(list.subpartitions()).containsExactly("p2sp0");
        assertThat(engine(m).parallelLoad(id("shop", "small")).parallelLoad().type())
                .isEqualTo(TableSettingsRule.ParallelLoadType.PARTITIONS_AUTO);
        TableSettingsRule small = engine(m).parallelLoad(id("shop", "small"));
        assertThat(small.lob()).isEqualTo(new TableSettingsRule.LobSettings("limited", 16L));
        assertThat(small.matches(id("shop", "small"))).isTrue();
        assertThat(small.matches(id("shop", "orders"))).isFalse();
    }

    @Test
    void lobSettingsOverrideTheTasksLobMode() {
        io.dmskit.LobSettings task = io.dmskit.LobSettings.defaults();
        io.dmskit.LobSettings limited = new TableSettingsRule.LobSettings("limited", 16L).apply(task);
        assertThat(limited.limitedSizeLobMode()).isTrue();
        assertThat(limited.maxLobBytes()).isEqualTo(16 * 1024L);
        io.dmskit.LobSettings unlimited = new TableSettingsRule.LobSettings("unlimited", 0L).apply(task);
        assertThat(unlimited.fullLobMode()).isTrue();
        assertThat(unlimited.maxLobBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(new TableSettingsRule.LobSettings("none", 8L).apply(task)).isEqualTo(task);
        assertThat(new TableSettingsRule.LobSettings(null, null).apply(task).maxLobBytes()).isEqualTo(task.maxLobBytes());
    }

    @Test
    void badLobSettingsAndEmptyPartitionListsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules(INCLUDE_SHOP, """
                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"},
                 "lob-settings": {"mode": "limitd", "bulk-max-size": "0"}}""")))
                .hasMessageContaining("rule 2 (table-settings) at line 4, column 1: lob-settings mode 'limitd' is unknown;"
                        + " allowed: limited, unlimited, none")
                .hasMessageContaining("lob-settings bulk-max-size must be from 1 to 102400 (KB) in mode limitd, was 0");
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules(INCLUDE_SHOP, """
                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"},
                 "parallel-load": {"type": "partitions-list", "partitions": []}}""")))
                .hasMessageContaining("parallel-load partitions-list needs partitions (or subpartitions)");
    }

    // ---- checks against the source's tables

    static io.dmskit.schema.Table orders() {
        return new io.dmskit.schema.Table(id("shop", "orders"), List.of(
                io.dmskit.schema.Column.of("id", io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.INTEGER), false),
                io.dmskit.schema.Column.of("region", io.dmskit.schema.DataType.ofLength(io.dmskit.schema.TypeKind.VARCHAR, 10), true),
                io.dmskit.schema.Column.of("amount", io.dmskit.schema.DataType.decimal(10, 2), true),
                io.dmskit.schema.Column.of("created", io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.DATE), true)),
                List.of("id"), List.of(), -1);
    }

    static String ordersRule(String filters) {
        return """
                {"rule-type": "selection", "rule-id": "1", "rule-name": "orders",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"}, "rule-action": "include",
                 "filters": [%s]}""".formatted(filters);
    }

    @Test
    void filterOnAMissingColumnOrWithAValueOfTheWrongTypeIsNamedWhenTheTableIsMapped() {
        TableMapping m = TableMapping.fromAwsJson(rules(ordersRule("""
                {"filter-type": "source", "column-name": "Region", "filter-conditions": [{"filter-operator": "eq", "value": "EU"}]},
                {"filter-type": "source", "column-name": "amount", "filter-conditions": [{"filter-operator": "gte", "value": "ten"}]},
                {"filter-type": "source", "column-name": "created", "filter-conditions": [
                  {"filter-operator": "between", "start-value": "2024-01-01", "end-value": "31.12.2024"}]}""")));
        assertThatThrownBy(() -> m.map(orders()))
                .isInstanceOf(DmsException.class)
                .hasMessageContaining("Table mapping rule 1 'orders' (include shop.orders) filters on column Region, which"
                        + " table shop.orders does not have (names are case-sensitive). Columns: id, region, amount, created.")
                .hasMessageContaining("filter value 'ten' of gte on column amount of table shop.orders is not a number,"
                        + " but the column is decimal")
                .hasMessageContaining("filter value '31.12.2024' of between on column created of table shop.orders is not"
                        + " a date YYYY-MM-DD");
    }

    @Test
    void rangesMustBeOnTheFirstKeyColumnAndIntegerBoundariesMustAscend() {
        String wrongColumn = """
                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"},
                 "parallel-load": {"type": "ranges", "columns": ["amount"], "boundaries": [["10"]]}}""";
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules(INCLUDE_SHOP, wrongColumn)).map(orders()))
                .hasMessageContaining("parallel-load ranges on columns [amount] of table shop.orders cannot be honoured:"
                        + " dmskit splits a table by one column, the first column of its key (id)");
        String descending = """
                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"},
                 "parallel-load": {"type": "ranges", "columns": ["id"], "boundaries": [["10"], ["5"], ["x"]]}}""";
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules(INCLUDE_SHOP, descending)).map(orders()))
                .hasMessageContaining("parallel-load boundaries of table shop.orders must ascend, but 5 follows 10.")
                .hasMessageContaining("parallel-load boundary 'x' of table shop.orders is not an integer");
    }

    @Test
    void definedKeyColumnsMustExistAndBeNotNull() {
        TableMapping m = TableMapping.fromAwsJson(rules(INCLUDE_SHOP, """
                {"rule-type": "transformation", "rule-id": "2", "rule-name": "pk", "rule-target": "table",
                 "object-locator": {"schema-name": "shop", "table-name": "orders"}, "rule-action": "define-primary-key",
                 "primary-key-def": {"name": "pk", "columns": ["id", "region", "nope"]}}"""));
        assertThatThrownBy(() -> m.map(orders()))
                .hasMessageContaining("defines the key of table shop.orders with column region, which allows NULL; key"
                        + " columns must be NOT NULL.")
                .hasMessageContaining("defines the key of table shop.orders with column nope, which the table does not have");
    }

    @Test
    void maskingANonTextColumnIsNamed() {
        TableMapping m = TableMapping.fromAwsJson(rules(INCLUDE_SHOP,
                column(2, "data-masking-hash-mask", "orders", "amount", "")));
        assertThatThrownBy(() -> m.map(orders()))
                .hasMessageContaining("masks column amount of table shop.orders, which is decimal; dmskit masks text"
                        + " columns only");
    }

    // ---- errors

    @Test
    void unknownRuleTypeActionTargetAndKeyAreNamedWithTheClosest() {
        String json = rules(
                """
                {"rule-type": "selection", "rule-id": "1", "rule-name": "sel",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "includ"}""",
                """
                {"rule-type": "transformaton", "rule-id": "2", "rule-name": "2"}""",
                """
                {"rule-type": "transformation", "rule-id": "3", "rule-name": "3", "rule-target": "colum",
                 "object-locator": {"schema-name": "shop", "table-name": "%", "column-name": "a"},
                 "rule-action": "renam", "value": "b", "valeu": "c"}""");
        assertThatThrownBy(() -> TableMapping.fromAwsJson(json))
                .isInstanceOf(DmsException.class)
                .hasMessageContaining("Table mapping JSON text has 5 problems:")
                .hasMessageContaining("- rule 1 'sel' (line 3, column 79): unknown rule-action 'includ' for a selection"
                        + " rule; did you mean 'include'?; allowed: include, exclude, explicit")
                .hasMessageContaining("- rule 2 (line 4, column 15): unknown rule-type 'transformaton'; did you mean"
                        + " 'transformation'?")
                .hasMessageContaining("- rule 3 (line 5, column 82): rule-target 'colum' is not supported; did you"
                        + " mean 'column'?; allowed: schema, table, column")
                .hasMessageContaining("rule 3 (line 7, column 17): unknown rule-action 'renam' for a transformation"
                        + " rule; did you mean 'rename'?")
                .hasMessageContaining("rule 3 (line 7, column 49): unknown key \"valeu\" in a transformation rule;"
                        + " did you mean 'value'?");
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson("{\"rules\": [\n  {\"rule-type\": \"selection\",,}\n]}"))
                .isInstanceOf(DmsException.class)
                .hasMessageStartingWith("Table mapping JSON text is not valid JSON at line 2, column 29:");
    }

    @Test
    void duplicateKeyIsASyntaxError() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson("{\"rules\": [], \"rules\": []}"))
                .hasMessageContaining("is not valid JSON at line 1")
                .hasMessageContaining("Duplicate field 'rules'");
    }

    @Test
    void expressionErrorNamesTheRuleAndThePosition() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson(rules(INCLUDE_SHOP, """
                {"rule-type": "transformation", "rule-id": "2", "rule-name": "full-name", "rule-target": "column",
                 "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "add-column",
                 "value": "full_name", "expression": "$first || ' ' ||", "data-type": {"type": "string", "length": 50}}""")))
                .hasMessage("Table mapping JSON text: rule 2 'full-name' (line 6, column 38): expression at position"
                        + " 17 of '$first || ' ' ||': expected a value, found the end of the expression");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mapping.json");
        Files.writeString(file, rules(selection(1, "include", "shop", "%"), selection(2, "exclude", "shop", "x%")));
        TableMapping m = TableMapping.fromAwsJson(file);
        assertThat(m.selects(id("shop", "a"))).isTrue();
        assertThat(m.selects(id("shop", "xa"))).isFalse();
        Files.writeString(file, "{\"rules\": 1}");
        assertThatThrownBy(() -> TableMapping.fromAwsJson(file))
                .hasMessage("Table mapping " + file + ": (line 1, column 11): \"rules\" must be an array, was a number");
    }

    @Test
    void aByteOrderMarkIsSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bom.json");
        Files.writeString(file, "\uFEFF" + rules(selection(1, "include", "shop", "%")));
        assertThat(TableMapping.fromAwsJson(file).selects(id("shop", "a"))).isTrue();
        assertThat(TableMapping.fromAwsJson(new java.io.ByteArrayInputStream(Files.readAllBytes(file)), "bom.json")
                .selects(id("shop", "a"))).isTrue();
    }

    @Test
    void sameRulesFromJsonAndBuilderAreEqual() {
        TableMapping json = TableMapping.fromAwsJson(rules(selection(1, "include", "shop", "%"),
                selection(2, "exclude", "shop", "tmp%")));
        TableMapping built = TableMapping.builder().include("shop", "%").exclude("shop", "tmp%").build();
        assertThat(Arrays.asList(json.toString(), built.toString())).containsOnly(built.toString());
    }
}
