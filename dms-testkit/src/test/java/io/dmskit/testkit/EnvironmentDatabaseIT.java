package io.dmskit.testkit;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test databases on the servers named by the environment, as {@code .ci/run} sets it:
 * {@code DMSKIT_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres},
 * {@code DMSKIT_TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:3306/?user=root}. Skipped when a
 * variable is not set.
 */
class EnvironmentDatabaseIT {

    @Test
    void postgresDatabasesAreIsolatedAndDroppedOnClose() throws SQLException {
        assumeSet("DMSKIT_TEST_POSTGRES_URL");
        DatabaseChecks.twoDatabasesAreIsolatedAndDroppedOnClose(Provisioner.DEFAULT, Engine.POSTGRESQL);
    }

    @Test
    void mariaDbDatabasesAreIsolatedAndDroppedOnClose() throws SQLException {
        assumeSet("DMSKIT_TEST_MARIADB_URL");
        DatabaseChecks.twoDatabasesAreIsolatedAndDroppedOnClose(Provisioner.DEFAULT, Engine.MARIADB);
    }

    @Test
    void mySqlDatabasesAreIsolatedAndDroppedOnClose() throws SQLException {
        assumeSet("DMSKIT_TEST_MYSQL_URL");
        DatabaseChecks.twoDatabasesAreIsolatedAndDroppedOnClose(Provisioner.DEFAULT, Engine.MYSQL);
    }

    @Test
    void postgresDatabaseIsAFreshDatabaseOnTheServerTheUrlNames() {
        assumeSet("DMSKIT_TEST_POSTGRES_URL");
        try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL)) {
            assertThat(db.provenance()).startsWith("environment DMSKIT_TEST_POSTGRES_URL (PostgreSQL ");
            assertThat(db.jdbcUrl()).matches("jdbc:postgresql://[^/]+/dmskit_[a-z0-9]{12}(\\?.*)?")
                    .doesNotContain("user=", "password=");
            assertThat(db.schema()).isEqualTo("public");
        }
    }

    @Test
    void mariaDbDatabaseIsAFreshDatabaseOnTheServerTheUrlNames() {
        assumeSet("DMSKIT_TEST_MARIADB_URL");
        try (TestDatabase db = TestDatabase.create(Engine.MARIADB)) {
            assertThat(db.provenance()).startsWith("environment DMSKIT_TEST_MARIADB_URL (MariaDB ");
            assertThat(db.jdbcUrl()).matches("jdbc:mariadb://[^/]+/dmskit_[a-z0-9]{12}(\\?.*)?")
                    .doesNotContain("user=", "password=");
            assertThat(db.schema()).isEqualTo(db.name());
        }
    }

    private static void assumeSet(String variable) {
        String value = System.getenv(variable);
        assumeTrue(value != null && !value.isBlank(), variable + " is not set");
    }
}
