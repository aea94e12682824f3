package io.dmskit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared runtime that runs tasks: their threads. One instance can run many tasks at once
 * (for example several sources consolidated into one target); each task bounds its own
 * parallelism by {@link TaskSettings#maxParallelSegments()}. Threads are daemons, created when
 * needed and ended when idle. Thread-safe.
 */
public final class ReplicationInstance implements AutoCloseable {
    private static final class Shared {
        static final ReplicationInstance INSTANCE = new ReplicationInstance("dmskit");
    }

    private final ExecutorService executor;

    private ReplicationInstance(String name) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(threads);
    }

    /** The instance that tasks use unless told otherwise. It lives as long as the JVM. */
    public static ReplicationInstance shared() {
        return Shared.INSTANCE;
    }

    /** A new instance, for isolating tasks from others; close it when its tasks are done. */
    public static ReplicationInstance create(String name) {
        return new ReplicationInstance(name);
    }

    /** The threads tasks run on. Internal: for dmskit's runtime. */
    public ExecutorService executor() {
        return executor;
    }

    /** Stops the instance's threads; running tasks are interrupted. Closing the shared instance does nothing. */
    @Override
    public void close() {
        if (this != shared()) {
            executor.shutdownNow();
        }
    }
}
