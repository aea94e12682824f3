package io.dmskit.schema;

import io.dmskit.schema.h2.H2Dialect;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.mysql.MySqlDialect;
import io.dmskit.schema.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Identifiers are always quoted, with the quote character inside them escaped, in every statement. */
class QuotingTest {

    static final String HOSTILE = "x'); DROP TABLE y; --";

    private static final Dialect PG = new PostgresDialect();
    private static final Dialect MYSQL = new MySqlDialect();
    private static final Dialect MARIADB = new MariaDbDialect();
    private static final Dialect H2 = new H2Dialect();

    @Test
    void doubleQuoteDialectsDoubleEmbeddedDoubleQuotes() {
        for (Dialect d : List.of(PG, H2)) {
            assertThat(d.quote(HOSTILE)).isEqualTo("\"x'); DROP TABLE y; --\"");
            assertThat(d.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
            assertThat(d.quote("back`tick")).isEqualTo("\"back`tick\"");
            assertThat(d.quote("\"")).isEqualTo("\"\"\"\"");
            assertThat(d.quote("ünï 日本")).isEqualTo("\"ünï 日本\"");
            assertThat(d.quote("MixedCase")).isEqualTo("\"MixedCase\"");
        }
    }

    @Test
    void mysqlDialectsDoubleEmbeddedBackticks() {
        for (Dialect d : List.of(MYSQL, MARIADB)) {
            assertThat(d.quote(HOSTILE)).isEqualTo("`x'); DROP TABLE y; --`");
            assertThat(d.quote("back`tick")).isEqualTo("`back``tick`");
            assertThat(d.quote("we\"ird")).isEqualTo("`we\"ird`");
            assertThat(d.quote("`")).isEqualTo("````");
            assertThat(d.quote("ünï 日本")).isEqualTo("`ünï 日本`");
        }
    }

    @Test
    void qualifiedNamesQuoteSchemaAndTable() {
        TableId id = TableId.of("sch\"ema`", HOSTILE);
        assertThat(PG.qualify(id)).isEqualTo("\"sch\"\"ema`\".\"x'); DROP TABLE y; --\"");
        assertThat(MARIADB.qualify(id)).isEqualTo("`sch\"ema```.`x'); DROP TABLE y; --`");
        assertThat(PG.dropTableIfExists(id)).isEqualTo("DROP TABLE IF EXISTS \"sch\"\"ema`\".\"x'); DROP TABLE y; --\"");
        assertThat(MYSQL.truncateTable(id)).isEqualTo("TRUNCATE TABLE `sch\"ema```.`x'); DROP TABLE y; --`");
        assertThat(H2.createSchemaIfNotExists("a\"b")).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"a\"\"b\"");
        assertThat(MYSQL.createSchemaIfNotExists("a`b")).isEqualTo("CREATE DATABASE IF NOT EXISTS `a``b`");
    }

    private static Table hostileTable() {
        return new Table(TableId.of("s", HOSTILE),
                List.of(Column.of("we\"ird`col", DataType.of(TypeKind.INTEGER), false),
                        Column.of("ünï", DataType.enumOf(List.of("it's", "a\\b")), true)),
                List.of("we\"ird`col"), List.of(), -1);
    }

    @Test
    void createTableQuotesEveryIdentifierInPostgres() {
        assertThat(PG.createTable(hostileTable())).containsExactly(
                "CREATE TABLE \"s\".\"x'); DROP TABLE y; --\" (\"we\"\"ird`col\" integer NOT NULL, "
                        + "\"ünï\" character varying(4), PRIMARY KEY (\"we\"\"ird`col\"), "
                        + "CHECK (\"ünï\" IN ('it''s', 'a\\b')))");
    }

    @Test
    void createTableQuotesEveryIdentifierInMariaDb() {
        assertThat(MARIADB.createTable(hostileTable())).containsExactly(
                "CREATE TABLE `s`.`x'); DROP TABLE y; --` (`we\"ird``col` int NOT NULL, "
                        + "`ünï` enum('it''s','a\\\\b'), PRIMARY KEY (`we\"ird``col`))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin");
    }

    @Test
    void createTableQuotesEveryIdentifierInH2() {
        assertThat(H2.createTable(hostileTable())).containsExactly(
                "CREATE TABLE \"s\".\"x'); DROP TABLE y; --\" (\"we\"\"ird`col\" INTEGER NOT NULL, "
                        + "\"ünï\" ENUM('it''s', 'a\\b'), PRIMARY KEY (\"we\"\"ird`col\"))");
    }
}
