package io.dmskit.bench;

import io.dmskit.bench.e2e.E2e;

import java.util.Arrays;

/**
 * The entry point of {@code benchmarks.jar}: {@code e2e ...} runs the end-to-end harness
 * ({@link E2e}), {@code e2e-cdc ...} the CDC harness ({@link io.dmskit.bench.e2e.CdcBench}); anything else goes to JMH's own runner, so that
 * {@code java -jar benchmarks.jar -prof gc PgCopy} works as with any JMH jar.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("e2e")) {
            System.exit(E2e.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("e2e-cdc")) {
            System.exit(io.dmskit.bench.e2e.CdcBench.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        org.openjdk.jmh.Main.main(args);
    }
}
