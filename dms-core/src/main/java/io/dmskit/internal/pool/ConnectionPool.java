package io.dmskit.internal.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.spi.EngineProvider;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;

import java.util.Properties;
import java.util.logging.Logger;

/**
 * A HikariCP pool of connections to one endpoint, each prepared with the engine's session
 * settings (UTC time zone, strict modes) before first use. The first connection is opened by
 * the constructor, so that a wrong URL, host or password fails at once with a message that names
 * the endpoint, its URL (without password), the user, and the driver's message. Thread-safe.
 */
public final class ConnectionPool implements AutoCloseable {
    private final Endpoint endpoint;
    private final String role;
    private final HikariDataSource pool;

    /**
     * @param role "source" or "target", for messages
     * @param size the most connections open at once
     */
    public ConnectionPool(Endpoint endpoint, String role, EngineProvider engine, int size) {
        this.endpoint = endpoint;
        this.role = role;
        Properties props = new Properties();
        engine.driverProperties().forEach(props::setProperty);
        endpoint.properties().forEach(props::setProperty);
        if (endpoint.user() != null) {
            props.setProperty("user", endpoint.user());
        }
        DriverDataSource raw = new DriverDataSource(endpoint, props, engine.sessionInitStatements());
        Connection probe = null;
        try {
            probe = raw.getConnection();
            probe.isValid(5);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(probe);
            throw connectionFailed(e);
        }
        // the probe becomes the pool's first connection: a task start opens one connection fewer per endpoint
        raw.spare(probe);
        HikariConfig config = new HikariConfig();
        config.setDataSource(raw);
        config.setPoolName("dmskit-" + role + "-" + endpoint.name());
        config.setMaximumPoolSize(Math.max(1, endpoint.maxPoolSize() > 0 ? Math.min(endpoint.maxPoolSize(), size) : size));
        config.setMinimumIdle(0);
        config.setAutoCommit(false);
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    /** A connection with auto-commit off, from the pool; closing it returns it. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Closes a connection of this pool for good instead of returning it: one left in an unknown
     * state (a COPY still sending, a statement cut off). Quiet: the connection is gone either way.
     */
    public void discard(Connection connection) {
        try {
            pool.evictConnection(connection);
        } catch (RuntimeException e) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                // closed anyway
            }
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    private DmsException connectionFailed(Exception e) {
        String msg = e.getMessage();
        if (e instanceof SQLException s && s.getCause() != null && s.getCause().getMessage() != null && (msg == null || msg.isBlank())) {
            msg = s.getCause().getMessage();
        }
        return new DmsException(ErrorCode.CONNECTION_FAILED, "Cannot connect to the " + role + " endpoint '"
                + endpoint.name() + "' at " + endpoint.safeUrl() + (endpoint.user() == null ? "" : " as user '" + endpoint.user() + "'")
                + ": " + endpoint.password().redact(msg)
                + ". Check that the server runs and accepts connections, and that the URL, user and password are right"
                + (endpoint.requireTls() ? "; this endpoint requires TLS (requireTls): the server must offer TLS with a certificate"
                        + " that the CA (tlsCaCertificate) verifies, issued for the host name in the URL" : "") + ".",
                // the driver's exception can quote the password (a URL with it inside); keep only its class
                new SQLException(e.getClass().getName() + (e instanceof SQLException s ? " SQLState " + s.getSQLState() : "")));
    }

    @Override
    public void close() {
        pool.close();
        closeQuietly(((DriverDataSource) pool.getDataSource()).takeSpare());
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closed anyway
            }
        }
    }

    /** Opens physical connections through the JDBC driver and runs the engine's session statements on each. */
    private static final class DriverDataSource implements DataSource {
        private static final long SPARE_NANOS = 5_000_000_000L;
        private final String url;
        private final Properties props;
        private final List<String> init;
        private final Endpoint endpoint;
        // HikariCP sets this and, on close, waits this long for connections still being opened
        private volatile int loginTimeoutSeconds = 30;
        /** The constructor's probe, prepared and valid, handed out as the first physical connection while fresh. */
        private final java.util.concurrent.atomic.AtomicReference<Connection> spare = new java.util.concurrent.atomic.AtomicReference<>();
        private volatile long spareSince;

        DriverDataSource(Endpoint endpoint, Properties props, List<String> init) {
            this.endpoint = endpoint;
            this.url = endpoint.jdbcUrl();
            this.props = props;
            this.init = init;
        }

        void spare(Connection c) {
            spareSince = System.nanoTime();
            spare.set(c);
        }

        /** The spare connection, or null; the caller owns it. */
        Connection takeSpare() {
            return spare.getAndSet(null);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection ready = takeSpare();
            if (ready != null) {
                // a probe older than a few seconds may have been cut off by the server or a firewall: a new one instead
                if (System.nanoTime() - spareSince < SPARE_NANOS && !ready.isClosed()) {
                    return ready;
                }
                closeQuietly(ready);
            }
            Driver driver;
            try {
                driver = DriverManager.getDriver(url);
            } catch (SQLException e) {
                throw new DmsException(ErrorCode.UNKNOWN_ENGINE, "No JDBC driver for " + endpoint.safeUrl()
                        + " is on the class path; add the " + endpoint.engine() + " JDBC driver to your dependencies.");
            }
            Properties withPassword = props;
            if (!endpoint.password().isEmpty()) {
                // asked on every physical connection, so that a rotated secret (Secret.fromProvider) is picked up
                withPassword = new Properties();
                withPassword.putAll(props);
                withPassword.setProperty("password", endpoint.password().reveal());
            }
            Connection c = driver.connect(url, withPassword);
            if (c == null) {
                throw new SQLException("the JDBC driver " + driver.getClass().getName() + " does not accept the URL");
            }
            try (Statement st = c.createStatement()) {
                if (init.size() > 1 && c.getMetaData().supportsBatchUpdates()) {
                    // one round trip for all of them where the driver sends a batch at once (PostgreSQL, MariaDB)
                    for (String sql : init) {
                        st.addBatch(sql);
                    }
                    st.executeBatch();
                } else {
                    for (String sql : init) {
                        st.execute(sql);
                    }
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
            this.loginTimeoutSeconds = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeoutSeconds;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }

    }
}
