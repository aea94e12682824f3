package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a task runs: target table preparation, parallelism, batch and commit sizes, memory bounds
 * of the copy pipeline, retries, and the control schema. Immutable and thread-safe.
 *
 * <pre>{@code
 * TaskSettings settings = TaskSettings.builder().prepMode(TargetTablePrepMode.TRUNCATE_BEFORE_LOAD)
 *         .maxParallelSegments(4).build();
 * }</pre>
 *
 * <p>Change data capture (tasks of type {@code CDC} and {@code FULL_LOAD_AND_CDC}): changes are
 * applied in source commit order, one target transaction per batch of at most
 * {@link #applyBatchSize()} changes (a source transaction is never split over two target
 * transactions), with the source position stored in the same transaction.
 * {@link #batchApply()} merges the changes of a batch per key first.
 *
 * <p>Memory: each running segment holds at most {@link #queueBatches()} + 2 batches of at most
 * {@link #batchSize()} rows, and its queue at most {@link #queueBytes()} bytes of values, so a
 * task's heap use is bounded by {@code maxParallelSegments * queueBytes} plus one batch per
 * segment, whatever the size of the tables.
 */
public final class TaskSettings {
    /** The default of {@link #maxParallelSegments()}: the processors of this machine, from 2 to 8. */
    public static final int DEFAULT_PARALLEL_SEGMENTS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final TargetTablePrepMode prepMode;
    private final int maxParallelSegments;
    private final int batchSize;
    private final int commitRate;
    private final int queueBatches;
    private final long queueBytes;
    private final long segmentRows;
    private final int fetchSize;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final String controlSchema;
    private final ValidationMode validation;
    private final boolean batchApply;
    private final int applyBatchSize;
    private final boolean stopAfterCachedChangesApplied;
    private final Duration revalidationDelay;
    private final ErrorBehavior errorBehavior;
    private final LobSettings lobSettings;
    private final boolean statusTableEnabled;
    private final boolean suspendedTablesTableEnabled;
    private final boolean historyTableEnabled;
    private final Duration historyTimeslot;
    private final int validationThreads;
    private final List<String> warnings;
    private final java.util.Map<DdlPolicy.Kind, DdlPolicy> ddlPolicies;
    private final io.dmskit.schema.TypeRules typeRules;
    private final boolean createTriggersAndRoutines;

    private TaskSettings(Builder b) {
        this.statusTableEnabled = b.statusTableEnabled;
        this.suspendedTablesTableEnabled = b.suspendedTablesTableEnabled;
        this.historyTableEnabled = b.historyTableEnabled;
        this.historyTimeslot = b.historyTimeslot;
        this.validationThreads = b.validationThreads;
        this.warnings = List.copyOf(b.warnings);
        this.ddlPolicies = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(b.ddlPolicies));
        this.typeRules = b.typeRules;
        this.createTriggersAndRoutines = b.createTriggersAndRoutines;
        this.errorBehavior = b.errorBehavior;
        this.lobSettings = b.lobSettings;
        this.revalidationDelay = b.revalidationDelay;
        this.batchApply = b.batchApply;
        this.applyBatchSize = b.applyBatchSize;
        this.stopAfterCachedChangesApplied = b.stopAfterCachedChangesApplied;
        this.validation = b.validation;
        this.prepMode = b.prepMode;
        this.maxParallelSegments = b.maxParallelSegments;
        this.batchSize = b.batchSize;
        this.commitRate = b.commitRate;
        this.queueBatches = b.queueBatches;
        this.queueBytes = b.queueBytes;
        this.segmentRows = b.segmentRows;
        this.fetchSize = b.fetchSize;
        this.maxRetries = b.maxRetries;
        this.retryBackoff = b.retryBackoff;
        this.controlSchema = b.controlSchema;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: DROP_AND_CREATE, 8 parallel segments, batches of 1,000 rows, a commit every 10,000 rows. */
    public static TaskSettings defaults() {
        return builder().build();
    }

    /**
     * Reads an AWS DMS task-settings file, unchanged (the JSON that {@code aws dms
     * create-replication-task --replication-task-settings} takes), with the service's defaults
     * for every key it does not set. See {@link #fromAwsJson(String)}.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the file cannot be read, is
     *                      not JSON, or sets something dmskit cannot honour (every such key is named)
     */
    public static TaskSettings fromAwsJson(java.nio.file.Path file) {
        String json;
        try {
            json = java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Cannot read the task settings file " + file + ": " + e, e);
        }
        return io.dmskit.internal.settings.AwsTaskSettings.read(json, file.toString());
    }

    /**
     * Reads AWS DMS task-settings JSON, unchanged, with the service's defaults for every key it
     * does not set.
     *
     * <pre>{@code
     * TaskSettings settings = TaskSettings.fromAwsJson(Path.of("task-settings.json"));
     * settings.warnings().forEach(System.err::println);
     * }</pre>
     *
     * <p>Groups and keys that dmskit honours: {@code TargetMetadata} (the LOB keys and
     * {@code BatchApplyEnabled}), {@code FullLoadSettings} ({@code TargetTablePrepMode},
     * {@code MaxFullLoadSubTasks}, {@code CommitRate}, {@code StopTaskCachedChangesApplied}),
     * {@code ChangeProcessingTuning} ({@code BatchSplitSize}), {@code ErrorBehavior} (every key),
     * {@code ValidationSettings} ({@code EnableValidation}, {@code ValidationOnly},
     * {@code ThreadCount}, {@code RecordFailureDelayInMinutes}), {@code ControlTablesSettings}
     * (every key). A key that dmskit cannot honour is an error naming it when its value
     * changes what is migrated (for example {@code StopTaskCachedChangesNotApplied: true}), and a
     * warning naming it when only speed or resource use is affected (for example
     * {@code BatchApplyTimeoutMax}); a key that keeps the service's default is accepted quietly.
     * Unknown keys are listed in a warning. Warnings are logged and kept in {@link #warnings()}.
     * The settings that are not in the AWS format (batch, queue and fetch sizes, retries) keep
     * dmskit's defaults.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} naming every key that is invalid or
     *                      cannot be honoured, with the allowed values
     */
    public static TaskSettings fromAwsJson(String json) {
        return io.dmskit.internal.settings.AwsTaskSettings.read(json, "task settings JSON");
    }

    /** What is done to a target table before its load. Default {@link TargetTablePrepMode#DROP_AND_CREATE}. */
    public TargetTablePrepMode prepMode() {
        return prepMode;
    }

    /**
     * How many segments (of any tables) are copied at once. Default {@link #DEFAULT_PARALLEL_SEGMENTS}:
     * this machine's processors, from 2 to 8. More segments than cores slow a copy down when the
     * databases share the machine (measured in {@code benchmarks}: on 2 cores, 8 at once took 1.2×
     * the time of 2); set it higher when the databases have cores of their own to spare.
     */
    public int maxParallelSegments() {
        return maxParallelSegments;
    }

    /** Rows per batch between reader and writer. Default 1,000. */
    public int batchSize() {
        return batchSize;
    }

    /** Rows written per target transaction. Default 10,000. */
    public int commitRate() {
        return commitRate;
    }

    /** Batches that a segment's queue holds between reader and writer. Default 4. */
    public int queueBatches() {
        return queueBatches;
    }

    /** Bytes of values that a segment's queue holds at most. Default 16 MiB. */
    public long queueBytes() {
        return queueBytes;
    }

    /** Tables with more rows than this are split into key-range segments of about this many rows. Default 250,000. */
    public long segmentRows() {
        return segmentRows;
    }

    /** Rows the source driver fetches per round trip. Default 1,000. */
    public int fetchSize() {
        return fetchSize;
    }

    /** How often a segment that failed with a transient error (a lost connection, a deadlock) is tried again. Default 5. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The wait before the first retry; it doubles with each retry, up to a minute. Default 1 second. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** The schema (database, for MySQL) of the target that holds dmskit's control tables. Default {@code dmskit}. */
    public String controlSchema() {
        return controlSchema;
    }

    /** Whether and when tables are validated. Default {@link ValidationMode#NONE}. */
    public ValidationMode validation() {
        return validation;
    }

    /**
     * With CDC ({@link MigrationType#CDC}, {@link MigrationType#FULL_LOAD_AND_CDC}) and
     * {@link ValidationMode#AFTER_FULL_LOAD}: how long a row must stay unchanged by the applier
     * before it is compared with the source (re-validation of changed rows). A row found different
     * is compared again after the same delay and reported only if it still differs, no change to
     * it was applied in between, and CDC has since applied a source change committed after the
     * first finding. Default 60 s; from 100 ms to 1 day.
     */
    public Duration revalidationDelay() {
        return revalidationDelay;
    }

    /**
     * Whether changes are applied in batch-apply mode: the changes of each batch are merged per
     * row key (an insert and the updates after it become one write, a delete wins over the writes
     * before it) and written as JDBC batches of deletes, then of upserts, table by table. The
     * order of the changes of one row always holds; the order between rows of different tables,
     * or of different keys, within a batch does not. Default false: each change is written in
     * source commit order (consecutive changes of one kind to one table share a JDBC batch).
     */
    public boolean batchApply() {
        return batchApply;
    }

    /** The most changes applied in one target transaction (a larger source transaction is applied whole). Default 2,048. */
    public int applyBatchSize() {
        return applyBatchSize;
    }

    /**
     * For a FULL_LOAD_AND_CDC task: stop once the full load is done and the changes captured
     * while it ran are applied (the task ends COMPLETED; starting it again goes on with the
     * changes from there), like AWS DMS's {@code StopTaskCachedChangesApplied}. Default false:
     * CDC runs until the task is stopped.
     */
    public boolean stopAfterCachedChangesApplied() {
        return stopAfterCachedChangesApplied;
    }

    /** What is done with bad rows, failed tables and apply conflicts (AWS DMS {@code ErrorBehavior}). Default {@link ErrorBehavior#defaults()}. */
    public ErrorBehavior errorBehavior() {
        return errorBehavior;
    }

    /** How LOB columns are moved (the LOB settings of AWS DMS {@code TargetMetadata}). Default {@link LobSettings#defaults()}. */
    public LobSettings lobSettings() {
        return lobSettings;
    }

    /** Whether the task keeps its row in {@code awsdms_status} (AWS {@code StatusTableEnabled}). Default false. */
    public boolean statusTableEnabled() {
        return statusTableEnabled;
    }

    /** Whether suspended tables are listed in {@code awsdms_suspended_tables} (AWS {@code SuspendedTablesTableEnabled}). Default false. */
    public boolean suspendedTablesTableEnabled() {
        return suspendedTablesTableEnabled;
    }

    /** Whether a row per timeslot is written to {@code awsdms_history} (AWS {@code HistoryTableEnabled}). Default false. */
    public boolean historyTableEnabled() {
        return historyTableEnabled;
    }

    /** The length of a timeslot of {@code awsdms_history} (AWS {@code HistoryTimeslotInMinutes}). Default 5 minutes; from 1 minute to 1 day. */
    public Duration historyTimeslot() {
        return historyTimeslot;
    }

    /** How many key ranges validation compares at once (AWS {@code ValidationSettings.ThreadCount}). Default 5. */
    public int validationThreads() {
        return validationThreads;
    }

    /**
     * What reading these settings noted without failing: keys of an AWS file that dmskit does not
     * know or that it accepts without applying, each named. Empty for settings made with the builder.
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * What change data capture does when a source table changes this way (a column added,
     * dropped or renamed, the table truncated). Default {@link DdlPolicy#APPLY} for every kind.
     * With {@link ErrorBehavior#applyErrorFailOnTruncationDdl()} (AWS DMS
     * {@code ApplyErrorFailOnTruncationDdl=true}) a TRUNCATE is {@link DdlPolicy#FAIL}, whatever
     * its own policy: the task stops before applying it.
     */
    public DdlPolicy ddlPolicy(DdlPolicy.Kind kind) {
        if (kind == DdlPolicy.Kind.TRUNCATE && errorBehavior.applyErrorFailOnTruncationDdl()) {
            return DdlPolicy.FAIL;
        }
        return ddlPolicies.getOrDefault(kind, DdlPolicy.APPLY);
    }

    /**
     * The type rules that decide the target column types (and the value fixers that the load and
     * change apply run) when the task creates target tables; also the value fixers for existing
     * tables where their result fits the column. Default {@link io.dmskit.schema.TypeRules#defaults()}.
     */
    public io.dmskit.schema.TypeRules typeRules() {
        return typeRules;
    }

    /**
     * With prep mode DROP_AND_CREATE: whether the translated triggers and routines of the source are
     * created in the target after the load (triggers only in a FULL_LOAD task). Default false: they
     * are listed in the task's warnings with their translated DDL.
     */
    public boolean createTriggersAndRoutines() {
        return createTriggersAndRoutines;
    }

    public Builder toBuilder() {
        Builder copy = new Builder();
        copy.ddlPolicies.putAll(ddlPolicies);
        return copy.errorBehavior(errorBehavior).lobSettings(lobSettings).prepMode(prepMode).maxParallelSegments(maxParallelSegments).batchSize(batchSize)
                .commitRate(commitRate).queueBatches(queueBatches).queueBytes(queueBytes).segmentRows(segmentRows)
                .fetchSize(fetchSize).maxRetries(maxRetries).retryBackoff(retryBackoff).controlSchema(controlSchema).validation(validation)
                .batchApply(batchApply).applyBatchSize(applyBatchSize).stopAfterCachedChangesApplied(stopAfterCachedChangesApplied).revalidationDelay(revalidationDelay)
                .statusTableEnabled(statusTableEnabled).suspendedTablesTableEnabled(suspendedTablesTableEnabled)
                .historyTableEnabled(historyTableEnabled).historyTimeslot(historyTimeslot)
                .validationThreads(validationThreads).warnings(warnings)
                .typeRules(typeRules).createTriggersAndRoutines(createTriggersAndRoutines);
    }

    @Override
    public String toString() {
        return "TaskSettings[prepMode=" + prepMode + ", maxParallelSegments=" + maxParallelSegments + ", batchSize="
                + batchSize + ", commitRate=" + commitRate + ", queueBatches=" + queueBatches + ", queueBytes="
                + queueBytes + ", segmentRows=" + segmentRows + ", fetchSize=" + fetchSize + ", maxRetries="
                + maxRetries + ", retryBackoff=" + retryBackoff + ", controlSchema=" + controlSchema + ", validation="
                + validation + ", batchApply=" + batchApply + ", applyBatchSize=" + applyBatchSize
                + ", stopAfterCachedChangesApplied=" + stopAfterCachedChangesApplied + ", revalidationDelay="
                + revalidationDelay + ", errorBehavior=" + errorBehavior + ", lobSettings=" + lobSettings
                + ", statusTableEnabled=" + statusTableEnabled + ", suspendedTablesTableEnabled=" + suspendedTablesTableEnabled
                + ", historyTableEnabled=" + historyTableEnabled + ", historyTimeslot=" + historyTimeslot
                + ", validationThreads=" + validationThreads + "]";
    }

    /** Builds {@link TaskSettings}; {@link #build()} reports every invalid setting at once. Not thread-safe. */
    public static final class Builder {
        private TargetTablePrepMode prepMode = TargetTablePrepMode.DROP_AND_CREATE;
        private int maxParallelSegments = DEFAULT_PARALLEL_SEGMENTS;
        private int batchSize = 1_000;
        private int commitRate = 10_000;
        private int queueBatches = 4;
        private long queueBytes = 16L << 20;
        private long segmentRows = 250_000;
        private int fetchSize = 1_000;
        private int maxRetries = 5;
        private Duration retryBackoff = Duration.ofSeconds(1);
        private String controlSchema = "dmskit";
        private ValidationMode validation = ValidationMode.NONE;
        private boolean batchApply;
        private int applyBatchSize = 2_048;
        private boolean stopAfterCachedChangesApplied;
        private Duration revalidationDelay = Duration.ofSeconds(60);
        private ErrorBehavior errorBehavior = ErrorBehavior.defaults();
        private LobSettings lobSettings = LobSettings.defaults();
        private boolean statusTableEnabled;
        private boolean suspendedTablesTableEnabled;
        private boolean historyTableEnabled;
        private Duration historyTimeslot = Duration.ofMinutes(5);
        private int validationThreads = 5;
        private io.dmskit.schema.TypeRules typeRules = io.dmskit.schema.TypeRules.defaults();
        private boolean createTriggersAndRoutines;
        private List<String> warnings = List.of();
        private final java.util.Map<DdlPolicy.Kind, DdlPolicy> ddlPolicies = new java.util.EnumMap<>(DdlPolicy.Kind.class);

        private Builder() {
        }

        /** See {@link TaskSettings#ddlPolicy(DdlPolicy.Kind)}. */
        public Builder ddlPolicy(DdlPolicy.Kind kind, DdlPolicy policy) {
            ddlPolicies.put(java.util.Objects.requireNonNull(kind, "kind"), java.util.Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** See {@link TaskSettings#statusTableEnabled()}. */
        public Builder statusTableEnabled(boolean on) {
            this.statusTableEnabled = on;
            return this;
        }

        /** See {@link TaskSettings#suspendedTablesTableEnabled()}. */
        public Builder suspendedTablesTableEnabled(boolean on) {
            this.suspendedTablesTableEnabled = on;
            return this;
        }

        /** See {@link TaskSettings#historyTableEnabled()}. */
        public Builder historyTableEnabled(boolean on) {
            this.historyTableEnabled = on;
            return this;
        }

        /** See {@link TaskSettings#historyTimeslot()}. */
        public Builder historyTimeslot(Duration timeslot) {
            this.historyTimeslot = timeslot;
            return this;
        }

        /** See {@link TaskSettings#validationThreads()}; from 1 to 256. */
        public Builder validationThreads(int threads) {
            this.validationThreads = threads;
            return this;
        }

        /** See {@link TaskSettings#warnings()}: notes to carry with the settings (the AWS reader sets them). */
        public Builder warnings(List<String> notes) {
            this.warnings = notes == null ? List.of() : List.copyOf(notes);
            return this;
        }

        /** See {@link TaskSettings#errorBehavior()}. */
        public Builder errorBehavior(ErrorBehavior errors) {
            this.errorBehavior = errors;
            return this;
        }

        /** See {@link TaskSettings#typeRules()}; for example {@code TypeRules.defaults().with(TypeRules.TINYINT1_TO_BOOLEAN)}. */
        public Builder typeRules(io.dmskit.schema.TypeRules rules) {
            this.typeRules = rules;
            return this;
        }

        /** See {@link TaskSettings#createTriggersAndRoutines()}. */
        public Builder createTriggersAndRoutines(boolean on) {
            this.createTriggersAndRoutines = on;
            return this;
        }

        /** See {@link TaskSettings#lobSettings()}. */
        public Builder lobSettings(LobSettings lobs) {
            this.lobSettings = lobs;
            return this;
        }

        /** See {@link TaskSettings#revalidationDelay()}. */
        public Builder revalidationDelay(Duration delay) {
            this.revalidationDelay = delay;
            return this;
        }

        /** See {@link TaskSettings#batchApply()}. */
        public Builder batchApply(boolean on) {
            this.batchApply = on;
            return this;
        }

        /** See {@link TaskSettings#applyBatchSize()}; from 1 to 1,000,000. */
        public Builder applyBatchSize(int changes) {
            this.applyBatchSize = changes;
            return this;
        }

        /** See {@link TaskSettings#stopAfterCachedChangesApplied()}. */
        public Builder stopAfterCachedChangesApplied(boolean on) {
            this.stopAfterCachedChangesApplied = on;
            return this;
        }

        public Builder validation(ValidationMode mode) {
            this.validation = mode;
            return this;
        }

        public Builder prepMode(TargetTablePrepMode prepMode) {
            this.prepMode = prepMode;
            return this;
        }

        public Builder maxParallelSegments(int n) {
            this.maxParallelSegments = n;
            return this;
        }

        public Builder batchSize(int rows) {
            this.batchSize = rows;
            return this;
        }

        public Builder commitRate(int rows) {
            this.commitRate = rows;
            return this;
        }

        public Builder queueBatches(int batches) {
            this.queueBatches = batches;
            return this;
        }

        public Builder queueBytes(long bytes) {
            this.queueBytes = bytes;
            return this;
        }

        public Builder segmentRows(long rows) {
            this.segmentRows = rows;
            return this;
        }

        public Builder fetchSize(int rows) {
            this.fetchSize = rows;
            return this;
        }

        public Builder maxRetries(int n) {
            this.maxRetries = n;
            return this;
        }

        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = backoff;
            return this;
        }

        public Builder controlSchema(String schema) {
            this.controlSchema = schema;
            return this;
        }

        /** @throws DmsException with {@link ErrorCode#CONFIGURATION} naming every invalid setting and its allowed values */
        public TaskSettings build() {
            List<String> p = new ArrayList<>();
            if (prepMode == null) {
                p.add("prepMode is required: one of " + java.util.Arrays.toString(TargetTablePrepMode.values()));
            }
            if (errorBehavior == null) {
                p.add("errorBehavior is required (ErrorBehavior.defaults() for the AWS DMS defaults)");
            }
            if (lobSettings == null) {
                p.add("lobSettings is required (LobSettings.defaults() for the AWS DMS defaults)");
            }
            if (typeRules == null) {
                p.add("typeRules is required (TypeRules.defaults() for the built-in rules)");
            }
            if (validation == null) {
                p.add("validation is required: one of " + java.util.Arrays.toString(ValidationMode.values()));
            }
            range(p, "maxParallelSegments", maxParallelSegments, 1, 256);
            range(p, "batchSize", batchSize, 1, 1_000_000);
            range(p, "commitRate", commitRate, 1, Integer.MAX_VALUE);
            range(p, "queueBatches", queueBatches, 1, 1_000);
            range(p, "queueBytes", queueBytes, 1L << 16, Long.MAX_VALUE);
            range(p, "segmentRows", segmentRows, 1_000, Long.MAX_VALUE);
            range(p, "fetchSize", fetchSize, 1, 1_000_000);
            range(p, "maxRetries", maxRetries, 0, 1_000);
            range(p, "applyBatchSize", applyBatchSize, 1, 1_000_000);
            range(p, "validationThreads", validationThreads, 1, 256);
            if (historyTimeslot == null || historyTimeslot.compareTo(Duration.ofMinutes(1)) < 0
                    || historyTimeslot.compareTo(Duration.ofDays(1)) > 0) {
                p.add("historyTimeslot must be from 1 minute to 1 day, was " + historyTimeslot);
            }
            if (retryBackoff == null || retryBackoff.isNegative()) {
                p.add("retryBackoff must be zero or positive, was " + retryBackoff);
            }
            if (revalidationDelay == null || revalidationDelay.compareTo(Duration.ofMillis(100)) < 0
                    || revalidationDelay.compareTo(Duration.ofDays(1)) > 0) {
                p.add("revalidationDelay must be from 100 ms to 1 day, was " + revalidationDelay);
            }
            if (controlSchema == null || !SQL_NAME.matcher(controlSchema).matches()) {
                p.add("controlSchema must be a plain SQL name (letters, digits, _; at most 63), was '" + controlSchema + "'");
            }
            if (!p.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Invalid task settings: " + String.join("; ", p));
            }
            return new TaskSettings(this);
        }

        private static void range(List<String> p, String name, long v, long min, long max) {
            if (v < min || v > max) {
                p.add(name + " must be from " + min + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? " up" : " to " + max)
                        + ", was " + v);
            }
        }
    }
}
