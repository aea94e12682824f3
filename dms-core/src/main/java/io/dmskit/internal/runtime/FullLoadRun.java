package io.dmskit.internal.runtime;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationInstance;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TableState;
import io.dmskit.TableStatistics;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskError;
import io.dmskit.TaskHandle;
import io.dmskit.TaskListener;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.cdc.ApplyTable;
import io.dmskit.internal.cdc.CdcLoop;
import io.dmskit.internal.cdc.ChangedKeys;
import io.dmskit.internal.cdc.CdcMetrics;
import io.dmskit.internal.cdc.ChangeApplier;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.internal.control.ControlTables.SegmentRow;
import io.dmskit.internal.control.ControlTables.TableRow;
import io.dmskit.internal.pool.ConnectionPool;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeSourceProvider;
import io.dmskit.spi.ChangeStateStorage;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.SourcePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One run of a task, and the {@link TaskHandle} that watches it. A coordinator thread
 * connects, reads the source catalog, maps and checks every table (failing before anything is
 * written when a table cannot be moved), prepares target tables, plans segments (or reads the
 * plan of an earlier run from the control tables), then runs the segments on the instance's
 * threads, at most maxParallelSegments at once, largest tables first.
 *
 * <p>With change data capture: a FULL_LOAD_AND_CDC task marks where capture starts (the source
 * keeps the changes from there in its log) before it prepares or reads any table, loads the
 * tables, then applies the changes from that mark on with a {@link CdcLoop} on the coordinator
 * thread, until stopped. A CDC task creates the target tables that are missing (it never drops
 * or empties one) and applies changes from now, from a given position, or from its stored one.
 */
public final class FullLoadRun implements TaskHandle {
    private static final Logger LOG = LoggerFactory.getLogger(FullLoadRun.class);

    final String taskName;
    final TaskSettings settings;
    final ReplicationInstance instance;
    private final Endpoint sourceEndpoint;
    private final Endpoint targetEndpoint;
    private final TableMapping mapping;
    private final StartMode startMode;
    private final List<TaskListener> listeners;
    private final MigrationType type;
    private final SourcePosition startPosition;
    private final io.dmskit.internal.policy.ErrorPolicy errorPolicy;

    ConnectionPool source;
    ConnectionPool target;
    EngineProvider sourceEngine;
    EngineProvider targetEngine;
    ControlTables control;

    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();
    private volatile long finishedNanos;
    private volatile TaskState state = TaskState.STARTING;
    private volatile boolean stopRequested;
    private volatile java.util.concurrent.Future<?> coordinator;
    private final List<TablePlan> tables = new CopyOnWriteArrayList<>();
    private final List<TaskError> errors = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final List<java.util.concurrent.Future<?>> validations = new CopyOnWriteArrayList<>();
    private final CountDownLatch fullLoadDone = new CountDownLatch(1);
    private final CdcMetrics cdcMetrics = new CdcMetrics();
    private final java.util.Set<TableId> suspended = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private ChangeSourceProvider changeProvider;
    /** Changed keys of the CDC re-validation; null when it is off. */
    private volatile ChangedKeys changedKeys;
    private volatile boolean revalidationDone;
    /** Changed rows waiting for re-validation per table, past which the table is compared as a whole. */
    static final int REVALIDATION_KEYS = 10_000;
    /** How long {@link #stop()} waits for the task to stop by itself before it interrupts it, and again after. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private volatile ControlTables.PositionRow storedPosition;
    /** Writes awsdms_status, awsdms_suspended_tables and awsdms_history when the settings switch them on; else null. */
    private volatile io.dmskit.internal.control.ControlReporter reporter;
    /** The target schema converted with the task's type rules; set by plan(). */
    private SchemaPrep schemaPrep;
    /** The DDL after the load of a DROP_AND_CREATE full load; null otherwise. */
    private PostLoad postLoad;
    /** Whether this run created the whole target schema before the load (so tables are not created one by one). */
    private boolean schemaCreated;
    /** The slots of segments and post-load statements: at most maxParallelSegments run at once. */
    private volatile Semaphore segmentSlots;
    /**
     * Tables created at the source during CDC (or found new, or not fully loaded, by a restart in
     * the CDC phase): loaded by the CDC loop once capture includes them, not by the full load.
     */
    private final Map<TableId, TablePlan> loadInCdc = new java.util.concurrent.ConcurrentHashMap<>();
    /** Source tables created during CDC that the DDL policy CREATE_TABLE IGNORE leaves out. */
    private final java.util.Set<TableId> ignoredTables = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The applier of the CDC phase, once it runs. */
    private volatile ChangeApplier cdcApplier;
    /** The state in the control tables of a table created at the source during CDC and left out (CREATE_TABLE IGNORE). */
    static final String IGNORED = "IGNORED";

    /** A FULL_LOAD run. */
    public FullLoadRun(String taskName, Endpoint source, Endpoint target, TableMapping mapping, TaskSettings settings,
                       StartMode startMode, ReplicationInstance instance, List<TaskListener> listeners) {
        this(taskName, source, target, mapping, settings, startMode, instance, listeners, MigrationType.FULL_LOAD, null);
    }

    /**
     * A run of any migration type.
     *
     * @param startPosition for a CDC task's first run: the source position to start after; null for now
     */
    public FullLoadRun(String taskName, Endpoint source, Endpoint target, TableMapping mapping, TaskSettings settings,
                       StartMode startMode, ReplicationInstance instance, List<TaskListener> listeners,
                       MigrationType type, SourcePosition startPosition) {
        this.type = type;
        this.startPosition = startPosition;
        this.taskName = taskName;
        this.sourceEndpoint = source;
        this.targetEndpoint = target;
        this.mapping = mapping;
        this.settings = settings;
        this.startMode = startMode;
        this.instance = instance;
        this.listeners = List.copyOf(listeners);
        this.warnings.addAll(settings.warnings());
        this.errorPolicy = new io.dmskit.internal.policy.ErrorPolicy(settings.errorBehavior());
    }

    /** The task's error policy, shared by its segments and its CDC (escalation counts are per table across both). */
    io.dmskit.internal.policy.ErrorPolicy errorPolicy() {
        return errorPolicy;
    }

    /** Deletes what the segment wrote so far, for a copy again from its start; false when its rows cannot be told apart. */
    boolean clearSegment(Segment s) throws SQLException {
        if (!(s.table.rangesClearable || s.table.segments.size() == 1)) {
            return false;
        }
        clear(s);
        return true;
    }

