package io.dmskit.schema;

import io.dmskit.schema.TestServers.Engine;

import java.util.List;

/**
 * A schema in each engine that uses every feature the schema converter handles: identity /
 * serial / AUTO_INCREMENT, defaults that are expressions (now, current date, uuid, nextval) and
 * one that no other engine has, generated columns, ON UPDATE, enum types and inline ENUM/SET,
 * sequences, unique constraints, plain / functional / partial / prefix / descending / full-text
 * indexes, foreign keys with actions, checks, comments, views (one reading another), a trigger and
 * a routine, a reserved word and (H2) a name too long for the other engines.
 */
final class SchemaFixtures {

    /** A name longer than PostgreSQL's 63 and MySQL's 64 characters, which H2 takes. */
    static final String LONG_NAME = "A_TABLE_NAME_THAT_IS_LONGER_THAN_SIXTY_FOUR_CHARACTERS_WHICH_H2_ALLOWS_BUT_NOT_OTHERS";

    private SchemaFixtures() {
    }

    static List<String> create(Engine engine, String s) {
        return switch (engine) {
            case POSTGRESQL -> postgres(s);
            case MARIADB -> mariadb(s);
            case H2 -> h2(s);
        };
    }

    static List<String> drop(Engine engine, String s) {
        return switch (engine) {
            case POSTGRESQL -> List.of("DROP SCHEMA IF EXISTS \"" + s + "\" CASCADE");
            case MARIADB -> List.of("DROP DATABASE IF EXISTS `" + s + "`");
            case H2 -> List.of("DROP SCHEMA IF EXISTS \"" + s + "\" CASCADE");
        };
    }

    static List<String> postgres(String s) {
        String q = "\"" + s + "\"";
        return List.of(
                "CREATE SCHEMA " + q,
                "CREATE TYPE " + q + ".mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE SEQUENCE " + q + ".counter START WITH 100 INCREMENT BY 5",
                "CREATE TABLE " + q + ".customers ("
                        + " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " email varchar(200) NOT NULL,"
                        + " name text DEFAULT 'anon',"
                        + " mood " + q + ".mood DEFAULT 'ok',"
                        + " created_at timestamptz NOT NULL DEFAULT now(),"
                        + " updated_at timestamp DEFAULT CURRENT_TIMESTAMP,"
                        + " born date DEFAULT CURRENT_DATE,"
                        + " token uuid DEFAULT gen_random_uuid(),"
                        + " score integer DEFAULT 0 CONSTRAINT customers_score_check CHECK (score >= 0),"
                        + " ticket bigint DEFAULT nextval('" + q + ".counter'),"
                        + " active boolean DEFAULT true,"
                        + " \"user\" varchar(20),"
                        + " email_lower text GENERATED ALWAYS AS (lower(email)) STORED,"
                        + " lucky double precision DEFAULT (random() * 10),"
                        + " CONSTRAINT customers_email_key UNIQUE (email))",
                "COMMENT ON TABLE " + q + ".customers IS 'people who buy'",
                "COMMENT ON COLUMN " + q + ".customers.email IS 'login'",
                "CREATE INDEX customers_name_idx ON " + q + ".customers (name)",
                "CREATE INDEX customers_lower_idx ON " + q + ".customers (lower(name))",
                "CREATE INDEX customers_recent_idx ON " + q + ".customers (created_at DESC) WHERE active",
                "CREATE INDEX customers_doc_idx ON " + q + ".customers USING hash (email)",
                "CREATE TABLE " + q + ".orders ("
                        + " id serial PRIMARY KEY,"
                        + " customer_id bigint NOT NULL REFERENCES " + q + ".customers (id) ON DELETE CASCADE ON UPDATE RESTRICT,"
                        + " amount numeric(10,2) NOT NULL CONSTRAINT orders_amount_check CHECK (amount > 0),"
                        + " status varchar(10) NOT NULL DEFAULT 'new'"
                        + "   CONSTRAINT orders_status_check CHECK (status IN ('new', 'paid')),"
                        + " doc jsonb DEFAULT '{}')",
                "CREATE VIEW " + q + ".big_orders AS SELECT id, amount FROM " + q + ".orders WHERE amount > 100",
                "CREATE VIEW " + q + ".big_order_ids AS SELECT id FROM " + q + ".big_orders",
                "CREATE FUNCTION " + q + ".touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now();"
                        + " RETURN NEW; END $$",
                "CREATE TRIGGER customers_touch BEFORE UPDATE ON " + q + ".customers FOR EACH ROW EXECUTE FUNCTION "
                        + q + ".touch()");
    }

