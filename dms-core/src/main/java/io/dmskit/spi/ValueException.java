package io.dmskit.spi;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

/**
 * Thrown by a reader, converter or writer when one value cannot be read, converted or written
 * without loss. It says which row of the batch and which column (by index in the request's
 * columns), and why; the pipeline adds the task, table, row key and column name before the
 * error reaches the user, so SPI code does not need to know them.
 */
public class ValueException extends DmsException {
    private static final long serialVersionUID = 1L;

    private final int row;
    private final int column;
    private final String reason;

    /**
     * @param row    the index of the row in the batch, or -1 when not known
     * @param column the index of the column in the request's columns
     * @param reason what is wrong with the value, for example {@code 3000000000 is out of range for integer}
     */
    public ValueException(int row, int column, String reason, Throwable cause) {
        super(ErrorCode.DATA_ERROR, reason, cause);
        this.row = row;
        this.column = column;
        this.reason = reason;
    }

    public ValueException(int row, int column, String reason) {
        this(row, column, reason, null);
    }

    public int row() {
        return row;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