    /** Starts the coordinator on the instance's threads and returns at once. */
    public FullLoadRun start() {
        coordinator = io.dmskit.internal.InstanceAccess.executor(instance).submit(this::coordinate);
        return this;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    // ---- coordination -------------------------------------------------------------------------

    private void coordinate() {
        Thread.currentThread().setName("dmskit-task-" + taskName);
        try {
            sourceEngine = Engines.forEndpoint(sourceEndpoint);
            targetEngine = Engines.forEndpoint(targetEndpoint);
            int parallel = settings.maxParallelSegments();
            source = new ConnectionPool(sourceEndpoint, "source", sourceEngine, parallel + 1);
            // a full-load-and-CDC task applies changes while it loads: one more connection for the CDC loop
            target = new ConnectionPool(targetEndpoint, "target", targetEngine,
                    parallel + (type == MigrationType.FULL_LOAD_AND_CDC ? 2 : 1));
            control = new ControlTables(targetEngine.dialect(), settings.controlSchema());
            if (type != MigrationType.FULL_LOAD) {
                changeProvider = ChangeSourceProvider.forEngine(sourceEndpoint.engine());
            }
            plan();
            if (stopRequested) {
                finish();
                return;
            }
            state = TaskState.RUNNING;
            if (io.dmskit.internal.control.ControlReporter.wanted(settings)) {
                reporter = new io.dmskit.internal.control.ControlReporter(taskName, control, settings, this::status,
                        target::connection);
                reporter.start(io.dmskit.internal.InstanceAccess.executor(instance), Instant.now());
            }
            TaskStatus started = status();
            listeners.forEach(l -> notify(() -> l.taskStarted(started)));
            if (type == MigrationType.FULL_LOAD_AND_CDC && !stopRequested) {
                loadWhileApplying();
            } else {
                if (type != MigrationType.CDC) {
                    execute();
                }
                if (type != MigrationType.FULL_LOAD && errors.isEmpty() && !stopRequested) {
                    applyChanges(null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        } catch (DmsException e) {
            errors.add(new TaskError(e.code(), null, e.getMessage()));
            LOG.error("Task {} failed: {}", taskName, e.getMessage());
        } catch (SQLException e) {
            errors.add(new TaskError(ErrorCode.TARGET_WRITE_FAILED, null, "Task " + taskName
                    + " failed while preparing: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")"));
            LOG.error("Task {} failed while preparing", taskName, e);
        } catch (Throwable t) {
            errors.add(new TaskError(ErrorCode.INTERNAL, null, "Task " + taskName + " failed: " + t));
            LOG.error("Task {} failed", taskName, t);
        } finally {
            finish();
        }
    }

    private void finish() {
        if (finishedNanos != 0) {
            return;
        }
        for (TablePlan t : tables) {
            if (t.state == TableState.QUEUED || t.state == TableState.LOADING) {
                t.state = TableState.STOPPED;
            }
        }
        if (!errors.isEmpty()) {
            state = TaskState.FAILED;
        } else if (stopRequested) {
            state = TaskState.STOPPED;
        } else {
            state = TaskState.COMPLETED;
        }
        if (reporter != null) {
            reporter.finish();
        }
        closeQuietly(source);
        closeQuietly(target);
        finishedNanos = System.nanoTime();
        TaskStatus done = status();
        listeners.forEach(l -> notify(() -> l.taskFinished(done)));
        fullLoadDone.countDown();
        finished.countDown();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a pool only fails when it is already broken
            }
        }
    }

    /** Reads, maps, checks, prepares and plans every table; throws before writing anything when a table cannot be moved. */
    private void plan() throws SQLException {
        Dialect srcDialect = sourceEngine.dialect();
        Dialect dstDialect = targetEngine.dialect();
        Catalog catalog;
        java.util.Set<TableId> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Connection c = source.connection()) {
            catalog = srcDialect.readCatalog(c, id -> {
                seen.add(id);
                return mapping.selects(id);
            });
            c.rollback();
        }
        TableMapping.SelectionReport report;
        if (!settings.errorBehavior().failOnNoTablesCaptured() && catalog.tables().stream().noneMatch(t -> mapping.selects(t.id()))) {
            // FailOnNoTablesCaptured=false: a mapping that selects no table runs (with none) instead of failing
            report = new TableMapping.SelectionReport(List.of(), List.of(), List.of());
            warnings.add("Task " + taskName + ": the table mapping selects no table of the source; the task runs without"
                    + " tables (FailOnNoTablesCaptured=false)");
        } else {
            report = mapping.check(catalog, seen);
        }
        warnings.addAll(report.warnings());
        schemaPrep = SchemaPrep.convert(catalog, report.tables(), srcDialect, dstDialect,
                io.dmskit.internal.mapping.MappingRuntime.typeRules(mapping, settings.typeRules()));  // + change-data-type

        Map<TableId, TableRow> stored;
        Catalog existing;
        try (Connection c = target.connection()) {
            control.ensure(c);
            if (startMode == StartMode.RELOAD) {
                control.deleteTask(c, taskName);
                c.commit();
            }
            stored = control.tables(c, taskName);
            storedPosition = type == MigrationType.FULL_LOAD ? null : control.position(c, taskName);
            if (storedPosition != null && !storedPosition.engine().equals(sourceEndpoint.engine())) {
                throw new DmsException(ErrorCode.CONTROL_STATE, "Task " + taskName + ": the control tables hold a "
                        + storedPosition.engine() + " source position, but the source is " + sourceEndpoint.engine()
                        + ". Start the task with StartMode.RELOAD, or give it another name.");
            }
            List<TableId> targets = report.tables().stream().map(TableMapping.MappedTable::target).toList();
            existing = dstDialect.readCatalog(c, targets::contains);
            c.commit();
        }

        // Map every table and check every column before anything is written; report all problems at once.
        List<String> problems = new ArrayList<>();
        List<TablePlan> plans = new ArrayList<>();
        for (TableMapping.MappedTable mapped : report.tables()) {
            try {
                plans.add(mapTable(mapped, stored.get(mapped.source().id()), existing.table(mapped.target()).orElse(null))
                        .applyMapping(mapping));
            } catch (DmsException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            ErrorCode code = problems.stream().anyMatch(p -> p.contains("incompatible"))
                    ? ErrorCode.INCOMPATIBLE_TARGET_TABLE : ErrorCode.UNSUPPORTED_TYPE;
            throw new DmsException(code, problems.size() == 1 ? problems.get(0)
                    : "Task " + taskName + " cannot load " + problems.size() + " tables; nothing was written:\n- "
                    + String.join("\n- ", problems));
        }
        // the mapping's load-order first (higher loads first), then the largest tables first
        plans.sort(Comparator.comparingInt((TablePlan p) -> p.loadOrder).reversed()
                .thenComparing(Comparator.comparingLong(TablePlan::estimatedRows).reversed()));
        if (type == MigrationType.FULL_LOAD_AND_CDC && storedPosition == null && !stopRequested) {
            // before any table is prepared or read: every change after this mark reaches the target
            try (Connection c = target.connection()) {
                CdcLoop.markStart(capture(plans), control, c);
                storedPosition = control.position(c, taskName);
                c.commit();
            }
        }
        // tables that appeared at the source since an earlier run of the CDC phase: the DDL policy for new tables decides
        boolean cdcPhase = type == MigrationType.CDC || storedPosition != null
                && ControlTables.APPLYING.equals(storedPosition.phase());
        if (cdcPhase && settings.validation() != io.dmskit.ValidationMode.ONLY) {
            for (TablePlan p : plans) {
                if (isNewTable(stored, p) && settings.ddlPolicy(io.dmskit.DdlPolicy.Kind.CREATE_TABLE) == io.dmskit.DdlPolicy.FAIL) {
                    throw newTableFails(p.source.id(), storedPosition.position());
                }
            }
        }
        prepareSchema(plans, stored);
        for (TablePlan p : plans) {
            if (stopRequested) {
                return;
            }
            TableRow row = stored.get(p.source.id());
            if (type != MigrationType.FULL_LOAD && row != null && IGNORED.equals(row.state())) {
                ignoredTables.add(p.source.id());
                warnings.add("Table " + p.source.id() + " was created at the source during CDC and is left out: the DDL"
                        + " policy for CREATE_TABLE was IGNORE. Reload the task (StartMode.RELOAD) to include it.");
                continue;
            }
            if (settings.validation() == io.dmskit.ValidationMode.ONLY) {
                p.state = TableState.COMPLETED;
                p.warnings.add("validation-only task: the table is compared, not loaded");
            } else if (isNewTable(stored, p)) {
                // new at the source since the last run: loaded once capture includes it (see CdcLoop.Host#newTables)
                if (cdcPhase && settings.ddlPolicy(io.dmskit.DdlPolicy.Kind.CREATE_TABLE) == io.dmskit.DdlPolicy.IGNORE) {
                    ignoreNewTable(p);
                    continue;
                }
                LOG.info("Task {}: table {} is new at the source since the last run; it is loaded once capture includes it",
                        taskName, p.source.id());
                prepareAndSegment(p, null, false);
                loadInCdc.put(p.source.id(), p);
            } else if (type == MigrationType.CDC && row != null && !row.state().equals("COMPLETED")
                    && !row.state().equals(CdcLoop.SUSPENDED)) {
                // created at the source during an earlier run, whose load of it did not finish
                prepareAndSegment(p, row);
                if (p.state != TableState.COMPLETED) {
                    loadInCdc.put(p.source.id(), p);
                }
            } else if (type == MigrationType.CDC) {
                prepareForChanges(p, row);
            } else {
                prepareAndSegment(p, row);
                if (cdcPhase && p.state != TableState.COMPLETED) {
                    // the full load ended before the CDC phase began: an unfinished table was created at the source during it
                    loadInCdc.put(p.source.id(), p);
                }
            }
            if (type != MigrationType.FULL_LOAD) {
                if (p.source.rowKey().isEmpty()) {
                    p.warnings.add("table has no primary key and no unique key on NOT NULL columns: its updates and deletes are"
                            + " applied by matching whole rows (one row per change), and a change applied again after a restart"
                            + (type == MigrationType.FULL_LOAD_AND_CDC ? " or during the load" : "") + " can duplicate a row");
                }
                if (row != null && CdcLoop.SUSPENDED.equals(row.state())) {
                    suspended.add(p.source.id());
                    p.state = TableState.ERROR;
                    p.error = "Task " + taskName + ", table " + p.source.id() + " was suspended by an earlier run because a change"
                            + " could not be applied (see " + settings.controlSchema() + "." + ControlTables.APPLY_EXCEPTIONS
                            + "); its changes are not applied. Reload the task (StartMode.RELOAD) after fixing the cause.";
                    warnings.add(p.error);
                }
            }
            tables.add(p);
        }
    }

    /**
     * Whether the table is new at the source since an earlier run of a task with CDC: the task has
     * a stored position and a plan, and the table is not in it.
     */
    private boolean isNewTable(Map<TableId, TableRow> stored, TablePlan p) {
        return type != MigrationType.FULL_LOAD && storedPosition != null && !stored.isEmpty()
                && !stored.containsKey(p.source.id());
    }

    private DmsException newTableFails(TableId table, String position) {
        return new DmsException(ErrorCode.CONFIGURATION, "Task " + taskName + ", table " + table + ": the table was created"
                + " at the source during CDC (after source position " + position + ") and the task's table mapping selects it,"
                + " but the task's DDL policy for CREATE_TABLE is FAIL. Nothing of it was created in the target. Exclude the"
                + " table from the mapping, or set the policy to IGNORE (the table is left out) or APPLY (it is created,"
                + " loaded and kept in step), then start the task again");
    }

    /** Records a new source table as left out (CREATE_TABLE IGNORE), so that later runs leave it out too. */
    private void ignoreNewTable(TablePlan p) throws SQLException {
        LOG.warn("Task {}: table {} was created at the source during CDC and matches the table mapping, but the DDL policy"
                + " for CREATE_TABLE is IGNORE: it is not created in the target and its changes are not applied", taskName,
                p.source.id());
        try (Connection c = target.connection()) {
            control.recordPlan(c, taskName, new TableRow(p.source.id(), p.target.id(), p.keyColumn, p.rangesClearable,
                    IGNORED, 0), List.of());
            c.commit();
        }
        ignoredTables.add(p.source.id());
        warnings.add("Table " + p.source.id() + " was created at the source during CDC and is left out: the DDL policy for"
                + " CREATE_TABLE is IGNORE");
    }

    /**
     * The CDC loop's look for new source tables: tables that the mapping selects, that capture
     * does not know and that are not left out. Each is handled by the DDL policy for CREATE_TABLE;
     * with APPLY its target table is created (as a full load of it would: converted by the task's
     * type rules, under the mapping's names, as the prep mode says) and its plan recorded, so that
     * a restart loads it when this run does not finish that.
     */
    private List<TableId> newSourceTables(java.util.Set<TableId> known) throws SQLException {
        Dialect srcDialect = sourceEngine.dialect();
        Dialect dstDialect = targetEngine.dialect();
        java.util.Set<TableId> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Catalog catalog;
        try (Connection c = source.connection()) {
            catalog = srcDialect.readCatalog(c, id -> {
                seen.add(id);
                return !known.contains(id) && !ignoredTables.contains(id) && mapping.selects(id);
            });
            c.rollback();
        }
        if (catalog.tables().isEmpty()) {
            return List.of();
        }
        TableMapping.SelectionReport report = mapping.check(catalog, seen);
        io.dmskit.DdlPolicy policy = settings.ddlPolicy(io.dmskit.DdlPolicy.Kind.CREATE_TABLE);
        SchemaPrep prep = SchemaPrep.convert(catalog, report.tables(), srcDialect, dstDialect,
                io.dmskit.internal.mapping.MappingRuntime.typeRules(mapping, settings.typeRules()));
        List<TableId> added = new ArrayList<>();
        for (TableMapping.MappedTable mapped : report.tables()) {
            TableId id = mapped.source().id();
            if (policy == io.dmskit.DdlPolicy.FAIL) {
                ControlTables.PositionRow at = storedPosition;
                throw newTableFails(id, cdcMetrics.position() != null ? cdcMetrics.position().toString()
                        : at == null ? "-" : at.position());
            }
            Table existing;
            try (Connection c = target.connection()) {
                existing = dstDialect.readCatalog(c, t -> t.equals(mapped.target())).table(mapped.target()).orElse(null);
                c.commit();
            }
            TablePlan p = mapTable(prep, mapped, null, existing).applyMapping(mapping);
            if (policy == io.dmskit.DdlPolicy.IGNORE) {
                ignoreNewTable(p);
                continue;
            }
            LOG.info("Task {}: table {} was created at the source and matches the table mapping: it is created as {} in the"
                    + " target, loaded, and its changes applied", taskName, id, p.target.id());
            prepareAndSegment(p, null, false);
            if (p.source.rowKey().isEmpty()) {
                p.warnings.add("table has no primary key and no unique key on NOT NULL columns: its updates and deletes are"
                        + " applied by matching whole rows, and its changes made while it was loaded can duplicate a row");
            }
            loadInCdc.put(id, p);
            tables.add(p);
            added.add(id);
        }
        return added;
    }

    /**
     * Loads a table created at the source during CDC (see {@link #newSourceTables}), on the
     * calling thread (the CDC loop's: the other tables' changes wait meanwhile in the source's
     * log), segment after segment.
     */
    private CdcLoop.Loaded loadNewTable(TableId id) {
        TablePlan p = loadInCdc.get(id);
        if (p == null) {
            return null;
        }
        String thread = Thread.currentThread().getName();
        try {
            for (Segment s : p.segments) {
                if (p.state == TableState.ERROR || stopRequested) {
                    break;
                }
                if (!s.state.equals(Segment.DONE)) {
                    runSegment(s);
                }
            }
        } finally {
            Thread.currentThread().setName(thread);
        }
        if (p.state != TableState.COMPLETED) {
            return null;
        }
        loadInCdc.remove(id);
        // its changes committed up to now may be in the loaded rows already: applied again without conflict checks
        Instant through = sourceClock();
        ChangeApplier a = cdcApplier;
        if (a != null) {
            a.admit(io.dmskit.internal.mapping.ChangeFilters.of(mapping, tables.stream().map(TablePlan::changeScope).toList()));
        }
        return new CdcLoop.Loaded(applyTable(p), through);
    }

    private ApplyTable applyTable(TablePlan p) {
        return new ApplyTable(p.source, p.target, p.fixedSourceColumns(), p.targetColumns, targetEngine.dialect(), p.fixers)
                .withAdded(p.added, p.addedColumns);
    }

    /**
     * With prep mode DROP_AND_CREATE (and a full load): on the first run, drops the target objects
     * of the converted schema and runs its pre-load DDL (schemas, enum types, sequences, tables with
     * their primary keys, defaults, identities and generated columns); and on every run, prepares
     * the post-load DDL, minus what an earlier run already built.
     */
    private void prepareSchema(List<TablePlan> plans, Map<TableId, TableRow> stored) throws SQLException {
        if (type == MigrationType.CDC || settings.prepMode() != TargetTablePrepMode.DROP_AND_CREATE
                || settings.validation() == io.dmskit.ValidationMode.ONLY || stopRequested) {
            return;
        }
        warnings.addAll(schemaPrep.warnings);
        warnings.addAll(schemaPrep.conversionWarnings());
        if (plans.stream().allMatch(p -> stored.get(p.source.id()) == null)) {
            List<String> ddl = new ArrayList<>(schemaPrep.schema.dropStatements());
            ddl.addAll(schemaPrep.schema.preLoad());
            try (Connection c = target.connection(); Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                for (String sql : ddl) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        throw new DmsException(ErrorCode.TARGET_WRITE_FAILED, "Task " + taskName + ": creating the target"
                                + " schema failed, nothing was loaded: " + e.getMessage() + " (SQLState " + e.getSQLState()
                                + "). Statement: " + sql + ". Fix the cause (or add a type rule) and start the task again.", e);
                    }
                }
            }
            schemaCreated = true;
        }
        for (TablePlan p : plans) {
            TableRow row = stored.get(p.source.id());
            String state = row == null ? "" : row.state();
            p.indexesBuilt = state.equals(PostLoad.INDEXED) || state.equals(PostLoad.LINKED);
            p.foreignKeysBuilt = state.equals(PostLoad.LINKED);
        }
        segmentSlots = new Semaphore(settings.maxParallelSegments());
        postLoad = new PostLoad(this, schemaPrep.schema, segmentSlots, errors::add, warnings::add,
                type == MigrationType.FULL_LOAD, settings.createTriggersAndRoutines());
    }

    /** A CDC task's table: created when missing (never dropped or emptied), recorded with no segments. */
    private void prepareForChanges(TablePlan p, TableRow stored) throws SQLException {
        Dialect dst = targetEngine.dialect();
        try (Connection c = target.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            if (!tableExists(c, p.target.id())) {
                st.execute(dst.createSchemaIfNotExists(p.target.id().schema()));
                createTable(st, dst, p);
            }
            c.setAutoCommit(false);
            if (stored == null) {
                control.recordPlan(c, taskName, new TableRow(p.source.id(), p.target.id(), p.keyColumn, p.rangesClearable,
                        "COMPLETED", 0), List.of());
            }
            c.commit();
        }
        p.state = TableState.COMPLETED;
    }

    private CdcLoop.Capture capture(List<TablePlan> plans) {
        return new CdcLoop.Capture(taskName, sourceEndpoint, plans.stream().map(p -> p.source.id()).toList(),
                ChangeStateStorage.jdbc(targetEndpoint, settings.controlSchema()), changeProvider, settings.applyBatchSize());
    }

    /**
     * The applier with the task's error policy. After this run's full load, the changes cached
     * during it (committed until now) are applied without conflict checks when
     * {@code FullLoadIgnoreConflicts} is on, as AWS DMS does.
     */
    private ChangeApplier applier(List<ApplyTable> applied) {
        ChangeApplier a = new ChangeApplier(applied, settings.batchApply(), errorPolicy, control, taskName);
        a.admit(io.dmskit.internal.mapping.ChangeFilters.of(mapping, tables.stream().map(TablePlan::changeScope).toList()));
        if (type == MigrationType.FULL_LOAD_AND_CDC && settings.errorBehavior().fullLoadIgnoreConflicts()) {
            a.ignoreConflictsThrough(sourceClock());
        }
        a.maxLobBytes(settings.lobSettings().maxLobBytes());
        for (TablePlan p : tables) {
            if (p.lobRule != null) {   // the table's lob-settings in the mapping
                a.maxLobBytes(p.source.id(), p.lobSettings(settings.lobSettings()).maxLobBytes());
            }
        }
        return a;
    }

    /**
     * The source database's clock now, in which the change events' commit times are: the end of
     * the changes cached during the full load. The JVM's clock could be ahead of the source's and
     * take changes made after the load for cached ones (harmless: they are written idempotently),
     * or behind it and check cached changes for conflicts that the load itself causes (rows left
     * out): the source's own clock has neither problem. The JVM's clock when the source cannot tell.
     */
    private Instant sourceClock() {
        String sql = switch (sourceEngine.engine()) {
            case "postgresql" -> "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS bigint)";
            case "mariadb", "mysql" -> "SELECT CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)";
            default -> null;
        };
        if (sql != null) {
            try (Connection c = source.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                if (rs.next()) {
                    long micros = rs.getLong(1);
                    c.rollback();
                    return Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS);
                }
            } catch (SQLException e) {
                LOG.warn("Task {}: cannot read the source's clock ({}); the end of the changes cached during the load is taken"
                        + " from this machine's clock", taskName, message(e));
            }
        }
        return Instant.now();
    }

