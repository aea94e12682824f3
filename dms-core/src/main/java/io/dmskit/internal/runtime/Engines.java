package io.dmskit.internal.runtime;

import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.spi.EngineProvider;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/** Finds the {@link EngineProvider} of an endpoint's engine through ServiceLoader; the highest priority wins. */
public final class Engines {
    private static final List<EngineProvider> ALL = StreamSupport
            .stream(ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader()).spliterator(), false)
            .sorted(Comparator.comparingInt(EngineProvider::priority).reversed())
            .toList();

    private Engines() {
    }

    public static EngineProvider forEndpoint(Endpoint endpoint) {
        for (EngineProvider p : ALL) {
            if (p.engine().equals(endpoint.engine())) {
                return p;
            }
        }
        throw new DmsException(ErrorCode.UNKNOWN_ENGINE, "No dmskit reader and writer for engine '" + endpoint.engine()
                + "' of endpoint '" + endpoint.name() + "'. Engines with readers and writers: "
                + String.join(", ", ALL.stream().map(EngineProvider::engine).distinct().sorted().toList())
                + ". Register an io.dmskit.spi.EngineProvider through ServiceLoader to add one.");
    }
}
