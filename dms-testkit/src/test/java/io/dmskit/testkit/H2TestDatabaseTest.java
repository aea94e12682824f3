package io.dmskit.testkit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H2TestDatabaseTest {

    @Test
    void twoDatabasesAreIsolatedAndDroppedOnClose() throws SQLException {
        DatabaseChecks.twoDatabasesAreIsolatedAndDroppedOnClose(Provisioner.DEFAULT, Engine.H2);
    }

    @Test
    void describesAnInMemoryDatabase() {
        try (TestDatabase db = TestDatabase.create(Engine.H2)) {
            assertThat(db.jdbcUrl()).matches("jdbc:h2:mem:dmskit_[a-z0-9]{12};DB_CLOSE_DELAY=-1");
            assertThat(db.user()).isEqualTo("sa");
            assertThat(db.password()).isEmpty();
            assertThat(db.schema()).isEqualTo("PUBLIC");
            assertThat(db.provenance()).isEqualTo("in-memory H2 " + org.h2.engine.Constants.VERSION);
            assertThat(db.toString()).isEqualTo("TestDatabase[H2, " + db.jdbcUrl() + ", user=sa, " + db.provenance() + "]");
        }
    }

    @Test
    void executeNamesTheStatementThatFailed() {
        try (TestDatabase db = TestDatabase.create(Engine.H2)) {
            assertThatThrownBy(() -> db.execute("CREATE TABLE t (id INT)", "INSERT INTO missing VALUES (1)"))
                    .isInstanceOf(DmsException.class)
                    .hasMessageStartingWith("Statement 2 of 2 failed in test database " + db.jdbcUrl()
                            + ": INSERT INTO missing VALUES (1)\n  ")
                    .hasMessageEndingWith("[SQLState 42S02]")
                    .hasCauseInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((DmsException) e).code()).isEqualTo(ErrorCode.TARGET_WRITE_FAILED));
            // the statement before the failing one stays done
            db.execute("INSERT INTO t VALUES (1)");
        }
    }

    @Test
    void closingTwiceDoesNothingAndConnectAfterCloseFails() {
        TestDatabase db = TestDatabase.create(Engine.H2);
        db.close();
        db.close();
        assertThatThrownBy(db::connect).isInstanceOf(SQLException.class)
                .hasMessage("The test database " + db.jdbcUrl() + " is closed");
    }

    @Test
    void namesAreRandomAndLowerCase() {
        assertThat(Provisioner.freshName()).matches("dmskit_[a-z0-9]{12}").isNotEqualTo(Provisioner.freshName());
    }
}
