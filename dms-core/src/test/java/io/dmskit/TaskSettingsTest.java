package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskSettingsTest {

    @Test
    void defaultsAreThoseDocumented() {
        TaskSettings s = TaskSettings.defaults();
        assertThat(s.prepMode()).isEqualTo(TargetTablePrepMode.DROP_AND_CREATE);
        assertThat(s.maxParallelSegments()).isEqualTo(Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())));
        assertThat(s.batchSize()).isEqualTo(1_000);
        assertThat(s.commitRate()).isEqualTo(10_000);
        assertThat(s.controlSchema()).isEqualTo("dmskit");
    }

    @Test
    void buildReportsEveryInvalidSettingAtOnce() {
        assertThatThrownBy(() -> TaskSettings.builder().maxParallelSegments(0).batchSize(-1)
                .retryBackoff(Duration.ofSeconds(-1)).controlSchema("a b").build())
                .isInstanceOf(DmsException.class)
                .hasMessage("Invalid task settings: maxParallelSegments must be from 1 to 256, was 0; "
                        + "batchSize must be from 1 to 1000000, was -1; retryBackoff must be zero or positive, was PT-1S; "
                        + "controlSchema must be a plain SQL name (letters, digits, _; at most 63), was 'a b'")
                .extracting(e -> ((DmsException) e).code()).isEqualTo(ErrorCode.CONFIGURATION);
    }

    @Test
    void toBuilderKeepsEverySetting() {
        TaskSettings s = TaskSettings.builder().prepMode(TargetTablePrepMode.DO_NOTHING).segmentRows(5_000).build();
        assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString());
    }
}
