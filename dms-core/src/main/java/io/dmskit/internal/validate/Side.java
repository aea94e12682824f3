package io.dmskit.internal.validate;

import io.dmskit.internal.pool.ConnectionPool;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Table;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One side (source or target) of a validation: its connections and engine, and the queries and
 * reads the validator runs on it. Thread-safe: each call takes its own connection from the pool
 * and ends its transaction (read-only work, rolled back).
 */
final class Side {
    static final int FETCH_SIZE = 5_000;
    private static final int BATCH_ROWS = 1_000;

    final boolean source;
    final ConnectionPool pool;
    final EngineProvider engine;
    final Dialect dialect;

    Side(boolean source, ConnectionPool pool, EngineProvider engine) {
        this.source = source;
        this.pool = pool;
        this.engine = engine;
        this.dialect = engine.dialect();
    }

    String name() {
        return source ? "source" : "target";
    }

    private Table table(ComparedTable t) {
        return source ? t.source : t.target;
    }

    private List<Column> columns(ComparedTable t) {
        return source ? t.sourceColumns : t.targetColumns;
    }

    private UnaryOperator<String> quote() {
        return dialect::quote;
    }

    /** Count, checksums and key bounds of one key range of a table. */
    record Agg(long rows, BigInteger sqlSum, BigInteger javaSum, BigInteger min, BigInteger max) {
        boolean sameRows(Agg o) {
            return rows == o.rows && java.util.Objects.equals(sqlSum, o.sqlSum) && java.util.Objects.equals(javaSum, o.javaSum);
        }

        Agg withJava(Agg java) {
            BigInteger lo = min == null ? java.min : java.min == null ? min : min.min(java.min);
            BigInteger hi = max == null ? java.max : java.max == null ? max : max.max(java.max);
            return new Agg(rows, sqlSum, java.javaSum, lo, hi);
        }
    }

    /** The smallest and largest value of the table's integer split key (from its index), null when empty. */
    BigInteger[] minMax(ComparedTable t) throws SQLException {
        String k = dialect.quote(columns(t).get(t.splitKey).name());
        try (Connection c = pool.connection()) {
            try (var st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MIN(" + k + "), MAX(" + k + ") FROM " + dialect.qualify(table(t).id()))) {
                rs.next();
                return new BigInteger[]{integer(rs.getBigDecimal(1)), integer(rs.getBigDecimal(2))};
            } finally {
                c.rollback();
            }
        }
    }

    private static BigInteger integer(BigDecimal d) {
        return d == null ? null : d.toBigIntegerExact();
    }

    /**
     * The row count, the SQL checksum of the SQL-checksummed columns and the key bounds of a key
     * range, in one query (an index range scan).
     */
    Agg sqlAgg(ComparedTable t, KeySplits.Range r) throws SQLException {
        Column key = columns(t).get(t.splitKey);
        String k = dialect.quote(key.name());
        CanonicalSql sql = source ? t.sourceSql : t.targetSql;
        StringBuilder q = new StringBuilder("SELECT COUNT(*), ");
        q.append(t.sqlColumns.length == 0 ? "NULL" : "SUM(" + sql.hash60(t.rowTextSql(source, quote())) + ")");
        q.append(", MIN(").append(k).append("), MAX(").append(k).append(") FROM ").append(dialect.qualify(table(t).id()));
        List<Object> args = where(q, k, key.type(), r);
        try (Connection c = pool.connection()) {
            try (PreparedStatement ps = c.prepareStatement(q.toString())) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long rows = rs.getLong(1);
                    BigDecimal sum = rs.getBigDecimal(2);
                    BigInteger s = t.sqlColumns.length == 0 ? null : sum == null ? BigInteger.ZERO : sum.toBigIntegerExact();
                    return new Agg(rows, s, null, integer(rs.getBigDecimal(3)), integer(rs.getBigDecimal(4)));
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static List<Object> where(StringBuilder q, String k, DataType keyType, KeySplits.Range r) {
        List<Object> args = new ArrayList<>(2);
        String sep = " WHERE ";
        if (r.lower() != null) {
            q.append(sep).append(k).append(" >= ?");
            args.add(ComparedTable.boundValue(keyType, r.lower()));
            sep = " AND ";
        }
        if (r.upper() != null) {
            q.append(sep).append(k).append(" < ?");
            args.add(ComparedTable.boundValue(keyType, r.upper()));
        }
        return args;
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof BigInteger b) {
                ps.setBigDecimal(i + 1, new BigDecimal(b));
            } else if (a instanceof BigDecimal d) {
                ps.setBigDecimal(i + 1, d);
            } else {
                ps.setLong(i + 1, (Long) a);
            }
        }
    }

