package io.dmskit.bench.e2e;

import io.dmskit.Endpoint;
import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The dmskit side of an end-to-end run, in its own JVM so that its CPU time and peak RSS are
 * its own: copies one table with a FULL_LOAD task (prep mode DROP_AND_CREATE, start mode RELOAD)
 * and prints {@code RESULT <wall ms> <cpu ms> <peak rss KiB> <rows>} on its last line. The wall time
 * is that of {@code task.run()}: connecting, reading the catalog, creating the target table,
 * planning and copying; not the JVM's start.
 *
 * <p>Arguments are {@code key=value}: {@code source}, {@code target} (JDBC URLs with user),
 * {@code schema}, {@code table}, {@code targetSchema}, and optionally the {@link TaskSettings}
 * {@code parallel}, {@code batch}, {@code commit}, {@code fetch}, {@code queueBatches},
 * {@code queueBytes}, {@code segmentRows}.
 */
public final class DmskitChild {
    private DmskitChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        TaskSettings.Builder settings = TaskSettings.builder().controlSchema(a.getOrDefault("control", "dmskit_bench_ctl"));
        if (a.containsKey("parallel")) settings.maxParallelSegments(Integer.parseInt(a.get("parallel")));
        if (a.containsKey("batch")) settings.batchSize(Integer.parseInt(a.get("batch")));
        if (a.containsKey("commit")) settings.commitRate(Integer.parseInt(a.get("commit")));
        if (a.containsKey("fetch")) settings.fetchSize(Integer.parseInt(a.get("fetch")));
        if (a.containsKey("queueBatches")) settings.queueBatches(Integer.parseInt(a.get("queueBatches")));
        if (a.containsKey("queueBytes")) settings.queueBytes(Long.parseLong(a.get("queueBytes")));
        if (a.containsKey("segmentRows")) settings.segmentRows(Long.parseLong(a.get("segmentRows")));
        ReplicationTask task = ReplicationTask.builder()
                .name("bench_" + a.get("table"))
                .source(Endpoint.jdbc(a.get("source")).name("source").build())
                .target(Endpoint.jdbc(a.get("target")).name("target").build())
                .mapping(TableMapping.builder().include(a.get("schema"), a.get("table"))
                        .renameSchema(a.get("schema"), a.get("targetSchema")).build())
                .settings(settings.build())
                .build();
        long t0 = System.nanoTime();
        TaskStatus status = task.run(StartMode.RELOAD);
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        long cpuMs = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        System.out.println("RESULT " + wallMs + " " + cpuMs + " " + peakRssKib() + " " + status.rowsLoaded());
        System.exit(0);
    }

    /** VmHWM of /proc/self/status: the most resident memory the process has had. */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // not Linux: no figure
        }
        return -1;
    }
}
