package io.dmskit.schema.internal;

import io.dmskit.schema.Dialect;
import io.dmskit.schema.h2.H2Dialect;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class SqlRewriteTest {

    private static final Dialect PG = new PostgresDialect();
    private static final Dialect MARIADB = new MariaDbDialect();
    private static final Dialect H2 = new H2Dialect();
    private static final Function<String, String> COLUMNS = name -> switch (name.toLowerCase()) {
        case "status", "amount", "score", "email", "name" -> name.toLowerCase();
        default -> null;
    };

    @Test
    void postgresAnyArrayBecomesInListWithoutCasts() {
        String check = "(status)::text = ANY ((ARRAY['new'::character varying, 'paid'::character varying])::text[])";
        assertThat(SqlRewrite.expression(check, PG, MARIADB, COLUMNS)).isEqualTo("(`status`) IN ('new', 'paid')");
        assertThat(SqlRewrite.expression("status::text <> ALL (ARRAY['a'::text])", PG, H2, COLUMNS))
                .isEqualTo("\"status\" NOT IN ('a')");
    }

    @Test
    void droppableCastsGoAndOthersGiveUp() {
        assertThat(SqlRewrite.expression("amount > (0)::numeric", PG, MARIADB, COLUMNS)).isEqualTo("`amount` > (0)");
        assertThat(SqlRewrite.expression("amount > '1 day'::interval", PG, MARIADB, COLUMNS)).isNull();
        assertThat(SqlRewrite.expression("lower((email)::text)", PG, H2, COLUMNS)).isEqualTo("lower((\"email\"))");
    }

    @Test
    void unknownFunctionsOperatorsAndColumnsGiveUp() {
        assertThat(SqlRewrite.expression("json_valid(`doc`)", MARIADB, PG, COLUMNS)).isNull();
        assertThat(SqlRewrite.expression("name || email", PG, MARIADB, COLUMNS)).isNull();
        assertThat(SqlRewrite.expression("missing > 0", PG, MARIADB, COLUMNS)).isNull();
    }

    @Test
    void mysqlLiteralsAndIntroducersBecomeStandard() {
        assertThat(SqlRewrite.expression("`name` <> _utf8mb4'it\\'s'", MARIADB, PG, COLUMNS)).isEqualTo("\"name\" <> 'it''s'");
        assertThat(SqlRewrite.expression("name LIKE 'a\\b'", PG, MARIADB, COLUMNS)).isEqualTo("`name` LIKE 'a\\\\b'");
        assertThat(SqlRewrite.expression("(name ~~ 'a%')", PG, H2, COLUMNS)).isEqualTo("(\"name\" LIKE 'a%')");
    }

    @Test
    void queriesAreRequotedWithSchemasRenamed() {
        String pgView = " SELECT orders.id,\n    orders.amount\n   FROM src.orders\n  WHERE (orders.amount > (100)::numeric);";
        assertThat(SqlRewrite.query(pgView.strip().replace(";", ""), PG, MARIADB, Map.of("src", "dst"), UnaryOperator.identity()))
                .isEqualTo("SELECT `orders`.`id`,\n    `orders`.`amount`\n   FROM `dst`.`orders`\n  WHERE (`orders`.`amount` > (100))");
        String h2View = "SELECT\n    \"ID\",\n    \"AMOUNT\"\nFROM \"src\".\"ORDERS\"\nWHERE \"AMOUNT\" > CAST(100 AS NUMERIC(3))";
        assertThat(SqlRewrite.query(h2View, H2, PG, Map.of("src", "dst"), UnaryOperator.identity()))
                .isEqualTo("SELECT\n    \"ID\",\n    \"AMOUNT\"\nFROM \"dst\".\"ORDERS\"\nWHERE \"AMOUNT\" > 100");
        assertThat(SqlRewrite.query("select count(*) AS `n` from `src`.`t` group by `t`.`a`", MARIADB, PG, Map.of(),
                UnaryOperator.identity())).isEqualTo("select count(*) AS \"n\" from \"src\".\"t\" group by \"t\".\"a\"");
    }

    @Test
    void sameEngineTextKeepsAllButRenamedSchemas() {
        assertThat(SqlRewrite.renameSchemas("SELECT a FROM src.t WHERE b = 'src.x'", PG, Map.of("src", "dst")))
                .isEqualTo("SELECT a FROM \"dst\".t WHERE b = 'src.x'");
    }
}
