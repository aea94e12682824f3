package io.dmskit.schema.postgres;

import io.dmskit.schema.Catalog;
import io.dmskit.schema.AbstractCatalogIT;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TestServers;
import io.dmskit.schema.TestServers.Engine;
import org.junit.jupiter.api.Test;

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

class PostgresCatalogIT extends AbstractCatalogIT {

    private static final PostgresDialect PG = new PostgresDialect();

    PostgresCatalogIT() {
        super(Engine.POSTGRESQL, "dmskit_it_pg");
    }

    @Test
    void readsTheLogicalTypeOfEveryColumn() throws SQLException {
        String mood = "\"" + schema + "\".\"Mood\"";
        DataType moodType = DataType.enumOf(List.of("sad", "o'k", "hap,py")).withNativeName(mood);
        Map<String, DataType> expected = new LinkedHashMap<>();
        expected.put("id", n(t(INTEGER), "integer"));
        expected.put("c_ident", n(t(BIGINT), "bigint"));
        expected.put("c_bool", n(t(BOOLEAN), "boolean"));
        expected.put("c_int2", n(t(SMALLINT), "smallint"));
        expected.put("c_int4", n(t(INTEGER), "integer"));
        expected.put("c_int8", n(t(BIGINT), "bigint"));
        expected.put("c_num", n(dec(12, 3), "numeric(12,3)"));
        expected.put("c_num_free", n(dec(0, -1), "numeric"));
        expected.put("c_real", n(t(REAL), "real"));
        expected.put("c_double", n(t(DOUBLE), "double precision"));
        expected.put("c_char", n(len(CHAR, 5), "character(5)"));
        expected.put("c_varchar", n(len(VARCHAR, 40), "character varying(40)"));
        expected.put("c_varchar_free", n(len(VARCHAR, 0), "character varying"));
        expected.put("c_text", n(len(TEXT, 0), "text"));
        expected.put("c_bytea", n(len(BLOB, 0), "bytea"));
        expected.put("c_bit", n(len(BIT, 3), "bit(3)"));
        expected.put("c_varbit", n(len(BIT, 9), "bit varying(9)"));
        expected.put("c_varbit_free", n(len(BIT, 0), "bit varying"));
        expected.put("c_date", n(t(DATE), "date"));
        expected.put("c_time", n(tm(TIME, 3), "time(3) without time zone"));
        expected.put("c_timetz", n(tm(TIME_TZ, 6), "time with time zone"));
        expected.put("c_ts", n(tm(TIMESTAMP, 2), "timestamp(2) without time zone"));
        expected.put("c_tstz", n(tm(TIMESTAMP_TZ, 6), "timestamp with time zone"));
        expected.put("c_interval", n(tm(INTERVAL, 6), "interval"));
        expected.put("c_interval_ym", n(tm(INTERVAL, 6), "interval year to month"));
        expected.put("c_json", n(t(JSON), "json"));
        expected.put("c_jsonb", n(t(JSON), "jsonb"));
        expected.put("c_uuid", n(t(UUID), "uuid"));
        expected.put("c_enum", moodType);
        expected.put("c_enum_array", n(DataType.arrayOf(moodType), mood + "[]"));
        expected.put("c_int_array", n(DataType.arrayOf(n(t(INTEGER), "integer")), "integer[]"));
        expected.put("c_text_array", n(DataType.arrayOf(n(len(VARCHAR, 8), "character varying(8)")), "character varying(8)[]"));
        expected.put("c_domain", n(len(VARCHAR, 12), "character varying(12)"));
        expected.put("c_money", DataType.unsupported("money"));

        assertThat(columnTypes("all_types")).containsExactlyEntriesOf(expected);
    }

    @Test
    void readsNullabilityDefaultsAndGeneratedValues() throws SQLException {
        Table table = table("all_types");
        Column id = table.column("id").orElseThrow();
        assertThat(id.nullable()).isFalse();
        assertThat(id.autoIncrement()).isTrue();
        assertThat(id.defaultExpression()).startsWith("nextval(");
        Column ident = table.column("c_ident").orElseThrow();
        assertThat(ident.autoIncrement()).isTrue();
        assertThat(ident.nullable()).isFalse();
        Column bool = table.column("c_bool").orElseThrow();
        assertThat(bool.nullable()).isFalse();
        assertThat(bool.defaultExpression()).isEqualTo("true");
        assertThat(bool.autoIncrement()).isFalse();
        assertThat(table.column("c_int4").orElseThrow().defaultExpression()).isEqualTo("42");
        assertThat(table.column("c_varchar").orElseThrow().defaultExpression()).isEqualTo("'it''s'::character varying");
        Column plain = table.column("c_text").orElseThrow();
        assertThat(plain.nullable()).isTrue();
        assertThat(plain.defaultExpression()).isNull();
        assertThat(table.primaryKey()).containsExactly("id");
        assertThat(table.uniqueKeys()).isEmpty();
    }

