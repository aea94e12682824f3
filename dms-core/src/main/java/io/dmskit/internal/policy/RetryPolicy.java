package io.dmskit.internal.policy;

import io.dmskit.ErrorBehavior;
import io.dmskit.TaskSettings;

import java.time.Duration;

/**
 * How often, and after what wait, a transient failure (a lost connection, a deadlock, a
 * serialization failure) is retried: AWS DMS's {@code RecoverableErrorCount},
 * {@code RecoverableErrorInterval}, {@code RecoverableErrorThrottling},
 * {@code RecoverableErrorThrottlingMax} and {@code RecoverableErrorStopRetryAfterThrottlingMax}.
 * Immutable and thread-safe; the caller counts its own retries.
 *
 * <ul>
 * <li>count: how many retries at most; 0 none, -1 without limit.</li>
 * <li>the wait before retry n (from 1): the interval, or with throttling the interval doubled for
 * each retry before it ({@code 5, 10, 20, 40 s ...}), never more than the throttling maximum.</li>
 * <li>with throttling and stop-after-max: once a retry has waited the maximum, no more retries
 * follow, whatever the count.</li>
 * </ul>
 *
 * <p>{@link #of(TaskSettings)}: when every {@code RecoverableError*} setting has the service's
 * default (-1, 5 s, throttling up to 1,800 s, stop after the maximum), which would retry a lost
 * connection for about an hour, dmskit's {@link TaskSettings#maxRetries()} and
 * {@link TaskSettings#retryBackoff()} apply instead (doubling, at most 60 s between retries);
 * once any of them is set otherwise, they apply as the service documents them.
 */
public final class RetryPolicy {
    /** The longest wait between retries with dmskit's own settings. */
    static final Duration DMSKIT_MAX_WAIT = Duration.ofSeconds(60);

    private final int count;
    private final Duration interval;
    private final boolean throttling;
    private final Duration throttlingMax;
    private final boolean stopAfterMax;
    private final String source;
    private final Sleeper sleeper;

    /** Waits; tests give one that records the waits instead. */
    public interface Sleeper {
        void sleep(Duration wait) throws InterruptedException;
    }

    /**
     * @param count         retries at most; -1 without limit
     * @param interval      the wait before the first retry
     * @param throttling    whether the wait doubles with each retry
     * @param throttlingMax the longest wait (with throttling)
     * @param stopAfterMax  whether retrying stops after a retry that waited the longest wait (with throttling)
     * @param source        the settings that decided, for messages
     */
    public RetryPolicy(int count, Duration interval, boolean throttling, Duration throttlingMax, boolean stopAfterMax,
                       String source) {
        this.count = count;
        this.interval = interval;
        this.throttling = throttling;
        this.throttlingMax = throttlingMax;
        this.stopAfterMax = stopAfterMax;
        this.source = source;
        this.sleeper = wait -> Thread.sleep(wait.toMillis());
    }

    private RetryPolicy(RetryPolicy p, Sleeper sleeper) {
        this.count = p.count;
        this.interval = p.interval;
        this.throttling = p.throttling;
        this.throttlingMax = p.throttlingMax;
        this.stopAfterMax = p.stopAfterMax;
        this.source = p.source;
        this.sleeper = sleeper;
    }

    /** This policy, waiting with {@code sleeper}. */
    public RetryPolicy withSleeper(Sleeper sleeper) {
        return new RetryPolicy(this, sleeper);
    }

    /** Waits {@link #delay(int)} before retry number {@code retry} (from 1). */
    public void sleepBefore(int retry) throws InterruptedException {
        sleeper.sleep(delay(retry));
    }

    /** dmskit's own retries: {@code maxRetries} times, waiting {@code backoff} doubled each time, at most 60 s. */
    public static RetryPolicy of(int maxRetries, Duration backoff) {
        return new RetryPolicy(maxRetries, backoff, true, DMSKIT_MAX_WAIT, false, "maxRetries=" + maxRetries);
    }

    /** The task's retries: its ErrorBehavior's RecoverableError settings, or dmskit's when those are all the defaults. */
    public static RetryPolicy of(TaskSettings settings) {
        ErrorBehavior e = settings.errorBehavior();
        ErrorBehavior d = ErrorBehavior.defaults();
        if (e.recoverableErrorCount() == d.recoverableErrorCount()
                && e.recoverableErrorInterval().equals(d.recoverableErrorInterval())
                && e.recoverableErrorThrottling() == d.recoverableErrorThrottling()
                && e.recoverableErrorThrottlingMax().equals(d.recoverableErrorThrottlingMax())
                && e.recoverableErrorStopRetryAfterThrottlingMax() == d.recoverableErrorStopRetryAfterThrottlingMax()) {
            return of(settings.maxRetries(), settings.retryBackoff());
        }
        return new RetryPolicy(e.recoverableErrorCount(), e.recoverableErrorInterval(), e.recoverableErrorThrottling(),
                e.recoverableErrorThrottlingMax(), e.recoverableErrorStopRetryAfterThrottlingMax(),
                "RecoverableErrorCount=" + e.recoverableErrorCount());
    }

    /** Whether retry number {@code retry} (from 1) may be made. */
    public boolean allows(int retry) {
        if (retry < 1) {
            return true;
        }
        if (count >= 0 && retry > count) {
            return false;
        }
        // the retry before this one already waited the longest wait
        return !(throttling && stopAfterMax && retry > 1 && delay(retry - 1).compareTo(throttlingMax) >= 0);
    }

    /** The wait before retry number {@code retry} (from 1). */
    public Duration delay(int retry) {
        if (!throttling) {
            return interval;
        }
        Duration wait = interval;
        for (int i = 1; i < retry && wait.compareTo(throttlingMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(throttlingMax) > 0 ? throttlingMax : wait;
    }

    /** How messages say why retrying ended: {@code gave up after 3 retries (RecoverableErrorCount=3)}. */
    public String gaveUp(int retries) {
        return "gave up after " + retries + (retries == 1 ? " retry" : " retries") + " (" + source + ")";
    }

    /** The most retries, or -1 without limit. */
    public int count() {
        return count;
    }

    @Override
    public String toString() {
        return "RetryPolicy[count=" + count + ", interval=" + interval + ", throttling=" + throttling + ", max="
                + throttlingMax + ", stopAfterMax=" + stopAfterMax + ", from " + source + "]";
    }
}
