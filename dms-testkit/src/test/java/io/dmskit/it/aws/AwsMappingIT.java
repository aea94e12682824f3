package io.dmskit.it.aws;

import io.dmskit.Endpoint;
import io.dmskit.ReplicationTask;
import io.dmskit.Secret;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TableStatistics;
import io.dmskit.TaskListener;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table-mapping corpus under {@code aws/mapping/} (files in the style of the AWS DMS
 * documentation's examples, with {@code ${source_schema}}, {@code ${source_schema_name}} and
 * {@code ${target_schema}} put in
 * for the test databases' names), each read with {@link TableMapping#fromAwsJson(InputStream, String)}
 * and run as a full-load task from MariaDB and from PostgreSQL into PostgreSQL. Mappings that
 * only select and rename are checked with the testkit's comparison through the mapping; those
 * that change rows (filters, masking) with explicit row checks.
 */
class AwsMappingIT {

    private static final List<String> SOURCE = List.of(
            "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), phone VARCHAR(30),"
                    + " passport VARCHAR(20))",
            "INSERT INTO customers VALUES (1, 'Ada', 'ada@example.com', '+49 30 1234501', 'C6BGJ56669K')",
            "INSERT INTO customers VALUES (2, 'Bob', NULL, '+49 30 1234502', 'X1')",
            "INSERT INTO customers VALUES (3, 'Cy', 'cy@example.com', '(030) 55-01', 'P123456')",
            "INSERT INTO customers VALUES (4, 'Di', 'di@example.com', NULL, NULL)",
            "INSERT INTO customers VALUES (5, 'Ed', 'ed@example.com', '0', 'NO DIGITS')",
            "INSERT INTO customers VALUES (6, 'Flo', 'flo@example.com', '+1 555 0100', 'A9')",
            "INSERT INTO customers VALUES (7, 'Gus', 'gus@example.com', '+1 555 0107', 'B77')",
            "INSERT INTO customers VALUES (8, 'Hal', 'hal@example.com', '+1 555 0108', 'C88')",
            "INSERT INTO customers VALUES (9, 'Ivy', NULL, '+1 555 0109', 'D99')",
            "INSERT INTO customers VALUES (10, 'Jo', 'jo@example.com', '+1 555 0110', 'E10')",
            "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, region VARCHAR(10), amount DECIMAL(10,2),"
                    + " status VARCHAR(10), created DATE)",
            "INSERT INTO orders VALUES (1, 1, 'EU', 50.00, 'ok', '2024-01-01')",
            "INSERT INTO orders VALUES (2, 1, 'US', 50.00, 'ok', '2024-01-02')",
            "INSERT INTO orders VALUES (3, 2, 'EU', 5.00, 'ok', '2024-01-03')",
            "INSERT INTO orders VALUES (4, 2, NULL, 20.00, 'ok', '2024-01-04')",
            "INSERT INTO orders VALUES (5, 3, 'EU', 1500.00, 'ok', '2024-01-05')",
            "INSERT INTO orders VALUES (6, 3, 'EU', 1500.00, 'void', '2024-01-06')",
            "INSERT INTO orders VALUES (7, 4, 'EU', 10.00, 'ok', '2024-01-07')",
            "INSERT INTO orders VALUES (8, 4, 'EU', 100.00, 'ok', '2024-01-08')",
            "INSERT INTO orders VALUES (9, 5, 'EU', 100.01, 'ok', '2024-01-09')",
            "INSERT INTO orders VALUES (10, 5, 'APAC', 2000.00, 'ok', '2024-01-10')",
            "INSERT INTO orders VALUES (11, 6, 'EU', 999.99, 'ok', '2024-01-11')",
            "INSERT INTO orders VALUES (12, 6, NULL, 1000.00, 'new', '2024-01-12')",
            "CREATE TABLE tmp_scratch (id INT PRIMARY KEY, v INT)",
            "INSERT INTO tmp_scratch VALUES (1, 1)",
            "CREATE TABLE tmpxlog (id INT PRIMARY KEY, v INT)",
            "INSERT INTO tmpxlog VALUES (1, 1)",
            "CREATE TABLE archive_a (id INT PRIMARY KEY, created DATE)",
            "CREATE TABLE archive_c (id INT PRIMARY KEY, created DATE)",
            "CREATE TABLE archive_d (id INT PRIMARY KEY, created DATE)",
            "INSERT INTO archive_d VALUES (1, '2024-01-01')",
            "INSERT INTO archive_d VALUES (2, '2024-06-30')",
            "INSERT INTO archive_d VALUES (3, '2024-07-01')");

    /** A corpus file with the test databases' schema names put in. */
    static TableMapping mapping(String file, TestDatabase source, TestDatabase target) throws IOException {
        String json;
        try (InputStream in = AwsMappingIT.class.getResourceAsStream("/aws/mapping/" + file)) {
            assertThat(in).as("corpus file " + file).isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // ${source_schema} is a pattern (test databases' names hold underscores), ${source_schema_name} the exact
        // name for explicit rules, which take no wildcards
        json = json.replace("${source_schema_name}", source.schema()).replace("${source_schema}", literal(source.schema()))
                .replace("${target_schema}", target.schema());
        return TableMapping.fromAwsJson(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), file);
    }

    /** A schema name as a pattern that matches only itself (test databases' names hold underscores). */
    static String literal(String name) {
        return name.replace("_", "[_]");
    }

    static Endpoint endpoint(TestDatabase db, String name) {
        return Endpoint.jdbc(db.jdbcUrl()).name(name).user(db.user()).password(Secret.of(db.password())).build();
    }

    static TaskStatus run(TestDatabase source, TestDatabase target, TableMapping mapping, TaskListener listener) {
        var builder = ReplicationTask.builder().name("aws-mapping").source(endpoint(source, "source"))
                .target(endpoint(target, "target")).mapping(mapping)
                .settings(TaskSettings.builder().controlSchema("dmskit").maxParallelSegments(1).build());
        if (listener != null) {
            builder.listener(listener);
        }
        return builder.build().run(StartMode.RELOAD);
    }

    /** Every row of a target table as column -> text, ordered by the first column. */
    static List<Map<String, String>> rows(TestDatabase db, String table) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM \"" + db.schema() + "\".\"" + table + "\" ORDER BY 1")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i), rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    static List<String> tables(TestDatabase db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); ResultSet rs = c.getMetaData().getTables(null, db.schema(), "%",
                new String[]{"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    static List<String> ids(List<Map<String, String>> rows, String column) {
        return rows.stream().map(r -> r.get(column)).toList();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void selectionWithEveryWildcard(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(SOURCE.toArray(String[]::new));
            TableMapping mapping = mapping("01-selection-wildcards.json", source, target);
            TaskStatus status = run(source, target, mapping, null);
            assertThat(status.errors()).isEmpty();
            assertThat(tables(target)).containsExactlyInAnyOrder("customers", "orders", "tmpxlog", "archive_d");
            assertThat(target).usingMapping(mapping).isConsistentWith(source);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void renamesAndRemovedColumns(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(SOURCE.toArray(String[]::new));
            TableMapping mapping = mapping("02-rename-and-columns.json", source, target);
            TaskStatus status = run(source, target, mapping, null);
            assertThat(status.errors()).isEmpty();
            assertThat(tables(target)).containsExactlyInAnyOrder("crm_customers", "crm_sales");
            assertThat(rows(target, "crm_customers").get(0).keySet())
                    .containsExactly("id", "full_name", "email", "phone");
            assertThat(rows(target, "crm_sales").get(0).keySet())
                    .containsExactly("id_x", "customer_id_x", "region_x", "amount_x", "status_x", "created_x");
            assertThat(target).usingMapping(mapping).isConsistentWith(source);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void sourceFiltersWithEveryOperatorArePushedDown(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(SOURCE.toArray(String[]::new));
            TableMapping mapping = mapping("03-source-filters.json", source, target);
            TaskStatus status = run(source, target, mapping, null);
            assertThat(status.errors()).isEmpty();
            // (region = EU or null) and (amount between 10 and 100 or >= 1000) and status <> void
            assertThat(ids(rows(target, "orders"), "id")).containsExactly("1", "4", "5", "7", "8", "12");
            // id not between 3 and 6, id <= 8 (ste), email not null
            assertThat(ids(rows(target, "customers"), "id")).containsExactly("1", "7", "8");
            // created <= 2024-06-30 (lte), compared as a date
            assertThat(ids(rows(target, "archive_d"), "id")).containsExactly("1", "2");
            assertThat(rows(target, "orders").get(2)).containsEntry("amount", "1500.00").containsEntry("region", "EU");
            assertThat(status.tables()).filteredOn(t -> t.source().name().equals("orders"))
                    .extracting(TableStatistics::rowsLoaded).containsExactly(6L);
            // validation does not apply source filters: it says so rather than report the left-out rows as missing
            var report = io.dmskit.Validator.builder().source(endpoint(source, "source")).target(endpoint(target, "target"))
                    .mapping(mapping).build().validate();
            assertThat(report.tables()).filteredOn(t -> t.source().name().equals("orders")).singleElement()
                    .satisfies(t -> assertThat(t.consistent()).isFalse())
                    .satisfies(t -> assertThat(t.error()).contains("the table mapping's source filters leave rows of it"
                            + " out, and validation does not apply source filters"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void includeColumnAndMasking(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(SOURCE.toArray(String[]::new));
            TableMapping mapping = mapping("04-include-column-and-masking.json", source, target);
            TaskStatus status = run(source, target, mapping, null);
            assertThat(status.errors()).isEmpty();
            List<Map<String, String>> rows = rows(target, "customers");
            assertThat(rows).hasSize(10);
            assertThat(rows.get(0).keySet()).containsExactly("id", "email", "phone", "passport");
            Map<String, String> ada = rows.get(0);
            assertThat(ada.get("passport")).isEqualTo("C#BGJ#####K");
            assertThat(ada.get("email")).isEqualTo(sha256("ada@example.com"));
            assertThat(ada.get("phone")).matches("\\+\\d\\d \\d\\d \\d{7}").isNotEqualTo("+49 30 1234501");
            assertThat(rows.get(1).get("email")).isNull();
            assertThat(rows.get(2).get("phone")).matches("\\(\\d{3}\\) \\d\\d-\\d\\d");
            assertThat(rows.get(3).get("phone")).isNull();
            assertThat(rows.get(3).get("passport")).isNull();
            assertThat(rows.get(4).get("passport")).isEqualTo("NO DIGITS");
            assertThat(rows.get(2).get("passport")).isEqualTo("P######");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void parallelLoadRangesNoneAndLoadOrder(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(SOURCE.toArray(String[]::new));
            TableMapping mapping = mapping("05-parallel-load-and-load-order.json", source, target);
            List<String> started = new CopyOnWriteArrayList<>();
            TaskStatus status = run(source, target, mapping, new TaskListener() {
                @Override
                public void tableStarted(TableStatistics table) {
                    started.add(table.source().name());
                }
            });
            assertThat(status.errors()).isEmpty();
            // load-order 2 before 1, one segment at a time
            assertThat(started).containsExactly("customers", "orders");
            // two boundaries: three segments; none: one
            assertThat(status.tables()).filteredOn(t -> t.source().name().equals("orders"))
                    .extracting(TableStatistics::segments).containsExactly(3);
            assertThat(status.tables()).filteredOn(t -> t.source().name().equals("customers"))
                    .extracting(TableStatistics::segments).containsExactly(1);
            assertThat(target).usingMapping(mapping).isConsistentWith(source);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void changeDataTypeGivesTheTargetColumnsTheirTypes(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(SOURCE.toArray(String[]::new));
            TableMapping mapping = mapping("07-change-data-type.json", source, target);
            TaskStatus status = run(source, target, mapping, null);
            assertThat(status.errors()).isEmpty();
            Map<String, String> types = new LinkedHashMap<>();
            try (Connection c = target.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT column_name, data_type, character_maximum_length, numeric_precision,"
                         + " numeric_scale FROM information_schema.columns WHERE table_schema = '" + target.schema()
                         + "' AND table_name = 'orders' ORDER BY ordinal_position")) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2) + "(" + rs.getString(3) + "," + rs.getString(4) + ","
                            + rs.getString(5) + ")");
                }
            }
            assertThat(types).containsEntry("id", "bigint(null,64,0)").containsEntry("customer_id", "bigint(null,64,0)")
                    .containsEntry("amount", "numeric(null,14,4)").containsEntry("region", "character varying(40,null,null)")
                    .containsEntry("status", "character varying(10,null,null)");
            List<Map<String, String>> rows = rows(target, "orders");
            assertThat(rows).hasSize(12);
            assertThat(rows.get(8)).containsEntry("id", "9").containsEntry("amount", "100.0100")
                    .containsEntry("region", "EU").containsEntry("customer_id", "5");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void definePrimaryKeyGivesTablesWithoutOneTheirKey(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE events (stream VARCHAR(20) NOT NULL, seq INT NOT NULL, payload VARCHAR(50))",
                    "INSERT INTO events VALUES ('a', 1, 'x'), ('a', 2, 'y'), ('b', 1, NULL)",
                    "CREATE TABLE event_types (code VARCHAR(10) NOT NULL, label VARCHAR(50))",
                    "INSERT INTO event_types VALUES ('new', 'New'), ('done', 'Done')");
            TableMapping mapping = mapping("08-define-primary-key.json", source, target);
            TaskStatus status = run(source, target, mapping, null);
            assertThat(status.errors()).isEmpty();
            assertThat(status.tables()).allSatisfy(t -> assertThat(t.warnings()).noneMatch(w -> w.contains("no primary key")));
            try (Connection c = target.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT tc.table_name, tc.constraint_type, string_agg(k.column_name, ','"
                         + " ORDER BY k.ordinal_position) FROM information_schema.table_constraints tc"
                         + " JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name"
                         + " AND k.table_schema = tc.table_schema WHERE tc.table_schema = '" + target.schema() + "'"
                         + " AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE') GROUP BY tc.table_name, tc.constraint_type"
                         + " ORDER BY 1")) {
                List<String> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
                assertThat(keys).containsExactly("event_types UNIQUE code", "events PRIMARY KEY stream,seq");
            }
            assertThat(target).usingMapping(mapping).isConsistentWith(source);
        }
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
