package io.dmskit.postgres;

import io.dmskit.internal.convert.LobLimit;
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
import java.sql.Statement;
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
 * <p><b>Limited LOB mode.</b> A LOB value over {@code LobMaxSize} must follow the error policy,
 * which needs the row path. So when a LOB limit is given, {@link #copy} first asks the source
 * whether any LOB value of the segment is over it ({@code octet_length}, which PostgreSQL takes
 * from a value's header without reading it), in the same {@code REPEATABLE READ} snapshot as the
 * COPY that follows; when one is, nothing is copied and the row path copies the segment. The
 * size is the value's length in bytes as {@link LobLimit} counts it: UTF-8 for text (so only a
 * source whose server encoding is UTF8 is checked this way), the bytes for {@code bytea}, the
 * text form for {@code json}, {@code jsonb} and {@code xml}; a LOB column of another type is not
 * piped.
 *
 * <p>Not thread-safe; one pipe copies one segment on the caller's two connections, in their
 * transactions (auto-commit is switched off, and nothing is committed here).
 */
public final class PgPipe {
    /** First OID a user object can have: below it, a type is built in and has that OID on every server. */
    private static final long FIRST_NORMAL_OBJECT_ID = 16384;
    private static final int CHUNK_BYTES = 256 * 1024;
    /** How {@link PostgresSourceReader#copyOutSql} wraps the segment's query. */
    private static final String COPY_OUT_HEAD = "COPY (";
    private static final String COPY_OUT_TAIL = ") TO STDOUT (FORMAT binary)";

    private static final String TYPES_SQL = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), t.oid, t.typtype,"
            + " t.typelem, t.typname FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            + " WHERE a.attrelid = CAST(? AS pg_catalog.regclass) AND a.attnum > 0 AND NOT a.attisdropped";

    private final String copyOut;
    private final String copyIn;
    /** {@code SELECT EXISTS (a LOB value over the limit in the range)}, or null when there is nothing to check. */
    private final String lobCheck;

    private PgPipe(String copyOut, String copyIn, String lobCheck) {
        this.copyOut = copyOut;
        this.copyIn = copyIn;
        this.lobCheck = lobCheck;
    }

    /** {@link #plan(Connection, Connection, Dialect, ReadRequest, TableId, List, long)} without a LOB limit (full LOB mode). */
    public static PgPipe plan(Connection source, Connection target, Dialect dialect, ReadRequest read, TableId targetTable,
                              List<String> targetColumns) throws SQLException {
        return plan(source, target, dialect, read, targetTable, targetColumns, Long.MAX_VALUE);
    }

    /**
     * The pipe for a segment, or null when it cannot be piped: a column whose type differs
     * between the two tables (modifiers included) or is not a built-in base type (or an array of
     * one), or a key range whose bounds are not integers.
     *
     * @param read          the source table, columns and key range, as the row path would read them; no filter
     * @param target        the target table
     * @param targetColumns the target's column names, in the order of {@code read.columns()}
     * @param lobMaxBytes   {@code LobMaxSize} in bytes in limited LOB mode ({@link io.dmskit.LobSettings#maxLobBytes()}),
     *                      {@code Long.MAX_VALUE} for none: then {@link #copy} checks the LOB columns' sizes first
     */
    public static PgPipe plan(Connection source, Connection target, Dialect dialect, ReadRequest read, TableId targetTable,
                              List<String> targetColumns, long lobMaxBytes) throws SQLException {
        Objects.requireNonNull(read, "read");
        if (!read.filter().isEmpty() || !PostgresSourceReader.integerBounds(read.range())
                || targetColumns.size() != read.columns().size()) {
            return null;
        }
        Map<String, String[]> from = types(source, dialect.qualify(read.table().id()));
        Map<String, String[]> to = types(target, dialect.qualify(targetTable));
        StringBuilder in = new StringBuilder("COPY ").append(dialect.qualify(targetTable)).append(" (");
        StringBuilder over = new StringBuilder();
        for (int i = 0; i < targetColumns.size(); i++) {
            Column c = read.columns().get(i);
            String[] s = from.get(c.name());
            String[] t = to.get(targetColumns.get(i));
            if (s == null || t == null || !s[0].equals(t[0]) || !s[1].equals(t[1]) || !builtIn(s) || !builtIn(t)) {
                return null;
            }
            in.append(i == 0 ? "" : ", ").append(dialect.quote(targetColumns.get(i)));
            if (lobMaxBytes != Long.MAX_VALUE && LobLimit.isLob(c.type().kind())) {
                String size = lobSize(dialect.quote(c.name()), s[4]);
                if (size == null) {
                    return null;
                }
                over.append(over.length() == 0 ? "" : " OR ").append(size).append(" > ").append(lobMaxBytes);
            }
        }
        in.append(") FROM STDIN (FORMAT binary)");
        String out = new PostgresSourceReader(dialect).copyOutSql(read);
        String check = null;
        if (over.length() > 0) {
            if (!utf8(source) || !out.startsWith(COPY_OUT_HEAD) || !out.endsWith(COPY_OUT_TAIL)) {
                return null;
            }
            // the rows the COPY reads: its query, key range (and partitions) included
            String rows = out.substring(COPY_OUT_HEAD.length(), out.length() - COPY_OUT_TAIL.length());
            check = "SELECT EXISTS (SELECT 1 FROM (" + rows + ") AS segment WHERE " + over + ")";
        }
        return new PgPipe(out, in.toString(), check);
    }

    /**
     * The SQL of a LOB value's size in bytes as {@link LobLimit} counts the value the row path
     * reads, or null for a type whose size is not known that way. {@code octet_length} of text,
     * varchar, bpchar (padding included, as read) and bytea comes from the value's header.
     */
    private static String lobSize(String column, String typname) {
        return switch (typname) {
            case "text", "varchar", "bpchar", "bytea" -> "octet_length(" + column + ")";
            case "json", "jsonb", "xml" -> "octet_length(CAST(" + column + " AS text))";
            default -> null;
        };
    }

    private static boolean utf8(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.current_setting('server_encoding')");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && "UTF8".equals(rs.getString(1));
        }
    }

    /** {format_type, type OID, typtype, element OID, type name} by column name. */
    private static Map<String, String[]> types(Connection c, String qualified) throws SQLException {
        Map<String, String[]> types = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(TYPES_SQL)) {
            ps.setString(1, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), new String[]{rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6)});
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
     *
     * @return what was copied, or null when a LOB value of the segment is over the limit given to
     *         {@link #plan}: nothing was sent to the target, and the caller copies the segment the
     *         row way, where that value follows the error policy
     */
    public Copied copy(Connection source, Connection target) throws SQLException {
        if (lobCheck != null) {
            // the check and the COPY read one snapshot: a value cannot grow over the limit between them
            if (source.getAutoCommit()) {
                source.setAutoCommit(false);
            } else {
                source.rollback();
            }
            try (Statement st = source.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                try (ResultSet rs = st.executeQuery(lobCheck)) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return null;
                    }
                }
            }
        }
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
        return "PgPipe[" + copyOut + " -> " + copyIn + (lobCheck == null ? "" : ", if not " + lobCheck) + "]";
    }
}
