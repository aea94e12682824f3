package io.dmskit.schema;

import java.util.List;

/**
 * The same test tables in each engine: {@code all_types} (every type that the dialect maps,
 * and unsupported ones), {@code composite} (composite primary key, a unique constraint, a
 * unique index), {@code text_keys} (keys of unbounded text and binary columns, which MySQL can
 * only index bounded), {@code wide} (ten varchar(2000) columns: more than a MySQL row holds
 * inline; not in MariaDB, which cannot create it), {@code MixedCase}, and a table and column with
 * hostile names; plus a view, which the catalog must leave out. H2 names are upper case, as H2
 * folds unquoted names.
 */
public final class CatalogFixtures {

    public static final String HOSTILE_TABLE = "x'); DROP TABLE y; --";
    public static final String HOSTILE_COLUMN = "we\"ird`col";
    public static final String UNICODE_COLUMN = "ünï";

    private CatalogFixtures() {
    }

    public static List<String> postgres(String schema) {
        String s = "\"" + schema + "\"";
        return List.of(
                "CREATE SCHEMA " + s,
                "CREATE TYPE " + s + ".\"Mood\" AS ENUM ('sad', 'o''k', 'hap,py')",
                "CREATE DOMAIN " + s + ".short_text AS varchar(12)",
                "CREATE TABLE " + s + ".all_types ("
                        + "id serial PRIMARY KEY, c_ident bigint GENERATED ALWAYS AS IDENTITY, "
                        + "c_bool boolean NOT NULL DEFAULT true, c_int2 smallint, c_int4 integer DEFAULT 42, c_int8 bigint, "
                        + "c_num numeric(12,3), c_num_free numeric, c_real real, c_double double precision, "
                        + "c_char char(5), c_varchar varchar(40) DEFAULT 'it''s', c_varchar_free varchar, c_text text, "
                        + "c_bytea bytea, c_bit bit(3), c_varbit bit varying(9), c_varbit_free bit varying, "
                        + "c_date date, c_time time(3), c_timetz time with time zone, c_ts timestamp(2), "
                        + "c_tstz timestamptz, c_interval interval, c_interval_ym interval year to month, "
                        + "c_json json, c_jsonb jsonb, c_uuid uuid, c_enum " + s + ".\"Mood\", c_enum_array " + s + ".\"Mood\"[], "
                        + "c_int_array integer[], c_text_array varchar(8)[], c_domain " + s + ".short_text, c_money money)",
                "CREATE TABLE " + s + ".composite (a integer NOT NULL, b varchar(20) NOT NULL, c text, u1 integer, "
                        + "u2 integer, PRIMARY KEY (b, a), CONSTRAINT composite_u UNIQUE (u2, u1))",
                "CREATE UNIQUE INDEX composite_c ON " + s + ".composite (c)",
                "CREATE TABLE " + s + ".text_keys (k1 text, k2 varchar, n integer, b bytea, PRIMARY KEY (k1, k2, n), "
                        + "UNIQUE (b))",
                "CREATE TABLE " + s + ".wide (id varchar(2000) PRIMARY KEY" + wideColumns("varchar(2000)") + ")",
                "CREATE TABLE " + s + ".\"MixedCase\" (\"Id\" integer PRIMARY KEY, \"Name\" varchar(50))",
                "CREATE TABLE " + s + ".\"x'); DROP TABLE y; --\" (\"we\"\"ird`col\" integer PRIMARY KEY, \"ünï\" text)",
                "CREATE VIEW " + s + ".a_view AS SELECT 1 AS x");
    }

