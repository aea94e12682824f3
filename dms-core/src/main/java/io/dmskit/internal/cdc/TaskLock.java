package io.dmskit.internal.cdc;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Makes sure that one run of a task at a time applies changes to a target: an advisory lock on
 * the target named after the task, held by a connection of its own for as
 * long as the run applies changes. A second run of the same task finds it taken and fails at
 * once. The lock is a session lock, so a run that dies (even killed) frees it with its
 * connection; nothing is left to clean up.
 *
 * <p>PostgreSQL: {@code pg_try_advisory_lock(bigint)}, with a key hashed from the name;
 * MariaDB/MySQL: {@code GET_LOCK(name, 0)}. Other targets take no lock. Not thread-safe.
 */
public final class TaskLock implements AutoCloseable {
    private final Connection connection;
    private final String release;
    private final Object key;
    private boolean ownsConnection = true;

    private TaskLock(Connection connection, String release, Object key) {
        this.connection = connection;
        this.release = release;
        this.key = key;
    }

    /**
     * Takes the lock of the task on a connection that stays the caller's: {@link #close()}
     * releases the lock and leaves the connection open (its transaction ended).
     *
     * @throws DmsException ({@link ErrorCode#CONTROL_STATE}) when another run holds it
     */
    static TaskLock acquireOn(Connection c, String task) throws SQLException {
        TaskLock lock = acquire(c, task);
        lock.ownsConnection = false;
        return lock;
    }

    /**
     * Takes the lock of the task on the connection, which then belongs to the lock until
     * {@link #close()}.
     *
     * @throws DmsException ({@link ErrorCode#CONTROL_STATE}) when another run holds it
     */
    public static TaskLock acquire(Connection c, String task) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String name = "dmskit:" + task;
        String take;
        String release;
        Object key;
        if (product.contains("postgres")) {
            take = "SELECT pg_try_advisory_lock(?)";
            release = "SELECT pg_advisory_unlock(?)";
            key = hash(name);
        } else if (product.contains("mariadb") || product.contains("mysql")) {
            // lock names are limited to 64 characters
            take = "SELECT GET_LOCK(?, 0)";
            release = "SELECT RELEASE_LOCK(?)";
            key = name.length() <= 64 ? name : "dmskit:" + Long.toHexString(hash(name));
        } else {
            return new TaskLock(c, null, null);
        }
        boolean taken;
        try (PreparedStatement ps = c.prepareStatement(take)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                taken = rs.next() && rs.getBoolean(1);
            }
        }
        endTransaction(c);
        if (!taken) {
            throw new DmsException(ErrorCode.CONTROL_STATE, "Task " + task + " is already running against this target: another"
                    + " run holds its lock, so this one is refused. Stop the other run first, or give this task another name");
        }
        return new TaskLock(c, release, key);
    }

    /** {@link #acquire} on a new connection of the task's target pool; a failure to ask is a {@link ErrorCode#CONNECTION_LOST}. */
    static TaskLock acquire(CdcLoop.Host host, String task) {
        Connection c = null;
        try {
            c = host.targetConnection();
            return acquire(c, task);
        } catch (SQLException e) {
            close(c);
            throw new DmsException(ErrorCode.CONNECTION_LOST, "Task " + task + ": could not take the task's run lock on the target: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the lock, if any, goes with the session
            }
        }
    }

    private static void endTransaction(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    static long hash(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Releases the lock and closes its connection; the lock goes with the connection even if the release fails. */
    @Override
    public void close() {
        if (!ownsConnection) {
            try {
                releaseOn(connection);
            } catch (SQLException e) {
                close(connection); // the lock goes with the session; the caller finds the connection closed
            }
            return;
        }
        try (Connection c = connection) {
            releaseOn(c);
        } catch (SQLException e) {
            // closing the connection ends the session, and the lock with it
        }
    }

    private void releaseOn(Connection c) throws SQLException {
        if (release != null) {
            try (PreparedStatement ps = c.prepareStatement(release)) {
                ps.setObject(1, key);
                ps.executeQuery().close();
            }
            endTransaction(c);
        }
    }
}
