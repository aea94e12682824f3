package io.dmskit.examples.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

class ConvertSchemaTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            exit = Dmskit.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        } catch (UnsupportedOperationException notYet) {
            // the schema converter of dms-schema is being written in parallel
            Assumptions.abort("SchemaConverter.convert is not implemented yet: " + notYet.getMessage());
            throw notYet;
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void convertSchemaWithoutTargetEngineIsAUsageError() {
        Result r = run("convert-schema", "--source", "jdbc:h2:mem:x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmskit: convert-schema needs --target-engine postgresql|mariadb|mysql|h2");
    }

    @Test
    void unknownTargetEngineIsAUsageErrorNamingTheEngines() {
        Result r = run("assess", "--source", "jdbc:h2:mem:x", "--target-engine", "oracle");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmskit: assess needs --target-engine postgresql|mariadb|mysql|h2 (was 'oracle')");
    }

    @Test
    void unreachableSourceExitsOne() {
        Result r = run("assess", "--source", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "--target-engine", "h2");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("dmskit: Could not read the source catalog:");
    }

    @Test
    void usageListsBothCommands() {
        Result r = run("--help");
        assertThat(r.out()).contains("dmskit convert-schema --source URL --target-engine ENGINE", "dmskit assess --source URL",
                "--target-engine ENGINE       postgresql, mariadb, mysql or h2");
    }

    @Test
    void convertsAnH2SchemaIntoFilesAndAnAssessment(@TempDir Path dir) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:h2:mem:cs_src;DB_CLOSE_DELAY=-1"); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA SHOP");
            st.execute("CREATE TABLE SHOP.ORDERS (ID INT PRIMARY KEY, QTY INT, PRICE DECIMAL(10,2), NOTE VARCHAR(20))");
            st.execute("CREATE INDEX ORDERS_QTY ON SHOP.ORDERS (QTY)");
            st.execute("CREATE VIEW SHOP.BIG AS SELECT ID, COALESCE(NOTE, 'none') AS NOTE FROM SHOP.ORDERS WHERE QTY > 10");
        }
        Result r = run("convert-schema", "--source", "jdbc:h2:mem:cs_src", "--target-engine", "postgresql",
                "--include", "SHOP.%", "--out", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("Assessment h2 -> postgresql:");
        for (String f : new String[]{"pre-load.sql", "post-load.sql", "views.sql", "assessment.json", "assessment.html"}) {
            assertThat(dir.resolve(f)).exists();
        }
        assertThat(Files.readString(dir.resolve("pre-load.sql"))).contains("\"SHOP\".\"ORDERS\"");
        // H2 stores the view's text with or without qualified column names depending on how the view was
        // compiled; both are the same view.
        assertThat(Files.readString(dir.resolve("views.sql")))
                .contains("CREATE VIEW \"SHOP\".\"BIG\"", "FROM \"SHOP\".\"ORDERS\"")
                .containsPattern("COALESCE\\((\"SHOP\"\\.\"ORDERS\"\\.)?\"NOTE\", 'none'\\)");
        assertThat(Files.readString(dir.resolve("assessment.json"))).contains("\"sourceEngine\": \"h2\"", "\"kind\": \"VIEW\"");
    }

    @Test
    void assessWritesOnlyTheAssessment(@TempDir Path dir) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:h2:mem:cs_assess;DB_CLOSE_DELAY=-1"); var st = c.createStatement()) {
            st.execute("CREATE TABLE T (ID INT PRIMARY KEY)");
        }
        Result r = run("assess", "--source", "jdbc:h2:mem:cs_assess", "--target-engine", "mariadb", "--out", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(dir.resolve("assessment.json")).exists();
        assertThat(dir.resolve("pre-load.sql")).doesNotExist();
    }
}
