package io.dmskit.internal.mapping;

import io.dmskit.TableMapping;
import io.dmskit.error.DmsException;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** add-column rules as a mapping reads and checks them against a table. */
class AddColumnMappingTest {
    static final Table ITEM = new Table(TableId.of("Test", "ITEM"), List.of(
            Column.of("ID", DataType.of(TypeKind.INTEGER), false),
            Column.of("FIRST_NAME", DataType.ofLength(TypeKind.VARCHAR, 20), true),
            Column.of("LAST_NAME", DataType.ofLength(TypeKind.VARCHAR, 20), true)), List.of("ID"), List.of(), -1);

    static String mapping(String... transformations) {
        StringBuilder sb = new StringBuilder("""
                {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                  "object-locator": {"schema-name": "Test", "table-name": "%"}, "rule-action": "include"}""");
        int id = 2;
        for (String t : transformations) {
            sb.append(",\n{\"rule-type\": \"transformation\", \"rule-id\": \"").append(id).append("\", \"rule-name\": \"r")
                    .append(id++).append("\", ").append(t).append('}');
        }
        return sb.append("]}").toString();
    }

    static String addColumn(String name, String expression, String type) {
        return "\"rule-action\": \"add-column\", \"rule-target\": \"column\", \"object-locator\": {\"schema-name\": \"Test\","
                + " \"table-name\": \"ITEM\"}, \"value\": \"" + name + "\", \"expression\": \"" + expression + "\","
                + " \"data-type\": " + type;
    }

    @Test
    void theAwsExampleAddsFullNameAsAString50() {
        TableMapping m = TableMapping.fromAwsJson(mapping(addColumn("FULL_NAME", "$FIRST_NAME||'_'||$LAST_NAME",
                "{\"type\": \"string\", \"length\": 50}")));
        TableMapping.MappedTable t = m.map(ITEM);
        assertThat(t.targetColumns()).containsExactly("ID", "FIRST_NAME", "LAST_NAME");
        assertThat(t.added()).containsExactly(new TableMapping.AddedColumn("FULL_NAME",
                DataType.ofLength(TypeKind.VARCHAR, 50), "$FIRST_NAME||'_'||$LAST_NAME", "rule 2 'r2' (add-column)"));
        assertThat(MappingRuntime.addedColumn(t.added().get(0)).comment())
                .isEqualTo("computed by dmskit, rule 2 'r2' (add-column): $FIRST_NAME||'_'||$LAST_NAME");
    }

    @Test
    void numericGetsItsPrecisionAndScale() {
        TableMapping m = TableMapping.fromAwsJson(mapping(addColumn("ID2", "$ID * 1.5",
                "{\"type\": \"numeric\", \"precision\": 12, \"scale\": 3}")));
        assertThat(m.map(ITEM).added().get(0).type()).isEqualTo(DataType.decimal(12, 3));
    }

    @Test
    void anExpressionOverAColumnTheTableLacksOrTheMappingRemovesIsRefusedNamingTheRule() {
        TableMapping missing = TableMapping.fromAwsJson(mapping(addColumn("X", "$first_name", "{\"type\": \"string\"}")));
        assertThatThrownBy(() -> missing.map(ITEM)).isInstanceOf(DmsException.class)
                .hasMessageContaining("computes column X of table Test.ITEM from column $first_name, which the table"
                        + " does not have (names are case-sensitive, as the source stores them)");
        TableMapping removed = TableMapping.fromAwsJson(mapping(
                "\"rule-action\": \"remove-column\", \"rule-target\": \"column\", \"object-locator\": {\"schema-name\":"
                        + " \"Test\", \"table-name\": \"ITEM\", \"column-name\": \"LAST_NAME\"}",
                addColumn("X", "$LAST_NAME", "{\"type\": \"string\"}")));
        assertThatThrownBy(() -> removed.map(ITEM)).isInstanceOf(DmsException.class)
                .hasMessageContaining("from column $LAST_NAME, which the mapping removes");
    }

    @Test
    void anAddedColumnMustNotTakeTheNameOfAnotherColumn() {
        TableMapping same = TableMapping.fromAwsJson(mapping(addColumn("FIRST_NAME", "1", "{\"type\": \"int4\"}")));
        assertThatThrownBy(() -> same.map(ITEM)).isInstanceOf(DmsException.class)
                .hasMessageContaining("adds column FIRST_NAME to table Test.ITEM, which already has a column of that name");
        TableMapping twice = TableMapping.fromAwsJson(mapping(addColumn("A", "1", "{\"type\": \"int4\"}"),
                addColumn("A", "2", "{\"type\": \"int4\"}")));
        assertThatThrownBy(() -> twice.map(ITEM)).isInstanceOf(DmsException.class)
                .hasMessageContaining("rule 3 'r3'").hasMessageContaining("which an earlier add-column rule adds already");
    }

    @Test
    void operationIndicatorIsTakenAndItsTableFlagsDeletes() {
        TableMapping m = TableMapping.fromAwsJson(mapping(addColumn("OP", "operation_indicator('D', 'U', 'I')",
                "{\"type\": \"string\", \"length\": 1}")));
        assertThat(io.dmskit.internal.expr.Expression.parse(m.map(ITEM).added().get(0).expression()).flagsDeletes()).isTrue();
        var filters = ChangeFilters.of(m, List.of(new ChangeFilters.Scope(ITEM, ITEM.columns(), ITEM.columns())));
        io.dmskit.spi.SourcePosition at = io.dmskit.spi.SourcePosition.of("h2", "1");
        io.dmskit.spi.ChangeEvent delete = io.dmskit.spi.ChangeEvent.delete(ITEM.id(), List.of("ID", "FIRST_NAME", "LAST_NAME"),
                new Object[] {1L, "Ada", "Lovelace"}, "tx", java.time.Instant.EPOCH, at);
        List<io.dmskit.spi.ChangeEvent> out = filters.apply(List.of(delete));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).operation()).isEqualTo(io.dmskit.spi.ChangeEvent.Operation.UPDATE);
        assertThat(out.get(0).afterImage()).containsExactly(1L, "Ada", "Lovelace");
        assertThat(AddedColumns.isFlaggedDelete(out.get(0))).isTrue();
        io.dmskit.spi.ChangeEvent update = io.dmskit.spi.ChangeEvent.update(ITEM.id(), List.of("ID", "FIRST_NAME", "LAST_NAME"),
                new Object[] {1L, "Ada", "L"}, new Object[] {1L, "Ada", "Lovelace"}, "tx", java.time.Instant.EPOCH, at);
        assertThat(filters.apply(List.of(update))).containsExactly(update);
        assertThat(AddedColumns.isFlaggedDelete(update)).isFalse();
    }

    @Test
    void aParseErrorNamesTheRuleAndThePosition() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson(mapping(addColumn("X", "$ID +", "{\"type\": \"int4\"}"))))
                .isInstanceOf(DmsException.class)
                .hasMessageContaining("rule 2 'r2'").hasMessageContaining("expression at position 6 of '$ID +': expected a"
                        + " value, found the end of the expression");
    }
}
