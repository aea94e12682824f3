package io.dmskit.internal.policy;

import io.dmskit.ErrorBehavior;
import io.dmskit.TaskSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    /** Runs retries as the task's loops do (retry n while allowed, waiting first) and returns the waits, in seconds. */
    private static List<Long> waits(RetryPolicy policy, int failures) throws InterruptedException {
        List<Long> waits = new ArrayList<>();
        RetryPolicy recording = policy.withSleeper(d -> waits.add(d.toSeconds()));
        int attempt = 0;
        for (int i = 0; i < failures; i++) {
            if (!recording.allows(attempt + 1)) {
                break;
            }
            attempt++;
            recording.sleepBefore(attempt);
        }
        return waits;
    }

    private static TaskSettings settings(ErrorBehavior.Builder errors) {
        return TaskSettings.builder().errorBehavior(errors.build()).build();
    }

    @Test
    void recoverableErrorCountBoundsTheRetriesAndThrottlingDoublesTheWait() throws Exception {
        RetryPolicy p = RetryPolicy.of(settings(ErrorBehavior.builder().recoverableErrorCount(4)
                .recoverableErrorInterval(Duration.ofSeconds(5))));
        assertThat(waits(p, 100)).containsExactly(5L, 10L, 20L, 40L);
        assertThat(p.allows(4)).isTrue();
        assertThat(p.allows(5)).isFalse();
        assertThat(p.gaveUp(4)).isEqualTo("gave up after 4 retries (RecoverableErrorCount=4)");
    }

    @Test
    void zeroNeverRetries() throws Exception {
        RetryPolicy p = RetryPolicy.of(settings(ErrorBehavior.builder().recoverableErrorCount(0)));
        assertThat(waits(p, 10)).isEmpty();
        assertThat(p.allows(1)).isFalse();
    }

    @Test
    void withoutThrottlingEveryWaitIsTheInterval() throws Exception {
        RetryPolicy p = RetryPolicy.of(settings(ErrorBehavior.builder().recoverableErrorCount(3)
                .recoverableErrorInterval(Duration.ofSeconds(7)).recoverableErrorThrottling(false)));
        assertThat(waits(p, 100)).containsExactly(7L, 7L, 7L);
    }

    @Test
    void unlimitedCountStopsOnceAWaitReachedTheThrottlingMax() throws Exception {
        RetryPolicy p = RetryPolicy.of(settings(ErrorBehavior.builder().recoverableErrorCount(-1)
                .recoverableErrorInterval(Duration.ofSeconds(5)).recoverableErrorThrottlingMax(Duration.ofSeconds(60))));
        // 5, 10, 20, 40, then 60 (the maximum), and no retry after a wait of the maximum
        assertThat(waits(p, 100)).containsExactly(5L, 10L, 20L, 40L, 60L);
    }

    @Test
    void unlimitedCountWithoutStopAfterMaxRetriesForEverAtTheMax() throws Exception {
        RetryPolicy p = RetryPolicy.of(settings(ErrorBehavior.builder().recoverableErrorCount(-1)
                .recoverableErrorInterval(Duration.ofSeconds(5)).recoverableErrorThrottlingMax(Duration.ofSeconds(20))
                .recoverableErrorStopRetryAfterThrottlingMax(false)));
        assertThat(waits(p, 7)).containsExactly(5L, 10L, 20L, 20L, 20L, 20L, 20L);
        assertThat(p.allows(1_000_000)).isTrue();
    }

    @Test
    void theServiceDefaultsKeepDmskitsMaxRetriesAndBackoff() throws Exception {
        RetryPolicy p = RetryPolicy.of(TaskSettings.builder().maxRetries(3).retryBackoff(Duration.ofSeconds(1)).build());
        assertThat(waits(p, 100)).containsExactly(1L, 2L, 4L);
        assertThat(p.gaveUp(3)).isEqualTo("gave up after 3 retries (maxRetries=3)");
        RetryPolicy longer = RetryPolicy.of(TaskSettings.builder().maxRetries(9).retryBackoff(Duration.ofSeconds(10)).build());
        assertThat(waits(longer, 100)).containsExactly(10L, 20L, 40L, 60L, 60L, 60L, 60L, 60L, 60L);
    }
}
