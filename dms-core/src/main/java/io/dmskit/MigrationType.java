package io.dmskit;

/** What a replication task does, as the migration services name it. */
public enum MigrationType {
    /** Copy every selected table once, then stop. */
    FULL_LOAD,
    /** Apply the source's changes from now (or from a given position) until stopped. Needs dms-cdc. */
    CDC,
    /** Copy every selected table while capturing changes, then apply the changes until stopped. Needs dms-cdc. */
    FULL_LOAD_AND_CDC
}