    /** The reader's range for a key range of the split key. */
    KeyRange keyRange(ComparedTable t, KeySplits.Range r) {
        if (r.lower() == null && r.upper() == null) {
            return KeyRange.all();
        }
        Column key = columns(t).get(t.splitKey);
        return new KeyRange(key.name(), ComparedTable.boundValue(key.type(), r.lower()),
                ComparedTable.boundValue(key.type(), r.upper()));
    }

    /**
     * Reads some compared columns of the rows of a range with the engine's reader and hands each
     * row to the consumer as an array of every compared column (unread ones null). The array is
     * reused: a consumer that keeps it copies it.
     */
    void read(ComparedTable t, int[] columns, KeyRange range, Consumer<Object[]> rows) throws SQLException {
        List<Column> all = columns(t);
        List<Column> read = new ArrayList<>(columns.length);
        for (int i : columns) {
            read.add(all.get(i));
        }
        Object[] full = new Object[all.size()];
        try (Connection c = pool.connection()) {
            try (RowReader reader = engine.reader().open(c, new ReadRequest(table(t), read, range, FETCH_SIZE))) {
                RowBatch batch = new RowBatch(BATCH_ROWS, read.size());
                boolean more = true;
                while (more) {
                    more = reader.next(batch);
                    for (int r = 0; r < batch.size(); r++) {
                        Object[] row = batch.row(r);
                        for (int j = 0; j < columns.length; j++) {
                            full[columns[j]] = row[j];
                        }
                        rows.accept(full);
                    }
                    batch.clear();
                }
            } finally {
                c.rollback();
            }
        }
    }

    /** Count, Java checksum of the Java-checksummed columns and key bounds of a key range, read through the reader. */
    Agg javaAgg(ComparedTable t, KeySplits.Range r) throws SQLException {
        RowHash hash = new RowHash();
        RowHash.Sum sum = new RowHash.Sum();
        List<CanonicalForm> forms = t.forms(t.javaColumns);
        BigInteger[] bounds = new BigInteger[2];
        read(t, t.javaColumns, keyRange(t, r), row -> {
            sum.add(hash.hash60(canonical(t, row, t.javaColumns), forms));
            BigInteger k = keyValue(row[t.splitKey]);
            bounds[0] = bounds[0] == null || k.compareTo(bounds[0]) < 0 ? k : bounds[0];
            bounds[1] = bounds[1] == null || k.compareTo(bounds[1]) > 0 ? k : bounds[1];
        });
        return new Agg(sum.rows, null, sum.value(), bounds[0], bounds[1]);
    }

    String[] canonical(ComparedTable t, Object[] row, int[] columns) {
        return source ? t.sourceCanonical(row, columns) : t.targetCanonical(row, columns);
    }

    static BigInteger keyValue(Object v) {
        if (v instanceof BigInteger b) {
            return b;
        }
        if (v instanceof BigDecimal d) {
            return d.toBigIntegerExact();
        }
        return BigInteger.valueOf(((Number) v).longValue());
    }

    /** Row count and SQL checksum per hash bucket of the key, in one scan. */
    Map<Integer, Agg> sqlBuckets(ComparedTable t, int buckets) throws SQLException {
        CanonicalSql sql = source ? t.sourceSql : t.targetSql;
        String q = "SELECT b, COUNT(*), SUM(h) FROM (SELECT " + sql.bucket(t.keyTextSql(source, quote()), buckets) + " AS b, "
                + sql.hash60(t.rowTextSql(source, quote())) + " AS h FROM " + dialect.qualify(table(t).id()) + ") q GROUP BY b";
        Map<Integer, Agg> out = new HashMap<>();
        try (Connection c = pool.connection()) {
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
                while (rs.next()) {
                    out.put(rs.getInt(1), new Agg(rs.getLong(2), rs.getBigDecimal(3).toBigIntegerExact(), null, null, null));
                }
            } finally {
                c.rollback();
            }
        }
        return out;
    }

    /** Row count and Java checksum of the Java-checksummed columns per hash bucket of the key, read through the reader. */
    Map<Integer, Agg> javaBuckets(ComparedTable t, int buckets) throws SQLException {
        RowHash hash = new RowHash();
        RowHash.Sum[] sums = new RowHash.Sum[buckets];
        List<CanonicalForm> forms = t.forms(t.javaColumns);
        List<CanonicalForm> keyForms = t.forms(t.key);
        read(t, t.javaColumns, KeyRange.all(), row -> {
            int b = hash.bucket(canonical(t, row, t.key), keyForms, buckets);
            if (sums[b] == null) {
                sums[b] = new RowHash.Sum();
            }
            sums[b].add(hash.hash60(canonical(t, row, t.javaColumns), forms));
        });
        Map<Integer, Agg> out = new HashMap<>();
        for (int b = 0; b < buckets; b++) {
            if (sums[b] != null) {
                out.put(b, new Agg(sums[b].rows, null, sums[b].value(), null, null));
            }
        }
        return out;
    }
}
