package io.dmskit.testkit;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test databases on the servers that the testkit starts itself, whatever the environment says:
 * PostgreSQL from zonky's Maven artifacts, MariaDB from the installed {@code mariadbd}.
 */
class EmbeddedDatabaseIT {

    private static final Provisioner EMBEDDED = Provisioner.embeddedOnly();

    @Test
    void postgresDatabasesAreIsolatedAndDroppedOnClose() throws SQLException {
        DatabaseChecks.twoDatabasesAreIsolatedAndDroppedOnClose(EMBEDDED, Engine.POSTGRESQL);
    }

    @Test
    void mariaDbDatabasesAreIsolatedAndDroppedOnClose() throws SQLException {
        DatabaseChecks.twoDatabasesAreIsolatedAndDroppedOnClose(EMBEDDED, Engine.MARIADB);
    }

    @Test
    void embeddedPostgresIsSharedAndReadyForLogicalReplication() throws SQLException {
        try (TestDatabase a = EMBEDDED.create(Engine.POSTGRESQL); TestDatabase b = EMBEDDED.create(Engine.POSTGRESQL)) {
            assertThat(a.provenance()).matches("embedded PostgreSQL \\d+\\.\\d+ on port \\d+").isEqualTo(b.provenance());
            assertThat(a.jdbcUrl()).matches("jdbc:postgresql://localhost:\\d+/dmskit_[a-z0-9]{12}");
            assertThat(a.user()).isEqualTo("postgres");
            assertThat(a.schema()).isEqualTo("public");
            assertThat(a.provenance()).endsWith(" on port " + port(a.jdbcUrl()));
            assertThat(query(a, "SHOW wal_level")).isEqualTo("logical");
        }
    }

    @Test
    void installedMariaDbIsSharedAndWritesARowBasedBinlog() throws SQLException {
        try (TestDatabase a = EMBEDDED.create(Engine.MARIADB); TestDatabase b = EMBEDDED.create(Engine.MARIADB)) {
            assertThat(a.provenance()).matches("installed mariadbd \\d+\\.\\d+\\.\\d+ on port \\d+").isEqualTo(b.provenance());
            assertThat(a.jdbcUrl()).matches("jdbc:mariadb://127\\.0\\.0\\.1:\\d+/dmskit_[a-z0-9]{12}");
            assertThat(a.provenance()).endsWith(" on port " + port(a.jdbcUrl()));
            assertThat(a.user()).isEqualTo("root");
            assertThat(a.schema()).isEqualTo(a.name());
            assertThat(query(a, "SELECT @@binlog_format")).isEqualTo("ROW");
            assertThat(query(a, "SELECT @@character_set_database")).isEqualTo("utf8mb4");
            assertThat(query(a, "SELECT @@datadir")).startsWith(System.getProperty("java.io.tmpdir"));
        }
    }

    private static String port(String jdbcUrl) {
        return jdbcUrl.replaceAll("^.*:(\\d+)/.*$", "$1");
    }

    private static String query(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
