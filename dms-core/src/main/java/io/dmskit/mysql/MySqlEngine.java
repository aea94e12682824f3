package io.dmskit.mysql;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.SourceReader;
import io.dmskit.spi.TargetWriter;

import java.util.List;
import java.util.Map;

/**
 * MySQL (engine {@code mysql}) through MySQL Connector/J: reads with {@link MySqlSourceReader},
 * writes with {@link MySqlLoadDataWriter}, MySQL's documented fastest bulk path. (No MySQL server
 * was at hand to measure; on MariaDB, see {@link MariaDbEngine}, LOAD DATA was as fast as the
 * batched INSERT writer for short rows and slower for large objects, where MySQL Connector/J's
 * batches become the multi-row statements that measured slowest. Measure before changing this.)
 *
 * <p>Sessions are made what the readers and writers rely on: time zone UTC (TIMESTAMP values
 * are instants), a strict SQL mode with {@code NO_AUTO_VALUE_ON_ZERO} (so that a value that does
 * not fit fails instead of being truncated, and a 0 in an AUTO_INCREMENT column is kept),
 * utf8mb4, and foreign key checks off (tables load in any order, and CDC applies changes in the
 * source's commit order). Unique checks stay on: with {@code unique_checks=0} InnoDB may let a
 * duplicate key in without an error. Stateless and thread-safe.
 */
public class MySqlEngine implements EngineProvider {

    /** The SQL mode of every dmskit session on MySQL and MariaDB. */
    static final String SQL_MODE = "STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO,"
            + "ERROR_FOR_DIVISION_BY_ZERO";

    static final List<String> SESSION_INIT = List.of(
            "SET time_zone = '+00:00'",
            "SET SESSION sql_mode = '" + SQL_MODE + "'",
            "SET NAMES utf8mb4",
            "SET foreign_key_checks = 0");

    @Override
    public String engine() {
        return "mysql";
    }

    @Override
    public Dialect dialect() {
        return dialect(engine());
    }

    static Dialect dialect(String engine) {
        return Dialects.forEngine(engine).orElseThrow(() -> new DmsException(ErrorCode.UNKNOWN_ENGINE,
                "No dmskit dialect for engine '" + engine + "' is on the class path; add dms-schema"));
    }

    @Override
    public SourceReader reader() {
        return new MySqlSourceReader(dialect());
    }

    @Override
    public TargetWriter writer() {
        return new MySqlLoadDataWriter(dialect());
    }

    /**
     * {@code allowLoadLocalInfile} for LOAD DATA LOCAL (only dmskit's own stream is ever sent: the
     * writer sets it before each statement); {@code rewriteBatchedStatements} so that the batched
     * INSERT writer sends multi-row statements; TINYINT(1) and YEAR as numbers, not booleans and dates.
     */
    @Override
    public Map<String, String> driverProperties() {
        return Map.of(
                "allowLoadLocalInfile", "true",
                "rewriteBatchedStatements", "true",
                "tinyInt1isBit", "false",
                "yearIsDateType", "false",
                "characterEncoding", "UTF-8");
    }

    @Override
    public List<String> sessionInitStatements() {
        return SESSION_INIT;
    }
}
