package io.dmskit.cdc.internal;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcUrlTest {
    private static final String NOT_A_CERTIFICATE = "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n";

    @Test
    void postgresTlsParametersGoToTheReplicationConnection() {
        Map<String, String> tls = JdbcUrl.debeziumTls("jdbc:postgresql://db:5432/shop?sslmode=require&sslcert=/c.pem",
                Map.of("sslmode", "verify-full", "sslrootcert", "/ca.pem", "user", "app"));
        assertThat(tls).containsExactlyInAnyOrderEntriesOf(Map.of("database.sslmode", "require", "database.sslrootcert", "/ca.pem",
                "database.sslcert", "/c.pem"));
    }

    @Test
    void postgresSslTrueIsVerifyFullAsInTheDriver() {
        assertThat(JdbcUrl.debeziumTls("jdbc:postgresql://db/shop?ssl=true", Map.of())).containsEntry("database.sslmode", "verify-full");
        assertThat(JdbcUrl.debeziumTls("jdbc:postgresql://db/shop", Map.of())).isEmpty();
    }

    @Test
    void mariaDbTrustStoreAndModeAreMapped() {
        Map<String, String> tls = JdbcUrl.debeziumTls("jdbc:mariadb://db:3306/shop?sslMode=verify-full",
                Map.of("trustStore", "file:/etc/ts.p12", "trustStorePassword", "pw", "serverSslCert", "/ignored.pem"));
        assertThat(tls).containsExactlyInAnyOrderEntriesOf(Map.of("database.ssl.mode", "verify-full",
                "database.ssl.truststore", "/etc/ts.p12", "database.ssl.truststore.password", "pw"));
    }

    @Test
    void mariaDbPemCaBecomesAPkcs12TrustStore(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, realPem());
        Map<String, String> tls = JdbcUrl.debeziumTls("jdbc:mariadb://db:3306/shop", Map.of("sslMode", "verify-full",
                "serverSslCert", pem.toString()));
        assertThat(tls).containsEntry("database.ssl.mode", "verify-full").containsKeys("database.ssl.truststore",
                "database.ssl.truststore.password");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(tls.get("database.ssl.truststore")))) {
            ks.load(in, tls.get("database.ssl.truststore.password").toCharArray());
        }
        assertThat(ks.size()).isEqualTo(1);
        assertThat(ks.isCertificateEntry("ca-0")).isTrue();
    }

    @Test
    void unreadableCaIsAConfigurationErrorNamingIt(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, NOT_A_CERTIFICATE);
        assertThatThrownBy(() -> JdbcUrl.debeziumTls("jdbc:mariadb://db/shop", Map.of("serverSslCert", bad.toString())))
                .isInstanceOfSatisfying(DmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.getMessage()).contains("serverSslCert " + bad).contains("PEM file of the CA");
                });
    }

    @Test
    void otherEnginesGetNothing() {
        assertThat(JdbcUrl.debeziumTls("jdbc:sqlserver://db:1433;databaseName=x;encrypt=true", Map.of("sslMode", "x"))).isEmpty();
    }

    private static String realPem() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl makes the test CA");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "/dev/null",
                "-subj", "/CN=dmskit unit test", "-days", "1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
