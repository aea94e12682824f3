package io.dmskit.mysql;

import io.dmskit.schema.Dialect;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.SourceReader;
import io.dmskit.spi.TargetWriter;

import java.util.List;
import java.util.Map;

/**
 * MariaDB (engine {@code mariadb}) through MariaDB Connector/J 3: reads with
 * {@link MySqlSourceReader} (which streams through the fetch size), writes with
 * {@link MySqlLoadDataWriter} into tables of short values and with
 * {@link MySqlInsertWriter#batched} into tables with BLOB, TEXT, JSON or binary columns.
 *
 * <p>Why (MariaDB 10.11 on the project's shared 2-core machine, medians of 3 interleaved runs,
 * {@code MariaDbWriterThroughputIT}): 200,000 rows of a typical table (bigint, int, varchar(16),
 * decimal(12,2), varchar(200), datetime(6), date, tinyint) went in at 144k rows/s with LOAD DATA,
 * 145k with the batched INSERT writer and 93k with the multi-row INSERT writer; 50,000 rows of
 * 1-7 KB blobs at 7.6k rows/s with LOAD DATA, 31k batched and 4.5k multi-row. The server parses
 * LOAD DATA's text byte by byte, which costs little for short values and much for large ones.
 *
 * <p>Sessions are set up as {@link MySqlEngine} describes. Stateless and thread-safe.
 */
public class MariaDbEngine implements EngineProvider {

    @Override
    public String engine() {
        return "mariadb";
    }

    @Override
    public Dialect dialect() {
        return MySqlEngine.dialect(engine());
    }

    @Override
    public SourceReader reader() {
        return new MySqlSourceReader(dialect());
    }

    @Override
    public TargetWriter writer() {
        Dialect d = dialect();
        return new ChoosingWriter(new MySqlLoadDataWriter(d), MySqlInsertWriter.batched(d));
    }

    /**
     * {@code allowLocalInfile} for LOAD DATA LOCAL (the writer always supplies its own stream);
     * {@code useBulkStmtsForInserts} (the default, made explicit) for the batched INSERT writer;
     * TINYINT(1) and YEAR as numbers, not booleans and dates.
     */
    @Override
    public Map<String, String> driverProperties() {
        return Map.of(
                "allowLocalInfile", "true",
                "useBulkStmtsForInserts", "true",
                "tinyInt1isBit", "false",
                "yearIsDateType", "false");
    }

    @Override
    public List<String> sessionInitStatements() {
        return MySqlEngine.SESSION_INIT;
    }
}
