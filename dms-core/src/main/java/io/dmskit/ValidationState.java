package io.dmskit;

/** Where a table is in a task's validation. */
public enum ValidationState {
    /** The task does not validate, or has not reached this table yet. */
    NOT_VALIDATED,
    /** Being compared. */
    VALIDATING,
    /** Same rows on both sides. */
    CONSISTENT,
    /** Rows differ; the differences are recorded in the control table {@code awsdms_validation_failures_v1}. */
    DIFFERENT,
    /** It could not be compared. */
    ERROR
}