    static List<String> mariadb(String s) {
        String q = "`" + s + "`";
        return List.of(
                "CREATE DATABASE " + q,
                "CREATE SEQUENCE " + q + ".counter START WITH 100 INCREMENT BY 5",
                "CREATE TABLE " + q + ".customers ("
                        + " id int unsigned AUTO_INCREMENT PRIMARY KEY,"
                        + " email varchar(200) NOT NULL,"
                        + " name varchar(100) DEFAULT 'anon' COMMENT 'display name',"
                        + " mood enum('sad','ok','happy') DEFAULT 'ok',"
                        + " tags set('a','b','c') DEFAULT '',"
                        + " flag tinyint(1) NOT NULL DEFAULT 0,"
                        + " bits bit(1) DEFAULT b'0',"
                        + " created_at timestamp(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),"
                        + " born datetime DEFAULT NULL,"
                        + " d date DEFAULT curdate(),"
                        + " token uuid DEFAULT uuid(),"
                        + " score int DEFAULT 0,"
                        + " ticket bigint DEFAULT nextval(" + q + ".counter),"
                        + " doc json,"
                        + " big bigint unsigned,"
                        + " `order` int,"
                        + " total decimal(12,2) AS (score * 2) STORED,"
                        + " v int AS (score + 1) VIRTUAL,"
                        + " note text,"
                        + " UNIQUE KEY uq_email (email),"
                        + " KEY ix_name_score (name(20), score DESC),"
                        + " FULLTEXT KEY ft_note (note),"
                        + " CONSTRAINT ck_score CHECK (score >= 0)"
                        + ") COMMENT 'buyers'",
                "CREATE TABLE " + q + ".orders ("
                        + " id bigint unsigned AUTO_INCREMENT PRIMARY KEY,"
                        + " customer_id int unsigned NOT NULL,"
                        + " amount decimal(10,2) NOT NULL,"
                        + " KEY ix_cust (customer_id),"
                        + " CONSTRAINT fk_cust FOREIGN KEY (customer_id) REFERENCES " + q + ".customers (id)"
                        + "   ON DELETE CASCADE ON UPDATE CASCADE) AUTO_INCREMENT = 1000",
                "CREATE VIEW " + q + ".big_orders AS SELECT id, amount FROM " + q + ".orders WHERE amount > 100",
                "CREATE TRIGGER " + q + ".orders_round BEFORE INSERT ON " + q + ".orders FOR EACH ROW"
                        + " SET NEW.amount = round(NEW.amount, 2)",
                "CREATE FUNCTION " + q + ".twice(x int) RETURNS int DETERMINISTIC RETURN x * 2");
    }

    static List<String> h2(String s) {
        String q = "\"" + s + "\"";
        return List.of(
                "CREATE SCHEMA " + q,
                "CREATE SEQUENCE " + q + ".COUNTER START WITH 100",
                "CREATE TABLE " + q + ".CUSTOMERS ("
                        + " ID BIGINT GENERATED BY DEFAULT AS IDENTITY (START WITH 10) PRIMARY KEY,"
                        + " EMAIL VARCHAR(200) NOT NULL,"
                        + " NAME VARCHAR(100) DEFAULT 'anon',"
                        + " MOOD ENUM('sad', 'ok') DEFAULT 'ok',"
                        + " CREATED_AT TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,"
                        + " TOKEN UUID DEFAULT RANDOM_UUID(),"
                        + " SCORE INT DEFAULT 0,"
                        + " DOUBLED INT GENERATED ALWAYS AS (SCORE * 2),"
                        + " CONSTRAINT UQ_EMAIL UNIQUE (EMAIL),"
                        + " CONSTRAINT CK_SCORE CHECK (SCORE >= 0))",
                "COMMENT ON TABLE " + q + ".CUSTOMERS IS 'buyers'",
                "CREATE INDEX IX_NAME ON " + q + ".CUSTOMERS (NAME DESC)",
                "CREATE TABLE " + q + ".ORDERS (ID INT PRIMARY KEY, CUSTOMER_ID BIGINT REFERENCES " + q
                        + ".CUSTOMERS (ID) ON DELETE CASCADE, AMOUNT DECIMAL(10, 2))",
                "CREATE TABLE " + q + ".\"" + LONG_NAME + "\" (ID INT PRIMARY KEY, \"SELECT\" INT)",
                "CREATE VIEW " + q + ".BIG_ORDERS AS SELECT ID, AMOUNT FROM " + q + ".ORDERS WHERE AMOUNT > 100");
    }
}
