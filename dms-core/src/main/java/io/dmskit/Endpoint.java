package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A database that a task reads from or writes to: a JDBC URL, a user, a password and extra
 * driver properties. The engine is resolved from the URL when the endpoint is built. Immutable and
 * thread-safe; the password never appears in {@link #toString()} or in any message.
 *
 * <pre>{@code
 * Endpoint source = Endpoint.jdbc("jdbc:mariadb://127.0.0.1:3306/shop").user("root").build();
 * Endpoint target = Endpoint.jdbc("jdbc:postgresql://127.0.0.1:5432/shop").user("app")
 *         .password(Secret.fromEnv("PGPASSWORD")).build();
 * }</pre>
 */
public final class Endpoint {
    private static final Pattern URL_SECRET = Pattern.compile(
            "(?i)((?:password|pwd|passwd|sslpassword|sslkeypassword|trustCertificateKeyStorePassword|clientCertificateKeyStorePassword)=)[^&;]*");

    private final String name;
    private final String jdbcUrl;
    private final String user;
    private final Secret password;
    private final Map<String, String> properties;
    private final int maxPoolSize;
    private final boolean requireTls;
    private final Dialect dialect;

    private Endpoint(Builder b, Dialect dialect) {
        this.name = b.name;
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password;
        this.properties = Map.copyOf(b.properties);
        this.maxPoolSize = b.maxPoolSize;
        this.requireTls = b.requireTls;
        this.dialect = dialect;
    }

    /** Starts an endpoint for a JDBC URL such as {@code jdbc:postgresql://host:5432/db}. */
    public static Builder jdbc(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /** A name for messages, such as {@code source} or {@code target}; defaults to the engine. */
    public String name() {
        return name == null ? dialect.engine() : name;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The JDBC URL with any password parameter in it replaced by {@code ****}: for messages. */
    public String safeUrl() {
        return password.redact(URL_SECRET.matcher(jdbcUrl).replaceAll("$1****"));
    }

    /** The user, or null when the URL or driver supplies it. */
    public String user() {
        return user;
    }

    public Secret password() {
        return password;
    }

    /**
     * Whether connections must use TLS with the server's certificate verified against a CA and
     * its host name checked ({@link Builder#requireTls}); a server without TLS is then refused.
     */
    public boolean requireTls() {
        return requireTls;
    }

    /** Extra JDBC driver properties, including those that {@link Builder#requireTls} sets. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The most connections a task keeps open to this endpoint; 0 means as many as the task's parallelism needs. */
    public int maxPoolSize() {
        return maxPoolSize;
    }

    /** The engine's name, for example {@code postgresql} or {@code mariadb}. */
    public String engine() {
        return dialect.engine();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** This endpoint with another name for messages. */
    public Endpoint withName(String newName) {
        Builder b = new Builder(jdbcUrl).name(newName).user(user).password(password).maxPoolSize(maxPoolSize);
        b.properties.putAll(properties);
        b.requireTls = requireTls;
        return new Endpoint(b, dialect);
    }

    @Override
    public String toString() {
        return "Endpoint[" + name() + ", " + safeUrl() + (user == null ? "" : ", user=" + user)
                + (password.isEmpty() ? "" : ", password=****") + (requireTls ? ", tls=verify-full" : "") + "]";
    }

    /** Builds an {@link Endpoint}; {@link #build()} checks every setting. Not thread-safe. */
    public static final class Builder {
        private final String jdbcUrl;
        private String name;
        private String user;
        private Secret password = Secret.none();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private int maxPoolSize;
        private boolean requireTls;
        private String caCertificate;

        private Builder(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(Secret password) {
            this.password = password == null ? Secret.none() : password;
            return this;
        }

        /** A JDBC driver property; it wins over dmskit's defaults for the engine. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /**
         * Requires TLS with full verification on every connection: the server's certificate must
         * be signed by a trusted CA ({@link #tlsCaCertificate}, else the driver's default trust
         * store) and name the host of the URL. A server without TLS, or with a certificate that
         * does not verify, is refused with {@link ErrorCode#CONNECTION_FAILED}. Sets the driver's
         * properties: {@code sslmode=verify-full} (PostgreSQL), {@code sslMode=verify-full}
         * (MariaDB Connector/J), {@code sslMode=VERIFY_IDENTITY} (MySQL Connector/J). A URL or
         * property that asks for less is a configuration error.
         */
        public Builder requireTls() {
            this.requireTls = true;
            return this;
        }

        /** The PEM file of the CA that signs the server's certificate, for {@link #requireTls}. */
        public Builder tlsCaCertificate(java.nio.file.Path pemFile) {
            this.caCertificate = pemFile == null ? null : pemFile.toAbsolutePath().toString();
            return this;
        }

        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        /**
         * @throws DmsException with {@link ErrorCode#CONFIGURATION} listing every invalid setting, or
         *         {@link ErrorCode#UNKNOWN_ENGINE} when no dialect handles the URL
         */
        public Endpoint build() {
            List<String> problems = new ArrayList<>();
            if (jdbcUrl == null || jdbcUrl.isBlank()) {
                problems.add("jdbcUrl is required, for example jdbc:postgresql://127.0.0.1:5432/db");
            } else if (!jdbcUrl.startsWith("jdbc:")) {
                problems.add("jdbcUrl must start with 'jdbc:', for example jdbc:mariadb://127.0.0.1:3306/db");
            }
            if (maxPoolSize < 0) {
                problems.add("maxPoolSize must be 0 (automatic) or more, was " + maxPoolSize);
            }
            if (password.reveal().isEmpty() && properties.containsKey("password")) {
                problems.add("pass the password with password(Secret), not as a property, so that it is never printed");
            }
            if (caCertificate != null && !requireTls) {
                problems.add("tlsCaCertificate is set without requireTls(); call requireTls() too");
            }
            if (requireTls && jdbcUrl != null) {
                tlsProperties(problems);
            }
            if (!problems.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Invalid endpoint"
                        + (name == null ? "" : " '" + name + "'") + ": " + String.join("; ", problems));
            }
            return new Endpoint(this, Dialects.forJdbcUrl(jdbcUrl));
        }

        /** Sets the driver's properties for verified TLS, or adds a problem when the URL or a property asks for less. */
        private void tlsProperties(List<String> problems) {
            String mode;
            String wanted;
            String ca;
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                mode = "sslmode";
                wanted = "verify-full";
                ca = "sslrootcert";
            } else if (jdbcUrl.startsWith("jdbc:mariadb:")) {
                mode = "sslMode";
                wanted = "verify-full";
                ca = "serverSslCert";
            } else if (jdbcUrl.startsWith("jdbc:mysql:")) {
                mode = "sslMode";
                wanted = "VERIFY_IDENTITY";
                ca = null;
            } else {
                problems.add("requireTls() is supported for jdbc:postgresql:, jdbc:mariadb: and jdbc:mysql: URLs, not " + safeUrlOf(jdbcUrl));
                return;
            }
            java.util.regex.Matcher m = Pattern.compile("(?i)[?&;](ssl|sslmode|useSSL|requireSSL)=([^&;]*)").matcher(jdbcUrl);
            while (m.find()) {
                String v = m.group(2).toLowerCase(java.util.Locale.ROOT);
                if (!v.equals(wanted.toLowerCase(java.util.Locale.ROOT)) && !v.equals("true")) {
                    problems.add("requireTls() conflicts with " + m.group(1) + "=" + m.group(2) + " in the URL; remove it");
                }
            }
            String given = properties.get(mode);
            if (given != null && !given.equalsIgnoreCase(wanted)) {
                problems.add("requireTls() conflicts with the property " + mode + "=" + given + "; remove it");
            }
            properties.put(mode, wanted);
            if (caCertificate != null) {
                if (ca == null) {
                    problems.add("tlsCaCertificate is not supported for jdbc:mysql: URLs; import the CA into a trust store and set "
                            + "the properties trustCertificateKeyStoreUrl and trustCertificateKeyStorePassword");
                } else {
                    properties.put(ca, caCertificate);
                }
            }
        }

        private static String safeUrlOf(String url) {
            return URL_SECRET.matcher(url).replaceAll("$1****");
        }
    }
}
