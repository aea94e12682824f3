package io.dmskit.internal.settings;

import io.dmskit.DdlPolicy;
import io.dmskit.ErrorBehavior;
import io.dmskit.LobSettings;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskSettings;
import io.dmskit.ValidationMode;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the AWS DMS task-settings JSON into {@link TaskSettings}: the groups, keys, values and
 * defaults that the service documents. Each key is one of:
 * <ul>
 * <li>applied: mapped onto a {@link TaskSettings} property (with the service's default when it
 * is missing);</li>
 * <li>accepted when it keeps the service's default, a <b>warning</b> naming it otherwise, for keys
 * that tune speed or resources only (buffer sizes, timeouts): dmskit's own mechanism does that job
 * and the data moved is the same;</li>
 * <li>accepted when it keeps the service's default, an <b>error</b> naming it otherwise, for keys
 * whose behaviour dmskit does not have and whose absence would change what is migrated.</li>
 * </ul>
 * Keys are matched without regard to case (the service's own examples write
 * {@code historyTimeslotInMinutes}). Unknown keys are listed in one warning. Thread-safe.
 */
public final class AwsTaskSettings {
    private static final Logger LOG = LoggerFactory.getLogger(AwsTaskSettings.class);
    private static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** AWS severities of {@code Logging.LogComponents}, with the SLF4J level each one means. */
    static final Map<String, String> SEVERITIES = Map.of(
            "LOGGER_SEVERITY_DEFAULT", "INFO",
            "LOGGER_SEVERITY_ERROR", "ERROR",
            "LOGGER_SEVERITY_WARNING", "WARN",
            "LOGGER_SEVERITY_INFO", "INFO",
            "LOGGER_SEVERITY_DEBUG", "DEBUG",
            "LOGGER_SEVERITY_DETAILED_DEBUG", "TRACE");

    private final String origin;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> unknown = new ArrayList<>();
    private final TaskSettings.Builder settings = TaskSettings.builder();

    private AwsTaskSettings(String origin) {
        this.origin = origin;
    }

