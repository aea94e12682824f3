package io.dmskit.internal.validate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Integer key ranges of the validator and how they are split. A range is {@code lower <= key < upper}
 * with null for an open end; the first range of a table is open below and the last open above,
 * so that together they hold every row of both sides whatever its key. Splitting uses the
 * smallest and largest key actually found in the range on either side (which the checksum query
 * returns), so that no sub-range lies where there are no rows. Stateless.
 */
final class KeySplits {
    /** The most ranges a table starts with. */
    static final int MAX_RANGES = 1024;
    /** How many parts a differing range is split into: a few levels take it down to rows. */
    static final int FAN_OUT = 8;

    private KeySplits() {
    }

    /** A half-open integer key range; null bounds are open. */
    record Range(BigInteger lower, BigInteger upper) {
        static final Range ALL = new Range(null, null);

        @Override
        public String toString() {
            return (lower == null ? "" : lower + " <= ") + "key" + (upper == null ? "" : " < " + upper);
        }
    }

    /**
     * The first ranges of a table whose keys run from min to max (on either side): about
     * {@code rows / rangeRows} ranges of equal width, at least 1, at most {@link #MAX_RANGES} and
     * at most one per key value.
     *
     * @param rows an estimate of the rows, or -1 when unknown (then the key span is used)
     */
    static List<Range> initial(BigInteger min, BigInteger max, long rows, long rangeRows) {
        if (min == null || max == null) {
            return List.of(Range.ALL);
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger n = (rows >= 0 ? BigInteger.valueOf(rows) : span)
                .add(BigInteger.valueOf(rangeRows - 1)).divide(BigInteger.valueOf(rangeRows));
        int count = n.min(span).min(BigInteger.valueOf(MAX_RANGES)).max(BigInteger.ONE).intValue();
        return split(Range.ALL, min, max, count);
    }

    /**
     * Splits a range into at most {@code parts} ranges that together are exactly the range. The
     * inner bounds lie in {@code (min, max]}, the keys found in it, so each part can hold rows.
     * Returns the range alone when min equals max (one key cannot be split).
     */
    static List<Range> split(Range range, BigInteger min, BigInteger max, int parts) {
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        int n = BigInteger.valueOf(parts).min(span).intValue();
        if (n <= 1) {
            return List.of(range);
        }
        List<Range> out = new ArrayList<>(n);
        BigInteger lower = range.lower();
        for (int i = 1; i <= n; i++) {
            BigInteger upper = i == n ? range.upper()
                    : min.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)));
            out.add(new Range(lower, upper));
            lower = upper;
        }
        return out;
    }
}
