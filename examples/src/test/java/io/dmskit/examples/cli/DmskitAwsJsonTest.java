package io.dmskit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dmskit migrate --table-mappings mapping.json --task-settings settings.json} on H2. */
class DmskitAwsJsonTest {

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Dmskit.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> lines(String url, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(String.join("|", row));
            }
        }
        return out;
    }

    static final String MAPPING = """
            {
              "rules": [
                {"rule-type": "selection", "rule-id": "1", "rule-name": "all-public",
                 "object-locator": {"schema-name": "PUBLIC", "table-name": "%"}, "rule-action": "include"},
                {"rule-type": "selection", "rule-id": "2", "rule-name": "no-scratch",
                 "object-locator": {"schema-name": "PUBLIC", "table-name": "TMP[_]%"}, "rule-action": "exclude"},
                {"rule-type": "transformation", "rule-id": "3", "rule-name": "into-copy", "rule-target": "schema",
                 "object-locator": {"schema-name": "PUBLIC"}, "rule-action": "rename", "value": "COPY"}
              ]
            }
            """;

    @Test
    void migrateReadsBothAwsFilesAsTheyAre(@TempDir Path dir) throws Exception {
        String src = "jdbc:h2:mem:cli_aws_src;DB_CLOSE_DELAY=-1";
        String dst = "jdbc:h2:mem:cli_aws_dst;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(src); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ORDERS (ID INT PRIMARY KEY, TOTAL DECIMAL(10,2))");
            st.execute("INSERT INTO ORDERS SELECT X, X * 1.5 FROM SYSTEM_RANGE(1, 250)");
            st.execute("CREATE TABLE TMP_SCRATCH (ID INT PRIMARY KEY)");
        }
        try (Connection c = DriverManager.getConnection(dst); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA COPY");
        }
        Path mapping = Files.writeString(dir.resolve("mapping.json"), MAPPING);
        Path settings = Files.writeString(dir.resolve("settings.json"), """
                {
                  "FullLoadSettings": {"TargetTablePrepMode": "DROP_AND_CREATE", "CommitRate": 100, "MaxFullLoadSubTasks": 2,
                                       "CommitRat": 5},
                  "ControlTablesSettings": {"ControlSchema": "DMS_CONTROL", "StatusTableEnabled": true,
                                            "HistoryTableEnabled": true, "SuspendedTablesTableEnabled": true}
                }
                """);
        Result r = run("migrate", "--source", src, "--target", dst, "--table-mappings", mapping.toString(),
                "--task-settings", settings.toString(), "--task", "aws-files");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out()).contains("dmskit: task settings: Unknown task settings, ignored: FullLoadSettings.CommitRat")
                .contains("PUBLIC.ORDERS -> COPY.ORDERS").contains("COMPLETED");
        assertThat(lines(dst, "SELECT COUNT(*), SUM(TOTAL) FROM COPY.ORDERS")).containsExactly("250|47062.50");
        assertThat(lines(dst, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'TMP_SCRATCH'"
                + " AND TABLE_SCHEMA <> 'PUBLIC'")).containsExactly("0");
        assertThat(lines(dst, "SELECT \"task_name\", \"task_status\" FROM DMS_CONTROL.\"awsdms_status\""))
                .containsExactly("aws-files|NOT RUNNING");
        assertThat(lines(dst, "SELECT \"timeslot_type\", SUM(\"timeslot_records\") FROM DMS_CONTROL.\"awsdms_history\""
                + " WHERE \"task_name\" = 'aws-files' GROUP BY \"timeslot_type\"")).containsExactly("FULL LOAD|250");
        assertThat(lines(dst, "SELECT COUNT(*) FROM DMS_CONTROL.\"awsdms_suspended_tables\"")).containsExactly("0");
    }

    @Test
    void aSettingThatCannotBeHonouredStopsBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path settings = Files.writeString(dir.resolve("settings.json"),
                "{\"FullLoadSettings\": {\"StopTaskCachedChangesNotApplied\": true}}");
        Result r = run("migrate", "--source", "jdbc:h2:mem:cli_aws_never", "--target", "jdbc:h2:mem:cli_aws_never2",
                "--task-settings", settings.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("dmskit: The task settings " + settings + " cannot be used:\n"
                + "- FullLoadSettings.StopTaskCachedChangesNotApplied = true is not supported");
    }

    @Test
    void optionsOverrideTheSettingsFileWhereverTheyStand(@TempDir Path dir) throws Exception {
        Path settings = Files.writeString(dir.resolve("settings.json"),
                "{\"FullLoadSettings\": {\"TargetTablePrepMode\": \"DO_NOTHING\", \"MaxFullLoadSubTasks\": 2}}");
        Dmskit.Options o = Dmskit.parse(new String[]{"migrate", "--prep-mode", "truncate-before-load", "--source", "jdbc:h2:mem:a",
                "--target", "jdbc:h2:mem:b", "--task-settings", settings.toString()});
        assertThat(o.settings().prepMode()).isEqualTo(io.dmskit.TargetTablePrepMode.TRUNCATE_BEFORE_LOAD);
        assertThat(o.settings().maxParallelSegments()).isEqualTo(2);
    }

    @Test
    void aMappingFileAndMappingOptionsDoNotMix(@TempDir Path dir) throws Exception {
        Path mapping = Files.writeString(dir.resolve("mapping.json"), MAPPING);
        Result r = run("migrate", "--source", "jdbc:h2:mem:a", "--target", "jdbc:h2:mem:b", "--table-mappings",
                mapping.toString(), "--include", "PUBLIC.T");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmskit: --table-mappings cannot be combined with --include, --exclude or --rename-schema");
    }
}
