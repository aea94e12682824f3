package io.dmskit.it.reliability;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.Secret;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.it.CdcWorkload;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secrets never leak, and the least privileges documented in docs/security.md are enough: a
 * task runs with passwords from a file and a provider, and everything it outputs (logs, messages
 * of errors, its status, the control tables) is searched for the passwords; tasks run as users
 * that have only the documented privileges.
 */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("security")
class SecurityIT {

    /** Copies what is printed to System.out and System.err while it is installed. */
    private static final class Capture implements AutoCloseable {
        private final PrintStream out = System.out;
        private final PrintStream err = System.err;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Capture() {
            System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
        }

        private OutputStream tee(PrintStream to) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (bytes) {
                        bytes.write(b);
                    }
                    to.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (bytes) {
                        bytes.write(b, off, len);
                    }
                    to.write(b, off, len);
                }
            };
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Every value of every table of a schema, as text. */
    private static String dump(TestDatabase db, String schema) throws Exception {
        StringBuilder b = new StringBuilder();
        List<String> tables = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + schema + "\".\"" + t + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            b.append(rs.getString(i)).append('|');
                        }
                        b.append('\n');
                    }
                }
            }
        }
        assertThat(tables).as("control tables of " + schema).isNotEmpty();
        return b.toString();
    }

    @Test
    @DisplayName("passwords (from a file and a provider) searched for in all output of a full-load-and-CDC run and of failures")
    void passwordsAppearNowhereInTheOutputOfARun(@TempDir Path dir) throws Exception {
        String sourcePw = "SrcPw-" + UUID.randomUUID();
        String targetPw = "DstPw-" + UUID.randomUUID();
        Files.writeString(dir.resolve("target-password"), targetPw + "\n");
        StringBuilder seen = new StringBuilder();
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             CdcWorkload writer = new CdcWorkload(source)) {
            writer.create(2_000);
            Endpoint src = Endpoint.jdbc(source.jdbcUrl()).name("source").user(source.user())
                    .password(Secret.fromProvider("test provider", () -> sourcePw)).build();
            Endpoint dst = Endpoint.jdbc(target.jdbcUrl()).name("target").user(target.user())
                    .password(Secret.fromFile(dir.resolve("target-password"))).build();
            ReplicationTask task = ReplicationTask.builder().name("secret-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(src).target(dst).mapping(source.mappingTo(target)).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build();
            try (Capture capture = new Capture()) {
                try {
                    try (TaskHandle h = task.start()) {
                        h.awaitFullLoad(Duration.ofMinutes(2));
                        writer.start(2_000, 3);
                        Thread.sleep(2_000);
                        writer.stop();
                        writer.insertMarker();
                        CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(2));
                        seen.append(h.status()).append('\n').append(h.validate()).append('\n');
                        TaskStatus s = h.stop();
                        seen.append(s).append('\n').append(s.errors()).append('\n').append(s.warnings()).append('\n');
                        assertThat(s.state()).isEqualTo(TaskState.STOPPED);
                    }
                    seen.append(task).append('\n').append(src).append('\n').append(dst).append('\n').append(src.password()).append('\n');
                    // failures: a wrong port with the password in the URL, and a wrong database
                    Endpoint badUrl = Endpoint.jdbc(target.jdbcUrl().replaceFirst(":\\d+/", ":1/") + "?password=" + targetPw)
                            .name("target").user(target.user()).build();
                    Endpoint badDb = Endpoint.jdbc(target.jdbcUrl() + "_missing").name("target").user(target.user())
                            .password(Secret.of(targetPw)).build();
                    for (Endpoint bad : List.of(badUrl, badDb)) {
                        seen.append(bad).append('\n');
                        assertThatThrownBy(() -> ReplicationTask.builder().name("secret-bad").source(src).target(bad)
                                .mapping(source.mappingTo(target)).build().run())
                                .satisfies(t -> seen.append(t.getMessage()).append('\n').append(stackTrace(t)));
                    }
                    seen.append(task.assess()).append('\n');
                } finally {
                    seen.append(capture.text());
                }
            } finally {
                task.deleteState();
            }
            seen.append(dump(target, target.controlSchema()));
            String all = seen.toString();
            ReliabilityReport.note("searched " + all.length() + " characters (logs, status, validation, errors with stack traces,"
                    + " assessment, " + target.controlSchema() + " control tables)");
            assertThat(all).contains("Cannot connect to the target endpoint").doesNotContain(sourcePw).doesNotContain(targetPw);
            ReliabilityReport.note("neither password found");
        }
    }

    @Test
    @DisplayName("PostgreSQL full load and CDC as least-privilege users (source: LOGIN REPLICATION, CREATE on its database, owns its tables; target: CREATE)")
    void postgresTaskRunsAsLeastPrivilegeUsers() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String src = "dmskit_src_" + suffix;
        String dst = "dmskit_dst_" + suffix;
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            String targetDb = target.jdbcUrl().replaceAll("^.*/([^/?]+).*$", "$1");
            String sourceDb = source.jdbcUrl().replaceAll("^.*/([^/?]+).*$", "$1");
            source.execute("CREATE ROLE " + src + " LOGIN REPLICATION", "GRANT CREATE, USAGE ON SCHEMA public TO " + src);
            Endpoint s = Endpoint.jdbc(source.jdbcUrl()).name("source").user(src).build();
            Endpoint t = Endpoint.jdbc(target.jdbcUrl()).name("target").user(dst).build();
            try (Connection c = java.sql.DriverManager.getConnection(source.jdbcUrl(), src, ""); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE items (id bigint PRIMARY KEY, v text)");
                st.execute("INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 1000) g");
            }
            // without CREATE on the source database, CREATE PUBLICATION fails: the assessment says so before a run
            io.dmskit.PremigrationAssessment before = ReplicationTask.builder().name("leastpriv-check").source(s)
                    .target(target.endpoint("target")).mapping(source.mappingTo(target)).type(MigrationType.CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build().assess();
            assertThat(before.findings("privilege-publication")).as("%s", before).hasSize(1);
            source.execute("GRANT CREATE ON DATABASE " + sourceDb + " TO " + src);
            target.execute("CREATE ROLE " + dst + " LOGIN", "GRANT CREATE ON DATABASE " + targetDb + " TO " + dst,
                    "GRANT CREATE, USAGE ON SCHEMA public TO " + dst);
            ReplicationTask task = ReplicationTask.builder().name("leastpriv-" + suffix).source(s).target(t).mapping(source.mappingTo(target))
                    .type(MigrationType.FULL_LOAD_AND_CDC).settings(TaskSettings.builder().controlSchema(target.controlSchema()).build())
                    .build();
            try {
                assertThat(task.assess().findings(io.dmskit.PremigrationAssessment.Severity.ERROR)).isEmpty();
                try (TaskHandle h = task.start()) {
                    TaskStatus st0 = h.awaitFullLoad(Duration.ofMinutes(2));
                    assertThat(st0.state()).as("%s", st0.errors()).isEqualTo(TaskState.RUNNING);
                    try (Connection c = java.sql.DriverManager.getConnection(source.jdbcUrl(), src, ""); Statement st = c.createStatement()) {
                        st.execute("UPDATE items SET v = 'changed' WHERE id <= 10");
                        st.execute("DELETE FROM items WHERE id > 990");
                        st.execute("INSERT INTO items VALUES (0, 'end')");
                    }
                    CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(2));
                    assertThat(h.stop().errors()).isEmpty();
                }
                assertThat(target).isConsistentWith(source);
                ReliabilityReport.note("full load and CDC ran as " + src + " (LOGIN REPLICATION, CREATE on the database, owner of its tables) and " + dst
                        + " (CREATE on the database and schema); assessment found no error; validator equal");
            } finally {
                task.deleteState();
                source.execute("DROP OWNED BY " + src, "DROP ROLE " + src);
                target.execute("DROP OWNED BY " + dst, "DROP ROLE " + dst);
            }
        }
    }

    @Test
    @DisplayName("MariaDB CDC as a least-privilege source user (SELECT, LOCK TABLES, RELOAD, REPLICATION SLAVE, BINLOG MONITOR) to PostgreSQL")
    void mariaDbSourceRunsAsLeastPrivilegeUser() throws Exception {
        String user = "dmskit_src_" + UUID.randomUUID().toString().substring(0, 6);
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id bigint PRIMARY KEY, v varchar(40))",
                    "INSERT INTO items SELECT seq, CONCAT('v', seq) FROM seq_1_to_1000",
                    "CREATE USER '" + user + "'@'%'", "GRANT SELECT ON `" + source.schema() + "`.* TO '" + user + "'@'%'",
                    "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + user + "'@'%'");
            Endpoint noLock = Endpoint.jdbc(source.jdbcUrl()).name("source").user(user).build();
            io.dmskit.PremigrationAssessment before = ReplicationTask.builder().name("leastpriv-check").source(noLock)
                    .target(target.endpoint("target")).mapping(source.mappingTo(target)).type(MigrationType.CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build().assess();
            assertThat(before.findings("privilege-lock")).as("%s", before).hasSize(1);
            source.execute("GRANT LOCK TABLES ON `" + source.schema() + "`.* TO '" + user + "'@'%'", "GRANT RELOAD ON *.* TO '" + user + "'@'%'");
            Endpoint s = Endpoint.jdbc(source.jdbcUrl()).name("source").user(user).build();
            ReplicationTask task = ReplicationTask.builder().name("leastpriv-maria").source(s).target(target.endpoint("target"))
                    .mapping(source.mappingTo(target)).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).build()).build();
            try {
                assertThat(task.assess().findings(io.dmskit.PremigrationAssessment.Severity.ERROR)).isEmpty();
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(2)).state()).as("%s", h.status().errors()).isEqualTo(TaskState.RUNNING);
                    source.execute("UPDATE items SET v = 'changed' WHERE id <= 10", "DELETE FROM items WHERE id > 990",
                            "INSERT INTO items VALUES (0, 'end')");
                    CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(2));
                    assertThat(h.stop().errors()).isEmpty();
                }
                assertThat(target).isConsistentWith(source);
                ReliabilityReport.note("full load and CDC ran as a MariaDB user with SELECT and LOCK TABLES on the database and RELOAD,"
                        + " REPLICATION SLAVE, BINLOG MONITOR; the assessment found the missing RELOAD and LOCK TABLES before; validator equal");
            } finally {
                task.deleteState();
                source.execute("DROP USER '" + user + "'@'%'");
            }
        }
    }

    @Test
    @DisplayName("MariaDB target as a least-privilege user (CREATE, ALTER, DROP, INDEX, SELECT, INSERT, UPDATE, DELETE on its database): full load and CDC from PostgreSQL")
    void mariaDbTargetRunsAsLeastPrivilegeUser() throws Exception {
        String user = "dmskit_dst_" + UUID.randomUUID().toString().substring(0, 6);
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            source.execute("CREATE TABLE items (id bigint PRIMARY KEY, v text, n numeric(12,2), at timestamptz)",
                    "INSERT INTO items SELECT g, 'v' || g, g / 7.0, timestamptz '2026-01-01 00:00Z' + g * interval '1 minute'"
                            + " FROM generate_series(1, 5000) g");
            // exactly the grants that docs/security.md lists for a MySQL/MariaDB target, on the one database that holds both
            // the target tables and the control tables (TestDatabase.controlSchema() of a MariaDB target is the database)
            target.execute("CREATE USER '" + user + "'@'%'", "GRANT CREATE, ALTER, DROP, INDEX, SELECT, INSERT, UPDATE, DELETE ON `"
                    + target.schema() + "`.* TO '" + user + "'@'%'");
            Endpoint t = Endpoint.jdbc(target.jdbcUrl()).name("target").user(user).build();
            ReplicationTask task = ReplicationTask.builder().name("leastpriv-mtarget").source(source.endpoint("source")).target(t)
                    .mapping(source.mappingTo(target)).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema()).segmentRows(1_000).build()).build();
            try {
                assertThat(task.assess().findings(io.dmskit.PremigrationAssessment.Severity.ERROR)).isEmpty();
                try (TaskHandle h = task.start()) {
                    assertThat(h.awaitFullLoad(Duration.ofMinutes(2)).state()).as("%s", h.status().errors()).isEqualTo(TaskState.RUNNING);
                    source.execute("UPDATE items SET v = 'changed', n = n + 1 WHERE id <= 10", "DELETE FROM items WHERE id > 4990",
                            "INSERT INTO items (id, v) VALUES (0, 'end')");
                    CdcWorkload.awaitMarker(target, "items", Duration.ofMinutes(2));
                    assertThat(h.stop().errors()).isEmpty();
                }
                assertThat(target).isConsistentWith(source);
                // a second run with TRUNCATE_BEFORE_LOAD: TRUNCATE needs DROP on MariaDB, which the set includes
                ReplicationTask again = ReplicationTask.builder().name("leastpriv-mtarget-2").source(source.endpoint("source")).target(t)
                        .mapping(source.mappingTo(target)).settings(TaskSettings.builder().controlSchema(target.controlSchema())
                                .prepMode(io.dmskit.TargetTablePrepMode.TRUNCATE_BEFORE_LOAD).build()).build();
                try {
                    TaskStatus s2 = again.run();
                    assertThat(s2.state()).as("%s", s2.errors()).isEqualTo(TaskState.COMPLETED);
                } finally {
                    again.deleteState();
                }
                assertThat(target).isConsistentWith(source);
                ReliabilityReport.note("full load (5,000 rows in 5 segments) and CDC, then a TRUNCATE_BEFORE_LOAD reload, ran as a MariaDB user"
                        + " with only CREATE, ALTER, DROP, INDEX, SELECT, INSERT, UPDATE, DELETE on the target database; assessment found"
                        + " no error; validator equal");
            } finally {
                task.deleteState();
                target.execute("DROP USER '" + user + "'@'%'");
            }
        }
    }
}
