package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointTest {

    @Test
    void engineIsResolvedFromTheUrl() {
        assertThat(Endpoint.jdbc("jdbc:postgresql://h/db").build().engine()).isEqualTo("postgresql");
        assertThat(Endpoint.jdbc("jdbc:mariadb://h/db").build().engine()).isEqualTo("mariadb");
        assertThat(Endpoint.jdbc("jdbc:mysql://h/db").build().engine()).isEqualTo("mysql");
        assertThat(Endpoint.jdbc("jdbc:h2:mem:x").build().engine()).isEqualTo("h2");
    }

    @Test
    void passwordNeverAppearsInToStringOrSafeUrl() {
        Endpoint e = Endpoint.jdbc("jdbc:postgresql://h/db?user=app&password=hunter2&ssl=true").name("source")
                .user("app").password(Secret.of("s3cret")).build();
        assertThat(e.toString()).isEqualTo("Endpoint[source, jdbc:postgresql://h/db?user=app&password=****&ssl=true, user=app, password=****]");
        assertThat(e.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
        assertThat(e.password().toString()).isEqualTo("Secret[****]");
    }

    @Test
    void unknownEngineNamesTheSchemeAndTheKnownEngines() {
        assertThatThrownBy(() -> Endpoint.jdbc("jdbc:oracle:thin:@h:1521/x").build())
                .isInstanceOf(DmsException.class)
                .hasMessage("No dmskit dialect handles the JDBC URL scheme 'jdbc:oracle:'. Known engines: h2, mariadb, mysql, postgresql."
                        + " Use a URL of one of them, or register a Dialect through ServiceLoader.")
                .extracting(e -> ((DmsException) e).code()).isEqualTo(ErrorCode.UNKNOWN_ENGINE);
    }

    @Test
    void badUrlIsAConfigurationError() {
        assertThatThrownBy(() -> Endpoint.jdbc("postgres://h/db").name("target").build())
                .hasMessage("Invalid endpoint 'target': jdbcUrl must start with 'jdbc:', for example jdbc:mariadb://127.0.0.1:3306/db");
    }

    @Test
    void secretRedactsItselfFromText() {
        assertThat(Secret.of("pw1").redact("login pw1 failed")).isEqualTo("login **** failed");
    }
}
