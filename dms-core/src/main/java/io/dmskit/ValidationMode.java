package io.dmskit;

/** Whether and when a task validates its tables (see {@link Validator}). */
public enum ValidationMode {
    /** No validation. */
    NONE,
    /** Each table is validated as soon as its full load completes, while other tables still load. */
    AFTER_FULL_LOAD,
    /** Nothing is loaded or prepared: the task only validates the target against the source. */
    ONLY
}
