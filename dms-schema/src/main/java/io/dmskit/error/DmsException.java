package io.dmskit.error;

import java.util.Objects;

/**
 * The one unchecked exception that dmskit throws. Its {@link #code()} says what kind of failure
 * it is and whether a retry can help; its message names what failed (task, table, row key,
 * column) and what to do. Messages never contain passwords.
 */
public class DmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public DmsException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public DmsException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    /** Whether the failed operation may succeed when tried again. */
    public boolean retryable() {
        return code.retryable();
    }
}
