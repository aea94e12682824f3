package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.RuleTarget;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ReadFilter;
import io.dmskit.spi.RowBatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MappingRuntimeTest {

    static SourceFilter.Condition c(FilterOperator op, String... values) {
        return switch (values.length) {
            case 0 -> new SourceFilter.Condition(op, null, null, null);
            case 1 -> new SourceFilter.Condition(op, values[0], null, null);
            default -> new SourceFilter.Condition(op, null, values[0], values[1]);
        };
    }

    @Test
    void filtersBecomeAParameterisedWhereClause() {
        ReadFilter f = MappingRuntime.readFilter(List.of(
                new SourceFilter("region", List.of(c(FilterOperator.EQ, "EU"), c(FilterOperator.NULL))),
                new SourceFilter("amount", List.of(c(FilterOperator.BETWEEN, "1", "5"), c(FilterOperator.NOTBETWEEN, "7", "9"),
                        c(FilterOperator.STE, "100"), c(FilterOperator.LTE, "101"), c(FilterOperator.GTE, "0"),
                        c(FilterOperator.NOTEQ, "3"), c(FilterOperator.NOTNULL)))));
        assertThat(f.sql(n -> "\"" + n + "\"")).isEqualTo("(\"region\" = ? OR \"region\" IS NULL) AND (\"amount\""
                + " BETWEEN ? AND ? OR \"amount\" NOT BETWEEN ? AND ? OR \"amount\" <= ? OR \"amount\" <= ? OR"
                + " \"amount\" >= ? OR \"amount\" <> ? OR \"amount\" IS NOT NULL)");
        assertThat(f.bindings()).extracting(ReadFilter.Binding::value)
                .containsExactly("EU", "1", "5", "7", "9", "100", "101", "0", "3");
        assertThat(MappingRuntime.readFilter(List.of())).isSameAs(ReadFilter.NONE);
    }

    static TransformationRule mask(RuleAction action, String value) {
        return new TransformationRule(1, null, RuleTarget.COLUMN, action, "s", "t", "c", value, null);
    }

    @Test
    void maskingReplacesDigitsOrHashes() {
        MappingRuntime.Masking m = new MappingRuntime.Masking(new int[0], new TransformationRule[0], new int[0]);
        assertThat(m.mask(mask(RuleAction.DATA_MASKING_DIGITS_MASK, "#"), "C6BGJ56669K", 100)).isEqualTo("C#BGJ#####K");
        String random = m.mask(mask(RuleAction.DATA_MASKING_DIGITS_RANDOMIZE, null), "+49 (30) 12-34", 100);
        assertThat(random).matches("\\+\\d\\d \\(\\d\\d\\) \\d\\d-\\d\\d");
        assertThat(m.mask(mask(RuleAction.DATA_MASKING_HASH_MASK, null), "abc", 100))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(m.mask(mask(RuleAction.DATA_MASKING_HASH_MASK, null), "abc", 8)).isEqualTo("ba7816bf");
    }

    @Test
    void maskingConverterChangesOnlyItsColumnsAndKeepsNulls() {
        Column text = Column.of("card", DataType.ofLength(TypeKind.VARCHAR, 20), true);
        Column id = Column.of("id", DataType.of(TypeKind.INTEGER), false);
        RuleEngine engine = new RuleEngine(List.of(new SelectionRule(1, null, SelectionAction.INCLUDE, "s", "%"),
                new TransformationRule(2, null, RuleTarget.COLUMN, RuleAction.DATA_MASKING_DIGITS_MASK, "s", "t", "card",
                        "*", null)));
        var converter = MappingRuntime.masking(engine, io.dmskit.schema.TableId.of("s", "t"), List.of(id, text),
                List.of(id, text)).get();
        RowBatch batch = new RowBatch(4, 2);
        Object[] a = batch.addRow();
        a[0] = 1L;
        a[1] = "4111-1111";
        Object[] b = batch.addRow();
        b[0] = 2L;
        b[1] = null;
        converter.convert(batch);
        assertThat(batch.row(0)).containsExactly(1L, "****-****");
        assertThat(batch.row(1)).containsExactly(2L, null);
        assertThat(MappingRuntime.masking(engine, io.dmskit.schema.TableId.of("s", "other"), List.of(id, text),
                List.of(id, text))).isNull();
    }
}
