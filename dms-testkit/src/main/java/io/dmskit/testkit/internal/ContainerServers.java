package io.dmskit.testkit.internal;

import io.dmskit.testkit.Engine;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Starts database containers with Testcontainers. This is the only class of the testkit that
 * names Testcontainers classes: it is loaded only after {@link DockerProbe} found Testcontainers
 * on the class path, so that the testkit works without it. Containers are configured like the
 * embedded servers (logical WAL for PostgreSQL, a row-based binlog for MariaDB and MySQL, a user
 * who may create databases). Thread-safe.
 */
public final class ContainerServers {

    private static final long DOCKER_CHECK_SECONDS = 10;
    private static final String PASSWORD = "dmskit";

    private static Boolean dockerAnswers;
    private static String dockerFailure;

    private ContainerServers() {
    }

    /**
     * Whether Testcontainers reaches a Docker engine; asked once per JVM, and given up after
     * {@value #DOCKER_CHECK_SECONDS} s. {@code null} when it does, otherwise why not.
     */
    public static synchronized String dockerProblem() {
        if (dockerAnswers == null) {
            CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(
                    () -> DockerClientFactory.instance().isDockerAvailable());
            try {
                dockerAnswers = check.get(DOCKER_CHECK_SECONDS, TimeUnit.SECONDS);
                dockerFailure = dockerAnswers ? null : "Testcontainers found no working Docker environment";
            } catch (TimeoutException e) {
                dockerAnswers = false;
                dockerFailure = "Docker did not answer within " + DOCKER_CHECK_SECONDS + " s";
            } catch (ExecutionException e) {
                dockerAnswers = false;
                dockerFailure = "Testcontainers failed: " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while asking Docker";
            }
        }
        return dockerFailure;
    }

    /** The image used for an engine: {@code DMSKIT_TEST_<ENGINE>_IMAGE}, or a default. */
    public static String image(Engine engine, Function<String, String> environment) {
        String named = environment.apply(EngineSupport.of(engine).variable("IMAGE"));
        if (named != null && !named.isBlank()) {
            return named.trim();
        }
        return switch (engine) {
            case POSTGRESQL -> "postgres:17-alpine";
            case MARIADB -> "mariadb:11.4";
            case MYSQL -> "mysql:8.4";
            case H2 -> throw new IllegalArgumentException("H2 needs no container");
        };
    }

    /** Starts a container of the engine's image; a shutdown hook stops it. */
    public static Server start(Engine engine, String image) {
        JdbcDatabaseContainer<?> container = switch (engine) {
            case POSTGRESQL -> new PostgreSQLContainer(image)
                    .withCommand("postgres", "-c", "fsync=off", "-c", "wal_level=logical",
                            "-c", "max_replication_slots=10", "-c", "max_wal_senders=10")
                    // the image's pg_hba.conf lets no one open a replication connection from outside
                    .withCopyToContainer(Transferable.of(
                            "echo 'host replication all all scram-sha-256' >> \"$PGDATA/pg_hba.conf\"\n"),
                            "/docker-entrypoint-initdb.d/dmskit-replication.sh");
            case MARIADB -> new MariaDBContainer(image)
                    .withUsername("root").withPassword(PASSWORD)
                    .withCommand(binlogOptions());
            case MYSQL -> new MySQLContainer(image)
                    .withUsername("root").withPassword(PASSWORD)
                    .withUrlParam("allowPublicKeyRetrieval", "true")
                    .withUrlParam("useSSL", "false")
                    .withCommand(binlogOptions());
            case H2 -> throw new IllegalArgumentException("H2 needs no container");
        };
        container.start();
        SharedServers.onShutdown("container " + image, container::stop);
        JdbcUrl url = JdbcUrl.parse(container.getJdbcUrl());
        return Server.jdbc(EngineSupport.of(engine), url, container.getUsername(), container.getPassword(),
                "Testcontainers " + image + " on " + url.hosts());
    }

    private static String[] binlogOptions() {
        return new String[] {"--server-id=1", "--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--character-set-server=utf8mb4", "--local-infile=ON"};
    }
}
