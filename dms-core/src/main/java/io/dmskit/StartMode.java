package io.dmskit;

/** How {@link ReplicationTask#start(StartMode)} treats the state that an earlier run left in the control tables. */
public enum StartMode {
    /**
     * Continue where the last run of the same task (by name) stopped: finished segments are
     * kept, unfinished ones are cleared and loaded again. With no earlier run, start afresh.
     */
    RESUME,
    /** Forget any earlier run of the task: prepare every table again and load everything. */
    RELOAD
}
