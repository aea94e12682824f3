package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.InstanceAccess;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared runtime that runs tasks, like a replication instance of a migration service: its
 * threads and, when set, one budget of parallel full-load segments and of memory for all the tasks
 * that run on it, so that several tasks (for example several sources consolidated into one target)
 * share one machine's resources instead of each taking its own.
 *
 * <pre>{@code
 * try (ReplicationInstance instance = ReplicationInstance.builder().name("consolidation")
 *         .maxSegments(8).memoryBytes(256L << 20).build()) {
 *     TaskHandle east = ReplicationTask.builder().name("east").instance(instance)...build().start();
 *     TaskHandle west = ReplicationTask.builder().name("west").instance(instance)...build().start();
 * }
 * }</pre>
 *
 * <p>Budget: a full-load segment runs only when the instance has a free segment slot
 * ({@link #maxSegments()}) and the memory its queue may hold ({@link TaskSettings#queueBytes()},
 * or the whole budget when that is smaller) is free in {@link #memoryBytes()}; each task still
 * bounds its own parallelism by {@link TaskSettings#maxParallelSegments()}. Slots are handed out
 * in the order they were asked for, so no task starves another. Change apply and validation run
 * on the instance's threads too, outside the segment budget (a task applies changes on one
 * thread). Threads are daemons, created when needed and ended when idle. Thread-safe.
 */
public final class ReplicationInstance implements AutoCloseable {
    static {
        InstanceAccess.register(new InstanceAccess.Access() {
            @Override
            public ExecutorService executor(ReplicationInstance instance) {
                return instance.executor;
            }

            @Override
            public InstanceAccess.Lease tryLease(ReplicationInstance instance, long queueBytes, long timeoutMillis)
                    throws InterruptedException {
                return instance.tryLease(queueBytes, timeoutMillis);
            }
        });
    }

    private static final class Shared {
        static final ReplicationInstance INSTANCE = new ReplicationInstance("dmskit", Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    private final String name;
    private final ExecutorService executor;
    private final int maxSegments;
    private final long memoryBytes;
    private final Semaphore segments;
    private final Object memoryLock = new Object();
    private long memoryFree;
    /** Memory requests in arrival order: the head is served first, so that a large request is not overtaken forever. */
    private final List<Object> memoryQueue = new ArrayList<>();

    private ReplicationInstance(String name, int maxSegments, long memoryBytes) {
        this.name = name;
        this.maxSegments = maxSegments;
        this.memoryBytes = memoryBytes;
        this.memoryFree = memoryBytes;
        this.segments = new Semaphore(maxSegments, true);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(threads);
    }

    /** The instance that tasks use unless told otherwise: no budget beyond each task's own. It lives as long as the JVM. */
    public static ReplicationInstance shared() {
        return Shared.INSTANCE;
    }

    /** A new instance without a shared budget, for isolating tasks from others; close it when its tasks are done. */
    public static ReplicationInstance create(String name) {
        return builder().name(name).build();
    }

    /** Builds an instance with a shared budget. */
    public static Builder builder() {
        return new Builder();
    }

    /** The instance's name; its threads are named after it. */
    public String name() {
        return name;
    }

    /** Full-load segments copied at once over every task of the instance; {@link Integer#MAX_VALUE} when unbounded. */
    public int maxSegments() {
        return maxSegments;
    }

    /** Bytes of queued values over every running segment of the instance; {@link Long#MAX_VALUE} when unbounded. */
    public long memoryBytes() {
        return memoryBytes;
    }

    /** See {@link InstanceAccess#tryLease}. */
    private InstanceAccess.Lease tryLease(long queueBytes, long timeoutMillis) throws InterruptedException {
        if (!segments.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        long bytes = Math.min(Math.max(0, queueBytes), memoryBytes);
        if (!takeMemory(bytes, timeoutMillis)) {
            segments.release();
            return null;
        }
        boolean[] closed = {false};
        return () -> {
            synchronized (closed) {
                if (closed[0]) {
                    return;
                }
                closed[0] = true;
            }
            giveMemory(bytes);
            segments.release();
        };
    }

    private boolean takeMemory(long bytes, long timeoutMillis) throws InterruptedException {
        if (memoryBytes == Long.MAX_VALUE) {
            return true;
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Object me = new Object();
        synchronized (memoryLock) {
            memoryQueue.add(me);
            try {
                while (memoryQueue.get(0) != me || memoryFree < bytes) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(memoryLock, left);
                }
                memoryFree -= bytes;
                return true;
            } finally {
                memoryQueue.remove(me);
                memoryLock.notifyAll();
            }
        }
    }

    private void giveMemory(long bytes) {
        if (memoryBytes == Long.MAX_VALUE) {
            return;
        }
        synchronized (memoryLock) {
            memoryFree += bytes;
            memoryLock.notifyAll();
        }
    }

    /** Stops the instance's threads; running tasks are interrupted. Closing the shared instance does nothing. */
    @Override
    public void close() {
        if (this != shared()) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "ReplicationInstance[" + name + ", maxSegments=" + (maxSegments == Integer.MAX_VALUE ? "unbounded" : maxSegments)
                + ", memoryBytes=" + (memoryBytes == Long.MAX_VALUE ? "unbounded" : memoryBytes) + "]";
    }

    /** Builds a {@link ReplicationInstance}; {@link #build()} reports every invalid setting at once. Not thread-safe. */
    public static final class Builder {
        private String name = "dmskit";
        private int maxSegments = Integer.MAX_VALUE;
        private long memoryBytes = Long.MAX_VALUE;

        private Builder() {
        }

        /** The name of the instance and its threads. Default {@code dmskit}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Full-load segments copied at once over all tasks; from 1. Default unbounded. */
        public Builder maxSegments(int segments) {
            this.maxSegments = segments;
            return this;
        }

        /** Bytes of queued values over all running segments; at least 64 KiB. Default unbounded. */
        public Builder memoryBytes(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        /** @throws DmsException with {@link ErrorCode#CONFIGURATION} naming every invalid setting */
        public ReplicationInstance build() {
            List<String> p = new ArrayList<>();
            if (name == null || name.isBlank()) {
                p.add("name must not be empty");
            }
            if (maxSegments < 1) {
                p.add("maxSegments must be 1 or more, was " + maxSegments);
            }
            if (memoryBytes < (1L << 16)) {
                p.add("memoryBytes must be at least 65536 (64 KiB), was " + memoryBytes);
            }
            if (!p.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Invalid replication instance: " + String.join("; ", p));
            }
            return new ReplicationInstance(name, maxSegments, memoryBytes);
        }
    }
}
