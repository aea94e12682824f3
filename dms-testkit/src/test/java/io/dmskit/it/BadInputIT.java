package io.dmskit.it;

import io.dmskit.Endpoint;
import io.dmskit.ReplicationTask;
import io.dmskit.Secret;
import io.dmskit.TableMapping;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskSettings;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input fails with a message that names the thing that is wrong and what to do. */
class BadInputIT {

    private static DmsException failure(ReplicationTask task) {
        try {
            task.run();
        } catch (DmsException e) {
            return e;
        }
        throw new AssertionError("the task did not fail");
    }

    @Test
    void unreachableEndpointNamesTheEndpointUrlAndUser() {
        try (TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            Endpoint src = Endpoint.jdbc("jdbc:postgresql://127.0.0.1:1/shop?connectTimeout=2").name("source").user("app")
                    .password(Secret.of("pw-that-must-not-leak")).build();
            DmsException e = failure(ReplicationTask.builder().source(src).target(Fixtures.endpoint(target, "target")).build());
            assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
            assertThat(e.getMessage()).startsWith("Cannot connect to the source endpoint 'source' at "
                    + "jdbc:postgresql://127.0.0.1:1/shop?connectTimeout=2 as user 'app': ")
                    .endsWith(". Check that the server runs and accepts connections, and that the URL, user and password are right.")
                    .contains("refused")
                    .doesNotContain("pw-that-must-not-leak");
        }
    }

    @Test
    void wrongPasswordNamesTheUserAndNotThePassword() {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE USER IF NOT EXISTS 'dmskit_pw_test'@'%' IDENTIFIED BY 'right-password'");
            try {
                Endpoint src = Endpoint.jdbc(source.jdbcUrl()).name("shop").user("dmskit_pw_test")
                        .password(Secret.of("wrong-password")).build();
                DmsException e = failure(ReplicationTask.builder().source(src).target(Fixtures.endpoint(target, "target")).build());
                assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
                assertThat(e.getMessage()).startsWith("Cannot connect to the source endpoint 'shop' at " + source.jdbcUrl()
                                + " as user 'dmskit_pw_test': ")
                        .contains("Access denied for user 'dmskit_pw_test'")
                        .doesNotContain("wrong-password");
            } finally {
                source.execute("DROP USER IF EXISTS 'dmskit_pw_test'@'%'");
            }
        }
    }

    @Test
    void mappingThatSelectsNothingListsTheRulesAndTheSchemas() {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            DmsException e = failure(ReplicationTask.builder().source(Fixtures.endpoint(source, "source"))
                    .target(Fixtures.endpoint(target, "target"))
                    .mapping(TableMapping.builder().include("shop", "ordrs").build()).build());
            assertThat(e.code()).isEqualTo(ErrorCode.MAPPING_SELECTS_NOTHING);
            assertThat(e.getMessage()).isEqualTo("Table mapping selects no table. Rules: rule 1 (include shop.ordrs)."
                    + " Source schemas: public (1 table). Check the schema and table patterns (% matches any run of characters, _ one character).");
        }
    }

    @Test
    void unsupportedColumnTypeNamesTableColumnAndTypeBeforeWritingAnything() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            source.execute("CREATE TABLE docs (id int PRIMARY KEY, body text, search tsvector)",
                    "CREATE TABLE fine (id int PRIMARY KEY)");
            DmsException e = failure(ReplicationTask.builder().source(Fixtures.endpoint(source, "source"))
                    .target(Fixtures.endpoint(target, "target"))
                    .mapping(TableMapping.builder().include("public", "%").renameSchema("public", target.schema()).build())
                    .settings(TaskSettings.builder().controlSchema(target.schema()).build()).build());
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
            assertThat(e.getMessage()).isEqualTo("Table public.docs, column search: type 'tsvector' has no equivalent in mariadb;"
                    + " exclude the column or the table in the table mapping");
            try (var c = target.connect(); var rs = c.getMetaData().getTables(target.schema(), null, "fine", null)) {
                assertThat(rs.next()).as("no table was created").isFalse();
            }
        }
    }

    @Test
    void incompatibleExistingTargetTableUnderDoNothingNamesEveryColumn() {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, placed DATE, note VARCHAR(20))");
            target.execute("CREATE SCHEMA shop", "CREATE TABLE shop.orders (id bigint PRIMARY KEY, placed bytea)");
            DmsException e = failure(ReplicationTask.builder().source(Fixtures.endpoint(source, "source"))
                    .target(Fixtures.endpoint(target, "target"))
                    .mapping(TableMapping.builder().include(source.schema(), "orders").renameSchema(source.schema(), "shop").build())
                    .settings(TaskSettings.builder().prepMode(TargetTablePrepMode.DO_NOTHING).build()).build());
            assertThat(e.code()).isEqualTo(ErrorCode.INCOMPATIBLE_TARGET_TABLE);
            assertThat(e.getMessage()).isEqualTo("Target table shop.orders exists with an incompatible shape for source table "
                    + source.schema() + ".orders (prep mode DO_NOTHING): column placed is bytea but the source column placed is date;"
                    + " column note is missing. Use prep mode DROP_AND_CREATE, or change the target table or the table mapping.");
        }
    }

    @Test
    void valueThatDoesNotFitNamesTaskTableKeyAndColumn() {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE amounts (id int PRIMARY KEY, v numeric)", "INSERT INTO amounts VALUES (7, 1.005)");
            target.execute("CREATE TABLE amounts (id int PRIMARY KEY, v numeric(12,2))");
            DmsException e = failure(ReplicationTask.builder().name("fit").source(Fixtures.endpoint(source, "source"))
                    .target(Fixtures.endpoint(target, "target"))
                    .mapping(TableMapping.builder().include("public", "amounts").build())
                    .settings(TaskSettings.builder().prepMode(TargetTablePrepMode.DO_NOTHING)
                            .errorBehavior(io.dmskit.ErrorBehavior.builder()
                                    .dataErrorPolicy(io.dmskit.ErrorBehavior.Action.SUSPEND_TABLE).build()).build()).build());
            assertThat(e.code()).isEqualTo(ErrorCode.DATA_ERROR);
            assertThat(e.getMessage()).isEqualTo("Task fit, table public.amounts, row id=7, column v: 1.005 has more than 2 digits"
                    + " after the point and would be rounded in numeric(12,2); the table is suspended (DataErrorPolicy=SUSPEND_TABLE)."
                    + " Fix the value in the source, exclude the column, or choose a target type that holds it, then reload the table.");
        }
    }

    @Test
    void cdcFromAnEngineWithoutChangeCaptureIsRejectedAtBuildTime() {
        Endpoint h2 = Endpoint.jdbc("jdbc:h2:mem:no_cdc").build();
        Endpoint pg = Endpoint.jdbc("jdbc:postgresql://127.0.0.1/x").build();
        assertThatThrownBy(() -> ReplicationTask.builder().source(h2).target(pg).type(io.dmskit.MigrationType.CDC).build())
                .isInstanceOf(DmsException.class)
                .hasMessageStartingWith("Invalid replication task: type CDC needs change data capture of the source's engine: ")
                .hasMessageContaining("h2");
    }
}
