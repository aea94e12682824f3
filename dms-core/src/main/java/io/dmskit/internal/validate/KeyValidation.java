package io.dmskit.internal.validate;

import io.dmskit.ValidationReport.ColumnDifference;
import io.dmskit.ValidationReport.RowDifference;
import io.dmskit.Validator;
import io.dmskit.internal.pool.ConnectionPool;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Column;
import io.dmskit.schema.TableId;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares chosen rows of one table, named by their integer key, on both sides of a
 * {@link Validator}, with the same canonical comparison as a full validation ({@link RowMatcher}):
 * the entry point of CDC re-validation. Keys are read in key ranges that cover them (a range per
 * cluster of keys less than {@value #GAP} apart), and the rows of other keys in such a range are
 * skipped. Holds one small connection pool per side for its whole life; thread-safe.
 */
public final class KeyValidation implements AutoCloseable {
    /** Keys further apart than this are read with separate ranges. */
    static final int GAP = 1_000;

    /** One row that differs: its key value, what differs, and the row's key by column name. */
    public record Found(BigInteger key, RowDifference difference) {
    }

    private final Validator validator;
    private final ConnectionPool sourcePool;
    private final ConnectionPool targetPool;
    private final Side source;
    private final Side target;
    private final Map<TableId, ComparedTable> plans = new ConcurrentHashMap<>();

    public KeyValidation(Validator validator) {
        this.validator = validator;
        EngineProvider se = Engines.forEndpoint(validator.source());
        EngineProvider te = Engines.forEndpoint(validator.target());
        this.sourcePool = new ConnectionPool(validator.source(), "source", se, 2);
        this.targetPool = new ConnectionPool(validator.target(), "target", te, 2);
        this.source = new Side(true, sourcePool, se);
        this.target = new Side(false, targetPool, te);
    }

    /**
     * Whether the rows of a source table can be compared by integer key ({@link #compare}); when
     * not, the caller compares the whole table with a {@link Validator}.
     *
     * @throws SQLException when the catalogs cannot be read
     * @throws IllegalStateException when the table cannot be compared at all (with the reason)
     */
    public boolean byKey(TableId table) throws SQLException {
        return plan(table).splitKey >= 0;
    }

    private ComparedTable plan(TableId table) throws SQLException {
        ComparedTable t = plans.get(table);
        if (t != null) {
            return t;
        }
        Validator one = Validator.builder().source(validator.source()).target(validator.target()).mapping(validator.mapping())
                .onlyTables(List.of(table)).instance(validator.instance()).build();
        List<TableRun> runs = new ValidationRun(one, source, target).plan();
        if (runs.isEmpty()) {
            throw new IllegalStateException("Table " + table + " is not selected by the mapping");
        }
        TableRun run = runs.get(0);
        if (run.failed()) {
            throw new IllegalStateException(run.result().error());
        }
        plans.put(table, run.table);
        return run.table;
    }

    /**
     * Reads the rows of these keys on both sides and returns those that differ (missing on the
     * target, extra on it, or with a differing column), in key order. A key that neither side
     * has is not a difference.
     *
     * @throws SQLException when a side cannot be read
     */
    public List<Found> compare(TableId table, Collection<BigInteger> keys) throws SQLException {
        ComparedTable t = plan(table);
        if (t.splitKey < 0) {
            throw new IllegalStateException("Table " + table + " has no integer key to compare rows by");
        }
        NavigableSet<BigInteger> wanted = new TreeSet<>(keys);
        List<BigInteger[]> ranges = new ArrayList<>();
        BigInteger gap = BigInteger.valueOf(GAP);
        for (BigInteger k : wanted) {
            BigInteger[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && k.subtract(last[1]).compareTo(gap) <= 0) {
                last[1] = k;
            } else {
                ranges.add(new BigInteger[]{k, k});
            }
        }
        int[] all = new int[t.rules.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Map<BigInteger, Found> found = new TreeMap<>();
        RowMatcher.Listener listener = new RowMatcher.Listener() {
            @Override
            public void missing(Object[] sourceRow, String[] key) {
                add(sourceRow, RowDifference.Kind.MISSING, List.of(), true);
            }

            @Override
            public void extra(Object[] targetRow, String[] key) {
                add(targetRow, RowDifference.Kind.EXTRA, List.of(), false);
            }

            @Override
            public void different(Object[] sourceRow, Object[] targetRow, String[] key, List<ColumnDifference> columns) {
                add(sourceRow, RowDifference.Kind.DIFFERENT, columns, true);
            }

            private void add(Object[] row, RowDifference.Kind kind, List<ColumnDifference> columns, boolean src) {
                Map<String, Object> key = new LinkedHashMap<>();
                for (int k : t.key) {
                    key.put((src ? t.sourceColumns : t.targetColumns).get(k).name(), row[k]);
                }
                BigInteger k = Side.keyValue(row[t.splitKey]);
                found.put(k, new Found(k, new RowDifference(kind, key, columns)));
            }
        };
        for (BigInteger[] r : ranges) {
            RowMatcher matcher = new RowMatcher(t);
            BigInteger upper = r[1].add(BigInteger.ONE);
            source.read(t, all, range(t.sourceKeyColumn(), r[0], upper), row -> {
                if (wanted.contains(Side.keyValue(row[t.splitKey]))) {
                    matcher.addSource(row.clone());
                }
            });
            target.read(t, all, range(t.targetKeyColumn(), r[0], upper), row -> {
                if (wanted.contains(Side.keyValue(row[t.splitKey]))) {
                    matcher.matchTarget(row, listener);
                }
            });
            matcher.finish(listener);
        }
        return new ArrayList<>(found.values());
    }

    private static KeyRange range(Column key, BigInteger lower, BigInteger upper) {
        return new KeyRange(key.name(), ComparedTable.boundValue(key.type(), lower), ComparedTable.boundValue(key.type(), upper));
    }

    @Override
    public void close() {
        sourcePool.close();
        targetPool.close();
    }
}
