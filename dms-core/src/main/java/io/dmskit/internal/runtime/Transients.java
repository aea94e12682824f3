package io.dmskit.internal.runtime;

import io.dmskit.error.DmsException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Tells faults that a retry can cure (lost connections, deadlocks, serialization failures) from the rest. */
final class Transients {
    /** MySQL/MariaDB error codes: lock wait timeout, deadlock, server gone away, lost connection, shutdown in progress. */
    private static final Set<Integer> MYSQL_CODES = Set.of(1205, 1213, 2006, 2013, 1053, 1927, 1317);

    private Transients() {
    }

    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DmsException d && d.retryable()) {
                return true;
            }
            if (c instanceof SQLTransientException || c instanceof SQLRecoverableException) {
                return true;
            }
            if (c instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                        || state.startsWith("57P") || state.equals("53300"))) {
                    return true;
                }
                if (MYSQL_CODES.contains(s.getErrorCode()) && state != null && !state.startsWith("22") && !state.startsWith("23")) {
                    return true;
                }
            }
            if (c instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
