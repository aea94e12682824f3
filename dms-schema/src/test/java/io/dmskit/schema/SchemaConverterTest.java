package io.dmskit.schema;

import io.dmskit.schema.ConversionNote.ObjectKind;
import io.dmskit.schema.ConversionNote.Outcome;
import io.dmskit.schema.h2.H2Dialect;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The converter on catalogs built in code: statements, names and notes, and bad input. */
class SchemaConverterTest {

    private static final Dialect PG = new PostgresDialect();
    private static final Dialect MARIADB = new MariaDbDialect();
    private static final Dialect H2 = new H2Dialect();

    private static Column col(String name, DataType type) {
        return new Column(name, type, true, null, false);
    }

    private static Table table(String schema, String name, List<Column> columns, List<String> pk) {
        return new Table(TableId.of(schema, name), columns, pk, List.of(), -1);
    }

    private static Catalog catalog(String engine, Table... tables) {
        return new Catalog(List.of(tables), engine, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static List<ConversionNote> notes(ConvertedSchema s, Outcome outcome, ObjectKind kind) {
        return s.notes().stream().filter(n -> n.outcome() == outcome && n.kind() == kind).toList();
    }

    @Test
    void whatTheConverterDoesNotKnowBecomesManualNotesAndTheRestIsConverted() {
        Column id = new Column("id", DataType.of(TypeKind.INTEGER), false, null, false);
        Column geom = col("shape", DataType.unsupported("geometry"));
        Column odd = new Column("odd", DataType.of(TypeKind.INTEGER), true, "my_function(42)", false);
        Column hit = col("hit", DataType.of(TypeKind.INTEGER));
        Table t = new Table(TableId.of("shop", "t"), List.of(id, geom, odd, hit), List.of("id"), List.of(), -1,
                List.of(new Index("gin_ix", List.of(IndexColumn.of("hit")), false, false, null, "gin", null),
                        new Index("ghost_ix", List.of(IndexColumn.of("nowhere")), false, false, null, null, null)),
                List.of(new ForeignKey("to_nowhere", List.of("hit"), TableId.of("other", "x"), List.of("id"), null, null, null)),
                List.of(new CheckConstraint("weird", "my_check(hit)")), null);
        Table other = table("shop", "u", List.of(new Column("id", DataType.of(TypeKind.INTEGER), false, null, false)),
                List.of("id"));
        View view = new View(TableId.of("shop", "v"), "SELECT strange_function(id) FROM shop.u", List.of(), false, null,
                List.of(), null);
        Trigger trigger = new Trigger(TableId.of("shop", "trg"), TableId.of("shop", "t"), Trigger.Timing.BEFORE,
                List.of(Trigger.Event.INSERT), true, null, "SET NEW.hit = 1", null, 1, "CREATE TRIGGER trg ...");
        Trigger orphan = new Trigger(TableId.of("shop", "trg2"), TableId.of("shop", "gone"), Trigger.Timing.AFTER,
                List.of(Trigger.Event.DELETE), true, null, "SET @x = 1", null, 1, "CREATE TRIGGER trg2 ...");
        Routine routine = new Routine(TableId.of("shop", "f"), Routine.Kind.FUNCTION, List.of(), "int", "SQL", "RETURN 1",
                true, "CREATE FUNCTION f() RETURNS int RETURN 1", null);
        Catalog catalog = new Catalog(List.of(t, other), "mariadb", List.of(), List.of(), List.of(view), List.of(trigger, orphan),
                List.of(routine));

        // the basic translator, which leaves every trigger and routine to a person (the default, parsing one
        // translates these two: ParsingSqlTranslatorTest and ProceduralTranslationTest cover it)
        ConvertedSchema s = SchemaConverter.builder().target(PG).translator(SqlTranslator.basic()).build().convert(catalog);

        assertThat(s.target().tables()).hasSize(2);
        assertThat(s.target().table(TableId.of("shop", "t")).orElseThrow().columns()).extracting(Column::name)
                .containsExactly("id", "odd", "hit");
        List<String> manual = s.notes(Outcome.MANUAL).stream().map(n -> n.kind() + " " + n.objectName()).toList();
        assertThat(manual).containsExactlyInAnyOrder("COLUMN shop.t.shape", "COLUMN shop.t.odd", "INDEX shop.t.gin_ix",
                "INDEX shop.t.ghost_ix", "FOREIGN_KEY shop.t.to_nowhere", "CHECK_CONSTRAINT shop.t.weird", "VIEW shop.v",
                "TRIGGER shop.trg", "TRIGGER shop.trg2", "FUNCTION shop.f()");
        assertThat(notes(s, Outcome.MANUAL, ObjectKind.COLUMN).get(0).message())
                .startsWith("left out: type 'geometry' has no equivalent in postgresql");
        assertThat(notes(s, Outcome.MANUAL, ObjectKind.COLUMN).get(1).message())
                .isEqualTo("default my_function(42) has no equivalent in postgresql for integer: the column is created without"
                        + " a default");
        assertThat(s.preLoad()).contains("CREATE TABLE \"shop\".\"t\" (\"id\" integer NOT NULL, \"odd\" integer, \"hit\" integer,"
                + " PRIMARY KEY (\"id\"))");
        assertThat(s.postLoad()).isEmpty();
        assertThat(s.foreignKeys()).isEmpty();
    }

    @Test
    void aTranslatorThatThrowsGivesManualNotes() {
        SqlTranslator broken = new SqlTranslator() {
            @Override
            public Translation view(View view, Context context) {
                throw new IllegalStateException("boom");
            }

            @Override
            public Translation trigger(Trigger trigger, Context context) {
                return null;
            }

            @Override
            public Translation routine(Routine routine, Context context) {
                return Translation.automatic(List.of("CREATE FUNCTION x"), "done");
            }
        };
        Table u = table("s", "u", List.of(new Column("id", DataType.of(TypeKind.INTEGER), false, null, false)), List.of("id"));
        Catalog catalog = new Catalog(List.of(u), "postgresql", List.of(), List.of(),
                List.of(new View(TableId.of("s", "v"), "SELECT 1", List.of(), false, null, List.of(), null)),
                List.of(new Trigger(TableId.of("s", "tr"), u.id(), Trigger.Timing.AFTER, List.of(Trigger.Event.UPDATE), true,
                        null, "EXECUTE FUNCTION s.f()", null, 0, "CREATE TRIGGER tr ...")),
                List.of(new Routine(TableId.of("s", "f"), Routine.Kind.FUNCTION, List.of(), "trigger", "plpgsql", "BEGIN END",
                        false, "CREATE FUNCTION s.f() ...", null)));
        ConvertedSchema s = SchemaConverter.builder().target(H2).translator(broken).build().convert(catalog);
        assertThat(s.notes(Outcome.MANUAL)).extracting(ConversionNote::message)
                .containsExactly("the translator failed: IllegalStateException: boom", "the translator gave no translation");
        assertThat(s.routines()).containsExactly("CREATE FUNCTION x");
        assertThat(s.views()).isEmpty();
    }

    @Test
    void longNamesAreShortenedStablyAndDistinctlyAndReservedWordsNoted() {
        String a = "customer_orders_with_a_name_that_goes_on_and_on_beyond_every_limit_number_one";
        String b = "customer_orders_with_a_name_that_goes_on_and_on_beyond_every_limit_number_two";
        Catalog catalog = catalog("h2", table("s", a, List.of(col("select", DataType.of(TypeKind.INTEGER))), List.of()),
                table("s", b, List.of(col("id", DataType.of(TypeKind.INTEGER))), List.of()));
        ConvertedSchema s1 = SchemaConverter.convert(catalog, PG, TypeRules.defaults());
        ConvertedSchema s2 = SchemaConverter.convert(catalog, PG, TypeRules.defaults());
        String na = s1.targetId(TableId.of("s", a)).orElseThrow().name();
        String nb = s1.targetId(TableId.of("s", b)).orElseThrow().name();
        assertThat(na).hasSize(63).startsWith("customer_orders_with_a_name_that_goes_on_and_on_beyond_").isNotEqualTo(nb);
        assertThat(na).matches(".*_[0-9a-f]{8}");
        assertThat(s2.targetId(TableId.of("s", a)).orElseThrow().name()).isEqualTo(na);
        assertThat(s1.notes(Outcome.WARNING)).extracting(ConversionNote::rule)
                .containsExactlyInAnyOrder("identifier-length", "identifier-length", "reserved-word");
        assertThat(SchemaConverter.convert(catalog, H2, TypeRules.defaults()).targetId(TableId.of("s", a)).orElseThrow().name())
                .isEqualTo(a);
    }

    @Test
    void identifierCaseRuleAppliesToEveryName() {
        Table t = new Table(TableId.of("SHOP", "ORDERS"), List.of(new Column("ID", DataType.of(TypeKind.INTEGER), false, null,
                false), col("TOTAL", DataType.decimal(10, 2))), List.of("ID"), List.of(), -1,
                List.of(Index.of("IX_TOTAL", false, List.of("TOTAL"))), List.of(),
                List.of(new CheckConstraint("CK_TOTAL", "\"TOTAL\" >= 0")), "the orders");
        ConvertedSchema s = SchemaConverter.builder().target(PG).identifierCase(SchemaConverter.IdentifierCase.LOWER).build()
                .convert(catalog("h2", t));
        assertThat(s.preLoad()).containsExactly("CREATE SCHEMA IF NOT EXISTS \"shop\"",
                "CREATE TABLE \"shop\".\"orders\" (\"ID\" integer NOT NULL, \"TOTAL\" numeric(10,2), PRIMARY KEY (\"ID\"))"
                        .replace("\"ID\"", "\"id\"").replace("\"TOTAL\"", "\"total\""),
                "COMMENT ON TABLE \"shop\".\"orders\" IS 'the orders'");
        assertThat(s.postLoad().get(0).statements()).containsExactly(
                "CREATE INDEX \"ix_total\" ON \"shop\".\"orders\" (\"total\")",
                "ALTER TABLE \"shop\".\"orders\" ADD CONSTRAINT \"ck_total\" CHECK (\"total\" >= 0)");
        assertThat(s.targetColumnName(TableId.of("SHOP", "ORDERS"), "TOTAL")).contains("total");
    }

    @Test
    void identitiesBecomeEachEnginesFormAndAlwaysIsSetAfterTheLoad() {
        Column id = new Column("id", DataType.of(TypeKind.BIGINT), false, null, true, null,
                new Identity(Identity.Generation.ALWAYS, 5, 2, 41L, null), null, null);
        Column created = new Column("created", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6).withNativeName(
                "timestamp(6) with time zone"), false, "now()", false);
        Catalog c = catalog("postgresql", table("s", "t", List.of(id, created), List.of("id")));
        ConvertedSchema pg = SchemaConverter.convert(c, PG, TypeRules.defaults());
        assertThat(pg.preLoad()).contains("CREATE TABLE \"s\".\"t\" (\"id\" bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 5"
                + " INCREMENT BY 2) NOT NULL, \"created\" timestamp(6) with time zone DEFAULT now() NOT NULL, PRIMARY KEY (\"id\"))");
        assertThat(pg.postLoad().get(0).statements()).containsExactly(
                "ALTER TABLE \"s\".\"t\" ALTER COLUMN \"id\" SET GENERATED ALWAYS");
        ConvertedSchema my = SchemaConverter.convert(c, MARIADB, TypeRules.defaults());
        assertThat(my.preLoad().get(1)).startsWith("CREATE TABLE `s`.`t` (`id` bigint AUTO_INCREMENT NOT NULL,"
                + " `created` datetime(6) DEFAULT UTC_TIMESTAMP(6) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
        ConvertedSchema h2 = SchemaConverter.convert(c, H2, TypeRules.defaults());
        assertThat(h2.preLoad().get(1)).isEqualTo("CREATE TABLE \"s\".\"t\" (\"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY"
                + " (START WITH 5 INCREMENT BY 2) NOT NULL, \"created\" TIMESTAMP(6) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP"
                + " NOT NULL, PRIMARY KEY (\"id\"))");
    }

    @Test
    void everyObjectHasANote() {
        Table t = new Table(TableId.of("s", "t"), List.of(new Column("id", DataType.of(TypeKind.INTEGER), false, null, false),
                col("a", DataType.ofLength(TypeKind.VARCHAR, 10))), List.of("id"), List.of(List.of("a")), -1,
                List.of(new Index("uq_a", List.of(IndexColumn.of("a")), true, true, null, null, null)),
                List.of(new ForeignKey("fk", List.of("id"), TableId.of("s", "t"), List.of("id"), ForeignKey.Action.CASCADE,
                        ForeignKey.Action.SET_DEFAULT, null)), List.of(), null);
        Catalog c = new Catalog(List.of(t), "postgresql", List.of(new EnumType(TableId.of("s", "e"), List.of("x"), null)),
                List.of(Sequence.of(TableId.of("s", "seq"))), List.of(), List.of(), List.of());
        ConvertedSchema s = SchemaConverter.convert(c, MARIADB, TypeRules.defaults());
        assertThat(s.notes()).extracting(ConversionNote::kind).contains(ObjectKind.SCHEMA, ObjectKind.TABLE, ObjectKind.COLUMN,
                ObjectKind.PRIMARY_KEY, ObjectKind.UNIQUE_CONSTRAINT, ObjectKind.FOREIGN_KEY, ObjectKind.ENUM_TYPE,
                ObjectKind.SEQUENCE);
        assertThat(notes(s, Outcome.WARNING, ObjectKind.FOREIGN_KEY)).singleElement().extracting(ConversionNote::message)
                .isEqualTo("created after the load; InnoDB has no SET DEFAULT action: it becomes NO ACTION");
        assertThat(s.foreignKeys().get(0).statements()).containsExactly("ALTER TABLE `s`.`t` ADD CONSTRAINT `fk` FOREIGN KEY"
                + " (`id`) REFERENCES `s`.`t` (`id`) ON UPDATE CASCADE");
        assertThat(s.postLoad().get(0).statements()).containsExactly("ALTER TABLE `s`.`t` ADD CONSTRAINT `uq_a` UNIQUE (`a`)");
        assertThat(s.preLoad()).contains("CREATE SEQUENCE `s`.`seq` START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE"
                + " 9223372036854775806 CACHE 1 NOCYCLE");
        assertThat(SchemaConverter.convert(c, new io.dmskit.schema.mysql.MySqlDialect(), TypeRules.defaults())
                .notes(Outcome.MANUAL)).extracting(ConversionNote::objectName).containsExactly("s.seq");
    }

    @Test
    void builderNamesEveryMissingSetting() {
        assertThatThrownBy(() -> SchemaConverter.builder().rules(null).translator(null).identifierCase(null).build())
                .hasMessage("Invalid SchemaConverter: target is not set (the target engine's Dialect, for example new"
                        + " PostgresDialect()); rules is null (use TypeRules.defaults()); translator is null (use"
                        + " SqlTranslator.standard()); identifierCase is null (allowed: PRESERVE, LOWER, UPPER)");
    }
}
