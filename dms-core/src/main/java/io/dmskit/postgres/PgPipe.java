package io.dmskit.postgres;

import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.TableId;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * PostgreSQL to PostgreSQL without decoding: the bytes of a {@code COPY (SELECT ...) TO STDOUT
 * (FORMAT binary)} on the source go unchanged into a {@code COPY ... FROM STDIN (FORMAT binary)}
 * on the target. This is what {@code psql -c "COPY ... TO STDOUT" | psql -c "COPY ... FROM STDIN"}
 * does, and the fastest a copy between two PostgreSQL servers can be.
 *
 * <p>It is only correct when every column has the same type on both sides, modifiers included: a
 * binary value is read by the target's receive function for the target's type, and a
 * {@code numeric(12,2)} value sent into a {@code numeric(10,1)} column would be rounded by it, not
 * refused. So {@link #plan} compares {@code format_type(atttypid, atttypmod)} of each column pair
 * and takes only built-in base types (whose OIDs, which binary arrays carry, are the same on every
 * server); anything else goes through the row path, whose checks are exact. Values need no check
 * beyond that: the source held them in the same type.
 *
 * <p>Not thread-safe; one pipe copies one segment on the caller's two connections, in their
 * transactions (auto-commit is switched off, and nothing is committed here).
 */
public final class PgPipe {
    /** First OID a user object can have: below it, a type is built in and has that OID on every server. */
    private static final long FIRST_NORMAL_OBJECT_ID = 16384;
    private static final int CHUNK_BYTES = 256 * 1024;

    private static final String TYPES_SQL = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), t.oid, t.typtype,"
            + " t.typelem FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            + " WHERE a.attrelid = CAST(? AS pg_catalog.regclass) AND a.attnum > 0 AND NOT a.attisdropped";

    private final String copyOut;
    private final String copyIn;

    private PgPipe(String copyOut, String copyIn) {
        this.copyOut = copyOut;
        this.copyIn = copyIn;
    }

    /**
     * The pipe for a segment, or null when it cannot be piped: a column whose type differs
     * between the two tables (modifiers included) or is not a built-in base type (or an array of
     * one), or a key range whose bounds are not integers.
     *
     * @param read          the source table, columns and key range, as the row path would read them; no filter
     * @param target        the target table
     * @param targetColumns the target's column names, in the order of {@code read.columns()}
     */
    public static PgPipe plan(Connection source, Connection target, Dialect dialect, ReadRequest read, TableId targetTable,
                              List<String> targetColumns) throws SQLException {
        Objects.requireNonNull(read, "read");
        if (!read.filter().isEmpty() || !PostgresSourceReader.integerBounds(read.range())
                || targetColumns.size() != read.columns().size()) {
            return null;
        }
        Map<String, String[]> from = types(source, dialect.qualify(read.table().id()));
        Map<String, String[]> to = types(target, dialect.qualify(targetTable));
        StringBuilder in = new StringBuilder("COPY ").append(dialect.qualify(targetTable)).append(" (");
        for (int i = 0; i < targetColumns.size(); i++) {
            Column c = read.columns().get(i);
            String[] s = from.get(c.name());
            String[] t = to.get(targetColumns.get(i));
            if (s == null || t == null || !s[0].equals(t[0]) || !s[1].equals(t[1]) || !builtIn(s) || !builtIn(t)) {
                return null;
            }
            in.append(i == 0 ? "" : ", ").append(dialect.quote(targetColumns.get(i)));
        }
        in.append(") FROM STDIN (FORMAT binary)");
        return new PgPipe(new PostgresSourceReader(dialect).copyOutSql(read), in.toString());
    }

    /** {format_type, type OID, typtype, element OID} by column name. */
    private static Map<String, String[]> types(Connection c, String qualified) throws SQLException {
        Map<String, String[]> types = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(TYPES_SQL)) {
            ps.setString(1, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), new String[]{rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
        }
        return types;
    }

    /** A built-in base type, or an array of one (its binary form names the element's OID). */
    private static boolean builtIn(String[] type) {
        return Long.parseLong(type[1]) < FIRST_NORMAL_OBJECT_ID && "b".equals(type[2])
                && Long.parseLong(type[3]) < FIRST_NORMAL_OBJECT_ID;
    }

    /** The result of one pipe: rows the target took, bytes that went through. */
    public record Copied(long rows, long bytes) {
    }

    /**
     * Copies the segment: the source's COPY output goes to the target's COPY input in chunks.
     * On failure both COPYs are ended (the target's rows of this COPY are not in its transaction)
     * and the exception is thrown; the caller rolls back and may copy the segment the row way.
     */
    public Copied copy(Connection source, Connection target) throws SQLException {
        if (source.getAutoCommit()) {
            source.setAutoCommit(false);
        }
        if (target.getAutoCommit()) {
            target.setAutoCommit(false);
        }
        CopyIn in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn);
        CopyOut out = null;
        long bytes = 0;
        try {
            out = source.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut);
            byte[] chunk = new byte[CHUNK_BYTES];
            int filled = 0;
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                if (filled + row.length > chunk.length) {
                    in.writeToCopy(chunk, 0, filled);
                    filled = 0;
                }
                if (row.length > chunk.length) {
                    in.writeToCopy(row, 0, row.length);
                } else {
                    System.arraycopy(row, 0, chunk, filled, row.length);
                    filled += row.length;
                }
                bytes += row.length;
            }
            if (filled > 0) {
                in.writeToCopy(chunk, 0, filled);
            }
            return new Copied(in.endCopy(), bytes);
        } catch (SQLException | RuntimeException e) {
            if (out != null && out.isActive()) {
                try {
                    out.cancelCopy();
                } catch (SQLException ignored) {
                    // the source connection is broken; the caller closes it
                }
            }
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException ignored) {
                    // the target connection is broken; the caller closes it
                }
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "PgPipe[" + copyOut + " -> " + copyIn + "]";
    }
}
