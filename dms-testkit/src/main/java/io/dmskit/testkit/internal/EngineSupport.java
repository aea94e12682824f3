package io.dmskit.testkit.internal;

import io.dmskit.testkit.Engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the testkit does differently per engine: the names of its environment variables, the
 * default user, where tables go, and how a database is created and dropped. One constant per
 * {@link Engine}; stateless and thread-safe.
 */
public enum EngineSupport {
    /** PostgreSQL: a database per test; tables go to {@code public}. */
    POSTGRESQL(Engine.POSTGRESQL, "POSTGRES", "PostgreSQL", "postgres") {
        @Override
        public String schema(String database) {
            return "public";
        }

        @Override
        public void createDatabase(Connection admin, String name) throws SQLException {
            run(admin, "CREATE DATABASE " + quote(name));
        }

        @Override
        public void dropDatabase(Connection admin, String name) throws SQLException {
            if (admin.getMetaData().getDatabaseMajorVersion() >= 13) {
                run(admin, "DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
                return;
            }
            try (PreparedStatement ps = admin.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                ps.setString(1, name);
                ps.executeQuery().close();
            }
            run(admin, "DROP DATABASE IF EXISTS " + quote(name));
        }

        @Override
        public boolean databaseExists(Connection admin, String name) throws SQLException {
            return exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", name);
        }

        private String quote(String name) {
            return '"' + name.replace("\"", "\"\"") + '"';
        }
    },

    /** MariaDB: a database per test, which is also the schema tables go to. */
    MARIADB(Engine.MARIADB, "MARIADB", "MariaDB", "root") {
        @Override
        public String schema(String database) {
            return database;
        }

        @Override
        public void createDatabase(Connection admin, String name) throws SQLException {
            createMySqlDatabase(admin, name);
        }

        @Override
        public void dropDatabase(Connection admin, String name) throws SQLException {
            dropMySqlDatabase(admin, name);
        }

        @Override
        public boolean databaseExists(Connection admin, String name) throws SQLException {
            return mySqlDatabaseExists(admin, name);
        }
    },

    /** MySQL: as MariaDB. */
    MYSQL(Engine.MYSQL, "MYSQL", "MySQL", "root") {
        @Override
        public String schema(String database) {
            return database;
        }

        @Override
        public void createDatabase(Connection admin, String name) throws SQLException {
            createMySqlDatabase(admin, name);
        }

        @Override
        public void dropDatabase(Connection admin, String name) throws SQLException {
            dropMySqlDatabase(admin, name);
        }

        @Override
        public boolean databaseExists(Connection admin, String name) throws SQLException {
            return mySqlDatabaseExists(admin, name);
        }
    },

    /**
     * H2 in memory: a database is created by the first connection to its name and kept until
     * {@code SHUTDOWN} ({@code DB_CLOSE_DELAY=-1}); the admin connection is a connection to the
     * database itself.
     */
    H2(Engine.H2, "H2", "H2", "sa") {
        @Override
        public String schema(String database) {
            return "PUBLIC";
        }

        @Override
        public void createDatabase(Connection admin, String name) {
            // the connection that was opened to the database's name created it
        }

        @Override
        public void dropDatabase(Connection admin, String name) throws SQLException {
            run(admin, "SHUTDOWN");
        }

        @Override
        public boolean databaseExists(Connection admin, String name) {
            throw new UnsupportedOperationException("an H2 database is reached through its own URL");
        }
    };

    private final Engine engine;
    private final String variablePart;
    private final String productName;
    private final String defaultUser;

    EngineSupport(Engine engine, String variablePart, String productName, String defaultUser) {
        this.engine = engine;
        this.variablePart = variablePart;
        this.productName = productName;
        this.defaultUser = defaultUser;
    }

    /** The support for an engine. */
    public static EngineSupport of(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> POSTGRESQL;
            case MARIADB -> MARIADB;
            case MYSQL -> MYSQL;
            case H2 -> H2;
        };
    }

    public Engine engine() {
        return engine;
    }

    /** The engine's name as people write it: {@code PostgreSQL}, {@code MariaDB}, ... */
    public String productName() {
        return productName;
    }

    /** {@code DMSKIT_TEST_<ENGINE>_<suffix>}, for example {@code DMSKIT_TEST_POSTGRES_URL}. */
    public String variable(String suffix) {
        return "DMSKIT_TEST_" + variablePart + "_" + suffix;
    }

    /** The user when neither the URL nor the {@code _USER} variable names one. */
    public String defaultUser() {
        return defaultUser;
    }

    /** The schema that the tables of a test database go to. */
    public abstract String schema(String database);

    /** Creates a database on the server that the admin connection is connected to. */
    public abstract void createDatabase(Connection admin, String name) throws SQLException;

    /** Drops a database, first ending the sessions still connected to it. Does nothing when it does not exist. */
    public abstract void dropDatabase(Connection admin, String name) throws SQLException;

    /** Whether a database of that name exists on the admin connection's server. */
    public abstract boolean databaseExists(Connection admin, String name) throws SQLException;

    static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String backtick(String name) {
        return '`' + name.replace("`", "``") + '`';
    }

    private static void createMySqlDatabase(Connection admin, String name) throws SQLException {
        // utf8mb4 whatever the server's default: a server started with --no-defaults uses latin1
        run(admin, "CREATE DATABASE " + backtick(name) + " CHARACTER SET utf8mb4");
    }

    private static void dropMySqlDatabase(Connection admin, String name) throws SQLException {
        // an open transaction on one of its tables would make DROP DATABASE wait for its metadata lock
        List<Long> sessions = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(rs.getLong(1));
                }
            }
        }
        for (long id : sessions) {
            try {
                run(admin, "KILL " + id);
            } catch (SQLException ended) {
                // the session ended in the meantime
            }
        }
        run(admin, "DROP DATABASE IF EXISTS " + backtick(name));
    }

    private static boolean mySqlDatabaseExists(Connection admin, String name) throws SQLException {
        return exists(admin, "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?", name);
    }
}
