package io.dmskit.it.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Small helpers shared by the fault tests: seeds, waiting, counting. */
final class Faults {
    /** Seeds per case: a few fixed ones in CI, {@code -Ddmskit.reliability.seeds=N} (the {@code reliability} profile) for more. */
    static final int SEEDS = Integer.getInteger("dmskit.reliability.seeds", 1);

    private Faults() {
    }

    /** Seeds 1 to {@link #SEEDS}, offset so that each case of a test gets other moments. */
    static Stream<Long> seeds(long offset) {
        return IntStream.rangeClosed(1, SEEDS).mapToObj(i -> offset * 1000 + i);
    }

    /** Waits until the condition holds; fails after the timeout. */
    static void await(BooleanSupplier condition, long timeoutSeconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutSeconds + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The first column of the first row of a query as a long, or -1 when it fails (a table not there yet, a server down). */
    static long count(String url, String user, String password, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }
}
