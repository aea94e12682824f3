package io.dmskit.internal.runtime;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.internal.convert.CoercingConverter;
import io.dmskit.internal.convert.LobLimit;
import io.dmskit.internal.policy.ErrorPolicy;
import io.dmskit.internal.policy.StopTaskException;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one segment: a reader thread fills batches from the source into a bounded queue, and the
 * calling thread converts them and writes them to the target, committing every commitRate rows.
 * The segment's DONE mark in the control tables commits in the same transaction as its last rows.
 * Memory is bounded by the number of batches (queue + 2) and by the bytes held in the queue.
 *
 * <p><b>Bad rows.</b> A value that does not convert, a LOB over {@code LobMaxSize} (limited LOB
 * mode) or a value the writer cannot encode names its row: the row follows the task's error policy
 * ({@link ErrorPolicy}) and the rest of the batch goes on. A row that the target refuses while it
 * bulk-loads (a COPY or LOAD DATA that fails as a whole) cannot be told apart from the rows loaded
 * with it, and the target has rolled back the rows since the last commit: the segment is then
 * cleared and copied again batch by batch, each batch under a savepoint, and a batch that fails is
 * split in halves until the refused rows are found; each of them follows the policy, the others
 * load. The fast path does none of this: it only starts after a failure.
 *
 * <p>Rows recorded by {@code LOG_ERROR} go to the apply-exceptions control table in the same
 * transaction as the rows committed with them, so that a rolled-back interval leaves no record and
 * a resumed segment records its bad rows once.
 */
final class SegmentCopier {
    private static final Object END = new Object();
    private static final Logger LOG = LoggerFactory.getLogger(SegmentCopier.class);

    private final FullLoadRun run;
    private final Segment segment;
    private final TablePlan table;
    private final ErrorPolicy policy;
    /** Bad rows of the uncommitted interval to record when it commits. */
    private final List<ControlTables.ApplyException> pending = new ArrayList<>();
    private final List<String> pendingKeys = new ArrayList<>();
    /** Bad rows already decided and committed by this copier, by key: a redo of the segment does not count or record them again. */
    private final Set<String> decided = new HashSet<>();
    private RowBatch scratch;

    SegmentCopier(FullLoadRun run, Segment segment) {
        this.run = run;
        this.segment = segment;
        this.table = segment.table;
        this.policy = run.errorPolicy();
    }

    /** Copies the segment; rows committed are added to the table's counters as they commit. */
    void copy() throws SQLException, InterruptedException {
        if (pipe()) {
            return;
        }
        try {
            copy(false);
        } catch (BulkRefused r) {
            // the target refused a row of a bulk load and rolled back the interval: find it batch by batch
            LOG.warn("Task {}, {}: the target refused a row of a bulk load ({}); copying the segment again batch by batch"
                    + " to find the refused rows", run.taskName, segment, r.error.reason());
            if (segment.rows > 0) {
                if (!run.clearSegment(segment)) {
                    throw dataError(r.error, null);
                }
                table.rows.addAndGet(-segment.rows);
                segment.rows = 0;
            }
            copy(true);
        }
    }

    /**
     * PostgreSQL to PostgreSQL, when every column has the same type on both sides and nothing
     * changes the values (no fixer, masking, filter, added column or LOB over the limit): the segment's binary COPY bytes
     * go to the target unchanged ({@link io.dmskit.postgres.PgPipe}), in one target transaction
     * with the segment's DONE mark. False when the segment cannot be piped, or when the pipe
     * failed: its rows were rolled back and the row path copies the segment, with its checks
     * and error policy (and its retries of a lost connection).
     */
    private boolean pipe() throws SQLException {
        if (!"postgresql".equals(run.sourceEngine.engine()) || !"postgresql".equals(run.targetEngine.engine())
                || segment.rows != 0 || table.fixers != null || table.masking != null || !table.filter.isEmpty()
                || table.addedValues != null) {
            return false;
        }
        try (Connection src = run.source.connection(); Connection dst = run.target.connection()) {
            io.dmskit.postgres.PgPipe pipe = io.dmskit.postgres.PgPipe.plan(src, dst, run.sourceEngine.dialect(),
                    new ReadRequest(table.source, table.sourceColumns, segment.range, run.settings.fetchSize(), table.filter).withPartitions(KeyRanges.partitions(run, segment)),
                    table.target.id(), table.targetColumns.stream().map(io.dmskit.schema.Column::name).toList(),
                    table.lobSettings(run.settings.lobSettings()).maxLobBytes());
            if (pipe == null) {
                return false;
            }
            io.dmskit.postgres.PgPipe.Copied copied;
            try {
                copied = pipe.copy(src, dst);
                if (copied == null) {       // a LOB over LobMaxSize: the row path sends it to the error policy
                    rollbackQuietly(src);
                    return false;
                }
                run.control.markSegment(dst, run.taskName, table.source.id(), segment.number, Segment.DONE, copied.rows());
                dst.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(dst);
                run.source.discard(src);
                LOG.info("Task {}, {}: the COPY pipe failed ({}); copying the segment row by row", run.taskName, segment,
                        e.getMessage());
                return false;
            }
            rollbackQuietly(src);
            segment.state = Segment.DONE;
            committed(copied.rows(), copied.bytes());
            return true;
        }
    }

