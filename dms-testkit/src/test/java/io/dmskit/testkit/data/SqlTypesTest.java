package io.dmskit.testkit.data;

import io.dmskit.schema.Interval;
import io.dmskit.testkit.Engine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTypesTest {

    @Test
    void everyEngineHasKeyTypesAndEveryTypeHasEdgeValuesOfItsLogicalClass() {
        for (Engine engine : List.of(Engine.POSTGRESQL, Engine.MARIADB, Engine.H2)) {
            assertThat(SqlTypes.of(engine)).anyMatch(SqlType::keyable);
            for (SqlType type : SqlTypes.of(engine)) {
                List<Object> edges = type.domain().edgeValues();
                assertThat(edges).as(type.toString()).isNotEmpty().doesNotContainNull();
                for (Object v : edges) {
                    assertThat(type.kind().javaClass().isInstance(v) || type.kind() == io.dmskit.schema.TypeKind.BIGINT)
                            .as("%s edge value %s is a %s", type, v, type.kind().javaClass().getSimpleName()).isTrue();
                }
            }
        }
    }

    @Test
    void typesThatOnlyPostgresHoldsDoNotMoveElsewhere() {
        assertThat(SqlTypes.movingTo(Engine.POSTGRESQL, Set.of(Engine.MARIADB))).extracting(SqlType::ddl)
                .doesNotContain("timetz(6)", "integer[]", "text[]", "bit varying(20)").contains("jsonb", "interval");
    }

    @Test
    void mySqlIsNotCataloguedYet() {
        assertThatThrownBy(() -> SqlTypes.of(Engine.MYSQL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The testkit has no catalogue of MySQL types yet");
    }

    @Test
    void intervalsAreSpelledForEachEngine() {
        assertThat(SqlTypes.mysqlTime(Interval.ofMicros(-3_020_399_000_000L))).isEqualTo("-838:59:59.000000");
        assertThat(SqlTypes.mysqlTime(Interval.ofMicros(90_000_500_000L))).isEqualTo("25:00:00.500000");
        assertThat(SqlTypes.postgresInterval(new Interval(-14, 3, -5))).isEqualTo("-14 mons 3 days -5 microseconds");
    }

    @Test
    void tableDefinitionsQuoteEveryNameAndCreatePostgresEnumTypes() {
        SqlType bigint = SqlTypes.of(Engine.POSTGRESQL).stream().filter(t -> t.ddl().equals("bigint")).findFirst().orElseThrow();
        SqlType mood = SqlTypes.of(Engine.POSTGRESQL).stream().filter(t -> t.ddl().equals("enum")).findFirst().orElseThrow();
        TableDefinition t = new TableDefinition(Engine.POSTGRESQL, "it's \"x\"",
                List.of(new ColumnDefinition("order", bigint, false), new ColumnDefinition("Mood", mood, true)), List.of("order"));
        assertThat(t.createStatements()).containsExactly(
                "CREATE TYPE \"it's \"\"x\"\"_t1\" AS ENUM ('a', 'b c', 'it''s', '\u00fc\uD83D\uDE00', 'back\\slash')",
                "CREATE TABLE \"it's \"\"x\"\"\" (\"order\" bigint NOT NULL, \"Mood\" \"it's \"\"x\"\"_t1\" NULL, PRIMARY KEY (\"order\"))");
        assertThat(t.insertStatement()).isEqualTo("INSERT INTO \"it's \"\"x\"\"\" (\"order\", \"Mood\") VALUES (?, CAST(? AS \"it's \"\"x\"\"_t1\"))");
    }

    @Test
    void columnNamesMustDifferIgnoringCase() {
        SqlType bigint = SqlTypes.of(Engine.MARIADB).stream().filter(t -> t.ddl().equals("BIGINT")).findFirst().orElseThrow();
        assertThatThrownBy(() -> new TableDefinition(Engine.MARIADB, "t",
                List.of(new ColumnDefinition("a", bigint, false), new ColumnDefinition("A", bigint, true)), List.of("a")))
                .hasMessage("two columns named A (names must differ ignoring case)");
    }
}
