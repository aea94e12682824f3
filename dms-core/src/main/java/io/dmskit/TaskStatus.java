package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a task: its state, each table's statistics, and what went wrong. Immutable.
 *
 * @param task      the task's name
 * @param type      the migration type
 * @param state     where the task is
 * @param tables    per-table statistics, in the order the tables were planned (largest first)
 * @param startedAt when this run started
 * @param elapsed   how long this run has run
 * @param errors    every error of the task and its tables, each naming what failed and what to do
 * @param warnings  things the user should know that did not stop the task
 * @param cdc       where change data capture stands; null for a FULL_LOAD task
 */
public record TaskStatus(String task, MigrationType type, TaskState state, List<TableStatistics> tables,
                         Instant startedAt, Duration elapsed, List<TaskError> errors, List<String> warnings, Cdc cdc) {

    public TaskStatus {
        tables = List.copyOf(tables);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** The status of a task without change data capture. */
    public TaskStatus(String task, MigrationType type, TaskState state, List<TableStatistics> tables,
                      Instant startedAt, Duration elapsed, List<TaskError> errors, List<String> warnings) {
        this(task, type, state, tables, startedAt, elapsed, errors, warnings, null);
    }

    /**
     * Where the change data capture of a CDC or FULL_LOAD_AND_CDC task stands. Latencies are
     * measured against the source's commit times (MariaDB logs them in whole seconds), and are
     * zero when the task has applied every change that the source has.
     *
     * @param applying            whether changes are being applied: false while the full load of a
     *                            FULL_LOAD_AND_CDC task runs (changes wait in the source's log) and
     *                            after the task ended
     * @param appliedPosition     the source position up to which changes are committed in the
     *                            target (stored in the control tables with them); null before the
     *                            first position is known
     * @param sourceLatency       now minus the commit time of the last change captured from the source
     * @param targetLatency       now minus the commit time of the last change committed in the target
     * @param changesWaiting      changes captured and not yet committed in the target
     * @param changesApplied      changes committed in the target by this run
     * @param transactionsApplied target transactions committed by this run
     */
    public record Cdc(boolean applying, io.dmskit.spi.SourcePosition appliedPosition, Duration sourceLatency,
                      Duration targetLatency, long changesWaiting, long changesApplied, long transactionsApplied) {
    }

    /** Changes applied to every table by this run (zero for a FULL_LOAD task). */
    public long changesApplied() {
        return tables.stream().mapToLong(TableStatistics::changesApplied).sum();
    }

    /** Rows committed into the target over every table. */
    public long rowsLoaded() {
        return tables.stream().mapToLong(TableStatistics::rowsLoaded).sum();
    }

    /** The tables in a state. */
    public List<TableStatistics> tables(TableState state) {
        return tables.stream().filter(t -> t.state() == state).toList();
    }

    /** Overall progress from 0 to 100, weighting each table by its estimated rows. */
    public int percent() {
        if (state == TaskState.COMPLETED) {
            return 100;
        }
        long total = 0;
        long done = 0;
        for (TableStatistics t : tables) {
            long weight = Math.max(1, t.estimatedRows());
            total += weight;
            done += weight * t.percent() / 100;
        }
        return total == 0 ? 0 : (int) Math.min(99, done * 100 / total);
    }

    /**
     * The per-table statistics as JSON shaped like the output of AWS DMS's
     * {@code aws dms describe-table-statistics}: {@code {"ReplicationTaskIdentifier": task,
     * "TableStatistics": [{"SchemaName": ..., "TableName": ..., "Inserts": ..., ...}]}}, with the
     * source's schema and table names and the fields described in {@link TableStatistics}.
     * dmskit has no ARN: the task is named by {@code ReplicationTaskIdentifier}.
     */
    public String toAwsJson() {
        return io.dmskit.internal.settings.AwsStatistics.task(this);
    }

    /** Whether the task finished with every table loaded. */
    public boolean succeeded() {
        return state == TaskState.COMPLETED;
    }

    /**
     * Returns this status when the task completed; otherwise throws a {@link DmsException} whose
     * message lists every error (or says that the task has not finished).
     */
    public TaskStatus throwIfFailed() {
        if (state == TaskState.COMPLETED) {
            return this;
        }
        if (state == TaskState.STOPPED) {
            throw new DmsException(ErrorCode.STOPPED, "Task " + task + " was stopped before it finished ("
                    + percent() + "% done); start it again to resume.");
        }
        if (!state.isFinal()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Task " + task + " has not finished yet (" + state
                    + ", " + percent() + "% done).");
        }
        if (errors.isEmpty()) {
            throw new DmsException(ErrorCode.INTERNAL, "Task " + task + " failed without a recorded error.");
        }
        throw new DmsException(errors.get(0).code(), errors.size() == 1 ? errors.get(0).message()
                : "Task " + task + " failed with " + errors.size() + " errors:\n- "
                + String.join("\n- ", errors.stream().map(TaskError::message).toList()));
    }
}
