package io.dmskit.internal.runtime;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
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
        if (p.partitionRule != null) {
            return byPartition(run, p);
        }
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

    /**
     * The segments of a table loaded by partitions (parallel-load {@code partitions-auto} or
     * {@code partitions-list}). A segment's stored lower bound is the name of the partition (or
     * subpartition) it reads; a segment without one reads "the rest" (see {@link #rest}):
     * <ul>
     * <li>{@code partitions-auto}: one segment per partition of the table (a partition that is
     * partitioned again is read whole, with its subpartitions). A table that is not partitioned
     * loads as one segment, with a warning.</li>
     * <li>{@code partitions-list}: one segment per listed partition and subpartition, and one more
     * for every partition and subpartition that is not listed, so that the whole table loads.</li>
     * </ul>
     *
     * @throws DmsException naming the rule, the table and the partition when a listed name is not a
     *                      partition (or subpartition) of the table, or a subpartition is listed with its partition
     */
    static List<SegmentRow> byPartition(FullLoadRun run, TablePlan p) throws SQLException {
        List<io.dmskit.spi.SourceReader.Partition> all = listed(run, p);
        var rule = p.partitionRule;
        var pl = rule.parallelLoad();
        List<String> tops = all.stream().filter(x -> x.parent() == null).map(io.dmskit.spi.SourceReader.Partition::name).toList();
        List<String> names = new ArrayList<>();
        if (pl.type() == io.dmskit.internal.mapping.TableSettingsRule.ParallelLoadType.PARTITIONS_AUTO) {
            if (tops.isEmpty()) {
                p.warnings.add("parallel-load partitions-auto of " + rule.label() + ": the source table is not partitioned;"
                        + " it loads as one segment");
                return List.of(new SegmentRow(0, null, null, Segment.PENDING, 0));
            }
            names.addAll(tops);
        } else {
            java.util.Map<String, String> subs = new java.util.LinkedHashMap<>();
            all.stream().filter(x -> x.parent() != null).forEach(x -> subs.put(x.name(), x.parent()));
            List<String> problems = new ArrayList<>();
            for (String name : pl.partitions()) {
                if (!tops.contains(name)) {
                    problems.add("partition '" + name + "'");
                }
            }
            for (String name : pl.subpartitions()) {
                if (!subs.containsKey(name)) {
                    problems.add("subpartition '" + name + "'");
                } else if (pl.partitions().contains(subs.get(name))) {
                    throw new DmsException(ErrorCode.CONFIGURATION, "Table mapping " + rule.label() + ": parallel-load"
                            + " partitions-list of table " + p.source.id() + " lists subpartition '" + name + "' and its"
                            + " partition '" + subs.get(name) + "', whose rows would load twice. List one of them.");
                }
            }
            if (!problems.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Table mapping " + rule.label() + ": parallel-load"
                        + " partitions-list names " + String.join(", ", problems) + " of table " + p.source.id()
                        + ", which the table does not have (names are case-sensitive). "
                        + (all.isEmpty() ? "The table is not partitioned."
                        : "Partitions of " + p.source.id() + ": " + String.join(", ", tops)
                        + (subs.isEmpty() ? "" : "; subpartitions: " + String.join(", ", subs.keySet()))) + ".");
            }
            names.addAll(pl.partitions());
            names.addAll(pl.subpartitions());
        }
        List<SegmentRow> out = new ArrayList<>();
        for (String name : names) {
            out.add(new SegmentRow(out.size(), name, null, Segment.PENDING, 0));
        }
        if (!rest(p, all).isEmpty()) {
            out.add(new SegmentRow(out.size(), null, null, Segment.PENDING, 0));
        }
        return out;
    }

    /**
     * The partitions that a segment of the table reads: none (the whole table) unless the table
     * loads by partitions; then the segment's own partition, or for the segment without one, the
     * partitions that no other segment reads ({@link #rest}). Lists the source's partitions once
     * per table and run.
     *
     * @throws DmsException when the source's partitions changed since the plan was made so that the
     *                      segment's partitions are gone
     */
    static List<String> partitions(FullLoadRun run, Segment s) throws SQLException {
        TablePlan p = s.table;
        if (p.partitionRule == null) {
            return List.of();
        }
        List<io.dmskit.spi.SourceReader.Partition> all = listed(run, p);
        if (s.lowerText != null) {
            if (all.stream().noneMatch(x -> x.name().equals(s.lowerText))) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Table " + p.source.id() + ": partition '" + s.lowerText
                        + "' of " + s + " is no longer in the source. Start the task with StartMode.RELOAD.");
            }
            return List.of(s.lowerText);
        }
        List<String> rest = rest(p, all);
        if (rest.isEmpty() && !all.isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Table " + p.source.id() + ": the partitions of the source"
                    + " changed since the load was planned. Start the task with StartMode.RELOAD.");
        }
        return rest;
    }

    /**
     * The partitions and subpartitions that no listed name covers: for {@code partitions-list},
     * each partition that is not listed and has no listed subpartition, and each subpartition
     * that is not listed whose partition has a listed one; for {@code partitions-auto}, none.
     */
    private static List<String> rest(TablePlan p, List<io.dmskit.spi.SourceReader.Partition> all) {
        var pl = p.partitionRule.parallelLoad();
        if (pl.type() == io.dmskit.internal.mapping.TableSettingsRule.ParallelLoadType.PARTITIONS_AUTO) {
            return List.of();
        }
        java.util.Set<String> split = new java.util.HashSet<>();
        for (var x : all) {
            if (x.parent() != null && pl.subpartitions().contains(x.name())) {
                split.add(x.parent());
            }
        }
        List<String> out = new ArrayList<>();
        for (var x : all) {
            boolean top = x.parent() == null;
            if (top && !pl.partitions().contains(x.name()) && !split.contains(x.name())
                    || !top && split.contains(x.parent()) && !pl.subpartitions().contains(x.name())) {
                out.add(x.name());
            }
        }
        return out;
    }

    private static List<io.dmskit.spi.SourceReader.Partition> listed(FullLoadRun run, TablePlan p) throws SQLException {
        List<io.dmskit.spi.SourceReader.Partition> all = p.sourcePartitions;
        if (all == null) {
            try (Connection c = run.source.connection()) {
                all = List.copyOf(run.sourceEngine.reader().partitions(c, p.source));
                c.rollback();
            }
            p.sourcePartitions = all;
        }
        return all;
    }

    /** The range of stored bounds, with values of the key column's Java class (every row for a table loaded by partitions). */
    static KeyRange parse(TablePlan p, String lower, String upper) {
        if (p.partitionRule != null) {
            return KeyRange.all();
        }
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