    @Test
    void readsCompositePrimaryKeyInKeyOrderAndUniqueKeys() throws SQLException {
        Table table = table("composite");
        assertThat(table.columns()).extracting(Column::name).containsExactly("a", "b", "c", "u1", "u2");
        assertThat(table.primaryKey()).containsExactly("b", "a");
        assertThat(table.uniqueKeys()).containsExactly(List.of("c"), List.of("u2", "u1"));
        assertThat(table.column("a").orElseThrow().nullable()).isFalse();
        assertThat(table.column("c").orElseThrow().nullable()).isTrue();
    }

    @Test
    void readsBaseTablesOnlyAndAppliesTheFilter() throws SQLException {
        assertThat(catalog().tables()).extracting(t -> t.id().name())
                .containsExactlyInAnyOrder("all_types", "composite", "text_keys", "wide", "MixedCase", HOSTILE_TABLE);
        Catalog one = PG.readCatalog(connection, id -> id.equals(TableId.of(schema, "MixedCase")));
        assertThat(one.tables()).extracting(Table::id).containsExactly(TableId.of(schema, "MixedCase"));
        assertThat(PG.readCatalog(connection, id -> false).tables()).isEmpty();
    }

    @Test
    void leavesOutSystemSchemasAndTheControlSchema() throws SQLException {
        assertThat(PG.readCatalog(connection, id -> true).tables()).extracting(t -> t.id().schema())
                .doesNotContain("pg_catalog", "information_schema", "dmskit");
    }

    @Test
    void estimatesRowsFromStatistics() throws SQLException {
        String s = "\"" + schema + "\"";
        TestServers.execute(connection, "CREATE TABLE " + s + ".counted (id integer PRIMARY KEY)");
        assertThat(table("counted").estimatedRows()).isEqualTo(-1);
        TestServers.execute(connection, "INSERT INTO " + s + ".counted SELECT generate_series(1, 3)",
                "ANALYZE " + s + ".counted");
        assertThat(table("counted").estimatedRows()).isEqualTo(3);
    }

    @Test
    void readsPartitionedTablesButNotTheirPartitions() throws SQLException {
        String s = "\"" + schema + "\"";
        TestServers.execute(connection,
                "CREATE TABLE " + s + ".parted (id integer, part integer, PRIMARY KEY (part, id)) PARTITION BY LIST (part)",
                "CREATE TABLE " + s + ".parted_1 PARTITION OF " + s + ".parted FOR VALUES IN (1)",
                "CREATE TABLE " + s + ".parted_2 PARTITION OF " + s + ".parted FOR VALUES IN (2)");
        try {
            Catalog catalog = PG.readCatalog(connection, id -> id.schema().equals(schema) && id.name().startsWith("parted"));
            assertThat(catalog.tables()).extracting(t -> t.id().name()).containsExactly("parted");
            Table parted = catalog.tables().get(0);
            assertThat(parted.primaryKey()).containsExactly("part", "id");
            assertThat(parted.estimatedRows()).isEqualTo(-1);
            TestServers.execute(connection, "INSERT INTO " + s + ".parted VALUES (1, 1), (2, 1), (3, 2)",
                    "ANALYZE " + s + ".parted");
            assertThat(table("parted").estimatedRows()).isEqualTo(3);
        } finally {
            TestServers.execute(connection, "DROP TABLE " + s + ".parted");
        }
    }

    @Test
    void currentSchemaIsTheFirstExistingSchemaOfTheSearchPath() throws SQLException {
        TestServers.execute(connection, "SET search_path TO \"" + schema + "\", public");
        try {
            assertThat(PG.currentSchema(connection)).isEqualTo(schema);
        } finally {
            TestServers.execute(connection, "RESET search_path");
        }
    }
}
