package io.dmskit;

import io.dmskit.ErrorBehavior.Action;
import io.dmskit.error.DmsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskSettingsAwsJsonTest {

    /** The example of the AWS DMS user guide's "Task settings example", as the console exports it. */
    static final String SERVICE_EXAMPLE = """
            {
              "TargetMetadata": {
                "TargetSchema": "",
                "SupportLobs": true,
                "FullLobMode": false,
                "LobChunkSize": 64,
                "LimitedSizeLobMode": true,
                "LobMaxSize": 32,
                "InlineLobMaxSize": 0,
                "LoadMaxFileSize": 0,
                "ParallelLoadThreads": 0,
                "ParallelLoadBufferSize": 0,
                "ParallelLoadQueuesPerThread": 0,
                "ParallelApplyThreads": 0,
                "ParallelApplyBufferSize": 0,
                "ParallelApplyQueuesPerThread": 0,
                "BatchApplyEnabled": false,
                "TaskRecoveryTableEnabled": false
              },
              "FullLoadSettings": {
                "TargetTablePrepMode": "DO_NOTHING",
                "CreatePkAfterFullLoad": false,
                "StopTaskCachedChangesApplied": false,
                "StopTaskCachedChangesNotApplied": false,
                "MaxFullLoadSubTasks": 8,
                "TransactionConsistencyTimeout": 600,
                "CommitRate": 10000
              },
              "TTSettings": {
                "EnableTT": false,
                "TTS3Settings": null,
                "TTRecordSettings": null
              },
              "Logging": {
                "EnableLogging": false,
                "EnableLogContext": false,
                "LogComponents": [
                  {"Id": "TRANSFORMATION", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "SOURCE_UNLOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "IO", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "TARGET_LOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "PERFORMANCE", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "SOURCE_CAPTURE", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "SORTER", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "REST_SERVER", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "VALIDATOR_EXT", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "TARGET_APPLY", "Severity": "LOGGER_SEVERITY_DEFAULT"},
                  {"Id": "TASK_MANAGER", "Severity": "LOGGER_SEVERITY_DEFAULT"}
                ],
                "CloudWatchLogGroup": null,
                "CloudWatchLogStream": null
              },
              "ControlTablesSettings": {
                "historyTimeslotInMinutes": 5,
                "ControlSchema": "",
                "HistoryTimeslotInMinutes": 5,
                "HistoryTableEnabled": false,
                "SuspendedTablesTableEnabled": false,
                "StatusTableEnabled": false,
                "FullLoadExceptionTableEnabled": false
              },
              "StreamBufferSettings": {
                "StreamBufferCount": 3,
                "StreamBufferSizeInMB": 8,
                "CtrlStreamBufferSizeInMB": 5
              },
              "ChangeProcessingDdlHandlingPolicy": {
                "HandleSourceTableDropped": true,
                "HandleSourceTableTruncated": true,
                "HandleSourceTableAltered": true
              },
              "ErrorBehavior": {
                "DataErrorPolicy": "LOG_ERROR",
                "DataTruncationErrorPolicy": "LOG_ERROR",
                "DataErrorEscalationPolicy": "SUSPEND_TABLE",
                "DataErrorEscalationCount": 0,
                "TableErrorPolicy": "SUSPEND_TABLE",
                "TableErrorEscalationPolicy": "STOP_TASK",
                "TableErrorEscalationCount": 0,
                "RecoverableErrorCount": -1,
                "RecoverableErrorInterval": 5,
                "RecoverableErrorThrottling": true,
                "RecoverableErrorThrottlingMax": 1800,
                "RecoverableErrorStopRetryAfterThrottlingMax": true,
                "ApplyErrorDeletePolicy": "IGNORE_RECORD",
                "ApplyErrorInsertPolicy": "LOG_ERROR",
                "ApplyErrorUpdatePolicy": "LOG_ERROR",
                "ApplyErrorEscalationPolicy": "LOG_ERROR",
                "ApplyErrorEscalationCount": 0,
                "ApplyErrorFailOnTruncationDdl": false,
                "FullLoadIgnoreConflicts": true,
                "FailOnTransactionConsistencyBreached": false,
                "FailOnNoTablesCaptured": true
              },
              "ChangeProcessingTuning": {
                "BatchApplyPreserveTransaction": true,
                "BatchApplyTimeoutMin": 1,
                "BatchApplyTimeoutMax": 30,
                "BatchApplyMemoryLimit": 500,
                "BatchSplitSize": 0,
                "MinTransactionSize": 1000,
                "CommitTimeout": 1,
                "MemoryLimitTotal": 1024,
                "MemoryKeepTime": 60,
                "StatementCacheSize": 50
              },
              "PostProcessingRules": null,
              "CharacterSetSettings": null,
              "LoopbackPreventionSettings": null,
              "BeforeImageSettings": null,
              "FailTaskWhenCleanTaskResourceFailed": false
            }
            """;

    @Test
    void missingKeysTakeTheServiceDefaults() {
        TaskSettings s = TaskSettings.fromAwsJson("{}");
        assertThat(s.prepMode()).isEqualTo(TargetTablePrepMode.DROP_AND_CREATE);
        assertThat(s.maxParallelSegments()).isEqualTo(8);
        assertThat(s.commitRate()).isEqualTo(10_000);
        assertThat(s.stopAfterCachedChangesApplied()).isFalse();
        assertThat(s.batchApply()).isFalse();
        LobSettings lobs = s.lobSettings();
        assertThat(lobs.supportLobs()).isTrue();
        assertThat(lobs.fullLobMode()).isFalse();
        assertThat(lobs.lobChunkSizeKb()).isEqualTo(64);
        assertThat(lobs.limitedSizeLobMode()).isTrue();
        assertThat(lobs.lobMaxSizeKb()).isEqualTo(32);
        assertThat(lobs.inlineLobMaxSizeKb()).isZero();
        ErrorBehavior e = s.errorBehavior();
        assertThat(e.dataErrorPolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.dataTruncationErrorPolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.dataMaskingErrorPolicy()).isEqualTo(Action.STOP_TASK);
        assertThat(e.dataErrorEscalationPolicy()).isEqualTo(Action.SUSPEND_TABLE);
        assertThat(e.dataErrorEscalationCount()).isZero();
        assertThat(e.tableErrorPolicy()).isEqualTo(Action.SUSPEND_TABLE);
        assertThat(e.tableErrorEscalationPolicy()).isEqualTo(Action.STOP_TASK);
        assertThat(e.tableErrorEscalationCount()).isZero();
        assertThat(e.recoverableErrorCount()).isEqualTo(-1);
        assertThat(e.recoverableErrorInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(e.recoverableErrorThrottling()).isTrue();
        assertThat(e.recoverableErrorThrottlingMax()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(e.recoverableErrorStopRetryAfterThrottlingMax()).isTrue();
        assertThat(e.applyErrorDeletePolicy()).isEqualTo(Action.IGNORE_RECORD);
        assertThat(e.applyErrorInsertPolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.applyErrorUpdatePolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.applyErrorEscalationPolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.applyErrorEscalationCount()).isZero();
        assertThat(e.applyErrorFailOnTruncationDdl()).isFalse();
        assertThat(e.fullLoadIgnoreConflicts()).isTrue();
        assertThat(e.failOnTransactionConsistencyBreached()).isFalse();
        assertThat(e.failOnNoTablesCaptured()).isTrue();
        assertThat(s.validation()).isEqualTo(ValidationMode.NONE);
        assertThat(s.validationThreads()).isEqualTo(5);
        assertThat(s.revalidationDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.controlSchema()).isEqualTo("dmskit");
        assertThat(s.historyTimeslot()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.historyTableEnabled()).isFalse();
        assertThat(s.statusTableEnabled()).isFalse();
        assertThat(s.suspendedTablesTableEnabled()).isFalse();
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void theServiceExampleIsReadAsItIs() {
        TaskSettings s = TaskSettings.fromAwsJson(SERVICE_EXAMPLE);
        assertThat(s.prepMode()).isEqualTo(TargetTablePrepMode.DO_NOTHING);
        assertThat(s.errorBehavior()).isEqualTo(ErrorBehavior.defaults());
        assertThat(s.lobSettings()).isEqualTo(LobSettings.defaults());
        assertThat(s.ddlPolicy(DdlPolicy.Kind.ADD_COLUMN)).isEqualTo(DdlPolicy.APPLY);
        assertThat(s.ddlPolicy(DdlPolicy.Kind.TRUNCATE)).isEqualTo(DdlPolicy.APPLY);
        // the only note: dmskit does not drop target tables, which the example's HandleSourceTableDropped asks for
        assertThat(s.warnings()).singleElement().asString()
                .startsWith("ChangeProcessingDdlHandlingPolicy.HandleSourceTableDropped = true is not applied");
    }

    @Test
    void everyHonouredKeyIsApplied() {
        TaskSettings s = TaskSettings.fromAwsJson("""
                {"TargetMetadata": {"FullLobMode": true, "LimitedSizeLobMode": false, "LobChunkSize": 128,
                                    "InlineLobMaxSize": 16, "BatchApplyEnabled": true},
                 "FullLoadSettings": {"TargetTablePrepMode": "TRUNCATE_BEFORE_LOAD", "MaxFullLoadSubTasks": 3,
                                      "CommitRate": 500, "StopTaskCachedChangesApplied": true},
                 "ChangeProcessingTuning": {"BatchSplitSize": 700},
                 "ErrorBehavior": {"DataErrorPolicy": "IGNORE_RECORD", "DataErrorEscalationCount": 10,
                                   "ApplyErrorInsertPolicy": "UPDATE_RECORD", "ApplyErrorUpdatePolicy": "INSERT_RECORD",
                                   "TableErrorPolicy": "STOP_TASK", "RecoverableErrorCount": 3,
                                   "RecoverableErrorInterval": 2},
                 "ValidationSettings": {"EnableValidation": true, "ThreadCount": 2, "RecordFailureDelayInMinutes": 1},
                 "ControlTablesSettings": {"ControlSchema": "dms_ctl", "HistoryTimeslotInMinutes": 10,
                                           "HistoryTableEnabled": true, "StatusTableEnabled": true,
                                           "SuspendedTablesTableEnabled": true}}
                """);
        assertThat(s.lobSettings().fullLobMode()).isTrue();
        assertThat(s.lobSettings().limitedSizeLobMode()).isFalse();
        assertThat(s.lobSettings().lobChunkSizeKb()).isEqualTo(128);
        assertThat(s.lobSettings().inlineLobMaxSizeKb()).isEqualTo(16);
        assertThat(s.batchApply()).isTrue();
        assertThat(s.prepMode()).isEqualTo(TargetTablePrepMode.TRUNCATE_BEFORE_LOAD);
        assertThat(s.maxParallelSegments()).isEqualTo(3);
        assertThat(s.commitRate()).isEqualTo(500);
        assertThat(s.stopAfterCachedChangesApplied()).isTrue();
        assertThat(s.applyBatchSize()).isEqualTo(700);
        assertThat(s.errorBehavior().dataErrorPolicy()).isEqualTo(Action.IGNORE_RECORD);
        assertThat(s.errorBehavior().dataErrorEscalationCount()).isEqualTo(10);
        assertThat(s.errorBehavior().applyErrorInsertPolicy()).isEqualTo(Action.UPDATE_RECORD);
        assertThat(s.errorBehavior().applyErrorUpdatePolicy()).isEqualTo(Action.INSERT_RECORD);
        assertThat(s.errorBehavior().tableErrorPolicy()).isEqualTo(Action.STOP_TASK);
        assertThat(s.errorBehavior().recoverableErrorCount()).isEqualTo(3);
        assertThat(s.errorBehavior().recoverableErrorInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.validation()).isEqualTo(ValidationMode.AFTER_FULL_LOAD);
        assertThat(s.validationThreads()).isEqualTo(2);
        assertThat(s.revalidationDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.controlSchema()).isEqualTo("dms_ctl");
        assertThat(s.historyTimeslot()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.historyTableEnabled()).isTrue();
        assertThat(s.statusTableEnabled()).isTrue();
        assertThat(s.suspendedTablesTableEnabled()).isTrue();
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void applyErrorFailOnTruncationDdlMakesTruncateFail() {
        TaskSettings s = TaskSettings.fromAwsJson("""
                {"ErrorBehavior": {"ApplyErrorFailOnTruncationDdl": true},
                 "ChangeProcessingDdlHandlingPolicy": {"HandleSourceTableTruncated": true}}
                """);
        assertThat(s.ddlPolicy(DdlPolicy.Kind.TRUNCATE)).isEqualTo(DdlPolicy.FAIL);
        assertThat(s.ddlPolicy(DdlPolicy.Kind.ADD_COLUMN)).isEqualTo(DdlPolicy.APPLY);
        assertThat(TaskSettings.fromAwsJson("{}").ddlPolicy(DdlPolicy.Kind.TRUNCATE)).isEqualTo(DdlPolicy.APPLY);
    }

    @Test
    void ddlHandlingMapsOntoTheDdlPolicies() {
        TaskSettings s = TaskSettings.fromAwsJson("""
                {"ChangeProcessingDdlHandlingPolicy": {"HandleSourceTableDropped": false, "HandleSourceTableTruncated": false,
                                                       "HandleSourceTableAltered": false}}
                """);
        for (DdlPolicy.Kind k : DdlPolicy.Kind.values()) {
            // no Handle* key is about tables created at the source: the service captures those the selection rules select
            assertThat(s.ddlPolicy(k)).as(k.name()).isEqualTo(k == DdlPolicy.Kind.CREATE_TABLE ? DdlPolicy.APPLY : DdlPolicy.IGNORE);
        }
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void validationOnlyMeansValidateWithoutLoading() {
        TaskSettings s = TaskSettings.fromAwsJson("{\"ValidationSettings\": {\"EnableValidation\": true, \"ValidationOnly\": true}}");
        assertThat(s.validation()).isEqualTo(ValidationMode.ONLY);
    }

    @Test
    void unknownKeysAreListedInOneWarning() {
        TaskSettings s = TaskSettings.fromAwsJson("""
                {"FullLoadSettings": {"CommitRate": 1000, "CommitRat": 5}, "NewGroup": {"X": 1}, "Logging": {"Verbose": true}}
                """);
        assertThat(s.commitRate()).isEqualTo(1000);
        assertThat(s.warnings()).containsExactly(
                "Unknown task settings, ignored: FullLoadSettings.CommitRat, Logging.Verbose, NewGroup");
    }

    @Test
    void keysMatchWithoutRegardToCase() {
        TaskSettings s = TaskSettings.fromAwsJson("{\"ControlTablesSettings\": {\"historyTimeslotInMinutes\": 7}}");
        assertThat(s.historyTimeslot()).isEqualTo(Duration.ofMinutes(7));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            TargetMetadata.TargetSchema                          | {"TargetMetadata": {"TargetSchema": "app"}}
            FullLoadSettings.StopTaskCachedChangesNotApplied     | {"FullLoadSettings": {"StopTaskCachedChangesNotApplied": true}}
            FullLoadSettings.TargetTablePrepMode                 | {"FullLoadSettings": {"TargetTablePrepMode": "TRUNCATE"}}
            FullLoadSettings.MaxFullLoadSubTasks                 | {"FullLoadSettings": {"MaxFullLoadSubTasks": 50}}
            FullLoadSettings.CommitRate                          | {"FullLoadSettings": {"CommitRate": 50001}}
            TTSettings.EnableTT                                  | {"TTSettings": {"EnableTT": true}}
            ValidationSettings.ValidationMode                    | {"ValidationSettings": {"ValidationMode": "GROUP_LEVEL"}}
            ValidationSettings.HandleCollationDiff               | {"ValidationSettings": {"HandleCollationDiff": true}}
            ValidationSettings.SkipLobColumns                    | {"ValidationSettings": {"SkipLobColumns": true}}
            ValidationSettings.ValidationPartialLobSize          | {"ValidationSettings": {"ValidationPartialLobSize": 100}}
            ValidationSettings.ValidationOnly                    | {"ValidationSettings": {"ValidationOnly": true}}
            ValidationSettings.ThreadCount                       | {"ValidationSettings": {"ThreadCount": 0}}
            ControlTablesSettings.ControlSchema                  | {"ControlTablesSettings": {"ControlSchema": "my-schema"}}
            ControlTablesSettings.HistoryTimeslotInMinutes       | {"ControlTablesSettings": {"HistoryTimeslotInMinutes": 0}}
            ChangeProcessingTuning.BatchSplitSize                | {"ChangeProcessingTuning": {"BatchSplitSize": -1}}
            BeforeImageSettings                                  | {"BeforeImageSettings": {"EnableBeforeImage": true, "FieldName": "before"}}
            LoopbackPreventionSettings                           | {"LoopbackPreventionSettings": {"EnableLoopbackPrevention": true}}
            CharacterSetSettings                                 | {"CharacterSetSettings": {"CharacterReplacements": []}}
            PostProcessingRules                                  | {"PostProcessingRules": {"rules": []}}
            ErrorBehavior.DataErrorPolicy                        | {"ErrorBehavior": {"DataErrorPolicy": "RETRY"}}
            ErrorBehavior.TableErrorPolicy                       | {"ErrorBehavior": {"TableErrorPolicy": "LOG_ERROR"}}
            ErrorBehavior.ApplyErrorDeletePolicy                 | {"ErrorBehavior": {"ApplyErrorDeletePolicy": "INSERT_RECORD"}}
            ErrorBehavior.DataErrorEscalationCount               | {"ErrorBehavior": {"DataErrorEscalationCount": -2}}
            ErrorBehavior.RecoverableErrorCount                  | {"ErrorBehavior": {"RecoverableErrorCount": "many"}}
            TargetMetadata.LobMaxSize                            | {"TargetMetadata": {"LobMaxSize": 0}}
            TargetMetadata                                       | {"TargetMetadata": {"FullLobMode": true}}
            TargetMetadata.SupportLobs                           | {"TargetMetadata": {"SupportLobs": "yes"}}
            Logging.LogComponents                                | {"Logging": {"LogComponents": [{"Id": "IO", "Severity": "LOUD"}]}}
            FullLoadSettings                                     | {"FullLoadSettings": [1, 2]}
            """)
    void aSettingThatCannotBeHonouredIsAnErrorNamingIt(String key, String json) {
        assertThatThrownBy(() -> TaskSettings.fromAwsJson(json))
                .isInstanceOf(DmsException.class)
                .hasMessageStartingWith("The task settings task settings JSON cannot be used:")
                .hasMessageContaining(key);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            FullLoadSettings.CreatePkAfterFullLoad               | {"FullLoadSettings": {"CreatePkAfterFullLoad": true}}
            FullLoadSettings.TransactionConsistencyTimeout       | {"FullLoadSettings": {"TransactionConsistencyTimeout": 60}}
            TargetMetadata.LoadMaxFileSize                       | {"TargetMetadata": {"LoadMaxFileSize": 100}}
            TargetMetadata.ParallelLoadThreads                   | {"TargetMetadata": {"ParallelLoadThreads": 4}}
            TargetMetadata.ParallelApplyThreads                  | {"TargetMetadata": {"ParallelApplyThreads": 4}}
            ChangeProcessingTuning.BatchApplyTimeoutMin          | {"ChangeProcessingTuning": {"BatchApplyTimeoutMin": 5}}
            ChangeProcessingTuning.BatchApplyTimeoutMax          | {"ChangeProcessingTuning": {"BatchApplyTimeoutMax": 60}}
            ChangeProcessingTuning.BatchApplyMemoryLimit         | {"ChangeProcessingTuning": {"BatchApplyMemoryLimit": 100}}
            ChangeProcessingTuning.MinTransactionSize            | {"ChangeProcessingTuning": {"MinTransactionSize": 10}}
            ChangeProcessingTuning.CommitTimeout                 | {"ChangeProcessingTuning": {"CommitTimeout": 5}}
            ChangeProcessingTuning.MemoryLimitTotal              | {"ChangeProcessingTuning": {"MemoryLimitTotal": 2048}}
            ChangeProcessingTuning.MemoryKeepTime                | {"ChangeProcessingTuning": {"MemoryKeepTime": 10}}
            ChangeProcessingTuning.StatementCacheSize            | {"ChangeProcessingTuning": {"StatementCacheSize": 10}}
            ChangeProcessingTuning.BatchApplyPreserveTransaction | {"ChangeProcessingTuning": {"BatchApplyPreserveTransaction": false}}
            StreamBufferSettings.StreamBufferCount               | {"StreamBufferSettings": {"StreamBufferCount": 6}}
            StreamBufferSettings.StreamBufferSizeInMB            | {"StreamBufferSettings": {"StreamBufferSizeInMB": 16}}
            StreamBufferSettings.CtrlStreamBufferSizeInMB        | {"StreamBufferSettings": {"CtrlStreamBufferSizeInMB": 10}}
            ValidationSettings.PartitionSize                     | {"ValidationSettings": {"PartitionSize": 5000}}
            ValidationSettings.FailureMaxCount                   | {"ValidationSettings": {"FailureMaxCount": 10}}
            ValidationSettings.TableFailureMaxCount              | {"ValidationSettings": {"TableFailureMaxCount": 10}}
            ValidationSettings.RecordSuspendDelayInMinutes       | {"ValidationSettings": {"RecordSuspendDelayInMinutes": 10}}
            ValidationSettings.MaxKeyColumnSize                  | {"ValidationSettings": {"MaxKeyColumnSize": 100}}
            ValidationSettings.ValidationQueryCdcDelaySeconds    | {"ValidationSettings": {"ValidationQueryCdcDelaySeconds": 10}}
            ControlTablesSettings.FullLoadExceptionTableEnabled  | {"ControlTablesSettings": {"FullLoadExceptionTableEnabled": true}}
            ErrorBehavior.EventErrorPolicy                       | {"ErrorBehavior": {"EventErrorPolicy": "STOP_TASK"}}
            Logging.LogComponents TARGET_LOAD                    | {"Logging": {"LogComponents": [{"Id": "TARGET_LOAD", "Severity": "LOGGER_SEVERITY_DEBUG"}]}}
            ChangeProcessingDdlHandlingPolicy.HandleSourceTableDropped | {"ChangeProcessingDdlHandlingPolicy": {"HandleSourceTableDropped": true}}
            """)
    void aTuningSettingThatIsNotAppliedIsAWarningNamingIt(String key, String json) {
        TaskSettings s = TaskSettings.fromAwsJson(json);
        assertThat(s.warnings()).singleElement().asString().startsWith(key);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> TaskSettings.fromAwsJson("""
                {"FullLoadSettings": {"TargetTablePrepMode": "TRUNCATE", "StopTaskCachedChangesNotApplied": true},
                 "ErrorBehavior": {"DataErrorPolicy": "RETRY"}}
                """))
                .hasMessage("""
                        The task settings task settings JSON cannot be used:
                        - FullLoadSettings.TargetTablePrepMode must be one of [DO_NOTHING, DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD], was "TRUNCATE"
                        - FullLoadSettings.StopTaskCachedChangesNotApplied = true is not supported (dmskit cannot stop a full-load-and-CDC task before it applies the changes cached during the load; use StopTaskCachedChangesApplied, or a FULL_LOAD task followed by a CDC task); remove it or set it to false
                        - ErrorBehavior.DataErrorPolicy must be one of [IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE, STOP_TASK, INSERT_RECORD, UPDATE_RECORD], was "RETRY\"""");
    }

    @Test
    void aJsonSyntaxErrorNamesTheFileAndPosition(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\n  \"FullLoadSettings\": {\"CommitRate\": 10,}\n}");
        assertThatThrownBy(() -> TaskSettings.fromAwsJson(file))
                .hasMessageStartingWith("The task settings " + file + " are not valid JSON: ")
                .hasMessageContaining("line 2, column");
    }

    @Test
    void aDuplicateKeyIsAnError() {
        assertThatThrownBy(() -> TaskSettings.fromAwsJson("{\"FullLoadSettings\": {\"CommitRate\": 10, \"CommitRate\": 20}}"))
                .hasMessageContaining("Duplicate field 'CommitRate'");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("nope.json");
        assertThatThrownBy(() -> TaskSettings.fromAwsJson(file))
                .hasMessageStartingWith("Cannot read the task settings file " + file);
    }

    @Test
    void aFileIsReadLikeText(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, SERVICE_EXAMPLE);
        assertThat(TaskSettings.fromAwsJson(file).prepMode()).isEqualTo(TargetTablePrepMode.DO_NOTHING);
    }
}
