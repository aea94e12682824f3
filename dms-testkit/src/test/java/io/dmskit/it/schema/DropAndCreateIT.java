package io.dmskit.it.schema;

import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.ForeignKey;
import io.dmskit.schema.Index;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prep mode DROP_AND_CREATE creates the complete schema through the schema converter, across
 * engines on real databases: tables before the load; after it, unique constraints, secondary
 * indexes, check constraints, foreign keys, sequences and identities set past the loaded maximum,
 * and views. The target catalog is read back with dms-schema, and new rows take their keys from
 * the target's sequences and identities without colliding with the loaded ones. Generated columns
 * are computed by the target, not copied.
 */
class DropAndCreateIT {

    @Test
    void mariaDbToPostgresCreatesIndexesConstraintsSequencesAndViews() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB);
             TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(
                    "CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY, email varchar(100) NOT NULL,"
                            + " name varchar(50), age int, CONSTRAINT uq_email UNIQUE (email), CONSTRAINT ck_age CHECK (age >= 0),"
                            + " KEY ix_name (name))",
                    "CREATE TABLE orders (id bigint AUTO_INCREMENT PRIMARY KEY, customer_id int NOT NULL, qty int NOT NULL,"
                            + " doubled int AS (qty * 2) STORED, KEY ix_customer (customer_id),"
                            + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE)",
                    "CREATE SEQUENCE invoice_seq START WITH 100",
                    "CREATE TABLE invoices (no bigint NOT NULL DEFAULT nextval(invoice_seq) PRIMARY KEY, note varchar(20))",
                    "CREATE VIEW big_orders AS SELECT id, qty FROM orders WHERE qty > 10",
                    "INSERT INTO customers (id, email, name, age) VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', 'Bob', 0), (7, 'c@x', NULL, NULL)",
                    "INSERT INTO orders (id, customer_id, qty) VALUES (1, 1, 5), (2, 1, 20), (50, 7, 11)",
                    "INSERT INTO invoices (note) VALUES ('first'), ('second'), ('third')");

            TaskStatus status = run(source, target);
            assertThat(status.errors()).isEmpty();
            assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(status.rowsLoaded()).isEqualTo(9);

            Catalog catalog = targetCatalog(target);
            Table customers = table(catalog, target, "customers");
            assertThat(customers.primaryKey()).containsExactly("id");
            assertThat(indexOn(customers, "email").unique()).isTrue();
            assertThat(indexOn(customers, "name").unique()).isFalse();
            assertThat(customers.checks()).hasSize(1);
            assertThat(customers.checks().get(0).expression()).contains("age");
            Table orders = table(catalog, target, "orders");
            assertThat(indexOn(orders, "customer_id")).isNotNull();
            assertThat(orders.foreignKeys()).hasSize(1);
            ForeignKey fk = orders.foreignKeys().get(0);
            assertThat(fk.referencedTable()).isEqualTo(TableId.of(target.schema(), "customers"));
            assertThat(fk.onDelete()).isEqualTo(ForeignKey.Action.CASCADE);
            assertThat(orders.column("doubled").orElseThrow().isGenerated()).isTrue();
            assertThat(catalog.sequences()).extracting(s -> s.id().name()).contains("invoice_seq");
            assertThat(catalog.views()).extracting(v -> v.id().name()).contains("big_orders");

            try (Connection c = target.connect(); Statement st = c.createStatement()) {
                assertThat(longs(st, "SELECT doubled FROM orders ORDER BY id")).containsExactly(10L, 40L, 22L);
                assertThat(longs(st, "SELECT id FROM big_orders ORDER BY id")).containsExactly(2L, 50L);
                // identities and sequences continue past the loaded maximum
                assertThat(longs(st, "INSERT INTO orders (customer_id, qty) VALUES (2, 1) RETURNING id")).containsExactly(51L);
                assertThat(longs(st, "INSERT INTO customers (email) VALUES ('d@x') RETURNING id")).containsExactly(8L);
                assertThat(longs(st, "INSERT INTO invoices (note) VALUES ('fourth') RETURNING no").get(0)).isGreaterThan(102L);
                // the constraints hold
                assertThat(fails(st, "INSERT INTO customers (email, age) VALUES ('e@x', -1)")).isTrue();
                assertThat(fails(st, "INSERT INTO customers (email) VALUES ('a@x')")).isTrue();
                assertThat(fails(st, "INSERT INTO orders (customer_id, qty) VALUES (999, 1)")).isTrue();
            }
        }
    }

    @Test
    void postgresToMariaDbCreatesIndexesConstraintsSequencesAndViews() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL);
             TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            source.execute(
                    "CREATE SEQUENCE ticket_seq START 500",
                    "CREATE TABLE authors (id serial PRIMARY KEY, name varchar(100) NOT NULL, CONSTRAINT uq_author_name"
                            + " UNIQUE (name), CONSTRAINT ck_name CHECK (length(name) > 0))",
                    "CREATE TABLE books (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                            + " author_id integer NOT NULL REFERENCES authors (id), title varchar(200) NOT NULL,"
                            + " price numeric(8,2), price2 numeric(10,2) GENERATED ALWAYS AS (price * 2) STORED,"
                            + " ticket bigint DEFAULT nextval('ticket_seq'))",
                    "CREATE INDEX ix_books_title ON books (title)",
                    "CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10",
                    "INSERT INTO authors (name) VALUES ('Ann'), ('Bob')",
                    "INSERT INTO books (author_id, title, price) VALUES (1, 'A', 5.50), (2, 'B', 12.00)",
                    "INSERT INTO books (id, author_id, title, price) VALUES (40, 2, 'C', 1.25)");

            TaskStatus status = run(source, target);
            assertThat(status.errors()).isEmpty();
            assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(status.rowsLoaded()).isEqualTo(5);

            Catalog catalog = targetCatalog(target);
            Table authors = table(catalog, target, "authors");
            assertThat(indexOn(authors, "name").unique()).isTrue();
            assertThat(authors.checks()).as("checks of %s; task warnings: %s", authors.id(), status.warnings()).hasSize(1);
            Table books = table(catalog, target, "books");
            assertThat(indexOn(books, "title").unique()).isFalse();
            assertThat(books.foreignKeys()).extracting(ForeignKey::referencedTable)
                    .containsExactly(TableId.of(target.schema(), "authors"));
            assertThat(books.column("price2").orElseThrow().isGenerated()).isTrue();
            assertThat(catalog.sequences()).extracting(s -> s.id().name()).contains("ticket_seq");
            assertThat(catalog.views()).extracting(v -> v.id().name()).contains("cheap_books");

            try (Connection c = target.connect(); Statement st = c.createStatement()) {
                assertThat(strings(st, "SELECT price2 FROM books ORDER BY id")).containsExactly("11.00", "24.00", "2.50");
                assertThat(longs(st, "SELECT id FROM cheap_books ORDER BY id")).containsExactly(1L, 40L);
                st.execute("INSERT INTO authors (name) VALUES ('Cy')");
                assertThat(longs(st, "SELECT id FROM authors WHERE name = 'Cy'")).containsExactly(3L);
                st.execute("INSERT INTO books (author_id, title, price) VALUES (3, 'D', 1)");
                assertThat(longs(st, "SELECT id FROM books WHERE title = 'D'")).containsExactly(41L);
                assertThat(longs(st, "SELECT ticket FROM books WHERE title = 'D'").get(0)).isGreaterThan(502L);
                assertThat(fails(st, "INSERT INTO authors (name) VALUES ('')")).isTrue();
                assertThat(fails(st, "INSERT INTO books (author_id, title) VALUES (999, 'X')")).isTrue();
            }
        }
    }

    @Test
    void aFailedPostLoadStatementIsATaskErrorThatKeepsTheDataAndAResumeBuildsWhatIsMissing() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL);
             TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            // a check added NOT VALID in PostgreSQL leaves the rows that break it; MariaDB checks the loaded rows
            source.execute(
                    "CREATE TABLE people (id int PRIMARY KEY, name varchar(50) NOT NULL, age int,"
                            + " CONSTRAINT uq_people_name UNIQUE (name))",
                    "CREATE INDEX ix_people_age ON people (age)",
                    "CREATE TABLE pets (id int PRIMARY KEY, owner int REFERENCES people (id))",
                    "CREATE VIEW adults AS SELECT id, name FROM people WHERE age >= 18",
                    "INSERT INTO people VALUES (1, 'Ann', 30), (2, 'Bob', 0)",
                    "ALTER TABLE people ADD CONSTRAINT ck_age CHECK (age > 0) NOT VALID",
                    "INSERT INTO pets VALUES (10, 1), (11, 2)");
            ReplicationTask task = ReplicationTask.builder().name("post-load-failure").source(source.endpoint("source"))
                    .target(target.endpoint("target")).mapping(source.mappingTo(target))
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build();

            TaskStatus failed;
            try (var handle = task.start(StartMode.RELOAD)) {
                failed = handle.awaitCompletion(java.time.Duration.ofMinutes(5));
            }
            assertThat(failed.state()).isEqualTo(TaskState.FAILED);
            assertThat(failed.errors()).hasSize(1);
            var error = failed.errors().get(0);
            assertThat(error.code()).isEqualTo(io.dmskit.error.ErrorCode.SCHEMA_DDL_FAILED);
            assertThat(error.table()).isEqualTo(TableId.of("public", "people"));
            assertThat(error.message()).startsWith("Task post-load-failure, table public.people (target " + target.schema()
                    + ".people): the index or constraint statement failed: ").contains("ck_age")
                    .contains("Statement: ALTER TABLE `" + target.schema() + "`.`people` ADD CONSTRAINT `ck_age` CHECK");
            assertThat(failed.rowsLoaded()).isEqualTo(4);
            Catalog partial = targetCatalog(target);
            // what did not depend on the failed statement was built: the indexes, the foreign key, the view
            assertThat(indexOn(table(partial, target, "people"), "age")).isNotNull();
            assertThat(indexOn(table(partial, target, "people"), "name").unique()).isTrue();
            assertThat(table(partial, target, "people").checks()).isEmpty();
            assertThat(table(partial, target, "pets").foreignKeys()).hasSize(1);
            assertThat(partial.views()).extracting(v -> v.id().name()).containsExactly("adults");

            // the user resolves the clash in the target; a resumed run builds what is missing and nothing else fails
            target.execute("UPDATE people SET age = 1 WHERE id = 2");
            TaskStatus resumed = task.run(StartMode.RESUME);
            assertThat(resumed.errors()).isEmpty();
            assertThat(resumed.state()).isEqualTo(TaskState.COMPLETED);
            Catalog done = targetCatalog(target);
            assertThat(indexOn(table(done, target, "people"), "name").unique()).isTrue();
            assertThat(table(done, target, "people").checks()).extracting(io.dmskit.schema.CheckConstraint::name)
                    .containsExactly("ck_age");
            assertThat(table(done, target, "pets").foreignKeys()).hasSize(1);
            try (Connection c = target.connect(); Statement st = c.createStatement()) {
                assertThat(strings(st, "SELECT name FROM people ORDER BY id")).containsExactly("Ann", "Bob");
                assertThat(fails(st, "INSERT INTO people VALUES (3, 'Cy', 0)")).isTrue();
            }
        }
    }

    @Test
    void aSequenceThatADefaultUsesComesAlongEvenWhenTheMappingDoesNotSelectIt() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL);
             TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE SEQUENCE ticket_numbers START 900",
                    "CREATE TABLE tickets (no bigint PRIMARY KEY DEFAULT nextval('ticket_numbers'), note text)",
                    "INSERT INTO tickets (note) VALUES ('a'), ('b')");
            TaskStatus status = ReplicationTask.builder().name("only-tickets").source(source.endpoint("source"))
                    .target(target.endpoint("target"))
                    .mapping(io.dmskit.TableMapping.builder().include("public", "tickets").build())
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build().run(StartMode.RELOAD);
            assertThat(status.errors()).isEmpty();
            try (Connection c = target.connect(); Statement st = c.createStatement()) {
                assertThat(longs(st, "INSERT INTO tickets (note) VALUES ('c') RETURNING no").get(0)).isGreaterThan(901L);
            }
        }
    }

    @Test
    void aMariaDbSequenceThatADefaultUsesComesAlongEvenWhenTheMappingDoesNotSelectIt() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB);
             TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE SEQUENCE ticket_numbers START WITH 900",
                    "CREATE TABLE tickets (no bigint PRIMARY KEY DEFAULT nextval(ticket_numbers), note text)",
                    "INSERT INTO tickets (note) VALUES ('a'), ('b')");
            TaskStatus status = ReplicationTask.builder().name("only-tickets").source(source.endpoint("source"))
                    .target(target.endpoint("target"))
                    .mapping(io.dmskit.TableMapping.builder().include(source.schema(), "tickets")
                            .renameSchema(source.schema(), target.schema()).build())
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build().run(StartMode.RELOAD);
            assertThat(status.errors()).isEmpty();
            try (Connection c = target.connect(); Statement st = c.createStatement()) {
                assertThat(longs(st, "INSERT INTO tickets (note) VALUES ('c') RETURNING no").get(0)).isGreaterThan(901L);
            }
        }
    }

    private static TaskStatus run(TestDatabase source, TestDatabase target) {
        return ReplicationTask.builder().name("drop-and-create").source(source.endpoint("source"))
                .target(target.endpoint("target")).mapping(source.mappingTo(target))
                .settings(TaskSettings.builder().controlSchema(target.controlSchema()).maxParallelSegments(2).build())
                .build().run(StartMode.RELOAD);
    }

    private static Catalog targetCatalog(TestDatabase target) throws Exception {
        try (Connection c = target.connect()) {
            return Engines.forEndpoint(target.endpoint()).dialect().readCatalog(c,
                    id -> id.schema().equals(target.schema()));
        }
    }

    private static Table table(Catalog catalog, TestDatabase db, String name) {
        return catalog.table(TableId.of(db.schema(), name)).orElseThrow(() -> new AssertionError("no table " + name
                + " in " + catalog.tables().stream().map(Table::id).toList()));
    }

    private static Index indexOn(Table table, String column) {
        return table.indexes().stream().filter(i -> i.columnNames().equals(List.of(column))).findFirst()
                .orElseThrow(() -> new AssertionError("no index on " + table.id() + "(" + column + ") in " + table.indexes()));
    }

    private static List<Long> longs(Statement st, String sql) throws Exception {
        List<Long> out = new java.util.ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static List<String> strings(Statement st, String sql) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static boolean fails(Statement st, String sql) {
        try {
            st.execute(sql);
            return false;
        } catch (java.sql.SQLException e) {
            return true;
        }
    }
}
