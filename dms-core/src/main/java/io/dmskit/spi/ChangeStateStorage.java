package io.dmskit.spi;

import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a {@link ChangeSource} keeps its durable state between runs: the capture engine's
 * offsets (the last acknowledged position) and, for engines that need one (MariaDB, MySQL), the
 * history of the captured tables' schemas. Either tables in a control schema of a database
 * (normally the migration's target, schema {@code dmskit}), or one file. Never memory: a change
 * source must be able to resume after its JVM is gone.
 *
 * <pre>{@code
 * ChangeStateStorage.jdbc(target)                        // tables in schema dmskit of the target
 * ChangeStateStorage.file(Path.of("/var/lib/shop-cdc.state"))
 * }</pre>
 *
 * <p>Several tasks may share a storage: state is kept per task name. Immutable and thread-safe;
 * a value, not a connection.
 */
public final class ChangeStateStorage {
    /** The control schema used when none is given. */
    public static final String DEFAULT_SCHEMA = "dmskit";

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** The two kinds of storage. */
    public enum Kind { JDBC, FILE }

    private final Kind kind;
    private final Endpoint endpoint;
    private final String schema;
    private final Path file;

    private ChangeStateStorage(Kind kind, Endpoint endpoint, String schema, Path file) {
        this.kind = kind;
        this.endpoint = endpoint;
        this.schema = schema;
        this.file = file;
    }

    /** Tables {@code cdc_offsets} and {@code cdc_schema_history} in schema {@value #DEFAULT_SCHEMA} of the database. */
    public static ChangeStateStorage jdbc(Endpoint database) {
        return jdbc(database, DEFAULT_SCHEMA);
    }

    /**
     * Tables {@code cdc_offsets} and {@code cdc_schema_history} in a schema of the database (a
     * database, for MySQL and MariaDB), created when missing.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the schema name is not a plain identifier
     */
    public static ChangeStateStorage jdbc(Endpoint database, String schema) {
        Objects.requireNonNull(database, "database");
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Invalid state storage: schema must be 1 to 63 letters, digits"
                    + " or '_', not starting with a digit, was " + (schema == null ? "null" : "'" + schema + "'"));
        }
        return new ChangeStateStorage(Kind.JDBC, database, schema, null);
    }

    /**
     * One file, created when missing and replaced atomically on each update (a sibling temporary
     * file is renamed over it), so it is never half-written.
     */
    public static ChangeStateStorage file(Path file) {
        Objects.requireNonNull(file, "file");
        return new ChangeStateStorage(Kind.FILE, null, null, file.toAbsolutePath().normalize());
    }

    public Kind kind() {
        return kind;
    }

    /** The database of a {@link Kind#JDBC} storage; null for a file. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The control schema of a {@link Kind#JDBC} storage; null for a file. */
    public String schema() {
        return schema;
    }

    /** The file of a {@link Kind#FILE} storage, absolute; null for JDBC. */
    public Path file() {
        return file;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeStateStorage s && kind == s.kind && Objects.equals(schema, s.schema)
                && Objects.equals(file, s.file)
                && Objects.equals(endpoint == null ? null : endpoint.jdbcUrl(), s.endpoint == null ? null : s.endpoint.jdbcUrl());
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, schema, file, endpoint == null ? null : endpoint.jdbcUrl());
    }

    @Override
    public String toString() {
        return kind == Kind.FILE ? "file " + file : "schema " + schema + " of " + endpoint;
    }
}
