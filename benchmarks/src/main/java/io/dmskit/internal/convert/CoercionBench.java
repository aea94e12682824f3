package io.dmskit.internal.convert;

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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Value conversion between column types ({@link Coercions#plan}), per pair of types: one
 * operation is one value. Pairs that only check a value (a range, a length, digits) should
 * allocate nothing; pairs that change the value's class allocate the new value and nothing more.
 * Identical types have no coercion at all (the converter skips the column).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CoercionBench {
    static final int N = 1000;

    /** from-to: what is checked or converted. */
    @Param({"bigint-integer", "text-varchar16", "decimal14_4-decimal12_2", "timestamp6-timestamp3",
            "timestamp-timestamptz", "tinyint-boolean", "integer-decimal12_2"})
    public String pair;

    private Object[] values;
    private Coercion coercion;

    @Setup
    public void setup() {
        DataType from;
        DataType to;
        switch (pair) {
            case "bigint-integer" -> { from = DataType.of(TypeKind.BIGINT); to = DataType.of(TypeKind.INTEGER); }
            case "text-varchar16" -> { from = DataType.of(TypeKind.TEXT); to = DataType.ofLength(TypeKind.VARCHAR, 16); }
            case "decimal14_4-decimal12_2" -> { from = DataType.decimal(14, 4); to = DataType.decimal(12, 2); }
            case "timestamp6-timestamp3" -> { from = DataType.temporal(TypeKind.TIMESTAMP, 6); to = DataType.temporal(TypeKind.TIMESTAMP, 3); }
            case "timestamp-timestamptz" -> { from = DataType.temporal(TypeKind.TIMESTAMP, 6); to = DataType.temporal(TypeKind.TIMESTAMP_TZ, 6); }
            case "tinyint-boolean" -> { from = DataType.ofLength(TypeKind.TINYINT, 1); to = DataType.of(TypeKind.BOOLEAN); }
            case "integer-decimal12_2" -> { from = DataType.of(TypeKind.INTEGER); to = DataType.decimal(12, 2); }
            default -> throw new IllegalArgumentException(pair);
        }
        coercion = Coercions.plan(from, to);
        if (coercion == null) {
            throw new IllegalStateException(pair + " has no coercion");
        }
        values = new Object[N];
        Dataset.Order o = new Dataset.Order();
        for (int i = 0; i < N; i++) {
            o.at(i + 1);
            values[i] = switch (pair) {
                case "bigint-integer", "integer-decimal12_2" -> (long) o.customerId;
                case "text-varchar16" -> o.status;
                case "decimal14_4-decimal12_2" -> o.amount().setScale(4);
                case "timestamp6-timestamp3" -> o.createdAt().withNano(o.createdAt().getNano() / 1_000_000 * 1_000_000);
                case "timestamp-timestamptz" -> o.createdAt();
                case "tinyint-boolean" -> o.gift ? 1L : 0L;
                default -> throw new IllegalArgumentException(pair);
            };
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void value(Blackhole bh) {
        Coercion c = coercion;
        Object[] v = values;
        for (int i = 0; i < v.length; i++) {
            bh.consume(c.apply(v[i]));
        }
    }
}
