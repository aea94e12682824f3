package io.dmskit.testkit.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A database server that test databases are created on: where it is, how to log in as a user
 * who may create and drop databases, and where it came from. Immutable and thread-safe; opening
 * connections is the only thing it does. {@link #toString()} never shows the password.
 */
public final class Server {

    private final EngineSupport support;
    private final JdbcUrl url;
    private final String user;
    private final String password;
    private final String provenance;

    private Server(EngineSupport support, JdbcUrl url, String user, String password, String provenance) {
        this.support = support;
        this.url = url;
        this.user = user;
        this.password = password == null ? "" : password;
        this.provenance = provenance;
    }

    /**
     * A server reached by a JDBC URL.
     *
     * @param url        the server; the database it names is used only to create and drop test databases
     * @param provenance where the server came from, for {@code TestDatabase.provenance()}
     */
    public static Server jdbc(EngineSupport support, JdbcUrl url, String user, String password, String provenance) {
        return new Server(support, url, user, password, provenance);
    }

    /** This JVM's in-memory H2, as a server. */
    public static Server h2(String provenance) {
        return new Server(EngineSupport.H2, null, "sa", "", provenance);
    }

    public EngineSupport support() {
        return support;
    }

    public String user() {
        return user;
    }

    /** The password, empty when there is none; never {@code null}. */
    public String password() {
        return password;
    }

    public String provenance() {
        return provenance;
    }

    /** The same server with another provenance. */
    public Server withProvenance(String provenance) {
        return new Server(support, url, user, password, provenance);
    }

    /** The URL, without credentials, of the database of that name on this server. */
    public String urlOf(String database) {
        if (url == null) {
            // kept until SHUTDOWN, so that every connection to the name sees the same database
            return "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
        }
        return url.withDatabase(database);
    }

    /** A connection to a database of this server, as this server's user. */
    public Connection connect(String database) throws SQLException {
        return open(urlOf(database));
    }

    /**
     * A connection on which test databases can be created and dropped: to the database that the
     * server's URL names (for H2, to the test database itself, whose name must then be given).
     */
    public Connection connectAdmin(String h2Database) throws SQLException {
        return open(url == null ? urlOf(h2Database) : url.withoutCredentials());
    }

    /** {@code host:port} of the server, or {@code mem} for H2. */
    public String hosts() {
        return url == null ? "mem" : url.hosts();
    }

    private Connection open(String jdbcUrl) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl, p);
    }

    @Override
    public String toString() {
        return "Server[" + (url == null ? "h2:mem" : url.withoutCredentials()) + ", user=" + user + ", " + provenance + "]";
    }
}
