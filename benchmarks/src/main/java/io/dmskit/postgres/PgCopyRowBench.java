package io.dmskit.postgres;

import io.dmskit.bench.OrdersRows;
import io.dmskit.schema.Column;
import io.dmskit.spi.RowBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The binary COPY encoding of a typical {@code orders} row (8 columns, two of them often NULL),
 * through the writer's own row loop ({@code CopyBatchWriter.encodeRow}) into a buffer that is
 * reset rather than sent. One operation is one row; {@code -prof gc} gives bytes allocated per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PgCopyRowBench {
    static final int N = 1000;

    private RowBatch orders;
    private PgEncoder[] encoders;
    private CopyBuffer out;

    @Setup
    public void setup() {
        orders = OrdersRows.batch(1, N);
        List<Column> cols = OrdersRows.mariaDbColumns();
        encoders = new PgEncoder[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            encoders[c] = PgEncoders.forType(cols.get(c).type(), PgType.scalar(OrdersRows.PG_TYPES[c]));
        }
        out = new CopyBuffer(1 << 20);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int ordersRow() {
        CopyBuffer b = out;
        b.truncate(0);
        RowBatch batch = orders;
        PgEncoder[] enc = encoders;
        for (int r = 0; r < N; r++) {
            PostgresCopyWriter.CopyBatchWriter.encodeRow(batch.row(r), r, enc, b);
        }
        return b.position();
    }
}