    private static String wideColumns(String type) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            s.append(", c").append(i).append(' ').append(type);
        }
        return s.toString();
    }

    public static List<String> postgresDrop(String schema) {
        return List.of("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    public static List<String> mariadb(String db) {
        String d = "`" + db + "`";
        return List.of(
                "CREATE DATABASE " + d,
                "CREATE TABLE " + d + ".all_types ("
                        + "id int AUTO_INCREMENT PRIMARY KEY, c_bool tinyint(1) NOT NULL DEFAULT 1, "
                        + "c_tiny tinyint, c_tiny_u tinyint unsigned, c_small smallint, c_small_u smallint unsigned, "
                        + "c_medium mediumint, c_medium_u mediumint unsigned, c_int int DEFAULT 42, c_int_u int unsigned, "
                        + "c_big bigint, c_big_u bigint unsigned, c_dec decimal(12,3), c_dec_u decimal(10,2) unsigned, "
                        + "c_float float, c_double double, c_double_u double unsigned, "
                        + "c_char char(5), c_varchar varchar(40) DEFAULT 'it''s', c_tinytext tinytext, c_text text, "
                        + "c_mediumtext mediumtext, c_longtext longtext, c_binary binary(4), c_varbinary varbinary(300), "
                        + "c_tinyblob tinyblob, c_blob blob, c_mediumblob mediumblob, c_longblob longblob, c_bit bit(5), "
                        + "c_year year, c_date date, c_time time(3), c_datetime datetime(2), c_timestamp timestamp(6) NULL, "
                        + "c_json json, c_enum enum('a','it''s','x,y','back\\\\slash'), c_set set('p','q''s'), "
                        + "c_uuid uuid, c_geom geometry, c_inet6 inet6)",
                "CREATE TABLE " + d + ".composite (a int NOT NULL, b varchar(20) NOT NULL, c varchar(100), u1 int, "
                        + "u2 int, PRIMARY KEY (b, a), CONSTRAINT composite_u UNIQUE (u2, u1))",
                "CREATE UNIQUE INDEX composite_c ON " + d + ".composite (c)",
                "CREATE TABLE " + d + ".text_keys (k1 varchar(500), k2 varchar(255), n int, b varbinary(100), "
                        + "PRIMARY KEY (k1, k2, n), UNIQUE (b))",
                "CREATE TABLE " + d + ".`MixedCase` (`Id` int PRIMARY KEY, `Name` varchar(50))",
                "CREATE TABLE " + d + ".`x'); DROP TABLE y; --` (`we\"ird``col` int PRIMARY KEY, `ünï` text)",
                "CREATE VIEW " + d + ".a_view AS SELECT 1 AS x");
    }

    public static List<String> mariadbDrop(String db) {
        return List.of("DROP DATABASE IF EXISTS `" + db + "`");
    }

    public static List<String> h2(String schema) {
        String s = "\"" + schema + "\"";
        return List.of(
                "CREATE SCHEMA " + s,
                "CREATE DOMAIN " + s + ".SHORT_TEXT AS VARCHAR(12)",
                "CREATE TABLE " + s + ".ALL_TYPES ("
                        + "ID INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, C_BOOL BOOLEAN NOT NULL DEFAULT TRUE, "
                        + "C_TINY TINYINT, C_SMALL SMALLINT, C_INT INTEGER DEFAULT 42, C_BIG BIGINT, C_NUM NUMERIC(12,3), "
                        + "C_DECFLOAT DECFLOAT, C_REAL REAL, C_DOUBLE DOUBLE PRECISION, C_CHAR CHARACTER(5), "
                        + "C_VARCHAR CHARACTER VARYING(40) DEFAULT 'it''s', C_VARCHAR_FREE CHARACTER VARYING, "
                        + "C_IGNORECASE VARCHAR_IGNORECASE(20), C_CLOB CHARACTER LARGE OBJECT, C_BINARY BINARY(4), "
                        + "C_VARBINARY BINARY VARYING(300), C_BLOB BINARY LARGE OBJECT, C_DATE DATE, C_TIME TIME(3), "
                        + "C_TIMETZ TIME(2) WITH TIME ZONE, C_TS TIMESTAMP(2), C_TSTZ TIMESTAMP WITH TIME ZONE, "
                        + "C_INTERVAL_DS INTERVAL DAY TO SECOND(3), C_INTERVAL_YM INTERVAL YEAR TO MONTH, "
                        + "C_INTERVAL_HM INTERVAL HOUR TO MINUTE, C_JSON JSON, C_UUID UUID, C_ENUM ENUM('a', 'it''s', 'x,y'), "
                        + "C_INT_ARRAY INTEGER ARRAY, C_TEXT_ARRAY CHARACTER VARYING(8) ARRAY[10], "
                        + "C_DOMAIN " + s + ".SHORT_TEXT, C_GEOM GEOMETRY)",
                "CREATE TABLE " + s + ".COMPOSITE (A INTEGER NOT NULL, B VARCHAR(20) NOT NULL, C VARCHAR(100), U1 INTEGER, "
                        + "U2 INTEGER, PRIMARY KEY (B, A), CONSTRAINT COMPOSITE_U UNIQUE (U2, U1))",
                "CREATE UNIQUE INDEX " + s + ".COMPOSITE_C ON " + s + ".COMPOSITE (C)",
                "CREATE TABLE " + s + ".TEXT_KEYS (K1 CHARACTER VARYING, K2 CHARACTER VARYING, N INTEGER, "
                        + "B BINARY VARYING, PRIMARY KEY (K1, K2, N), UNIQUE (B))",
                "CREATE TABLE " + s + ".WIDE (ID VARCHAR(2000) PRIMARY KEY" + wideColumns("VARCHAR(2000)") + ")",
                "CREATE TABLE " + s + ".\"MixedCase\" (\"Id\" INTEGER PRIMARY KEY, \"Name\" VARCHAR(50))",
                "CREATE TABLE " + s + ".\"x'); DROP TABLE y; --\" (\"we\"\"ird`col\" INTEGER PRIMARY KEY, \"ünï\" CLOB)",
                "CREATE VIEW " + s + ".A_VIEW AS SELECT 1 AS X");
    }

    public static List<String> h2Drop(String schema) {
        return List.of("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
}
