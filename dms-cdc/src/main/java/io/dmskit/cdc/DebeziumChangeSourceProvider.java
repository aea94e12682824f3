package io.dmskit.cdc;

import io.dmskit.Endpoint;
import io.dmskit.cdc.internal.DmsOffsetBackingStore;
import io.dmskit.cdc.internal.FileStateStore;
import io.dmskit.cdc.internal.Jdbc;
import io.dmskit.cdc.internal.JdbcStateStore;
import io.dmskit.cdc.internal.JdbcUrl;
import io.dmskit.cdc.internal.StateRegistry;
import io.dmskit.cdc.internal.StateStore;
import io.dmskit.cdc.internal.ValueConverters;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeSource;
import io.dmskit.spi.ChangeSourceProvider;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.ChangeStateStorage;
import io.dmskit.spi.SourcePosition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The part of a {@link ChangeSourceProvider} on Debezium Embedded that every engine shares:
 * checking the source, preparing the stored state for the requested start, configuring and
 * starting the engine, and turning its records into {@link io.dmskit.spi.ChangeEvent}s (in
 * {@link DebeziumChangeSource}). An engine's provider supplies the engine-specific parts through
 * the protected methods. Stateless and thread-safe.
 *
 * <p>Debezium's settings that every source gets: the async engine with Connect records (no
 * JSON serialisation), {@code snapshot.mode=no_data} (dmskit's full load copies the data),
 * transaction metadata (to find transaction boundaries), heartbeats (to see that streaming
 * has started, and to move the position on while captured tables are idle), decimals as text
 * (exact, and NaN is visible), microsecond times, offsets in the task's
 * {@link ChangeStateStorage} through {@link DmsOffsetBackingStore}. Offsets are committed only
 * when the consumer acknowledges a position, so the source never forgets a change that was not
 * acknowledged.
 */
public abstract class DebeziumChangeSourceProvider implements ChangeSourceProvider {

    static {
        Logging.quietDebezium();
    }

    /** What capture needs to know about one table. */
    protected record TableInfo(Table table, Set<String> loggedBeforeColumns) {
        /**
         * @param table               the table as the source's catalog describes it, or null when it cannot be read
         * @param loggedBeforeColumns the columns that before images carry, or null when they carry all
         */
        public TableInfo {
        }
    }

    @Override
    public final ChangeSource open(ChangeSourceRequest request) {
        Endpoint source = request.source();
        if (!engine().equals(source.engine())) {
            throw new DmsException(ErrorCode.CONFIGURATION, "The " + engine() + " change source cannot capture "
                    + source.engine() + " source '" + source.name() + "' of task " + request.taskName());
        }
        try (Connection c = Jdbc.connect(source, "source")) {
            List<String> problems = serverProblems(c);
            if (!problems.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Task " + request.taskName() + " cannot capture changes of "
                        + engine() + " source '" + source.name() + "' (" + source.safeUrl() + "): " + String.join("; ", problems));
            }
            StateStore store = openStore(request.stateStorage());
            String stateId = StateRegistry.register(store, request.taskName());
            DebeziumChangeSource changes = null;
            try {
                boolean offsetsStored;
                SourcePosition now = null;
                switch (request.start()) {
                    case NOW -> {
                        store.deleteTask(request.taskName());
                        prepareNow(c, request);
                        now = startsNowFromReadPosition() ? positionBeforeStart(c, request) : null;
                        if (now != null) {
                            replaceOffsets(store, request, offset(now));
                        }
                        offsetsStored = now != null;
                    }
                    case POSITION -> {
                        checkPositionAvailable(c, request, request.startPosition());
                        replaceOffsets(store, request, offset(request.startPosition()));
                        offsetsStored = true;
                    }
                    default -> offsetsStored = !store.offsets(request.taskName()).isEmpty();
                }
                boolean historyStored = !store.history(request.taskName()).isEmpty();
                Map<String, String> props = new LinkedHashMap<>(commonProperties(request, stateId));
                props.putAll(connectorProperties(request, JdbcUrl.parse(source.jdbcUrl(), defaultPort()), offsetsStored, historyStored));
                props.putAll(JdbcUrl.debeziumTls(source.jdbcUrl(), source.properties())); // TLS as the endpoint's connections
                props.putAll(request.engineProperties());
                SourcePosition storedStart = request.start() == ChangeSourceRequest.Start.RESUME && offsetsStored
                        ? storedPosition(store, request) : now != null ? now : request.startPosition();
                if (request.start() == ChangeSourceRequest.Start.RESUME && storedStart != null) {
                    // Debezium would go on from wherever the source is now (a new slot, the oldest binlog)
                    checkPositionAvailable(c, request, storedStart);
                }
                changes = new DebeziumChangeSource(this, request, store, stateId, props, storedStart);
                changes.start();
                return changes;
            } catch (RuntimeException | SQLException e) {
                if (changes != null) {
                    changes.close();
                } else {
                    StateRegistry.unregister(stateId);
                    store.close();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.SOURCE_READ_FAILED, "Task " + request.taskName() + " cannot prepare change capture on "
                    + engine() + " source '" + source.name() + "' (" + source.safeUrl() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public final void deleteTaskState(Endpoint source, String taskName, ChangeStateStorage storage) {
        try (Connection c = Jdbc.connect(source, "source")) {
            deleteSourceState(c, taskName);
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.SOURCE_READ_FAILED, "Cannot delete the change capture state of task " + taskName
                    + " on " + engine() + " source '" + source.name() + "' (" + source.safeUrl() + "): " + e.getMessage(), e);
        }
        try (StateStore store = openStore(storage)) {
            store.deleteTask(taskName);
        }
    }

    static StateStore openStore(ChangeStateStorage storage) {
        return storage.kind() == ChangeStateStorage.Kind.FILE ? new FileStateStore(storage.file())
                : new JdbcStateStore(storage.endpoint(), storage.schema());
    }

    /** The name Debezium knows the engine by; it is the namespace of the stored offsets. */
    protected static String engineName(String taskName) {
        return "dmskit-" + taskName;
    }

    /** Debezium's {@code topic.prefix} for the task; it names the offsets' partition. */
    protected static String topicPrefix(String taskName) {
        return taskName;
    }

    private static Map<String, String> commonProperties(ChangeSourceRequest request, String stateId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", engineName(request.taskName()));
        p.put("topic.prefix", topicPrefix(request.taskName()));
        p.put("offset.storage", DmsOffsetBackingStore.class.getName());
        p.put(StateRegistry.PROPERTY, stateId);
        p.put("schema.history.internal." + StateRegistry.PROPERTY, stateId);
        p.put("offset.flush.interval.ms", "0");
        p.put("offset.flush.timeout.ms", "30000");
        p.put("snapshot.mode", "no_data");
        p.put("heartbeat.interval.ms", "1000");
        p.put("provide.transaction.metadata", "true");
        p.put("decimal.handling.mode", "string");
        p.put("time.precision.mode", "adaptive_time_microseconds");
        p.put("binary.handling.mode", "bytes");
        p.put("tombstones.on.delete", "false");
        // TRUNCATE events ('t'), which Debezium skips by default
        p.put("skipped.operations", "none");
        // how long Debezium's queue waits for a fuller batch: the floor of the capture's latency (50 gave a p99 of
        // ~105 ms end to end at 2,000 changes/s into PostgreSQL; benchmarks e2e-cdc)
        p.put("poll.interval.ms", "20");
        p.put("max.batch.size", Integer.toString(Math.max(256, Math.min(8192, request.maxBatchSize()))));
        p.put("max.queue.size", Integer.toString(Math.max(1024, Math.min(32768, request.bufferSize()))));
        // each column's source type, length and scale in its Connect schema, so that a type change at the source that
        // Debezium's own schema does not show (varchar(10) to varchar(50)) still makes a new schema, which the change
        // source compares with the catalog (a SCHEMA event for DdlApplier)
        p.put("column.propagate.source.type", ".*");
        p.put("table.include.list", request.tables().stream()
                .map(t -> regex(t.schema()) + "\\." + regex(t.name())).collect(Collectors.joining(",")));
        return p;
    }

    /**
     * A regular expression that matches exactly the name: every character but letters and
     * digits escaped, so that names with dots, quotes or commas (which Debezium's lists split
     * on, unless escaped) match only themselves.
     */
    protected static String regex(String name) {
        StringBuilder s = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) && cp < 128 || cp == '_') {
                s.appendCodePoint(cp);
            } else if (cp < 128) {
                s.append('\\').appendCodePoint(cp);
            } else {
                s.append(String.format("\\x{%x}", cp));
            }
        });
        return s.toString();
    }

    /** The user and password that Debezium connects with: the endpoint's, else the URL's. */
    protected static Map<String, String> credentials(Endpoint source, JdbcUrl url) {
        Map<String, String> p = new HashMap<>();
        String user = source.user() != null ? source.user() : url.params().getOrDefault("user", source.properties().get("user"));
        if (user != null) {
            p.put("database.user", user);
        }
        String password = !source.password().isEmpty() ? source.password().reveal() : url.params().get("password");
        p.put("database.password", password == null ? "" : password);
        return p;
    }

    private void replaceOffsets(StateStore store, ChangeSourceRequest request, Map<String, Object> offset) {
        Map<String, String> current = store.offsets(request.taskName());
        Map<String, String> next = new LinkedHashMap<>();
        current.keySet().forEach(k -> next.put(k, null));
        next.put(offsetKey(request.taskName()), json(offset, false));
        store.putOffsets(request.taskName(), next);
    }

    private SourcePosition storedPosition(StateStore store, ChangeSourceRequest request) {
        String value = store.offsets(request.taskName()).get(offsetKey(request.taskName()));
        if (value == null) {
            return null;
        }
        JsonConverter c = converter(false);
        Object map = c.toConnectData("", value.getBytes(StandardCharsets.UTF_8)).value();
        if (!(map instanceof Map<?, ?> m)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> offset = (Map<String, ?>) m;
        return position(offset);
    }

    /** The stored key of the task's offsets, as Kafka Connect's offset writer makes it. */
    private static String offsetKey(String taskName) {
        return json(Arrays.asList(engineName(taskName), Map.of("server", topicPrefix(taskName))), true);
    }

    private static String json(Object value, boolean key) {
        return new String(converter(key).fromConnectData("", null, value), StandardCharsets.UTF_8);
    }

    private static JsonConverter converter(boolean key) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "false"), key);
        return c;
    }

    /** Lower-case letters, digits and '_' of a name, for identifiers with a strict alphabet. */
    protected static String sanitized(String name, int max) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return s.length() > max ? s.substring(0, max) : s;
    }

    // ---- engine-specific parts ----

    /** The port of the engine's JDBC URLs when they name none. */
    protected abstract int defaultPort();

    /**
     * Everything about the server's configuration that keeps it from change data capture, each a
     * sentence that names the setting and how to fix it; empty when capture can run.
     */
    protected abstract List<String> serverProblems(Connection source) throws SQLException;

    /** Prepares the source for a start from now (for example drops a replication slot left from an earlier run). */
    protected abstract void prepareNow(Connection source, ChangeSourceRequest request) throws SQLException;

    /**
     * Fails with {@link ErrorCode#CONTROL_STATE} when the source can no longer deliver the changes after the position.
     */
    protected abstract void checkPositionAvailable(Connection source, ChangeSourceRequest request, SourcePosition position)
            throws SQLException;

    /**
     * The source's current position, read before capture starts from now; null to take it after
     * the start ({@link #positionAfterStart}). Capture delivers only changes after it.
     */
    protected SourcePosition positionBeforeStart(Connection source, ChangeSourceRequest request) throws SQLException {
        return null;
    }

    /**
     * Whether a start from now is a start at {@link #positionBeforeStart}, given to the engine as
     * its offset. For engines with a schema history this makes the history begin at the start
     * position, so that a later restart at the start position finds the schema.
     */
    protected boolean startsNowFromReadPosition() {
        return false;
    }

    /** The position where capture from now started, read once it streams; null to take that of its first record. */
    protected SourcePosition positionAfterStart(Connection source, ChangeSourceRequest request) throws SQLException {
        return null;
    }

    /** The connector's own settings (connector class, connection, names, engine-specific modes). */
    protected abstract Map<String, String> connectorProperties(ChangeSourceRequest request, JdbcUrl url, boolean offsetsStored,
                                                               boolean historyStored);

    /** The position that a Debezium source offset stands for. */
    protected abstract SourcePosition position(Map<String, ?> offset);

    /** The Debezium source offset that resumes after a position (the inverse of {@link #position}). */
    protected abstract Map<String, Object> offset(SourcePosition position);

    /** The table of a change, from the record's {@code source} block. */
    protected abstract TableId tableId(Struct source);

    /** The source transaction's id, from the record's {@code source} block; null when it has none. */
    protected abstract String transactionId(Struct source);

    /** The commit time, from the record's {@code source} block. */
    protected abstract Instant commitTime(Struct source);

    /** How the engine's values are represented in Debezium's records. */
    protected abstract ValueConverters.Options valueOptions();

    /** The table's catalog description and the columns its before images carry. */
    protected abstract TableInfo describe(Connection source, TableId table) throws SQLException;

    /** Removes the task's objects on the source (a replication slot and publication); nothing when there are none. */
    protected abstract void deleteSourceState(Connection source, String taskName) throws SQLException;

    /**
     * A failure of the Debezium engine as a {@link DmsException} with a message for a person;
     * by default {@link ErrorCode#SOURCE_READ_FAILED} with the root cause's message.
     */
    protected DmsException explainFailure(ChangeSourceRequest request, String message, Throwable error) {
        Throwable root = error;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root == null ? message : root.getMessage();
        return new DmsException(ErrorCode.SOURCE_READ_FAILED, "Change capture of task " + request.taskName() + " from "
                + engine() + " source '" + request.source().name() + "' (" + request.source().safeUrl() + ") failed: "
                + request.source().password().redact(String.valueOf(detail)), error);
    }
}
