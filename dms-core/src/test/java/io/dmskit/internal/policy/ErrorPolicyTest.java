package io.dmskit.internal.policy;

import io.dmskit.ErrorBehavior;
import io.dmskit.ErrorBehavior.Action;
import io.dmskit.LobSettings;
import io.dmskit.error.DmsException;
import io.dmskit.internal.convert.LobLimit;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.ValueException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy decisions, the settings' defaults and checks, and the LOB size check, without a database. */
class ErrorPolicyTest {
    private static final TableId T = TableId.of("shop", "items");
    private static final TableId U = TableId.of("shop", "other");

    @Test
    void defaultsAreTheAwsDmsDefaults() {
        ErrorBehavior e = ErrorBehavior.defaults();
        assertThat(e.dataErrorPolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.dataTruncationErrorPolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.dataMaskingErrorPolicy()).isEqualTo(Action.STOP_TASK);
        assertThat(e.dataErrorEscalationPolicy()).isEqualTo(Action.SUSPEND_TABLE);
        assertThat(e.dataErrorEscalationCount()).isZero();
        assertThat(e.tableErrorPolicy()).isEqualTo(Action.SUSPEND_TABLE);
        assertThat(e.tableErrorEscalationPolicy()).isEqualTo(Action.STOP_TASK);
        assertThat(e.tableErrorEscalationCount()).isZero();
        assertThat(e.recoverableErrorCount()).isEqualTo(-1);
        assertThat(e.recoverableErrorInterval()).hasSeconds(5);
        assertThat(e.recoverableErrorThrottling()).isTrue();
        assertThat(e.recoverableErrorThrottlingMax()).hasSeconds(1800);
        assertThat(e.applyErrorDeletePolicy()).isEqualTo(Action.IGNORE_RECORD);
        assertThat(e.applyErrorInsertPolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.applyErrorUpdatePolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.applyErrorEscalationPolicy()).isEqualTo(Action.LOG_ERROR);
        assertThat(e.applyErrorEscalationCount()).isZero();
        assertThat(e.fullLoadIgnoreConflicts()).isTrue();
        assertThat(e.failOnNoTablesCaptured()).isTrue();
        assertThat(e.toBuilder().build()).isEqualTo(e);

        LobSettings l = LobSettings.defaults();
        assertThat(l.supportLobs()).isTrue();
        assertThat(l.limitedSizeLobMode()).isTrue();
        assertThat(l.fullLobMode()).isFalse();
        assertThat(l.lobMaxSizeKb()).isEqualTo(32);
        assertThat(l.lobChunkSizeKb()).isEqualTo(64);
        assertThat(l.inlineLobMaxSizeKb()).isZero();
        assertThat(l.maxLobBytes()).isEqualTo(32 * 1024);
        assertThat(l.toBuilder().build()).isEqualTo(l);
    }

    @Test
    void invalidSettingsAreNamedWithTheirAllowedValues() {
        assertThatThrownBy(() -> ErrorBehavior.builder().dataErrorPolicy(Action.UPDATE_RECORD)
                .applyErrorDeletePolicy(Action.INSERT_RECORD).dataErrorEscalationCount(-1).build())
                .isInstanceOf(DmsException.class)
                .hasMessage("Invalid ErrorBehavior settings: DataErrorPolicy must be one of [IGNORE_RECORD, LOG_ERROR,"
                        + " SUSPEND_TABLE, STOP_TASK], was UPDATE_RECORD; ApplyErrorDeletePolicy must be one of [IGNORE_RECORD,"
                        + " LOG_ERROR, SUSPEND_TABLE, STOP_TASK], was INSERT_RECORD; DataErrorEscalationCount must be 0 or more, was -1");
        assertThatThrownBy(() -> LobSettings.builder().fullLobMode(true).lobMaxSizeKb(200_000).build())
                .isInstanceOf(DmsException.class)
                .hasMessage("Invalid LOB settings: with SupportLobs=true exactly one of FullLobMode and LimitedSizeLobMode"
                        + " must be true, were FullLobMode=true and LimitedSizeLobMode=true; LobMaxSize must be from 1 to 102400"
                        + " (KB), was 200000");
        assertThatThrownBy(() -> LobSettings.builder().inlineLobMaxSizeKb(8).build())
                .hasMessage("Invalid LOB settings: InlineLobMaxSize applies only with FullLobMode=true, was 8 with FullLobMode=false");
    }

