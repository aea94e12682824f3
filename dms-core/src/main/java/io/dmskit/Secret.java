package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

/**
 * A password or other credential. Its value never appears in {@link #toString()}, logs or
 * exception messages; only {@link #reveal()} gives it, to hand it to a JDBC driver. Immutable.
 */
public final class Secret {
    private static final Secret NONE = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** A secret with the given value; null or empty means no password. */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value);
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

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The value itself. Hand it to a driver; never log it. */
    public String reveal() {
        return value;
    }

    /** Replaces every occurrence of this secret in a text, for messages that may quote it. */
    public String redact(String text) {
        return text == null || value.isEmpty() ? text : text.replace(value, "****");
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "Secret[none]" : "Secret[****]";
    }
}
