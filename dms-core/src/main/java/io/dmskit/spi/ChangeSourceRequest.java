package io.dmskit.spi;

import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.TableId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to capture and from where: the argument of {@link ChangeSourceProvider#open}. Built with
 * {@link #builder()}; {@link Builder#build()} checks every setting and reports all problems at
 * once. Immutable and thread-safe.
 *
 * <pre>{@code
 * ChangeSourceRequest request = ChangeSourceRequest.builder()
 *         .source(source).taskName("shop-to-pg")
 *         .tables(List.of(TableId.of("public", "orders"), TableId.of("public", "lines")))
 *         .stateStorage(ChangeStateStorage.jdbc(target))
 *         .startNow()                           // or startAt(position), or resume()
 *         .build();
 * }</pre>
 */
public final class ChangeSourceRequest {
    /** Task names: as {@code ReplicationTask} names. */
    private static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** Where capture starts. */
    public enum Start {
        /** With the changes committed after {@link ChangeSourceProvider#open} returns; earlier state of the task is discarded. */
        NOW,
        /** With the changes after {@link #startPosition()}. */
        POSITION,
        /** After the task's last acknowledged position, as kept in the state storage; like {@link #NOW} when there is none. */
        RESUME
    }

    private final Endpoint source;
    private final String taskName;
    private final List<TableId> tables;
    private final Start start;
    private final SourcePosition startPosition;
    private final ChangeStateStorage stateStorage;
    private final int maxBatchSize;
    private final int bufferSize;
    private final Duration startupTimeout;
    private final Map<String, String> engineProperties;

    private ChangeSourceRequest(Builder b) {
        this.source = b.source;
        this.taskName = b.taskName;
        this.tables = List.copyOf(new LinkedHashSet<>(b.tables));
        this.start = b.start;
        this.startPosition = b.startPosition;
        this.stateStorage = b.stateStorage;
        this.maxBatchSize = b.maxBatchSize;
        this.bufferSize = b.bufferSize;
        this.startupTimeout = b.startupTimeout;
        this.engineProperties = Map.copyOf(b.engineProperties);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The database whose changes are captured. */
    public Endpoint source() {
        return source;
    }

    /** The task's name; source-side objects (a PostgreSQL slot and publication) and stored state are named after it. */
    public String taskName() {
        return taskName;
    }

    /** The captured tables, as the source names them; no duplicates. */
    public List<TableId> tables() {
        return tables;
    }

    public Start start() {
        return start;
    }

    /** The position to start after, when {@link #start()} is {@link Start#POSITION}; null otherwise. */
    public SourcePosition startPosition() {
        return startPosition;
    }

    public ChangeStateStorage stateStorage() {
        return stateStorage;
    }

    /** The most changes in one {@link ChangeBatch}. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** The most changes captured ahead of the consumer; capture waits when the buffer is full. */
    public int bufferSize() {
        return bufferSize;
    }

    /** How long {@link ChangeSourceProvider#open} waits for capture to start before it fails. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /**
     * Settings passed to the capture engine as they are (for the Debezium-based sources: connector
     * properties such as {@code poll.interval.ms}); they win over dmskit's own. Immutable.
     */
    public Map<String, String> engineProperties() {
        return engineProperties;
    }

    @Override
    public String toString() {
        return "ChangeSourceRequest[task " + taskName + ", " + source + ", " + tables.size() + " tables, start " + start
                + (startPosition == null ? "" : " after " + startPosition) + ", state in " + stateStorage + "]";
    }

    /** Builds a {@link ChangeSourceRequest}. Not thread-safe. */
    public static final class Builder {
        private Endpoint source;
        private String taskName;
        private final List<TableId> tables = new ArrayList<>();
        private Start start = Start.RESUME;
        private SourcePosition startPosition;
        private ChangeStateStorage stateStorage;
        private int maxBatchSize = 2048;
        private int bufferSize = 16_384;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> engineProperties = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder source(Endpoint source) {
            this.source = source;
            return this;
        }

        /** 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit. */
        public Builder taskName(String taskName) {
            this.taskName = taskName;
            return this;
        }

        /** The tables to capture (added to any given before). */
        public Builder tables(List<TableId> tables) {
            this.tables.addAll(tables);
            return this;
        }

        public Builder table(TableId table) {
            this.tables.add(table);
            return this;
        }

        /** Start with the changes committed after open returns, forgetting the task's stored state. */
        public Builder startNow() {
            this.start = Start.NOW;
            this.startPosition = null;
            return this;
        }

        /** Start with the changes after {@code position}. */
        public Builder startAt(SourcePosition position) {
            this.start = Start.POSITION;
            this.startPosition = position;
            return this;
        }

        /** Start after the last acknowledged position kept in the state storage (the default). */
        public Builder resume() {
            this.start = Start.RESUME;
            this.startPosition = null;
            return this;
        }

        public Builder stateStorage(ChangeStateStorage stateStorage) {
            this.stateStorage = stateStorage;
            return this;
        }

        /** The most changes in one batch; default 2048. */
        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** The most changes buffered ahead of the consumer; default 16384, at least the batch size. */
        public Builder bufferSize(int bufferSize) {
            this.bufferSize = bufferSize;
            return this;
        }

        /** How long open waits for capture to start; default 60 s. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** An engine setting passed as is; see {@link ChangeSourceRequest#engineProperties()}. */
        public Builder engineProperty(String key, String value) {
            this.engineProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @throws DmsException with {@link ErrorCode#CONFIGURATION} listing every invalid setting
         */
        public ChangeSourceRequest build() {
            List<String> p = new ArrayList<>();
            if (source == null) {
                p.add("source is required");
            }
            if (taskName == null || !TASK_NAME.matcher(taskName).matches()) {
                p.add("taskName must be 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, was "
                        + (taskName == null ? "null" : "'" + taskName + "'"));
            }
            if (tables.isEmpty()) {
                p.add("tables must name at least one table to capture");
            }
            if (tables.contains(null)) {
                p.add("tables must not contain null");
            }
            if (start == Start.POSITION && startPosition == null) {
                p.add("startAt needs a position; use startNow() to start from now");
            }
            if (startPosition != null && source != null && !startPosition.engine().equals(source.engine())) {
                p.add("the start position is a " + startPosition.engine() + " position but the source is " + source.engine());
            }
            if (stateStorage == null) {
                p.add("stateStorage is required: ChangeStateStorage.jdbc(endpoint) or ChangeStateStorage.file(path)");
            }
            if (maxBatchSize < 1) {
                p.add("maxBatchSize must be at least 1, was " + maxBatchSize);
            }
            if (bufferSize < Math.max(1, maxBatchSize)) {
                p.add("bufferSize must be at least maxBatchSize (" + maxBatchSize + "), was " + bufferSize);
            }
            if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
                p.add("startupTimeout must be positive, was " + startupTimeout);
            }
            if (!p.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Invalid change source request"
                        + (taskName == null ? "" : " of task '" + taskName + "'") + ": " + String.join("; ", p));
            }
            return new ChangeSourceRequest(this);
        }
    }
}
