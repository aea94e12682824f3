package io.dmskit;

/**
 * Receives a task's progress events. Called from the task's worker threads, possibly from
 * several at once: implementations must be thread-safe and return quickly (they run on the copy
 * path). An exception thrown by a listener is logged and otherwise ignored. Every method has an
 * empty default.
 */
public interface TaskListener {

    /** The task has planned its tables and starts copying. */
    default void taskStarted(TaskStatus status) {
    }

    /** A table's first segment starts. */
    default void tableStarted(TableStatistics table) {
    }

    /** Rows of a table were committed into the target. */
    default void rowsCommitted(TableStatistics table) {
    }

    /** Every segment of a table is committed. */
    default void tableCompleted(TableStatistics table) {
    }

    /** A table failed; the task goes on with the other tables. */
    default void tableFailed(TableStatistics table) {
    }

    /** The task has ended: completed, failed or stopped. */
    default void taskFinished(TaskStatus status) {
    }
}
