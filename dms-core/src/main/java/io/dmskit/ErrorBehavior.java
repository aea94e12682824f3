package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a task does when a row, a table or an applied change fails: the {@code ErrorBehavior}
 * group of the AWS DMS task settings, with the same names, values and defaults. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * ErrorBehavior errors = ErrorBehavior.builder().dataErrorPolicy(ErrorBehavior.Action.IGNORE_RECORD)
 *         .dataErrorEscalationCount(100).build();
 * TaskSettings settings = TaskSettings.builder().errorBehavior(errors).build();
 * }</pre>
 *
 * <p>What each {@link Action} does with a bad row (a value that cannot be converted into its
 * target column, a value over the LOB limit, a row the target refuses) or with an apply conflict
 * (an insert of a key that exists, an update or delete of a key that does not):
 * <ul>
 * <li>{@link Action#IGNORE_RECORD}: the row or change is left out and counted (it counts toward the
 * escalation count), nothing else is written;</li>
 * <li>{@link Action#LOG_ERROR}: the row or change is left out, counted, logged and recorded in the
 * apply-exceptions control table ({@code awsdms_apply_exceptions}) with the task, table, key,
 * column and error;</li>
 * <li>{@link Action#SUSPEND_TABLE}: the table is recorded and goes to {@link TableState#ERROR}
 * (suspended); the other tables go on;</li>
 * <li>{@link Action#STOP_TASK}: the failure is recorded and the task stops with an error;</li>
 * <li>{@link Action#INSERT_RECORD} (updates only): an update of a missing row inserts it;</li>
 * <li>{@link Action#UPDATE_RECORD} (inserts only): an insert of an existing key updates the row.</li>
 * </ul>
 * <p>Escalation: an escalation count of 0 (the default) means no escalation. Otherwise, once a
 * table has had that many data errors (or apply conflicts), the escalation policy applies to the
 * table instead.
 */
public final class ErrorBehavior {
    /** The actions of the AWS DMS error policies. Each setting allows only some of them (see its builder method). */
    public enum Action {
        /** Leave the record out, count it; nothing is recorded. */
        IGNORE_RECORD,
        /** Leave the record out, count it, log it and record it in the apply-exceptions control table. */
        LOG_ERROR,
        /** Record the error and suspend the table (its state becomes ERROR); the task goes on with the others. */
        SUSPEND_TABLE,
        /** Record the error and stop the task. */
        STOP_TASK,
        /** For updates of a missing row: insert it. */
        INSERT_RECORD,
        /** For inserts of an existing key: update the row. */
        UPDATE_RECORD
    }

    private static final Set<Action> RECORD = EnumSet.of(Action.IGNORE_RECORD, Action.LOG_ERROR,
            Action.SUSPEND_TABLE, Action.STOP_TASK);
    private static final Set<Action> TABLE = EnumSet.of(Action.SUSPEND_TABLE, Action.STOP_TASK);

    private final Action dataErrorPolicy;
    private final Action dataTruncationErrorPolicy;
    private final Action dataMaskingErrorPolicy;
    private final Action dataErrorEscalationPolicy;
    private final int dataErrorEscalationCount;
    private final Action tableErrorPolicy;
    private final Action tableErrorEscalationPolicy;
    private final int tableErrorEscalationCount;
    private final int recoverableErrorCount;
    private final Duration recoverableErrorInterval;
    private final boolean recoverableErrorThrottling;
    private final Duration recoverableErrorThrottlingMax;
    private final boolean recoverableErrorStopRetryAfterThrottlingMax;
    private final Action applyErrorDeletePolicy;
    private final Action applyErrorInsertPolicy;
    private final Action applyErrorUpdatePolicy;
    private final Action applyErrorEscalationPolicy;
    private final int applyErrorEscalationCount;
    private final boolean applyErrorFailOnTruncationDdl;
    private final boolean fullLoadIgnoreConflicts;
    private final boolean failOnTransactionConsistencyBreached;
    private final boolean failOnNoTablesCaptured;

    private ErrorBehavior(Builder b) {
        dataErrorPolicy = b.dataErrorPolicy;
        dataTruncationErrorPolicy = b.dataTruncationErrorPolicy;
        dataMaskingErrorPolicy = b.dataMaskingErrorPolicy;
        dataErrorEscalationPolicy = b.dataErrorEscalationPolicy;
        dataErrorEscalationCount = b.dataErrorEscalationCount;
        tableErrorPolicy = b.tableErrorPolicy;
        tableErrorEscalationPolicy = b.tableErrorEscalationPolicy;
        tableErrorEscalationCount = b.tableErrorEscalationCount;
        recoverableErrorCount = b.recoverableErrorCount;
        recoverableErrorInterval = b.recoverableErrorInterval;
        recoverableErrorThrottling = b.recoverableErrorThrottling;
        recoverableErrorThrottlingMax = b.recoverableErrorThrottlingMax;
        recoverableErrorStopRetryAfterThrottlingMax = b.recoverableErrorStopRetryAfterThrottlingMax;
        applyErrorDeletePolicy = b.applyErrorDeletePolicy;
        applyErrorInsertPolicy = b.applyErrorInsertPolicy;
        applyErrorUpdatePolicy = b.applyErrorUpdatePolicy;
        applyErrorEscalationPolicy = b.applyErrorEscalationPolicy;
        applyErrorEscalationCount = b.applyErrorEscalationCount;
        applyErrorFailOnTruncationDdl = b.applyErrorFailOnTruncationDdl;
        fullLoadIgnoreConflicts = b.fullLoadIgnoreConflicts;
        failOnTransactionConsistencyBreached = b.failOnTransactionConsistencyBreached;
        failOnNoTablesCaptured = b.failOnNoTablesCaptured;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The AWS DMS defaults. */
    public static ErrorBehavior defaults() {
        return builder().build();
    }

    /** {@code DataErrorPolicy}: a value that cannot be converted, or a row the target refuses. Default LOG_ERROR. */
    public Action dataErrorPolicy() {
        return dataErrorPolicy;
    }

    /** {@code DataTruncationErrorPolicy}: a value that would be truncated (also a LOB over the limit). Default LOG_ERROR. */
    public Action dataTruncationErrorPolicy() {
        return dataTruncationErrorPolicy;
    }

    /**
     * {@code DataMaskingErrorPolicy}: a value that a data-masking rule cannot mask. Default STOP_TASK.
     * dmskit masks text columns, and every text value can be masked; a rule on a column that is
     * not text is refused by {@code TableMapping.check} before anything is written (as STOP_TASK
     * would), so the other values change nothing.
     */
    public Action dataMaskingErrorPolicy() {
        return dataMaskingErrorPolicy;
    }

    /** {@code DataErrorEscalationPolicy}: what happens to a table after {@link #dataErrorEscalationCount()} data errors. Default SUSPEND_TABLE. */
    public Action dataErrorEscalationPolicy() {
        return dataErrorEscalationPolicy;
    }

    /** {@code DataErrorEscalationCount}: data errors (of any policy) of one table before escalation; 0 (default) never escalates. */
    public int dataErrorEscalationCount() {
        return dataErrorEscalationCount;
    }

    /** {@code TableErrorPolicy}: an error of a whole table (not of one row), such as a failed create. Default SUSPEND_TABLE. */
    public Action tableErrorPolicy() {
        return tableErrorPolicy;
    }

    /** {@code TableErrorEscalationPolicy}: what happens after {@link #tableErrorEscalationCount()} table errors. Default STOP_TASK. */
    public Action tableErrorEscalationPolicy() {
        return tableErrorEscalationPolicy;
    }

    /** {@code TableErrorEscalationCount}: table errors of the task before escalation; 0 (default) never escalates. */
    public int tableErrorEscalationCount() {
        return tableErrorEscalationCount;
    }

    /**
     * {@code RecoverableErrorCount}: how often a recoverable (transient) error is retried; 0 never,
     * -1 (default) without limit. While this and the other {@code RecoverableError*} settings all
     * have their defaults, {@link TaskSettings#maxRetries()} and {@link TaskSettings#retryBackoff()}
     * decide the retries instead (the defaults would retry for about an hour); see docs/error-handling.md.
     */
    public int recoverableErrorCount() {
        return recoverableErrorCount;
    }

    /** {@code RecoverableErrorInterval}: the wait before retrying a recoverable error. Default 5 s. */
    public Duration recoverableErrorInterval() {
        return recoverableErrorInterval;
    }

    /** {@code RecoverableErrorThrottling}: whether the wait doubles with each retry (5, 10, 20 s ...). Default true. */
    public boolean recoverableErrorThrottling() {
        return recoverableErrorThrottling;
    }

    /** {@code RecoverableErrorThrottlingMax}: the longest wait between retries. Default 1800 s. */
    public Duration recoverableErrorThrottlingMax() {
        return recoverableErrorThrottlingMax;
    }

    /** {@code RecoverableErrorStopRetryAfterThrottlingMax}: whether retrying stops after a retry that waited the maximum. Default true. */
    public boolean recoverableErrorStopRetryAfterThrottlingMax() {
        return recoverableErrorStopRetryAfterThrottlingMax;
    }

    /** {@code ApplyErrorDeletePolicy}: a CDC delete of a row that the target does not have. Default IGNORE_RECORD. */
    public Action applyErrorDeletePolicy() {
        return applyErrorDeletePolicy;
    }

    /** {@code ApplyErrorInsertPolicy}: a CDC insert of a key that the target has; UPDATE_RECORD updates the row. Default LOG_ERROR. */
    public Action applyErrorInsertPolicy() {
        return applyErrorInsertPolicy;
    }

    /** {@code ApplyErrorUpdatePolicy}: a CDC update of a row that the target does not have; INSERT_RECORD inserts it. Default LOG_ERROR. */
    public Action applyErrorUpdatePolicy() {
        return applyErrorUpdatePolicy;
    }

    /** {@code ApplyErrorEscalationPolicy}: what happens after {@link #applyErrorEscalationCount()} apply conflicts of a table. Default LOG_ERROR. */
    public Action applyErrorEscalationPolicy() {
        return applyErrorEscalationPolicy;
    }

    /** {@code ApplyErrorEscalationCount}: apply conflicts of one table before escalation; 0 (default) never escalates. */
    public int applyErrorEscalationCount() {
        return applyErrorEscalationCount;
    }

    /**
     * {@code ApplyErrorFailOnTruncationDdl}: whether a TRUNCATE captured by CDC stops the task before
     * it is applied ({@link TaskSettings#ddlPolicy} of TRUNCATE is then FAIL). Default false.
     */
    public boolean applyErrorFailOnTruncationDdl() {
        return applyErrorFailOnTruncationDdl;
    }

    /** {@code FullLoadIgnoreConflicts}: whether "zero rows affected" and "duplicate" conflicts of cached changes applied after the full load are ignored. Default true. */
    public boolean fullLoadIgnoreConflicts() {
        return fullLoadIgnoreConflicts;
    }

    /**
     * {@code FailOnTransactionConsistencyBreached}: whether the task fails when transactions cannot be
     * kept consistent. Default false. The service documents it for Oracle sources, whose long-open
     * transactions it may drop; dmskit never drops an open source transaction, so it has no effect.
     */
    public boolean failOnTransactionConsistencyBreached() {
        return failOnTransactionConsistencyBreached;
    }

    /** {@code FailOnNoTablesCaptured}: whether the task fails when its table mapping selects no table; false runs it without tables. Default true. */
    public boolean failOnNoTablesCaptured() {
        return failOnNoTablesCaptured;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.dataErrorPolicy = dataErrorPolicy;
        b.dataTruncationErrorPolicy = dataTruncationErrorPolicy;
        b.dataMaskingErrorPolicy = dataMaskingErrorPolicy;
        b.dataErrorEscalationPolicy = dataErrorEscalationPolicy;
        b.dataErrorEscalationCount = dataErrorEscalationCount;
        b.tableErrorPolicy = tableErrorPolicy;
        b.tableErrorEscalationPolicy = tableErrorEscalationPolicy;
        b.tableErrorEscalationCount = tableErrorEscalationCount;
        b.recoverableErrorCount = recoverableErrorCount;
        b.recoverableErrorInterval = recoverableErrorInterval;
        b.recoverableErrorThrottling = recoverableErrorThrottling;
        b.recoverableErrorThrottlingMax = recoverableErrorThrottlingMax;
        b.recoverableErrorStopRetryAfterThrottlingMax = recoverableErrorStopRetryAfterThrottlingMax;
        b.applyErrorDeletePolicy = applyErrorDeletePolicy;
        b.applyErrorInsertPolicy = applyErrorInsertPolicy;
        b.applyErrorUpdatePolicy = applyErrorUpdatePolicy;
        b.applyErrorEscalationPolicy = applyErrorEscalationPolicy;
        b.applyErrorEscalationCount = applyErrorEscalationCount;
        b.applyErrorFailOnTruncationDdl = applyErrorFailOnTruncationDdl;
        b.fullLoadIgnoreConflicts = fullLoadIgnoreConflicts;
        b.failOnTransactionConsistencyBreached = failOnTransactionConsistencyBreached;
        b.failOnNoTablesCaptured = failOnNoTablesCaptured;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorBehavior e && toString().equals(e.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "ErrorBehavior[DataErrorPolicy=" + dataErrorPolicy + ", DataTruncationErrorPolicy="
                + dataTruncationErrorPolicy + ", DataMaskingErrorPolicy=" + dataMaskingErrorPolicy
                + ", DataErrorEscalationPolicy=" + dataErrorEscalationPolicy + ", DataErrorEscalationCount="
                + dataErrorEscalationCount + ", TableErrorPolicy=" + tableErrorPolicy + ", TableErrorEscalationPolicy="
                + tableErrorEscalationPolicy + ", TableErrorEscalationCount=" + tableErrorEscalationCount
                + ", RecoverableErrorCount=" + recoverableErrorCount + ", RecoverableErrorInterval="
                + recoverableErrorInterval.toSeconds() + ", RecoverableErrorThrottling=" + recoverableErrorThrottling
                + ", RecoverableErrorThrottlingMax=" + recoverableErrorThrottlingMax.toSeconds()
                + ", RecoverableErrorStopRetryAfterThrottlingMax=" + recoverableErrorStopRetryAfterThrottlingMax
                + ", ApplyErrorDeletePolicy=" + applyErrorDeletePolicy + ", ApplyErrorInsertPolicy="
                + applyErrorInsertPolicy + ", ApplyErrorUpdatePolicy=" + applyErrorUpdatePolicy
                + ", ApplyErrorEscalationPolicy=" + applyErrorEscalationPolicy + ", ApplyErrorEscalationCount="
                + applyErrorEscalationCount + ", ApplyErrorFailOnTruncationDdl=" + applyErrorFailOnTruncationDdl
                + ", FullLoadIgnoreConflicts=" + fullLoadIgnoreConflicts + ", FailOnTransactionConsistencyBreached="
                + failOnTransactionConsistencyBreached + ", FailOnNoTablesCaptured=" + failOnNoTablesCaptured + "]";
    }

    /** Builds {@link ErrorBehavior}; {@link #build()} reports every invalid setting at once, with the allowed values. Not thread-safe. */
    public static final class Builder {
        private Action dataErrorPolicy = Action.LOG_ERROR;
        private Action dataTruncationErrorPolicy = Action.LOG_ERROR;
        private Action dataMaskingErrorPolicy = Action.STOP_TASK;
        private Action dataErrorEscalationPolicy = Action.SUSPEND_TABLE;
        private int dataErrorEscalationCount;
        private Action tableErrorPolicy = Action.SUSPEND_TABLE;
        private Action tableErrorEscalationPolicy = Action.STOP_TASK;
        private int tableErrorEscalationCount;
        private int recoverableErrorCount = -1;
        private Duration recoverableErrorInterval = Duration.ofSeconds(5);
        private boolean recoverableErrorThrottling = true;
        private Duration recoverableErrorThrottlingMax = Duration.ofSeconds(1800);
        private boolean recoverableErrorStopRetryAfterThrottlingMax = true;
        private Action applyErrorDeletePolicy = Action.IGNORE_RECORD;
        private Action applyErrorInsertPolicy = Action.LOG_ERROR;
        private Action applyErrorUpdatePolicy = Action.LOG_ERROR;
        private Action applyErrorEscalationPolicy = Action.LOG_ERROR;
        private int applyErrorEscalationCount;
        private boolean applyErrorFailOnTruncationDdl;
        private boolean fullLoadIgnoreConflicts = true;
        private boolean failOnTransactionConsistencyBreached;
        private boolean failOnNoTablesCaptured = true;

        private Builder() {
        }

        /** IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE or STOP_TASK. */
        public Builder dataErrorPolicy(Action a) {
            dataErrorPolicy = a;
            return this;
        }

        /** IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE or STOP_TASK. */
        public Builder dataTruncationErrorPolicy(Action a) {
            dataTruncationErrorPolicy = a;
            return this;
        }

        /** IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE or STOP_TASK. */
        public Builder dataMaskingErrorPolicy(Action a) {
            dataMaskingErrorPolicy = a;
            return this;
        }

        /** SUSPEND_TABLE or STOP_TASK. */
        public Builder dataErrorEscalationPolicy(Action a) {
            dataErrorEscalationPolicy = a;
            return this;
        }

        /** 0 (no escalation) or more. */
        public Builder dataErrorEscalationCount(int n) {
            dataErrorEscalationCount = n;
            return this;
        }

        /** SUSPEND_TABLE or STOP_TASK. */
        public Builder tableErrorPolicy(Action a) {
            tableErrorPolicy = a;
            return this;
        }

        /** STOP_TASK (the only value AWS DMS allows). */
        public Builder tableErrorEscalationPolicy(Action a) {
            tableErrorEscalationPolicy = a;
            return this;
        }

        /** 0 (no escalation) or more. */
        public Builder tableErrorEscalationCount(int n) {
            tableErrorEscalationCount = n;
            return this;
        }

        /** -1 (retry without limit), 0 (never retry) or more. */
        public Builder recoverableErrorCount(int n) {
            recoverableErrorCount = n;
            return this;
        }

        /** Zero or positive. */
        public Builder recoverableErrorInterval(Duration d) {
            recoverableErrorInterval = d;
            return this;
        }

        public Builder recoverableErrorThrottling(boolean on) {
            recoverableErrorThrottling = on;
            return this;
        }

        /** Zero or positive. */
        public Builder recoverableErrorThrottlingMax(Duration d) {
            recoverableErrorThrottlingMax = d;
            return this;
        }

        public Builder recoverableErrorStopRetryAfterThrottlingMax(boolean on) {
            recoverableErrorStopRetryAfterThrottlingMax = on;
            return this;
        }

        /** IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE or STOP_TASK. */
        public Builder applyErrorDeletePolicy(Action a) {
            applyErrorDeletePolicy = a;
            return this;
        }

        /** IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE, STOP_TASK or UPDATE_RECORD. */
        public Builder applyErrorInsertPolicy(Action a) {
            applyErrorInsertPolicy = a;
            return this;
        }

        /** IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE, STOP_TASK or INSERT_RECORD. */
        public Builder applyErrorUpdatePolicy(Action a) {
            applyErrorUpdatePolicy = a;
            return this;
        }

        /** LOG_ERROR, SUSPEND_TABLE or STOP_TASK. */
        public Builder applyErrorEscalationPolicy(Action a) {
            applyErrorEscalationPolicy = a;
            return this;
        }

        /** 0 (no escalation) or more. */
        public Builder applyErrorEscalationCount(int n) {
            applyErrorEscalationCount = n;
            return this;
        }

        public Builder applyErrorFailOnTruncationDdl(boolean on) {
            applyErrorFailOnTruncationDdl = on;
            return this;
        }

        public Builder fullLoadIgnoreConflicts(boolean on) {
            fullLoadIgnoreConflicts = on;
            return this;
        }

        public Builder failOnTransactionConsistencyBreached(boolean on) {
            failOnTransactionConsistencyBreached = on;
            return this;
        }

        public Builder failOnNoTablesCaptured(boolean on) {
            failOnNoTablesCaptured = on;
            return this;
        }

        /** @throws DmsException with {@link ErrorCode#CONFIGURATION} naming every invalid setting and its allowed values */
        public ErrorBehavior build() {
            List<String> p = new ArrayList<>();
            allowed(p, "DataErrorPolicy", dataErrorPolicy, RECORD);
            allowed(p, "DataTruncationErrorPolicy", dataTruncationErrorPolicy, RECORD);
            allowed(p, "DataMaskingErrorPolicy", dataMaskingErrorPolicy, RECORD);
            allowed(p, "DataErrorEscalationPolicy", dataErrorEscalationPolicy, TABLE);
            allowed(p, "TableErrorPolicy", tableErrorPolicy, TABLE);
            allowed(p, "TableErrorEscalationPolicy", tableErrorEscalationPolicy, EnumSet.of(Action.STOP_TASK));
            allowed(p, "ApplyErrorDeletePolicy", applyErrorDeletePolicy, RECORD);
            EnumSet<Action> insert = EnumSet.copyOf(RECORD);
            insert.add(Action.UPDATE_RECORD);
            allowed(p, "ApplyErrorInsertPolicy", applyErrorInsertPolicy, insert);
            EnumSet<Action> update = EnumSet.copyOf(RECORD);
            update.add(Action.INSERT_RECORD);
            allowed(p, "ApplyErrorUpdatePolicy", applyErrorUpdatePolicy, update);
            allowed(p, "ApplyErrorEscalationPolicy", applyErrorEscalationPolicy,
                    EnumSet.of(Action.LOG_ERROR, Action.SUSPEND_TABLE, Action.STOP_TASK));
            atLeast(p, "DataErrorEscalationCount", dataErrorEscalationCount, 0);
            atLeast(p, "TableErrorEscalationCount", tableErrorEscalationCount, 0);
            atLeast(p, "ApplyErrorEscalationCount", applyErrorEscalationCount, 0);
            atLeast(p, "RecoverableErrorCount", recoverableErrorCount, -1);
            if (recoverableErrorInterval == null || recoverableErrorInterval.isNegative()) {
                p.add("RecoverableErrorInterval must be zero or positive, was " + recoverableErrorInterval);
            }
            if (recoverableErrorThrottlingMax == null || recoverableErrorThrottlingMax.isNegative()) {
                p.add("RecoverableErrorThrottlingMax must be zero or positive, was " + recoverableErrorThrottlingMax);
            }
            if (!p.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Invalid ErrorBehavior settings: " + String.join("; ", p));
            }
            return new ErrorBehavior(this);
        }

        private static void allowed(List<String> p, String name, Action a, Set<Action> allowed) {
            if (a == null || !allowed.contains(a)) {
                p.add(name + " must be one of " + allowed + ", was " + a);
            }
        }

        private static void atLeast(List<String> p, String name, int v, int min) {
            if (v < min) {
                p.add(name + " must be " + min + " or more, was " + v);
            }
        }
    }
}