    private void copy(boolean careful) throws SQLException, InterruptedException {
        var settings = run.settings;
        Handoff handoff = new Handoff(settings.queueBatches(), settings.batchSize(), width(), settings.queueBytes());
        // the added columns' values are computed as their target columns' values: the type conversion passes them
        List<io.dmskit.schema.DataType> addedTypes = table.addedColumns.stream().map(io.dmskit.schema.Column::type).toList();
        CoercingConverter converter = CoercingConverter.of(concat(table.sourceTypes(), addedTypes),
                concat(table.targetTypes(), addedTypes));
        io.dmskit.internal.mapping.AddedColumns added = table.addedValues == null ? null : table.addedValues.get();
        LobLimit lobs = LobLimit.of(table.sourceColumns, table.lobSettings(settings.lobSettings()));
        pending.clear();
        pendingKeys.clear();

        try (Connection src = run.source.connection(); Connection dst = run.target.connection()) {
            Reading reading = new Reading(src, handoff);
            Future<?> reader = io.dmskit.internal.InstanceAccess.executor(run.instance).submit(reading);
            long uncommitted = 0;
            long uncommittedBytes = 0;
            boolean failed = false;
            try (BatchWriter writer = run.targetEngine.writer().open(dst, new WriteRequest(table.target, table.writtenColumns()))) {
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
                        // the reader cannot go on past a value it cannot read: the table is suspended whatever the policy
                        DmsException e = dataError(f.error(), f.batch());
                        recordAlone(f.batch(), f.error(), e.getMessage() + " The source reader cannot go on past it: the table is suspended.");
                        throw e;
                    }
                    if (item instanceof Throwable t) {
                        throw rethrow(t);
                    }
                    RowBatch batch = (RowBatch) item;
                    long batchBytes = batch.bytes();
                    RowBatch good = prepare(batch, added, converter, lobs);
                    int written = good.size();
                    if (written > 0) {
                        written = careful ? writeCarefully(writer, dst, good) : writeFast(writer, good);
                    }
                    uncommitted += written;
                    uncommittedBytes += batchBytes;
                    handoff.recycle(batch);
                    if (uncommitted >= settings.commitRate()) {
                        flush(writer);
                        writeRecords(dst);
                        dst.commit();
                        committed(uncommitted, uncommittedBytes);
                        uncommitted = 0;
                        uncommittedBytes = 0;
                    }
                }
                flush(writer);
                writeRecords(dst);
                run.control.markSegment(dst, run.taskName, table.source.id(), segment.number, Segment.DONE,
                        segment.rows + uncommitted);
                dst.commit();
                segment.state = Segment.DONE;
                committed(uncommitted, uncommittedBytes);
            } catch (Throwable t) {
                handoff.abort = true;
                rollbackQuietly(dst);
                failed = true;
                throw t;
            } finally {
                handoff.abort = true;
                try {
                    reader.get(60, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // the reader's own failure was delivered through the queue, or the writer's failure is thrown
                }
                if (failed) {
                    // the source's read may have been cut off mid-stream (a COPY still sending): the connection is not
                    // used again, or the next statement on it (a retry of this segment) would read the rest of that COPY
                    run.source.discard(src);
                }
            }
            rollbackQuietly(src);
        }
    }

    /** The values of a row: the source columns read, then the added columns. */
    private int width() {
        return table.sourceColumns.size() + table.addedColumns.size();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Checks LOB sizes, computes the added columns (from the source values, before any fixer) and
     * converts the batch; each row that fails follows the policy and is left out. Returns the batch
     * itself when every row is good, else a scratch batch of the good rows.
     */
    private RowBatch prepare(RowBatch batch, io.dmskit.internal.mapping.AddedColumns added, CoercingConverter converter,
                             LobLimit lobs) {
        int from = 0;
        RowBatch out = null;
        while (true) {
            int end = batch.size();
            ValueException error = null;
            if (lobs != null) {
                try {
                    lobs.check(batch, from);
                } catch (ValueException e) {
                    error = e;
                    end = e.row();
                }
            }
            if (added != null) {            // the add-column rules' values, from the source values as read (and masked)
                try {
                    added.convert(batch, from, end);
                } catch (ValueException e) {
                    error = e;
                    end = e.row();
                }
            }
            if (table.fixers != null) {     // the type rules' value fixers, before the type conversion (hook of SchemaPrep)
                try {
                    table.fixers.convert(batch, from, end);
                } catch (ValueException e) {
                    error = e;
                    end = e.row();
                }
            }
            if (converter != null) {
                try {
                    converter.convert(batch, from, end);
                } catch (ValueException e) {
                    error = e;
                    end = e.row();
                }
            }
            if (error == null) {
                if (out == null) {
                    return batch;
                }
                copyRows(batch, from, batch.size(), out);
                return out;
            }
            if (end < from || end >= batch.size()) {
                throw dataError(error, null);
            }
            if (out == null) {
                out = scratch();
            }
            copyRows(batch, from, end, out);
            badRow(batch.row(end), error);
            from = end + 1;
        }
    }

    /** Writes a batch on the fast path; a refused row that the writer names follows the policy, a bulk refusal redoes the segment. */
    private int writeFast(BatchWriter writer, RowBatch batch) throws SQLException {
        int written = 0;
        RowBatch rest = batch;
        while (true) {
            try {
                writer.write(rest);
                return written + rest.size();
            } catch (ValueException e) {
                if (fromServer(e) || e.row() < 0 || e.row() >= rest.size()) {
                    throw new BulkRefused(e);
                }
                // the rows before it are written, it and the rows after it are not; the writer goes on
                written += e.row();
                badRow(rest.row(e.row()), e);
                RowBatch next = new RowBatch(Math.max(1, rest.size() - e.row() - 1), rest.columns());
                copyRows(rest, e.row() + 1, rest.size(), next);
                if (next.isEmpty()) {
                    return written;
                }
                rest = next;
            }
        }
    }

    /**
     * Writes a batch under a savepoint and flushes it; when the target refuses it, rolls back to
     * the savepoint and writes the halves the same way, down to single rows, which are the bad
     * ones. Returns the rows written.
     */
    private int writeCarefully(BatchWriter writer, Connection dst, RowBatch batch) throws SQLException {
        Savepoint sp = dst.setSavepoint();
        try {
            writer.write(batch);
            writer.flush();
            dst.releaseSavepoint(sp);
            return batch.size();
        } catch (ValueException e) {
            try {
                writer.flush(); // ends a COPY left open by a row the writer refused before sending it
            } catch (ValueException | SQLException ignored) {
                // the rollback to the savepoint below discards whatever it was
            }
            dst.rollback(sp);
            if (batch.size() == 1) {
                badRow(batch.row(0), e);
                return 0;
            }
            int half = batch.size() / 2;
            RowBatch first = new RowBatch(half, batch.columns());
            copyRows(batch, 0, half, first);
            RowBatch second = new RowBatch(batch.size() - half, batch.columns());
            copyRows(batch, half, batch.size(), second);
            return writeCarefully(writer, dst, first) + writeCarefully(writer, dst, second);
        }
    }

    /** A row that cannot be loaded: decided by the policy, recorded, or the table suspended or the task stopped. */
    private void badRow(Object[] row, ValueException e) {
        String key = table.rowKey.length > 0 ? table.describeKey(row) : null;
        if (key != null && decided.contains(key)) {
            return; // decided and committed before this segment was copied again
        }
        ErrorPolicy.Kind kind = ErrorPolicy.isTruncation(e) ? ErrorPolicy.Kind.TRUNCATION : ErrorPolicy.Kind.DATA;
        ErrorPolicy.Decision d = policy.decide(table.source.id(), kind);
        String message = describe(e, row) + "; " + d.describe(policy, kind) + ".";
        switch (d.outcome()) {
            case IGNORE -> {
                if (d.count() == 1) {
                    LOG.warn("{} Further rows of the table left out by IGNORE_RECORD are counted, not logged.", message);
                }
            }
            case RECORD -> {
                LOG.warn(message);
                pending.add(exception(key, message));
                if (key != null) {
                    pendingKeys.add(key);
                }
            }
            case SUSPEND_TABLE -> {
                recordAlone(key, message); // with the rows recorded before it in the interval, which is rolled back
                throw new DmsException(ErrorCode.DATA_ERROR, message + " Fix the value in the source, exclude the column,"
                        + " or choose a target type that holds it, then reload the table.", e);
            }
            case STOP_TASK -> {
                recordAlone(key, message); // with the rows recorded before it in the interval, which is rolled back
                throw new StopTaskException(message + " Fix the value in the source, exclude the column, or choose a"
                        + " target type that holds it, then start the task again.", e);
            }
            default -> throw new IllegalStateException("no data error outcome " + d.outcome());
        }
    }

    private ControlTables.ApplyException exception(String key, String message) {
        return new ControlTables.ApplyException(table.source.id(), "LOAD", key, null, message);
    }

    /**
     * Records the row, and the rows of the interval recorded before it, in their own transaction,
     * since the copy's transaction is about to be rolled back.
     */
    private void recordAlone(String key, String message) {
        List<ControlTables.ApplyException> rows = new ArrayList<>(pending);
        rows.add(exception(key, message));
        pending.clear();
        try (Connection c = run.target.connection()) {
            run.control.recordApplyExceptions(c, run.taskName, rows);
            c.commit();
        } catch (SQLException x) {
            LOG.error("Task {}, table {}: cannot record the data error in the control tables: {}", run.taskName,
                    table.source.id(), x.getMessage());
        }
    }

    private void recordAlone(RowBatch batch, ValueException e, String message) {
        String key = batch != null && e.row() >= 0 && e.row() < batch.size() && table.rowKey.length > 0
                ? table.describeKey(batch.row(e.row())) : null;
        recordAlone(key, message);
    }

    /** Writes the recorded bad rows of the interval into the transaction about to commit. */
    private void writeRecords(Connection dst) throws SQLException {
        if (!pending.isEmpty()) {
            run.control.recordApplyExceptions(dst, run.taskName, pending);
        }
    }

    private static boolean fromServer(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private RowBatch scratch() {
        if (scratch == null) {
            scratch = new RowBatch(run.settings.batchSize(), width());
        }
        scratch.clear();
        return scratch;
    }

    /** Appends rows {@code from} (inclusive) to {@code to} (exclusive) of {@code src} to {@code dst}, sharing the values. */
    private static void copyRows(RowBatch src, int from, int to, RowBatch dst) {
        for (int r = from; r < to; r++) {
            Object[] row = src.row(r);
            System.arraycopy(row, 0, dst.addRow(), 0, row.length);
        }
    }

    private void flush(BatchWriter writer) throws SQLException {
        try {
            writer.flush();
        } catch (ValueException e) {
            throw new BulkRefused(e);
        }
    }

    private void committed(long rows, long bytes) {
        decided.addAll(pendingKeys);
        pending.clear();
        pendingKeys.clear();
        if (rows == 0) {
            return;
        }
        segment.rows += rows;
        table.rows.addAndGet(rows);
        table.bytes.addAndGet(bytes);
        run.rowsCommitted(table);
    }

    /** The failure of a row: task, table, row key, column and reason. */
    private String describe(ValueException e, Object[] row) {
        int n = table.sourceColumns.size();
        String column = e.column() >= 0 && e.column() < n ? table.sourceColumns.get(e.column()).name()
                : e.column() >= n && e.column() < width() ? table.addedColumns.get(e.column() - n).name() : "?";
        String target = e.column() >= 0 && e.column() < n ? table.targetColumns.get(e.column()).name()
                : e.column() >= n && e.column() < width() ? column : "?";
        String key = row != null ? "row " + table.describeKey(row) : "a row of " + segment;
        return "Task " + run.taskName + ", table " + table.source.id() + ", " + key + ", column " + column
                + (column.equals(target) ? "" : " (target column " + target + ")") + ": " + e.reason();
    }

    /** A data error with the task, table, row key and column named. */
    private DmsException dataError(ValueException e, RowBatch batch) {
        Object[] row = batch != null && e.row() >= 0 && e.row() < batch.size() ? batch.row(e.row()) : null;
        return new DmsException(ErrorCode.DATA_ERROR, describe(e, row)
                + ". Fix the value in the source, exclude the column, or choose a target type that holds it.", e);
    }

    /** The target refused a bulk load as a whole; the transaction's rows since the last commit are gone. */
    private static final class BulkRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ValueException error;

        BulkRefused(ValueException error) {
            super(error.getMessage(), error, false, false);
            this.error = error;
        }
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
            // the mapping's source filter is pushed down; its masking rules change values as they are read
            io.dmskit.spi.RowConverter masking = table.masking == null ? null : table.masking.get();
            try (RowReader reader = run.sourceEngine.reader().open(src,
                    new ReadRequest(table.source, table.sourceColumns, segment.range, run.settings.fetchSize(), table.filter).withPartitions(KeyRanges.partitions(run, segment)))) {
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
                    if (masking != null) {
                        masking.convert(batch);
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
