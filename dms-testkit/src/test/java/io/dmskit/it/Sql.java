package io.dmskit.it;

import io.dmskit.TaskHandle;
import io.dmskit.testkit.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Queries and waits that the integration tests share. */
public final class Sql {
    private static final Duration WAIT = Duration.ofMinutes(2);

    private Sql() {
    }

    /** The rows of a query, each as its columns joined by '|' (SQL NULL as {@code null}). */
    public static List<String> lines(TestDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder s = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    s.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(s.toString());
            }
        }
        return out;
    }

    /** Waits until {@code countQuery} (a {@code SELECT count(*) ...}) gives more than 0; a missing table counts as 0. */
    public static void awaitRow(TestDatabase db, String countQuery) throws InterruptedException {
        awaitRow(null, db, countQuery);
    }

    /**
     * Waits until {@code countQuery} (a {@code SELECT count(*) ...}) gives more than 0, failing at once when the task
     * (if given) has ended.
     */
    public static void awaitRow(TaskHandle task, TestDatabase db, String countQuery) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (task != null && task.status().state().isFinal()) {
                throw new AssertionError("the task ended before " + countQuery + " found a row: " + task.status());
            }
            try {
                if (!lines(db, countQuery).equals(List.of("0"))) {
                    return;
                }
            } catch (SQLException e) {
                // the table is not there yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no row for " + countQuery + " within " + WAIT.toMinutes() + " minutes"
                + (task == null ? "" : ": " + task.status()));
    }
}
