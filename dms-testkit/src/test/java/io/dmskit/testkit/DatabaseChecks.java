package io.dmskit.testkit;

import io.dmskit.testkit.internal.Server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks that every provisioning path must pass, whatever the engine and the source. */
final class DatabaseChecks {

    private DatabaseChecks() {
    }

    /**
     * Creates two databases, shows that a table of one is absent from the other, closes them
     * with connections still open, and shows that both are gone afterwards.
     */
    static void twoDatabasesAreIsolatedAndDroppedOnClose(Provisioner provisioner, Engine engine) throws SQLException {
        TestDatabase a = provisioner.create(engine);
        TestDatabase b = provisioner.create(engine);
        try {
            assertThat(a.engine()).isEqualTo(engine);
            assertThat(a.jdbcUrl()).isNotEqualTo(b.jdbcUrl());
            assertThat(a.provenance()).isEqualTo(b.provenance());
            assertThat(exists(a)).isTrue();
            assertThat(exists(b)).isTrue();

            a.execute("CREATE TABLE only_in_a (id INT PRIMARY KEY)", "INSERT INTO only_in_a VALUES (1)");
            assertThat(count(a, "only_in_a")).isEqualTo(1);
            assertThatThrownBy(() -> count(b, "only_in_a")).isInstanceOf(SQLException.class);
            b.execute("CREATE TABLE only_in_a (id INT PRIMARY KEY)");
            assertThat(count(b, "only_in_a")).isZero();
            assertThat(count(a, "only_in_a")).isEqualTo(1);

            try (Connection c = a.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(currentSchemaQuery(engine))) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(a.schema());
            }

            // left open on purpose: close() must drop the database all the same
            Connection fromConnect = a.connect();
            Connection fromDriver = DriverManager.getConnection(b.jdbcUrl(), b.user(), b.password());
            fromDriver.setAutoCommit(false);
            try (Statement s = fromDriver.createStatement()) {
                s.executeUpdate("INSERT INTO only_in_a VALUES (2)"); // holds a lock until the session ends
            }
            a.close();
            b.close();
            assertThat(fromConnect.isClosed()).isTrue();
            assertThat(fromDriver.isValid(5)).as("a session of a dropped database was ended").isFalse();
            try {
                fromDriver.close();
            } catch (SQLException expected) {
                // a driver may fail to roll back on a session that the server ended
            }
        } finally {
            a.close();
            b.close();
        }
        assertThat(exists(a)).as("database %s exists after close()", a.name()).isFalse();
        assertThat(exists(b)).as("database %s exists after close()", b.name()).isFalse();
    }

    static long count(TestDatabase db, String table) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Whether the database exists on its server, asked independently of the database's own connections. */
    static boolean exists(TestDatabase db) throws SQLException {
        Server server = db.server();
        if (db.engine() == Engine.H2) {
            try {
                DriverManager.getConnection("jdbc:h2:mem:" + db.name() + ";IFEXISTS=TRUE", "sa", "").close();
                return true;
            } catch (SQLException e) {
                if (e.getErrorCode() == 90146) { // database not found
                    return false;
                }
                throw e;
            }
        }
        try (Connection admin = server.connectAdmin(null)) {
            return server.support().databaseExists(admin, db.name());
        }
    }

    private static String currentSchemaQuery(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> "SELECT current_schema()";
            case MARIADB, MYSQL -> "SELECT DATABASE()";
            case H2 -> "SELECT CURRENT_SCHEMA";
        };
    }
}
