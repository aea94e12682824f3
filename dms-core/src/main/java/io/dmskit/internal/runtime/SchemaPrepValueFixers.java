package io.dmskit.internal.runtime;

import io.dmskit.schema.TypeRules;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowConverter;
import io.dmskit.spi.ValueException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Applies the value fixers of the {@link io.dmskit.schema.TypeRule}s that decided the target
 * columns ({@code source type -> target type using fixer}) to every non-null value of their
 * columns, in place, before the type conversion to the target columns. The full load
 * ({@link SegmentCopier}) and the CDC applier ({@link io.dmskit.internal.cdc.ApplyTable}) run the
 * same instance kind, so that a loaded row and a changed row are fixed alike. A fixer that
 * refuses a value fails the row with a data error that names the rule. Thread-safe when the
 * fixers are (they must be).
 */
public final class SchemaPrepValueFixers implements RowConverter {
    private final int[] columns;
    private final List<Function<Object, Object>> fixers;
    private final List<String> rules;

    private SchemaPrepValueFixers(int[] columns, List<Function<Object, Object>> fixers, List<String> rules) {
        this.columns = columns;
        this.fixers = fixers;
        this.rules = rules;
    }

    /**
     * The fixers of the given columns, in batch order; null when no column has one.
     *
     * @param resolutions how each column converts, in batch order; a null entry has no fixer
     */
    public static SchemaPrepValueFixers of(List<TypeRules.Resolution> resolutions) {
        List<Integer> idx = new ArrayList<>();
        List<Function<Object, Object>> fs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < resolutions.size(); i++) {
            TypeRules.Resolution r = resolutions.get(i);
            if (r != null && r.hasValueFixer()) {
                idx.add(i);
                fs.add(r.valueFixer());
                names.add(r.rule().name());
            }
        }
        if (idx.isEmpty()) {
            return null;
        }
        return new SchemaPrepValueFixers(idx.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(fs),
                List.copyOf(names));
    }

    /** The number of columns with a fixer. */
    int size() {
        return columns.length;
    }

    @Override
    public void convert(RowBatch batch) {
        convert(batch, 0, batch.size());
    }

    /**
     * Fixes the rows from {@code from} (inclusive) to {@code end} (exclusive); the others are left
     * as they are, so that a caller that handled a bad row can go on after it.
     *
     * @throws ValueException for the first value that a fixer refuses; the rows before it are fixed
     */
    public void convert(RowBatch batch, int from, int end) {
        for (int r = from; r < end; r++) {
            Object[] row = batch.row(r);
            for (int k = 0; k < columns.length; k++) {
                int c = columns[k];
                Object v = row[c];
                if (v != null) {
                    try {
                        row[c] = fixers.get(k).apply(v);
                    } catch (RuntimeException e) {
                        throw new ValueException(r, c, "type rule " + rules.get(k) + " refused the value: "
                                + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
                    }
                }
            }
        }
    }
}
