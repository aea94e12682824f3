package io.dmskit.examples.cli;

import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.ForeignKey;
import io.dmskit.schema.Index;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dmskit convert-schema} between real PostgreSQL and MariaDB: the files it writes run on
 * the target in their order (pre-load, rows, post-load, views), and the target catalog, read back
 * with dms-schema, has the tables, keys, indexes, checks, foreign keys, sequences and views of the
 * source; the assessment is written next to them.
 */
class ConvertSchemaIT {

    @Test
    void mariaDbSchemaRunsOnPostgres(@TempDir Path dir) throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB);
             TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(
                    "CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY, email varchar(100) NOT NULL,"
                            + " name varchar(50), age int, CONSTRAINT uq_email UNIQUE (email), CONSTRAINT ck_age CHECK (age >= 0),"
                            + " KEY ix_name (name))",
                    "CREATE TABLE orders (id bigint AUTO_INCREMENT PRIMARY KEY, customer_id int NOT NULL, qty int NOT NULL,"
                            + " flag tinyint(1) NOT NULL DEFAULT 0, created datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                            + " doubled int AS (qty * 2) STORED, KEY ix_customer (customer_id),"
                            + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE)",
                    "CREATE SEQUENCE invoice_seq START WITH 100",
                    "CREATE VIEW big_orders AS SELECT id, IFNULL(qty, 0) AS qty FROM orders WHERE qty > 10");
            String schema = source.schema();

            ConvertSchemaTest.Result r = convert(source, "postgresql", dir);
            assertThat(r.exit()).as(r.err()).isZero();

            try (Connection c = target.connect(); Statement st = c.createStatement()) {
                runFile(st, dir.resolve("pre-load.sql"));
                st.execute("INSERT INTO \"" + schema + "\".customers (id, email, name, age) VALUES (1, 'a@x', 'Ann', 3)");
                st.execute("INSERT INTO \"" + schema + "\".orders (id, customer_id, qty) VALUES (1, 1, 20)");
                runFile(st, dir.resolve("post-load.sql"));
                runFile(st, dir.resolve("views.sql"));
                assertThat(longs(st, "SELECT doubled FROM \"" + schema + "\".orders")).containsExactly(40L);
                assertThat(longs(st, "SELECT qty FROM \"" + schema + "\".big_orders")).containsExactly(20L);
            }
            Catalog catalog = catalog(target, schema);
            Table customers = table(catalog, schema, "customers");
            assertThat(indexOn(customers, "email").unique()).isTrue();
            assertThat(indexOn(customers, "name").unique()).isFalse();
            assertThat(customers.checks()).hasSize(1);
            Table orders = table(catalog, schema, "orders");
            assertThat(orders.foreignKeys()).extracting(ForeignKey::referencedTable).containsExactly(TableId.of(schema, "customers"));
            assertThat(orders.column("doubled").orElseThrow().isGenerated()).isTrue();
            // DATETIME is a wall-clock time: its CURRENT_TIMESTAMP default becomes LOCALTIMESTAMP
            assertThat(orders.column("created").orElseThrow().defaultExpression()).isEqualToIgnoringCase("localtimestamp");
            assertThat(catalog.sequences()).extracting(s -> s.id().name()).contains("invoice_seq");
            assertThat(catalog.views()).extracting(v -> v.id().name()).containsExactly("big_orders");
            assertThat(dir.resolve("assessment.html")).exists();
            assertThat(Files.readString(dir.resolve("assessment.json"))).contains("big_orders");
        }
    }

    @Test
    void postgresSchemaRunsOnMariaDb(@TempDir Path dir) throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL);
             TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            // the source schema is named like the target database, so that the converted objects land in it
            String schema = target.schema();
            source.execute(
                    "CREATE SCHEMA \"" + schema + "\"",
                    "SET search_path TO \"" + schema + "\"",
                    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                    "CREATE SEQUENCE ticket_seq START 500",
                    "CREATE TABLE authors (id serial PRIMARY KEY, name varchar(100) NOT NULL, mood mood DEFAULT 'ok',"
                            + " CONSTRAINT uq_author_name UNIQUE (name), CONSTRAINT ck_name CHECK (length(name) > 0))",
                    "CREATE TABLE books (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                            + " author_id integer NOT NULL REFERENCES authors (id), title varchar(200) NOT NULL,"
                            + " price numeric(8,2), price2 numeric(10,2) GENERATED ALWAYS AS (price * 2) STORED,"
                            + " ticket bigint DEFAULT nextval('ticket_seq'), tags jsonb)",
                    "CREATE INDEX ix_books_title ON books (lower(title))",
                    "CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10");

            ConvertSchemaTest.Result r = convert(source, "mariadb", dir);
            assertThat(r.exit()).as(r.err()).isZero();

            try (Connection c = target.connect(); Statement st = c.createStatement()) {
                runFile(st, dir.resolve("pre-load.sql"));
                st.execute("INSERT INTO authors (id, name) VALUES (1, 'Ann')");
                st.execute("INSERT INTO books (id, author_id, title, price) VALUES (7, 1, 'A', 5.50)");
                runFile(st, dir.resolve("post-load.sql"));
                runFile(st, dir.resolve("views.sql"));
                assertThat(strings(st, "SELECT price2 FROM books")).containsExactly("11.00");
                assertThat(strings(st, "SELECT mood FROM authors")).containsExactly("ok");
                assertThat(longs(st, "SELECT ticket FROM books")).containsExactly(500L);
                assertThat(longs(st, "SELECT id FROM cheap_books")).containsExactly(7L);
            }
            Catalog catalog = catalog(target, schema);
            Table authors = table(catalog, schema, "authors");
            assertThat(indexOn(authors, "name").unique()).isTrue();
            assertThat(authors.checks()).hasSize(1);
            Table books = table(catalog, schema, "books");
            assertThat(books.foreignKeys()).extracting(ForeignKey::referencedTable).containsExactly(TableId.of(schema, "authors"));
            // MariaDB has no functional indexes: the index is an action item of the assessment, with its source DDL
            assertThat(books.indexes()).noneMatch(i -> i.name().equals("ix_books_title"));
            assertThat(r.out()).contains("MANUAL index " + schema + ".books.ix_books_title");
            assertThat(books.column("price2").orElseThrow().isGenerated()).isTrue();
            assertThat(catalog.sequences()).extracting(s -> s.id().name()).contains("ticket_seq");
            assertThat(catalog.views()).extracting(v -> v.id().name()).containsExactly("cheap_books");
        }
    }

    private static ConvertSchemaTest.Result convert(TestDatabase source, String engine, Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("convert-schema", "--source", source.jdbcUrl(), "--target-engine", engine,
                "--include", schemaOf(source) + ".%", "--out", dir.toString()));
        if (source.user() != null) {
            args.addAll(List.of("--source-user", source.user()));
        }
        if (source.password() != null && !source.password().isEmpty()) {
            args.addAll(List.of("--source-password", source.password()));
        }
        return ConvertSchemaTest.run(args.toArray(String[]::new));
    }

    /** The schema whose objects a test converts: the MariaDB database itself, or the PostgreSQL schema named like the target. */
    private static String schemaOf(TestDatabase source) throws Exception {
        if (source.engine() != Engine.POSTGRESQL) {
            return source.schema();
        }
        try (Connection c = source.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dmskit%'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** Runs a file that convert-schema wrote: one statement per line-ending {@code ;}, comment lines skipped. */
    private static void runFile(Statement st, Path file) throws Exception {
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("--") && sql.length() == 0) {
                continue;
            }
            sql.append(line).append('\n');
            if (line.endsWith(";")) {
                String statement = sql.toString().strip();
                st.execute(statement.substring(0, statement.length() - 1));
                sql.setLength(0);
            }
        }
        assertThat(sql.toString().strip()).isEmpty();
    }

    private static Catalog catalog(TestDatabase db, String schema) throws Exception {
        try (Connection c = db.connect()) {
            return Engines.forEndpoint(db.endpoint()).dialect().readCatalog(c, id -> id.schema().equals(schema));
        }
    }

    private static Table table(Catalog catalog, String schema, String name) {
        return catalog.table(TableId.of(schema, name)).orElseThrow(() -> new AssertionError("no table " + name
                + " in " + catalog.tables().stream().map(Table::id).toList()));
    }

    private static Index indexOn(Table table, String column) {
        return table.indexes().stream().filter(i -> i.columnNames().equals(List.of(column))).findFirst()
                .orElseThrow(() -> new AssertionError("no index on " + table.id() + "(" + column + ") in " + table.indexes()));
    }

    private static List<Long> longs(Statement st, String sql) throws Exception {
        List<Long> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static List<String> strings(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
