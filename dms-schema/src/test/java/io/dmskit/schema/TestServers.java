package io.dmskit.schema;

import io.dmskit.schema.h2.H2Dialect;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.postgres.PostgresDialect;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The databases of the integration tests: PostgreSQL and MariaDB from {@code DMSKIT_TEST_POSTGRES_URL}
 * and {@code DMSKIT_TEST_MARIADB_URL} (defaults: local servers with trust authentication), and
 * H2 in memory. Tests share the servers with other engineers' tests, so each test class works in
 * schemas (databases) of its own, named by {@link #uniqueName}, and drops them afterwards.
 */
public final class TestServers {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * An engine of the integration tests, as data: its dialect, how to connect to it, and the
     * statements that create and drop the {@link CatalogFixtures} tables in a schema.
     */
    public enum Engine {
        POSTGRESQL(new PostgresDialect(), name -> postgres(), CatalogFixtures::postgres, CatalogFixtures::postgresDrop),
        MARIADB(new MariaDbDialect(), name -> mariadb(), CatalogFixtures::mariadb, CatalogFixtures::mariadbDrop),
        H2(new H2Dialect(), TestServers::h2, CatalogFixtures::h2, CatalogFixtures::h2Drop);

        public final Dialect dialect;
        private final Connector connector;
        private final Function<String, List<String>> create;
        private final Function<String, List<String>> drop;

        Engine(Dialect dialect, Connector connector, Function<String, List<String>> create,
               Function<String, List<String>> drop) {
            this.dialect = dialect;
            this.connector = connector;
            this.create = create;
            this.drop = drop;
        }

        /** A new connection; {@code name} names the database of an embedded engine (H2), the servers ignore it. */
        public Connection connect(String name) throws SQLException {
            return connector.connect(name);
        }

        /** The statements that create the schema (database) and the fixture tables in it. */
        public List<String> createFixtures(String schema) {
            return create.apply(schema);
        }

        /** The statements that drop the schema (database) and all in it. */
        public List<String> dropFixtures(String schema) {
            return drop.apply(schema);
        }
    }

    @FunctionalInterface
    private interface Connector {
        Connection connect(String name) throws SQLException;
    }

    private TestServers() {
    }

    public static String postgresUrl() {
        return env("DMSKIT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    }

    public static String mariadbUrl() {
        return env("DMSKIT_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static Connection postgres() throws SQLException {
        return DriverManager.getConnection(postgresUrl());
    }

    public static Connection mariadb() throws SQLException {
        return DriverManager.getConnection(mariadbUrl());
    }

    /** A private in-memory H2 database that lives until the JVM ends. */
    public static Connection h2(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }

    /** {@code prefix_} and 10 random lower-case hex digits: a schema name that no concurrent test uses. */
    public static String uniqueName(String prefix) {
        StringBuilder s = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 10; i++) {
            s.append(Integer.toHexString(RANDOM.nextInt(16)));
        }
        return s.toString().toLowerCase(Locale.ROOT);
    }

    public static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException(e.getMessage() + " [in: " + sql + "]", e.getSQLState(), e);
                }
            }
        }
    }

    public static void execute(Connection connection, String... statements) throws SQLException {
        execute(connection, List.of(statements));
    }
}
