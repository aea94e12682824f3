package io.dmskit;

import io.dmskit.TableMapping.MappedTable;
import io.dmskit.TableMapping.RuleTarget;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random tables and random rules: map() and check() either give distinct target names or fail
 * with a CONFIGURATION error that names the clash. Never a silent duplicate.
 */
class TableMappingPropertyTest {

    private static final String[] PARTS = {"a", "A", "b", "id", "ID", "x_", "X_", "_x", "qty", "Qty", "_"};
    private static final String[] AFFIXES = {"x_", "X_", "_x", "a", "id", "_"};

    private static String name(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(PARTS[r.nextInt(PARTS.length)]);
        }
        return sb.toString();
    }

    private static String pattern(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "%";
            case 1 -> PARTS[r.nextInt(PARTS.length)] + "%";
            case 2 -> "%" + PARTS[r.nextInt(PARTS.length)];
            default -> "%" + PARTS[r.nextInt(PARTS.length)].replace("_", "[_]") + "%";
        };
    }

    private static Table table(Random r, String schema) {
        Set<String> names = new LinkedHashSet<>();
        int n = 1 + r.nextInt(6);
        while (names.size() < n) {
            names.add(name(r));
        }
        List<Column> cols = names.stream().map(c -> Column.of(c, DataType.of(TypeKind.INTEGER), true)).toList();
        return new Table(TableId.of(schema, name(r)), cols, List.of(), List.of(), -1);
    }

    private static TableMapping mapping(Random r) {
        TableMapping.Builder b = TableMapping.builder().include("%", "%");
        int rules = r.nextInt(6);
        for (int i = 0; i < rules; i++) {
            RuleTarget target = r.nextBoolean() ? RuleTarget.COLUMN : r.nextBoolean() ? RuleTarget.TABLE : RuleTarget.SCHEMA;
            String s = pattern(r);
            String t = target == RuleTarget.SCHEMA ? "%" : pattern(r);
            String c = target == RuleTarget.COLUMN ? pattern(r) : "%";
            String affix = AFFIXES[r.nextInt(AFFIXES.length)];
            switch (r.nextInt(10)) {
                case 0 -> b.toLowerCase(target, s, t, c);
                case 1 -> b.toUpperCase(target, s, t, c);
                case 2 -> b.addPrefix(target, s, t, c, affix);
                case 3 -> b.removePrefix(target, s, t, c, affix);
                case 4 -> b.addSuffix(target, s, t, c, affix);
                case 5 -> b.removeSuffix(target, s, t, c, affix);
                case 6 -> b.replacePrefix(target, s, t, c, affix, AFFIXES[r.nextInt(AFFIXES.length)]);
                case 7 -> b.renameColumn(s, t, c, name(r));
                case 8 -> b.removeColumn(s, t, c);
                default -> b.renameTable(s, t, name(r));
            }
        }
        return b.build();
    }

    @Test
    void mapNeverProducesDuplicateTargetColumnsSilently() {
        Random r = new Random(20261122L);
        int mapped = 0;
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            TableMapping m = mapping(r);
            Table t = table(r, name(r));
            try {
                MappedTable result = m.map(t);
                List<String> targets = result.targetColumns();
                assertThat(new HashSet<>(targets)).as("%s on %s", m, t).hasSameSizeAs(targets);
                assertThat(targets).as("%s on %s", m, t).isNotEmpty().doesNotContain("");
                assertThat(result.target().schema()).isNotEmpty();
                assertThat(result.target().name()).isNotEmpty();
                mapped++;
            } catch (DmsException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                assertThat(e.getMessage()).contains("table " + t.id());
                refused++;
            }
        }
        // both outcomes must occur, or the generator tests nothing
        assertThat(mapped).isGreaterThan(100);
        assertThat(refused).isGreaterThan(100);
    }

    @Test
    void checkNeverProducesDuplicateTargetTablesSilently() {
        Random r = new Random(7L);
        int checked = 0;
        for (int round = 0; round < 1000; round++) {
            TableMapping m = mapping(r);
            List<Table> tables = new ArrayList<>();
            Set<TableId> ids = new HashSet<>();
            for (int i = 0; i < 1 + r.nextInt(5); i++) {
                Table t = table(r, r.nextBoolean() ? "s" : "S");
                if (ids.add(t.id())) {
                    tables.add(t);
                }
            }
            try {
                TableMapping.SelectionReport report = m.check(new Catalog(tables));
                Set<TableId> targets = new HashSet<>();
                for (MappedTable t : report.tables()) {
                    if (!targets.add(t.target())) {
                        fail("two tables map onto " + t.target() + " with " + m);
                    }
                }
                assertThat(report.tables()).hasSameSizeAs(tables);
                checked++;
            } catch (DmsException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
            }
        }
        assertThat(checked).isGreaterThan(100);
    }
}
