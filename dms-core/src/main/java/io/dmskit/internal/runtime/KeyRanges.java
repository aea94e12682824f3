package io.dmskit.internal.runtime;

import io.dmskit.internal.control.ControlTables.SegmentRow;
import io.dmskit.spi.KeyRange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a table into key-range segments and turns stored bounds back into ranges. An integer
 * leading key column is split by its MIN and MAX, which come from the key's index, so no scan of
 * the table is needed; integer ranges mean the same on every engine, so a segment's rows can be
 * deleted from the target by its range alone when it must be loaded again. A text leading key is
 * split by sampling (see {@link #sample}); its ranges depend on collation, so its table is
 * reloaded whole rather than segment by segment. The first
 * and last ranges are open, so that rows inserted beyond the bounds while the table loads are
 * copied too.
 */
final class KeyRanges {
    /** The most segments one table is split into. */
    static final int MAX_SEGMENTS = 1024;

    private KeyRanges() {
    }

    static List<SegmentRow> split(FullLoadRun run, TablePlan p) throws SQLException {
        List<SegmentRow> single = List.of(new SegmentRow(0, null, null, Segment.PENDING, 0));
        if (p.boundaries != null) {
            return fixed(p);
        }
        long segmentRows = run.settings.segmentRows();
        long est = p.source.estimatedRows();
        if (p.keyColumn == null || (est >= 0 && est <= segmentRows)) {
            return single;
        }
        var dialect = run.sourceEngine.dialect();
        String k = dialect.quote(p.keyColumn);
        if (!p.rangesClearable) {
            return sample(run, p, est, segmentRows);
        }
        BigInteger min;
        BigInteger max;
        try (Connection c = run.source.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MIN(" + k + "), MAX(" + k + ") FROM " + dialect.qualify(p.source.id()))) {
            rs.next();
            BigDecimal lo = rs.getBigDecimal(1);
            BigDecimal hi = rs.getBigDecimal(2);
            c.rollback();
            if (lo == null || hi == null) {
                return single;
            }
            min = lo.toBigIntegerExact();
            max = hi.toBigIntegerExact();
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger rows = est >= 0 ? BigInteger.valueOf(est) : span;
        BigInteger n = rows.add(BigInteger.valueOf(segmentRows - 1)).divide(BigInteger.valueOf(segmentRows))
                .min(span).min(BigInteger.valueOf(MAX_SEGMENTS));
        int count = n.intValue();
        if (count <= 1) {
            return single;
        }
        List<SegmentRow> out = new ArrayList<>();
        String lower = null;
        for (int i = 1; i <= count; i++) {
            String upper = i == count ? null
                    : min.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(count))).toString();
            out.add(new SegmentRow(i - 1, lower, upper, Segment.PENDING, 0));
            lower = upper;
        }
        return out;
    }

    /**
     * The segments that the mapping's {@code parallel-load} fixes: one for {@code none}; for
     * {@code ranges}, one below the first boundary, one between each two, and one from the last
     * on (a boundary value starts the segment after it; AWS DMS counts it in the one before, which
     * changes only which segment loads that row). {@code TableMapping.check} made sure that the
     * boundaries are on the first key column, which {@link #parse} reads them by.
     */
    static List<SegmentRow> fixed(TablePlan p) {
        if (p.boundaries.isEmpty() || p.keyColumn == null) {
            return List.of(new SegmentRow(0, null, null, Segment.PENDING, 0));
        }
        boolean integer = p.source.column(p.keyColumn).orElseThrow().type().kind().isInteger();
        List<SegmentRow> out = new ArrayList<>();
        String lower = null;
        for (int i = 0; i <= p.boundaries.size(); i++) {
            String upper = i == p.boundaries.size() ? null
                    : integer ? new BigInteger(p.boundaries.get(i).trim()).toString() : p.boundaries.get(i);
            out.add(new SegmentRow(i, lower, upper, Segment.PENDING, 0));
            lower = upper;
        }
        return out;
    }

    /**
     * Bounds for a text key: the key is read in the source's order (an index-only scan of one
     * column) and every n-th distinct value becomes a bound. The ranges are evaluated by the source
     * with its own collation, so together they hold every row exactly once.
     */
    private static List<SegmentRow> sample(FullLoadRun run, TablePlan p, long est, long segmentRows) throws SQLException {
        var dialect = run.sourceEngine.dialect();
        String k = dialect.quote(p.keyColumn);
        long rows = est >= 0 ? est : segmentRows * 2;
        int count = (int) Math.min(MAX_SEGMENTS, (rows + segmentRows - 1) / segmentRows);
        if (count <= 1) {
            return List.of(new SegmentRow(0, null, null, Segment.PENDING, 0));
        }
        long step = Math.max(1, rows / count);
        List<String> bounds = new ArrayList<>();
        try (Connection c = run.source.connection();
             var ps = c.prepareStatement("SELECT " + k + " FROM " + dialect.qualify(p.source.id()) + " ORDER BY " + k)) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                long n = 0;
                while (rs.next()) {
                    if (++n % step == 0 && bounds.size() < count - 1) {
                        String v = rs.getString(1);
                        if (v != null && (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(v))) {
                            bounds.add(v);
                        }
                    }
                }
            }
            c.rollback();
        }
        List<SegmentRow> out = new ArrayList<>();
        String lower = null;
        for (int i = 0; i <= bounds.size(); i++) {
            String upper = i == bounds.size() ? null : bounds.get(i);
            out.add(new SegmentRow(i, lower, upper, Segment.PENDING, 0));
            lower = upper;
        }
        return out;
    }

    /** The range of stored bounds, with values of the key column's Java class. */
    static KeyRange parse(TablePlan p, String lower, String upper) {
        if (p.keyColumn == null || (lower == null && upper == null)) {
            return KeyRange.all();
        }
        var type = p.source.column(p.keyColumn).orElseThrow().type();
        if (type.kind().isCharacter()) {
            return new KeyRange(p.keyColumn, lower, upper);
        }
        boolean big = type.isUnsignedBigint();
        return new KeyRange(p.keyColumn, value(lower, big), value(upper, big));
    }

    private static Object value(String text, boolean big) {
        if (text == null) {
            return null;
        }
        return big ? new BigInteger(text) : (Object) Long.parseLong(text);
    }
}
