package io.dmskit.h2;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.SourceReader;
import io.dmskit.spi.TargetWriter;

/**
 * The built-in {@link EngineProvider} of H2 2.x (engine {@code h2}): reads with
 * {@link H2SourceReader}, writes with {@link H2BatchWriter} in JDBC statement batches. Needs the
 * H2 driver on the class path (an optional dependency of dms-core). Stateless and thread-safe;
 * the reader and writer are created once.
 */
public final class H2Engine implements EngineProvider {

    private final Dialect dialect;
    private final SourceReader reader;
    private final TargetWriter writer;

    /**
     * @throws DmsException with {@link ErrorCode#UNKNOWN_ENGINE} when no dialect of engine
     *                      {@code h2} is on the class path
     */
    public H2Engine() {
        this.dialect = Dialects.forEngine("h2").orElseThrow(() -> new DmsException(ErrorCode.UNKNOWN_ENGINE,
                "No dmskit dialect of engine 'h2' is on the class path; dms-schema registers one as io.dmskit.schema.h2.H2Dialect"));
        this.reader = new H2SourceReader(dialect);
        this.writer = new H2BatchWriter(dialect);
    }

    @Override
    public String engine() {
        return "h2";
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public SourceReader reader() {
        return reader;
    }

    @Override
    public TargetWriter writer() {
        return writer;
    }
}
