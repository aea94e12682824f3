package io.dmskit.it.reliability;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.Secret;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.ValidationReport;
import io.dmskit.Validator;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.it.CdcWorkload;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import io.dmskit.testkit.internal.EmbeddedPostgresServer;
import io.dmskit.testkit.internal.InstalledMariaDbServer;
import io.dmskit.testkit.internal.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TLS with certificate verification to private servers configured by the test with a CA that
 * the test generates (openssl): a task with {@code Endpoint.requireTls()} loads over verified
 * TLS, and refuses a server whose certificate another CA signed, a host name that the
 * certificate does not name, and a server without TLS. A CDC task from a source that accepts only
 * TLS connections captures changes over verified TLS too: the change reader (Debezium) gets the
 * endpoint's sslmode and CA for the PostgreSQL replication stream and the MariaDB binlog client.
 */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("security: TLS")
class TlsIT {
    @TempDir
    static Path dir;
    static Path ca;
    static Path otherCa;

    @BeforeAll
    static void certificates() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")) || onPath("openssl"), "openssl is needed to make the test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=dmskit test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.pem", "-days", "2",
                "-subj", "/CN=another CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("ext"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt",
                "-days", "2", "-extfile", "ext");
        ca = dir.resolve("ca.pem");
        otherCa = dir.resolve("other.pem");
    }

    private static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", cmd, Files.readString(dir.resolve("openssl.log"))).isZero();
    }

    /** A PostgreSQL that accepts only TLS connections, with the test CA's certificate for localhost. */
    private static EmbeddedPostgresServer.Private tlsPostgres() throws IOException {
        return EmbeddedPostgresServer.startPrivate(Map.of("ssl", "on", "ssl_cert_file", "server.crt", "ssl_key_file", "server.key"),
                data -> {
                    try {
                        Files.copy(dir.resolve("server.crt"), data.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
                        Files.copy(dir.resolve("server.key"), data.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(data.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
                        Files.writeString(data.resolve("pg_hba.conf"), """
                                hostssl all all 127.0.0.1/32 trust
                                hostssl all all ::1/128 trust
                                hostssl replication all 127.0.0.1/32 trust
                                hostssl replication all ::1/128 trust
                                """);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static ReplicationTask load(TestDatabase source, Endpoint target) {
        return ReplicationTask.builder().name("tls-" + UUID.randomUUID().toString().substring(0, 6)).source(source.endpoint("source"))
                .target(target).mapping(TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "tls").build())
                .settings(TaskSettings.builder().controlSchema("dmskit").maxRetries(0).build()).build();
    }

    private static String sslOf(Endpoint e, String sql) throws Exception {
        Properties p = new Properties();
        e.properties().forEach(p::setProperty);
        p.setProperty("user", e.user());
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), p); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    @DisplayName("PostgreSQL target over TLS, sslmode=verify-full with the test CA: full load and validation")
    void postgresTargetOverVerifiedTlsLoads() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); EmbeddedPostgresServer.Private pg = tlsPostgres()) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, v text)", "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 500) g");
            Endpoint target = Endpoint.jdbc(pg.url("postgres")).name("target").user("postgres").requireTls().tlsCaCertificate(ca).build();
            assertThat(sslOf(target, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("true");
            ReplicationTask task = load(source, target);
            TaskStatus s = task.run();
            assertThat(s.state()).isEqualTo(TaskState.COMPLETED);
            ValidationReport r = Validator.builder().source(source.endpoint("source")).target(target).mapping(task.mapping()).build().validate();
            assertThat(r.consistent()).as("%s", r).isTrue();
            ReliabilityReport.note("loaded and validated over TLS; the server accepts only hostssl connections");
        }
    }

    @Test
    @DisplayName("PostgreSQL with a certificate from another CA, a host name the certificate does not name, and no TLS at all: refused")
    void postgresRefusesUnverifiedServers() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); EmbeddedPostgresServer.Private pg = tlsPostgres();
             EmbeddedPostgresServer.Private plain = EmbeddedPostgresServer.startPrivate(Map.of(), null)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY)");
            Endpoint wrongCa = Endpoint.jdbc(pg.url("postgres")).name("target").user("postgres").requireTls().tlsCaCertificate(otherCa).build();
            Endpoint wrongHost = Endpoint.jdbc(pg.url("postgres").replace("localhost", "127.0.0.1")).name("target").user("postgres")
                    .requireTls().tlsCaCertificate(ca).build();
            Endpoint noTls = Endpoint.jdbc(plain.url("postgres")).name("target").user("postgres").requireTls().tlsCaCertificate(ca).build();
            for (Endpoint e : List.of(wrongCa, wrongHost, noTls)) {
                assertThatThrownBy(() -> load(source, e).run()).isInstanceOfSatisfying(DmsException.class, x -> {
                    assertThat(x.code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
                    assertThat(x.getMessage()).contains("this endpoint requires TLS (requireTls)");
                    ReliabilityReport.note(e.safeUrl().replaceAll(".*//([^/]+)/.*", "$1") + ": " + x.getMessage()
                            .replaceAll("^.*?: (.*?)\\. Check.*$", "$1"));
                });
            }
        }
    }

    @Test
    @DisplayName("MariaDB target over TLS, sslMode=verify-full with the test CA: full load; another CA refused")
    void mariaDbTargetOverVerifiedTlsLoadsAndRefusesAnotherCa() throws Exception {
        InstalledMariaDbServer.Installation inst = InstalledMariaDbServer.find(System::getenv);
        assumeTrue(inst.found(), "an installed mariadbd is needed: " + inst.lookedAt());
        Server maria = InstalledMariaDbServer.start(inst, List.of("--ssl-ca=" + ca, "--ssl-cert=" + dir.resolve("server.crt"),
                "--ssl-key=" + dir.resolve("server.key")));
        String url = maria.urlOf("tlsdb").replace("127.0.0.1", "localhost");
        try (Connection c = maria.connect("mysql"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE tlsdb");
        }
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, v text)", "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 500) g");
            Endpoint target = Endpoint.jdbc(url).name("target").user("root").requireTls().tlsCaCertificate(ca).build();
            assertThat(sslOf(target, "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_CIPHER'"))
                    .isNotBlank();
            ReplicationTask task = ReplicationTask.builder().name("tls-maria").source(source.endpoint("source")).target(target)
                    .mapping(TableMapping.builder().include(source.schema(), "%").renameSchema(source.schema(), "tlsdb").build())
                    .settings(TaskSettings.builder().controlSchema("tlsdb").maxRetries(0).build()).build();
            assertThat(task.run().state()).isEqualTo(TaskState.COMPLETED);
            ValidationReport r = Validator.builder().source(source.endpoint("source")).target(target).mapping(task.mapping()).build().validate();
            assertThat(r.consistent()).as("%s", r).isTrue();
            Endpoint wrongCa = Endpoint.jdbc(url).name("target").user("root").requireTls().tlsCaCertificate(otherCa).build();
            assertThatThrownBy(() -> ReplicationTask.builder().name("tls-maria-2").source(source.endpoint("source")).target(wrongCa)
                    .mapping(task.mapping()).settings(TaskSettings.builder().controlSchema("tlsdb").maxRetries(0).build()).build().run())
                    .isInstanceOfSatisfying(DmsException.class, x -> {
                        assertThat(x.code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
                        assertThat(x.getMessage()).contains("this endpoint requires TLS (requireTls)");
                    });
            ReliabilityReport.note("loaded and validated over TLS (Ssl_cipher set); a server certificate from another CA refused");
        }
    }

    private static void execute(Endpoint e, String password, String... sql) throws Exception {
        Properties p = new Properties();
        e.properties().forEach(p::setProperty);
        p.setProperty("user", e.user());
        if (password != null) {
            p.setProperty("password", password);
        }
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), p); Statement st = c.createStatement()) {
            for (String q : sql) {
                st.execute(q);
            }
        }
    }

    /**
     * Loads, applies changes made after the load, and compares: a FULL_LOAD_AND_CDC task from a TLS-only
     * source into a plain PostgreSQL target.
     */
    private static void cdcOverTls(Endpoint source, String password, String sourceSchema, TestDatabase target, String marker,
                                   String check, String expected) throws Exception {
        String name = "tls-cdc-" + UUID.randomUUID().toString().substring(0, 6);
        TableMapping mapping = TableMapping.builder().include(sourceSchema, "%").renameSchema(sourceSchema, target.schema()).build();
        ReplicationTask task = ReplicationTask.builder().name(name).source(source).target(target.endpoint("target")).mapping(mapping)
                .type(MigrationType.FULL_LOAD_AND_CDC)
                .settings(TaskSettings.builder().controlSchema(target.controlSchema()).maxRetries(0).build()).build();
        try {
            try (TaskHandle h = task.start()) {
                TaskStatus loaded = h.awaitFullLoad(Duration.ofMinutes(2));
                assertThat(loaded.state()).as("%s", loaded.errors()).isEqualTo(TaskState.RUNNING);
                execute(source, password, "UPDATE " + sourceSchema + ".items SET v = CONCAT(v, '!') WHERE id <= 50",
                        "DELETE FROM " + sourceSchema + ".items WHERE id > 180", marker);
                CdcWorkload.awaitMarker(target, target.schema() + ".items", Duration.ofMinutes(2));
                String seen = sslOf(source, password, check);
                ReliabilityReport.note(seen);
                assertThat(seen).as("the change reader's connection, seen by the source").matches(expected);
                TaskStatus end = h.stop();
                assertThat(end.errors()).isEmpty();
            }
            ValidationReport r = Validator.builder().source(source).target(target.endpoint("target")).mapping(mapping).build().validate();
            assertThat(r.consistent()).as("%s", r).isTrue();
            ReliabilityReport.note("loaded 200 rows, applied 50 updates, 20 deletes and 1 insert captured over TLS; validator equal");
        } finally {
            task.deleteState();
        }
    }

    private static String sslOf(Endpoint e, String password, String sql) throws Exception {
        Properties p = new Properties();
        e.properties().forEach(p::setProperty);
        p.setProperty("user", e.user());
        if (password != null) {
            p.setProperty("password", password);
        }
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), p); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "(no row)";
        }
    }

    @Test
    @DisplayName("PostgreSQL CDC source over TLS, sslmode=verify-full with the test CA: the replication stream verifies the server too")
    void postgresCdcSourceOverVerifiedTls() throws Exception {
        try (EmbeddedPostgresServer.Private pg = tlsPostgres(); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            // the server accepts only hostssl connections, the replication stream's included
            Endpoint source = Endpoint.jdbc(pg.url("postgres")).name("source").user("postgres").requireTls().tlsCaCertificate(ca).build();
            execute(source, null, "CREATE SCHEMA tlscdc", "CREATE TABLE tlscdc.items (id int PRIMARY KEY, v text)",
                    "INSERT INTO tlscdc.items SELECT g, 'v' || g FROM generate_series(1, 200) g");
            cdcOverTls(source, null, "tlscdc", target, "INSERT INTO tlscdc.items VALUES (0, 'marker')",
                    "SELECT 'replication connections over TLS: ' || count(*) FILTER (WHERE s.ssl) || ' of ' || count(*)"
                            + " FROM pg_stat_replication r JOIN pg_stat_ssl s ON s.pid = r.pid",
                    "replication connections over TLS: ([1-9][0-9]*) of \\1");
        }
    }

    @Test
    @DisplayName("MariaDB CDC source over TLS, sslMode=verify-full with the test CA: the binlog client verifies the server too")
    void mariaDbCdcSourceOverVerifiedTls() throws Exception {
        InstalledMariaDbServer.Installation inst = InstalledMariaDbServer.find(System::getenv);
        assumeTrue(inst.found(), "an installed mariadbd is needed: " + inst.lookedAt());
        Server maria = InstalledMariaDbServer.start(inst, List.of("--ssl-ca=" + ca, "--ssl-cert=" + dir.resolve("server.crt"),
                "--ssl-key=" + dir.resolve("server.key")));
        String password = "tls-" + UUID.randomUUID();
        try (Connection c = maria.connect("mysql"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE tlscdc");
            // a user that the server lets in only over TLS: every connection of the task, the binlog client's too
            st.execute("CREATE USER 'cdc'@'%' IDENTIFIED BY '" + password + "' REQUIRE SSL");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO 'cdc'@'%'");
        }
        try (TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            Endpoint source = Endpoint.jdbc(maria.urlOf("tlscdc").replace("127.0.0.1", "localhost")).name("source").user("cdc")
                    .password(Secret.of(password)).requireTls().tlsCaCertificate(ca).build();
            execute(source, password, "CREATE TABLE items (id INT PRIMARY KEY, v VARCHAR(40))",
                    "INSERT INTO items SELECT seq, CONCAT('v', seq) FROM seq_1_to_200");
            cdcOverTls(source, password, "tlscdc", target, "INSERT INTO tlscdc.items VALUES (0, 'marker')",
                    "SELECT CONCAT('binlog dump connections of user cdc (REQUIRE SSL): ', COUNT(*)) FROM information_schema.PROCESSLIST"
                            + " WHERE COMMAND LIKE 'Binlog Dump%' AND USER = 'cdc'", ".*: [1-9][0-9]*");
        }
    }
}
