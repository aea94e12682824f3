package io.dmskit.internal.runtime;

import io.dmskit.TableState;
import io.dmskit.TaskError;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.ConvertedSchema;
import io.dmskit.schema.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The DDL of a DROP_AND_CREATE full load that runs after the data: once a table is loaded, its
 * unique constraints, secondary indexes and check constraints; once every table is loaded, the
 * foreign keys (per table, in parallel), the sequence and identity values set past the loaded
 * maximum, then routines, views and triggers. Work runs on the instance's threads and takes a
 * slot of the task's segment slots, so that no more than maxParallelSegments statements and
 * segments run at once.
 *
 * <p>A statement that fails is a task error ({@link ErrorCode#SCHEMA_DDL_FAILED}) that names the
 * object and the statement; the loaded data stays, the table's other statements still run. A
 * table whose post-load statements (or foreign keys) all succeeded is recorded in the control
 * tables ({@value #INDEXED}, {@value #LINKED}), so a resumed task does not run them again; a
 * statement that fails because its object already exists (a resumed run after a crash in the
 * middle of a table) counts as done.
 */
final class PostLoad {
    private static final Logger LOG = LoggerFactory.getLogger(PostLoad.class);
    /** The table state in the control tables once its post-load statements have succeeded. */
    static final String INDEXED = "INDEXED";
    /** The table state once its foreign keys have succeeded too. */
    static final String LINKED = "LINKED";

    private final FullLoadRun run;
    private final ConvertedSchema schema;
    private final Semaphore slots;
    private final Consumer<TaskError> errors;
    private final Consumer<String> warnings;
    private final boolean foreignKeysAndTriggers;
    private final boolean programmable;
    private final Map<TableId, List<String>> postLoad = new HashMap<>();
    private final Map<TableId, List<String>> foreignKeys = new HashMap<>();
    private final List<Future<?>> running = new CopyOnWriteArrayList<>();
    private final Set<TableId> scheduled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param foreignKeysAndTriggers whether foreign keys and triggers are created (not while changes are applied)
     * @param programmable           whether translated triggers and routines are created (else they are reported)
     */
    PostLoad(FullLoadRun run, ConvertedSchema schema, Semaphore slots, Consumer<TaskError> errors,
             Consumer<String> warnings, boolean foreignKeysAndTriggers, boolean programmable) {
        this.run = run;
        this.schema = schema;
        this.slots = slots;
        this.errors = errors;
        this.warnings = warnings;
        this.foreignKeysAndTriggers = foreignKeysAndTriggers;
        this.programmable = programmable;
        schema.postLoad().forEach(t -> postLoad.put(t.table(), t.statements()));
        schema.foreignKeys().forEach(t -> foreignKeys.put(t.table(), t.statements()));
    }

    /** Starts the post-load statements of a loaded table on the instance's threads; once per table. */
    void tableLoaded(TablePlan t) {
        if (t.indexesBuilt || !scheduled.add(t.target.id())) {
            return;
        }
        List<String> statements = postLoad.getOrDefault(t.target.id(), List.of());
        running.add(io.dmskit.internal.InstanceAccess.executor(run.instance).submit(() -> inSlot(() -> {
            if (runAll(t, statements, "index or constraint")) {
                t.indexesBuilt = true;
                mark(t, INDEXED);
            }
        })));
    }

    /**
     * After every table's load: waits for the tables' post-load statements, then creates the
     * foreign keys, sets the sequences, and creates routines, views and triggers.
     */
    void afterAllTables(List<TablePlan> tables) throws InterruptedException {
        for (TablePlan t : tables) {
            if (t.state == TableState.COMPLETED) {
                tableLoaded(t);     // tables completed by an earlier run
            }
        }
        await();
        if (run.stopRequested()) {
            return;
        }
        List<TablePlan> loaded = tables.stream().filter(t -> t.state == TableState.COMPLETED).toList();
        if (foreignKeysAndTriggers) {
            for (TablePlan t : loaded) {
                List<String> fks = foreignKeys.getOrDefault(t.target.id(), List.of());
                if (t.foreignKeysBuilt || fks.isEmpty()) {
                    continue;
                }
                running.add(io.dmskit.internal.InstanceAccess.executor(run.instance).submit(() -> inSlot(() -> {
                    if (runAll(t, fks, "foreign key")) {
                        t.foreignKeysBuilt = true;
                        mark(t, LINKED);
                    }
                })));
            }
            await();
        } else {
            List<String> fks = new ArrayList<>();
            loaded.forEach(t -> fks.addAll(foreignKeys.getOrDefault(t.target.id(), List.of())));
            if (!fks.isEmpty()) {
                warnings.accept("foreign keys are not created while changes are applied (a change applied out of order"
                        + " would break one); run these after the cutover: " + String.join("; ", fks));
            }
        }
        if (run.stopRequested()) {
            return;
        }
        sequences();
        if (programmable) {
            runAll(null, schema.routines(), "routine");
        } else if (!schema.routines().isEmpty()) {
            warnings.accept(schema.routines().size() + " translated routines are not created (TaskSettings"
                    + ".createTriggersAndRoutines is off); their DDL: " + String.join("; ", schema.routines()));
        }
        runAll(null, schema.views(), "view");
        if (programmable && foreignKeysAndTriggers) {
            runAll(null, schema.triggers(), "trigger");
        } else if (!schema.triggers().isEmpty()) {
            warnings.accept(schema.triggers().size() + " translated triggers are not created ("
                    + (programmable ? "changes are applied to the target, and a trigger would fire on them"
                    : "TaskSettings.createTriggersAndRoutines is off") + "); their DDL: " + String.join("; ", schema.triggers()));
        }
    }

    private void sequences() {
        List<String> statements;
        try (Connection c = run.target.connection()) {
            statements = schema.sequenceValues(c);
            c.commit();
        } catch (SQLException e) {
            errors.accept(new TaskError(ErrorCode.SCHEMA_DDL_FAILED, null, "Task " + run.taskName
                    + ": could not read the loaded maximum of the sequences' columns: " + e.getMessage() + " (SQLState "
                    + e.getSQLState() + "). The loaded data is kept; set the sequences past the loaded values by hand."));
            return;
        }
        runAll(null, statements, "sequence value");
    }

    /** Waits for every statement started so far. */
    private void await() throws InterruptedException {
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                errors.accept(new TaskError(ErrorCode.INTERNAL, null, "Task " + run.taskName + ": a post-load worker failed: "
                        + e.getCause() + ". Start the task again to resume; please report this with the log."));
            }
        }
        running.clear();
    }

    private void inSlot(Runnable work) {
        try {
            while (!run.stopRequested() && !slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                // wait for a free slot
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (run.stopRequested()) {
            return;
        }
        try {
            work.run();
        } finally {
            slots.release();
        }
    }

    /** Runs the statements in order; each failure is a task error. True when all succeeded. */
    private boolean runAll(TablePlan table, List<String> statements, String what) {
        boolean ok = true;
        for (String sql : statements) {
            if (run.stopRequested()) {
                return false;
            }
            ok &= execute(table, sql, what);
        }
        return ok;
    }

    private boolean execute(TablePlan table, String sql, String what) {
        TableId source = table == null ? null : table.source.id();
        try (Connection c = run.target.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute(sql);
            return true;
        } catch (SQLException e) {
            if (alreadyExists(e)) {
                LOG.info("Task {}: {} already exists (a resumed run); kept: {}", run.taskName, what, sql);
                return true;
            }
            String msg = "Task " + run.taskName + (table == null ? "" : ", table " + source + " (target " + table.target.id() + ")")
                    + ": the " + what + " statement failed: " + e.getMessage() + " (SQLState " + e.getSQLState()
                    + "). Statement: " + sql + ". The loaded data is kept; create the object by hand, or fix the cause and"
                    + " start the task again (the statements that succeeded are not run again).";
            LOG.error(msg);
            errors.accept(new TaskError(ErrorCode.SCHEMA_DDL_FAILED, source, msg));
            return false;
        }
    }

    /** Whether the statement failed because its object exists: PostgreSQL, MySQL/MariaDB and H2 codes. */
    static boolean alreadyExists(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        return state.equals("42P07") || state.equals("42710") || state.equals("42723")     // PostgreSQL
                || code == 1061 || code == 1050 || code == 1826 || code == 1304 || code == 1359   // MySQL, MariaDB
                || code == 1005 && String.valueOf(e.getMessage()).contains("errno: 121")      // InnoDB: the foreign key exists
                || state.equals("42111") || state.equals("90045") || state.equals("42101");   // H2
    }

    private void mark(TablePlan t, String state) {
        try (Connection c = run.target.connection()) {
            run.control.markTableState(c, run.taskName, t.source.id(), state);
            c.commit();
        } catch (SQLException e) {
            LOG.warn("Task {}: could not record that table {} is {}; a resumed run runs its statements again: {}",
                    run.taskName, t.source.id(), state, e.getMessage());
        }
    }
}