    @Test
    void dataErrorsEscalatePerTable() {
        ErrorPolicy p = new ErrorPolicy(ErrorBehavior.builder().dataErrorPolicy(Action.IGNORE_RECORD)
                .dataErrorEscalationCount(3).dataErrorEscalationPolicy(Action.STOP_TASK).build());
        assertThat(p.decide(T, ErrorPolicy.Kind.DATA).outcome()).isEqualTo(ErrorPolicy.Outcome.IGNORE);
        assertThat(p.decide(T, ErrorPolicy.Kind.TRUNCATION).outcome()).isEqualTo(ErrorPolicy.Outcome.RECORD);
        assertThat(p.decide(U, ErrorPolicy.Kind.DATA).outcome()).as("another table counts apart").isEqualTo(ErrorPolicy.Outcome.IGNORE);
        ErrorPolicy.Decision third = p.decide(T, ErrorPolicy.Kind.DATA);
        assertThat(third.outcome()).isEqualTo(ErrorPolicy.Outcome.STOP_TASK);
        assertThat(third.escalated()).isTrue();
        assertThat(third.describe(p, ErrorPolicy.Kind.DATA)).isEqualTo("the task stops (DataErrorEscalationPolicy: this is"
                + " error 3 of the table, the escalation count is 3)");
        assertThat(p.dataErrors(T)).isEqualTo(3);
        assertThat(p.dataErrors(U)).isEqualTo(1);
    }

    @Test
    void applyConflictsEscalateWithoutWeakeningAStrongerPolicy() {
        ErrorPolicy p = new ErrorPolicy(ErrorBehavior.builder().applyErrorInsertPolicy(Action.SUSPEND_TABLE)
                .applyErrorUpdatePolicy(Action.INSERT_RECORD).applyErrorEscalationCount(1).build());
        // escalation to LOG_ERROR: a SUSPEND_TABLE stays, an INSERT_RECORD becomes a record
        assertThat(p.decide(T, ErrorPolicy.Kind.INSERT_CONFLICT).outcome()).isEqualTo(ErrorPolicy.Outcome.SUSPEND_TABLE);
        assertThat(p.decide(U, ErrorPolicy.Kind.UPDATE_CONFLICT).outcome()).isEqualTo(ErrorPolicy.Outcome.RECORD);
        assertThat(p.applyConflicts(T)).isEqualTo(1);
        assertThat(p.dataErrors(T)).isZero();
    }

    @Test
    void tableErrorsStopTheTaskByPolicyOrAfterTheEscalationCount() {
        assertThat(new ErrorPolicy(ErrorBehavior.defaults()).stopAfterTableError()).isFalse();
        assertThat(new ErrorPolicy(ErrorBehavior.builder().tableErrorPolicy(Action.STOP_TASK).build()).stopAfterTableError()).isTrue();
        ErrorPolicy p = new ErrorPolicy(ErrorBehavior.builder().tableErrorEscalationCount(2).build());
        assertThat(p.stopAfterTableError()).isFalse();
        assertThat(p.stopAfterTableError()).isTrue();
    }

    @Test
    void truncationsAreToldFromOtherDataErrors() {
        assertThat(ErrorPolicy.isTruncation(new ValueException(0, 1, "too long", new TruncationException("too long")))).isTrue();
        assertThat(ErrorPolicy.isTruncation(new ValueException(0, 1, "x", new SQLException("value too long", "22001")))).isTrue();
        assertThat(ErrorPolicy.isTruncation(new ValueException(0, 1, "x", new SQLException("out of range", "22003")))).isFalse();
        assertThat(ErrorPolicy.isTruncation(new ValueException(0, 1, "x"))).isFalse();
    }

    @Test
    void lobLimitCountsUtf8BytesAndNamesTheFirstValueOverIt() {
        List<Column> cols = List.of(Column.of("id", DataType.of(TypeKind.INTEGER), false),
                Column.of("body", DataType.of(TypeKind.TEXT), true), Column.of("data", DataType.of(TypeKind.BLOB), true),
                Column.of("name", DataType.ofLength(TypeKind.VARCHAR, 4000), true));
        LobLimit limit = LobLimit.of(cols, LobSettings.builder().lobMaxSizeKb(1).build());
        assertThat(LobLimit.of(cols, LobSettings.builder().fullLobMode(true).limitedSizeLobMode(false).build())).isNull();
        RowBatch b = new RowBatch(4, 4);
        fill(b.addRow(), 1L, "\u00e9".repeat(512), new byte[1024], "v".repeat(4000)); // 1,024 bytes each: at the limit
        fill(b.addRow(), 2L, "\u00e9".repeat(513), null, null);                      // 1,026 bytes of UTF-8
        fill(b.addRow(), 3L, "ok", new byte[1025], null);
        assertThatThrownBy(() -> limit.check(b, 0)).isInstanceOfSatisfying(ValueException.class, e -> {
            assertThat(e.row()).isEqualTo(1);
            assertThat(e.column()).isEqualTo(1);
            assertThat(e.reason()).isEqualTo("a LOB value of 1026 bytes is larger than LobMaxSize (1 KB) of limited LOB mode;"
                    + " it is not truncated. Raise LobMaxSize or use FullLobMode");
            assertThat(ErrorPolicy.isTruncation(e)).isTrue();
        });
        assertThatThrownBy(() -> limit.check(b, 2)).isInstanceOfSatisfying(ValueException.class,
                e -> assertThat(e.column()).isEqualTo(2));
        assertThat(LobLimit.sizeOf("\uD83D\uDE00", 1)).isEqualTo(4);
    }

    private static void fill(Object[] row, Object... values) {
        System.arraycopy(values, 0, row, 0, values.length);
    }
}
