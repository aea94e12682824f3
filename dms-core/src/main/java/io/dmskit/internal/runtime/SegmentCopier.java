package io.dmskit.internal.runtime;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.convert.CoercingConverter;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Copies one segment: a reader thread fills batches from the source into a bounded queue, and the
 * calling thread converts them and writes them to the target, committing every commitRate rows.
 * The segment's DONE mark in the control tables commits in the same transaction as its last rows.
 * Memory is bounded by the number of batches (queue + 2) and by the bytes held in the queue.
 */
final class SegmentCopier {
    private static final Object END = new Object();

    private final FullLoadRun run;
    private final Segment segment;
    private final TablePlan table;

    SegmentCopier(FullLoadRun run, Segment segment) {
        this.run = run;
        this.segment = segment;
        this.table = segment.table;
    }

    /** Copies the segment; rows committed are added to the table's counters as they commit. */
    void copy() throws SQLException, InterruptedException {
        var settings = run.settings;
        Handoff handoff = new Handoff(settings.queueBatches(), settings.batchSize(), table.sourceColumns.size(),
                settings.queueBytes());
        CoercingConverter converter = CoercingConverter.of(table.sourceTypes(), table.targetTypes());

        try (Connection src = run.source.connection(); Connection dst = run.target.connection()) {
            Reading reading = new Reading(src, handoff);
            Future<?> reader = run.instance.executor().submit(reading);
            long uncommitted = 0;
            long uncommittedBytes = 0;
            try (BatchWriter writer = run.targetEngine.writer().open(dst, new WriteRequest(table.target, table.targetColumns))) {
                while (true) {
                    Object item = handoff.takeFull();
                    if (run.stopRequested() || table.state == io.dmskit.TableState.ERROR) {
                        // the task stops, or another segment of this table failed: this one's work would be wasted
                        throw new StoppedException();
                    }
                    if (item == null) {
                        continue;
                    }
                    if (item == END) {
                        break;
                    }
                    if (item instanceof ReadFailure f) {
                        throw dataError(f.error(), f.batch());
                    }
                    if (item instanceof Throwable t) {
                        throw rethrow(t);
                    }
                    RowBatch batch = (RowBatch) item;
                    long batchBytes = batch.bytes();
                    try {
                        if (converter != null) {
                            converter.convert(batch);
                        }
                        writer.write(batch);
                    } catch (ValueException e) {
                        throw dataError(e, batch);
                    }
                    uncommitted += batch.size();
                    uncommittedBytes += batchBytes;
                    handoff.recycle(batch);
                    if (uncommitted >= settings.commitRate()) {
                        flush(writer, dst);
                        dst.commit();
                        committed(uncommitted, uncommittedBytes);
                        uncommitted = 0;
                        uncommittedBytes = 0;
                    }
                }
                flush(writer, dst);
                run.control.markSegment(dst, run.taskName, table.source.id(), segment.number, Segment.DONE,
                        segment.rows + uncommitted);
                dst.commit();
                segment.state = Segment.DONE;
                committed(uncommitted, uncommittedBytes);
            } catch (Throwable t) {
                handoff.abort = true;
                rollbackQuietly(dst);
                throw t;
            } finally {
                handoff.abort = true;
                try {
                    reader.get(60, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // the reader's own failure was delivered through the queue, or the writer's failure is thrown
                }
            }
            rollbackQuietly(src);
        }
    }

    private void flush(BatchWriter writer, Connection dst) throws SQLException {
        try {
            writer.flush();
        } catch (ValueException e) {
            throw dataError(e, null);
        }
    }

    private void committed(long rows, long bytes) {
        if (rows == 0) {
            return;
        }
        segment.rows += rows;
        table.rows.addAndGet(rows);
        table.bytes.addAndGet(bytes);
        run.rowsCommitted(table);
    }

    /** A data error with the task, table, row key and column named. */
    private DmsException dataError(ValueException e, RowBatch batch) {
        String column = e.column() >= 0 && e.column() < table.sourceColumns.size()
                ? table.sourceColumns.get(e.column()).name() : "?";
        String target = e.column() >= 0 && e.column() < table.targetColumns.size()
                ? table.targetColumns.get(e.column()).name() : "?";
        String key = batch != null && e.row() >= 0 && e.row() < batch.size()
                ? "row " + table.describeKey(batch.row(e.row())) : "a row of " + segment;
        return new DmsException(ErrorCode.DATA_ERROR, "Task " + run.taskName + ", table " + table.source.id() + ", "
                + key + ", column " + column + (column.equals(target) ? "" : " (target column " + target + ")")
                + ": " + e.reason() + ". Fix the value in the source, exclude the column, or choose a target type that holds it.", e);
    }

    private static RuntimeException rethrow(Throwable t) throws SQLException {
        if (t instanceof SQLException s) {
            throw s;
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new DmsException(ErrorCode.SOURCE_READ_FAILED, t.toString(), t);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the pool discards it
        }
    }

    /** Thrown inside the copy when the task is asked to stop; the segment stays RUNNING and is redone on resume. */
    static final class StoppedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoppedException() {
            super("stopped", null, false, false);
        }
    }

