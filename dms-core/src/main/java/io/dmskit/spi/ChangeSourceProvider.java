package io.dmskit.spi;

import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Change data capture for one engine: opens {@link ChangeSource}s and removes a task's
 * source-side state. Registered through {@link ServiceLoader} under
 * {@code META-INF/services/io.dmskit.spi.ChangeSourceProvider} and found by engine name with
 * {@link #forEngine}; among several for one engine, the one with the highest {@link #priority()}
 * wins, so that a user's provider can replace a built-in one. Stateless and thread-safe.
 *
 * <pre>{@code
 * ChangeSource changes = ChangeSourceProvider.forEngine(source.engine()).open(request);
 * }</pre>
 */
public interface ChangeSourceProvider {

    /** The engine served, as {@code Endpoint.engine()} names it, for example {@code postgresql} or {@code mariadb}. */
    String engine();

    default int priority() {
        return 0;
    }

    /**
     * Checks the source's configuration for change data capture, prepares what the task needs on
     * the source (for PostgreSQL a replication slot and a publication named after the task), and
     * starts capturing; returns once capture runs, so that every change committed after this
     * method returns is delivered.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the source is not set up for
     *         change data capture (the message names the setting and how to fix it),
     *         {@link ErrorCode#CONTROL_STATE} when the start position is no longer available on
     *         the source, {@link ErrorCode#CONNECTION_FAILED} when the source cannot be reached,
     *         {@link ErrorCode#SOURCE_READ_FAILED} when capture does not start for another reason
     */
    ChangeSource open(ChangeSourceRequest request);

    /**
     * Removes everything that capture for the task keeps: on the source (a PostgreSQL replication
     * slot, which otherwise keeps write-ahead log forever, and its publication) and in the state
     * storage (offsets, schema history). Call it when a task is deleted, never while its source is
     * open. Does nothing for state that is not there.
     *
     * @throws DmsException with {@link ErrorCode#CONTROL_STATE} when the task's capture is still running
     */
    void deleteTaskState(Endpoint source, String taskName, ChangeStateStorage storage);

    /**
     * The registered provider for an engine (the one with the highest priority).
     *
     * @throws DmsException with {@link ErrorCode#UNKNOWN_ENGINE} when no provider serves the engine
     */
    static ChangeSourceProvider forEngine(String engine) {
        ChangeSourceProvider best = null;
        List<String> engines = new ArrayList<>();
        for (ChangeSourceProvider p : ServiceLoader.load(ChangeSourceProvider.class, ChangeSourceProvider.class.getClassLoader())) {
            engines.add(p.engine());
            if (p.engine().equals(engine) && (best == null || p.priority() > best.priority())) {
                best = p;
            }
        }
        if (best == null) {
            throw new DmsException(ErrorCode.UNKNOWN_ENGINE, "No change data capture for engine '" + engine + "'"
                    + (engines.isEmpty() ? ": no change source provider is on the class path (add io.dmskit:dms-cdc)"
                    : "; change sources are available for " + String.join(", ", engines.stream().distinct().sorted().toList())));
        }
        return best;
    }
}
