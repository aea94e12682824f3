package io.dmskit.spi;

import io.dmskit.schema.Dialect;

import java.util.List;
import java.util.Map;

/**
 * Everything dmskit needs to use one engine as a source or a target, registered through
 * {@link java.util.ServiceLoader} under {@code META-INF/services/io.dmskit.spi.EngineProvider}.
 * dmskit picks the provider whose {@link #engine()} is the engine of an endpoint's dialect; among
 * several, the one with the highest {@link #priority()}, so that a user's provider can replace a
 * built-in one. Stateless and thread-safe.
 */
public interface EngineProvider {

    /** The engine served, as {@link Dialect#engine()} names it. */
    String engine();

    default int priority() {
        return 0;
    }

    Dialect dialect();

    SourceReader reader();

    TargetWriter writer();

    /**
     * JDBC driver properties that dmskit's readers and writers rely on (for example
     * {@code allowLocalInfile}); a user's endpoint properties of the same name win.
     */
    default Map<String, String> driverProperties() {
        return Map.of();
    }

    /**
     * Statements run on every new connection, for example to make the session's time zone UTC
     * so that temporal values cross the pipeline unshifted.
     */
    default List<String> sessionInitStatements() {
        return List.of();
    }
}
