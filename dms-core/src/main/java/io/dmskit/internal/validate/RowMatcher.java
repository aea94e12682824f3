package io.dmskit.internal.validate;

import io.dmskit.ValidationReport.ColumnDifference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Matches the rows of one part of a table, read from both sides, by key and compares them value
 * by value with the canonical rules: rows only in the source are missing, rows only in the
 * target are extra, rows in both with a differing column are different. Keys are matched by
 * their canonical text, so a text key matches by its exact code points whatever the engines'
 * collations. A table without a key is a multiset of whole rows: a row that the source has twice
 * and the target once is missing once. Not thread-safe; one per comparison.
 */
final class RowMatcher {

    /** What a comparison found; called in no particular order. */
    interface Listener {
        void missing(Object[] sourceRow, String[] key);

        void extra(Object[] targetRow, String[] key);

        void different(Object[] sourceRow, Object[] targetRow, String[] key, List<ColumnDifference> columns);
    }

    private final ComparedTable table;
    private final Map<Key, Deque<Object[]>> source = new HashMap<>();
    private long sourceRows;

    RowMatcher(ComparedTable table) {
        this.table = table;
    }

    /** Adds a source row (values in compared-column order); the array is kept, so pass a copy. */
    void addSource(Object[] row) {
        sourceRows++;
        source.computeIfAbsent(new Key(table.sourceCanonical(row, table.key)), k -> new ArrayDeque<>(1)).add(row);
    }

    long sourceRows() {
        return sourceRows;
    }

    /** Matches a target row against the source rows added before; the array is not kept past the call. */
    void matchTarget(Object[] row, Listener listener) {
        String[] keyText = table.targetCanonical(row, table.key);
        Key key = new Key(keyText);
        Deque<Object[]> candidates = source.get(key);
        if (candidates == null || candidates.isEmpty()) {
            listener.extra(row, keyText);
            return;
        }
        Object[] s = candidates.poll();
        if (candidates.isEmpty()) {
            source.remove(key);
        }
        List<ColumnDifference> diffs = compare(s, row);
        if (!diffs.isEmpty()) {
            listener.different(s, row, keyText, diffs);
        }
    }

    /** Reports every source row that no target row matched as missing, and forgets them. */
    void finish(Listener listener) {
        for (Map.Entry<Key, Deque<Object[]>> e : source.entrySet()) {
            for (Object[] row : e.getValue()) {
                listener.missing(row, e.getKey().parts);
            }
        }
        source.clear();
    }

    /** The columns whose canonical texts differ, with both values as the readers gave them. */
    List<ColumnDifference> compare(Object[] s, Object[] t) {
        List<ColumnDifference> out = null;
        for (int i = 0; i < table.rules.size(); i++) {
            CanonicalForm.Rule rule = table.rules.get(i);
            if (!Objects.equals(rule.source(s[i]), rule.target(t[i]))) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(new ColumnDifference(table.sourceColumns.get(i).name(), s[i], t[i]));
            }
        }
        return out == null ? List.of() : out;
    }

    /** The canonical texts of a row's key; NULL parts (possible in a table without a key) are null. */
    record Key(String[] parts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(parts, k.parts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(parts);
        }
    }
}
