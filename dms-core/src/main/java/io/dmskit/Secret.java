package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A password or other credential: a value, an environment variable, a file, or a provider of the
 * user's (a vault client, a cloud secrets manager). Its value never appears in
 * {@link #toString()}, logs or exception messages; only {@link #reveal()} gives it, to hand it to a
 * JDBC driver. Immutable and thread-safe.
 *
 * <pre>{@code
 * Secret.fromEnv("PGPASSWORD");
 * Secret.fromFile(Path.of("/run/secrets/db-password"));
 * Secret.fromProvider("vault secret db/app", () -> vault.read("db/app"));
 * }</pre>
 */
public final class Secret {
    private static final Secret NONE = new Secret("", null, null);

    private final String value;
    private final Supplier<String> provider;
    private final String description;

    private Secret(String value, Supplier<String> provider, String description) {
        this.value = value;
        this.provider = provider;
        this.description = description;
    }

    /** A secret with the given value; null or empty means no password. */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value, null, null);
    }

    /** No password. */
    public static Secret none() {
        return NONE;
    }

    /**
     * The value of an environment variable, read now.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the variable is not set
     */
    public static Secret fromEnv(String variable) {
        String v = System.getenv(variable);
        if (v == null) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Environment variable " + variable
                    + " is not set; set it to the password, or pass the password with Secret.of(...)");
        }
        return of(v);
    }

    /**
     * The content of a file (such as a Docker or Kubernetes secret), read now, without the line
     * break at its end.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the file cannot be read
     */
    public static Secret fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            String v = Files.readString(file, StandardCharsets.UTF_8);
            return of(v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v.endsWith("\n") ? v.substring(0, v.length() - 1) : v);
        } catch (IOException e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Cannot read the secret file " + file + " (" + e.getClass().getSimpleName()
                    + "); check that it exists and that this process may read it", e);
        }
    }

    /**
     * A secret that a provider of the user's supplies. The provider is asked every time the value
     * is needed (each new connection), so that a rotated password is picked up; it must be
     * thread-safe and should cache. A provider that fails or returns null fails the connection
     * with {@link ErrorCode#CONFIGURATION} naming {@code description}.
     *
     * @param description what the secret is, for messages (never the value), e.g. {@code vault db/app}
     */
    public static Secret fromProvider(String description, Supplier<String> provider) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(provider, "provider");
        return new Secret(null, provider, description);
    }

    public boolean isEmpty() {
        return provider == null && value.isEmpty();
    }

    /** The value itself. Hand it to a driver; never log it. */
    public String reveal() {
        if (provider == null) {
            return value;
        }
        String v;
        try {
            v = provider.get();
        } catch (RuntimeException e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "The secret provider '" + description + "' failed ("
                    + e.getClass().getName() + "); check the provider", null);
        }
        if (v == null) {
            throw new DmsException(ErrorCode.CONFIGURATION, "The secret provider '" + description + "' returned no value");
        }
        return v;
    }

    /** Replaces every occurrence of this secret in a text, for messages that may quote it. */
    public String redact(String text) {
        if (text == null || isEmpty()) {
            return text;
        }
        String v;
        try {
            v = reveal();
        } catch (DmsException e) {
            return text;
        }
        return v.isEmpty() ? text : text.replace(v, "****");
    }

    @Override
    public String toString() {
        return isEmpty() ? "Secret[none]" : provider != null ? "Secret[" + description + ", ****]" : "Secret[****]";
    }
}
