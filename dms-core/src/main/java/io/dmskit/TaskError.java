package io.dmskit;

import io.dmskit.error.ErrorCode;
import io.dmskit.schema.TableId;

/**
 * One error of a task. Immutable.
 *
 * @param code    what kind of error
 * @param table   the source table it concerns, or null for an error of the whole task
 * @param message what failed and what to do; never contains a password
 */
public record TaskError(ErrorCode code, TableId table, String message) {
    @Override
    public String toString() {
        return message;
    }
}
