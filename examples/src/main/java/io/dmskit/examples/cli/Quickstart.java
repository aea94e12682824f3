package io.dmskit.examples.cli;

import io.dmskit.Endpoint;
import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TableMapping.RuleTarget;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dmskit quickstart}: builds a sample shop database in an embedded H2 (five tables, about
 * 600,000 rows of varied types, one table without a key) and migrates it into a real PostgreSQL
 * server that the testkit starts from Maven artifacts (or the one {@code DMSKIT_TEST_POSTGRES_URL}
 * names), with a progress bar per table and a summary, then compares row counts on both sides.
 * Nothing to install.
 */
final class Quickstart {
    static final String H2_URL = "jdbc:h2:mem:dmskit_quickstart;DB_CLOSE_DELAY=-1";

    private Quickstart() {
    }

    static int run(PrintStream out) throws InterruptedException {
        out.println("dmskit quickstart: creating the sample database in H2 (in memory) ...");
        long t0 = System.nanoTime();
        Map<String, Long> sourceCounts;
        try (Connection h2 = DriverManager.getConnection(H2_URL)) {
            createSampleDatabase(h2);
            sourceCounts = counts(h2, "SHOP", "CUSTOMERS", "PRODUCTS", "ORDERS", "ORDER_LINES", "EVENT_LOG");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the sample database in H2: " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "dmskit quickstart: %,d rows in %.1f s%n",
                sourceCounts.values().stream().mapToLong(Long::longValue).sum(), (System.nanoTime() - t0) / 1e9);
        out.println("dmskit quickstart: starting PostgreSQL ...");
        try (TestDatabase pg = TestDatabase.create(Engine.POSTGRESQL)) {
            out.println("dmskit quickstart: target is " + pg.provenance() + ", database " + pg.jdbcUrl());

            // README-BEGIN
            Endpoint source = Endpoint.jdbc("jdbc:h2:mem:dmskit_quickstart").name("h2").build();
            Endpoint target = Endpoint.jdbc(pg.jdbcUrl()).name("postgres").user(pg.user()).build();

            TableMapping mapping = TableMapping.builder()
                    .include("SHOP", "%")
                    .renameSchema("SHOP", "shop")
                    .toLowerCase(RuleTarget.TABLE, "%", "%", null)
                    .toLowerCase(RuleTarget.COLUMN, "%", "%", "%")
                    .build();

            ReplicationTask task = ReplicationTask.builder()
                    .name("quickstart")
                    .source(source).target(target).mapping(mapping)
                    .build();
            // README-END

            int exit = Dmskit.runAndReport(task, StartMode.RELOAD, out);
            if (exit != 0) {
                return exit;
            }
            Map<String, Long> targetCounts;
            try (Connection c = pg.connect()) {
                targetCounts = counts(c, "shop", "customers", "products", "orders", "order_lines", "event_log");
            }
            out.println();
            out.printf(Locale.ROOT, "%-14s %12s %12s  %s%n", "table", "H2 rows", "PG rows", "");
            boolean same = true;
            var sourceIt = sourceCounts.entrySet().iterator();
            for (var e : targetCounts.entrySet()) {
                long s = sourceIt.next().getValue();
                boolean ok = s == e.getValue();
                same &= ok;
                out.printf(Locale.ROOT, "%-14s %,12d %,12d  %s%n", e.getKey(), s, e.getValue(), ok ? "same" : "DIFFERENT");
            }
            out.println(same ? "dmskit quickstart: done. Try `dmskit migrate --help` next."
                    : "dmskit quickstart: row counts differ: this is a bug, please report it.");
            return same ? 0 : 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the rows of the target: " + e.getMessage(), e);
        }
    }

