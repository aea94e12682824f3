package io.dmskit.internal.pool;

import io.dmskit.Endpoint;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.spi.EngineProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool on real servers: every connection has the engine's session settings (sent as one
 * batch), the constructor's probe connection is the pool's first connection, and a probe the
 * pool never used is closed with the pool.
 */
class ConnectionPoolIT {
    private static final String PG = System.getenv().getOrDefault("DMSKIT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final String MARIADB = System.getenv().getOrDefault("DMSKIT_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/?user=root");

    private static Endpoint pg(String application) {
        return Endpoint.jdbc(PG).name("pool-test").property("ApplicationName", application).build();
    }

    @Test
    void postgresConnectionsHaveTheSessionSettingsAndTheFirstIsTheProbe() throws SQLException, InterruptedException {
        String app = "dmskit-pool-" + UUID.randomUUID();
        Endpoint endpoint = pg(app);
        EngineProvider engine = Engines.forEndpoint(endpoint);
        try (ConnectionPool pool = new ConnectionPool(endpoint, "source", engine, 3)) {
            // the probe is open before the pool hands out anything: one backend of this application
            assertThat(backends(app, 1)).isEqualTo(1);
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Connection c = pool.connection();
                    open.add(c);
                    assertThat(lines(c, "SELECT current_setting('TimeZone'), current_setting('IntervalStyle'),"
                            + " current_setting('extra_float_digits')")).containsExactly("UTC|postgres|3");
                    assertThat(c.getAutoCommit()).isFalse();
                    c.rollback();
                }
                // the first of the three was the probe: three backends in all, not four
                assertThat(backends(app, 3)).isEqualTo(3);
            } finally {
                for (Connection c : open) {
                    c.close();
                }
            }
        }
        assertThat(backends(app, 0)).isZero();
    }

    @Test
    void anUnusedProbeClosesWithThePool() throws SQLException, InterruptedException {
        String app = "dmskit-pool-" + UUID.randomUUID();
        Endpoint endpoint = pg(app);
        try (ConnectionPool pool = new ConnectionPool(endpoint, "target", Engines.forEndpoint(endpoint), 2)) {
            assertThat(backends(app, 1)).isEqualTo(1);
        }
        assertThat(backends(app, 0)).isZero();
    }

    @Test
    void mariaDbConnectionsHaveTheSessionSettings() throws SQLException {
        sessionSettingsOnMariaDb(Endpoint.jdbc(MARIADB).name("pool-test").build());
    }

    /** MySQL Connector/J (the MySQL engine) against the same server: its batch of SET statements too. */
    @Test
    void mySqlConnectorJConnectionsHaveTheSessionSettings() throws SQLException {
        String url = MARIADB.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        url += (url.contains("?") ? "&" : "?") + "useSSL=false&allowPublicKeyRetrieval=true";
        Endpoint endpoint = Endpoint.jdbc(url).name("pool-test").build();
        assertThat(Engines.forEndpoint(endpoint).engine()).isEqualTo("mysql");
        sessionSettingsOnMariaDb(endpoint);
    }

    private static void sessionSettingsOnMariaDb(Endpoint endpoint) throws SQLException {
        try (ConnectionPool pool = new ConnectionPool(endpoint, "source", Engines.forEndpoint(endpoint), 2);
             Connection a = pool.connection(); Connection b = pool.connection()) {
            for (Connection c : List.of(a, b)) {
                assertThat(lines(c, "SELECT @@session.time_zone, @@session.foreign_key_checks, @@character_set_client"))
                        .containsExactly("+00:00|0|utf8mb4");
                assertThat(lines(c, "SELECT @@session.sql_mode").get(0)).contains("STRICT_ALL_TABLES");
            }
        }
    }

    /** Backends of this application name once they are {@code expected} (closed ones take a moment to go), or after 5 s. */
    private static long backends(String application, long expected) throws SQLException, InterruptedException {
        long n = -1;
        for (int i = 0; i < 50 && n != expected; i++) {
            if (i > 0) {
                Thread.sleep(100);
            }
            try (Connection c = java.sql.DriverManager.getConnection(PG);
                 java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
                ps.setString(1, application);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n = rs.getLong(1);
                }
            }
        }
        return n;
    }

    private static List<String> lines(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder s = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    s.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(s.toString());
            }
        }
        return out;
    }
}
