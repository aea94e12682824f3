package io.dmskit.postgres;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.SourceReader;
import io.dmskit.spi.TargetWriter;

import java.util.List;

/**
 * PostgreSQL as a source ({@link PostgresSourceReader}) and a target ({@link PostgresCopyWriter},
 * binary COPY). Stateless and thread-safe; found through {@link java.util.ServiceLoader}.
 */
public final class PostgresEngine implements EngineProvider {

    /**
     * Every session is in UTC, so that no temporal value is shifted on its way; prints intervals
     * in the style that the reader parses; and prints floats with every digit (the default since
     * PostgreSQL 12, set for older servers).
     */
    private static final List<String> SESSION_INIT = List.of(
            "SET TimeZone TO 'UTC'",
            "SET IntervalStyle TO 'postgres'",
            "SET extra_float_digits TO 3");

    @Override
    public String engine() {
        return "postgresql";
    }

    /**
     * @throws DmsException with {@link ErrorCode#UNKNOWN_ENGINE} when dms-schema's PostgreSQL
     *                      dialect is not on the class path
     */
    @Override
    public Dialect dialect() {
        return Dialects.forEngine("postgresql").orElseThrow(() -> new DmsException(ErrorCode.UNKNOWN_ENGINE,
                "No dmskit dialect for postgresql is on the class path; add dms-schema"));
    }

    @Override
    public SourceReader reader() {
        return new PostgresSourceReader(dialect());
    }

    @Override
    public TargetWriter writer() {
        return new PostgresCopyWriter(dialect());
    }

    @Override
    public List<String> sessionInitStatements() {
        return SESSION_INIT;
    }
}
