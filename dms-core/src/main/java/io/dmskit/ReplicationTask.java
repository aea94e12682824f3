package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.internal.pool.ConnectionPool;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.internal.runtime.FullLoadRun;
import io.dmskit.spi.ChangeSourceProvider;
import io.dmskit.spi.ChangeStateStorage;
import io.dmskit.spi.SourcePosition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A migration from a source endpoint to a target endpoint: which tables (the mapping), how (the
 * migration type and settings). The one entry point for running a migration. Immutable and
 * thread-safe; {@link #start()} may be called again after a run ended, and resumes it.
 *
 * <pre>{@code
 * ReplicationTask task = ReplicationTask.builder().source(source).target(target).build();
 * TaskStatus status = task.run();   // or: try (TaskHandle h = task.start()) { ... }
 * }</pre>
 *
 * <p>A task is known by its {@link #name()}: the control tables in the target keep each task's
 * progress under its name, so a task started again with the same name resumes where it stopped.
 * Without an explicit name, the name is derived from the source URL, the target URL and the
 * mapping, so the same migration started again gets the same name.
 *
 * <p>Change data capture ({@link MigrationType#CDC}, {@link MigrationType#FULL_LOAD_AND_CDC})
 * needs a {@link ChangeSourceProvider} for the source's engine on the class path (module
 * {@code io.dmskit:dms-cdc}). Such a task runs until {@link TaskHandle#stop()}; it keeps the
 * source position up to which changes are applied in the target's control tables, and its
 * capture state on the source (a PostgreSQL replication slot) and in the control schema, so that
 * starting it again goes on exactly there. Stopping never deletes that state: call
 * {@link #deleteState()} when the task is retired.
 *
 * <pre>{@code
 * ReplicationTask task = ReplicationTask.builder().name("shop").source(source).target(target)
 *         .type(MigrationType.FULL_LOAD_AND_CDC).build();
 * try (TaskHandle run = task.start()) {
 *     run.awaitFullLoad(Duration.ofHours(1));   // CDC takes over here
 *     ...                                       // until cut-over
 *     run.stop();                               // at a committed transaction boundary
 * }
 * }</pre>
 */
public final class ReplicationTask {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final String name;
    private final Endpoint source;
    private final Endpoint target;
    private final TableMapping mapping;
    private final MigrationType type;
    private final TaskSettings settings;
    private final ReplicationInstance instance;
    private final List<TaskListener> listeners;
    private final SourcePosition startPosition;

    private ReplicationTask(Builder b, String name) {
        this.startPosition = b.startPosition;
        this.name = name;
        this.source = b.source;
        this.target = b.target;
        this.mapping = b.mapping;
        this.type = b.type;
        this.settings = b.settings;
        this.instance = b.instance;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    public Endpoint source() {
        return source;
    }

    public Endpoint target() {
        return target;
    }

    public TableMapping mapping() {
        return mapping;
    }

    public MigrationType type() {
        return type;
    }

    public TaskSettings settings() {
        return settings;
    }

    /** For a CDC task: the source position its first run starts after; null for "from now". */
    public SourcePosition startPosition() {
        return startPosition;
    }

    /** Starts the task, resuming an earlier run of it if the control tables hold one. Returns at once. */
    public TaskHandle start() {
        return start(StartMode.RESUME);
    }

    /** Starts the task on the instance's threads and returns at once; the handle reports progress and errors. */
    public TaskHandle start(StartMode mode) {
        return new FullLoadRun(name, source, target, mapping, settings, mode, instance, listeners, type, startPosition).start();
    }

    /**
     * Checks, before a run and without writing anything, what would stop or surprise it:
     * connectivity, the privileges the migration type needs, the source's CDC setup (PostgreSQL
     * {@code wal_level}, free replication slots and WAL senders; MySQL/MariaDB binlog on, ROW,
     * FULL row image, retention), tables without key, LOB columns and their largest values against
     * the LOB settings, unsupported types, and target tables that exist and conflict. Reads every
     * LOB column once to measure it. See {@link PremigrationAssessment}.
     */
    public PremigrationAssessment assess() {
        return new io.dmskit.internal.assess.PremigrationChecks(name, source, target, mapping, type, settings).run();
    }

    /**
     * Deletes the task's change data capture state: on the source (a PostgreSQL replication slot,
     * which otherwise keeps write-ahead log forever, and its publication), the capture offsets and
     * schema history in the target's control schema, and the source position stored there. The
     * next start of the task captures from a new start. Call it when the task is retired, never
     * while it runs; stopping a task never does it. Does nothing for state that is not there.
     *
     * @throws DmsException with {@link ErrorCode#CONTROL_STATE} when the task's capture still runs
     *         in this JVM, or the error of the source or target that could not be reached
     */
    public void deleteState() {
        ChangeSourceProvider provider = null;
        try {
            provider = ChangeSourceProvider.forEngine(source.engine());
        } catch (DmsException e) {
            if (type != MigrationType.FULL_LOAD) {
                throw e;
            }
        }
        if (provider != null) {
            provider.deleteTaskState(source, name, ChangeStateStorage.jdbc(target, settings.controlSchema()));
        }
        var engine = Engines.forEndpoint(target);
        ControlTables control = new ControlTables(engine.dialect(), settings.controlSchema());
        try (ConnectionPool pool = new ConnectionPool(target, "target", engine, 1); Connection c = pool.connection()) {
            control.ensure(c);
            control.deletePosition(c, name);
            c.commit();
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.TARGET_WRITE_FAILED, "Task " + name + ": cannot delete its stored source position in "
                    + settings.controlSchema() + "." + ControlTables.CDC_POSITIONS + " of " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the task to its end on the instance's threads and returns its status.
     *
     * @throws DmsException naming every error when the task did not complete
     */
    public TaskStatus run() {
        return run(StartMode.RESUME);
    }

    /** Like {@link #run()}, with a start mode. */
    public TaskStatus run(StartMode mode) {
        try (TaskHandle h = start(mode)) {
            return h.awaitCompletion(Duration.ofDays(36500)).throwIfFailed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DmsException(ErrorCode.STOPPED, "Task " + name + " was interrupted; start it again to resume.");
        }
    }

    @Override
    public String toString() {
        return "ReplicationTask[" + name + ", " + type + ", " + source + " -> " + target + ", " + mapping + "]";
    }

    /** Builds a {@link ReplicationTask}; {@link #build()} reports every problem at once. Not thread-safe. */
    public static final class Builder {
        private String name;
        private Endpoint source;
        private Endpoint target;
        private TableMapping mapping = TableMapping.includeAll();
        private MigrationType type = MigrationType.FULL_LOAD;
        private TaskSettings settings = TaskSettings.defaults();
        private ReplicationInstance instance = ReplicationInstance.shared();
        private final List<TaskListener> listeners = new ArrayList<>();
        private SourcePosition startPosition;

        private Builder() {
        }

        /**
         * For a {@link MigrationType#CDC} task: start after this native source position (a
         * PostgreSQL LSN, a binlog file:position or GTID set; see {@link SourcePosition}) instead of
         * from now. Used by the task's first run (and by {@link StartMode#RELOAD}); later runs go
         * on from the position stored in the control tables.
         */
        public Builder startPosition(SourcePosition position) {
            this.startPosition = position;
            return this;
        }

        /** The task's name: letters, digits, '_', '.', '-', at most 128. Its progress is stored under it. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder source(Endpoint source) {
            this.source = source;
            return this;
        }

        public Builder target(Endpoint target) {
            this.target = target;
            return this;
        }

        /** Which tables, under which names. Default: every table of every non-system schema. */
        public Builder mapping(TableMapping mapping) {
            this.mapping = mapping;
            return this;
        }

        /** Default {@link MigrationType#FULL_LOAD}. */
        public Builder type(MigrationType type) {
            this.type = type;
            return this;
        }

        public Builder settings(TaskSettings settings) {
            this.settings = settings;
            return this;
        }

        /** The runtime to run on. Default {@link ReplicationInstance#shared()}. */
        public Builder instance(ReplicationInstance instance) {
            this.instance = instance;
            return this;
        }

        public Builder listener(TaskListener listener) {
            if (listener != null) {
                listeners.add(listener);
            }
            return this;
        }

        /** @throws DmsException with {@link ErrorCode#CONFIGURATION} listing every problem */
        public ReplicationTask build() {
            List<String> p = new ArrayList<>();
            if (source == null) {
                p.add("source is required: source(Endpoint.jdbc(url)...build())");
            }
            if (target == null) {
                p.add("target is required: target(Endpoint.jdbc(url)...build())");
            }
            if (mapping == null) {
                p.add("mapping must not be null; leave it unset to select every table");
            }
            if (settings == null) {
                p.add("settings must not be null; leave them unset for the defaults");
            }
            if (instance == null) {
                p.add("instance must not be null; leave it unset for the shared instance");
            }
            if (type == null) {
                p.add("type is required: one of " + java.util.Arrays.toString(MigrationType.values()));
            } else if (type != MigrationType.FULL_LOAD) {
                if (source != null) {
                    try {
                        ChangeSourceProvider.forEngine(source.engine());
                    } catch (DmsException e) {
                        p.add("type " + type + " needs change data capture of the source's engine: " + e.getMessage());
                    }
                }
                if (settings != null && settings.validation() == ValidationMode.ONLY) {
                    p.add("validation " + settings.validation() + " is not available with type " + type + ": use"
                            + " ValidationMode.AFTER_FULL_LOAD (changed rows are re-validated after"
                            + " TaskSettings.revalidationDelay()) or NONE");
                }
            }
            if (startPosition != null && type != MigrationType.CDC) {
                p.add("startPosition needs type CDC (a FULL_LOAD_AND_CDC task captures from the start of its load), type is " + type);
            }
            if (startPosition != null && source != null && !startPosition.engine().equals(source.engine())) {
                p.add("startPosition is a " + startPosition.engine() + " position but the source is " + source.engine());
            }
            if (settings != null && settings.stopAfterCachedChangesApplied() && type != MigrationType.FULL_LOAD_AND_CDC) {
                p.add("settings.stopAfterCachedChangesApplied needs type FULL_LOAD_AND_CDC, type is " + type);
            }
            if (name != null && !NAME.matcher(name).matches()) {
                p.add("name must be 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, was '" + name + "'");
            }
            if (!p.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Invalid replication task: " + String.join("; ", p));
            }
            return new ReplicationTask(this, name != null ? name : derivedName());
        }

        private String derivedName() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update((source.safeUrl() + "\n" + target.safeUrl() + "\n" + mapping).getBytes(StandardCharsets.UTF_8));
                return source.engine() + "-to-" + target.engine() + "-" + HexFormat.of().formatHex(md.digest(), 0, 6);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every Java platform", e);
            }
        }
    }
}
