package io.dmskit.internal.policy;

import io.dmskit.ErrorBehavior;
import io.dmskit.ErrorBehavior.Action;
import io.dmskit.schema.TableId;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The task's {@link ErrorBehavior} applied to one failure at a time, for the full load and for
 * CDC alike: says what to do with a bad row or a conflicting change, and counts per table, so
 * that the escalation counts hold across segments and across both phases. Thread-safe.
 *
 * <p>Counting: every data error (conversion, truncation, a row the target refuses, a LOB over
 * the limit) of a table counts toward {@code DataErrorEscalationCount}; every apply conflict
 * toward {@code ApplyErrorEscalationCount}. The failure that brings a table's count to the
 * escalation count (when it is above 0) is handled by the escalation policy instead.
 */
public final class ErrorPolicy {

    /** What failed. */
    public enum Kind {
        /** A value that cannot be converted, or a row the target refuses: {@code DataErrorPolicy}. */
        DATA,
        /** A value that would be truncated, or a LOB over the limit: {@code DataTruncationErrorPolicy}. */
        TRUNCATION,
        /** A CDC insert of a key that the target has: {@code ApplyErrorInsertPolicy}. */
        INSERT_CONFLICT,
        /** A CDC update of a row that the target lacks: {@code ApplyErrorUpdatePolicy}. */
        UPDATE_CONFLICT,
        /** A CDC delete of a row that the target lacks: {@code ApplyErrorDeletePolicy}. */
        DELETE_CONFLICT
    }

    /** What to do. */
    public enum Outcome {
        /** Leave the row or change out; count it; no record. */
        IGNORE,
        /** Leave the row or change out; count it; log it and record it in the apply-exceptions table. */
        RECORD,
        /** Record it and suspend the table (its state becomes ERROR / SUSPENDED). */
        SUSPEND_TABLE,
        /** Record it and stop the task. */
        STOP_TASK,
        /** Apply the update of a missing row as an insert. */
        INSERT_RECORD,
        /** Apply the insert of an existing key as an update. */
        UPDATE_RECORD;

        /** Whether the failure is written to the apply-exceptions control table. */
        public boolean recorded() {
            return this == RECORD || this == SUSPEND_TABLE || this == STOP_TASK;
        }
    }

    /** The decision for one failure, and whether an escalation count made it. */
    public record Decision(Outcome outcome, boolean escalated, long count) {
        /** A phrase for messages: what was done, and why when escalated. */
        public String describe(ErrorPolicy policy, Kind kind) {
            String what = switch (outcome) {
                case IGNORE -> "the row is left out";
                case RECORD -> "the row is left out and recorded";
                case SUSPEND_TABLE -> "the table is suspended";
                case STOP_TASK -> "the task stops";
                case INSERT_RECORD -> "the update is applied as an insert";
                case UPDATE_RECORD -> "the insert is applied as an update";
            };
            String setting = policy.settingOf(kind);
            if (escalated) {
                boolean apply = kind != Kind.DATA && kind != Kind.TRUNCATION;
                return what + " (" + (apply ? "ApplyErrorEscalationPolicy" : "DataErrorEscalationPolicy")
                        + ": this is error " + count + " of the table, the escalation count is "
                        + (apply ? policy.behavior.applyErrorEscalationCount() : policy.behavior.dataErrorEscalationCount()) + ")";
            }
            return what + " (" + setting + "=" + policy.actionOf(kind) + ")";
        }
    }

    private final ErrorBehavior behavior;
    private final Map<TableId, AtomicLong> dataErrors = new ConcurrentHashMap<>();
    private final Map<TableId, AtomicLong> applyErrors = new ConcurrentHashMap<>();
    private final AtomicLong tableErrors = new AtomicLong();

    public ErrorPolicy(ErrorBehavior behavior) {
        this.behavior = behavior;
    }

    public ErrorBehavior behavior() {
        return behavior;
    }

