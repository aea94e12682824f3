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
    void operationIndicatorIsRefusedSinceDmskitDeletesDeletedRows() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson(mapping(addColumn("OP", "operation_indicator('D', 'U', 'I')",
                "{\"type\": \"string\", \"length\": 1}"))))
                .isInstanceOf(DmsException.class)
                .hasMessageContaining("rule 2 'r2' (add-column) at line 3, column 1: operation_indicator() in the expression of"
                        + " add-column is not supported by dmskit: AWS DMS then keeps a row deleted at the source in the"
                        + " target, flagged, while dmskit deletes it");
    }

    @Test
    void aParseErrorNamesTheRuleAndThePosition() {
        assertThatThrownBy(() -> TableMapping.fromAwsJson(mapping(addColumn("X", "$ID +", "{\"type\": \"int4\"}"))))
                .isInstanceOf(DmsException.class)
                .hasMessageContaining("rule 2 'r2'").hasMessageContaining("expression at position 6 of '$ID +': expected a"
                        + " value, found the end of the expression");
    }
}
