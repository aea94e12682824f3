package io.dmskit.internal.expr;

/**
 * What an expression reads while it is evaluated: the row's columns (by source name) and the
 * header and metadata values of the change that carries the row. Implementations are cheap views
 * over a row that the caller reuses; one thread at a time.
 */
public interface Row {

    /** The value of a source column; the expression was checked to name only existing columns. */
    Object column(String name);

    /**
     * A header or metadata value by its name without the {@code $}: {@code AR_H_OPERATION}
     * ({@code INSERT}, {@code UPDATE}, {@code DELETE}; {@code INSERT} during the full load, as in AWS DMS),
     * {@code AR_H_TIMESTAMP}, {@code AR_H_COMMIT_TIMESTAMP}, {@code AR_H_TRANSACTION_ID},
     * {@code AR_H_STREAM_POSITION}, {@code AR_H_CHANGE_SEQ}, {@code AR_M_SOURCE_SCHEMA},
     * {@code AR_M_SOURCE_TABLE_NAME}. Null when the value is not known for this row.
     */
    Object header(String name);
}