    /**
     * Reads the JSON text of a task-settings file.
     *
     * @param origin what to call the text in messages (a file name)
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} listing every problem at once
     */
    public static TaskSettings read(String json, String origin) {
        Object root;
        try {
            root = JsonTree.parse(json);
        } catch (IllegalArgumentException e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "The task settings " + origin + " are not valid JSON: "
                    + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new DmsException(ErrorCode.CONFIGURATION, "The task settings " + origin
                    + " must be a JSON object with groups such as \"FullLoadSettings\", was " + kind(root));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> groups = (Map<String, Object>) map;
        return new AwsTaskSettings(origin).read(groups);
    }

    private TaskSettings read(Map<String, Object> root) {
        Group top = new Group("", root);
        top.object("TargetMetadata", this::targetMetadata);
        top.object("FullLoadSettings", this::fullLoad);
        top.object("ChangeProcessingTuning", this::changeProcessingTuning);
        top.object("ErrorBehavior", this::errorBehavior);
        top.object("ValidationSettings", this::validation);
        top.object("ControlTablesSettings", this::controlTables);
        top.object("Logging", this::logging);
        top.object("StreamBufferSettings", g -> {
            g.tuning("StreamBufferCount", 3L, "dmskit bounds its buffers with its own queue settings (queueBatches, queueBytes)");
            g.tuning("StreamBufferSizeInMB", 8L, "dmskit bounds its buffers with its own queue settings (queueBatches, queueBytes)");
            g.tuning("CtrlStreamBufferSizeInMB", 5L, "dmskit has no control stream buffer");
        });
        top.object("ChangeProcessingDdlHandlingPolicy", this::ddlHandling);
        top.object("TTSettings", g -> {
            g.unsupported("EnableTT", false, "Time Travel (task logs to Amazon S3) is not available in dmskit");
            for (String k : List.of("TTS3Settings", "TTRecordSettings")) {
                g.take(k);
            }
        });
        top.unsupportedUnlessNull("BeforeImageSettings", "before images are a feature of streaming targets (Kinesis, Kafka),"
                + " which dmskit does not write to");
        top.unsupportedUnlessNull("LoopbackPreventionSettings", "dmskit does not run bidirectional replication");
        top.unsupportedUnlessNull("CharacterSetSettings", "dmskit does not substitute characters; convert them with a"
                + " transformation in the table mapping");
        top.unsupportedUnlessNull("PostProcessingRules", "dmskit has no post-processing rules");
        top.bool("FailTaskWhenCleanTaskResourceFailed", false, v -> {
            // dmskit keeps no task resources on a replication instance, so there is nothing whose cleanup can fail
        });
        top.finish();
        if (!unknown.isEmpty()) {
            warnings.add("Unknown task settings, ignored: " + String.join(", ", unknown));
        }
        if (!problems.isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "The task settings " + origin + " cannot be used:\n- "
                    + String.join("\n- ", problems));
        }
        for (String w : warnings) {
            LOG.warn("Task settings {}: {}", origin, w);
        }
        settings.warnings(warnings);
        try {
            return settings.build();
        } catch (DmsException e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "The task settings " + origin + " cannot be used: "
                    + e.getMessage(), e);
        }
    }

    // ---- groups --------------------------------------------------------------------------------

    private void targetMetadata(Group g) {
        g.text("TargetSchema", "", v -> {
            if (!v.isEmpty()) {
                problems.add("TargetMetadata.TargetSchema = \"" + v + "\" is not supported: dmskit names target schemas"
                        + " in the table mapping; add a transformation rule {\"rule-type\": \"transformation\","
                        + " \"rule-target\": \"schema\", \"object-locator\": {\"schema-name\": \"%\"}, \"rule-action\":"
                        + " \"rename\", \"value\": \"" + v + "\"} and remove TargetSchema");
            }
        });
        LobSettings.Builder lobs = LobSettings.defaults().toBuilder();
        g.bool("SupportLobs", true, lobs::supportLobs);
        g.bool("FullLobMode", false, lobs::fullLobMode);
        g.integer("LobChunkSize", 64, 1, LobSettings.MAX_LOB_SIZE_KB, v -> lobs.lobChunkSizeKb((int) v));
        g.bool("LimitedSizeLobMode", true, lobs::limitedSizeLobMode);
        g.integer("LobMaxSize", 32, 1, LobSettings.MAX_LOB_SIZE_KB, v -> lobs.lobMaxSizeKb((int) v));
        g.integer("InlineLobMaxSize", 0, 0, LobSettings.MAX_LOB_SIZE_KB, v -> lobs.inlineLobMaxSizeKb((int) v));
        try {
            settings.lobSettings(lobs.build());
        } catch (DmsException e) {
            nested("TargetMetadata", e);
        }
        g.bool("BatchApplyEnabled", false, settings::batchApply);
        // dmskit always keeps its recovery checkpoint in awsdms_txn_state (its exactly-once apply needs it)
        g.bool("TaskRecoveryTableEnabled", false, v -> {
        });
        g.tuning("LoadMaxFileSize", 0L, "dmskit loads through the target's bulk path (PostgreSQL COPY, multi-row"
                + " inserts) without intermediate files");
        for (String k : List.of("ParallelLoadThreads", "ParallelLoadBufferSize", "ParallelLoadQueuesPerThread",
                "ParallelApplyThreads", "ParallelApplyBufferSize", "ParallelApplyQueuesPerThread")) {
            g.tuning(k, 0L, "it applies to streaming and NoSQL targets; dmskit sets its parallelism with"
                    + " FullLoadSettings.MaxFullLoadSubTasks");
        }
    }

    private void fullLoad(Group g) {
        g.text("TargetTablePrepMode", "DROP_AND_CREATE", v -> {
            try {
                settings.prepMode(TargetTablePrepMode.valueOf(v));
            } catch (IllegalArgumentException e) {
                problems.add("FullLoadSettings.TargetTablePrepMode must be one of " + Arrays.toString(TargetTablePrepMode.values())
                        + ", was \"" + v + "\"");
            }
        });
        g.tuning("CreatePkAfterFullLoad", false, "dmskit creates a table's primary key with the table; the rows loaded are"
                + " the same");
        g.bool("StopTaskCachedChangesApplied", false, settings::stopAfterCachedChangesApplied);
        g.unsupported("StopTaskCachedChangesNotApplied", false, "dmskit cannot stop a full-load-and-CDC task before it"
                + " applies the changes cached during the load; use StopTaskCachedChangesApplied, or a FULL_LOAD task"
                + " followed by a CDC task");
        g.integer("MaxFullLoadSubTasks", 8, 1, 49, v -> settings.maxParallelSegments((int) v));
        g.tuning("TransactionConsistencyTimeout", 600L, "dmskit does not wait for open source transactions before a"
                + " load; with CDC, changes of transactions open during the load are applied after it");
        g.integer("CommitRate", 10_000, 1, 50_000, v -> settings.commitRate((int) v));
    }

    private void changeProcessingTuning(Group g) {
        g.tuning("BatchApplyPreserveTransaction", true, "dmskit never splits a source transaction over two target"
                + " transactions");
        String latency = "dmskit applies changes as soon as the source delivers them, in transactions of at most"
                + " BatchSplitSize changes";
        g.tuning("BatchApplyTimeoutMin", 1L, latency);
        g.tuning("BatchApplyTimeoutMax", 30L, latency);
        g.tuning("BatchApplyMemoryLimit", 500L, "dmskit bounds the changes it holds by BatchSplitSize");
        g.integer("BatchSplitSize", 0, 0, 1_000_000, v -> {
            if (v > 0) {
                settings.applyBatchSize((int) v);
            }
        });
        g.tuning("MinTransactionSize", 1000L, latency);
        g.tuning("CommitTimeout", 1L, latency);
        g.tuning("MemoryLimitTotal", 1024L, "dmskit bounds memory with its queue settings (queueBatches, queueBytes)");
        g.tuning("MemoryKeepTime", 60L, "dmskit does not swap changes to disk");
        g.tuning("StatementCacheSize", 50L, "the JDBC drivers cache prepared statements");
        g.tuning("RecoveryTimeout", -1L, "dmskit's change sources retry a lost source with their own backoff");
    }

    private void errorBehavior(Group g) {
        ErrorBehavior.Builder e = ErrorBehavior.defaults().toBuilder();
        g.action("DataErrorPolicy", "LOG_ERROR", e::dataErrorPolicy);
        g.action("DataTruncationErrorPolicy", "LOG_ERROR", e::dataTruncationErrorPolicy);
        g.action("DataMaskingErrorPolicy", "STOP_TASK", e::dataMaskingErrorPolicy);
        g.action("DataErrorEscalationPolicy", "SUSPEND_TABLE", e::dataErrorEscalationPolicy);
        g.integer("DataErrorEscalationCount", 0, 0, Integer.MAX_VALUE, v -> e.dataErrorEscalationCount((int) v));
        g.action("TableErrorPolicy", "SUSPEND_TABLE", e::tableErrorPolicy);
        g.action("TableErrorEscalationPolicy", "STOP_TASK", e::tableErrorEscalationPolicy);
        g.integer("TableErrorEscalationCount", 0, 0, Integer.MAX_VALUE, v -> e.tableErrorEscalationCount((int) v));
        g.integer("RecoverableErrorCount", -1, -1, Integer.MAX_VALUE, v -> e.recoverableErrorCount((int) v));
        g.integer("RecoverableErrorInterval", 5, 0, Integer.MAX_VALUE, v -> e.recoverableErrorInterval(Duration.ofSeconds(v)));
        g.bool("RecoverableErrorThrottling", true, e::recoverableErrorThrottling);
        g.integer("RecoverableErrorThrottlingMax", 1800, 0, Integer.MAX_VALUE,
                v -> e.recoverableErrorThrottlingMax(Duration.ofSeconds(v)));
        g.bool("RecoverableErrorStopRetryAfterThrottlingMax", true, e::recoverableErrorStopRetryAfterThrottlingMax);
        g.action("ApplyErrorDeletePolicy", "IGNORE_RECORD", e::applyErrorDeletePolicy);
        g.action("ApplyErrorInsertPolicy", "LOG_ERROR", e::applyErrorInsertPolicy);
        g.action("ApplyErrorUpdatePolicy", "LOG_ERROR", e::applyErrorUpdatePolicy);
        g.action("ApplyErrorEscalationPolicy", "LOG_ERROR", e::applyErrorEscalationPolicy);
        g.integer("ApplyErrorEscalationCount", 0, 0, Integer.MAX_VALUE, v -> e.applyErrorEscalationCount((int) v));
        g.bool("ApplyErrorFailOnTruncationDdl", false, e::applyErrorFailOnTruncationDdl);
        g.bool("FullLoadIgnoreConflicts", true, e::fullLoadIgnoreConflicts);
        g.bool("FailOnTransactionConsistencyBreached", false, e::failOnTransactionConsistencyBreached);
        g.bool("FailOnNoTablesCaptured", true, e::failOnNoTablesCaptured);
        g.tuning("EventErrorPolicy", "IGNORE", "dmskit's sources raise no task events");
        try {
            settings.errorBehavior(e.build());
        } catch (DmsException ex) {
            nested("ErrorBehavior", ex);
        }
    }

    private void validation(Group g) {
        boolean[] enabled = {false};
        boolean[] only = {false};
        g.bool("EnableValidation", false, v -> enabled[0] = v);
        g.bool("ValidationOnly", false, v -> only[0] = v);
        if (only[0] && !enabled[0]) {
            problems.add("ValidationSettings.ValidationOnly = true needs ValidationSettings.EnableValidation = true");
        }
        settings.validation(only[0] ? ValidationMode.ONLY : enabled[0] ? ValidationMode.AFTER_FULL_LOAD : ValidationMode.NONE);
        g.unsupported("ValidationMode", "ROW_LEVEL", "dmskit validates row by row (ROW_LEVEL) only");
        g.integer("ThreadCount", 5, 1, 256, v -> settings.validationThreads((int) v));
        g.integer("RecordFailureDelayInMinutes", 5, 1, 1440, v -> settings.revalidationDelay(Duration.ofMinutes(v)));
        String scope = "dmskit validates every row of each table and records up to 100 differing rows per table in"
                + " awsdms_validation_failures_v1";
        g.tuning("PartitionSize", 10_000L, "dmskit compares key ranges by checksum and splits only those that differ");
        g.tuning("FailureMaxCount", 10_000L, scope);
        g.tuning("TableFailureMaxCount", 1_000L, scope);
        g.tuning("RecordSuspendDelayInMinutes", 30L, "dmskit does not suspend the validation of a table");
        g.tuning("RecordFailureDelayLimitInMinutes", 0L, "dmskit waits RecordFailureDelayInMinutes before it reports a"
                + " row changed by CDC");
        g.tuning("MaxKeyColumnSize", 8096L, "dmskit compares keys of any size");
        g.unsupported("HandleCollationDiff", false, "dmskit compares values as they are, without collation rules");
        g.unsupported("SkipLobColumns", false, "dmskit always compares LOB columns");
        g.unsupported("ValidationPartialLobSize", 0L, "dmskit always compares LOB values whole");
        g.tuning("ValidationQueryCdcDelaySeconds", 0L, "dmskit waits RecordFailureDelayInMinutes before it compares a"
                + " row changed by CDC");
    }

    private void controlTables(Group g) {
        g.text("ControlSchema", "", v -> {
            if (v.isEmpty()) {
                return;
            }
            if (!SQL_NAME.matcher(v).matches()) {
                problems.add("ControlTablesSettings.ControlSchema must be a plain SQL name (letters, digits, _; at most 63),"
                        + " was \"" + v + "\"");
            } else {
                settings.controlSchema(v);
            }
        });
        g.integer("HistoryTimeslotInMinutes", 5, 1, 1440, v -> settings.historyTimeslot(Duration.ofMinutes(v)));
        g.bool("HistoryTableEnabled", false, settings::historyTableEnabled);
        g.bool("SuspendedTablesTableEnabled", false, settings::suspendedTablesTableEnabled);
        g.bool("StatusTableEnabled", false, settings::statusTableEnabled);
        g.tuning("FullLoadExceptionTableEnabled", false, "dmskit records full-load data errors in awsdms_apply_exceptions");
    }

    private void ddlHandling(Group g) {
        g.bool("HandleSourceTableAltered", true, v -> {
            DdlPolicy p = v ? DdlPolicy.APPLY : DdlPolicy.IGNORE;
            settings.ddlPolicy(DdlPolicy.Kind.ADD_COLUMN, p).ddlPolicy(DdlPolicy.Kind.DROP_COLUMN, p)
                    .ddlPolicy(DdlPolicy.Kind.RENAME_COLUMN, p).ddlPolicy(DdlPolicy.Kind.ALTER_COLUMN_TYPE, p);
        });
        g.bool("HandleSourceTableTruncated", true,
                v -> settings.ddlPolicy(DdlPolicy.Kind.TRUNCATE, v ? DdlPolicy.APPLY : DdlPolicy.IGNORE));
        boolean present = g.has("HandleSourceTableDropped");
        g.bool("HandleSourceTableDropped", true, v -> {
            if (v && present) {
                warnings.add("ChangeProcessingDdlHandlingPolicy.HandleSourceTableDropped = true is not applied: dmskit"
                        + " never drops a target table during CDC; a table dropped at the source stops receiving changes");
            }
        });
    }

    private void logging(Group g) {
        g.bool("EnableLogging", false, v -> {
            // dmskit always logs through SLF4J; where the log goes is the application's choice
        });
        g.bool("EnableLogContext", false, v -> {
        });
        g.take("CloudWatchLogGroup");
        g.take("CloudWatchLogStream");
        Object components = g.take("LogComponents");
        if (components == null) {
            return;
        }
        if (!(components instanceof List<?> list)) {
            problems.add("Logging.LogComponents must be a list of {\"Id\": ..., \"Severity\": ...}, was " + kind(components));
            return;
        }
        List<String> levels = new ArrayList<>();
        for (Object c : list) {
            if (!(c instanceof Map<?, ?> m) || !(m.get("Id") instanceof String id) || !(m.get("Severity") instanceof String sev)) {
                problems.add("Logging.LogComponents: each entry must be {\"Id\": \"...\", \"Severity\": \"...\"}, was " + c);
                continue;
            }
            String level = SEVERITIES.get(sev);
            if (level == null) {
                problems.add("Logging.LogComponents " + id + ": Severity must be one of " + SEVERITIES.keySet().stream().sorted()
                        .toList() + ", was \"" + sev + "\"");
            } else if (!sev.equals("LOGGER_SEVERITY_DEFAULT")) {
                levels.add(id + "=" + sev + " (SLF4J " + level + ")");
            }
        }
        if (!levels.isEmpty()) {
            warnings.add("Logging.LogComponents " + String.join(", ", levels) + ": dmskit logs through SLF4J and does not"
                    + " set levels; set the level of the loggers io.dmskit.* in your logging backend");
        }
    }

    /** Adds the problems of a nested builder's exception ("Invalid X settings: A; B"), each named in the group. */
    private void nested(String group, DmsException e) {
        String m = e.getMessage();
        int colon = m.indexOf(": ");
        for (String part : (colon < 0 ? m : m.substring(colon + 2)).split("; ")) {
            problems.add(group + (Character.isUpperCase(part.charAt(0)) ? "." : ": ") + part);
        }
    }

    // ---- values --------------------------------------------------------------------------------

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        return v.toString();
    }

    /** One JSON object of the file: takes its keys (without regard to case), remembers the ones never taken. */
    private final class Group {
        private final String path;
        private final Map<String, Map.Entry<String, Object>> byLowerName = new LinkedHashMap<>();

        Group(String path, Map<String, Object> values) {
            this.path = path;
            for (Map.Entry<String, Object> e : values.entrySet()) {
                byLowerName.put(e.getKey().toLowerCase(Locale.ROOT), e);
            }
        }

        private String name(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return byLowerName.containsKey(key.toLowerCase(Locale.ROOT));
        }

        /** Removes a key and returns its value (null when missing or null). */
        Object take(String key) {
            Map.Entry<String, Object> e = byLowerName.remove(key.toLowerCase(Locale.ROOT));
            return e == null ? null : e.getValue();
        }

        void object(String key, Consumer<Group> reader) {
            Object v = take(key);
            if (v == null) {
                v = Map.of();
            }
            if (!(v instanceof Map<?, ?> m)) {
                problems.add(name(key) + " must be a JSON object, was " + kind(v));
                return;
            }
            @SuppressWarnings("unchecked")
            Group g = new Group(name(key), (Map<String, Object>) m);
            reader.accept(g);
            g.finish();
        }

        void finish() {
            for (Map.Entry<String, Object> e : byLowerName.values()) {
                unknown.add(name(e.getKey()));
            }
            byLowerName.clear();
        }

        void bool(String key, boolean dflt, Consumer<Boolean> apply) {
            Object v = take(key);
            if (v == null) {
                apply.accept(dflt);
            } else if (v instanceof Boolean b) {
                apply.accept(b);
            } else {
                problems.add(name(key) + " must be true or false, was " + kind(v));
            }
        }

        void integer(String key, long dflt, long min, long max, java.util.function.LongConsumer apply) {
            Object v = take(key);
            if (v == null) {
                apply.accept(dflt);
                return;
            }
            Long n = asLong(v);
            if (n == null) {
                problems.add(name(key) + " must be a whole number, was " + kind(v));
            } else if (n < min || n > max) {
                problems.add(name(key) + " must be from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max)
                        + ", was " + n);
            } else {
                apply.accept(n);
            }
        }

        void text(String key, String dflt, Consumer<String> apply) {
            Object v = take(key);
            if (v == null) {
                apply.accept(dflt);
            } else if (v instanceof String s) {
                apply.accept(s);
            } else {
                problems.add(name(key) + " must be a string, was " + kind(v));
            }
        }

        void action(String key, String dflt, Consumer<ErrorBehavior.Action> apply) {
            text(key, dflt, v -> {
                try {
                    apply.accept(ErrorBehavior.Action.valueOf(v));
                } catch (IllegalArgumentException e) {
                    problems.add(name(key) + " must be one of " + Arrays.toString(ErrorBehavior.Action.values())
                            + ", was \"" + v + "\"");
                }
            });
        }

        /** A key dmskit accepts only with the service's default: any other value is an error naming it and why. */
        void unsupported(String key, Object dflt, String why) {
            Object v = take(key);
            if (v != null && !same(v, dflt)) {
                problems.add(name(key) + " = " + kind(v) + " is not supported (" + why + "); remove it or set it to "
                        + kind(dflt));
            }
        }

        /** A whole value that must be missing or null. */
        void unsupportedUnlessNull(String key, String why) {
            Object v = take(key);
            if (v != null && !(v instanceof Map<?, ?> m && m.isEmpty())) {
                problems.add(name(key) + " is not supported (" + why + "); remove it or set it to null");
            }
        }

        /** A key that tunes speed or resources only: another value than the default is a warning naming it. */
        void tuning(String key, Object dflt, String why) {
            Object v = take(key);
            if (v != null && !same(v, dflt)) {
                warnings.add(name(key) + " = " + kind(v) + " is accepted but not applied: " + why);
            }
        }
    }

    private static Long asLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean same(Object v, Object dflt) {
        if (dflt instanceof Long d) {
            return Objects.equals(asLong(v), d);
        }
        if (dflt instanceof String d && v instanceof String s) {
            return d.equalsIgnoreCase(s);
        }
        return Objects.equals(v, dflt);
    }
}
