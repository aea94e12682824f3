package io.dmskit.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;

/**
 * The servers that this JVM started (containers, embedded servers), each started at most once
 * and shared by every test database created on it; stopped by a shutdown hook. A start that
 * failed is remembered too, so that the next test does not pay for it again. Thread-safe: two
 * threads asking for the same server wait for the same start.
 */
public final class SharedServers {

    private static final ConcurrentMap<String, FutureTask<Server>> SERVERS = new ConcurrentHashMap<>();

    private SharedServers() {
    }

    /**
     * The server of that key, started by the starter the first time it is asked for.
     *
     * @throws Exception what the (first) start threw
     */
    public static Server get(String key, Callable<Server> starter) throws Exception {
        FutureTask<Server> task = new FutureTask<>(starter);
        FutureTask<Server> existing = SERVERS.putIfAbsent(key, task);
        if (existing == null) {
            task.run();
        } else {
            task = existing;
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** A stop action run once when the JVM exits, on its own thread so that servers stop in parallel. */
    public static void onShutdown(String what, StopAction action) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                action.stop();
            } catch (Exception e) {
                System.err.println("dmskit testkit: could not stop " + what + ": " + e);
            }
        }, "dmskit-stop " + what));
    }

    /** Deletes a directory and everything in it, as far as it can. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // what is left lies under java.io.tmpdir, which the build cleans
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    /** What stops a server. */
    @FunctionalInterface
    public interface StopAction {
        void stop() throws Exception;
    }
}
