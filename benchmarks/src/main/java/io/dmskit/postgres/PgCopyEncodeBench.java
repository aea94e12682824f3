package io.dmskit.postgres;

import io.dmskit.bench.Dataset;
import io.dmskit.schema.DataType;
import io.dmskit.schema.TypeKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL binary COPY encoder per type: one operation is one value
 * ({@code @OperationsPerInvocation}), encoded into a buffer that is reset rather than sent. The
 * values are built once, so that {@code -prof gc}'s {@code gc.alloc.rate.norm} is what encoding
 * allocates (the goal: 0). {@link PgCopyRowBench} encodes whole rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PgCopyEncodeBench {
    static final int N = 1000;

    @Param({"bigint", "integer", "smallint", "boolean", "varchar16", "numeric12_2", "timestamp6", "date", "text4k", "bytea1k"})
    public String type;

    private Object[] values;
    private PgEncoder encoder;
    private CopyBuffer out;

    @Setup
    public void setup() {
        values = new Object[N];
        Dataset.Order o = new Dataset.Order();
        Dataset.Doc d = new Dataset.Doc();
        DataType t;
        String pg;
        for (int i = 0; i < N; i++) {
            o.at(i + 1);
            values[i] = switch (type) {
                case "bigint" -> o.id * 7919;
                case "integer" -> (long) o.customerId;
                case "smallint" -> o.gift ? 1L : 0L;
                case "boolean" -> o.gift;
                case "varchar16" -> o.status;
                case "numeric12_2" -> o.amount();
                case "timestamp6" -> o.createdAt();
                case "date" -> o.createdAt().toLocalDate();
                case "text4k" -> new String(d.at(i + 1).body, java.nio.charset.StandardCharsets.US_ASCII);
                case "bytea1k" -> d.at(i + 1).payload.clone();
                default -> throw new IllegalArgumentException(type);
            };
        }
        switch (type) {
            case "bigint" -> { t = DataType.of(TypeKind.BIGINT); pg = "int8"; }
            case "integer" -> { t = DataType.of(TypeKind.INTEGER); pg = "int4"; }
            case "smallint" -> { t = DataType.of(TypeKind.SMALLINT); pg = "int2"; }
            case "boolean" -> { t = DataType.of(TypeKind.BOOLEAN); pg = "bool"; }
            case "varchar16" -> { t = DataType.ofLength(TypeKind.VARCHAR, 16); pg = "varchar"; }
            case "numeric12_2" -> { t = DataType.decimal(12, 2); pg = "numeric"; }
            case "timestamp6" -> { t = DataType.temporal(TypeKind.TIMESTAMP, 6); pg = "timestamp"; }
            case "date" -> { t = DataType.of(TypeKind.DATE); pg = "date"; }
            case "text4k" -> { t = DataType.of(TypeKind.TEXT); pg = "text"; }
            case "bytea1k" -> { t = DataType.of(TypeKind.BLOB); pg = "bytea"; }
            default -> throw new IllegalArgumentException(type);
        }
        encoder = PgEncoders.forType(t, PgType.scalar(pg));
        out = new CopyBuffer(8 << 20);
    }

    /** One value of the type per operation. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int value() {
        CopyBuffer b = out;
        b.truncate(0);
        PgEncoder e = encoder;
        Object[] v = values;
        for (int i = 0; i < v.length; i++) {
            e.encode(v[i], b);
        }
        return b.position();
    }
}
