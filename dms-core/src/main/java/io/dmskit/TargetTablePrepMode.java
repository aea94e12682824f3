package io.dmskit;

/** What a full load does to a target table before it loads the table, the first time it loads it. */
public enum TargetTablePrepMode {
    /**
     * Keep the table and its rows. A table that does not exist is created; one that exists must
     * have every mapped column with a type that holds the source's values, or the task fails
     * before it writes anything.
     */
    DO_NOTHING,
    /** Drop the table if it exists and create it from the source's definition. */
    DROP_AND_CREATE,
    /** Delete every row of the table (which must exist in a compatible shape, or is created). */
    TRUNCATE_BEFORE_LOAD
}
