package io.dmskit.internal.settings;

import io.dmskit.MigrationType;
import io.dmskit.TableState;
import io.dmskit.TableStatistics;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.ValidationReport;
import io.dmskit.ValidationState;
import io.dmskit.schema.TableId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AwsStatisticsTest {
    private static final TableId ORDERS = TableId.of("shop", "orders");
    private static final TableId ITEMS = TableId.of("shop", "items");

    @Test
    void taskStatusIsShapedLikeDescribeTableStatistics() {
        ValidationReport.TableValidation differs = new ValidationReport.TableValidation(ORDERS, ORDERS,
                ValidationReport.State.DIFFERENT, 120, 1, 2, 3, 0, List.of(), Duration.ZERO, null);
        TableStatistics orders = new TableStatistics(ORDERS, ORDERS, TableState.COMPLETED, 120, 9_000, 120, 1, 1,
                Duration.ofSeconds(2), null, List.of(), ValidationState.DIFFERENT, differs).withChanges(4, 5, 6)
                .withLoadTimes(Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:00:02.5Z"))
                .withErrorsAndDdls(2, 3).withLastUpdateTime(Instant.parse("2026-01-01T10:05:00Z"));
        TableStatistics items = new TableStatistics(ITEMS, ITEMS, TableState.LOADING, 10, 100, 50, 2, 0,
                Duration.ofSeconds(1), null, List.of(), ValidationState.NOT_VALIDATED, null);
        TaskStatus status = new TaskStatus("t1", MigrationType.FULL_LOAD_AND_CDC, TaskState.RUNNING, List.of(orders, items),
                Instant.EPOCH, Duration.ZERO, List.of(), List.of());
        assertThat(status.toAwsJson()).isEqualTo("{\"ReplicationTaskIdentifier\":\"t1\",\"TableStatistics\":["
                + "{\"SchemaName\":\"shop\",\"TableName\":\"orders\",\"Inserts\":4,\"Deletes\":6,\"Updates\":5,"
                + "\"AppliedInserts\":4,\"AppliedDeletes\":6,\"AppliedUpdates\":5,\"Ddls\":3,\"AppliedDdls\":3,\"FullLoadRows\":120,"
                + "\"FullLoadCondtnlChkFailedRows\":0,"
                + "\"FullLoadStartTime\":\"2026-01-01T10:00:00Z\",\"FullLoadEndTime\":\"2026-01-01T10:00:02.500Z\","
                + "\"LastUpdateTime\":\"2026-01-01T10:05:00Z\",\"TableState\":\"Table completed\","
                + "\"ValidationPendingRecords\":0,\"ValidationFailedRecords\":6,\"ValidationSuspendedRecords\":0,"
                + "\"ValidationState\":\"Mismatched records\"},"
                + "{\"SchemaName\":\"shop\",\"TableName\":\"items\",\"Inserts\":0,\"Deletes\":0,\"Updates\":0,"
                + "\"AppliedInserts\":0,\"AppliedDeletes\":0,\"AppliedUpdates\":0,\"Ddls\":0,\"AppliedDdls\":0,\"FullLoadRows\":10,"
                + "\"FullLoadCondtnlChkFailedRows\":0,\"TableState\":\"Full load\",\"ValidationFailedRecords\":0,\"ValidationState\":\"Not enabled\"}]}");
    }

    @Test
    void everyStateHasTheServicesName() {
        assertThat(List.of(TableState.values())).extracting(s -> stats(s, ValidationState.NOT_VALIDATED).awsTableState())
                .containsExactly("Before load", "Full load", "Table completed", "Table error", "Table cancelled");
        assertThat(List.of(ValidationState.values())).extracting(v -> stats(TableState.COMPLETED, v).awsValidationState())
                .containsExactly("Not enabled", "Pending records", "Validated", "Mismatched records", "Error");
    }

    @Test
    void aValidationErrorIsInTheDetails() {
        ValidationReport.TableValidation failed = new ValidationReport.TableValidation(ORDERS, ORDERS,
                ValidationReport.State.ERROR, 0, 0, 0, 0, 0, List.of(), Duration.ZERO, "connection refused");
        TableStatistics t = new TableStatistics(ORDERS, ORDERS, TableState.COMPLETED, 1, 1, 1, 1, 1, Duration.ZERO, null,
                List.of(), ValidationState.ERROR, failed);
        assertThat(t.toAwsJson()).endsWith("\"ValidationState\":\"Error\",\"ValidationStateDetails\":\"connection refused\"}");
    }

    private static TableStatistics stats(TableState state, ValidationState validation) {
        return new TableStatistics(ORDERS, ORDERS, state, 0, 0, 0, 0, 0, Duration.ZERO, null, List.of(), validation, null);
    }
}
