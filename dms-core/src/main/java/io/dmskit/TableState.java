package io.dmskit;

/** Where a table is in a full load. */
public enum TableState {
    /** Waiting for a worker. */
    QUEUED,
    /** Segments of it are being copied. */
    LOADING,
    /** Every segment is copied and committed. */
    COMPLETED,
    /** It failed; {@link TableStatistics#error()} says why. Other tables go on. */
    ERROR,
    /** The task stopped before the table was done; a resumed run continues it. */
    STOPPED
}
