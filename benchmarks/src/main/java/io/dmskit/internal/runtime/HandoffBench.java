package io.dmskit.internal.runtime;

import io.dmskit.spi.RowBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The reader-to-writer hand-off of a segment ({@link SegmentCopier.Handoff}), as the pipeline
 * uses it: the benchmark thread plays the reader (takes an empty batch, appends
 * {@code batchSize} rows of 8 values, queues it) and a second thread plays the writer (takes the
 * batch, recycles it, which clears it). One operation is one batch; divide by {@code batchSize}
 * for the cost per row. Values are shared constants, so the figure is the hand-off's own cost
 * (queue locks, thread wake-ups, clearing), and {@code -prof gc} shows what it allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HandoffBench {
    @Param({"1000", "5000"})
    public int batchSize;

    private static final Long VALUE = 42L;
    private SegmentCopier.Handoff handoff;
    private Thread writer;

    @Setup(Level.Trial)
    public void start() {
        handoff = new SegmentCopier.Handoff(4, batchSize, 8, 16L << 20);
        writer = new Thread(() -> {
            try {
                while (!handoff.abort) {
                    Object item = handoff.takeFull();
                    if (item instanceof RowBatch b) {
                        handoff.recycle(b);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "handoff-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        handoff.abort = true;
        writer.join(1000);
    }

    @Benchmark
    public boolean batch() throws InterruptedException {
        RowBatch b = handoff.takeFree();
        int n = b.capacity();
        for (int r = 0; r < n; r++) {
            Object[] row = b.addRow();
            for (int c = 0; c < 8; c++) {
                row[c] = VALUE;
            }
        }
        b.addBytes(n * 128L);
        return handoff.putFull(b);
    }
}
