package io.dmskit.internal.cdc;

import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowConverter;

import java.util.List;

/**
 * The value fixers of a table's old column layout, run on rows of its new layout after a column
 * change: each row is copied into the old layout (columns the old layout had and the new one
 * dropped stay null; new columns have no fixer), fixed there, and copied back. Used by one
 * applier thread (it reuses one scratch row).
 */
final class RemappedFixers implements RowConverter {
    private final RowConverter fixers;
    /** For each new column, its index in the old layout, or -1. */
    private final int[] oldIndex;
    private final RowBatch scratch;

    private RemappedFixers(RowConverter fixers, int[] oldIndex, int oldColumns) {
        this.fixers = fixers;
        this.oldIndex = oldIndex;
        this.scratch = new RowBatch(1, oldColumns);
    }

    /**
     * The fixers for the new layout: null when there are none, the old ones when the layout
     * kept every old column in its place (added columns at the end have no fixer).
     *
     * @param oldIndexes for each new column, its index in the old layout or -1
     */
    static RowConverter of(RowConverter fixers, List<Integer> oldIndexes, int oldColumns) {
        if (fixers == null) {
            return null;
        }
        int[] idx = oldIndexes.stream().mapToInt(Integer::intValue).toArray();
        boolean same = idx.length >= oldColumns;
        for (int i = 0; same && i < oldColumns; i++) {
            same = idx[i] == i;
        }
        return same ? fixers : new RemappedFixers(fixers, idx, oldColumns);
    }

    @Override
    public void convert(RowBatch batch) {
        for (int r = 0; r < batch.size(); r++) {
            Object[] row = batch.row(r);
            Object[] old = scratch.addRow();
            java.util.Arrays.fill(old, null);
            try {
                for (int i = 0; i < oldIndex.length; i++) {
                    if (oldIndex[i] >= 0) {
                        old[oldIndex[i]] = row[i];
                    }
                }
                fixers.convert(scratch);
                for (int i = 0; i < oldIndex.length; i++) {
                    if (oldIndex[i] >= 0) {
                        row[i] = old[oldIndex[i]];
                    }
                }
            } finally {
                scratch.clear();
            }
        }
    }
}
