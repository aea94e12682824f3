package io.dmskit;

import io.dmskit.error.DmsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {

    @Test
    void fileSecretIsReadWithoutItsTrailingLineBreak(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "p4ss word\n");
        Secret s = Secret.fromFile(f);
        assertThat(s.reveal()).isEqualTo("p4ss word");
        assertThat(s.toString()).doesNotContain("p4ss");
    }

    @Test
    void missingFileIsAConfigurationErrorNamingTheFile(@TempDir Path dir) {
        assertThatThrownBy(() -> Secret.fromFile(dir.resolve("nope")))
                .isInstanceOf(DmsException.class).hasMessageContaining("nope").hasMessageContaining("may read it");
    }

    @Test
    void providerIsAskedEachTimeAndNeverShown() {
        AtomicInteger calls = new AtomicInteger();
        Secret s = Secret.fromProvider("vault db/app", () -> "rotated-" + calls.incrementAndGet());
        assertThat(s.reveal()).isEqualTo("rotated-1");
        assertThat(s.reveal()).isEqualTo("rotated-2");
        assertThat(s.isEmpty()).isFalse();
        assertThat(s.toString()).isEqualTo("Secret[vault db/app, ****]");
        Endpoint e = Endpoint.jdbc("jdbc:postgresql://h/db").user("u").password(s).build();
        assertThat(e.toString()).doesNotContain("rotated");
    }

    @Test
    void failingProviderNamesTheProviderButNotItsMessage() {
        Secret s = Secret.fromProvider("vault db/app", () -> {
            throw new IllegalStateException("token hunter2 expired");
        });
        assertThatThrownBy(s::reveal).isInstanceOf(DmsException.class).hasMessageContaining("vault db/app")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void requireTlsSetsTheDriversVerifyFullMode(@TempDir Path dir) {
        Endpoint pg = Endpoint.jdbc("jdbc:postgresql://db.example/app").requireTls().tlsCaCertificate(dir.resolve("ca.pem")).build();
        assertThat(pg.properties()).containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", dir.resolve("ca.pem").toAbsolutePath().toString());
        assertThat(pg.requireTls()).isTrue();
        Endpoint maria = Endpoint.jdbc("jdbc:mariadb://db.example/app").requireTls().build();
        assertThat(maria.properties()).containsEntry("sslMode", "verify-full");
    }

    @Test
    void requireTlsRefusesAUrlThatAsksForLess() {
        assertThatThrownBy(() -> Endpoint.jdbc("jdbc:postgresql://h/db?sslmode=prefer").requireTls().build())
                .isInstanceOf(DmsException.class).hasMessageContaining("requireTls() conflicts with sslmode=prefer in the URL");
        assertThatThrownBy(() -> Endpoint.jdbc("jdbc:mariadb://h/db").property("sslMode", "trust").requireTls().build())
                .isInstanceOf(DmsException.class).hasMessageContaining("conflicts with the property sslMode=trust");
        assertThatThrownBy(() -> Endpoint.jdbc("jdbc:h2:mem:x").requireTls().build())
                .isInstanceOf(DmsException.class).hasMessageContaining("requireTls() is supported for");
    }
}
