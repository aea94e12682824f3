package io.dmskit;

import io.dmskit.schema.TableId;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of one table's progress in a task. Immutable.
 *
 * @param source          the source table
 * @param target          the target table it is loaded into
 * @param state           where it is
 * @param rowsLoaded      rows committed into the target by this run and, when resumed, by earlier runs
 * @param bytesLoaded     an estimate of the bytes of the values committed
 * @param estimatedRows   the source's estimate of its rows, -1 when unknown
 * @param segments        how many segments the table was split into
 * @param segmentsDone    how many of them are committed
 * @param elapsed         time spent loading it in this run
 * @param error           why it failed, null unless {@code state} is ERROR
 * @param warnings        things the user should know (for example: no key, loaded as one segment)
 * @param validationState where the table is in the task's validation
 * @param validation      the table's validation result, or null before it is validated
 * @param inserts         inserts captured from the source and applied to the target by this run (CDC)
 * @param updates         updates applied by this run (CDC)
 * @param deletes         deletes applied by this run (CDC)
 */
public record TableStatistics(TableId source, TableId target, TableState state, long rowsLoaded, long bytesLoaded,
                              long estimatedRows, int segments, int segmentsDone, Duration elapsed, String error,
                              List<String> warnings, ValidationState validationState,
                              ValidationReport.TableValidation validation, long inserts, long updates, long deletes) {

    public TableStatistics {
        warnings = List.copyOf(warnings);
    }

    /** The statistics of a table without applied changes (a full load). */
    public TableStatistics(TableId source, TableId target, TableState state, long rowsLoaded, long bytesLoaded,
                           long estimatedRows, int segments, int segmentsDone, Duration elapsed, String error,
                           List<String> warnings, ValidationState validationState,
                           ValidationReport.TableValidation validation) {
        this(source, target, state, rowsLoaded, bytesLoaded, estimatedRows, segments, segmentsDone, elapsed, error,
                warnings, validationState, validation, 0, 0, 0);
    }

    /** These statistics with the counts of applied changes. */
    public TableStatistics withChanges(long inserts, long updates, long deletes) {
        return new TableStatistics(source, target, state, rowsLoaded, bytesLoaded, estimatedRows, segments, segmentsDone,
                elapsed, error, warnings, validationState, validation, inserts, updates, deletes);
    }

    /** Changes of every kind applied to the table by this run. */
    public long changesApplied() {
        return inserts + updates + deletes;
    }

    /** Progress from 0 to 100, by rows against the estimate, else by segments. 100 only when completed. */
    public int percent() {
        if (state == TableState.COMPLETED) {
            return 100;
        }
        if (estimatedRows > 0) {
            return (int) Math.min(99, rowsLoaded * 100 / estimatedRows);
        }
        return segments == 0 ? 0 : Math.min(99, segmentsDone * 100 / segments);
    }
}
