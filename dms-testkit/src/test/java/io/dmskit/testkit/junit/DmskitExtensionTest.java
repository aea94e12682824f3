package io.dmskit.testkit.junit;

import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import io.dmskit.testkit.TestDatabaseUnavailableException;
import io.dmskit.testkit.junit.Outcomes.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.TestExecutionResult.Status.ABORTED;
import static org.junit.platform.engine.TestExecutionResult.Status.FAILED;
import static org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL;

/**
 * The extension with H2 (no server needed): fresh databases per test, one per role shared by the
 * test and its lifecycle methods, dropped after; configuration mistakes and unavailable engines
 * fail, or skip when the test says so.
 */
class DmskitExtensionTest {

    static final List<TestDatabase> SEEN = new CopyOnWriteArrayList<>();

    @DmskitTest
    static class Plain {
        @BeforeEach
        void createTable(@Source(Engine.H2) TestDatabase src) {
            SEEN.add(src);
            src.execute("CREATE TABLE made_before (id INT PRIMARY KEY)");
        }

        @Test
        void sourceAndTarget(@Source(Engine.H2) TestDatabase src, @Target(Engine.H2) TestDatabase dst) throws SQLException {
            SEEN.add(src);
            SEEN.add(dst);
            assertThat(src.engine()).isEqualTo(Engine.H2);
            assertThat(dst.jdbcUrl()).isNotEqualTo(src.jdbcUrl());
            assertThat(tables(src)).containsExactly("MADE_BEFORE");
            assertThat(tables(dst)).isEmpty();
        }

        @Test
        void onlyATarget(@Target(Engine.H2) TestDatabase dst) {
            SEEN.add(dst);
        }
    }

    @Test
    void givesEachTestFreshDatabasesSharedWithItsLifecycleMethodsAndDropsThemAfter() {
        SEEN.clear();
        Map<String, Outcome> outcomes = Outcomes.run(Plain.class);
        assertThat(outcomes.values()).extracting(Outcome::status).containsOnly(SUCCESSFUL).hasSize(2);
        // per test: @BeforeEach's source, then the test's source (the same) and target, or only its target
        assertThat(SEEN).hasSize(5);
        assertThat(SEEN.stream().distinct()).hasSize(4);
        for (TestDatabase db : SEEN) {
            assertThatThrownBy(db::connect).isInstanceOf(SQLException.class).hasMessageContaining("is closed");
        }
    }

    static class WithoutEngine {
        @Test
        void noEngine(@Source TestDatabase src) {
        }

        @Test
        void twoEngines(@Target({Engine.H2, Engine.POSTGRESQL}) TestDatabase dst) {
        }

        @Test
        void notADatabase(@Source(Engine.H2) String src) {
        }
    }

    @Test
    void failsATestWhoseAnnotationsDoNotSayWhichEngine() {
        Map<String, Outcome> outcomes = Outcomes.run(WithoutEngine.class);
        assertThat(outcomes.get("noEngine(TestDatabase)")).isEqualTo(new Outcome(FAILED,
                "@Source on parameter src of noEngine names no engine. Name one, as in @Source(Engine.POSTGRESQL), or make "
                        + "the test an @EnginePairs template to run it with every engine"));
        assertThat(outcomes.get("twoEngines(TestDatabase)")).isEqualTo(new Outcome(FAILED,
                "@Target on parameter dst of twoEngines names 2 engines [H2, POSTGRESQL], but a @Test runs with one. Make the "
                        + "test an @EnginePairs template to run it with each"));
        assertThat(outcomes.get("notADatabase(String)")).isEqualTo(new Outcome(FAILED,
                "@Source marks a TestDatabase parameter, but parameter src of notADatabase is a java.lang.String"));
    }

    @DmskitTest
    static class Pairs {
        @EnginePairs(engines = Engine.H2)
        void pair(@Source TestDatabase src, @Target TestDatabase dst) {
            assertThat(src.engine()).isEqualTo(Engine.H2);
            assertThat(dst.engine()).isEqualTo(Engine.H2);
            assertThat(src.jdbcUrl()).isNotEqualTo(dst.jdbcUrl());
        }

        @EnginePairs(engines = Engine.H2)
        void onlyTarget(@Target TestDatabase dst) {
            assertThat(dst.engine()).isEqualTo(Engine.H2);
        }

        @EnginePairs(engines = Engine.H2, sameEngine = false)
        void noPairLeft(@Source TestDatabase src, @Target TestDatabase dst) {
        }

        @EnginePairs
        void noDatabase() {
        }
    }

    @Test
    void runsATemplateOncePerPairAndNamesTheInvocationsByTheirEngines() {
        Map<String, Outcome> outcomes = Outcomes.run(Pairs.class);
        assertThat(outcomes.get("pair(TestDatabase, TestDatabase) > H2 -> H2")).isEqualTo(new Outcome(SUCCESSFUL, null));
        assertThat(outcomes.get("onlyTarget(TestDatabase) > target H2")).isEqualTo(new Outcome(SUCCESSFUL, null));
        assertThat(outcomes.get("noPairLeft(TestDatabase, TestDatabase)")).isEqualTo(new Outcome(FAILED,
                "@EnginePairs test noPairLeft has no pair of different engines"));
        assertThat(outcomes.get("noDatabase()")).isEqualTo(new Outcome(FAILED,
                "@EnginePairs test noDatabase has no @Source or @Target TestDatabase parameter, so there are no pairs to run it for"));
        assertThat(outcomes).hasSize(4);
    }

    static class Unavailable {
        @Test
        void skipped(@Source(Engine.H2) TestDatabase src, @Target(value = Engine.MYSQL, skipIfUnavailable = true) TestDatabase dst) {
        }

        @Test
        void failed(@Target(Engine.MYSQL) TestDatabase dst) {
        }
    }

    @Test
    void skipsOnlyWhenTheTestOptsInAndFailsOtherwiseWithTheProvisioningMessage() {
        String why = null;
        String provenance = null;
        try (TestDatabase mysql = TestDatabase.create(Engine.MYSQL)) {
            provenance = mysql.provenance();
        } catch (TestDatabaseUnavailableException e) {
            why = e.getMessage();
        }
        assumeTrue(why != null, "a MySQL test database is available here (" + provenance + "): nothing to skip");
        Map<String, Outcome> outcomes = Outcomes.run(Unavailable.class);
        assertThat(outcomes.get("skipped(TestDatabase, TestDatabase)"))
                .isEqualTo(new Outcome(ABORTED, "Skipped: @Target(skipIfUnavailable = true) and " + why));
        assertThat(outcomes.get("failed(TestDatabase)")).isEqualTo(new Outcome(FAILED, why));
    }

    private static List<String> tables(TestDatabase db) throws SQLException {
        try (Connection c = db.connect();
             ResultSet rs = c.getMetaData().getTables(null, db.schema(), "%", new String[] {"TABLE", "BASE TABLE"})) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
            return out;
        }
    }
}
