package io.dmskit.schema;

import io.dmskit.schema.TestServers.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each catalog reader reads of the {@link SchemaFixtures} schema beyond tables and columns:
 * defaults, identities with their next values, generated columns, ON UPDATE, comments, indexes,
 * unique constraints, foreign keys, checks, enum types, sequences, views, triggers and routines.
 */
class CatalogObjectsIT {

    private static final Map<Engine, Connection> CONNECTIONS = new EnumMap<>(Engine.class);
    private static final Map<Engine, String> SCHEMAS = new EnumMap<>(Engine.class);
    private static final Map<Engine, Catalog> CATALOGS = new EnumMap<>(Engine.class);

    @BeforeAll
    static void read() throws SQLException {
        for (Engine engine : Engine.values()) {
            Connection c = engine.connect(TestServers.uniqueName("dmskit_it_objects"));
            CONNECTIONS.put(engine, c);
            String schema = TestServers.uniqueName("dmskit_it_objects");
            SCHEMAS.put(engine, schema);
            TestServers.execute(c, SchemaFixtures.create(engine, schema));
            if (engine == Engine.MARIADB) {
                TestServers.execute(c, "INSERT INTO `" + schema + "`.customers (email) VALUES ('a@b')");
            } else if (engine == Engine.POSTGRESQL) {
                TestServers.execute(c, "INSERT INTO \"" + schema + "\".customers (email) VALUES ('a@b'), ('c@d')");
            } else {
                TestServers.execute(c, "INSERT INTO \"" + schema + "\".CUSTOMERS (EMAIL) VALUES ('a@b')");
            }
            CATALOGS.put(engine, engine.dialect.readCatalog(c, id -> id.schema().equals(schema)));
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        for (Map.Entry<Engine, String> s : SCHEMAS.entrySet()) {
            TestServers.execute(CONNECTIONS.get(s.getKey()), SchemaFixtures.drop(s.getKey(), s.getValue()));
            CONNECTIONS.get(s.getKey()).close();
        }
    }

    private static Table table(Engine engine, String name) {
        return CATALOGS.get(engine).table(TableId.of(SCHEMAS.get(engine), name)).orElseThrow();
    }

    private static Column column(Engine engine, String table, String column) {
        return table(engine, table).column(column).orElseThrow();
    }

    private static Index index(Table t, String name) {
        return t.indexes().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void postgresql() {
        Engine e = Engine.POSTGRESQL;
        String s = SCHEMAS.get(e);
        Catalog catalog = CATALOGS.get(e);
        assertThat(catalog.engine()).isEqualTo("postgresql");
        Table customers = table(e, "customers");
        assertThat(customers.comment()).isEqualTo("people who buy");
        Column id = column(e, "customers", "id");
        assertThat(id.identity()).isEqualTo(new Identity(Identity.Generation.ALWAYS, 1, 1, 3L, TableId.of(s, "customers_id_seq")));
        Column serial = column(e, "orders", "id");
        assertThat(serial.identity().generation()).isEqualTo(Identity.Generation.SERIAL);
        assertThat(serial.identity().nextValue()).isEqualTo(1L);
        assertThat(serial.defaultExpression()).startsWith("nextval(");
        assertThat(column(e, "customers", "email").comment()).isEqualTo("login");
        assertThat(column(e, "customers", "created_at").defaultExpression()).isEqualTo("now()");
        assertThat(column(e, "customers", "email_lower").generated()).isEqualTo(new GeneratedColumn("lower((email)::text)", true));
        assertThat(column(e, "customers", "mood").type().values()).containsExactly("sad", "ok", "happy");
        assertThat(customers.indexes()).extracting(Index::name).containsExactly("customers_doc_idx", "customers_email_key",
                "customers_lower_idx", "customers_name_idx", "customers_recent_idx");
        assertThat(index(customers, "customers_email_key")).extracting(Index::unique, Index::constraint).containsExactly(true, true);
        assertThat(index(customers, "customers_lower_idx").columns()).containsExactly(IndexColumn.expression("lower(name)"));
        Index recent = index(customers, "customers_recent_idx");
        assertThat(recent.predicate()).isEqualTo("active");
        assertThat(recent.columns()).containsExactly(new IndexColumn("created_at", null, true, 0));
        assertThat(index(customers, "customers_doc_idx").method()).isEqualTo("hash");
        assertThat(customers.checks()).containsExactly(new CheckConstraint("customers_score_check", "score >= 0"));
        ForeignKey fk = table(e, "orders").foreignKeys().get(0);
        assertThat(fk.referencedTable()).isEqualTo(TableId.of(s, "customers"));
        assertThat(fk.onDelete()).isEqualTo(ForeignKey.Action.CASCADE);
        assertThat(fk.onUpdate()).isEqualTo(ForeignKey.Action.RESTRICT);
        assertThat(catalog.enumTypes()).containsExactly(new EnumType(TableId.of(s, "mood"), List.of("sad", "ok", "happy"), null));
        assertThat(catalog.sequences()).extracting(q -> q.id().name()).containsExactlyInAnyOrder("counter", "orders_id_seq");
        Sequence counter = catalog.sequence(TableId.of(s, "counter")).orElseThrow();
        assertThat(counter).extracting(Sequence::start, Sequence::increment, Sequence::nextValue).containsExactly(100L, 5L, 110L);
        assertThat(catalog.view(TableId.of(s, "big_order_ids")).orElseThrow().dependsOn()).containsExactly(TableId.of(s, "big_orders"));
        Trigger trigger = catalog.triggers().get(0);
        assertThat(trigger).extracting(Trigger::timing, Trigger::events, Trigger::forEachRow, Trigger::function)
                .containsExactly(Trigger.Timing.BEFORE, List.of(Trigger.Event.UPDATE), true, TableId.of(s, "touch"));
        Routine touch = catalog.routines().get(0);
        assertThat(touch).extracting(Routine::kind, Routine::language, Routine::returnType)
                .containsExactly(Routine.Kind.FUNCTION, "plpgsql", "trigger");
        assertThat(touch.body()).contains("NEW.updated_at := now()");
        assertThat(touch.definition()).startsWith("CREATE OR REPLACE FUNCTION");
    }

    @Test
    void mariadb() {
        Engine e = Engine.MARIADB;
        String s = SCHEMAS.get(e);
        Catalog catalog = CATALOGS.get(e);
        Table customers = table(e, "customers");
        assertThat(customers.comment()).isEqualTo("buyers");
        assertThat(column(e, "customers", "id").identity())
                .isEqualTo(new Identity(Identity.Generation.AUTO_INCREMENT, 1, 1, 2L, null));
        assertThat(column(e, "orders", "id").identity().nextValue()).isEqualTo(1000L);
        assertThat(column(e, "customers", "name").comment()).isEqualTo("display name");
        assertThat(column(e, "customers", "created_at").onUpdate()).isEqualTo("current_timestamp(3)");
        assertThat(column(e, "customers", "created_at").defaultExpression()).isEqualTo("current_timestamp(3)");
        assertThat(column(e, "customers", "total").generated()).isEqualTo(new GeneratedColumn("`score` * 2", true));
        assertThat(column(e, "customers", "v").generated()).isEqualTo(new GeneratedColumn("`score` + 1", false));
        assertThat(column(e, "customers", "doc").type().kind()).isEqualTo(TypeKind.JSON);
        assertThat(customers.indexes()).extracting(Index::name).containsExactly("ft_note", "ix_name_score", "uq_email");
        assertThat(index(customers, "ix_name_score").columns()).containsExactly(new IndexColumn("name", null, false, 20),
                new IndexColumn("score", null, true, 0));
        assertThat(index(customers, "ft_note").method()).isEqualTo("FULLTEXT");
        assertThat(index(customers, "uq_email")).extracting(Index::unique, Index::constraint).containsExactly(true, true);
        assertThat(customers.checks()).as("the JSON column's json_valid check is the type, not a check")
                .containsExactly(new CheckConstraint("ck_score", "`score` >= 0"));
        ForeignKey fk = table(e, "orders").foreignKeys().get(0);
        assertThat(fk).extracting(ForeignKey::name, ForeignKey::columns, ForeignKey::referencedTable, ForeignKey::onDelete,
                ForeignKey::onUpdate).containsExactly("fk_cust", List.of("customer_id"), TableId.of(s, "customers"),
                ForeignKey.Action.CASCADE, ForeignKey.Action.CASCADE);
        assertThat(catalog.sequences()).singleElement().extracting(Sequence::start, Sequence::increment)
                .containsExactly(100L, 5L);
        assertThat(catalog.views()).singleElement().extracting(View::columns).isEqualTo(List.of("id", "amount"));
        assertThat(catalog.triggers()).singleElement().extracting(Trigger::timing, Trigger::events, Trigger::body)
                .containsExactly(Trigger.Timing.BEFORE, List.of(Trigger.Event.INSERT), "SET NEW.amount = round(NEW.amount, 2)");
        Routine twice = catalog.routines().get(0);
        assertThat(twice.parameters()).containsExactly(new Routine.Parameter("x", Routine.Parameter.Mode.IN, "int(11)"));
        assertThat(twice).extracting(Routine::returnType, Routine::deterministic, Routine::body)
                .containsExactly("int(11)", true, "RETURN x * 2");
    }

    @Test
    void h2() {
        Engine e = Engine.H2;
        String s = SCHEMAS.get(e);
        Catalog catalog = CATALOGS.get(e);
        Table customers = table(e, "CUSTOMERS");
        assertThat(customers.comment()).isEqualTo("buyers");
        assertThat(column(e, "CUSTOMERS", "ID").identity()).isEqualTo(new Identity(Identity.Generation.BY_DEFAULT, 10, 1, 11L, null));
        assertThat(column(e, "CUSTOMERS", "DOUBLED").generated()).isEqualTo(new GeneratedColumn("\"SCORE\" * 2", false));
        assertThat(column(e, "CUSTOMERS", "TOKEN").defaultExpression()).isEqualTo("RANDOM_UUID()");
        assertThat(customers.indexes()).extracting(Index::name, Index::unique, Index::constraint)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("IX_NAME", false, false),
                        org.assertj.core.groups.Tuple.tuple("UQ_EMAIL", true, true));
        assertThat(index(customers, "IX_NAME").columns()).containsExactly(new IndexColumn("NAME", null, true, 0));
        assertThat(customers.checks()).containsExactly(new CheckConstraint("CK_SCORE", "\"SCORE\" >= 0"));
        ForeignKey fk = table(e, "ORDERS").foreignKeys().get(0);
        assertThat(fk).extracting(ForeignKey::columns, ForeignKey::referencedTable, ForeignKey::referencedColumns,
                ForeignKey::onDelete).containsExactly(List.of("CUSTOMER_ID"), TableId.of(s, "CUSTOMERS"), List.of("ID"),
                ForeignKey.Action.CASCADE);
        assertThat(table(e, "ORDERS").indexes()).as("the index H2 made for the foreign key is not the user's").isEmpty();
        assertThat(catalog.sequences()).singleElement().extracting(Sequence::start, Sequence::nextValue)
                .containsExactly(100L, 100L);
        assertThat(catalog.views()).singleElement().extracting(View::columns).isEqualTo(List.of("ID", "AMOUNT"));
    }
}
