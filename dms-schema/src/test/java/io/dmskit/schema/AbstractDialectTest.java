package io.dmskit.schema;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link AbstractDialect} derives from a {@link DialectSpec} alone, for an engine that is not built in. */
class AbstractDialectTest {

    /** An engine with two URL schemes, {@code |} as its quote character, and its own schema statement and table options. */
    private static final Dialect PIPES = new AbstractDialect(new DialectSpec("pipes", "Pipes",
            List.of("jdbc:pipes:", "jdbc:pp:"), '|', 30, "SELECT 1", null, "CREATE NAMESPACE %s", " WITH (x)")) {
        @Override
        public Catalog readCatalog(Connection connection, Predicate<TableId> filter) {
            return new Catalog(List.of());
        }

        @Override
        protected DataType map(DataType source) {
            return source;
        }

        @Override
        protected String render(DataType type) {
            return type.kind().name();
        }
    };

    @Test
    void answersEngineFactsFromTheSpec() {
        assertThat(PIPES.engine()).isEqualTo("pipes");
        assertThat(PIPES.handlesJdbcUrl("jdbc:pp://h")).isTrue();
        assertThat(PIPES.handlesJdbcUrl("jdbc:pipes://h")).isTrue();
        assertThat(PIPES.handlesJdbcUrl("jdbc:pipe://h")).isFalse();
        assertThat(PIPES.handlesJdbcUrl(null)).isFalse();
        assertThat(PIPES.quote("a|b")).isEqualTo("|a||b|");
        assertThat(PIPES.maxIdentifierLength()).isEqualTo(30);
        assertThat(PIPES.createSchemaIfNotExists("s|")).isEqualTo("CREATE NAMESPACE |s|||");
        assertThat(PIPES.dropTableIfExists(TableId.of("s", "t"))).isEqualTo("DROP TABLE IF EXISTS |s|.|t|");
        assertThat(PIPES.truncateTable(TableId.of("s", "t"))).isEqualTo("TRUNCATE TABLE |s|.|t|");
        Table table = new Table(TableId.of("s", "t"), List.of(Column.of("id", DataType.of(TypeKind.INTEGER), false)),
                List.of("id"), List.of(), -1);
        assertThat(PIPES.createTable(table))
                .containsExactly("CREATE TABLE |s|.|t| (|id| INTEGER NOT NULL, PRIMARY KEY (|id|)) WITH (x)");
    }

    @Test
    void specReportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> new DialectSpec("x", " ", List.of(), '"', 0, null, null, "CREATE SCHEMA", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid DialectSpec for engine 'x': displayName is blank; "
                        + "jdbcUrlPrefixes must hold at least one prefix and no null; "
                        + "maxIdentifierLength is 0, must be at least 1; currentSchemaQuery is null; "
                        + "createSchemaTemplate must contain %s, where the schema name goes; "
                        + "tableOptions is null (use \"\" for none)");
    }
}
