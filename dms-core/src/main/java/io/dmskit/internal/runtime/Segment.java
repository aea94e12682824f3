package io.dmskit.internal.runtime;

import io.dmskit.spi.KeyRange;

/**
 * One key range of one table (or, for a table loaded by partitions, one partition: its name is
 * {@link #lowerText}; see {@link KeyRanges#partitions}), the unit of work of a full load. Mutable state is only touched by
 * the worker that runs the segment, and read (racily, for status) by others.
 */
final class Segment {
    static final String PENDING = "PENDING";
    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";

    final TablePlan table;
    final int number;
    final KeyRange range;
    final String lowerText;
    final String upperText;
    volatile String state;
    /** Rows of this segment committed to the target by this or an earlier run. */
    volatile long rows;

    Segment(TablePlan table, int number, KeyRange range, String lowerText, String upperText, String state, long rows) {
        this.table = table;
        this.number = number;
        this.range = range;
        this.lowerText = lowerText;
        this.upperText = upperText;
        this.state = state;
        this.rows = rows;
    }

    @Override
    public String toString() {
        if (table.partitionRule != null) {
            return "segment " + number + " (" + (lowerText == null ? "partitions not listed" : "partition " + lowerText)
                    + ") of " + table.source.id();
        }
        return "segment " + number + " (" + range + ") of " + table.source.id();
    }
}