    private static Map<String, Long> counts(Connection c, String schema, String... tables) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + schema + "\".\"" + t + "\"")) {
                    rs.next();
                    out.put(t.toLowerCase(Locale.ROOT), rs.getLong(1));
                }
            }
        }
        return out;
    }

    static void createSampleDatabase(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS SHOP CASCADE");
            st.execute("CREATE SCHEMA SHOP");
            st.execute("""
                    CREATE TABLE SHOP.CUSTOMERS (
                      ID BIGINT PRIMARY KEY, NAME VARCHAR(100) NOT NULL, EMAIL VARCHAR(200) NOT NULL UNIQUE,
                      COUNTRY CHAR(2), CREATED_AT TIMESTAMP(6) NOT NULL, VIP BOOLEAN NOT NULL, PROFILE JSON)""");
            st.execute("""
                    INSERT INTO SHOP.CUSTOMERS
                    SELECT X, 'Customer ' || X || CASE WHEN MOD(X, 7) = 0 THEN ' 😀 Zoë' ELSE '' END,
                           'c' || X || '@example.com', CASE MOD(X, 4) WHEN 0 THEN 'DE' WHEN 1 THEN 'FR' WHEN 2 THEN 'US' ELSE NULL END,
                           TIMESTAMP '2020-01-01 00:00:00' + X * INTERVAL '37' MINUTE + MOD(X, 1000) * INTERVAL '0.000123' SECOND,
                           MOD(X, 10) = 0,
                           CASE WHEN MOD(X, 3) = 0 THEN NULL ELSE ('{"tier":' || MOD(X, 5) || ',"tags":["a","b"]}') FORMAT JSON END
                    FROM SYSTEM_RANGE(1, 50000)""");
            st.execute("""
                    CREATE TABLE SHOP.PRODUCTS (
                      ID INTEGER PRIMARY KEY, SKU UUID NOT NULL, TITLE VARCHAR(200) NOT NULL, PRICE DECIMAL(10,2) NOT NULL,
                      WEIGHT_KG DOUBLE PRECISION, DESCRIPTION CHARACTER LARGE OBJECT, PHOTO BINARY VARYING(64))""");
            st.execute("""
                    INSERT INTO SHOP.PRODUCTS
                    SELECT X, RANDOM_UUID(), 'Product ' || X, CAST(MOD(X * 7919, 100000) AS DECIMAL(10,2)) / 100 + 0.99,
                           CASE WHEN MOD(X, 11) = 0 THEN NULL ELSE X / 7.0 END,
                           REPEAT('A long description. ', MOD(X, 40)),
                           CAST(X AS BINARY VARYING(8)) || X'00FF10'
                    FROM SYSTEM_RANGE(1, 5000)""");
            st.execute("""
                    CREATE TABLE SHOP.ORDERS (
                      ID BIGINT PRIMARY KEY, CUSTOMER_ID BIGINT NOT NULL, ORDERED_ON DATE NOT NULL,
                      STATUS ENUM('new', 'paid', 'shipped', 'cancelled') NOT NULL, TOTAL DECIMAL(12,2) NOT NULL,
                      NOTE VARCHAR(200), UPDATED_AT TIMESTAMP(6) WITH TIME ZONE NOT NULL)""");
            st.execute("""
                    INSERT INTO SHOP.ORDERS
                    SELECT X, MOD(X * 31, 50000) + 1, DATE '2021-01-01' + CAST(MOD(X, 1400) AS INT),
                           CASE MOD(X, 4) WHEN 0 THEN 'new' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE 'cancelled' END,
                           CAST(MOD(X * 104729, 1000000) AS DECIMAL(12,2)) / 100,
                           CASE WHEN MOD(X, 5) = 0 THEN 'leave at the door' ELSE NULL END,
                           TIMESTAMP WITH TIME ZONE '2021-01-01 00:00:00+01:00' + X * INTERVAL '11' SECOND
                    FROM SYSTEM_RANGE(1, 200000)""");
            st.execute("""
                    CREATE TABLE SHOP.ORDER_LINES (
                      ORDER_ID BIGINT NOT NULL, LINE_NO INTEGER NOT NULL, PRODUCT_ID INTEGER NOT NULL,
                      QTY SMALLINT NOT NULL, UNIT_PRICE DECIMAL(10,2) NOT NULL, PRIMARY KEY (ORDER_ID, LINE_NO))""");
            st.execute("""
                    INSERT INTO SHOP.ORDER_LINES
                    SELECT 1 + (X - 1) / 2, 1 + MOD(X - 1, 2), MOD(X * 13, 5000) + 1, 1 + MOD(X, 9),
                           CAST(MOD(X * 7919, 100000) AS DECIMAL(10,2)) / 100
                    FROM SYSTEM_RANGE(1, 300000)""");
            st.execute("""
                    CREATE TABLE SHOP.EVENT_LOG (AT TIMESTAMP(3) NOT NULL, KIND VARCHAR(20) NOT NULL, PAYLOAD BINARY VARYING(32))""");
            st.execute("""
                    INSERT INTO SHOP.EVENT_LOG
                    SELECT TIMESTAMP '2024-01-01 00:00:00' + X * INTERVAL '0.25' SECOND, 'event-' || MOD(X, 6),
                           CASE WHEN MOD(X, 2) = 0 THEN NULL ELSE CAST(X AS BINARY VARYING(8)) END
                    FROM SYSTEM_RANGE(1, 20000)""");
            st.execute("ANALYZE");
        }
    }
}
