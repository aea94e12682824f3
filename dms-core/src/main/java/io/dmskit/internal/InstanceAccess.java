package io.dmskit.internal;

import io.dmskit.ReplicationInstance;

import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * What dmskit's runtime uses of a {@link ReplicationInstance} and users do not: its threads and
 * its budget of segments and memory. {@link ReplicationInstance} registers the access when its
 * class is initialized, so that these stay out of its public API. Thread-safe.
 */
public final class InstanceAccess {
    /** Implemented by {@link ReplicationInstance}. */
    public interface Access {
        ExecutorService executor(ReplicationInstance instance);

        Lease tryLease(ReplicationInstance instance, long queueBytes, long timeoutMillis) throws InterruptedException;
    }

    /** A segment's share of an instance's budget; closing it (once or more) gives the share back. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private static volatile Access access;

    private InstanceAccess() {
    }

    /** Called once, by {@link ReplicationInstance}'s class initializer. */
    public static void register(Access a) {
        if (access != null) {
            throw new IllegalStateException("the replication instance access is registered already");
        }
        access = Objects.requireNonNull(a);
    }

    /** The threads that an instance's tasks run on. */
    public static ExecutorService executor(ReplicationInstance instance) {
        // an instance exists, so its class is initialized and has registered
        return access.executor(Objects.requireNonNull(instance, "instance"));
    }

    /**
     * Takes a segment slot and up to {@code queueBytes} of memory of the instance's budget, waiting
     * at most {@code timeoutMillis} for each.
     *
     * @return the lease, or null when the budget did not free up in time (nothing is held then)
     */
    public static Lease tryLease(ReplicationInstance instance, long queueBytes, long timeoutMillis) throws InterruptedException {
        return access.tryLease(Objects.requireNonNull(instance, "instance"), queueBytes, timeoutMillis);
    }
}
