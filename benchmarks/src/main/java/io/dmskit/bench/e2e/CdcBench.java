package io.dmskit.bench.e2e;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The end-to-end CDC harness: {@code java -jar benchmarks.jar e2e-cdc [options]}. For each source
 * engine it measures, with a dmskit CDC task into PostgreSQL running in this JVM:
 * <ol>
 *   <li><b>throughput</b>: the task is started once (so that its capture position exists) and
 *   stopped; a backlog of {@code --changes} row changes (60% inserts, 30% updates, 10% deletes,
 *   in source transactions of {@code --tx} changes) is written at the source; the task is started
 *   again and timed until the backlog's last change is committed at the target. Reported: changes/s
 *   from the first applied change to the last (the capture's start-up is reported apart);</li>
 *   <li><b>lag</b>: with the task running, inserts at a steady {@code --rate} changes/s for
 *   {@code --seconds}, in transactions of 10; a poller reads the target every 2 ms; each row's lag
 *   is the time from its source commit returning to the poll that first sees it. Reported:
 *   p50, p99, max.</li>
 * </ol>
 * Everything (source writer, task, poller) runs on this machine, like the full-load harness.
 * Options: {@code --sources mariadb,postgresql}, {@code --changes N} (200000), {@code --tx N}
 * (100), {@code --rate N} (2000), {@code --seconds N} (20), {@code --runs N} (3, medians),
 * {@code --dmskit k=v,...} ({@code batchApply}, {@code applyBatchSize}), {@code --pg-url},
 * {@code --mariadb-url}, {@code --tag T} (appended to the database and task names), {@code --out FILE}
 * (the table as Markdown).
 */
public final class CdcBench {
    private final String SRC;
    private final String DST;
    private static final String TABLE = "items";

    private final Map<String, String> opt;
    private final Server pg;
    private final Server my;
    private final List<String> rows = new ArrayList<>();

    private CdcBench(Map<String, String> opt) {
        this.opt = opt;
        pg = Server.parse(opt.getOrDefault("pg-url", env("DMSKIT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres")));
        my = Server.parse(opt.getOrDefault("mariadb-url", env("DMSKIT_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root")));
        String tag = opt.getOrDefault("tag", "");
        SRC = "dmskit_bench_cdc_src" + tag;
        DST = "dmskit_bench_cdc_dst" + tag;
    }

    public static int run(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: e2e-cdc [--sources mariadb,postgresql] [--changes N] [--tx N] [--rate N] [--seconds N]"
                        + " [--runs N] [--dmskit k=v,...] [--pg-url URL] [--mariadb-url URL] [--tag T] [--out FILE]");
                return 2;
            }
            opt.put(args[i].substring(2), args[++i]);
        }
        return new CdcBench(opt).run();
    }

    private int run() throws Exception {
        int changes = Integer.parseInt(opt.getOrDefault("changes", "200000"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        rows.add("| source → target | changes | start-up s | apply s | changes/s | lag p50 ms | lag p99 ms | lag max ms | load avg |");
        rows.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String source : opt.getOrDefault("sources", "mariadb,postgresql").split(",")) {
            Server src = source.equals("postgresql") ? pg : my;
            List<double[]> results = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                double[] one = once(src, changes);
                System.out.printf(Locale.ROOT, "%s -> postgresql run %d: start-up %.2f s, %d changes in %.2f s = %,.0f/s;"
                        + " lag p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", source, r + 1, one[0], changes, one[1], changes / one[1],
                        one[2], one[3], one[4]);
                results.add(one);
            }
            double apply = median(results, 1);
            rows.add(String.format(Locale.ROOT, "| %s → postgresql | %,d | %.2f | %.2f | %,.0f | %.0f | %.0f | %.0f | %.1f |", source,
                    changes, median(results, 0), apply, changes / apply, median(results, 2), median(results, 3),
                    median(results, 4), loadAverage()));
        }
        String table = String.join("\n", rows);
        System.out.println(table);
        if (opt.containsKey("out")) {
            Files.writeString(Path.of(opt.get("out")), table + "\n");
        }
        return 0;
    }

    /** One run: {start-up s, apply s, lag p50 ms, lag p99 ms, lag max ms}. */
    private double[] once(Server src, int changes) throws Exception {
        src.recreateDatabase(SRC);
        pg.recreateDatabase(DST);
        String schema = src.isPostgres() ? "bench" : SRC;
        if (src.isPostgres()) {
            src.execute(SRC, "CREATE SCHEMA bench", "CREATE TABLE bench." + TABLE + " (id bigint PRIMARY KEY, qty int NOT NULL,"
                    + " note varchar(100), amount numeric(12,2) NOT NULL, updated_at timestamp(6) NOT NULL)");
        } else {
            src.execute(SRC, "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, qty int NOT NULL, note varchar(100),"
                    + " amount decimal(12,2) NOT NULL, updated_at datetime(6) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        }
        ReplicationTask task = task(src, schema);
        try {
            try (TaskHandle h = task.start()) {
                awaitRunning(h);
                h.stop();
            }
            backlog(src, schema, changes);
            double[] out = new double[5];
            try (TaskHandle h = task.start(); Connection dst = pg.connect(DST)) {
                long t0 = System.nanoTime();
                long first = 0;
                while (true) {
                    long n = count(dst);
                    if (first == 0 && n > 0) {
                        first = System.nanoTime();
                    }
                    if (has(dst, Long.MAX_VALUE)) {
                        break;
                    }
                    failIfEnded(h);
                    Thread.sleep(5);
                }
                long end = System.nanoTime();
                out[0] = (first - t0) / 1e9;
                out[1] = (end - first) / 1e9;
                String srcSum = summary(src, SRC, src.isPostgres() ? "bench." + TABLE : TABLE);
                String dstSum = summary(pg, DST, "bench." + TABLE);
                if (!srcSum.equals(dstSum)) {
                    throw new IllegalStateException("After the backlog the target differs from the source: source " + srcSum
                            + ", target " + dstSum);
                }
                double[] lag = lag(src, schema, dst, h);
                System.arraycopy(lag, 0, out, 2, 3);
                h.stop();
            }
            return out;
        } finally {
            task.deleteState();
            src.dropDatabase(SRC);
            pg.dropDatabase(DST);
        }
    }

    private ReplicationTask task(Server src, String schema) {
        TaskSettings.Builder s = TaskSettings.builder().controlSchema("dmskit_bench_ctl");
        for (String kv : opt.getOrDefault("dmskit", "").split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            String k = kv.substring(0, kv.indexOf('='));
            String v = kv.substring(kv.indexOf('=') + 1);
            switch (k) {
                case "batchApply" -> s.batchApply(Boolean.parseBoolean(v));
                case "applyBatchSize" -> s.applyBatchSize(Integer.parseInt(v));
                default -> throw new IllegalArgumentException("--dmskit " + k + ": not a setting of this harness"
                        + " (batchApply, applyBatchSize)");
            }
        }
        return ReplicationTask.builder().name("bench_cdc" + opt.getOrDefault("tag", ""))
                .source(Endpoint.jdbc(src.url(SRC)).name("source").build())
                .target(Endpoint.jdbc(pg.url(DST)).name("target").build())
                .mapping(TableMapping.builder().include(schema, TABLE).renameSchema(schema, "bench").build())
                .type(MigrationType.CDC).settings(s.build()).build();
    }

    private static void awaitRunning(TaskHandle h) throws InterruptedException {
        TaskStatus st = h.awaitFullLoad(Duration.ofMinutes(2));
        if (st.state() != TaskState.RUNNING) {
            throw new IllegalStateException("The CDC task did not start: " + st);
        }
    }

    private static void failIfEnded(TaskHandle h) {
        TaskStatus st = h.status();
        if (st.state().isFinal()) {
            throw new IllegalStateException("The CDC task ended: " + st);
        }
    }

    /** Writes the backlog: inserts, then updates and deletes of random inserted rows; the last change inserts id MAX_VALUE. */
    private void backlog(Server src, String schema, int changes) throws SQLException {
        int inserts = changes * 6 / 10;
        int updates = changes * 3 / 10;
        int deletes = changes - inserts - updates - 1;
        String t = src.isPostgres() ? "bench." + TABLE : TABLE;
        SplittableRandom r = new SplittableRandom(7);
        int tx = 100;
        try (Connection c = src.connect(SRC);
             PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?, ?, ?)");
             PreparedStatement upd = c.prepareStatement("UPDATE " + t + " SET qty = qty + 1, amount = ?, updated_at = ? WHERE id = ?");
             PreparedStatement del = c.prepareStatement("DELETE FROM " + t + " WHERE id = ?")) {
            c.setAutoCommit(false);
            int inTx = 0;
            for (int i = 1; i <= inserts; i++) {
                insert(ins, i, r);
                ins.addBatch();
                if (++inTx == tx) {
                    ins.executeBatch();
                    c.commit();
                    inTx = 0;
                }
            }
            ins.executeBatch();
            c.commit();
            inTx = 0;
            for (int i = 0; i < updates; i++) {
                upd.setBigDecimal(1, java.math.BigDecimal.valueOf(r.nextLong(1_000_000), 2));
                upd.setObject(2, java.time.LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(i));
                upd.setLong(3, 1 + r.nextInt(inserts));
                upd.addBatch();
                if (++inTx == tx) {
                    upd.executeBatch();
                    c.commit();
                    inTx = 0;
                }
            }
            upd.executeBatch();
            c.commit();
            inTx = 0;
            // deletes of distinct rows: every k-th row
            int step = Math.max(1, inserts / Math.max(1, deletes));
            for (int i = 0, id = 1; i < deletes && id <= inserts; i++, id += step) {
                del.setLong(1, id);
                del.addBatch();
                if (++inTx == tx) {
                    del.executeBatch();
                    c.commit();
                    inTx = 0;
                }
            }
            del.executeBatch();
            insert(ins, Long.MAX_VALUE, r);
            ins.executeUpdate();
            c.commit();
        }
    }

    private static void insert(PreparedStatement ins, long id, SplittableRandom r) throws SQLException {
        ins.setLong(1, id);
        ins.setInt(2, r.nextInt(1000));
        ins.setString(3, "note " + Long.toString(r.nextLong(), 36));
        ins.setBigDecimal(4, java.math.BigDecimal.valueOf(r.nextLong(1_000_000), 2));
        ins.setObject(5, java.time.LocalDateTime.of(2026, 1, 1, 0, 0).plusNanos(r.nextLong(86_400_000_000L) * 1000));
    }

    /** Steady inserts at --rate for --seconds; the lag of each from its commit to the first poll that sees it at the target. */
    private double[] lag(Server src, String schema, Connection dst, TaskHandle h) throws Exception {
        int rate = Integer.parseInt(opt.getOrDefault("rate", "2000"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "20"));
        int perTx = 10;
        int total = rate * seconds;
        long base = 1_000_000_000L;
        long[] committed = new long[total / perTx];
        long[] seen = new long[committed.length];
        String t = src.isPostgres() ? "bench." + TABLE : TABLE;
        Thread poller = new Thread(() -> {
            try (PreparedStatement ps = dst.prepareStatement("SELECT max(id) FROM bench." + TABLE + " WHERE id >= ? AND id < ?")) {
                int next = 0;
                while (next < seen.length && !Thread.currentThread().isInterrupted()) {
                    ps.setLong(1, base);
                    ps.setLong(2, Long.MAX_VALUE);
                    long now;
                    try (ResultSet rs = ps.executeQuery()) {
                        now = System.nanoTime();
                        long max = rs.next() ? rs.getLong(1) : 0;
                        while (next < seen.length && base + (long) next * perTx + perTx - 1 <= max) {
                            seen[next++] = now;
                        }
                    }
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "lag-poller");
        poller.start();
        SplittableRandom r = new SplittableRandom(11);
        try (Connection c = src.connect(SRC); PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            long interval = 1_000_000_000L * perTx / rate;
            long start = System.nanoTime();
            for (int i = 0; i < committed.length; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                for (int k = 0; k < perTx; k++) {
                    insert(ins, base + (long) i * perTx + k, r);
                    ins.addBatch();
                }
                ins.executeBatch();
                c.commit();
                committed[i] = System.nanoTime();
            }
        }
        poller.join(60_000);
        poller.interrupt();
        failIfEnded(h);
        double[] lags = new double[committed.length];
        for (int i = 0; i < lags.length; i++) {
            if (seen[i] == 0) {
                throw new IllegalStateException("Row " + (base + (long) i * perTx) + " did not reach the target within a minute");
            }
            lags[i] = Math.max(0, seen[i] - committed[i]) / 1e6;
        }
        Arrays.sort(lags);
        return new double[]{lags[lags.length / 2], lags[(int) Math.min(lags.length - 1, Math.ceil(lags.length * 0.99) - 1)],
                lags[lags.length - 1]};
    }

    /** count, sum of qty and of amount, max of updated_at: enough to tell a lost or doubled change. */
    private static String summary(Server server, String database, String table) throws SQLException {
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(qty), sum(amount) FROM " + table)) {
            rs.next();
            return rs.getLong(1) + " rows, qty " + rs.getLong(2) + ", amount " + rs.getBigDecimal(3);
        }
    }

    private static long count(Connection dst) throws SQLException {
        try (Statement st = dst.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT 1 FROM bench." + TABLE + " LIMIT 1) x")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the task has not created the table yet
            }
            throw e;
        }
    }

    private static boolean has(Connection dst, long id) throws SQLException {
        try (PreparedStatement ps = dst.prepareStatement("SELECT 1 FROM bench." + TABLE + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static double median(List<double[]> results, int i) {
        double[] v = results.stream().mapToDouble(a -> a[i]).sorted().toArray();
        return v[v.length / 2];
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
