package io.dmskit.spi;

/**
 * A batch of rows on its way from a reader to a writer: up to {@link #capacity()} rows, each an
 * {@code Object[]} of one value per column in the order the batch was opened with. Values are
 * null or of the class their column's {@link io.dmskit.schema.DataType#javaClass()} names.
 *
 * <p>Batches are reused: the pipeline hands an empty batch to a reader, passes the filled batch
 * to the converters and the writer, then {@link #clear() clears} it and hands it out again.
 * The row arrays are reused too, so a writer must not keep a reference to a row after
 * {@link BatchWriter#write} returns. Not thread-safe: one thread owns a batch at a time, and the
 * pipeline's queue hands it over.
 */
public final class RowBatch {
    private final Object[][] rows;
    private final int columns;
    private final long byteLimit;
    private int size;
    private long bytes;

    /** A batch of at most {@code capacity} rows, with no bound on bytes. */
    public RowBatch(int capacity, int columns) {
        this(capacity, columns, Long.MAX_VALUE);
    }

    /**
     * A batch that counts as full at {@code capacity} rows or once its values hold
     * {@code byteLimit} bytes, whichever comes first, so that rows of large values cannot make
     * one batch exhaust the heap.
     */
    public RowBatch(int capacity, int columns, long byteLimit) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (byteLimit < 1) {
            throw new IllegalArgumentException("byteLimit must be at least 1, was " + byteLimit);
        }
        this.rows = new Object[capacity][];
        this.columns = columns;
        this.byteLimit = byteLimit;
    }

    /** The number of values in each row. */
    public int columns() {
        return columns;
    }

    public int capacity() {
        return rows.length;
    }

    public int size() {
        return size;
    }

    /** Whether no row may be added: the batch has {@link #capacity()} rows, or its values reached its byte limit. Readers fill a batch until this is true. */
    public boolean isFull() {
        return size == rows.length || bytes >= byteLimit;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The row at {@code index} (0 to size-1); its values may be changed in place by converters. */
    public Object[] row(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException("row " + index + " of a batch of " + size);
        }
        return rows[index];
    }

    /** Appends a row and returns its value array to fill. Its previous contents are undefined. */
    public Object[] addRow() {
        if (size == rows.length) {
            throw new IllegalStateException("batch is full (" + rows.length + " rows)");
        }
        Object[] row = rows[size];
        if (row == null) {
            row = new Object[columns];
            rows[size] = row;
        }
        size++;
        return row;
    }

    /** Adds to the estimate of the bytes that the batch's values hold, which bounds the pipeline's memory. */
    public void addBytes(long n) {
        bytes += n;
    }

    public long bytes() {
        return bytes;
    }

    /** Empties the batch for reuse; drops references to the values so that they can be collected. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            java.util.Arrays.fill(rows[i], null);
        }
        size = 0;
        bytes = 0;
    }
}
