package io.dmskit.validate;

import io.dmskit.Endpoint;
import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.spi.EngineProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of one test's own on the local PostgreSQL ({@code DMSKIT_TEST_POSTGRES_URL}: a schema
 * of the {@code postgres} database), the local MariaDB ({@code DMSKIT_TEST_MARIADB_URL}: a
 * database) or an in-memory H2, uniquely named because other tests use the same servers at the
 * same time, and dropped on close.
 */
public final class TestDb implements AutoCloseable {
    public static final String POSTGRES_URL = System.getenv().getOrDefault("DMSKIT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    public static final String MARIADB_URL = System.getenv().getOrDefault("DMSKIT_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/?user=root");

    public enum Kind { POSTGRESQL, MARIADB, H2 }

    public final Kind kind;
    /** The schema (PostgreSQL, H2) or database (MariaDB) that holds the test's tables. */
    public final String schema;
    private final String url;
    private final Connection h2Keeper;

    private TestDb(Kind kind, String schema, String url, Connection h2Keeper) {
        this.kind = kind;
        this.schema = schema;
        this.url = url;
        this.h2Keeper = h2Keeper;
    }

    public static TestDb create(Kind kind, String prefix) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        switch (kind) {
            case POSTGRESQL -> {
                try (Connection c = DriverManager.getConnection(POSTGRES_URL); Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA \"" + name + "\"");
                }
                return new TestDb(kind, name, POSTGRES_URL, null);
            }
            case MARIADB -> {
                try (Connection c = DriverManager.getConnection(MARIADB_URL); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
                }
                return new TestDb(kind, name, MARIADB_URL, null);
            }
            default -> {
                String url = "jdbc:h2:mem:" + name;
                return new TestDb(kind, "PUBLIC", url, DriverManager.getConnection(url));
            }
        }
    }

    public Endpoint endpoint(String name) {
        return Endpoint.jdbc(url).name(name).build();
    }

    /** A connection set up as dmskit sets its sessions up, in this test's schema, auto-commit on. */
    public Connection connect() throws SQLException {
        EngineProvider engine = Engines.forEndpoint(endpoint("test"));
        java.util.Properties p = new java.util.Properties();
        engine.driverProperties().forEach(p::setProperty);
        Connection c = DriverManager.getConnection(url, p);
        try (Statement s = c.createStatement()) {
            for (String sql : engine.sessionInitStatements()) {
                s.execute(sql);
            }
            switch (kind) {
                case POSTGRESQL -> s.execute("SET search_path TO \"" + schema + "\"");
                case MARIADB -> s.execute("USE `" + schema + "`");
                default -> { }
            }
        }
        return c;
    }

    public void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The first column of every row of a query, as strings. */
    public List<String> strings(String query) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    public long count(String table) throws SQLException {
        return Long.parseLong(strings("SELECT COUNT(*) FROM " + table).get(0));
    }

    /** Copies the tables of the mapping from this database into the target with a full load. */
    public TaskStatus fullLoad(TestDb target, TableMapping mapping) {
        TaskStatus status = ReplicationTask.builder().name("validate-" + UUID.randomUUID().toString().substring(0, 8))
                .source(endpoint("source")).target(target.endpoint("target")).mapping(mapping)
                // full LOB mode: the every-type rows hold texts over AWS DMS's default LobMaxSize (32 KB) of limited LOB mode
                .settings(TaskSettings.builder().controlSchema(target.schema)
                        .lobSettings(io.dmskit.LobSettings.builder().fullLobMode(true).limitedSizeLobMode(false).build()).build())
                .build().run(StartMode.RELOAD);
        if (!status.errors().isEmpty()) {
            throw new AssertionError("full load failed: " + status.errors());
        }
        return status;
    }

    @Override
    public void close() throws SQLException {
        switch (kind) {
            case POSTGRESQL -> {
                try (Connection c = DriverManager.getConnection(POSTGRES_URL); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                }
            }
            case MARIADB -> {
                try (Connection c = DriverManager.getConnection(MARIADB_URL); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
                }
            }
            default -> h2Keeper.close();
        }
    }
}
