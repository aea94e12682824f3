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
 * @param fullLoadStartTime when this run began loading the table; null when it did not load it
 *                          (not yet, or loaded by an earlier run)
 * @param fullLoadEndTime   when this run completed the table's load; null until then
 * @param dataErrorRows   rows (full load) and changes (CDC) of the table that the data error policy left
 *                        out or recorded instead of writing them, in this run ({@code awsdms_apply_exceptions}
 *                        holds those that {@code LOG_ERROR} recorded)
 * @param ddls            column additions, drops, renames and truncates captured at the source and applied to
 *                        the target by this run (CDC)
 * @param lastUpdateTime  when this run last changed the table in the target: a segment of its load
 *                        committed, or a change applied to it; null when this run did neither yet
 *
 * <h2>AWS DMS names</h2>
 * The accessors named like the fields of AWS DMS's {@code describe-table-statistics} output
 * ({@link #fullLoadRows()}, {@link #appliedInserts()}, {@link #awsTableState()}, ...) give the
 * numbers dmskit counts under the service's names, and {@link #toAwsJson()} writes them in that
 * shape. dmskit counts a change once, when it is applied: {@code Inserts} and {@code AppliedInserts}
 * (and the updates and deletes) are the same count, and a change left out by the error policy is
 * in neither (it is recorded in {@code awsdms_apply_exceptions}). {@code FullLoadCondtnlChkFailedRows}
 * is 0, as the service reports it for every target but DynamoDB (it counts DynamoDB's conditional
 * writes). {@code ValidationPendingRecords} and {@code ValidationSuspendedRecords} are there once
 * the table is validated (0: dmskit compares every row of a table in one pass and suspends none).
 * Fields that dmskit does not count are left out of the JSON rather than given made-up values:
 * {@code FullLoadErrorRows} (dmskit counts the rows left out by the error policy in the full load and
 * in CDC together, {@link #dataErrorRows()}) and {@code FullLoadReloaded};
 * {@code FullLoadStartTime} and {@code FullLoadEndTime} only when this run loaded the table, and
 * {@code LastUpdateTime} only when this run changed it.
 */
public record TableStatistics(TableId source, TableId target, TableState state, long rowsLoaded, long bytesLoaded,
                              long estimatedRows, int segments, int segmentsDone, Duration elapsed, String error,
                              List<String> warnings, ValidationState validationState,
                              ValidationReport.TableValidation validation, long inserts, long updates, long deletes,
                              java.time.Instant fullLoadStartTime, java.time.Instant fullLoadEndTime,
                              long dataErrorRows, long ddls, java.time.Instant lastUpdateTime) {

    public TableStatistics {
        warnings = List.copyOf(warnings);
    }

    /** The statistics of a table without a last update time. */
    public TableStatistics(TableId source, TableId target, TableState state, long rowsLoaded, long bytesLoaded,
                           long estimatedRows, int segments, int segmentsDone, Duration elapsed, String error,
                           List<String> warnings, ValidationState validationState,
                           ValidationReport.TableValidation validation, long inserts, long updates, long deletes,
                           java.time.Instant fullLoadStartTime, java.time.Instant fullLoadEndTime, long dataErrorRows, long ddls) {
        this(source, target, state, rowsLoaded, bytesLoaded, estimatedRows, segments, segmentsDone, elapsed, error,
                warnings, validationState, validation, inserts, updates, deletes, fullLoadStartTime, fullLoadEndTime,
                dataErrorRows, ddls, null);
    }

    /** The statistics of a table without data errors or DDLs. */
    public TableStatistics(TableId source, TableId target, TableState state, long rowsLoaded, long bytesLoaded,
                           long estimatedRows, int segments, int segmentsDone, Duration elapsed, String error,
                           List<String> warnings, ValidationState validationState,
                           ValidationReport.TableValidation validation, long inserts, long updates, long deletes,
                           java.time.Instant fullLoadStartTime, java.time.Instant fullLoadEndTime) {
        this(source, target, state, rowsLoaded, bytesLoaded, estimatedRows, segments, segmentsDone, elapsed, error,
                warnings, validationState, validation, inserts, updates, deletes, fullLoadStartTime, fullLoadEndTime, 0, 0);
    }

    /** The statistics of a table without load times. */
    public TableStatistics(TableId source, TableId target, TableState state, long rowsLoaded, long bytesLoaded,
                           long estimatedRows, int segments, int segmentsDone, Duration elapsed, String error,
                           List<String> warnings, ValidationState validationState,
                           ValidationReport.TableValidation validation, long inserts, long updates, long deletes) {
        this(source, target, state, rowsLoaded, bytesLoaded, estimatedRows, segments, segmentsDone, elapsed, error,
                warnings, validationState, validation, inserts, updates, deletes, null, null);
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
                elapsed, error, warnings, validationState, validation, inserts, updates, deletes, fullLoadStartTime,
                fullLoadEndTime, dataErrorRows, ddls, lastUpdateTime);
    }

    /** These statistics with the times this run began and completed the table's load (either may be null). */
    public TableStatistics withLoadTimes(java.time.Instant start, java.time.Instant end) {
        return new TableStatistics(source, target, state, rowsLoaded, bytesLoaded, estimatedRows, segments, segmentsDone,
                elapsed, error, warnings, validationState, validation, inserts, updates, deletes, start, end,
                dataErrorRows, ddls, lastUpdateTime);
    }

    /** These statistics with the counts of rows left out by the data error policy and of applied DDLs. */
    public TableStatistics withErrorsAndDdls(long dataErrorRows, long ddls) {
        return new TableStatistics(source, target, state, rowsLoaded, bytesLoaded, estimatedRows, segments, segmentsDone,
                elapsed, error, warnings, validationState, validation, inserts, updates, deletes, fullLoadStartTime,
                fullLoadEndTime, dataErrorRows, ddls, lastUpdateTime);
    }

    /** These statistics with the time this run last changed the table (null: not yet). */
    public TableStatistics withLastUpdateTime(java.time.Instant time) {
        return new TableStatistics(source, target, state, rowsLoaded, bytesLoaded, estimatedRows, segments, segmentsDone,
                elapsed, error, warnings, validationState, validation, inserts, updates, deletes, fullLoadStartTime,
                fullLoadEndTime, dataErrorRows, ddls, time);
    }

    /**
     * AWS {@code FullLoadCondtnlChkFailedRows}: 0. The service counts rows that failed DynamoDB's
     * conditional writes, and reports 0 for every other target.
     */
    public long fullLoadCondtnlChkFailedRows() {
        return 0;
    }

    /**
     * AWS {@code ValidationPendingRecords}: records not yet validated; 0 once the table is
     * validated (a pass compares every row), null before or while it is, or when it could not be.
     */
    public Long validationPendingRecords() {
        return validated() ? 0L : null;
    }

    /**
     * AWS {@code ValidationSuspendedRecords}: records whose validation was suspended; 0 once the
     * table is validated (dmskit suspends none), null before or while it is, or when it could not be.
     */
    public Long validationSuspendedRecords() {
        return validated() ? 0L : null;
    }

    private boolean validated() {
        return validation != null && validation.error() == null
                && (validationState == ValidationState.CONSISTENT || validationState == ValidationState.DIFFERENT);
    }

    /** AWS {@code Ddls} and {@code AppliedDdls}: DDLs captured and applied by this run ({@link #ddls()}). */
    public long appliedDdls() {
        return ddls;
    }

    /** AWS {@code FullLoadRows}: rows committed into the target by the full load ({@link #rowsLoaded()}). */
    public long fullLoadRows() {
        return rowsLoaded;
    }

    /** AWS {@code AppliedInserts}: inserts applied to the target by this run ({@link #inserts()}). */
    public long appliedInserts() {
        return inserts;
    }

    /** AWS {@code AppliedUpdates}: updates applied to the target by this run ({@link #updates()}). */
    public long appliedUpdates() {
        return updates;
    }

    /** AWS {@code AppliedDeletes}: deletes applied to the target by this run ({@link #deletes()}). */
    public long appliedDeletes() {
        return deletes;
    }

    /**
     * AWS {@code ValidationFailedRecords}: rows that validation found missing, extra or different
     * (all are counted, also beyond those listed); 0 before the table is validated.
     */
    public long validationFailedRecords() {
        return validation == null ? 0 : validation.missing() + validation.extra() + validation.differing();
    }

    /**
     * AWS {@code TableState}: {@code Before load} (QUEUED), {@code Full load} (LOADING),
     * {@code Table completed} (COMPLETED), {@code Table error} (ERROR), {@code Table cancelled}
     * (STOPPED).
     */
    public String awsTableState() {
        return switch (state) {
            case QUEUED -> "Before load";
            case LOADING -> "Full load";
            case COMPLETED -> "Table completed";
            case ERROR -> "Table error";
            case STOPPED -> "Table cancelled";
        };
    }

    /**
     * AWS {@code ValidationState}: {@code Not enabled} (NOT_VALIDATED: validation is off, or has
     * not reached the table yet), {@code Pending records} (VALIDATING), {@code Validated}
     * (CONSISTENT), {@code Mismatched records} (DIFFERENT), {@code Error} (ERROR).
     */
    public String awsValidationState() {
        return switch (validationState == null ? ValidationState.NOT_VALIDATED : validationState) {
            case NOT_VALIDATED -> "Not enabled";
            case VALIDATING -> "Pending records";
            case CONSISTENT -> "Validated";
            case DIFFERENT -> "Mismatched records";
            case ERROR -> "Error";
        };
    }

    /**
     * These statistics as one element of the {@code TableStatistics} list of AWS DMS's
     * {@code describe-table-statistics} output (see the class comment for the fields left out).
     */
    public String toAwsJson() {
        return io.dmskit.internal.settings.AwsStatistics.table(this);
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
