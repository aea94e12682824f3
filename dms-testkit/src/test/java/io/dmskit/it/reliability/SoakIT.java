package io.dmskit.it.reliability;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.it.CdcWorkload;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak test, run only by the {@code reliability} profile ({@code -Ddmskit.soak=true}): CDC from
 * PostgreSQL to PostgreSQL for {@code dmskit.soak.minutes} (default 10) at a steady
 * {@code dmskit.soak.rate} changes per second (default 2,000), printing the heap used after a
 * full GC and the task's latency every 10 s. Passes when the heap at the end is not above the
 * heap after the first minute by more than 64 MB, and the target then equals the source.
 */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("soak")
@EnabledIfSystemProperty(named = "dmskit.soak", matches = "true")
class SoakIT {

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    @DisplayName("CDC at a steady rate for a long time, PostgreSQL to PostgreSQL (heap and lag every 10 s)")
    void cdcAtSteadyRateKeepsHeapFlat() throws Exception {
        int minutes = Integer.getInteger("dmskit.soak.minutes", 10);
        int rate = Integer.getInteger("dmskit.soak.rate", 2_000);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id bigint PRIMARY KEY, name varchar(40), qty int, note text)",
                    "INSERT INTO items SELECT g, 'item-' || g, g % 100, NULL FROM generate_series(1, 100000) g");
            ReplicationTask task = ReplicationTask.builder().name("soak-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(target.endpoint("target")).mapping(source.mappingTo(target))
                    .type(MigrationType.FULL_LOAD_AND_CDC).settings(TaskSettings.builder().controlSchema(target.controlSchema()).build())
                    .build();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong changes = new AtomicLong();
            Thread writer = new Thread(() -> write(source, rate, running, changes), "soak-writer");
            List<Long> heaps = new ArrayList<>();
            try (TaskHandle h = task.start()) {
                assertThat(h.awaitFullLoad(Duration.ofMinutes(5)).state()).isEqualTo(TaskState.RUNNING);
                writer.start();
                long start = System.nanoTime();
                long end = start + TimeUnit.MINUTES.toNanos(minutes);
                while (System.nanoTime() < end) {
                    Thread.sleep(10_000);
                    System.gc();
                    long heap = memory.getHeapMemoryUsage().getUsed();
                    heaps.add(heap);
                    TaskStatus s = h.status();
                    assertThat(s.state()).as("%s", s.errors()).isEqualTo(TaskState.RUNNING);
                    System.out.printf("soak %4d s: heap %5d MB, changes written %9d, applied %9d, waiting %6d, latency %s%n",
                            (System.nanoTime() - start) / 1_000_000_000, heap >> 20, changes.get(), s.changesApplied(),
                            s.cdc().changesWaiting(), s.cdc().targetLatency());
                }
                running.set(false);
                writer.join(30_000);
                source.execute("INSERT INTO items (id, name) VALUES (0, 'end')");
                CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(10));
                h.stop();
            } finally {
                running.set(false);
                task.deleteState();
            }
            long first = heaps.get(Math.min(5, heaps.size() - 1));
            long last = heaps.get(heaps.size() - 1);
            long max = heaps.stream().mapToLong(Long::longValue).max().orElse(0);
            ReliabilityReport.note(minutes + " min at " + rate + " changes/s target (" + changes.get() + " written); heap after GC: "
                    + (first >> 20) + " MB after 1 min, " + (last >> 20) + " MB at the end, " + (max >> 20) + " MB at most");
            assertThat(last).as("heap at the end vs after the first minute").isLessThan(first + (64L << 20));
            assertThat(target).isConsistentWith(source);
        }
    }

    /** Updates rows at a steady rate: transactions of 20 updates, paced every 10 ms. */
    private static void write(TestDatabase source, int rate, AtomicBoolean running, AtomicLong changes) {
        try (Connection c = source.connect();
             PreparedStatement ps = c.prepareStatement("UPDATE items SET qty = qty + 1, note = ? WHERE id = ?")) {
            c.setAutoCommit(false);
            long perTick = Math.max(1, rate / 100);
            long next = System.nanoTime();
            java.util.Random r = new java.util.Random(3);
            while (running.get()) {
                for (int i = 0; i < perTick; i++) {
                    ps.setString(1, "n" + r.nextInt(1_000_000));
                    ps.setLong(2, 1 + r.nextInt(100_000));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                changes.addAndGet(perTick);
                next += 10_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the soak writer failed", e);
        }
    }
}
