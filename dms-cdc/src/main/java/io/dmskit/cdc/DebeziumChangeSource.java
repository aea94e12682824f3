package io.dmskit.cdc;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.spi.OffsetCommitPolicy;
import io.dmskit.cdc.internal.Jdbc;
import io.dmskit.cdc.internal.StateRegistry;
import io.dmskit.cdc.internal.StateStore;
import io.dmskit.cdc.internal.ValueConverters;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeBatch;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.ChangeSource;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.SourcePosition;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ChangeSource} on a Debezium Embedded engine (the async engine, Connect records).
 *
 * <p>Threads: Debezium's threads convert each record into a dmskit {@link ChangeEvent} (so that
 * conversion overlaps with the consumer's work) and put it into a bounded queue, which holds
 * {@code bufferSize} entries; when it is full, capture waits. The consumer thread takes entries
 * in {@link #poll} and assembles batches. Transaction BEGIN/END records (Debezium's transaction
 * metadata) mark the boundaries; heartbeats move the position on.
 *
 * <p>Offsets: records are marked processed in Debezium only in {@link #acknowledge} (at most once
 * a second, and at close), and the offset commit policy commits at each of those. So the stored
 * offsets, and for PostgreSQL the replication slot's confirmed position, never pass a change that
 * the consumer has not acknowledged; they may lag it by a second, which a restart does not notice
 * (it starts from the consumer's own stored position).
 */
final class DebeziumChangeSource implements ChangeSource {
    private static final Logger LOG = LoggerFactory.getLogger(DebeziumChangeSource.class);
    private static final int MAX_UNACKNOWLEDGED = 4096;
    private static final long ACK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private enum Kind { DATA, BEGIN, END, TICK }

    /**
     * One Debezium record, converted: the event (DATA only) and the schema change found before it
     * (or null), its position (null for BEGIN), the record to mark processed. A schema change
     * travels with its row change so that no batch is cut between them (they share a position).
     */
    private record Entry(Kind kind, ChangeEvent schema, ChangeEvent event, SourcePosition position, Object record) {
        Entry(Kind kind, ChangeEvent event, SourcePosition position, Object record) {
            this(kind, null, event, position, record);
        }
    }

    /** How the rows of one table (one version of its schema) are converted; {@code catalog} is the table as read then, or null. */
    private record Shape(TableId table, List<String> columns, Field[] fields, ValueConverters.Converter[] converters,
                         boolean[] notLoggedBefore, io.dmskit.schema.Table catalog, ZeroRule[] zeroDates) {
        Object[] image(Struct row, boolean before) {
            Object[] out = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                if (before && notLoggedBefore != null && notLoggedBefore[i]) {
                    out[i] = ChangeEvent.UNAVAILABLE;
                    continue;
                }
                Object raw = row.get(fields[i]);
                out[i] = raw == null ? null : converters[i].convert(raw);
                if (zeroDates != null && zeroDates[i] != null && zeroDates[i].matches(out[i])) {
                    out[i] = zeroDates[i].zero();
                }
            }
            return out;
        }
    }

    private final DebeziumChangeSourceProvider provider;
    private final ChangeSourceRequest request;
    private final StateStore store;
    private final String stateId;
    private final Map<String, String> properties;
    private final ValueConverters.Options valueOptions;

    /**
     * How a zero date of a column arrives from the change stream: as NULL (when the column is NOT
     * NULL, a NULL can only be a zero date) and, for a TIMESTAMP, as the epoch (MySQL stores its
     * zero TIMESTAMP as epoch second 0, which is no other TIMESTAMP value).
     */
    private record ZeroRule(io.dmskit.schema.ZeroDate zero, boolean nullIsZero) {
        boolean matches(Object value) {
            if (value == null) {
                return nullIsZero;
            }
            return zero.kind() == io.dmskit.schema.TypeKind.TIMESTAMP_TZ && value instanceof java.time.OffsetDateTime t
                    && t.toEpochSecond() == 0 && t.getNano() == 0;
        }
    }
    private final BlockingQueue<Entry> queue;
    private final CountDownLatch started = new CountDownLatch(1);

    // Debezium's threads
    private final Map<Schema, Shape> shapes = new IdentityHashMap<>();
    /** The shape of each table's last row change, to see its columns change. */
    private final Map<TableId, Shape> lastShapes = new java.util.HashMap<>();
    private Connection catalog;
    private volatile DebeziumEngine.RecordCommitter<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> committer;

    // the consumer's thread
    private final ArrayDeque<Entry> pushback = new ArrayDeque<>();
    private final ArrayDeque<Entry> unacknowledged = new ArrayDeque<>();
    private SourcePosition startPosition;
    private SourcePosition current;
    private SourcePosition acknowledged;
    /** The latest position the consumer acknowledged that is not yet passed to Debezium; null when none. */
    private SourcePosition pendingAck;
    private long lastAckNanos;
    private boolean inTransaction;

    private volatile DmsException failure;
    private volatile boolean closed;
    private DebeziumEngine<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> engine;
    private ExecutorService executor;

    DebeziumChangeSource(DebeziumChangeSourceProvider provider, ChangeSourceRequest request, StateStore store, String stateId,
                         Map<String, String> properties, SourcePosition knownStart) {
        this.provider = provider;
        this.request = request;
        this.store = store;
        this.stateId = stateId;
        this.properties = properties;
        this.valueOptions = provider.valueOptions();
        this.queue = new LinkedBlockingQueue<>(request.bufferSize());
        this.startPosition = knownStart;
    }

    /** Starts the engine and waits until it streams (its first record, normally a heartbeat). */
    void start() {
        Properties props = new Properties();
        props.putAll(properties);
        if (startPosition == null) {
            startPosition = withSource(c -> provider.positionBeforeStart(c, request));
        }
        engine = DebeziumEngine.create(Connect.class)
                .using(props)
                .using(OffsetCommitPolicy.always())
                .using(this::completed)
                .notifying(this::handleBatch)
                .build();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dmskit-cdc-" + request.taskName());
            t.setDaemon(true);
            return t;
        });
        executor.execute(engine);
        long deadline = System.nanoTime() + request.startupTimeout().toNanos();
        try {
            while (!started.await(100, TimeUnit.MILLISECONDS)) {
                if (failure != null) {
                    throw failure;
                }
                if (System.nanoTime() > deadline) {
                    throw new DmsException(ErrorCode.SOURCE_READ_FAILED, "Change capture of task " + request.taskName()
                            + " from " + provider.engine() + " source '" + request.source().name() + "' did not start within "
                            + request.startupTimeout().toSeconds() + " s; the source may be unreachable or overloaded");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new DmsException(ErrorCode.STOPPED, "Opening change capture of task " + request.taskName() + " was interrupted");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (failure != null) {
            close();
            throw failure;
        }
        if (startPosition == null) {
            startPosition = withSource(c -> provider.positionAfterStart(c, request));
        }
        if (startPosition == null) {
            Entry first = queue.peek();
            startPosition = first != null && first.position() != null ? first.position() : null;
        }
        if (startPosition == null) {
            close();
            throw new DmsException(ErrorCode.INTERNAL, "Change capture of task " + request.taskName() + " started without a position");
        }
        current = startPosition;
        acknowledged = startPosition;
        LOG.info("Change capture of task {} from {} started at {}", request.taskName(), request.source().name(), startPosition);
    }

    private interface SourceWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withSource(SourceWork<T> work) {
        try (Connection c = Jdbc.connect(request.source(), "source")) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.SOURCE_READ_FAILED, "Task " + request.taskName() + " cannot read the position of "
                    + provider.engine() + " source '" + request.source().name() + "': " + e.getMessage(), e);
        }
    }

    // ---- Debezium's side ----

    private void completed(boolean success, String message, Throwable error) {
        if (!closed && failure == null) {
            failure = success
                    ? new DmsException(ErrorCode.SOURCE_READ_FAILED, "Change capture of task " + request.taskName()
                            + " stopped unexpectedly: " + message)
                    : provider.explainFailure(request, message, error);
            LOG.warn("Change capture of task {} failed: {}", request.taskName(), failure.getMessage());
        }
        closeCatalog();
    }

    private void handleBatch(List<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> records,
                             DebeziumEngine.RecordCommitter<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        this.committer = committer;
        for (io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord> r : records) {
            if (closed) {
                return;
            }
            Entry e;
            try {
                e = entry(r);
            } catch (RuntimeException ex) {
                DmsException f = new DmsException(ErrorCode.INTERNAL, "Change capture of task " + request.taskName()
                        + " cannot convert a change record at " + r.value().sourceOffset() + ": " + ex, ex);
                if (failure == null) {
                    failure = f;
                }
                throw f;
            }
            started.countDown();
            while (!queue.offer(e, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private Entry entry(io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord> r) {
        SourceRecord sr = r.value();
        Map<String, ?> offset = sr.sourceOffset();
        SourcePosition position = offset == null || offset.isEmpty() ? null : provider.position(offset);
        if (!(sr.value() instanceof Struct value)) {
            return new Entry(Kind.TICK, null, position, r);
        }
        Schema schema = value.schema();
        if (schema.field("op") != null) {
            return change(value, position, r);
        }
        if (schema.field("status") != null && schema.field("id") != null) {
            return "BEGIN".equals(value.getString("status")) ? new Entry(Kind.BEGIN, null, null, r) : new Entry(Kind.END, null, position, r);
        }
        return new Entry(Kind.TICK, null, position, r);
    }

    private Entry change(Struct value, SourcePosition position, Object record) {
        String op = value.getString("op");
        Struct source = value.getStruct("source");
        TableId table = provider.tableId(source);
        String tx = provider.transactionId(source);
        Instant commit = provider.commitTime(source);
        if ("t".equals(op)) {
            return new Entry(Kind.DATA, ChangeEvent.truncate(table, tx, commit, position), position, record);
        }
        if (!op.equals("c") && !op.equals("r") && !op.equals("u") && !op.equals("d")) {
            return new Entry(Kind.TICK, null, position, record); // logical decoding messages are not changes
        }
        Shape shape = shapes.get(value.schema());
        if (shape == null) {
            shape = shape(table, value.schema());
            shapes.put(value.schema(), shape);
        }
        // the table's columns as of its first change in this run, and whenever they change: the consumer compares
        // them with what it knows (the source cannot tell what changed before its first change of the table)
        ChangeEvent schemaChange = null;
        Shape previous = lastShapes.put(table, shape);
        if (previous == null || (previous != shape && (!previous.columns().equals(shape.columns()) || retyped(previous, shape)))) {
            if (previous != null) {
                LOG.info("Task {}: the columns of {} (or their types) changed from {} to {}", request.taskName(), table,
                        previous.columns(), shape.columns());
            }
            schemaChange = ChangeEvent.schema(table, shape.columns(), new ChangeEvent.SchemaChange(false, List.of(), shape.catalog()),
                    tx, commit, position);
        }
        Struct before = value.schema().field("before") == null ? null : value.getStruct("before");
        Struct after = value.schema().field("after") == null ? null : value.getStruct("after");
        ChangeEvent event = switch (op) {
            case "u" -> ChangeEvent.update(table, shape.columns(), before == null ? null : shape.image(before, true),
                    shape.image(after, false), tx, commit, position);
            case "d" -> ChangeEvent.delete(table, shape.columns(), shape.image(before, true), tx, commit, position);
            default -> ChangeEvent.insert(table, shape.columns(), shape.image(after, false), tx, commit, position);
        };
        return new Entry(Kind.DATA, schemaChange, event, position, record);
    }

    /**
     * Whether a column of both shapes has another type in the catalog of the newer: a type change
     * at the source (the Connect schema changed with it, since it carries each column's source
     * type, length and scale: {@code column.propagate.source.type}).
     */
    private static boolean retyped(Shape previous, Shape shape) {
        if (previous.catalog() == null || shape.catalog() == null) {
            return false;
        }
        for (String name : shape.columns()) {
            Column o = previous.catalog().column(name).orElse(null);
            Column n = shape.catalog().column(name).orElse(null);
            if (o != null && n != null && !o.type().equals(n.type())) {
                return true;
            }
        }
        return false;
    }

    private Shape shape(TableId table, Schema envelope) {
        Field rowField = envelope.field("after") != null ? envelope.field("after") : envelope.field("before");
        List<Field> fields = rowField.schema().fields();
        DebeziumChangeSourceProvider.TableInfo info = describe(table);
        List<String> columns = new ArrayList<>(fields.size());
        ValueConverters.Converter[] converters = new ValueConverters.Converter[fields.size()];
        boolean[] notLogged = info.loggedBeforeColumns() == null ? null : new boolean[fields.size()];
        ZeroRule[] zeroDates = null;
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            columns.add(f.name());
            DataType type = info.table() == null ? null : info.table().column(f.name()).map(Column::type).orElse(null);
            converters[i] = ValueConverters.of(type, f.schema(), valueOptions);
            ZeroRule zero = valueOptions.zeroDatesAsNull() && info.table() != null
                    ? zeroDateOf(info.table().column(f.name()).orElse(null)) : null;
            if (zero != null) {
                if (zeroDates == null) {
                    zeroDates = new ZeroRule[fields.size()];
                }
                zeroDates[i] = zero;
            }
            if (notLogged != null) {
                notLogged[i] = !info.loggedBeforeColumns().contains(f.name());
            }
        }
        return new Shape(table, List.copyOf(columns), fields.toArray(new Field[0]), converters, notLogged, info.table(), zeroDates);
    }

    /**
     * What a zero date of the column is, when the change stream delivers it as another value: a
     * TIMESTAMP column (whose epoch second 0 is the zero date); null for other columns.
     */
    private static ZeroRule zeroDateOf(Column c) {
        if (c == null) {
            return null;
        }
        io.dmskit.schema.TypeKind kind = c.type().kind();
        // NOT NULL DATE and DATETIME columns: MariaDbExactValues already delivers their zero dates
        return kind == io.dmskit.schema.TypeKind.TIMESTAMP_TZ
                ? new ZeroRule(new io.dmskit.schema.ZeroDate("0000-00-00 00:00:00", kind), !c.nullable()) : null;
    }

    private DebeziumChangeSourceProvider.TableInfo describe(TableId table) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (catalog == null) {
                    catalog = Jdbc.connect(request.source(), "source");
                }
                return provider.describe(catalog, table);
            } catch (SQLException | DmsException e) {
                closeCatalog();
                if (attempt == 1) {
                    LOG.warn("Task {}: cannot read the catalog of {} ({}); its values are converted by their Debezium types alone",
                            request.taskName(), table, e.getMessage());
                }
            }
        }
        return new DebeziumChangeSourceProvider.TableInfo(null, null);
    }

    private void closeCatalog() {
        Connection c = catalog;
        catalog = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // dropping it anyway
            }
        }
    }

    // ---- the consumer's side ----

    @Override
    public String engine() {
        return provider.engine();
    }

    @Override
    public String taskName() {
        return request.taskName();
    }

    @Override
    public SourcePosition startPosition() {
        return startPosition;
    }

    @Override
    public ChangeBatch poll(Duration timeout) throws InterruptedException {
        if (closed) {
            throw new DmsException(ErrorCode.STOPPED, "The change source of task " + request.taskName() + " is closed");
        }
        if (pendingAck != null && System.nanoTime() - lastAckNanos >= ACK_INTERVAL_NANOS) {
            acknowledgePending();
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        int max = request.maxBatchSize();
        List<ChangeEvent> events = new ArrayList<>();
        // entries taken since the last transaction boundary of this batch, to give back when the batch is cut there
        List<Entry> sinceBoundary = new ArrayList<>();
        Entry last = null;
        Entry boundary = null;
        int boundaryEvents = 0;
        while (true) {
            boolean wait = (events.isEmpty() && last == null) || inTransaction;
            Entry e = wait ? take(deadline) : takeNow();
            if (e == null) {
                break;
            }
            switch (e.kind()) {
                case BEGIN -> {
                    if (events.size() >= max) {
                        pushback.addFirst(e);
                        return finish(events, last, !inTransaction);
                    }
                    inTransaction = true;
                    sinceBoundary.add(e);
                }
                case DATA -> {
                    if (events.size() >= max) {
                        pushback.addFirst(e);
                        if (inTransaction && boundary != null && boundaryEvents > 0) {
                            return cutAtBoundary(events, sinceBoundary, boundary, boundaryEvents);
                        }
                        return finish(events, last, !inTransaction);
                    }
                    if (e.schema() != null) {
                        events.add(e.schema());
                    }
                    events.add(e.event());
                    sinceBoundary.add(e);
                    last = e;
                }
                case END -> {
                    inTransaction = false;
                    last = e;
                    boundary = e;
                    boundaryEvents = events.size();
                    sinceBoundary.clear();
                }
                case TICK -> {
                    if (!inTransaction && e.position() != null) {
                        last = e;
                        boundary = e;
                        boundaryEvents = events.size();
                        sinceBoundary.clear();
                    }
                }
                default -> throw new IllegalStateException(e.kind().toString());
            }
        }
        if (inTransaction && boundary != null && boundaryEvents > 0 && boundaryEvents < events.size()) {
            // the last transaction is still arriving: deliver the complete ones, keep it for the next poll
            return cutAtBoundary(events, sinceBoundary, boundary, boundaryEvents);
        }
        if (last == null && failure != null && pushback.isEmpty() && queue.isEmpty()) {
            throw failure;
        }
        return finish(events, last, !inTransaction);
    }

    private ChangeBatch cutAtBoundary(List<ChangeEvent> events, List<Entry> sinceBoundary, Entry boundary, int boundaryEvents) {
        for (int i = sinceBoundary.size() - 1; i >= 0; i--) {
            pushback.addFirst(sinceBoundary.get(i));
        }
        inTransaction = false;
        return finish(new ArrayList<>(events.subList(0, boundaryEvents)), boundary, true);
    }

    private ChangeBatch finish(List<ChangeEvent> events, Entry last, boolean endsTransaction) {
        if (last == null) {
            return ChangeBatch.of(List.of(), current, endsTransaction);
        }
        current = last.position();
        unacknowledged.addLast(last);
        if (unacknowledged.size() > MAX_UNACKNOWLEDGED) {
            // a consumer that never acknowledges: the oldest are not needed, a later position acknowledges them too
            unacknowledged.pollFirst();
        }
        return ChangeBatch.of(events, current, endsTransaction);
    }

    /** The next entry, waiting until the deadline; null at the deadline. Fails when capture failed and nothing is left. */
    private Entry take(long deadline) throws InterruptedException {
        while (true) {
            Entry e = takeNow();
            if (e != null) {
                return e;
            }
            if (failure != null || closed) {
                return null;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            e = queue.poll(Math.min(left, SLICE_NANOS), TimeUnit.NANOSECONDS);
            if (e != null) {
                return e;
            }
        }
    }

    private Entry takeNow() {
        Entry e = pushback.pollFirst();
        return e != null ? e : queue.poll();
    }

    @Override
    public void acknowledge(SourcePosition position) {
        if (!position.engine().equals(provider.engine())) {
            throw new IllegalArgumentException("task " + request.taskName() + " captures " + provider.engine()
                    + ", not " + position.engine() + " (position " + position + ")");
        }
        if (closed || (acknowledged != null && position.compareTo(acknowledged) <= 0)) {
            return;
        }
        // each acknowledgement stores Debezium's offsets (a write and commit in the state store, and for PostgreSQL
        // the slot's flush position): done at most every ACK_INTERVAL, or it would cost a commit per applied batch
        pendingAck = position;
        if (System.nanoTime() - lastAckNanos >= ACK_INTERVAL_NANOS) {
            acknowledgePending();
        }
    }

    /** Marks the records up to the pending acknowledged position processed, so that Debezium stores its offsets. */
    private void acknowledgePending() {
        SourcePosition position = pendingAck;
        pendingAck = null;
        lastAckNanos = System.nanoTime();
        if (position == null || closed) {
            return;
        }
        Entry last = null;
        while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().position().compareTo(position) <= 0) {
            last = unacknowledged.pollFirst();
        }
        if (last == null) {
            return;
        }
        acknowledged = last.position();
        DebeziumEngine.RecordCommitter<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> c = committer;
        if (c == null) {
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord> record = (io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>) last.record();
            c.markProcessed(record);
            c.markBatchFinished();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // acknowledging is housekeeping: the consumer's stored position is what a restart uses
            LOG.warn("Task {}: cannot store the acknowledged position {}: {}", request.taskName(), position, e.toString());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        acknowledgePending();
        closed = true;
        queue.clear();
        if (engine != null) {
            for (int attempt = 0; ; attempt++) {
                try {
                    engine.close();
                    break;
                } catch (IllegalStateException e) {
                    // "cannot stop engine while tasks are starting", or already stopped (after a failure)
                    if (attempt >= 300 || failure != null || String.valueOf(e.getMessage()).contains("already")) {
                        break;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                } catch (IOException e) {
                    LOG.warn("Task {}: stopping Debezium failed: {}", request.taskName(), e.toString());
                    break;
                }
            }
        }
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        StateRegistry.unregister(stateId);
        store.close();
        closeCatalog();
    }

    @Override
    public String toString() {
        return "DebeziumChangeSource[task " + request.taskName() + ", " + provider.engine() + " " + request.source().name()
                + ", at " + current + "]";
    }
}
