package io.dmskit.internal.control;

import io.dmskit.TableState;
import io.dmskit.TableStatistics;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.internal.control.ControlTables.HistoryRow;
import io.dmskit.internal.control.ControlTables.StatusRow;
import io.dmskit.schema.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Writes a running task's {@code awsdms_status}, {@code awsdms_suspended_tables} and
 * {@code awsdms_history} rows, each when its switch is on in the task's settings: the status when
 * it changes (FULL LOAD, CHANGE PROCESSING; seen within a quarter of a second), every 5 seconds
 * (or each timeslot when that is shorter) and once more when the task ends ({@code NOT RUNNING});
 * a suspended table once, when it is first seen in state ERROR; a history row per timeslot and
 * kind of work that had work in it, and the last, shorter timeslot when the task ends.
 *
 * <p>What the columns hold: {@code pending_changes} the changes captured and not yet applied;
 * {@code disk_swap_size} 0 (dmskit never swaps changes to disk); {@code task_memory} null (not
 * measured); {@code source_current_position} the position up to which changes are applied;
 * {@code source_current_timestamp} and {@code source_timestamp_applied} the commit times of the last
 * change captured and applied, worked out from the latencies; the tail position and time null (not
 * known). History: {@code timeslot_records} rows committed (FULL LOAD) or changes applied (CHANGE
 * PROCESSING) in the timeslot, {@code timeslot_volume} megabytes loaded (dmskit's estimate of the
 * values' size, null for changes), {@code timeslot_latency} the target latency in seconds at the end
 * of a CHANGE PROCESSING timeslot. Failing to write a row is logged and does not stop the task.
 * Thread-safe: {@link #tick(Instant)} and {@link #finish()} are serialized.
 */
public final class ControlReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ControlReporter.class);
    private static final Duration MAX_TICK = Duration.ofSeconds(5);
    /** How often the task's state is looked at for a change of status or a newly suspended table. */
    private static final long POLL_MILLIS = 250;

    /** Gives a connection to the target, not in auto-commit; the reporter commits and closes it. */
    @FunctionalInterface
    public interface Target {
        Connection connection() throws SQLException;
    }

    private final String task;
    private final ControlTables control;
    private final TaskSettings settings;
    private final Supplier<TaskStatus> status;
    private final Target target;
    private final Set<TableId> suspendedRecorded = new HashSet<>();
    private Instant slotStart;
    private long slotRows;
    private long slotBytes;
    private long slotChanges;
    private boolean slotLoading;
    private boolean slotApplying;
    private volatile boolean finished;
    private Future<?> loop;
    private boolean warned;
    private Duration tick;
    private String lastStatus;
    private Instant lastStatusWrite;

    public ControlReporter(String task, ControlTables control, TaskSettings settings, Supplier<TaskStatus> status,
                           Target target) {
        this.task = task;
        this.control = control;
        this.settings = settings;
        this.status = status;
        this.target = target;
    }

    /** Whether any of the three tables is switched on. */
    public static boolean wanted(TaskSettings settings) {
        return settings.statusTableEnabled() || settings.suspendedTablesTableEnabled() || settings.historyTableEnabled();
    }

    /** Creates the tables that are switched on and starts writing on one thread of the executor. */
    public synchronized void start(ExecutorService executor, Instant now) throws SQLException {
        try (Connection c = target.connection()) {
            control.ensureReporting(c, settings.statusTableEnabled(), settings.suspendedTablesTableEnabled(),
                    settings.historyTableEnabled());
        }
        TaskStatus s = status.get();
        slotStart = now;
        slotRows = s.rowsLoaded();
        slotBytes = bytes(s);
        slotChanges = changes(s);
        tick = MAX_TICK.compareTo(settings.historyTimeslot()) < 0 ? MAX_TICK : settings.historyTimeslot();
        loop = executor.submit(() -> {
            Thread.currentThread().setName("dmskit-control-" + task);
            while (!finished) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                poll(Instant.now());
            }
        });
    }

    /** Writes every row that is switched on, as of this time. */
    public synchronized void tick(Instant now) {
        if (finished) {
            return;
        }
        write(status.get(), now, false);
    }

    /**
     * Writes when something is due: the status changed or was last written a tick ago, a table was
     * suspended, or the timeslot is over.
     */
    public synchronized void poll(Instant now) {
        if (finished) {
            return;
        }
        TaskStatus s = status.get();
        boolean due = settings.historyTableEnabled() && !now.isBefore(slotStart.plus(settings.historyTimeslot()));
        if (settings.statusTableEnabled()) {
            due |= !statusRow(s, now, false).taskStatus().equals(lastStatus) || lastStatusWrite == null
                    || !now.isBefore(lastStatusWrite.plus(tick));
        }
        if (settings.suspendedTablesTableEnabled()) {
            due |= s.tables().stream().anyMatch(t -> t.state() == TableState.ERROR && !suspendedRecorded.contains(t.source()));
        }
        if (due) {
            write(s, now, false);
        }
    }

    /** Writes the last rows (the status NOT RUNNING, the last timeslot) and stops the writing thread. */
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (loop != null) {
            loop.cancel(true);
        }
        write(status.get(), Instant.now(), true);
    }

    private void write(TaskStatus s, Instant now, boolean last) {
        boolean loading = s.tables().stream().anyMatch(t -> t.state() == TableState.LOADING);
        boolean applying = s.cdc() != null && s.cdc().applying();
        slotLoading |= loading;
        slotApplying |= applying;
        try (Connection c = target.connection()) {
            if (settings.statusTableEnabled()) {
                StatusRow row = statusRow(s, now, last);
                control.saveStatus(c, task, row);
                lastStatus = row.taskStatus();
                lastStatusWrite = now;
            }
            if (settings.suspendedTablesTableEnabled()) {
                for (TableStatistics t : s.tables()) {
                    if (t.state() == TableState.ERROR && !suspendedRecorded.contains(t.source())) {
                        control.recordSuspendedTable(c, task, t.source(), "TABLE ERROR", t.error());
                        suspendedRecorded.add(t.source());
                    }
                }
            }
            if (settings.historyTableEnabled() && (last || !now.isBefore(slotStart.plus(settings.historyTimeslot())))) {
                closeSlot(c, s, now);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            if (!warned) {
                LOG.warn("Task {}: could not write the control tables {}, {}, {} in schema {}: {} (further failures are"
                                + " logged at debug level)", task, ControlTables.STATUS, ControlTables.SUSPENDED_TABLES,
                        ControlTables.HISTORY, settings.controlSchema(), e.getMessage());
                warned = true;
            } else {
                LOG.debug("Task {}: could not write the control tables", task, e);
            }
        }
    }

    private void closeSlot(Connection c, TaskStatus s, Instant now) throws SQLException {
        long rows = s.rowsLoaded() - slotRows;
        long bytes = bytes(s) - slotBytes;
        long changes = changes(s) - slotChanges;
        long seconds = Math.max(0, Duration.between(slotStart, now).toSeconds());
        long minutes = Math.max(1, (seconds + 59) / 60);
        if (rows > 0 || slotLoading) {
            control.recordHistory(c, task, new HistoryRow(ControlTables.FULL_LOAD, slotStart, minutes, null, rows,
                    bytes / (1L << 20)));
        }
        if (s.cdc() != null && (changes > 0 || slotApplying)) {
            control.recordHistory(c, task, new HistoryRow(ControlTables.CHANGE_PROCESSING, slotStart, minutes,
                    s.cdc().targetLatency().toSeconds(), changes, null));
        }
        slotStart = now;
        slotRows = s.rowsLoaded();
        slotBytes = bytes(s);
        slotChanges = changes(s);
        slotLoading = false;
        slotApplying = false;
    }

    private static StatusRow statusRow(TaskStatus s, Instant now, boolean last) {
        boolean loading = s.tables().stream().anyMatch(t -> t.state() == TableState.LOADING || t.state() == TableState.QUEUED);
        String taskStatus;
        if (last || s.state().isFinal()) {
            taskStatus = ControlTables.NOT_RUNNING;
        } else if (loading || s.cdc() == null) {
            taskStatus = ControlTables.FULL_LOAD;
        } else {
            taskStatus = s.cdc().applying() ? ControlTables.CHANGE_PROCESSING : ControlTables.FULL_LOAD;
        }
        TaskStatus.Cdc cdc = s.cdc();
        if (cdc == null) {
            return new StatusRow(taskStatus, null, 0L, null, null, null, null, null, null);
        }
        return new StatusRow(taskStatus, cdc.changesWaiting(), 0L, null,
                cdc.appliedPosition() == null ? null : cdc.appliedPosition().toString(),
                cdc.sourceLatency() == null ? null : now.minus(cdc.sourceLatency()), null, null,
                cdc.targetLatency() == null ? null : now.minus(cdc.targetLatency()));
    }

    private static long bytes(TaskStatus s) {
        return s.tables().stream().mapToLong(TableStatistics::bytesLoaded).sum();
    }

    private static long changes(TaskStatus s) {
        return s.cdc() == null ? 0 : s.cdc().changesApplied();
    }
}
