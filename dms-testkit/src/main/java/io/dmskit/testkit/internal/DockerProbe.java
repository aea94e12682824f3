package io.dmskit.testkit.internal;

import io.dmskit.testkit.Engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decides, in well under a second and without loading a Testcontainers class, whether asking
 * Testcontainers for a Docker engine is worth it: whether Testcontainers is on the class path and
 * whether anything points at a Docker engine ({@code DOCKER_HOST}, a Docker or Podman socket, a
 * {@code docker.host} in {@code ~/.testcontainers.properties}). Only then does
 * {@link ContainerServers} ask Docker itself, which can take seconds. Stateless.
 */
public final class DockerProbe {

    /** The environment variable that turns the Testcontainers path off: {@code false}, {@code off} or {@code no}. */
    public static final String VARIABLE = "DMSKIT_TEST_DOCKER";

    private DockerProbe() {
    }

    /** The Testcontainers class that the engine's containers need. */
    public static String containerClass(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> "org.testcontainers.postgresql.PostgreSQLContainer";
            case MARIADB -> "org.testcontainers.mariadb.MariaDBContainer";
            case MYSQL -> "org.testcontainers.mysql.MySQLContainer";
            case H2 -> throw new IllegalArgumentException("H2 needs no container");
        };
    }

    /** The Maven artifact that holds {@link #containerClass(Engine)}. */
    public static String containerArtifact(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> "org.testcontainers:testcontainers-postgresql";
            case MARIADB -> "org.testcontainers:testcontainers-mariadb";
            case MYSQL -> "org.testcontainers:testcontainers-mysql";
            case H2 -> throw new IllegalArgumentException("H2 needs no container");
        };
    }

    /** Whether a class is on the class path of the testkit, without initialising it. */
    public static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, DockerProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * What points at a Docker engine, or {@code null} when nothing does.
     *
     * @param environment the environment variables
     */
    public static String dockerHint(Function<String, String> environment) {
        String host = environment.apply("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return "DOCKER_HOST=" + host;
        }
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return "Windows (named pipe)";
        }
        String home = System.getProperty("user.home", "");
        Path properties = Path.of(home, ".testcontainers.properties");
        if (Files.isReadable(properties)) {
            try {
                for (String line : Files.readAllLines(properties, StandardCharsets.ISO_8859_1)) {
                    String l = line.trim();
                    if (l.startsWith("docker.host") || l.startsWith("docker.client.strategy")) {
                        return properties + " (" + l.split("[=:]", 2)[0].trim() + ")";
                    }
                }
            } catch (IOException ignored) {
                // unreadable: as if absent
            }
        }
        for (Path socket : sockets(environment, home)) {
            if (Files.exists(socket)) {
                return socket.toString();
            }
        }
        return null;
    }

    /** Whether the variable turns the Testcontainers path off. */
    public static boolean disabled(Function<String, String> environment) {
        String v = environment.apply(VARIABLE);
        return v != null && (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("off") || v.equalsIgnoreCase("no"));
    }

    /** The places where Docker, Docker Desktop, Colima, Rancher Desktop and Podman put their sockets. */
    static List<Path> sockets(Function<String, String> environment, String home) {
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                Path.of("/run/podman/podman.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".colima", "docker.sock"),
                Path.of(home, ".rd", "docker.sock")));
        String runtime = environment.apply("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            sockets.add(Path.of(runtime, "docker.sock"));
            sockets.add(Path.of(runtime, "podman", "podman.sock"));
        }
        return sockets;
    }
}
