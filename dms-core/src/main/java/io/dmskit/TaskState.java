package io.dmskit;

/** Where a replication task is. */
public enum TaskState {
    /** Connecting, reading the catalogs, preparing target tables and planning segments. */
    STARTING,
    /** Copying tables. */
    RUNNING,
    /** Every table was loaded. */
    COMPLETED,
    /** The task could not start, or at least one table failed: {@link TaskStatus#errors()} says why. */
    FAILED,
    /** Stopped by {@link TaskHandle#stop()} before it finished; starting the task again resumes it. */
    STOPPED;

    /** Whether the task has ended (nothing runs any more). */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }
}