    /**
     * A full-load-and-CDC run: the CDC loop runs on a thread of its own while the tables load. The
     * changes of a table whose load is not done are held, and applied once it is (with the
     * table's changes up to the end of its load written without conflict checks, when
     * {@code FullLoadIgnoreConflicts} is on); the changes of loaded tables are applied at once. A
     * failed load stops the loop (the task fails as before; a restart goes on from the stored
     * position, which never passes a held change).
     */
    private void loadWhileApplying() throws InterruptedException {
        // decided before any segment runs, so that every table that completes from now on is reported to the loop
        java.util.Set<TableId> loading = new java.util.HashSet<>();
        for (TablePlan p : tables) {
            if (p.state != TableState.COMPLETED && p.state != TableState.ERROR && !loadInCdc.containsKey(p.source.id())) {
                loading.add(p.source.id());
            }
        }
        gateLoading = java.util.Set.copyOf(loading);
        java.util.concurrent.Future<?> cdc = io.dmskit.internal.InstanceAccess.executor(instance).submit(() -> {
            Thread.currentThread().setName("dmskit-cdc-apply-" + taskName);
            try {
                applyChanges(gateLoading);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (DmsException e) {
                errors.add(new TaskError(e.code(), null, e.getMessage()));
                LOG.error("Task {} failed: {}", taskName, e.getMessage());
                stopRequested = true;
            } catch (RuntimeException e) {
                errors.add(new TaskError(ErrorCode.INTERNAL, null, "Task " + taskName + " failed: " + e));
                LOG.error("Task {} failed", taskName, e);
                stopRequested = true;
            }
        });
        try {
            execute();
            loadEnded = Instant.now();
            if (!errors.isEmpty()) {
                cdcStop = true;     // as before: a failed load ends the task; the held changes are read again at a restart
            } else if (!stopRequested && !cdc.isDone()) {
                revalidation = startRevalidation();
            }
            fullLoadDone.countDown();
            cdc.get();
            revalidationDone = true;
        } catch (java.util.concurrent.ExecutionException e) {
            errors.add(new TaskError(ErrorCode.INTERNAL, null, "Task " + taskName + ": the CDC loop failed: " + e.getCause()));
        } catch (InterruptedException e) {
            cdc.cancel(true);
            throw e;
        }
    }

    /** The tables whose changes the CDC loop holds until their load is done; set by {@link #loadWhileApplying}. */
    private volatile java.util.Set<TableId> gateLoading;
    /** Tables loaded since the CDC loop last asked. */
    private final java.util.concurrent.ConcurrentLinkedQueue<TableId> justLoaded = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** When this run's full load ended (null before). */
    private volatile Instant loadEnded;
    /** Counted down when the CDC loop has applied every change it held during the load. */
    private final CountDownLatch heldApplied = new CountDownLatch(1);
    /** Stops the CDC loop without stopping the task (its load failed). */
    private volatile boolean cdcStop;
    /** The re-validation of the CDC phase, or null. */
    private volatile java.util.concurrent.Future<?> revalidation;

    /**
     * The CDC phase: applies changes from the stored position (or from now) until stopped.
     *
     * @param loading with a full load running meanwhile: the tables whose load is not done; null otherwise
     */
    private void applyChanges(java.util.Set<TableId> loading) throws InterruptedException {
        List<ApplyTable> applied = new ArrayList<>();
        for (TablePlan p : tables) {
            if (!loadInCdc.containsKey(p.source.id())) {
                applied.add(applyTable(p));
            }
        }
        cdcApplier = applier(applied);
        CdcLoop loop = new CdcLoop(capture(tables), control, cdcApplier,
                new CdcLoop.Host() {
                    @Override
                    public Connection targetConnection() throws SQLException {
                        return target.connection();
                    }

                    @Override
                    public void tableSuspended(TableId source, String message) {
                        suspend(source, message);
                    }

                    @Override
                    public void committed(List<io.dmskit.spi.ChangeEvent> events) {
                        if (changedKeys != null) {
                            changedKeys.applied(events, System.nanoTime());
                        }
                    }

                    @Override
                    public List<TableId> newTables(java.util.Set<TableId> known) throws SQLException {
                        return newSourceTables(known);
                    }

                    @Override
                    public List<TableId> tablesToLoad() {
                        return List.copyOf(loadInCdc.keySet());
                    }

                    @Override
                    public CdcLoop.Loaded loadTable(TableId table) {
                        return loadNewTable(table);
                    }
                }, cdcMetrics, settings.maxRetries(), settings.retryBackoff(), Transients::isTransient, suspended)
                .retryPolicy(io.dmskit.internal.policy.RetryPolicy.of(settings));
        loop.ddl(new io.dmskit.internal.cdc.DdlApplier(taskName, mapping, targetEngine.dialect(), settings::ddlPolicy));
        if (loading != null) {
            loop.gate(new CdcLoop.Gate() {
                @Override
                public java.util.Set<TableId> loading() {
                    return loading;
                }

                @Override
                public Map<TableId, java.util.Optional<Instant>> takeLoaded() {
                    Map<TableId, java.util.Optional<Instant>> done = new java.util.HashMap<>();
                    for (TableId t; (t = justLoaded.poll()) != null; ) {
                        done.put(t, java.util.Optional.empty());
                    }
                    if (!done.isEmpty() && settings.errorBehavior().fullLoadIgnoreConflicts()) {
                        // read after the tables completed: their changes up to now may be in the loaded rows
                        Instant through = sourceClock();
                        done.replaceAll((t, none) -> java.util.Optional.of(through));
                    }
                    return done;
                }

                @Override
                public void drained() {
                    heldApplied.countDown();
                }
            });
        }
        ControlTables.PositionRow from = storedPosition;
        boolean stopAfterLoad = settings.stopAfterCachedChangesApplied() && type == MigrationType.FULL_LOAD_AND_CDC;
        java.util.function.Supplier<Instant> stopAfter;
        if (loading == null) {
            Instant at = stopAfterLoad ? Instant.now() : null;
            stopAfter = () -> at;
            revalidation = startRevalidation();
        } else {
            stopAfter = () -> stopAfterLoad ? loadEnded : null;
        }
        boolean ended;
        try {
            ended = loop.runUntil(from == null ? null : SourcePosition.of(from.engine(), from.position()), startPosition,
                    () -> stopRequested || cdcStop, stopAfter, loading == null ? fullLoadDone::countDown : () -> { });
        } finally {
            revalidationDone = true;
            java.util.concurrent.Future<?> revalidation = this.revalidation;
            if (revalidation != null) {
                try {
                    revalidation.get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    revalidation.cancel(true);
                    LOG.warn("Task {}: re-validation did not end within {} s of the stop; interrupted", taskName,
                            STOP_GRACE.toSeconds());
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.error("Task {}: re-validation failed", taskName, e.getCause());
                }
            }
        }
        if (ended) {
            LOG.info("Task {}: the full load is done and the changes captured during it are applied; stopping as asked"
                    + " (stopAfterCachedChangesApplied)", taskName);
        }
    }

    // ---- CDC re-validation -------------------------------------------------------------------

    /**
     * With CDC and {@link io.dmskit.ValidationMode#AFTER_FULL_LOAD}: starts comparing the rows that
     * the applier changes, each once it has been left unchanged for
     * {@link TaskSettings#revalidationDelay()} (and, in a FULL_LOAD_AND_CDC task, each loaded table
     * as a whole once no change was applied to it for the delay); null when off.
     *
     * <p>What "differs" means under CDC: the source moves on while the target catches up, so a
     * row is compared only after the delay since the last change to it was applied, and a row
     * found different is compared again after another delay; it is reported (in
     * {@code awsdms_validation_failures_v1}, the table's statistics and the log) only when it still differs,
     * no change to it was applied in between, and the applier has applied a source change
     * committed at or after the first finding (so a source change to the row still on its way
     * cannot explain it; on a source without further changes the report waits for the next one).
     * A row that changes again is simply compared later. Differences do not stop the task. A table whose key is not one integer
     * column, or one with more than {@value #REVALIDATION_KEYS} changed rows waiting, is compared
     * as a whole once it has been quiet for the delay; such a table's differences are reported
     * without the second comparison, and a table that never stays quiet that long is not compared.
     */
    private java.util.concurrent.Future<?> startRevalidation() {
        if (settings.validation() != io.dmskit.ValidationMode.AFTER_FULL_LOAD) {
            return null;
        }
        ChangedKeys keys = new ChangedKeys(settings.revalidationDelay().toNanos(), REVALIDATION_KEYS);
        long now = System.nanoTime();
        for (TablePlan p : tables) {
            List<String> key = p.source.rowKey();
            boolean integer = key.size() == 1
                    && p.source.column(key.get(0)).map(c -> c.type().kind().isInteger()).orElse(false);
            keys.track(p.source.id(), integer ? key.get(0) : null);
            if (type == MigrationType.FULL_LOAD_AND_CDC) {
                keys.wholeTableChanged(p.source.id(), now);
            }
        }
        changedKeys = keys;
        revalidationDone = false;
        return io.dmskit.internal.InstanceAccess.executor(instance).submit(() -> revalidate(keys));
    }

    private void revalidate(ChangedKeys keys) {
        Thread.currentThread().setName("dmskit-revalidate-" + taskName);
        long tick = Math.max(50, Math.min(1_000, settings.revalidationDelay().toMillis() / 4));
        io.dmskit.Validator validator = io.dmskit.Validator.builder().source(sourceEndpoint).target(targetEndpoint)
                .mapping(mapping).instance(instance).build();
        try (io.dmskit.internal.validate.KeyValidation kv = new io.dmskit.internal.validate.KeyValidation(validator)) {
            while (!revalidationDone && !stopRequested) {
                Thread.sleep(tick);
                long now = System.nanoTime();
                for (ChangedKeys.Due due : keys.takeDue(now)) {
                    TablePlan t = plan(due.table());
                    if (t == null || suspended.contains(due.table()) || t.state == TableState.ERROR) {
                        continue;
                    }
                    try {
                        revalidate(kv, keys, t, due, now);
                    } catch (SQLException | RuntimeException e) {
                        LOG.warn("Task {}: re-validation of table {} failed, it is tried again later: {}", taskName,
                                due.table(), message(e));
                        if (due.wholeTable()) {
                            keys.wholeTableChanged(due.table(), System.nanoTime());
                        } else {
                            keys.requeue(due.table(), due.keys(), System.nanoTime());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TablePlan plan(TableId source) {
        for (TablePlan t : tables) {
            if (t.source.id().equals(source)) {
                return t;
            }
        }
        return null;
    }

    private void revalidate(io.dmskit.internal.validate.KeyValidation kv, ChangedKeys keys, TablePlan t, ChangedKeys.Due due,
                            long now) throws SQLException {
        TableId table = due.table();
        List<io.dmskit.ValidationReport.RowDifference> report = new ArrayList<>();
        boolean byKey;
        try {
            byKey = kv.byKey(table);
        } catch (IllegalStateException e) {
            t.validationState = io.dmskit.ValidationState.ERROR;
            t.validation = new io.dmskit.ValidationReport.TableValidation(table, t.target.id(),
                    io.dmskit.ValidationReport.State.ERROR, 0, 0, 0, 0, 0, List.of(), Duration.ZERO, e.getMessage());
            return;
        }
        long compared;
        if (due.wholeTable()) {
            io.dmskit.ValidationReport.TableValidation v = io.dmskit.Validator.builder().source(sourceEndpoint)
                    .target(targetEndpoint).mapping(mapping).onlyTables(List.of(table)).instance(instance)
                    .maxDifferences(REVALIDATION_KEYS).build().validate().tables().get(0);
            if (v.state() == io.dmskit.ValidationReport.State.ERROR) {
                throw new IllegalStateException(v.error());
            }
            compared = v.rowsCompared();
            if (byKey) {
                // each differing row is compared once more by key after the delay
                for (io.dmskit.ValidationReport.RowDifference d : v.differences()) {
                    java.math.BigInteger k = integerKey(d.key().values().iterator().next());
                    if (k != null && !keys.changedSince(table, k, now)) {
                        keys.confirm(table, k, now);
                    }
                }
            } else if (!keys.changedSince(table, null, now)) {
                report.addAll(v.differences());
            }
        } else {
            List<io.dmskit.internal.validate.KeyValidation.Found> found = kv.compare(table, due.keys());
            compared = due.keys().size();
            java.util.Set<java.math.BigInteger> differing = new java.util.HashSet<>();
            for (io.dmskit.internal.validate.KeyValidation.Found f : found) {
                differing.add(f.key());
                if (keys.changedSince(table, f.key(), now)) {
                    continue;   // changed while it was compared: compared again later
                }
                if (keys.confirm(table, f.key(), now)) {
                    report.add(f.difference());
                }
            }
            for (java.math.BigInteger k : due.keys()) {
                if (!differing.contains(k)) {
                    keys.settled(table, k);
                }
            }
        }
        record(t, report, compared);
    }

    private static java.math.BigInteger integerKey(Object v) {
        if (v instanceof java.math.BigInteger b) {
            return b;
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toBigInteger();
        }
        return v instanceof Number n ? java.math.BigInteger.valueOf(n.longValue()) : null;
    }

    /** Adds the re-validation's reported rows to the control tables and the table's statistics. */
    private synchronized void record(TablePlan t, List<io.dmskit.ValidationReport.RowDifference> report, long compared)
            throws SQLException {
        io.dmskit.ValidationReport.TableValidation old = t.validation;
        long missing = old == null ? 0 : old.missing();
        long extra = old == null ? 0 : old.extra();
        long differing = old == null ? 0 : old.differing();
        List<io.dmskit.ValidationReport.RowDifference> first = new ArrayList<>(old == null ? List.of() : old.differences());
        List<String[]> failures = new ArrayList<>();
        for (io.dmskit.ValidationReport.RowDifference d : report) {
            switch (d.kind()) {
                case MISSING -> missing++;
                case EXTRA -> extra++;
                case DIFFERENT -> differing++;
            }
            if (first.size() < 100) {
                first.add(d);
            }
            failures.add(new String[]{d.kind().name(), d.key().toString(), d.columns().isEmpty() ? null : d.columns().toString()});
            LOG.warn("Task {}, table {}: re-validation found a row that differs from the source after the delay: {}",
                    taskName, t.source.id(), d);
        }
        if (!failures.isEmpty()) {
            try (Connection c = target.connection()) {
                control.appendValidationFailures(c, taskName, t.source.id(), failures);
                c.commit();
            }
        }
        boolean different = missing + extra + differing > 0;
        t.validation = new io.dmskit.ValidationReport.TableValidation(t.source.id(), t.target.id(),
                different ? io.dmskit.ValidationReport.State.DIFFERENT : io.dmskit.ValidationReport.State.CONSISTENT,
                (old == null ? 0 : old.rowsCompared()) + compared, missing, extra, differing, 0, first,
                old == null ? Duration.ZERO : old.elapsed(), null);
        t.validationState = different ? io.dmskit.ValidationState.DIFFERENT : io.dmskit.ValidationState.CONSISTENT;
    }

    private void suspend(TableId source, String message) {
        for (TablePlan t : tables) {
            if (t.source.id().equals(source)) {
                synchronized (t) {
                    t.state = TableState.ERROR;
                    t.error = message;
                }
                errors.add(new TaskError(ErrorCode.DATA_ERROR, source, message));
                TableStatistics snap = t.snapshot();
                listeners.forEach(l -> notify(() -> l.tableFailed(snap)));
            }
        }
    }

    /** Works out the target table and the columns of one table, or throws naming the table and column. */
    private TablePlan mapTable(TableMapping.MappedTable mapped, TableRow stored, Table existing) {
        return mapTable(schemaPrep, mapped, stored, existing);
    }

    private TablePlan mapTable(SchemaPrep schemaPrep, TableMapping.MappedTable mapped, TableRow stored, Table existing) {
        Dialect dst = targetEngine.dialect();
        boolean create = existing == null || (stored == null && settings.prepMode() == TargetTablePrepMode.DROP_AND_CREATE
                && type != MigrationType.CDC);
        Table target = create ? schemaPrep.targetTable(mapped).orElseThrow(() -> new DmsException(ErrorCode.UNSUPPORTED_TYPE,
                "Task " + taskName + ": table " + mapped.source().id() + " cannot be created in the target: "
                + schemaPrep.whyNot(mapped) + ". Exclude the table, add a type rule (TaskSettings.typeRules), or create"
                + " the table yourself and use prep mode DO_NOTHING.")) : existing;
        List<Column> sourceColumns = new ArrayList<>();
        List<Column> targetColumns = new ArrayList<>();
        List<DataType> fixedTypes = new ArrayList<>();
        List<io.dmskit.schema.TypeRules.Resolution> fixers = new ArrayList<>();
        List<String> incompatible = new ArrayList<>();
        List<String> lobsLeftOut = new ArrayList<>();
        for (TableMapping.MappedColumn mc : mapped.columns()) {
            String targetName = create ? schemaPrep.targetColumn(mapped, mc) : mc.targetName();
            Column tc = target.column(targetName).orElse(null);
            if (tc == null && create) {
                // the converter left the column out: name the table, the column and why (a type without equivalent)
                try {
                    io.dmskit.internal.mapping.MappingRuntime.typeRules(mapping, settings.typeRules())
                            .resolve(mapped.source(), mc.source(), sourceEngine.dialect(), dst);
                } catch (DmsException e) {
                    throw new DmsException(e.code(), "Table " + mapped.source().id() + ", column " + mc.source().name()
                            + ": " + e.getMessage(), e);
                }
            }
            if (tc == null) {
                incompatible.add("column " + targetName + " is missing");
                continue;
            }
            if (tc.isGenerated()) {
                continue;   // the target computes it: not written by the load or by CDC
            }
            if (!settings.lobSettings().supportLobs() && io.dmskit.internal.convert.LobLimit.isLob(mc.source().type().kind())
                    && !mapped.source().rowKey().contains(mc.source().name()) && tc.nullable()) {
                lobsLeftOut.add(mc.source().name());   // SupportLobs=false (hook of the error policies' helper)
                continue;
            }
            if (!create && !TypeFamilies.compatible(mc.source().type(), tc.type())) {
                incompatible.add("column " + mc.targetName() + " is " + tc.type().nativeName()
                        + " but the source column " + mc.source().name() + " is " + mc.source().type().nativeName());
                continue;
            }
            // the type rule's value fixer, where its result converts into the target column (always, for a created table)
            io.dmskit.schema.TypeRules.Resolution rule = schemaPrep.resolution(mapped, mc);
            DataType from = mc.source().type();
            if (rule != null && rule.hasValueFixer() && TypeFamilies.compatible(rule.type(), tc.type())) {
                try {
                    io.dmskit.internal.convert.Coercions.plan(rule.type(), tc.type());
                    from = rule.type();
                } catch (DmsException e) {
                    rule = null;
                }
            } else {
                rule = null;
            }
            try {
                io.dmskit.internal.convert.Coercions.plan(from, tc.type());
            } catch (DmsException e) {
                incompatible.add("column " + mc.targetName() + ": " + e.getMessage());
                continue;
            }
            sourceColumns.add(mc.source());
            targetColumns.add(tc);
            fixedTypes.add(from);
            fixers.add(rule);
        }
        if (!incompatible.isEmpty()) {
            throw new DmsException(ErrorCode.INCOMPATIBLE_TARGET_TABLE, "Target table " + target.id()
                    + " exists with an incompatible shape for source table " + mapped.source().id() + " (prep mode "
                    + settings.prepMode() + "): " + String.join("; ", incompatible)
                    + ". Use prep mode DROP_AND_CREATE, or change the target table or the table mapping.");
        }
        Table source = mapped.source();
        List<String> key = source.rowKey();
        String keyColumn = key.isEmpty() ? null : key.get(0);
        String targetKey = keyColumn == null ? null : mapped.targetColumn(keyColumn).orElse(null);
        if (create && targetKey != null) {
            targetKey = target.column(targetKey).isPresent() ? targetKey
                    : mapped.columns().stream().filter(c -> c.source().name().equals(keyColumn)).findFirst()
                    .map(c -> schemaPrep.targetColumn(mapped, c)).orElse(targetKey);
        }
        boolean clearable = keyColumn != null && targetKey != null
                && source.column(keyColumn).orElseThrow().type().kind().isInteger()
                && target.column(targetKey).map(c -> c.type().kind().isInteger() || c.type().kind() == io.dmskit.schema.TypeKind.DECIMAL).orElse(false);
        // Text keys are split by sampled bounds too, but their order depends on the engine's collation, so
        // such a table's unfinished segments cannot be cleared one by one: it is reloaded whole instead.
        boolean sampled = !clearable && keyColumn != null && targetKey != null
                && source.column(keyColumn).orElseThrow().type().kind().isCharacter();
        TablePlan plan = new TablePlan(source, target, sourceColumns, targetColumns,
                clearable || sampled ? keyColumn : null, clearable ? targetKey : null, clearable);
        plan.fixers = SchemaPrepValueFixers.of(fixers);
        plan.fixedTypes = List.copyOf(fixedTypes);
        if (!lobsLeftOut.isEmpty()) {
            plan.warnings.add("SupportLobs=false: LOB columns " + String.join(", ", lobsLeftOut) + " are left out of the task"
                    + " (NULL in the target)");
        }
        if (key.isEmpty()) {
            plan.warnings.add("table has no primary key and no unique key on NOT NULL columns: loaded as one segment; a retry reloads it whole");
        } else if (!clearable && !sampled) {
            plan.warnings.add("key column " + keyColumn + " is neither an integer nor text: loaded as one segment");
        }
        return plan;
    }

    /** Empties a table whose segments cannot be cleared one by one and marks all its segments to be loaded again. */
    private void resetTable(TablePlan p) throws SQLException {
        LOG.info("Task {}: table {} was loaded in part by an earlier run and its key ranges cannot be cleared one by one; reloading it whole",
                taskName, p.source.id());
        try (Connection c = target.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute(targetEngine.dialect().truncateTable(p.target.id()));
            c.setAutoCommit(false);
            control.markAllSegments(c, taskName, p.source.id(), Segment.PENDING);
            c.commit();
        }
        for (Segment s : p.segments) {
            s.state = Segment.PENDING;
            s.rows = 0;
        }
    }

    /** The source table with only the columns the mapping keeps, under their source names (so that messages name the source). */
    private static Table kept(TableMapping.MappedTable mapped) {
        Table s = mapped.source();
        List<String> names = mapped.sourceColumns().stream().map(Column::name).toList();
        return new Table(s.id(), mapped.sourceColumns(), s.primaryKey(),
                s.uniqueKeys().stream().filter(names::containsAll).toList(), s.estimatedRows());
    }

    /** A converted table under the mapping's target names. */
    private static Table renamed(Table converted, TableMapping.MappedTable mapped) {
        java.util.function.UnaryOperator<String> name = c -> mapped.targetColumn(c).orElse(c);
        return new Table(mapped.target(), converted.columns().stream().map(c -> c.withName(name.apply(c.name()))).toList(),
                converted.primaryKey().stream().map(name).toList(),
                converted.uniqueKeys().stream().map(uk -> uk.stream().map(name).toList()).toList(), converted.estimatedRows());
    }

    /** Prepares a table the first time the task loads it and records its segments; on resume, restores them. */
    private void prepareAndSegment(TablePlan p, TableRow stored) throws SQLException {
        prepareAndSegment(p, stored, schemaCreated);
    }

    /** @param created whether the table was created with the whole target schema before the load */
    private void prepareAndSegment(TablePlan p, TableRow stored, boolean created) throws SQLException {
        if (stored != null) {
            List<SegmentRow> rows;
            try (Connection c = target.connection()) {
                rows = control.segments(c, taskName, p.source.id());
                c.commit();
            }
            if (!rows.isEmpty() && p.rangesClearable == stored.rangesClearable()
                    && java.util.Objects.equals(p.keyColumn, stored.keyColumn())) {
                for (SegmentRow r : rows) {
                    p.segments.add(new Segment(p, r.number(), KeyRanges.parse(p, r.lower(), r.upper()), r.lower(),
                            r.upper(), r.state(), r.state().equals(Segment.DONE) ? r.rowsLoaded() : 0));
                }
                boolean unfinished = p.segments.stream().anyMatch(s -> !s.state.equals(Segment.DONE));
                boolean started = p.segments.stream().anyMatch(s -> !s.state.equals(Segment.PENDING));
                if (!p.rangesClearable && p.segments.size() > 1 && unfinished && started) {
                    resetTable(p);
                }
                long done = p.segments.stream().filter(s -> s.state.equals(Segment.DONE)).count();
                p.segmentsDone.set((int) done);
                p.rows.set(p.segments.stream().mapToLong(s -> s.rows).sum());
                if (done == p.segments.size()) {
                    p.state = TableState.COMPLETED;
                }
                return;
            }
            throw new DmsException(ErrorCode.CONTROL_STATE, "Task " + taskName + ": the control tables hold a plan of table "
                    + p.source.id() + " that does not match the table now (its key changed). Start the task with StartMode.RELOAD.");
        }
        Dialect dst = targetEngine.dialect();
        try (Connection c = target.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            switch (settings.prepMode()) {
                case DROP_AND_CREATE -> {
                    if (created) {
                        break;      // created with the whole schema before the load
                    }
                    st.execute(dst.createSchemaIfNotExists(p.target.id().schema()));
                    st.execute(dst.dropTableIfExists(p.target.id()));
                    createTable(st, dst, p);
                }
                case TRUNCATE_BEFORE_LOAD, DO_NOTHING -> {
                    if (!tableExists(c, p.target.id())) {
                        st.execute(dst.createSchemaIfNotExists(p.target.id().schema()));
                        createTable(st, dst, p);
                    } else if (settings.prepMode() == TargetTablePrepMode.TRUNCATE_BEFORE_LOAD) {
                        st.execute(dst.truncateTable(p.target.id()));
                    }
                }
            }
        }
        List<SegmentRow> segs = KeyRanges.split(this, p);
        try (Connection c = target.connection()) {
            control.recordPlan(c, taskName, new TableRow(p.source.id(), p.target.id(), p.keyColumn, p.rangesClearable,
                    "PLANNED", 0), segs);
            c.commit();
        }
        for (SegmentRow r : segs) {
            p.segments.add(new Segment(p, r.number(), KeyRanges.parse(p, r.lower(), r.upper()), r.lower(), r.upper(),
                    Segment.PENDING, 0));
        }
    }

    /** Creates the table's target table; a failure names the table and the statement. */
    private static void createTable(Statement st, Dialect dst, TablePlan p) throws SQLException {
        for (String sql : dst.createTable(p.target)) {
            try {
                st.execute(sql);
            } catch (SQLException e) {
                throw new SQLException("cannot create target table " + p.target.id() + " for source table " + p.source.id()
                        + ": " + e.getMessage() + " [in: " + sql + "]", e.getSQLState(), e.getErrorCode(), e);
            }
        }
    }

    private boolean tableExists(Connection c, TableId id) {
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT 1 FROM " + targetEngine.dialect().qualify(id) + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            if (isMissingTable(e)) {
                return false;
            }
            // a lock, a timeout or a lost connection is not a missing table: creating it would fail and hide the cause
            throw new DmsException(ErrorCode.TARGET_WRITE_FAILED, "Task " + taskName + ": cannot tell whether target table "
                    + id + " exists: " + message(e) + " (SQLState " + e.getSQLState() + "). Fix the cause and start the task again.",
                    e);
        }
    }

    /** The error of a query on a table or schema that does not exist, on PostgreSQL, MariaDB/MySQL and H2. */
    private static boolean isMissingTable(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        return state.equals("42P01") || state.equals("3F000")          // PostgreSQL: undefined table, schema
                || state.equals("42S02")                                 // MariaDB/MySQL and H2: table not found
                || (state.equals("42000") && e.getErrorCode() == 1049)  // MariaDB/MySQL: unknown database
                || e.getErrorCode() == 90079;                            // H2: schema not found
    }

    // ---- execution ---------------------------------------------------------------------------

    private void execute() throws InterruptedException {
        // with CDC, loaded tables are compared by the re-validation of the CDC phase, once their held changes are applied
        if (settings.validation() != io.dmskit.ValidationMode.NONE && type == MigrationType.FULL_LOAD) {
            for (TablePlan t : tables) {
                if (t.state == TableState.COMPLETED) {
                    validateLater(t);
                }
            }
        }
        List<Segment> work = new ArrayList<>();
        for (TablePlan t : tables) {
            if (loadInCdc.containsKey(t.source.id())) {
                continue;   // loaded by the CDC loop once capture includes it
            }
            for (Segment s : t.segments) {
                if (!s.state.equals(Segment.DONE)) {
                    work.add(s);
                }
            }
        }
        if (segmentSlots == null) {
            segmentSlots = new Semaphore(settings.maxParallelSegments());
        }
        Semaphore slots = segmentSlots;
        List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
        for (Segment s : work) {
            while (!stopRequested && !slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                // wait for a free slot
            }
            if (stopRequested) {
                break;
            }
            io.dmskit.internal.InstanceAccess.Lease lease = null;
            while (!stopRequested && (lease = io.dmskit.internal.InstanceAccess.tryLease(instance, settings.queueBytes(), 100)) == null) {
                // wait for the instance's budget, shared with its other tasks
            }
            if (lease == null) {
                slots.release();
                break;
            }
            io.dmskit.internal.InstanceAccess.Lease held = lease;
            submitted.add(io.dmskit.internal.InstanceAccess.executor(instance).submit(() -> {
                try {
                    runSegment(s);
                } finally {
                    held.close();
                    slots.release();
                }
            }));
        }
        for (var f : submitted) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // runSegment records every failure it catches; what escapes it is a defect, and the task must not report success
                LOG.error("Task {}: a segment worker failed", taskName, e.getCause());
                errors.add(new TaskError(ErrorCode.INTERNAL, null, "Task " + taskName + ": a segment worker failed: "
                        + e.getCause() + ". Start the task again to resume; please report this with the log."));
            }
        }
        if (postLoad != null && gateLoading != null) {
            // foreign keys are checked when they are created: not while changes that the CDC loop holds are missing
            while (!stopRequested && !cdcStop && errors.isEmpty() && !heldApplied.await(100, TimeUnit.MILLISECONDS)) {
                // the loop applies the changes it held for the last tables loaded
            }
        }
        if (postLoad != null && !stopRequested) {
            postLoad.afterAllTables(tables);
        }
        for (var f : validations) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("Task {}: a validation failed", taskName, e.getCause());
                errors.add(new TaskError(ErrorCode.INTERNAL, null, "Task " + taskName + ": a validation worker failed: "
                        + e.getCause() + ". Validate again with TaskHandle.validate(); please report this with the log."));
            }
        }
    }

    private void validateLater(TablePlan t) {
        if (!stopRequested) {
            validations.add(io.dmskit.internal.InstanceAccess.executor(instance).submit(() -> validateTable(t)));
        }
    }

    /** Compares one loaded table with its source, records its differences in the control tables, and fails the task when it differs. */
    private void validateTable(TablePlan t) {
        t.validationState = io.dmskit.ValidationState.VALIDATING;
        io.dmskit.ValidationReport.TableValidation v;
        try {
            io.dmskit.ValidationReport report = io.dmskit.Validator.builder().source(sourceEndpoint).target(targetEndpoint)
                    .mapping(mapping).onlyTables(List.of(t.source.id())).instance(instance)
                    .parallelism(settings.validationThreads()).build().validate();
            v = report.tables().get(0);
        } catch (RuntimeException e) {
            v = new io.dmskit.ValidationReport.TableValidation(t.source.id(), t.target.id(), io.dmskit.ValidationReport.State.ERROR,
                    0, 0, 0, 0, 0, List.of(), Duration.ZERO, message(e));
        }
        t.validation = v;
        List<String[]> failures = new ArrayList<>();
        for (io.dmskit.ValidationReport.RowDifference d : v.differences()) {
            failures.add(new String[]{d.kind().name(), d.key().toString(), d.columns().isEmpty() ? null : d.columns().toString()});
        }
        try (Connection c = target.connection()) {
            control.recordValidationFailures(c, taskName, t.source.id(), failures);
            c.commit();
        } catch (SQLException e) {
            LOG.warn("Task {}: could not record the validation failures of {}: {}", taskName, t.source.id(), e.getMessage());
        }
        switch (v.state()) {
            case CONSISTENT -> t.validationState = io.dmskit.ValidationState.CONSISTENT;
            case DIFFERENT -> {
                t.validationState = io.dmskit.ValidationState.DIFFERENT;
                errors.add(new TaskError(ErrorCode.VALIDATION_FAILED, t.source.id(), "Task " + taskName + ", table " + t.source.id()
                        + ": validation found " + v.missing() + " rows missing, " + v.extra() + " extra and " + v.differing()
                        + " different in " + t.target.id() + "; they are recorded in " + settings.controlSchema() + "."
                        + io.dmskit.internal.control.ControlTables.VALIDATION_FAILURES
                        + (v.differences().isEmpty() ? "" : ". First: " + v.differences().get(0))));
            }
            case ERROR -> {
                t.validationState = io.dmskit.ValidationState.ERROR;
                errors.add(new TaskError(ErrorCode.VALIDATION_FAILED, t.source.id(), "Task " + taskName + ", table " + t.source.id()
                        + " could not be validated: " + v.error()));
            }
        }
        LOG.info("Task {}: table {} validated: {}", taskName, t.source.id(), v.state());
    }

    private void runSegment(Segment s) {
        TablePlan t = s.table;
        if (t.state == TableState.ERROR || stopRequested) {
            return;
        }
        Thread.currentThread().setName("dmskit-write-" + t.source.id().name() + "-" + s.number);
        synchronized (t) {
            if (t.state == TableState.QUEUED) {
                t.state = TableState.LOADING;
                t.startedNanos = System.nanoTime();
                TableStatistics snap = t.snapshot();
                listeners.forEach(l -> notify(() -> l.tableStarted(snap)));
            }
        }
        int attempt = 0;
        while (true) {
            try {
                if (s.state.equals(Segment.RUNNING)) {
                    clear(s);
                }
                markRunning(s);
                new SegmentCopier(this, s).copy();
                segmentDone(s);
                return;
            } catch (SegmentCopier.StoppedException e) {
                return;
            } catch (Throwable e) {
                if (stopRequested) {
                    return;
                }
                boolean canClear = t.rangesClearable || t.segments.size() == 1;
                io.dmskit.internal.policy.RetryPolicy retry = io.dmskit.internal.policy.RetryPolicy.of(settings);
                if (Transients.isTransient(e) && retry.allows(attempt + 1) && !canClear) {
                    tableFailed(t, new DmsException(ErrorCode.CONNECTION_LOST, "Task " + taskName + ", table " + t.source.id()
                            + ": " + message(e) + ". The table's segments (text key ranges, or partitions) cannot be cleared one by one, so it is not retried"
                            + " in this run; start the task again and the table is reloaded whole.", e));
                    return;
                }
                if (Transients.isTransient(e) && retry.allows(attempt + 1)) {
                    attempt++;
                    LOG.warn("Task {}, {}: transient failure ({}); retry {} of {} in {} ms", taskName, s, message(e),
                            attempt, retry.count() < 0 ? "unlimited" : retry.count(), retry.delay(attempt).toMillis());
                    t.rows.addAndGet(-s.rows);
                    s.rows = 0;
                    sleep(retry.delay(attempt).toMillis());
                    continue;
                }
                if (Transients.isTransient(e) && !(e instanceof DmsException)) {
                    e = new DmsException(ErrorCode.CONNECTION_LOST, "Task " + taskName + ", table " + t.source.id() + ": "
                            + message(e) + " (" + retry.gaveUp(attempt) + "). Start the task again to resume the table.", e);
                }
                tableFailed(t, e);
                if (e instanceof io.dmskit.internal.policy.StopTaskException) {
                    stopRequested = true; // the error policy says STOP_TASK
                }
                return;
            }
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes what an earlier, unfinished attempt of the segment wrote. */
    private void clear(Segment s) throws SQLException {
        TablePlan t = s.table;
        Dialect dst = targetEngine.dialect();
        try (Connection c = target.connection(); Statement st = c.createStatement()) {
            if (t.segments.size() == 1) {
                c.setAutoCommit(true);
                st.execute(dst.truncateTable(t.target.id()));
                return;
            }
            String col = dst.quote(t.targetKeyColumn);
            StringBuilder sql = new StringBuilder("DELETE FROM ").append(dst.qualify(t.target.id()));
            List<Object> args = new ArrayList<>();
            String sep = " WHERE ";
            if (s.range.lower() != null) {
                sql.append(sep).append(col).append(" >= ?");
                args.add(s.range.lower());
                sep = " AND ";
            }
            if (s.range.upper() != null) {
                sql.append(sep).append(col).append(" < ?");
                args.add(s.range.upper());
            }
            try (var ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i) instanceof java.math.BigInteger b ? new java.math.BigDecimal(b) : args.get(i));
                }
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    private void markRunning(Segment s) throws SQLException {
        try (Connection c = target.connection()) {
            control.markSegment(c, taskName, s.table.source.id(), s.number, Segment.RUNNING, 0);
            c.commit();
        }
        s.state = Segment.RUNNING;
    }

    private void segmentDone(Segment s) throws SQLException {
        TablePlan t = s.table;
        int done = t.segmentsDone.incrementAndGet();
        t.touch();
        if (done == t.segments.size()) {
            try (Connection c = target.connection()) {
                control.markTable(c, taskName, t.source.id(), "COMPLETED", t.rows.get());
                c.commit();
            }
            t.finishedNanos = System.nanoTime();
            t.state = TableState.COMPLETED;
            java.util.Set<TableId> gated = gateLoading;
            if (gated != null && gated.contains(t.source.id())) {
                justLoaded.add(t.source.id());   // the CDC loop applies the changes it held for the table
            }
            TableStatistics snap = t.snapshot();
            LOG.info("Task {}: table {} loaded: {} rows in {} ms", taskName, t.source.id(), snap.rowsLoaded(),
                    snap.elapsed().toMillis());
            listeners.forEach(l -> notify(() -> l.tableCompleted(snap)));
            if (postLoad != null) {
                postLoad.tableLoaded(t);
            }
            if (settings.validation() == io.dmskit.ValidationMode.AFTER_FULL_LOAD && type == MigrationType.FULL_LOAD) {
                validateLater(t);
            }
        }
    }

    private void tableFailed(TablePlan t, Throwable e) {
        String msg;
        ErrorCode code;
        if (e instanceof DmsException d) {
            code = d.code();
            msg = d.getMessage();
        } else if (e instanceof SQLException s) {
            code = Transients.isTransient(e) ? ErrorCode.CONNECTION_LOST : ErrorCode.TARGET_WRITE_FAILED;
            msg = "Task " + taskName + ", table " + t.source.id() + ": " + s.getMessage() + " (SQLState " + s.getSQLState()
                    + (code == ErrorCode.CONNECTION_LOST ? "; gave up after " + settings.maxRetries() + " retries" : "")
                    + "). Start the task again to resume the table.";
        } else {
            code = ErrorCode.INTERNAL;
            msg = "Task " + taskName + ", table " + t.source.id() + ": " + e;
            LOG.error(msg, e);
        }
        synchronized (t) {
            if (t.state == TableState.ERROR) {
                return;
            }
            t.state = TableState.ERROR;
            t.error = msg;
            t.finishedNanos = System.nanoTime();
        }
        errors.add(new TaskError(code, t.source.id(), msg));
        LOG.error(msg);
        if (code != ErrorCode.DATA_ERROR && errorPolicy.stopAfterTableError()) {
            stopRequested = true; // TableErrorPolicy STOP_TASK, or TableErrorEscalationCount reached
            LOG.error("Task {} stops: {}", taskName, settings.errorBehavior().tableErrorPolicy() == io.dmskit.ErrorBehavior.Action.STOP_TASK
                    ? "TableErrorPolicy is STOP_TASK" : "TableErrorEscalationCount (" + settings.errorBehavior().tableErrorEscalationCount()
                    + ") tables failed");
        }
        try (Connection c = target.connection()) {
            control.markTable(c, taskName, t.source.id(), "ERROR", t.rows.get());
            c.commit();
        } catch (SQLException ignored) {
            // the state stays as it was; a resumed run reloads the unfinished segments anyway
        }
        TableStatistics snap = t.snapshot();
        listeners.forEach(l -> notify(() -> l.tableFailed(snap)));
    }

    void rowsCommitted(TablePlan t) {
        if (!listeners.isEmpty()) {
            TableStatistics snap = t.snapshot();
            listeners.forEach(l -> notify(() -> l.rowsCommitted(snap)));
        }
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Task {}: a TaskListener failed; ignored", taskName, e);
        }
    }

    // ---- TaskHandle ----------------------------------------------------------------------------

    @Override
    public String taskName() {
        return taskName;
    }

    @Override
    public TaskStatus status() {
        long end = finishedNanos == 0 ? System.nanoTime() : finishedNanos;
        List<String> w = new ArrayList<>(warnings);
        for (TablePlan t : tables) {
            for (String tw : t.warnings) {
                w.add(t.source.id() + ": " + tw);
            }
        }
        List<TableStatistics> stats = new ArrayList<>();
        for (TablePlan t : tables) {
            long[] n = cdcMetrics.counts(t.source.id());
            stats.add(t.snapshot().withChanges(n[0], n[1], n[2]).withLoadTimes(instant(t.startedNanos),
                    t.state == TableState.COMPLETED ? instant(t.finishedNanos) : null)
                    .withErrorsAndDdls(errorPolicy().dataErrors(t.source.id()), cdcMetrics.ddls(t.source.id()))
                    .withLastUpdateTime(t.lastUpdate(cdcMetrics.lastChange(t.source.id()))));
        }
        TaskStatus.Cdc cdc = null;
        if (type != MigrationType.FULL_LOAD) {
            Instant now = Instant.now();
            SourcePosition at = cdcMetrics.position();
            ControlTables.PositionRow row = storedPosition;
            if (at == null && row != null) {
                at = SourcePosition.of(row.engine(), row.position());
            }
            cdc = new TaskStatus.Cdc(cdcMetrics.applying(), at, cdcMetrics.sourceLatency(now), cdcMetrics.targetLatency(now),
                    cdcMetrics.waiting(), cdcMetrics.applied(), cdcMetrics.transactions());
        }
        return new TaskStatus(taskName, type, state, stats, startedAt, Duration.ofNanos(end - startedNanos), errors, w, cdc);
    }

    /** The wall-clock time of a System.nanoTime() reading of this run; null for 0 (never set). */
    private Instant instant(long nanos) {
        return nanos == 0 ? null : startedAt.plusNanos(nanos - startedNanos);
    }

    @Override
    public TaskStatus awaitCompletion(Duration timeout) throws InterruptedException {
        finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return status();
    }

    @Override
    public TaskStatus awaitFullLoad(Duration timeout) throws InterruptedException {
        fullLoadDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return status();
    }

    @Override
    public io.dmskit.ValidationReport validate() {
        return io.dmskit.Validator.builder().source(sourceEndpoint).target(targetEndpoint).mapping(mapping)
                .instance(instance).build().validate();
    }

    @Override
    public TaskStatus stop() throws InterruptedException {
        stopRequested = true;
        if (!finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            // a reader, writer or change source that does not notice the request within the grace period (a
            // statement that waits on a lock, a driver that does not time out) is interrupted; what it did not
            // commit is done again at the next start, as after a crash
            LOG.warn("Task {}: still running {} s after the stop request; interrupting its threads", taskName,
                    STOP_GRACE.toSeconds());
            java.util.concurrent.Future<?> c = coordinator;
            if (c != null) {
                c.cancel(true);
            }
            if (!finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("Task {}: did not stop within {} s of being interrupted; its threads are left running",
                        taskName, STOP_GRACE.toSeconds());
            }
        }
        return status();
    }

    @Override
    public void close() {
        if (!state.isFinal()) {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
