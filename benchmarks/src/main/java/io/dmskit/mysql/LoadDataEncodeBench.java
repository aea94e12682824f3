package io.dmskit.mysql;

import io.dmskit.bench.OrdersRows;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
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
 * The MySQL/MariaDB LOAD DATA text encoding of a typical {@code orders} row, through the
 * writer's own {@code MySqlLoadDataWriter.encodeRow} (checks included) into a buffer that is reset
 * rather than sent. One operation is one row; {@code -prof gc} gives bytes allocated per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LoadDataEncodeBench {
    static final int N = 1000;

    private RowBatch orders;
    private Form[] forms;
    private DataType[] types;
    private LoadDataBuffer out;
    private final int[] failedColumn = new int[1];

    @Setup
    public void setup() {
        orders = OrdersRows.batch(1, N);
        List<Column> cols = OrdersRows.mariaDbColumns();
        forms = new Form[cols.size()];
        types = new DataType[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            forms[c] = Form.of(cols.get(c));
            types[c] = cols.get(c).type();
        }
        out = new LoadDataBuffer(1 << 20);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int ordersRow() {
        LoadDataBuffer b = out;
        b.reset();
        RowBatch batch = orders;
        for (int r = 0; r < N; r++) {
            MySqlLoadDataWriter.encodeRow(b, forms, types, batch.row(r), failedColumn);
        }
        return b.size();
    }
}
