package io.dmskit.internal.validate;

import io.dmskit.TableMapping;
import io.dmskit.ValidationReport;
import io.dmskit.ValidationReport.ColumnDifference;
import io.dmskit.ValidationReport.State;
import io.dmskit.ValidationReport.TableValidation;
import io.dmskit.Validator;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.pool.ConnectionPool;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs a {@link Validator}: compares every table that the mapping selects with its target table.
 *
 * <p><b>Plan.</b> The source catalog is read with the mapping's filter and checked with
 * {@link TableMapping#check}, as the full load does (a mapping that selects nothing throws); the
 * target tables are read from the target's catalog. Each table's columns are paired and given
 * canonical rules ({@link CanonicalForm}); a table that cannot be compared (no target table, a
 * missing column, a type that cannot be compared) is an {@link State#ERROR} naming the reason.
 *
 * <p><b>Checksums.</b> A table with one integer key column is split into key ranges (from the
 * key's MIN and MAX on both sides, about {@link Validator#rangeRows()} rows each). For each
 * range, each database computes the row count and the sum of the rows' hashes over the
 * canonical text (see {@link CanonicalSql}), both sides at once; columns without SQL on both
 * engines (JSON across engines, or an engine that the validator has no SQL for) are read through
 * the engine's reader and hashed in Java instead, with the key. Ranges whose counts and sums are
 * equal hold the same rows. A range that differs is split in {@link KeySplits#FAN_OUT} parts
 * between the smallest and largest key found in it, recursively, until a part holds at most
 * {@value #LEAF_ROWS} rows (or {@code rangeRows}, if smaller) on each side; the rows of such a
 * part are read with dmskit's readers on both sides and matched value by value
 * ({@link RowMatcher}). A table with any other key, or no key, is checksummed per hash bucket of
 * its key in one scan of each side (about {@code rangeRows} rows, at most {@value #LEAF_ROWS}, per
 * bucket when the table's row estimate is known), and the rows of differing buckets are read in
 * passes over the whole table, each holding the rows of buckets that sum to about
 * {@value #PASS_ROWS} rows, and matched. Parts run in parallel, at most
 * {@link Validator#parallelism()} at once, on the instance's threads. Two equal tables thus cost
 * one checksum scan of each side, done by the databases.
 *
 * <p><b>Resync.</b> With {@link Validator#resync()}, each part's differences are repaired as soon
 * as they are found, in one target transaction ({@link Resync}); {@code repaired} counts the
 * repaired differences (missing rows written, extra rows deleted, different rows re-written).
 * Each repaired table is then compared again: it is {@link State#CONSISTENT} when that finds no
 * difference (its report keeps the counts and differences that were repaired), else the second
 * comparison's result is reported. A table without a key is not repaired (a row cannot be named),
 * which its report says.
 */
public final class ValidationRun {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationRun.class);

    /** Rows of a part below which it is compared row by row instead of split further. */
    static final int LEAF_ROWS = 1_000;
    /** Rows of differing buckets held in memory per side in one pass over a table. */
    static final int PASS_ROWS = 50_000;
    static final int MAX_BUCKETS = 65_536;

    private final Validator validator;
    private final Side source;
    private final Side target;
    private final ExecutorService executor;
    private final long leafRows;

    ValidationRun(Validator validator, Side source, Side target) {
        this.validator = validator;
        this.source = source;
        this.target = target;
        this.executor = io.dmskit.internal.InstanceAccess.executor(validator.instance());
        this.leafRows = Math.max(1, Math.min(LEAF_ROWS, validator.rangeRows()));
    }

    /**
     * @throws DmsException when an endpoint cannot be reached, the mapping selects nothing, or the
     *                      catalogs cannot be read
     */
    public static ValidationReport run(Validator validator) {
        long started = System.nanoTime();
        EngineProvider sourceEngine = Engines.forEndpoint(validator.source());
        EngineProvider targetEngine = Engines.forEndpoint(validator.target());
        int size = validator.parallelism() + 1;
        try (ConnectionPool sp = new ConnectionPool(validator.source(), "source", sourceEngine, size);
             ConnectionPool tp = new ConnectionPool(validator.target(), "target", targetEngine, size)) {
            ValidationRun run = new ValidationRun(validator, new Side(true, sp, sourceEngine), new Side(false, tp, targetEngine));
            List<TableValidation> tables = run.validateAll();
            ValidationReport report = new ValidationReport(tables, Duration.ofNanos(System.nanoTime() - started));
            LOG.info("Validation of {} tables in {} ms: {}", tables.size(), report.elapsed().toMillis(),
                    report.consistent() ? "consistent" : "differences found");
            return report;
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.SOURCE_READ_FAILED, "Validation failed while reading the catalogs: "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DmsException(ErrorCode.STOPPED, "Validation was interrupted", e);
        }
    }

    private List<TableValidation> validateAll() throws SQLException, InterruptedException {
        List<TableRun> runs = plan();
        runPass(runs);
        List<TableValidation> out = new ArrayList<>();
        List<TableRun> rechecks = new ArrayList<>();
        if (validator.resync()) {
            for (TableRun r : runs) {
                rechecks.add(!r.failed() && r.repaired.get() > 0
                        ? new TableRun(r.table, r.sourceId, r.targetId, false, validator.maxDifferences()) : null);
            }
            runPass(rechecks.stream().filter(java.util.Objects::nonNull).toList());
        }
        for (int i = 0; i < runs.size(); i++) {
            TableValidation first = runs.get(i).result();
            TableRun recheck = rechecks.isEmpty() ? null : rechecks.get(i);
            TableValidation result = recheck == null ? first : merge(first, recheck.result());
            LOG.info("Validation of {} -> {}: {}", result.source(), result.target(), result.state());
            out.add(result);
        }
        return out;
    }

    private static TableValidation merge(TableValidation first, TableValidation recheck) {
        Duration elapsed = first.elapsed().plus(recheck.elapsed());
        if (recheck.state() == State.CONSISTENT) {
            return new TableValidation(first.source(), first.target(), State.CONSISTENT, first.rowsCompared(), first.missing(),
                    first.extra(), first.differing(), first.repaired(), first.differences(), elapsed, null);
        }
        return new TableValidation(recheck.source(), recheck.target(), recheck.state(), recheck.rowsCompared(),
                recheck.missing(), recheck.extra(), recheck.differing(), first.repaired(), recheck.differences(), elapsed,
                recheck.error());
    }

    // ---- plan --------------------------------------------------------------------------------

    List<TableRun> plan() throws SQLException {
        TableMapping mapping = validator.mapping();
        Set<TableId> seen = ConcurrentHashMap.newKeySet();
        Catalog catalog;
        try (Connection c = source.pool.connection()) {
            catalog = source.dialect.readCatalog(c, id -> {
                seen.add(id);
                return mapping.selects(id);
            });
            c.rollback();
        }
        TableMapping.SelectionReport report = mapping.check(catalog, seen);
        List<TableId> targets = report.tables().stream().map(TableMapping.MappedTable::target).toList();
        Catalog existing;
        try (Connection c = target.pool.connection()) {
            existing = target.dialect.readCatalog(c, targets::contains);
            c.rollback();
        }
        CanonicalSql sourceSql = CanonicalSql.forEngine(source.engine.engine()).orElse(null);
        CanonicalSql targetSql = CanonicalSql.forEngine(target.engine.engine()).orElse(null);
        List<TableRun> runs = new ArrayList<>();
        for (TableMapping.MappedTable mapped : report.tables()) {
            if (!validator.onlyTables().isEmpty() && !validator.onlyTables().contains(mapped.source().id())) {
                continue;
            }
            TableId s = mapped.source().id();
            TableId t = mapped.target();
            Table targetTable = existing.table(t).orElse(null);
            if (targetTable == null) {
                runs.add(TableRun.failed(s, t, "Table " + s + " cannot be compared: its target table " + t + " does not exist"));
                continue;
            }
            if (!io.dmskit.internal.mapping.MappingAccess.engine(mapping).filters(s).isEmpty()) {
                // hook of the table mapping: the comparison reads every source row, so it would report the filtered-out ones
                runs.add(TableRun.failed(s, t, "Table " + s + " cannot be compared with " + t + ": the table mapping's"
                        + " source filters leave rows of it out, and validation does not apply source filters; compare"
                        + " it yourself, or validate with a mapping without filters"));
                continue;
            }
            try {
                ComparedTable plan = ComparedTable.plan(mapped, targetTable, sourceSql, targetSql);
                runs.add(new TableRun(plan, s, t, validator.resync(), validator.maxDifferences()));
            } catch (DmsException e) {
                runs.add(TableRun.failed(s, t, "Table " + s + " cannot be compared with " + t + ": " + e.getMessage()));
            }
        }
        return runs;
    }

    // ---- work --------------------------------------------------------------------------------

    /** A unit of work of one table that may throw. */
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs steps on at most {@code parallelism} of the instance's threads; steps may add steps.
     * {@link #await} returns when every step has finished.
     */
    private final class Work {
        private final Deque<Runnable> queue = new ArrayDeque<>();
        private int pending;

        synchronized void submit(TableRun run, Step step) {
            run.taskAdded();
            pending++;
            queue.add(() -> {
                try {
                    if (!run.failed()) {
                        step.run();
                    }
                } catch (Throwable e) {
                    run.fail(describe(run, e));
                    if (!(e instanceof SQLException || e instanceof DmsException)) {
                        LOG.error("Validation of {} failed", run.sourceId, e);
                    }
                } finally {
                    run.taskDone();
                }
            });
            notifyAll();
        }

        void await() throws InterruptedException {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < validator.parallelism(); i++) {
                workers.add(executor.submit(this::work));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a validation worker failed", e.getCause());
                }
            }
        }

        private void work() {
            Thread.currentThread().setName("dmskit-validate");
            while (true) {
                Runnable next;
                synchronized (this) {
                    while (queue.isEmpty() && pending > 0) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    if (pending == 0) {
                        return;
                    }
                    next = queue.poll();
                }
                try {
                    next.run();
                } finally {
                    synchronized (this) {
                        pending--;
                        notifyAll();
                    }
                }
            }
        }
    }

    private static String describe(TableRun run, Throwable e) {
        String where = "Table " + run.sourceId + " -> " + run.targetId + ": ";
        if (e instanceof SQLException s) {
            return where + s.getMessage() + " (SQLState " + s.getSQLState() + ")";
        }
        if (e instanceof ValueException v) {
            return where + "a value cannot be read: " + v.reason();
        }
        if (e instanceof DmsException d) {
            return where + d.getMessage();
        }
        return where + e;
    }

    private void runPass(List<TableRun> runs) throws InterruptedException {
        Work work = new Work();
        for (TableRun run : runs) {
            if (!run.failed()) {
                work.submit(run, () -> start(work, run));
            }
        }
        work.await();
    }

    /** Runs one step on both sides at once: the target's on another thread. */
    private <T> List<T> both(SideCall<T> call) throws Exception {
        Future<T> t = executor.submit(() -> call.on(target));
        T s;
        try {
            s = call.on(source);
        } catch (Exception e) {
            try {
                t.get();
            } catch (ExecutionException ignored) {
                // the source's failure is the one reported
            }
            throw e;
        }
        try {
            return List.of(s, t.get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
        }
    }

    private interface SideCall<T> {
        T on(Side side) throws Exception;
    }

    private void start(Work work, TableRun run) throws Exception {
        ComparedTable t = run.table;
        if (t.splitKey < 0) {
            buckets(work, run);
            return;
        }
        List<BigInteger[]> bounds = both(side -> side.minMax(t));
        BigInteger min = min(bounds.get(0)[0], bounds.get(1)[0]);
        BigInteger max = max(bounds.get(0)[1], bounds.get(1)[1]);
        long rows = Math.max(t.source.estimatedRows(), t.target.estimatedRows());
        for (KeySplits.Range r : KeySplits.initial(min, max, rows, validator.rangeRows())) {
            work.submit(run, () -> checkRange(work, run, r));
        }
    }

    private static BigInteger min(BigInteger a, BigInteger b) {
        return a == null ? b : b == null ? a : a.min(b);
    }

    private static BigInteger max(BigInteger a, BigInteger b) {
        return a == null ? b : b == null ? a : a.max(b);
    }

    // ---- key ranges ---------------------------------------------------------------------------

    private Side.Agg agg(Side side, ComparedTable t, KeySplits.Range r) throws SQLException {
        Side.Agg sql = t.sqlColumns.length > 0 ? side.sqlAgg(t, r) : null;
        if (t.javaColumns.length == 0) {
            return sql;
        }
        Side.Agg java = side.javaAgg(t, r);
        return sql == null ? java : sql.withJava(java);
    }

    private void checkRange(Work work, TableRun run, KeySplits.Range r) throws Exception {
        ComparedTable t = run.table;
        List<Side.Agg> aggs = both(side -> agg(side, t, r));
        Side.Agg s = aggs.get(0);
        Side.Agg d = aggs.get(1);
        if (s.sameRows(d)) {
            run.rowsCompared.addAndGet(s.rows());
            return;
        }
        if (Math.max(s.rows(), d.rows()) > leafRows) {
            List<KeySplits.Range> parts = KeySplits.split(r, min(s.min(), d.min()), max(s.max(), d.max()), KeySplits.FAN_OUT);
            if (parts.size() > 1) {
                for (KeySplits.Range p : parts) {
                    work.submit(run, () -> checkRange(work, run, p));
                }
                return;
            }
        }
        compareRows(run, source.keyRange(t, r), target.keyRange(t, r), null, 0);
    }

    // ---- hash buckets -------------------------------------------------------------------------

    private Map<Integer, Side.Agg> bucketAgg(Side side, ComparedTable t, int buckets) throws SQLException {
        Map<Integer, Side.Agg> sql = t.bucketsInSql && t.sqlColumns.length > 0 ? side.sqlBuckets(t, buckets) : null;
        if (t.javaColumns.length == 0) {
            return sql;
        }
        Map<Integer, Side.Agg> java = side.javaBuckets(t, buckets);
        if (sql == null) {
            return java;
        }
        for (Map.Entry<Integer, Side.Agg> e : java.entrySet()) {
            sql.merge(e.getKey(), e.getValue(), (a, b) -> new Side.Agg(a.rows(), a.sqlSum(), b.javaSum(), null, null));
        }
        return sql;
    }

    private void buckets(Work work, TableRun run) throws Exception {
        ComparedTable t = run.table;
        long rows = Math.max(t.source.estimatedRows(), t.target.estimatedRows());
        int buckets = rows <= 0 ? 64 : (int) Math.min(MAX_BUCKETS, Math.max(1, (rows + leafRows - 1) / leafRows));
        List<Map<Integer, Side.Agg>> aggs = both(side -> bucketAgg(side, t, buckets));
        Map<Integer, Side.Agg> s = aggs.get(0);
        Map<Integer, Side.Agg> d = aggs.get(1);
        Set<Integer> all = new TreeSet<>(s.keySet());
        all.addAll(d.keySet());
        Set<Integer> group = new HashSet<>();
        long groupRows = 0;
        for (int b : all) {
            Side.Agg sb = s.get(b);
            Side.Agg db = d.get(b);
            if (sb != null && db != null && sb.sameRows(db)) {
                run.rowsCompared.addAndGet(sb.rows());
                continue;
            }
            long weight = Math.max(sb == null ? 0 : sb.rows(), db == null ? 0 : db.rows());
            if (!group.isEmpty() && groupRows + weight > PASS_ROWS) {
                Set<Integer> g = group;
                work.submit(run, () -> compareRows(run, KeyRange.all(), KeyRange.all(), g, buckets));
                group = new HashSet<>();
                groupRows = 0;
            }
            group.add(b);
            groupRows += weight;
        }
        if (!group.isEmpty()) {
            Set<Integer> g = group;
            work.submit(run, () -> compareRows(run, KeyRange.all(), KeyRange.all(), g, buckets));
        }
    }

    // ---- rows ----------------------------------------------------------------------------------

    /**
     * Reads the rows of a part on both sides with the readers and matches them; with resync,
     * repairs what differs. A part is a key range, or (when {@code buckets} is not null) the rows
     * of some hash buckets of the whole table.
     */
    private void compareRows(TableRun run, KeyRange sourceRange, KeyRange targetRange, Set<Integer> buckets, int bucketCount)
            throws Exception {
        ComparedTable t = run.table;
        int[] all = new int[t.rules.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        RowMatcher matcher = new RowMatcher(t);
        RowHash hash = new RowHash();
        List<CanonicalForm> keyForms = t.forms(t.key);
        source.read(t, all, sourceRange, row -> {
            if (buckets == null || buckets.contains(hash.bucket(t.sourceCanonical(row, t.key), keyForms, bucketCount))) {
                matcher.addSource(row.clone());
            }
        });
        boolean repair = run.resync && t.hasKey;
        List<Object[]> delete = new ArrayList<>();
        List<Object[]> write = new ArrayList<>();
        long[] differentRows = new long[1];
        RowMatcher.Listener listener = new RowMatcher.Listener() {
            @Override
            public void missing(Object[] sourceRow, String[] key) {
                run.missing(sourceRow, key);
                if (repair) {
                    write.add(sourceRow);
                }
            }

            @Override
            public void extra(Object[] targetRow, String[] key) {
                run.extra(targetRow, key);
                if (repair) {
                    delete.add(targetRow.clone());
                }
            }

            @Override
            public void different(Object[] sourceRow, Object[] targetRow, String[] key, List<ColumnDifference> columns) {
                run.different(sourceRow, key, columns);
                differentRows[0]++;
                if (repair) {
                    delete.add(targetRow.clone());
                    write.add(sourceRow);
                }
            }
        };
        target.read(t, all, targetRange, row -> {
            if (buckets == null || buckets.contains(hash.bucket(t.targetCanonical(row, t.key), keyForms, bucketCount))) {
                matcher.matchTarget(row, listener);
            }
        });
        matcher.finish(listener);
        run.rowsCompared.addAndGet(matcher.sourceRows());
        if (run.resync && !t.hasKey && run.differences() > 0) {
            run.note("not repaired: the table has no primary key or unique key on NOT NULL columns to name its rows by");
        }
        if (repair && (!delete.isEmpty() || !write.isEmpty())) {
            Resync.repair(target, t, delete, write);
            // a different row is one repair, though it is both deleted and written
            run.repaired.addAndGet(write.size() + delete.size() - differentRows[0]);
        }
    }
}
