package io.dmskit.mysql;

import io.dmskit.spi.EngineProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The MariaDB server of the integration tests ({@code DMSKIT_TEST_MARIADB_URL}, by default
 * {@code jdbc:mariadb://127.0.0.1:3306/?user=root}), and a database of this test's own on it,
 * uniquely named because other tests use the same server at the same time. Connections are set
 * up as the engine providers say (driver properties, session statements). The MySQL Connector/J
 * variant talks to the same server, which speaks the MySQL protocol.
 */
final class MariaDbTestServer implements AutoCloseable {

    static final String URL = System.getenv().getOrDefault("DMSKIT_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/?user=root");

    final String database;

    MariaDbTestServer(String prefix) throws SQLException {
        database = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
    }

    /** A MariaDB Connector/J connection to the test database, auto-commit off. */
    Connection mariadb() throws SQLException {
        return open(URL, new MariaDbEngine());
    }

    /** A MySQL Connector/J connection to the same server and database, auto-commit off. */
    Connection mysqlConnectorJ() throws SQLException {
        String url = URL.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        url += (url.contains("?") ? "&" : "?") + "useSSL=false&allowPublicKeyRetrieval=true";
        return open(url, new MySqlEngine());
    }

    private Connection open(String url, EngineProvider engine) throws SQLException {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : engine.driverProperties().entrySet()) {
            p.setProperty(e.getKey(), e.getValue());
        }
        Connection c = DriverManager.getConnection(url, p);
        try (Statement s = c.createStatement()) {
            for (String sql : engine.sessionInitStatements()) {
                s.execute(sql);
            }
            s.execute("USE `" + database + "`");
        }
        c.setAutoCommit(false);
        return c;
    }

    void execute(String... sql) throws SQLException {
        try (Connection c = mariadb(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
            c.commit();
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
        }
    }
}
