package io.dmskit;

import java.time.Duration;

/**
 * A running (or finished) replication task: watch it, wait for it, stop it. Thread-safe: any
 * thread may call any method. Closing the handle stops the task if it still runs.
 *
 * <pre>{@code
 * try (TaskHandle run = task.start()) {
 *     TaskStatus status = run.awaitCompletion(Duration.ofHours(1));
 * }
 * }</pre>
 */
public interface TaskHandle extends AutoCloseable {

    String taskName();

    /** A snapshot of the task now: state, per-table statistics, errors. Cheap; call it as often as you like. */
    TaskStatus status();

    /** Waits until the task has ended (completed, failed or stopped) or the timeout passed, and returns its status then. */
    TaskStatus awaitCompletion(Duration timeout) throws InterruptedException;

    /**
     * Waits until every table is loaded (or the task ended, or the timeout passed). For a
     * FULL_LOAD task this is its completion; for FULL_LOAD_AND_CDC, the moment CDC takes over
     * (capture runs again and the changes held during the load are being applied); for CDC, the
     * moment capture runs, after which every change committed at the source reaches the target.
     */
    TaskStatus awaitFullLoad(Duration timeout) throws InterruptedException;

    /**
     * Asks the task to stop at the next batch and waits until it has. Rows not yet committed are
     * rolled back; starting the task again resumes it from the control tables. A task applying
     * changes stops after its current source transaction is committed with its position; its
     * capture state on the source (a PostgreSQL replication slot) is kept, so that the changes
     * made while it is stopped are applied when it starts again (see
     * {@link ReplicationTask#deleteState()}).
     */
    TaskStatus stop() throws InterruptedException;

    /**
     * Compares the task's source and target, table by table, through its mapping (see
     * {@link Validator}). Meant for after the full load: rows that change while it runs show as
     * differences.
     */
    ValidationReport validate();

    /** Stops the task if it still runs. */
    @Override
    void close();
}
