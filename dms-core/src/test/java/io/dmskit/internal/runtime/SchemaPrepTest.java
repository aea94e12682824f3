package io.dmskit.internal.runtime;

import io.dmskit.TableMapping;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.CheckConstraint;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.ForeignKey;
import io.dmskit.schema.Index;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.TypeRules;
import io.dmskit.schema.View;
import io.dmskit.schema.h2.H2Dialect;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How the task's schema conversion sees the tables as the table mapping leaves them. */
class SchemaPrepTest {

    private static final MariaDbDialect MARIADB = new MariaDbDialect();
    private static final PostgresDialect PG = new PostgresDialect();

    private static Catalog shop() {
        Column id = new Column("id", DataType.of(TypeKind.INTEGER), false, null, false);
        Column email = new Column("email", DataType.ofLength(TypeKind.VARCHAR, 100), false, null, false);
        Column age = new Column("age", DataType.of(TypeKind.INTEGER), true, null, false);
        Column secret = new Column("secret", DataType.ofLength(TypeKind.VARCHAR, 10), true, null, false);
        Table customers = new Table(TableId.of("shop", "customers"), List.of(id, email, age, secret), List.of("id"),
                List.of(List.of("email")), -1, List.of(Index.of("ix_age", false, List.of("age")),
                Index.of("ix_secret", false, List.of("secret"))), List.of(),
                List.of(new CheckConstraint("ck_age", "`age` >= 0"), new CheckConstraint("ck_secret", "secret <> 'x'")), null);
        Column cust = new Column("customer_id", DataType.of(TypeKind.INTEGER), false, null, false);
        Table orders = new Table(TableId.of("shop", "orders"), List.of(id, cust), List.of("id"), List.of(), -1, List.of(),
                List.of(new ForeignKey("fk_cust", List.of("customer_id"), TableId.of("shop", "customers"), List.of("id"),
                        ForeignKey.Action.CASCADE, ForeignKey.Action.NO_ACTION, null),
                        new ForeignKey("fk_gone", List.of("customer_id"), TableId.of("shop", "archive"), List.of("id"), null,
                                null, null)), List.of(), null);
        View view = new View(TableId.of("shop", "adults"), "select `id` from `shop`.`customers` where `age` >= 18", List.of(),
                false, null, List.of(), null);
        return new Catalog(List.of(customers, orders), "mariadb", List.of(), List.of(), List.of(view), List.of(), List.of());
    }

    @Test
    void aMappingThatRenamesOnlySchemasKeepsViewsAndRenamesTheirSchema() {
        TableMapping mapping = TableMapping.builder().include("shop", "%").renameSchema("shop", "public").build();
        SchemaPrep prep = SchemaPrep.convert(shop(), mapping.check(shop()).tables(), MARIADB, PG, TypeRules.defaults());
        assertThat(prep.schema.target().table(TableId.of("public", "customers"))).isPresent();
        assertThat(prep.schema.views()).hasSize(1);
        assertThat(prep.schema.views().get(0)).contains("\"public\".\"customers\"").doesNotContain("shop");
        assertThat(prep.warnings).containsExactly("table shop.orders: foreign key fk_gone references shop.archive, which the"
                + " task does not load; it is not created");
    }

    @Test
    void aMappingThatRenamesAndRemovesColumnsRenamesIndexesConstraintsAndKeysAndLeavesViewsOut() {
        TableMapping mapping = TableMapping.builder().include("shop", "%").renameSchema("shop", "public")
                .renameTable("shop", "customers", "clients").renameColumn("shop", "customers", "age", "years")
                .removeColumn("shop", "customers", "secret").build();
        List<TableMapping.MappedTable> mapped = mapping.check(shop()).tables();
        SchemaPrep prep = SchemaPrep.convert(shop(), mapped, MARIADB, PG, TypeRules.defaults());

        Table clients = prep.targetTable(mapped.get(0)).orElseThrow();
        assertThat(clients.id()).isEqualTo(TableId.of("public", "clients"));
        assertThat(clients.columns()).extracting(Column::name).containsExactly("id", "email", "years");
        assertThat(clients.indexes()).extracting(Index::columnNames).contains(List.of("years"));
        assertThat(clients.checks()).extracting(CheckConstraint::expression).singleElement().asString().contains("years")
                .doesNotContain("age");
        Table orders = prep.schema.target().table(TableId.of("public", "orders")).orElseThrow();
        assertThat(orders.foreignKeys()).extracting(ForeignKey::referencedTable).containsExactly(TableId.of("public", "clients"));
        assertThat(prep.schema.views()).isEmpty();
        assertThat(prep.warnings).contains("table shop.customers: index ix_secret uses a removed column; it is not created",
                "table shop.customers: check constraint ck_secret uses a removed column; it is not created");
        assertThat(prep.warnings).anySatisfy(w -> assertThat(w).startsWith("the table mapping renames tables or columns, so"
                + " views, triggers and routines are not created").contains("view shop.adults"));
        assertThat(prep.resolution(mapped.get(0), mapped.get(0).columns().get(2)).type().kind()).isEqualTo(TypeKind.INTEGER);
    }

    @Test
    void renamingInsideSqlLeavesLiteralsAndKeepsQuoting() {
        Map<String, String> names = Map.of("age", "years", "id", "id");
        assertThat(SchemaPrep.rename("`age` > 0 AND age < 'age' AND AGE <> 1", names, Set.of(), MARIADB))
                .isEqualTo("`years` > 0 AND years < 'age' AND years <> 1");
        assertThat(SchemaPrep.rename("\"age\" > 0", names, Set.of(), new H2Dialect())).isEqualTo("\"years\" > 0");
        assertThat(SchemaPrep.rename("secret is not null", names, Set.of("secret"), MARIADB)).isNull();
        assertThat(SchemaPrep.rename("id > 0", Map.of("id", "id"), Set.of(), MARIADB)).isEqualTo("id > 0");
    }
}
