package io.dmskit.schema;

import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The converter's default translator (the SQL parser, with the basic translator only where the parser fails) and its drop statements. */
class DefaultTranslatorTest {

    private static final Dialect PG = new PostgresDialect();

    private static Catalog catalog(String engine, List<View> views) {
        Table t = new Table(TableId.of("app", "orders"), List.of(new Column("id", DataType.of(TypeKind.INTEGER), false, null,
                false), new Column("note", DataType.ofLength(TypeKind.VARCHAR, 20), true, null, false)),
                List.of("id"), List.of(), -1);
        return new Catalog(List.of(t), engine, List.of(), List.of(), views, List.of(), List.of());
    }

    private static View view(String name, String sql) {
        return new View(TableId.of("app", name), sql, List.of(), false, null, List.of(), null);
    }

    @Test
    void theDefaultTranslatorParsesTheSql() {
        ConvertedSchema s = SchemaConverter.convert(catalog("mariadb",
                List.of(view("notes", "SELECT id, IFNULL(note, 'none') AS note FROM app.orders"))), PG, TypeRules.defaults());
        assertThat(s.views()).hasSize(1);
        // IFNULL is MySQL's: only the parsing translator rewrites it
        assertThat(s.views().get(0)).containsIgnoringCase("coalesce").doesNotContainIgnoringCase("ifnull");
    }

    @Test
    void theBasicTranslatorTakesOverOnlyWhereTheParserCannotReadTheSql() {
        // a PostgreSQL operator that JSqlParser does not read; on the same engine the basic translator re-creates it
        String unreadable = "SELECT id FROM app.orders WHERE note ~ '^a' ORDER BY id USING <";
        ConvertedSchema s = SchemaConverter.convert(catalog("postgresql", List.of(view("odd", unreadable))), PG,
                TypeRules.defaults());
        ConversionNote note = s.notes().stream().filter(n -> n.kind() == ConversionNote.ObjectKind.VIEW).findFirst().orElseThrow();
        assertThat(note.outcome()).isEqualTo(ConversionNote.Outcome.WARNING);
        assertThat(note.message()).startsWith("the SQL parser could not read it (").contains("created by the basic translator instead");
        assertThat(s.views()).hasSize(1);
        assertThat(s.views().get(0)).contains("USING <");
    }

    @Test
    void whatTheParserReadsButCannotTranslateStaysAnActionItem() {
        // the parser reads it; a function that PostgreSQL lacks is not the basic translator's to re-quote
        ConvertedSchema s = SchemaConverter.convert(catalog("mariadb",
                List.of(view("f", "SELECT id, FOUND_ROWS() AS n FROM app.orders"))), PG, TypeRules.defaults());
        ConversionNote note = s.notes().stream().filter(n -> n.kind() == ConversionNote.ObjectKind.VIEW).findFirst().orElseThrow();
        assertThat(note.message()).doesNotContain("basic translator");
    }

    @Test
    void dropStatementsRemoveViewsTablesSequencesAndTypesInThatOrder() {
        Table t = new Table(TableId.of("app", "orders"), List.of(new Column("id", DataType.of(TypeKind.INTEGER), false, null,
                false)), List.of("id"), List.of(), -1);
        Catalog c = new Catalog(List.of(t), "postgresql", List.of(new EnumType(TableId.of("app", "mood"), List.of("a", "b"), null)),
                List.of(Sequence.of(TableId.of("app", "s"))), List.of(view("v", "SELECT id FROM app.orders")), List.of(), List.of());
        assertThat(SchemaConverter.convert(c, PG, TypeRules.defaults()).dropStatements()).containsExactly(
                "DROP VIEW IF EXISTS \"app\".\"v\" CASCADE", "DROP TABLE IF EXISTS \"app\".\"orders\" CASCADE",
                "DROP SEQUENCE IF EXISTS \"app\".\"s\" CASCADE", "DROP TYPE IF EXISTS \"app\".\"mood\" CASCADE");
        Table t2 = t.withId(TableId.of("app", "items"));
        assertThat(SchemaConverter.convert(new Catalog(List.of(t, t2)), new MariaDbDialect(), TypeRules.defaults())
                .dropStatements()).containsExactly("DROP TABLE IF EXISTS `app`.`items`, `app`.`orders`");
        assertThat(SchemaConverter.convert(new Catalog(List.of(t)), new io.dmskit.schema.h2.H2Dialect(), TypeRules.defaults())
                .dropStatements()).containsExactly("CREATE SCHEMA IF NOT EXISTS \"app\"", "DROP TABLE IF EXISTS \"app\".\"orders\" CASCADE");
    }
}
