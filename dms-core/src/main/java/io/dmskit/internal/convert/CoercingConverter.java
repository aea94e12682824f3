package io.dmskit.internal.convert;

import io.dmskit.schema.DataType;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowConverter;
import io.dmskit.spi.ValueException;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts each row of a batch from the source columns' types to the target columns' types, in
 * place. Only the columns whose values change are visited. One instance per segment.
 */
public final class CoercingConverter implements RowConverter {
    private final int[] columns;
    private final Coercion[] coercions;

    private CoercingConverter(int[] columns, Coercion[] coercions) {
        this.columns = columns;
        this.coercions = coercions;
    }

    /**
     * The converter between column types, or null when every value passes unchanged.
     *
     * @throws io.dmskit.error.DmsException from {@link Coercions#plan} when a pair cannot convert;
     *         the message starts with the index of the column, which the caller replaces by its name
     */
    public static CoercingConverter of(List<DataType> from, List<DataType> to) {
        List<Integer> idx = new ArrayList<>();
        List<Coercion> cs = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            Coercion c = Coercions.plan(from.get(i), to.get(i));
            if (c != null) {
                idx.add(i);
                cs.add(c);
            }
        }
        if (idx.isEmpty()) {
            return null;
        }
        return new CoercingConverter(idx.stream().mapToInt(Integer::intValue).toArray(), cs.toArray(new Coercion[0]));
    }

    @Override
    public void convert(RowBatch batch) {
        convert(batch, 0);
    }

    /**
     * Converts the rows from {@code from} on (the rows before it are left as they are), so that a
     * caller that handled the bad row of a {@link ValueException} can go on after it.
     *
     * @throws ValueException for the first value that cannot convert; the rows before it are
     *         converted, it and the rows after it are not. Its cause is a
     *         {@link io.dmskit.internal.policy.TruncationException} when the value is too long.
     */
    public void convert(RowBatch batch, int from) {
        convert(batch, from, batch.size());
    }

    /** Converts the rows from {@code from} (inclusive) to {@code to} (exclusive); see {@link #convert(RowBatch, int)}. */
    public void convert(RowBatch batch, int from, int to) {
        for (int r = from; r < to; r++) {
            Object[] row = batch.row(r);
            for (int k = 0; k < columns.length; k++) {
                int c = columns[k];
                Object v = row[c];
                // a MySQL zero date that no type rule converted (same engine: MySQL/MariaDB targets write it as it was)
                if (v != null && !(v instanceof io.dmskit.schema.ZeroDate)) {
                    try {
                        row[c] = coercions[k].apply(v);
                    } catch (Coercion.LossException e) {
                        throw new ValueException(r, c, e.getMessage(),
                                e.truncation() ? new io.dmskit.internal.policy.TruncationException(e.getMessage()) : null);
                    } catch (ClassCastException e) {
                        throw new ValueException(r, c, "a value of class " + v.getClass().getName()
                                + " reached a conversion that expects another class (a reader defect): " + e.getMessage());
                    }
                }
            }
        }
    }
}
