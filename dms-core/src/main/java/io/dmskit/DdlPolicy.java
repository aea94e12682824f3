package io.dmskit;

/**
 * What change data capture does when the source's tables change shape (what AWS DMS calls its
 * change-processing DDL handling policy). Set per {@link Kind} with
 * {@link TaskSettings.Builder#ddlPolicy(Kind, DdlPolicy)}; every kind is {@link #APPLY} by default.
 *
 * <p>When a change is applied is up to what the source logs: PostgreSQL's logical decoding logs
 * no DDL, so a column change is seen (and applied) with the first row change of the table after
 * it; MariaDB's and MySQL's too, through Debezium's schema history. A change of a table's columns
 * that no row change follows is applied when one does.
 */
public enum DdlPolicy {
    /** Change the target the same way (add, drop, rename or retype the mapped column; empty the table). */
    APPLY,
    /**
     * Leave the target as it is and go on: an added column is not copied, a dropped column stays
     * in the target (later rows get its default there), a renamed column keeps its target name
     * and goes on receiving the column's values, a column whose type changed keeps its target type
     * (later values are converted into it), a TRUNCATE is not applied.
     */
    IGNORE,
    /** Stop the task with an error that names the table and the change, before anything of it is applied. */
    FAIL;

    /** The kinds of source table changes that a policy is set for. */
    public enum Kind {
        /** {@code ALTER TABLE ... ADD COLUMN}. */
        ADD_COLUMN,
        /** {@code ALTER TABLE ... DROP COLUMN}. */
        DROP_COLUMN,
        /** {@code ALTER TABLE ... RENAME COLUMN} (MySQL/MariaDB {@code CHANGE} that keeps the type too). */
        RENAME_COLUMN,
        /**
         * A column's type changed: PostgreSQL {@code ALTER TABLE ... ALTER COLUMN ... TYPE}, MySQL/MariaDB
         * {@code MODIFY} (or {@code CHANGE} that keeps the name), including a new length, precision,
         * scale or signedness ({@code varchar(10)} to {@code varchar(50)}, {@code int} to {@code bigint}).
         * APPLY (the default, as for every kind) gives the target column the target dialect's type for
         * the new source type, as a full load would create it; IGNORE keeps the target column's type, and
         * later values are converted into it as the full load converts (a value that does not fit is a
         * data error that follows the task's error policy).
         */
        ALTER_COLUMN_TYPE,
        /** {@code TRUNCATE TABLE}. */
        TRUNCATE,
        /**
         * A table created at the source while CDC runs that the task's table mapping selects.
         * APPLY creates its target table (converted as a full load creates it, with the mapping's
         * renames), loads its current rows and applies its changes from then on; IGNORE leaves it
         * out (a warning says so, and the task remembers it across restarts); FAIL stops the task
         * before anything of it is created.
         */
        CREATE_TABLE
    }
}
