package io.dmskit.bench.e2e;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end throughput harness: {@code java -jar benchmarks.jar e2e --rows 2000000}.
 *
 * <p>Builds the {@code orders} and {@code docs} tables of {@link io.dmskit.bench.Dataset} in a
 * source database {@code dmskit_bench_src} on each server (reused by later runs with the same
 * sizes), then for each engine pair and table runs, {@code --runs} times interleaved: dmskit in a
 * child JVM ({@link DmskitChild}); the other tools where installed (pgloader for MariaDB to
 * PostgreSQL, pgcopydb for PostgreSQL to PostgreSQL); and the limits of the target:
 * {@code COPY ... FROM} a prepared binary file and the {@code COPY TO STDOUT | COPY FROM STDIN}
 * binary pipe into PostgreSQL, {@code LOAD DATA INFILE} from a prepared file into MariaDB. It
 * prints medians of wall time, rows/s, MB/s (of the table's size as PostgreSQL text), CPU time
 * and peak RSS of the mover, and the ratios, with the load average. Target and work databases
 * ({@code dmskit_bench_dst}, {@code dmskit_bench_pgloader}, {@code dmskit_bench_pgcopydb}) are
 * created and dropped; the sources are dropped too unless {@code --keep}.
 *
 * <p>Options: {@code --rows N} (orders; default 2,000,000), {@code --docs-rows N} (default
 * rows / 20), {@code --pairs a-b,...}, {@code --tables orders,docs}, {@code --runs N} (3),
 * {@code --only dmskit} (no baselines or limits), {@code --keep}, {@code --fresh} (rebuild the
 * sources), {@code --pg-url}, {@code --mariadb-url} (default from DMSKIT_TEST_POSTGRES_URL and
 * DMSKIT_TEST_MARIADB_URL, else the local servers), {@code --xmx} (dmskit's heap, 512m),
 * {@code --dmskit k=v,...} (task settings for {@link DmskitChild}), {@code --also k=v,...} (a
 * second dmskit run per round with these settings), {@code --compare-jar JAR} (a third one, from
 * the benchmarks.jar of another build: before and after a change, under the same load),
 * {@code --tag T} (appended to the names of the target and work databases, so that two runs can
 * share the servers), {@code --jfr DIR} (a flight
 * recording of each dmskit run, for profiling), {@code --child-jvm OPTIONS} (more options for
 * dmskit's JVM, space separated, e.g. a class data sharing archive), {@code --work DIR}
 * (prepared files; default /var/tmp/dmskit-bench), {@code --out FILE} (the table as Markdown).
 */
public final class E2e {
    private final String DST;
    private final String PGLOADER_DB;
    private final String PGCOPYDB_DB;
    private final String CTL;
    private final String SRC;
    static final List<String> ALL_PAIRS = List.of("mariadb-postgresql", "postgresql-postgresql", "postgresql-mariadb", "mariadb-mariadb");

    private final Map<String, String> opt;
    private final Server pg;
    private final Server my;
    private final long ordersRows;
    private final long docsRows;
    private final int runs;
    private final boolean only;
    private final Path work;
    private final List<Result> results = new ArrayList<>();
    private long[] bytes;

    /** One measured run. cpu and rss are -1 where not measured (a server-side statement). */
    record Result(String pair, String table, String method, long wallMs, long cpuMs, long rssKib, long rows, double load) {
    }

    private E2e(Map<String, String> opt) {
        this.opt = opt;
        String pgUrl = opt.getOrDefault("pg-url", env("DMSKIT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"));
        String myUrl = opt.getOrDefault("mariadb-url", env("DMSKIT_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root"));
        pg = Server.parse(pgUrl);
        my = Server.parse(myUrl);
        ordersRows = Long.parseLong(opt.getOrDefault("rows", "2000000"));
        docsRows = Long.parseLong(opt.getOrDefault("docs-rows", Long.toString(Math.max(1, ordersRows / 20))));
        runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        only = "dmskit".equals(opt.get("only"));
        work = Path.of(opt.getOrDefault("work", "/var/tmp/dmskit-bench"));
        String tag = opt.getOrDefault("tag", "");
        DST = "dmskit_bench_dst" + tag;
        PGLOADER_DB = "dmskit_bench_pgloader" + tag;
        PGCOPYDB_DB = "dmskit_bench_pgcopydb" + tag;
        CTL = "dmskit_bench_ctl" + tag;
        SRC = Sources.DB + tag;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** Runs the harness with the command line's arguments (after {@code e2e}); returns the exit code. */
    public static int run(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                System.err.println("unexpected argument " + a);
                return 2;
            }
            String key = a.substring(2);
            if (key.equals("keep") || key.equals("fresh") || key.equals("help")) {
                opt.put(key, "true");
            } else if (i + 1 < args.length) {
                opt.put(key, args[++i]);
            } else {
                System.err.println("option " + a + " needs a value");
                return 2;
            }
        }
        if (opt.containsKey("help")) {
            System.out.println("e2e [--rows N] [--docs-rows N] [--pairs " + String.join(",", ALL_PAIRS) + "] [--tables orders,docs]"
                    + " [--runs 3] [--only dmskit] [--keep] [--fresh] [--pg-url URL] [--mariadb-url URL] [--xmx 512m]"
                    + " [--dmskit parallel=2,batch=1000,...] [--also k=v,...] [--compare-jar JAR] [--tag T] [--jfr DIR] [--child-jvm OPTIONS] [--work DIR] [--out FILE]");
            return 0;
        }
        return new E2e(opt).execute();
    }

    private int execute() throws Exception {
        List<String> pairs = Arrays.asList(opt.getOrDefault("pairs", String.join(",", ALL_PAIRS)).split(","));
        List<String> tables = Arrays.asList(opt.getOrDefault("tables", "orders,docs").split(","));
        Files.createDirectories(work);
        new File(work.toString()).setWritable(true, false);
        new File(work.toString()).setExecutable(true, false);
        System.out.printf(Locale.ROOT, "dmskit e2e: orders %,d rows, docs %,d rows, %d runs; %s; load average %s%n",
                ordersRows, docsRows, runs, machine(), loadavg());
        boolean needPg = pairs.stream().anyMatch(p -> p.contains("postgresql"));
        boolean needMy = pairs.stream().anyMatch(p -> p.contains("mariadb"));
        long[] pgBytes = needPg && pairs.stream().anyMatch(p -> p.startsWith("postgresql")) ? source(pg) : null;
        long[] myBytes = needMy && pairs.stream().anyMatch(p -> p.startsWith("mariadb")) ? source(my) : null;
        bytes = pgBytes != null ? pgBytes : myBytes;
        int failures = 0;
        try {
            for (String pair : pairs) {
                for (String table : tables) {
                    failures += pair(pair, table);
                }
            }
        } finally {
            cleanup();
        }
        String report = report();
        System.out.println();
        System.out.println(report);
        if (opt.containsKey("out")) {
            Files.writeString(Path.of(opt.get("out")), report);
        }
        return failures == 0 ? 0 : 1;
    }

    private long[] source(Server s) throws Exception {
        long[] b = opt.containsKey("fresh") ? null : Sources.existing(s, SRC, ordersRows, docsRows);
        if (b == null) {
            long t0 = System.nanoTime();
            System.out.printf("building the source in %s ...%n", s.engine());
            b = Sources.build(s, SRC, ordersRows, docsRows);
            System.out.printf(Locale.ROOT, "  built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        return b;
    }

    private void cleanup() {
        for (Server s : List.of(pg, my)) {
            try {
                s.dropDatabase(DST);
                s.dropDatabase(CTL);
                if (s.isPostgres()) {
                    s.dropDatabase(PGLOADER_DB);
                    s.dropDatabase(PGCOPYDB_DB);
                }
                if (!opt.containsKey("keep")) {
                    s.dropDatabase(SRC);
                }
            } catch (SQLException e) {
                // the server is not in use by this run
            }
        }
    }

    // ---- one pair and table ------------------------------------------------------------------

    private int pair(String pair, String table) throws Exception {
        String[] ends = pair.split("-");
        Server src = ends[0].equals("postgresql") ? pg : my;
        Server dst = ends[1].equals("postgresql") ? pg : my;
        long rows = table.equals("orders") ? ordersRows : docsRows;
        System.out.printf("%n== %s, %s (%,d rows), load average %s%n", pair, table, rows, loadavg());
        dst.recreateDatabase(DST);
        if (!dst.isPostgres()) {
            dst.dropDatabase(CTL);
        }
        boolean prepared = false;
        int failures = 0;
        for (int r = 1; r <= runs; r++) {
            failures += record(pair, table, "dmskit", () -> dmskit(src, dst, table, null, opt.get("dmskit")));
            if (opt.containsKey("also")) {
                failures += record(pair, table, "dmskit " + opt.get("also"), () -> dmskit(src, dst, table, null, opt.get("also")));
            }
            if (opt.containsKey("compare-jar")) {
                failures += record(pair, table, "dmskit, " + Path.of(opt.get("compare-jar")).getFileName(),
                        () -> dmskit(src, dst, table, opt.get("compare-jar"), opt.get("dmskit")));
            }
            if (!prepared && !only) {
                try {
                    prepareLimit(pair, src, dst, table);
                } catch (Exception e) {
                    System.out.printf("  cannot prepare the limit's file: %s%n", e.getMessage());
                    failures++;
                }
                prepared = true;
            }
            if (only) {
                continue;
            }
            if (pair.equals("mariadb-postgresql") && installed("pgloader")) {
                failures += record(pair, table, "pgloader", () -> pgloader(table));
            }
            if (pair.equals("postgresql-postgresql") && installed("pgcopydb")) {
                failures += record(pair, table, "pgcopydb clone", () -> pgcopydb(table));
            }
            if (dst.isPostgres()) {
                failures += record(pair, table, "limit: COPY FROM binary file", () -> copyFromFile(pair, table, false));
                if (table.equals("docs")) {
                    failures += record(pair, table, "limit: same, storage EXTERNAL", () -> copyFromFile(pair, table, true));
                }
                if (src.isPostgres() && installed("psql")) {
                    failures += record(pair, table, "limit: COPY binary pipe", () -> copyPipe(table));
                }
            } else {
                failures += record(pair, table, "limit: LOAD DATA INFILE", () -> loadDataFile(pair, table));
            }
        }
        return failures;
    }

    @FunctionalInterface
    interface Run {
        long[] run() throws Exception;
    }

    private int record(String pair, String table, String method, Run run) {
        double load = loadavg1();
        try {
            long[] m = run.run();
            Result res = new Result(pair, table, method, m[0], m[1], m[2], m[3], load);
            results.add(res);
            System.out.printf(Locale.ROOT, "  %-32s %8.2f s  cpu %7s  rss %7s  rows %,d  (load %.2f)%n", method, m[0] / 1e3,
                    m[1] < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", m[1] / 1e3),
                    m[2] < 0 ? "-" : (m[2] >> 10) + " MB", m[3], load);
            return 0;
        } catch (Exception e) {
            System.out.printf("  %-32s FAILED: %s%n", method, e.getMessage());
            return 1;
        }
    }

    /**
     * @param otherJar a benchmarks.jar of another build to run the child from, or null for this one
     * @param settings {@code k=v,...} task settings for {@link DmskitChild}, or null
     */
    private long[] dmskit(Server src, Server dst, String table, String otherJar, String settings) throws Exception {
        String schema = src.isPostgres() ? "bench" : SRC;
        String targetSchema = dst.isPostgres() ? "bench" : DST;
        // this JVM's class path: benchmarks.jar itself under java -jar, and the module's classes with every
        // dependency in a test (the module's own jar, alone, lacks dmskit's classes)
        String jar = otherJar != null ? otherJar : System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx" + opt.getOrDefault("xmx", "512m"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        if (opt.containsKey("child-jvm")) {
            // options for dmskit's JVM, e.g. a class data sharing archive: "-XX:SharedArchiveFile=/var/tmp/dmskit.jsa"
            cmd.addAll(Arrays.asList(opt.get("child-jvm").trim().split("\\s+")));
        }
        if (opt.containsKey("jfr")) {
            cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(opt.get("jfr")).resolve(
                    "dmskit-" + src.engine() + "-" + dst.engine() + "-" + table + "-" + System.nanoTime() + ".jfr"));
        }
        cmd.addAll(List.of("-cp", jar, DmskitChild.class.getName(),
                "source=" + src.url(SRC), "target=" + dst.url(DST),
                "schema=" + schema, "table=" + table, "targetSchema=" + targetSchema));
        cmd.add("control=" + CTL);
        if (settings != null) {
            cmd.addAll(Arrays.asList(settings.split(",")));
        }
        Proc.Out out = Proc.run(cmd, null);
        String last = out.lastLineStartingWith("RESULT ");
        if (out.exit() != 0 || last == null) {
            throw new IllegalStateException("dmskit exited with " + out.exit() + ": " + out.tail());
        }
        String[] f = last.split(" ");
        long rows = Long.parseLong(f[4]);
        long want = table.equals("orders") ? ordersRows : docsRows;
        if (rows != want) {
            throw new IllegalStateException("dmskit loaded " + rows + " rows, not " + want);
        }
        return new long[]{Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), rows};
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ---- limits ------------------------------------------------------------------------------

    private Path limitFile(String pair, String table, String ext) {
        return work.resolve(pair + "-" + table + "." + ext);
    }

    /** Writes the file that the limit loads: the target table as dmskit loaded it, in the target's own format. */
    private void prepareLimit(String pair, Server src, Server dst, String table) throws Exception {
        if (dst.isPostgres()) {
            Path f = limitFile(pair, table, "pgbin");
            Files.deleteIfExists(f);
            dst.execute(DST, "COPY bench." + table + " TO '" + f + "' (FORMAT binary)");
        } else {
            Path f = limitFile(pair, table, "tsv");
            Files.deleteIfExists(f);
            dst.execute(DST, "SELECT * FROM " + table + " INTO OUTFILE '" + f + "'");
        }
    }

    /** A fresh copy of the target table's definition, with the default storage and compression of the columns. */
    private void limitTable(Server dst, String table) throws SQLException {
        if (dst.isPostgres()) {
            dst.execute(DST, "DROP TABLE IF EXISTS bench.limit_" + table,
                    "CREATE TABLE bench.limit_" + table + " (LIKE bench." + table
                            + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
        } else {
            dst.execute(DST, "DROP TABLE IF EXISTS limit_" + table, "CREATE TABLE limit_" + table + " LIKE " + table);
        }
    }

    /**
     * @param external with the text and binary columns' storage EXTERNAL: out of line and never
     *                 compressed, which shows what a target column compression setting would save
     */
    private long[] copyFromFile(String pair, String table, boolean external) throws Exception {
        limitTable(pg, table);
        if (external) {
            pg.execute(DST, "ALTER TABLE bench.limit_docs ALTER COLUMN body SET STORAGE EXTERNAL,"
                    + " ALTER COLUMN payload SET STORAGE EXTERNAL");
        }
        long t0 = System.nanoTime();
        long n;
        try (Connection c = pg.connect(DST); Statement st = c.createStatement()) {
            n = st.executeUpdate("COPY bench.limit_" + table + " FROM '" + limitFile(pair, table, "pgbin") + "' (FORMAT binary)");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        pg.execute(DST, "DROP TABLE bench.limit_" + table);
        return new long[]{ms, -1, -1, n};
    }

    private long[] loadDataFile(String pair, String table) throws Exception {
        limitTable(my, table);
        long t0 = System.nanoTime();
        long n;
        try (Connection c = my.connect(DST); Statement st = c.createStatement()) {
            n = st.executeLargeUpdate("LOAD DATA INFILE '" + limitFile(pair, table, "tsv") + "' INTO TABLE limit_" + table);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        my.execute(DST, "DROP TABLE limit_" + table);
        return new long[]{ms, -1, -1, n};
    }

    private long[] copyPipe(String table) throws Exception {
        limitTable(pg, table);
        String from = "psql -X -q -v ON_ERROR_STOP=1 -d '" + pg.libpq(SRC) + "' -c 'COPY bench." + table
                + " TO STDOUT (FORMAT binary)'";
        String to = "psql -X -q -v ON_ERROR_STOP=1 -d '" + pg.libpq(DST) + "' -c 'COPY bench.limit_" + table
                + " FROM STDIN (FORMAT binary)'";
        long[] m = Proc.timed("set -o pipefail; " + from + " | " + to, null);
        pg.execute(DST, "DROP TABLE bench.limit_" + table);
        return new long[]{m[0], m[1], m[2], table.equals("orders") ? ordersRows : docsRows};
    }

    // ---- other tools -------------------------------------------------------------------------

    private static final Map<String, Boolean> INSTALLED = new LinkedHashMap<>();

    static boolean installed(String tool) {
        return INSTALLED.computeIfAbsent(tool, t -> {
            try {
                return Proc.run(List.of("sh", "-c", "command -v " + t), null).exit() == 0;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private long[] pgloader(String table) throws Exception {
        pg.recreateDatabase(PGLOADER_DB);
        Path load = work.resolve("pgloader-" + table + ".load");
        // defaults, except for docs, where the default prefetch (100,000 rows) runs out of memory
        String with = "include drop, create tables, create indexes, reset sequences"
                + (table.equals("docs") ? ", prefetch rows = 1000" : "");
        Files.writeString(load, "LOAD DATABASE\n  FROM mysql://" + my.user() + "@" + my.host() + ":" + my.port() + "/" + SRC
                + "\n  INTO " + pg.libpq(PGLOADER_DB).replace("postgresql://", "pgsql://")
                + "\n  WITH " + with + "\n  INCLUDING ONLY TABLE NAMES MATCHING '" + table + "';\n");
        long[] m = Proc.timed("pgloader --quiet " + load, work.resolve("pgloader-" + table + ".log"));
        long n = count(pg, PGLOADER_DB, SRC + "." + table);
        pg.dropDatabase(PGLOADER_DB);
        return new long[]{m[0], m[1], m[2], n};
    }

    private long[] pgcopydb(String table) throws Exception {
        pg.recreateDatabase(PGCOPYDB_DB);
        Path filters = work.resolve("pgcopydb-" + table + ".ini");
        Files.writeString(filters, "[include-only-table]\nbench." + table + "\n");
        Path dir = work.resolve("pgcopydb");
        Proc.run(List.of("rm", "-rf", dir.toString()), null);
        long[] m = Proc.timed("pgcopydb clone --source '" + pg.libpq(SRC) + "' --target '" + pg.libpq(PGCOPYDB_DB)
                + "' --dir " + dir + " --filters " + filters + " --table-jobs 2 --index-jobs 2 --no-owner --no-acl",
                work.resolve("pgcopydb-" + table + ".log"));
        long n = count(pg, PGCOPYDB_DB, "bench." + table);
        pg.dropDatabase(PGCOPYDB_DB);
        return new long[]{m[0], m[1], m[2], n};
    }

    private static long count(Server s, String db, String table) throws SQLException {
        try (Connection c = s.connect(db); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- report ------------------------------------------------------------------------------

    private String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "orders %,d rows (%.0f MB as text), docs %,d rows (%.0f MB); medians of %d interleaved runs; %s%n%n",
                ordersRows, bytes == null ? 0 : bytes[0] / 1e6, docsRows, bytes == null ? 0 : bytes[1] / 1e6, runs, machine()));
        sb.append("| pair | table | method | wall s | rows/s | MB/s | CPU s | peak RSS MB | time / limit | method time / dmskit time | load avg |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Result r : results) {
            groups.computeIfAbsent(r.pair + "|" + r.table + "|" + r.method, k -> new ArrayList<>()).add(r);
        }
        for (var e : groups.entrySet()) {
            List<Result> rs = e.getValue();
            Result any = rs.get(0);
            long wall = median(rs.stream().mapToLong(Result::wallMs).toArray());
            long cpu = median(rs.stream().mapToLong(Result::cpuMs).toArray());
            long rss = median(rs.stream().mapToLong(Result::rssKib).toArray());
            double load = rs.stream().mapToDouble(Result::load).sorted().toArray()[rs.size() / 2];
            long rows = any.rows;
            long tableBytes = bytes == null ? 0 : any.table.equals("orders") ? bytes[0] : bytes[1];
            Long limit = limitOf(groups, any);
            Long dmskit = medianWall(groups, any.pair + "|" + any.table + "|dmskit");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %,.0f | %.1f | %s | %s | %s | %s | %.2f |%n",
                    any.pair, any.table, any.method, wall / 1e3, rows * 1e3 / Math.max(1, wall), tableBytes / 1e3 / Math.max(1, wall),
                    cpu < 0 ? "-" : String.format(Locale.ROOT, "%.1f", cpu / 1e3),
                    rss < 0 ? "-" : Long.toString(rss >> 10),
                    limit == null ? "-" : String.format(Locale.ROOT, "%.2f", wall / (double) limit),
                    dmskit == null || any.method.equals("dmskit") || any.method.startsWith("limit") ? "-"
                            : String.format(Locale.ROOT, "%.2fx", wall / (double) dmskit),
                    load));
        }
        return sb.toString();
    }

    private static Long limitOf(Map<String, List<Result>> groups, Result r) {
        String prefix = r.pair + "|" + r.table + "|";
        String which = r.pair.equals("postgresql-postgresql") ? "limit: COPY binary pipe"
                : r.pair.endsWith("postgresql") ? "limit: COPY FROM binary file" : "limit: LOAD DATA INFILE";
        return medianWall(groups, prefix + which);
    }

    private static Long medianWall(Map<String, List<Result>> groups, String key) {
        List<Result> rs = groups.get(key);
        return rs == null ? null : median(rs.stream().mapToLong(Result::wallMs).toArray());
    }

    static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static double loadavg1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    static String machine() {
        String cpu = "?";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB max heap here, Java " + System.getProperty("java.version");
    }

    static void sleep(long ms) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(ms);
    }
}
