package io.dmskit.schema.sql;

import io.dmskit.schema.ConversionNote.Outcome;
import io.dmskit.schema.SqlTranslator.Translation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ParsingSqlTranslatorTest {

    private static Translation q(String from, String to, String sql) {
        return ParsingSqlTranslator.query(sql, from, to, null);
    }

    private static String x(String from, String to, String sql) {
        Translation t = ParsingSqlTranslator.expression(sql, from, to);
        assertThat(t.outcome()).as(t.message()).isNotEqualTo(Outcome.MANUAL);
        return t.statements().get(0);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '\u0001', value = {
            // IFNULL / COALESCE
            "mariadb | postgresql | IFNULL(a, 1) | COALESCE(\"a\", 1)",
            "mysql | h2 | IFNULL(a, 1) | IFNULL(\"a\", 1)",
            "postgresql | mariadb | COALESCE(a, 1) | COALESCE(`a`, 1)",
            "h2 | postgresql | NVL(A, 1) | COALESCE(\"A\", 1)",
            // IF() / CASE
            "mariadb | postgresql | IF(a > 1, 'y', 'n') | CASE WHEN \"a\" > 1 THEN 'y' ELSE 'n' END",
            "mysql | h2 | IF(a > 1, 'y', 'n') | CASE WHEN \"a\" > 1 THEN 'y' ELSE 'n' END",
            // CONCAT and ||
            "mariadb | postgresql | CONCAT(a, '-', b) | (\"a\" || '-' || \"b\")",
            "mariadb | postgresql | CONCAT(a, b) | (CAST(\"a\" AS text) || \"b\")",
            "mariadb | h2 | CONCAT(a, '-', b) | (\"a\" || '-' || \"b\")",
            "postgresql | mariadb | a || '-' || b | CONCAT(`a`, '-', `b`)",
            "postgresql | mysql | concat(a, b) | CONCAT_WS('', `a`, `b`)",
            "h2 | mariadb | A || B | CONCAT(`A`, `B`)",
            // current time
            "mariadb | postgresql | NOW() | LOCALTIMESTAMP",
            "mariadb | postgresql | CURRENT_TIMESTAMP | LOCALTIMESTAMP",
            "mysql | h2 | NOW(6) | LOCALTIMESTAMP(6)",
            "postgresql | mariadb | now() | UTC_TIMESTAMP()",
            "postgresql | h2 | CURRENT_TIMESTAMP | CURRENT_TIMESTAMP",
            "h2 | postgresql | LOCALTIMESTAMP | LOCALTIMESTAMP",
            "mariadb | postgresql | CURDATE() | CURRENT_DATE",
            // booleans and literals
            "postgresql | mariadb | a = TRUE | `a` = true",
            "mariadb | postgresql | 'It\\'s' | 'It''s'",
            "postgresql | mariadb | 'a\\b' | 'a\\\\b'",
            "mariadb | postgresql | _utf8mb4'x' | 'x'",
            // lengths, random, logs, positions
            "mariadb | postgresql | LENGTH(a) | OCTET_LENGTH(\"a\")",
            "postgresql | mysql | length(a) | CHAR_LENGTH(`a`)",
            "mariadb | postgresql | RAND() | random()",
            "postgresql | mariadb | random() | RAND()",
            "postgresql | mariadb | log(a) | LOG10(`a`)",
            "mariadb | postgresql | INSTR(a, 'x') | strpos(\"a\", 'x')",
            "mariadb | postgresql | TRUNCATE(a, 2) | trunc(\"a\", 2)",
            // dates
            "mariadb | postgresql | DATE_FORMAT(d, '%Y-%m-%d %H:%i:%s') | to_char(\"d\", 'YYYY-MM-DD HH24:MI:SS')",
            "postgresql | mariadb | to_char(d, 'DD.MM.YYYY') | DATE_FORMAT(`d`, '%d.%m.%Y')",
            "mariadb | h2 | DATE_FORMAT(d, '%d/%m/%Y') | FORMATDATETIME(\"d\", 'dd/MM/yyyy')",
            "h2 | mariadb | FORMATDATETIME(D, 'yyyy-MM-dd') | DATE_FORMAT(`D`, '%Y-%m-%d')",
            "mariadb | postgresql | DATE_ADD(d, INTERVAL 3 DAY) | (\"d\" + INTERVAL '3 day')",
            "mariadb | postgresql | DATEDIFF(a, b) | (CAST(\"a\" AS date) - CAST(\"b\" AS date))",
            "postgresql | mariadb | d + interval '2 days' | `d` + INTERVAL 2 DAY",
            "mariadb | postgresql | YEAR(d) | CAST(EXTRACT(YEAR FROM \"d\") AS integer)",
            // casts
            "postgresql | mariadb | a::integer | CAST(`a` AS SIGNED)",
            "postgresql | mysql | a::numeric(10,2) | CAST(`a` AS DECIMAL(10,2))",
            "mariadb | postgresql | CAST(a AS CHAR) | CAST(\"a\" AS text)",
            "mariadb | postgresql | CAST(a AS DATETIME) | CAST(\"a\" AS timestamp)",
            "postgresql | mariadb | 'x'::text | 'x'",
            // IN lists that PostgreSQL prints as ANY (ARRAY[...])
            "postgresql | mariadb | (s)::text = ANY (ARRAY['a'::text, 'b'::text]) | `s` IN ('a', 'b')",
            // quoting
            "mariadb | postgresql | `t`.`Mixed` | \"t\".\"Mixed\"",
            "postgresql | mariadb | T.Mixed | `t`.`mixed`",
            "postgresql | mariadb | \"T\".\"Mixed\" | `T`.`Mixed`",
            "h2 | postgresql | t.c | \"T\".\"C\"",
            // sequences
            "postgresql | mariadb | nextval('s.q'::regclass) | NEXT VALUE FOR `s`.`q`",
            "mariadb | postgresql | NEXT VALUE FOR s.q | nextval('\"s\".\"q\"')",
            // misc
            "mariadb | postgresql | ISNULL(a) | (\"a\" IS NULL)",
            "mariadb | postgresql | a DIV 2 | div(\"a\", 2)",
            "mariadb | postgresql | UUID() | gen_random_uuid()",
            "postgresql | mariadb | j ->> 'k' | JSON_UNQUOTE(JSON_EXTRACT(`j`, '$.k'))",
            "mariadb | postgresql | j ->> '$.a.b' | (\"j\" #>> '{a,b}')",
    })
    void translatesExpressions(String from, String to, String sql, String expected) {
        assertThat(x(from, to, sql)).isEqualTo(expected);
    }

    @Test
    void mysqlViewDefinitionBecomesPostgres() {
        Translation t = q("mariadb", "postgresql", "select `o`.`id` AS `id`,group_concat(distinct `o`.`sku` order by "
                + "`o`.`sku` ASC separator ';') AS `skus` from `shop`.`orders` `o` group by `o`.`id` limit 5,10");
        assertThat(t.outcome()).isEqualTo(Outcome.AUTOMATIC);
        assertThat(t.statements().get(0)).isEqualTo("SELECT \"o\".\"id\" AS \"id\", string_agg(DISTINCT CAST(\"o\".\"sku\" AS text),"
                + " ';' ORDER BY \"o\".\"sku\" ASC) AS \"skus\" FROM \"shop\".\"orders\" AS \"o\" GROUP BY \"o\".\"id\" LIMIT 10 OFFSET 5");
    }

    @Test
    void postgresViewDefinitionBecomesMariaDbWithTheGroupConcatWarning() {
        Translation t = q("postgresql", "mariadb", " SELECT o.id,\n    string_agg(o.sku, ','::text ORDER BY o.sku) AS skus\n"
                + "   FROM shop.orders o\n  GROUP BY o.id\n OFFSET 5;");
        assertThat(t.outcome()).isEqualTo(Outcome.WARNING);
        assertThat(t.statements().get(0)).isEqualTo("SELECT `o`.`id`, GROUP_CONCAT(`o`.`sku` ORDER BY `o`.`sku` SEPARATOR ',') "
                + "AS `skus` FROM `shop`.`orders` AS `o` GROUP BY `o`.`id` LIMIT 18446744073709551615 OFFSET 5");
        assertThat(t.message()).contains("group_concat_max_len");
    }

    @Test
    void fetchFirstBecomesLimitForMySql() {
        assertThat(q("postgresql", "mysql", "SELECT a FROM t FETCH FIRST 3 ROWS ONLY").statements().get(0))
                .isEqualTo("SELECT `a` FROM `t` LIMIT 3");
        assertThat(q("h2", "postgresql", "SELECT A FROM T OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY").statements().get(0))
                .isEqualTo("SELECT \"A\" FROM \"T\" LIMIT 3 OFFSET 2");
    }

    @Test
    void unqualifiedTablesTakeTheViewSchemaButCommonTableExpressionsDoNot() {
        Translation t = ParsingSqlTranslator.query("WITH w AS (SELECT id FROM orders) SELECT id FROM w", "postgresql",
                "mariadb", "shop");
        assertThat(t.statements().get(0)).isEqualTo("WITH `w` AS (SELECT `id` FROM `shop`.`orders`) SELECT `id` FROM `w`");
    }

    @Test
    void selectFromDualLosesItsFromInPostgres() {
        assertThat(q("mariadb", "postgresql", "select 1 AS `one` from dual").statements().get(0)).isEqualTo("SELECT 1 AS \"one\"");
    }

    @Test
    void unknownFunctionIsAnActionItemWithTheBestAttempt() {
        Translation t = q("postgresql", "mariadb", "SELECT x FROM generate_series(1, 10) x");
        assertThat(t.outcome()).isEqualTo(Outcome.MANUAL);
        assertThat(t.message()).contains("generate_series() is not known to exist with the same meaning in MariaDB");
    }

    @Test
    void distinctOnIsAnActionItem() {
        Translation t = q("postgresql", "mysql", "SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b");
        assertThat(t.outcome()).isEqualTo(Outcome.MANUAL);
        assertThat(t.message()).startsWith("DISTINCT ON has no equivalent in MySQL");
    }

    @Test
    void unparseableTextIsAnActionItemNotAnException() {
        Translation t = q("mariadb", "postgresql", "select from where ((");
        assertThat(t.outcome()).isEqualTo(Outcome.MANUAL);
        assertThat(t.message()).startsWith("the SQL parser could not read it");
        assertThat(t.statements()).isEmpty();
    }

    @Test
    void dateFormatWithAnUnmappableFieldIsAnActionItem() {
        Translation t = ParsingSqlTranslator.expression("DATE_FORMAT(d, '%U')", "mariadb", "postgresql");
        assertThat(t.outcome()).isEqualTo(Outcome.MANUAL);
        assertThat(t.message()).contains("the format '%U' of DATE_FORMAT() has fields with no counterpart in PostgreSQL");
    }

    @Test
    void likeFromMySqlWarnsAboutCase() {
        Translation t = ParsingSqlTranslator.expression("a LIKE 'x%'", "mariadb", "postgresql");
        assertThat(t.outcome()).isEqualTo(Outcome.WARNING);
        assertThat(t.message()).contains("case-insensitive");
        assertThat(ParsingSqlTranslator.expression("a ILIKE 'x%'", "postgresql", "mariadb").statements().get(0))
                .isEqualTo("`a` LIKE 'x%'");
    }

    @Test
    void sameEngineFamilyKeepsFunctions() {
        assertThat(x("mariadb", "mysql", "IFNULL(a, NOW())")).isEqualTo("IFNULL(`a`, CURRENT_TIMESTAMP)");
    }
}
