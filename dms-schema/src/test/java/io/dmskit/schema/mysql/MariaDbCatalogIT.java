package io.dmskit.schema.mysql;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.AbstractCatalogIT;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TestServers;
import io.dmskit.schema.TestServers.Engine;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.dmskit.schema.CatalogFixtures.HOSTILE_TABLE;
import static io.dmskit.schema.TypeFixtures.dec;
import static io.dmskit.schema.TypeFixtures.len;
import static io.dmskit.schema.TypeFixtures.t;
import static io.dmskit.schema.TypeFixtures.tm;
import static io.dmskit.schema.TypeKind.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MariaDbCatalogIT extends AbstractCatalogIT {

    private static final MariaDbDialect MARIADB = new MariaDbDialect();

    MariaDbCatalogIT() {
        super(Engine.MARIADB, "dmskit_it_maria");
    }

    @Test
    void readsTheLogicalTypeOfEveryColumn() throws SQLException {
        Map<String, DataType> expected = new LinkedHashMap<>();
        expected.put("id", n(len(INTEGER, 11), "int(11)"));
        expected.put("c_bool", n(len(TINYINT, 1), "tinyint(1)"));
        expected.put("c_tiny", n(len(TINYINT, 4), "tinyint(4)"));
        expected.put("c_tiny_u", n(len(TINYINT, 3).withUnsigned(true), "tinyint(3) unsigned"));
        expected.put("c_small", n(len(SMALLINT, 6), "smallint(6)"));
        expected.put("c_small_u", n(len(SMALLINT, 5).withUnsigned(true), "smallint(5) unsigned"));
        expected.put("c_medium", n(len(MEDIUMINT, 9), "mediumint(9)"));
        expected.put("c_medium_u", n(len(MEDIUMINT, 8).withUnsigned(true), "mediumint(8) unsigned"));
        expected.put("c_int", n(len(INTEGER, 11), "int(11)"));
        expected.put("c_int_u", n(len(INTEGER, 10).withUnsigned(true), "int(10) unsigned"));
        expected.put("c_big", n(len(BIGINT, 20), "bigint(20)"));
        expected.put("c_big_u", n(len(BIGINT, 20).withUnsigned(true), "bigint(20) unsigned"));
        expected.put("c_dec", n(dec(12, 3), "decimal(12,3)"));
        expected.put("c_dec_u", n(dec(10, 2).withUnsigned(true), "decimal(10,2) unsigned"));
        expected.put("c_float", n(t(REAL), "float"));
        expected.put("c_double", n(t(DOUBLE), "double"));
        expected.put("c_double_u", n(t(DOUBLE).withUnsigned(true), "double unsigned"));
        expected.put("c_char", n(len(CHAR, 5), "char(5)"));
        expected.put("c_varchar", n(len(VARCHAR, 40), "varchar(40)"));
        expected.put("c_tinytext", n(len(TEXT, 255), "tinytext"));
        expected.put("c_text", n(len(TEXT, 65_535), "text"));
        expected.put("c_mediumtext", n(len(TEXT, 16_777_215), "mediumtext"));
        expected.put("c_longtext", n(len(TEXT, 0), "longtext"));
        expected.put("c_binary", n(len(BINARY, 4), "binary(4)"));
        expected.put("c_varbinary", n(len(VARBINARY, 300), "varbinary(300)"));
        expected.put("c_tinyblob", n(len(BLOB, 255), "tinyblob"));
        expected.put("c_blob", n(len(BLOB, 65_535), "blob"));
        expected.put("c_mediumblob", n(len(BLOB, 16_777_215), "mediumblob"));
        expected.put("c_longblob", n(len(BLOB, 0), "longblob"));
        expected.put("c_bit", n(len(BIT, 5), "bit(5)"));
        expected.put("c_year", n(t(YEAR), "year(4)"));
        expected.put("c_date", n(t(DATE), "date"));
        expected.put("c_time", n(tm(INTERVAL, 3), "time(3)"));
        expected.put("c_datetime", n(tm(TIMESTAMP, 2), "datetime(2)"));
        expected.put("c_timestamp", n(tm(TIMESTAMP_TZ, 6), "timestamp(6)"));
        expected.put("c_json", n(t(JSON), "longtext"));
        expected.put("c_enum", n(DataType.enumOf(List.of("a", "it's", "x,y", "back\\slash")),
                "enum('a','it''s','x,y','back\\\\slash')"));
        expected.put("c_set", n(DataType.setOf(List.of("p", "q's")), "set('p','q''s')"));
        expected.put("c_uuid", n(t(UUID), "uuid"));
        expected.put("c_geom", DataType.unsupported("geometry"));
        expected.put("c_inet6", DataType.unsupported("inet6"));

        assertThat(columnTypes("all_types")).containsExactlyEntriesOf(expected);
    }

    @Test
    void readsNullabilityDefaultsAndAutoIncrement() throws SQLException {
        Table table = table("all_types");
        Column id = table.column("id").orElseThrow();
        assertThat(id.nullable()).isFalse();
        assertThat(id.autoIncrement()).isTrue();
        Column bool = table.column("c_bool").orElseThrow();
        assertThat(bool.nullable()).isFalse();
        assertThat(bool.defaultExpression()).isEqualTo("1");
        assertThat(table.column("c_int").orElseThrow().defaultExpression()).isEqualTo("42");
        assertThat(table.column("c_varchar").orElseThrow().defaultExpression()).isEqualTo("'it''s'");
        Column plain = table.column("c_text").orElseThrow();
        assertThat(plain.nullable()).isTrue();
        assertThat(plain.defaultExpression()).isNull();
        assertThat(plain.autoIncrement()).isFalse();
        assertThat(table.primaryKey()).containsExactly("id");
        assertThat(table.uniqueKeys()).isEmpty();
    }

    @Test
    void readsCompositePrimaryKeyInKeyOrderAndUniqueKeys() throws SQLException {
        Table table = table("composite");
        assertThat(table.columns()).extracting(Column::name).containsExactly("a", "b", "c", "u1", "u2");
        assertThat(table.primaryKey()).containsExactly("b", "a");
        assertThat(table.uniqueKeys()).containsExactly(List.of("c"), List.of("u2", "u1"));
    }

    @Test
    void readsBaseTablesOnlyAndAppliesTheFilter() throws SQLException {
        assertThat(catalog().tables()).extracting(t -> t.id().name())
                .containsExactlyInAnyOrder("all_types", "composite", "text_keys", "MixedCase", HOSTILE_TABLE);
        Catalog one = MARIADB.readCatalog(connection, id -> id.equals(TableId.of(schema, "MixedCase")));
        assertThat(one.tables()).extracting(Table::id).containsExactly(TableId.of(schema, "MixedCase"));
        assertThat(one.tables().get(0).columns()).extracting(Column::name).containsExactly("Id", "Name");
        assertThat(MARIADB.readCatalog(connection, id -> false).tables()).isEmpty();
    }

    @Test
    void readsSystemVersionedTables() throws SQLException {
        TestServers.execute(connection, "CREATE TABLE `" + schema + "`.versioned (id int PRIMARY KEY, v varchar(10)) "
                + "WITH SYSTEM VERSIONING");
        try {
            Table table = table("versioned");
            assertThat(table.columns()).extracting(Column::name).containsExactly("id", "v");
            assertThat(table.primaryKey()).containsExactly("id");
        } finally {
            TestServers.execute(connection, "DROP TABLE `" + schema + "`.versioned");
        }
    }

    @Test
    void leavesOutSystemDatabasesAndTheControlSchema() throws SQLException {
        assertThat(MARIADB.readCatalog(connection, id -> true).tables()).extracting(t -> t.id().schema())
                .doesNotContain("mysql", "information_schema", "performance_schema", "sys", "dmskit");
    }

    @Test
    void estimatesRowsFromStatistics() throws SQLException {
        TestServers.execute(connection, "CREATE TABLE `" + schema + "`.counted (id int PRIMARY KEY)",
                "INSERT INTO `" + schema + "`.counted VALUES (1), (2), (3)", "ANALYZE TABLE `" + schema + "`.counted");
        assertThat(table("counted").estimatedRows()).isEqualTo(3);
    }

    @Test
    void currentSchemaIsTheDatabaseOfTheConnection() throws SQLException {
        try (Connection other = TestServers.mariadb()) {
            TestServers.execute(other, "USE `" + schema + "`");
            assertThat(MARIADB.currentSchema(other)).isEqualTo(schema);
        }
    }

    @Test
    void currentSchemaFailsWhenTheUrlNamesNoDatabase() throws SQLException {
        assumeTrue(connection.getCatalog() == null || connection.getCatalog().isEmpty(),
                "DMSKIT_TEST_MARIADB_URL names a database");
        assertThatThrownBy(() -> MARIADB.currentSchema(connection))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessage("The connection has no current database: its JDBC URL names none. Put the database in the "
                        + "URL's path, for example jdbc:mariadb://host:3306/shop.");
    }
}