    /** Decides what to do with one failure of {@code table}, counting it. */
    public Decision decide(TableId table, Kind kind) {
        boolean apply = kind != Kind.DATA && kind != Kind.TRUNCATION;
        long n = (apply ? applyErrors : dataErrors).computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
        int limit = apply ? behavior.applyErrorEscalationCount() : behavior.dataErrorEscalationCount();
        Outcome base = outcome(actionOf(kind));
        if (limit > 0 && n >= limit) {
            Outcome escalated = outcome(apply ? behavior.applyErrorEscalationPolicy() : behavior.dataErrorEscalationPolicy());
            // an escalation to LOG_ERROR never weakens a stronger policy
            if (escalated.ordinal() > base.ordinal() || base == Outcome.INSERT_RECORD || base == Outcome.UPDATE_RECORD) {
                return new Decision(escalated, true, n);
            }
        }
        return new Decision(base, false, n);
    }

    /** Data errors (of every policy, ignored ones too) counted for the table so far. */
    public long dataErrors(TableId table) {
        AtomicLong n = dataErrors.get(table);
        return n == null ? 0 : n.get();
    }

    /** Apply conflicts counted for the table so far. */
    public long applyConflicts(TableId table) {
        AtomicLong n = applyErrors.get(table);
        return n == null ? 0 : n.get();
    }

    /**
     * A table failed for a reason other than its data (it could not be created, read or written,
     * or gave up after retries): {@code TableErrorPolicy} suspends it (the default) or stops the
     * task, and after {@code TableErrorEscalationCount} such tables (above 0) the task stops
     * ({@code TableErrorEscalationPolicy}). Returns true when the task is to stop.
     */
    public boolean stopAfterTableError() {
        long n = tableErrors.incrementAndGet();
        if (behavior.tableErrorPolicy() == Action.STOP_TASK) {
            return true;
        }
        int limit = behavior.tableErrorEscalationCount();
        return limit > 0 && n >= limit;
    }

    /** The action of the setting that governs {@code kind}. */
    public Action actionOf(Kind kind) {
        return switch (kind) {
            case DATA -> behavior.dataErrorPolicy();
            case TRUNCATION -> behavior.dataTruncationErrorPolicy();
            case INSERT_CONFLICT -> behavior.applyErrorInsertPolicy();
            case UPDATE_CONFLICT -> behavior.applyErrorUpdatePolicy();
            case DELETE_CONFLICT -> behavior.applyErrorDeletePolicy();
        };
    }

    /** The AWS DMS setting name that governs the kind. */
    public String settingOf(Kind kind) {
        return switch (kind) {
            case DATA -> "DataErrorPolicy";
            case TRUNCATION -> "DataTruncationErrorPolicy";
            case INSERT_CONFLICT -> "ApplyErrorInsertPolicy";
            case UPDATE_CONFLICT -> "ApplyErrorUpdatePolicy";
            case DELETE_CONFLICT -> "ApplyErrorDeletePolicy";
        };
    }

    private static Outcome outcome(Action a) {
        return switch (a) {
            case IGNORE_RECORD -> Outcome.IGNORE;
            case LOG_ERROR -> Outcome.RECORD;
            case SUSPEND_TABLE -> Outcome.SUSPEND_TABLE;
            case STOP_TASK -> Outcome.STOP_TASK;
            case INSERT_RECORD -> Outcome.INSERT_RECORD;
            case UPDATE_RECORD -> Outcome.UPDATE_RECORD;
        };
    }

    /**
     * Whether a value or row error is a truncation (follows {@code DataTruncationErrorPolicy}):
     * SQLState 22001 (string data, right truncation) anywhere in the cause chain, or a
     * {@link TruncationException} (a text or binary value longer than its column, or a LOB over
     * {@code LobMaxSize}).
     */
    public static boolean isTruncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TruncationException) {
                return true;
            }
            if (t instanceof java.sql.SQLException s) {
                for (java.sql.SQLException x = s; x != null; x = x.getNextException()) {
                    if ("22001".equals(x.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
