package io.dmskit.error;

/**
 * What went wrong, as a stable code that callers can switch on. Each code says whether trying
 * again can help: {@link #retryable()} is true only for faults of the environment (a lost
 * connection, a deadlock), never for faults of the data or the configuration.
 */
public enum ErrorCode {
    /** A setting, builder argument or mapping rule is invalid. Fix the configuration. */
    CONFIGURATION(false),
    /** No engine support (dialect, reader, writer or JDBC driver) was found for a JDBC URL. */
    UNKNOWN_ENGINE(false),
    /** A connection to an endpoint could not be opened (host down, refused, bad credentials). */
    CONNECTION_FAILED(false),
    /** An open connection broke, or the database asked to retry (deadlock, serialization failure). */
    CONNECTION_LOST(true),
    /** The table mapping selects no table, or one of its selection rules matches nothing. */
    MAPPING_SELECTS_NOTHING(false),
    /** A column's type cannot be moved to the target engine. */
    UNSUPPORTED_TYPE(false),
    /** A target table exists with a shape the load cannot write into. */
    INCOMPATIBLE_TARGET_TABLE(false),
    /** A value of a row cannot be represented in the target column without loss. */
    DATA_ERROR(false),
    /** Reading from the source failed for a reason other than a lost connection. */
    SOURCE_READ_FAILED(false),
    /** Writing into the target failed for a reason other than a lost connection. */
    TARGET_WRITE_FAILED(false),
    /**
     * A statement of the target schema that runs after the load (an index, constraint, foreign
     * key, sequence value, view, trigger or routine) failed; the loaded data is kept. The message
     * names the object and the statement.
     */
    SCHEMA_DDL_FAILED(false),
    /** The control tables in the target hold a state that this task cannot resume from. */
    CONTROL_STATE(false),
    /** Validation found rows that differ between source and target. */
    VALIDATION_FAILED(false),
    /** The task was stopped before it finished. */
    STOPPED(false),
    /** A defect in dmskit itself. Please report it with the message and stack trace. */
    INTERNAL(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether the same operation, tried again later, may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
