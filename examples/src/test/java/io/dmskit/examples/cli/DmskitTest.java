package io.dmskit.examples.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DmskitTest {

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Dmskit.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() {
        Result r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).startsWith("Usage:");
    }

    @Test
    void migrateWithoutTargetIsAUsageError() {
        Result r = run("migrate", "--source", "jdbc:h2:mem:x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmskit: migrate needs --source URL and --target URL");
    }

    @Test
    void badPrepModeNamesTheAllowedValues() {
        Result r = run("migrate", "--source", "jdbc:h2:mem:x", "--target", "jdbc:h2:mem:y", "--prep-mode", "wipe");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmskit: --prep-mode takes drop-and-create, truncate-before-load or do-nothing, was 'wipe'");
    }

    @Test
    void unknownEngineExitsOneWithTheMessage() {
        Result r = run("migrate", "--source", "jdbc:oracle:thin:@h:1521/x", "--target", "jdbc:h2:mem:y");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("dmskit: No dmskit dialect handles the JDBC URL scheme 'jdbc:oracle:'.");
    }

    @Test
    void h2ToH2MigrationExitsZeroAndPrintsASummary() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:cli_src;DB_CLOSE_DELAY=-1"); var st = c.createStatement()) {
            st.execute("CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(10))");
            st.execute("INSERT INTO T SELECT X, 'v' || X FROM SYSTEM_RANGE(1, 500)");
        }
        Result r = run("migrate", "--source", "jdbc:h2:mem:cli_src", "--target", "jdbc:h2:mem:cli_dst;DB_CLOSE_DELAY=-1",
                "--include", "PUBLIC.T", "--rename-schema", "PUBLIC=COPY");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out()).contains("PUBLIC.T -> COPY.T").contains("COMPLETED").contains("500");
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:cli_dst;DB_CLOSE_DELAY=-1"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM COPY.T")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(500);
        }
    }

    @Test
    void validateExitsZeroWhenEqualAndOneWithTheDifferences() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:cli_v1;DB_CLOSE_DELAY=-1"); var st = c.createStatement()) {
            st.execute("CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(10))");
            st.execute("INSERT INTO T SELECT X, 'v' || X FROM SYSTEM_RANGE(1, 300)");
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:cli_v2;DB_CLOSE_DELAY=-1"); var st = c.createStatement()) {
            st.execute("CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(10))");
            st.execute("INSERT INTO T SELECT X, 'v' || X FROM SYSTEM_RANGE(1, 300)");
        }
        String[] args = {"validate", "--source", "jdbc:h2:mem:cli_v1", "--target", "jdbc:h2:mem:cli_v2", "--include", "PUBLIC.T"};
        Result same = run(args);
        assertThat(same.exit()).as(same.out() + same.err()).isEqualTo(0);
        assertThat(same.out()).contains("PUBLIC.T -> PUBLIC.T").contains("CONSISTENT").contains("consistent in");
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:cli_v2;DB_CLOSE_DELAY=-1"); var st = c.createStatement()) {
            st.execute("UPDATE T SET V = 'x' WHERE ID = 5");
        }
        Result different = run(args);
        assertThat(different.exit()).isEqualTo(1);
        assertThat(different.out()).contains("DIFFERENT").contains("PUBLIC.T: DIFFERENT {ID=5} [V: 'v5' != 'x']");
    }

    @Test
    void failedTableMakesTheExitCodeOne() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:cli_src2;DB_CLOSE_DELAY=-1"); var st = c.createStatement()) {
            st.execute("CREATE TABLE T (ID INT PRIMARY KEY, V DECIMAL(20,5))");
            st.execute("INSERT INTO T VALUES (1, 1.5), (2, 1.12345)");
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:cli_dst2;DB_CLOSE_DELAY=-1"); var st = c.createStatement()) {
            st.execute("CREATE TABLE T (ID INT PRIMARY KEY, V DECIMAL(20,2))");
        }
        Result r = run("migrate", "--source", "jdbc:h2:mem:cli_src2", "--target", "jdbc:h2:mem:cli_dst2;DB_CLOSE_DELAY=-1",
                "--include", "PUBLIC.T", "--prep-mode", "do-nothing");
        // AWS DMS's default DataErrorPolicy (LOG_ERROR): the bad row is left out and recorded, the others load
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("ERROR: table PUBLIC.T: 1 row or change was left out by the data error policy")
                .contains("dmskit.awsdms_apply_exceptions");
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:cli_dst2;DB_CLOSE_DELAY=-1"); var st = c.createStatement()) {
            var rs = st.executeQuery("SELECT COUNT(*) FROM T");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            rs = st.executeQuery("SELECT * FROM \"dmskit\".\"awsdms_apply_exceptions\"");
            assertThat(rs.next()).isTrue();
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getString(i)).append('|');
            }
            assertThat(row).contains("1.12345 has more than 2 digits");
        }
    }
}