    /** A value that the reader could not read, with the batch that holds its row. */
    private record ReadFailure(ValueException error, RowBatch batch) {
    }

    /**
     * The bounded exchange of batches between the reader thread and the writer: a pool of
     * {@code queueBatches + 2} reusable batches, a queue of full ones (and of the reader's END,
     * failure or exception), and a budget of the bytes that the queued batches hold, in KiB, that
     * a batch takes when queued and gives back when recycled (a batch larger than the whole budget
     * takes all of it). Waits are in steps of 100 ms so that an abort is seen soon.
     */
    static final class Handoff {
        private final BlockingQueue<RowBatch> free;
        private final BlockingQueue<Object> full;
        private final Semaphore bytes;
        private final int budgetKib;
        /** Set by the writer when it stops taking batches: the reader's waits end. */
        volatile boolean abort;

        Handoff(int queueBatches, int batchSize, int columns, long queueBytes) {
            long batchBytes = Math.max(1, queueBytes / (queueBatches + 1));
            free = new ArrayBlockingQueue<>(queueBatches + 2);
            for (int i = 0; i < queueBatches + 2; i++) {
                free.add(new RowBatch(batchSize, columns, batchBytes));
            }
            full = new ArrayBlockingQueue<>(queueBatches + 2);
            budgetKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, queueBytes >> 10));
            bytes = new Semaphore(budgetKib);
        }

        private int kib(long n) {
            return (int) Math.min(budgetKib, Math.max(1, n >> 10));
        }

        /** An empty batch for the reader to fill, or null once {@code abort} is set. */
        RowBatch takeFree() throws InterruptedException {
            RowBatch batch = null;
            while (batch == null && !abort) {
                batch = free.poll(100, TimeUnit.MILLISECONDS);
            }
            return batch;
        }

        /** Gives back a batch that the reader did not fill. */
        void returnEmpty(RowBatch batch) {
            free.add(batch);
        }

        /** Queues a filled batch once the byte budget has room for it; false when aborted first. */
        boolean putFull(RowBatch batch) throws InterruptedException {
            int kib = kib(batch.bytes());
            while (!abort && !bytes.tryAcquire(kib, 100, TimeUnit.MILLISECONDS)) {
                // wait for the writer to drain the queue
            }
            if (abort) {
                return false;
            }
            put(batch);
            return true;
        }

        /** Queues END, a failure or an exception for the writer. */
        void put(Object item) throws InterruptedException {
            while (!abort && !full.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // wait for room
            }
        }

        /** The next item for the writer, or null after 100 ms without one. */
        Object takeFull() throws InterruptedException {
            return full.poll(100, TimeUnit.MILLISECONDS);
        }

        /** Empties a written batch, gives its bytes back to the budget and returns it to the pool. */
        void recycle(RowBatch batch) {
            int kib = kib(batch.bytes());
            batch.clear();
            bytes.release(kib);
            free.add(batch);
        }
    }

    /** The reader side of the pipeline, on its own thread. */
    private final class Reading implements Runnable {
        private final Connection src;
        private final Handoff handoff;

        Reading(Connection src, Handoff handoff) {
            this.src = src;
            this.handoff = handoff;
        }

        @Override
        public void run() {
            Thread.currentThread().setName("dmskit-read-" + table.source.id().name() + "-" + segment.number);
            try (RowReader reader = run.sourceEngine.reader().open(src,
                    new ReadRequest(table.source, table.sourceColumns, segment.range, run.settings.fetchSize()))) {
                boolean more = true;
                while (more && !handoff.abort) {
                    RowBatch batch = handoff.takeFree();
                    if (batch == null) {
                        return;
                    }
                    try {
                        more = reader.next(batch);
                    } catch (ValueException e) {
                        handoff.put(new ReadFailure(e, batch));
                        return;
                    }
                    if (batch.isEmpty()) {
                        handoff.returnEmpty(batch);
                        continue;
                    }
                    if (!handoff.putFull(batch)) {
                        return;
                    }
                }
                if (!handoff.abort) {
                    handoff.put(END);
                }
            } catch (Throwable t) {
                try {
                    handoff.put(t);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
