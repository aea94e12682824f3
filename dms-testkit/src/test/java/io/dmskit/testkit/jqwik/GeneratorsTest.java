package io.dmskit.testkit.jqwik;

import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import io.dmskit.testkit.data.ColumnDefinition;
import io.dmskit.testkit.data.SqlType;
import io.dmskit.testkit.data.SqlTypes;
import io.dmskit.testkit.data.TableRows;
import io.dmskit.testkit.data.ValueDomain;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the generators make: tables H2 takes, values inside their domains, keys that are distinct. */
class GeneratorsTest {

    @Test
    void generatedH2TablesAreCreatedAndFilledAsGenerated() throws Exception {
        List<TableRows> tables = Generators.tables(Engine.H2).sampleStream().limit(30).toList();
        for (TableRows t : tables) {
            try (TestDatabase db = TestDatabase.create(Engine.H2)) {
                t.createIn(db);
                try (Connection c = db.connect(); ResultSet rs = c.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM " + t.definition().quote(t.definition().name()))) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("rows of %s", t).isEqualTo(t.rows().size());
                }
            }
        }
    }

    @Test
    void everyTableHasAKeyOfNotNullColumnsWithDistinctValues() {
        for (Engine engine : List.of(Engine.POSTGRESQL, Engine.MARIADB, Engine.H2)) {
            Generators.tables(engine, Set.of(Engine.POSTGRESQL, Engine.MARIADB)).sampleStream().limit(50).forEach(t -> {
                assertThat(t.definition().primaryKey()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
                Set<List<Object>> keys = new HashSet<>();
                int[] key = t.definition().keyIndexes();
                for (List<Object> row : t.rows()) {
                    List<Object> k = java.util.Arrays.stream(key).mapToObj(row::get).toList();
                    assertThat(k).doesNotContainNull();
                    assertThat(keys.add(k)).as("key %s of %s is distinct", k, t).isTrue();
                }
            });
        }
    }

    @Test
    void portableValuesStayInsideWhatTheTargetsHold() {
        for (SqlType type : SqlTypes.movingTo(Engine.POSTGRESQL, Set.of(Engine.MARIADB))) {
            Arbitrary<Object> values = Generators.values(type.portableDomain());
            values.sampleStream().limit(300).forEach(v -> {
                if (v instanceof Double d) {
                    assertThat(Double.isFinite(d)).as("%s: %s", type, d).isTrue();
                }
                if (v instanceof String s) {
                    assertThat(s).as(type.toString()).doesNotContain("\u0000");
                }
                if (v instanceof LocalDateTime t) {
                    assertThat(t.getYear()).as(type.toString()).isBetween(1000, 9999);
                }
                if (v instanceof OffsetDateTime t) {
                    assertThat(t.getYear()).as(type.toString()).isBetween(1000, 9999);
                }
                if (v instanceof BigDecimal d && type.portableDomain() instanceof ValueDomain.Decimals dec) {
                    assertThat(d.abs()).as(type.toString()).isLessThanOrEqualTo(dec.max());
                    assertThat(d.scale()).as(type.toString()).isLessThanOrEqualTo(dec.scale());
                }
            });
        }
    }

    @Test
    void namesOfAGeneratedTableDifferIgnoringCase() {
        Generators.tableDefinitions(Engine.MARIADB, Set.of(Engine.MARIADB)).sampleStream().limit(100).forEach(d ->
                assertThat(d.columns().stream().map(ColumnDefinition::name).map(String::toLowerCase).distinct())
                        .hasSameSizeAs(d.columns()));
    }
}
