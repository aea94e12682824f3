package io.dmskit.internal.cdc;

import io.dmskit.spi.ChangeEvent;

import java.util.HexFormat;
import java.util.List;

/**
 * A change that cannot be applied to its table because of its data: a value that does not
 * convert, a value or row that the target refuses (SQL states of classes 22 and 23), a row of a
 * table without key whose before image is incomplete; or an apply conflict whose policy is
 * SUSPEND_TABLE or STOP_TASK ({@link #conflict}). The applier's caller asks
 * {@link ChangeApplier#leaveOut} whether the data error policy leaves the change out; else it
 * records the change and suspends the table, or stops the task when {@link #stopTask} is set.
 */
final class ApplyError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient ApplyTable table;
    final transient ChangeEvent event;
    final String column;
    final String reason;
    /** An apply conflict, already decided by the policy. */
    boolean conflict;
    /** The policy says STOP_TASK: the change is recorded and the task stops. */
    boolean stopTask;
    /** The change's index among the (paired) changes of the applier's call, or -1. */
    int index = -1;

    ApplyError(ApplyTable table, ChangeEvent event, String column, String reason, Throwable cause) {
        super(reason, cause, false, false);
        this.table = table;
        this.event = event;
        this.column = column;
        this.reason = reason;
    }

    /** The row's key, from the source values of the event, as {@code col=value, ...}; null when no event is known. */
    String rowKey() {
        if (event == null) {
            return null;
        }
        List<String> key = table.source.rowKey().isEmpty() ? event.columns() : table.source.rowKey();
        StringBuilder s = new StringBuilder();
        for (String k : key) {
            int i = event.columns().indexOf(k);
            if (i < 0) {
                continue;
            }
            Object v = event.hasBefore() ? event.before(i) : event.after(i);
            s.append(s.length() == 0 ? "" : ", ").append(k).append('=')
                    .append(v instanceof String str ? "'" + str + "'" : v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : v);
        }
        return s.toString();
    }

    /** The message: task, table, operation, row key, column and reason, and the change's position. */
    String message(String task) {
        StringBuilder s = new StringBuilder("Task ").append(task).append(", table ").append(table.sourceId());
        if (event != null) {
            s.append(", ").append(event.operation()).append(" of row ").append(rowKey());
        }
        if (column != null) {
            s.append(", column ").append(column);
        }
        s.append(": ").append(reason);
        if (event != null) {
            s.append(" (source position ").append(event.position()).append(')');
        }
        return s.toString();
    }
}
