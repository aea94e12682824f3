package io.dmskit.internal.policy;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

/**
 * A data error or apply conflict whose policy is {@code STOP_TASK}: the task stops with this
 * error (after the failure was recorded). Its message names the task, table, row key and column.
 */
public final class StopTaskException extends DmsException {
    private static final long serialVersionUID = 1L;

    public StopTaskException(String message, Throwable cause) {
        super(ErrorCode.DATA_ERROR, message, cause);
    }
}
