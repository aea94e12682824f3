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
    private final Dialect dialect;

    private Endpoint(Builder b, Dialect dialect) {
        this.name = b.name;
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password;
        this.properties = Map.copyOf(b.properties);
        this.maxPoolSize = b.maxPoolSize;
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

    /** Extra JDBC driver properties. */
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
        return new Endpoint(b, dialect);
    }

    @Override
    public String toString() {
        return "Endpoint[" + name() + ", " + safeUrl() + (user == null ? "" : ", user=" + user)
                + (password.isEmpty() ? "" : ", password=****") + "]";
    }

    /** Builds an {@link Endpoint}; {@link #build()} checks every setting. Not thread-safe. */
    public static final class Builder {
        private final String jdbcUrl;
        private String name;
        private String user;
        private Secret password = Secret.none();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private int maxPoolSize;

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
            if (!problems.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Invalid endpoint"
                        + (name == null ? "" : " '" + name + "'") + ": " + String.join("; ", problems));
            }
            return new Endpoint(this, Dialects.forJdbcUrl(jdbcUrl));
        }
    }
}
