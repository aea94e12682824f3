package io.dmskit.schema;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/** Finds the {@link Dialect} of an engine, by JDBC URL or by engine name. */
public final class Dialects {

    private static final List<Dialect> ALL = StreamSupport
            .stream(ServiceLoader.load(Dialect.class, Dialects.class.getClassLoader()).spliterator(), false)
            .sorted(Comparator.comparingInt(Dialect::priority).reversed())
            .toList();

    private Dialects() {
    }

    /** Every dialect on the class path, highest priority first. */
    public static List<Dialect> all() {
        return ALL;
    }

    /**
     * The dialect for a JDBC URL.
     *
     * @throws DmsException with {@link ErrorCode#UNKNOWN_ENGINE} naming the URL's scheme and the known engines
     */
    public static Dialect forJdbcUrl(String jdbcUrl) {
        for (Dialect d : ALL) {
            if (d.handlesJdbcUrl(jdbcUrl)) {
                return d;
            }
        }
        throw new DmsException(ErrorCode.UNKNOWN_ENGINE, "No dmskit dialect handles the JDBC URL scheme '"
                + scheme(jdbcUrl) + "'. Known engines: " + engines()
                + ". Use a URL of one of them, or register a Dialect through ServiceLoader.");
    }

    /** The dialect for an engine name such as {@code postgresql}. */
    public static Optional<Dialect> forEngine(String engine) {
        return ALL.stream().filter(d -> d.engine().equals(engine)).findFirst();
    }

    private static String engines() {
        return String.join(", ", ALL.stream().map(Dialect::engine).distinct().sorted().toList());
    }

    /** The {@code jdbc:xxx:} part of a URL, which never holds credentials. */
    static String scheme(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "null";
        }
        int first = jdbcUrl.indexOf(':');
        int second = first < 0 ? -1 : jdbcUrl.indexOf(':', first + 1);
        return second < 0 ? jdbcUrl.replaceAll("[^A-Za-z0-9:]", "?") : jdbcUrl.substring(0, second + 1);
    }
}
