package io.dmskit.cdc.internal;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a JDBC URL of the form {@code jdbc:<engine>://host[:port][,...]/[database][?k=v&...]}
 * that Debezium needs as separate settings (it connects with its own connections).
 *
 * @param host     the first host
 * @param port     the port, or the engine's default
 * @param database the database, or "" when the URL names none
 * @param params   the URL's query parameters, decoded
 */
public record JdbcUrl(String host, int port, String database, Map<String, String> params) {
    private static final Pattern URL = Pattern.compile("jdbc:[a-z0-9]+(?::[a-z0-9]+)?://([^/?]*)(?:/([^?;]*))?(?:[?;](.*))?",
            Pattern.CASE_INSENSITIVE);

    /**
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the URL has no host part
     */
    public static JdbcUrl parse(String jdbcUrl, int defaultPort) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches() || m.group(1).isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Change data capture needs a JDBC URL with a host, like"
                    + " jdbc:postgresql://host:5432/db; cannot read the host of the source URL");
        }
        String hostPort = m.group(1);
        int comma = hostPort.indexOf(',');
        if (comma >= 0) {
            hostPort = hostPort.substring(0, comma);
        }
        int at = hostPort.lastIndexOf('@');
        if (at >= 0) {
            hostPort = hostPort.substring(at + 1);
        }
        String host = hostPort;
        int port = defaultPort;
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            host = hostPort.substring(1, end);
            if (hostPort.length() > end + 2 && hostPort.charAt(end + 1) == ':') {
                port = Integer.parseInt(hostPort.substring(end + 2));
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = Integer.parseInt(hostPort.substring(colon + 1));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(3) != null) {
            for (String kv : m.group(3).split("[&;]")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(k, v);
            }
        }
        String db = m.group(2) == null ? "" : URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
        return new JdbcUrl(host, port, db, params);
    }

    /** PostgreSQL JDBC TLS parameters and the Debezium PostgreSQL connector settings that carry them. */
    private static final Map<String, String> PG_TLS = Map.of("sslmode", "database.sslmode", "sslrootcert", "database.sslrootcert",
            "sslcert", "database.sslcert", "sslkey", "database.sslkey", "sslpassword", "database.sslpassword",
            "sslfactory", "database.sslfactory");

    /**
     * The Debezium settings that make the change reader's own connections (the PostgreSQL replication
     * stream; the MariaDB binlog client and Debezium's JDBC connection) use TLS as the source endpoint's
     * JDBC connections do, from the TLS parameters of the source's JDBC URL and driver properties (a URL
     * parameter wins over a property, as in the drivers). Without them the change reader would connect
     * without the CA that the endpoint names, and fail to verify the server, or not use TLS at all.
     *
     * <ul>
     *   <li>{@code jdbc:postgresql:} {@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey},
     *       {@code sslpassword}, {@code sslfactory} become {@code database.<same name>}; {@code ssl=true}
     *       without {@code sslmode} is {@code verify-full}, as in the driver.</li>
     *   <li>{@code jdbc:mariadb:} {@code sslMode} becomes {@code database.ssl.mode} (the same values);
     *       {@code trustStore}/{@code trustStorePassword} and {@code keyStore}/{@code keyStorePassword}
     *       become {@code database.ssl.truststore(.password)} and {@code database.ssl.keystore(.password)}.
     *       The binlog client reads only key stores, so a CA in PEM form ({@code serverSslCert}, a file or
     *       the PEM text) is written to a PKCS12 trust store in a temporary file, deleted when the JVM
     *       exits; an explicit {@code trustStore} wins over it, as in the driver.</li>
     * </ul>
     * Other URLs give no settings.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when {@code serverSslCert} cannot be
     *         read as X.509 certificates
     */
    public static Map<String, String> debeziumTls(String jdbcUrl, Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!jdbcUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, 16) && !jdbcUrl.regionMatches(true, 0, "jdbc:mariadb:", 0, 13)) {
            return out;
        }
        Map<String, String> given = new LinkedHashMap<>(properties);
        Matcher m = URL.matcher(jdbcUrl);
        if (m.matches() && !m.group(1).isEmpty() && m.group(3) != null) {
            given.putAll(parse(jdbcUrl, 0).params());
        }
        if (jdbcUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) {
            PG_TLS.forEach((jdbc, debezium) -> {
                if (given.get(jdbc) != null) {
                    out.put(debezium, given.get(jdbc));
                }
            });
            if (!out.containsKey("database.sslmode") && "true".equalsIgnoreCase(given.get("ssl"))) {
                out.put("database.sslmode", "verify-full");
            }
            return out;
        }
        String mode = given.get("sslMode");
        if (mode != null) {
            out.put("database.ssl.mode", mode);
        }
        String trustStore = given.get("trustStore");
        if (trustStore != null) {
            out.put("database.ssl.truststore", trustStore.startsWith("file:") ? trustStore.substring(5) : trustStore);
            if (given.get("trustStorePassword") != null) {
                out.put("database.ssl.truststore.password", given.get("trustStorePassword"));
            }
        } else if (given.get("serverSslCert") != null) {
            String password = UUID.randomUUID().toString();
            out.put("database.ssl.truststore", trustStoreOf(given.get("serverSslCert"), password).toString());
            out.put("database.ssl.truststore.password", password);
        }
        String keyStore = given.get("keyStore");
        if (keyStore != null) {
            out.put("database.ssl.keystore", keyStore.startsWith("file:") ? keyStore.substring(5) : keyStore);
            if (given.get("keyStorePassword") != null) {
                out.put("database.ssl.keystore.password", given.get("keyStorePassword"));
            }
        }
        return out;
    }

    /** A PKCS12 trust store in a temporary file with the certificates of a PEM file (or PEM text). */
    private static Path trustStoreOf(String serverSslCert, String password) {
        boolean inline = serverSslCert.contains("-----BEGIN");
        String what = inline ? "the PEM text of serverSslCert" : "serverSslCert " + serverSslCert;
        try (InputStream in = inline ? new ByteArrayInputStream(serverSslCert.getBytes(StandardCharsets.US_ASCII))
                : Files.newInputStream(Path.of(serverSslCert.startsWith("file:") ? serverSslCert.substring(5) : serverSslCert))) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in it");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            Path file = Files.createTempFile("dmskit-cdc-ca-", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream os = Files.newOutputStream(file)) {
                store.store(os, password.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Change data capture cannot read the CA certificate of " + what
                    + " for the binlog connection's TLS (" + e.getMessage() + "); give a readable PEM file of the CA that signs the"
                    + " source server's certificate, or a trustStore", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port + "/" + database;
    }
}
