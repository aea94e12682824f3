package io.dmskit.postgres;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.TableId;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.TargetWriter;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes row batches into a PostgreSQL table with binary {@code COPY ... FROM STDIN}, through
 * pgjdbc's {@link CopyManager}: the fastest way into PostgreSQL, with no text formatting or
 * parsing of values on either side.
 *
 * <pre>{@code
 * BatchWriter w = new PostgresCopyWriter(dialect).open(connection, new WriteRequest(table, table.columns()));
 * w.write(batch); w.flush(); connection.commit();
 * }</pre>
 *
 * <p>Each {@link BatchWriter#flush() flush interval} is one COPY: it starts on the first
 * {@code write} after a flush, rows are encoded straight from the batch into one reusable buffer
 * that is handed to the COPY in chunks of {@value #CHUNK_BYTES} bytes, and {@code flush} ends the
 * COPY, so that its rows are in the connection's transaction. Memory is one chunk plus the
 * largest row, whatever the number of rows.
 *
 * <p>Each column's encoder is chosen when the writer opens, from the column's logical type
 * (see {@link PgEncoders}); the target table's catalog entry gives the element type OIDs that
 * arrays carry and is checked against the logical types, so that a table of another shape fails
 * at open with {@link ErrorCode#INCOMPATIBLE_TARGET_TABLE} naming the column.
 *
 * <p>Errors. A value that cannot be written without loss throws a {@link ValueException} from
 * {@code write} naming the row of the batch and the column; the rows before it are in the COPY,
 * it and the rows after it are not, and the writer stays usable. When the server rejects the
 * COPY (numeric overflow, a string too long, a constraint), the error arrives at the latest at
 * {@code flush}: it is a {@link ValueException} whose cause is the driver's
 * {@link SQLException}, naming the column where PostgreSQL names one (or -1) and the row when it
 * is in the batch being written (else -1, and the message names the COPY line and which batch
 * since the last flush it was). The transaction is then aborted: the caller rolls back and
 * writes the rows of the flush interval again. Other SQL errors pass through unchanged.
 *
 * <p>Stateless and thread-safe; each writer that {@link #open} returns is used by one thread.
 */
public final class PostgresCopyWriter implements TargetWriter {

    /** Bytes handed to the COPY stream at a time. */
    static final int CHUNK_BYTES = 256 * 1024;
    /** What the buffer keeps between rows: a chunk and room for an ordinary row past it. */
    static final int BUFFER_BYTES = CHUNK_BYTES + 64 * 1024;

    private static final byte[] HEADER = {
            'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, // signature
            0, 0, 0, 0, // flags: no OIDs
            0, 0, 0, 0, // header extension length
    };

    private static final String COLUMN_TYPES_SQL = "SELECT a.attname, t.typname, t.typtype, t.typelem, e.typname, e.typtype"
            + " FROM pg_catalog.pg_attribute a"
            + " JOIN pg_catalog.pg_type d ON d.oid = a.atttypid"
            + " JOIN pg_catalog.pg_type t ON t.oid = CASE WHEN d.typtype = 'd' THEN d.typbasetype ELSE d.oid END"
            + " LEFT JOIN pg_catalog.pg_type ed ON ed.oid = t.typelem AND t.typcategory = 'A'"
            + " LEFT JOIN pg_catalog.pg_type e ON e.oid = CASE WHEN ed.typtype = 'd' THEN ed.typbasetype ELSE ed.oid END"
            + " WHERE a.attrelid = CAST(? AS pg_catalog.regclass) AND a.attnum > 0 AND NOT a.attisdropped";

    private final Dialect dialect;

    /** @param dialect the PostgreSQL dialect, which quotes the table and column names; not null */
    public PostgresCopyWriter(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /**
     * Reads the target columns' types from the catalog and chooses their encoders; starts no COPY yet.
     *
     * @throws DmsException with {@link ErrorCode#INCOMPATIBLE_TARGET_TABLE} when a column is
     *                      missing or its type cannot take its logical type's values
     */
    @Override
    public BatchWriter open(Connection connection, WriteRequest request) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(request, "request");
        TableId id = request.table().id();
        List<Column> columns = request.columns();
        if (columns.isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Table " + id + ": a write request must name at least one column");
        }
        String qualified = dialect.qualify(id);
        Map<String, PgType> types = columnTypes(connection, qualified);
        PgEncoder[] encoders = new PgEncoder[columns.size()];
        StringBuilder sql = new StringBuilder("COPY ").append(qualified).append(" (");
        for (int i = 0; i < encoders.length; i++) {
            Column c = columns.get(i);
            PgType actual = types.get(c.name());
            if (actual == null) {
                throw new DmsException(ErrorCode.INCOMPATIBLE_TARGET_TABLE, "Table " + id + " has no column "
                        + c.name() + " in the target");
            }
            encoders[i] = PgEncoders.forColumn(id, c, actual);
            sql.append(i == 0 ? "" : ", ").append(dialect.quote(c.name()));
        }
        sql.append(") FROM STDIN (FORMAT binary)");
        CopyManager copyApi = connection.unwrap(PGConnection.class).getCopyAPI();
        return new CopyBatchWriter(copyApi, sql.toString(), encoders, columns, id.name());
    }

    /** The base types of the table's columns, by column name; domains resolved. */
    static Map<String, PgType> columnTypes(Connection connection, String qualifiedTable) throws SQLException {
        Map<String, PgType> types = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMN_TYPES_SQL)) {
            ps.setString(1, qualifiedTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String elementName = rs.getString(5);
                    PgType type;
                    if (elementName != null) {
                        PgType element = new PgType(elementName, rs.getString(6).charAt(0), 0, null);
                        type = new PgType(rs.getString(2), rs.getString(3).charAt(0), (int) rs.getLong(4), element);
                    } else {
                        type = new PgType(rs.getString(2), rs.getString(3).charAt(0), 0, null);
                    }
                    types.put(rs.getString(1), type);
                }
            }
        }
        return types;
    }

    /**
     * One open writer. Holds the COPY of the current flush interval, if any, and the reusable
     * buffer. {@code lines} counts the rows sent in the current COPY; {@code batchStarts} records
     * the first COPY line of each batch of it, so that a COPY line that the server names can be
     * told apart as a row of the batch being written or of an earlier one.
     */
    static final class CopyBatchWriter implements BatchWriter {
        private final CopyManager copyApi;
        private final String sql;
        private final PgEncoder[] encoders;
        private final List<Column> columns;
        private final String table;
        private final CopyBuffer buffer = new CopyBuffer(BUFFER_BYTES);
        private final CopyBuffer.Sink sink = this::send;
        private CopyIn copy;
        private long lines;
        private long[] batchStarts = new long[16];
        private int batches;
        private boolean closed;

        CopyBatchWriter(CopyManager copyApi, String sql, PgEncoder[] encoders, List<Column> columns, String table) {
            this.copyApi = copyApi;
            this.table = table;
            this.sql = sql;
            this.encoders = encoders;
            this.columns = columns;
        }

        /** The buffer's current size, which must not grow with the number of rows. */
        int bufferCapacity() {
            return buffer.capacity();
        }

        private void send(byte[] bytes, int offset, int length) throws SQLException {
            copy.writeToCopy(bytes, offset, length);
        }

        @Override
        public void write(RowBatch batch) throws SQLException {
            if (closed) {
                throw new IllegalStateException("writer is closed");
            }
            PgEncoder[] enc = encoders;
            int n = enc.length;
            if (batch.columns() != n) {
                throw new IllegalArgumentException("batch has " + batch.columns() + " columns, the request " + n);
            }
            if (batch.isEmpty()) {
                return;
            }
            if (copy == null) {
                begin();
            }
            if (batches == batchStarts.length) {
                batchStarts = Arrays.copyOf(batchStarts, batches * 2);
            }
            long firstLine = lines + 1;
            batchStarts[batches++] = firstLine;
            CopyBuffer out = buffer;
            int size = batch.size();
            try {
                for (int r = 0; r < size; r++) {
                    encodeRow(batch.row(r), r, enc, out);
                    lines++;
                    out.sendIfAtLeast(CHUNK_BYTES, sink);
                }
            } catch (SQLException e) {
                throw failed(e, firstLine, size);
            }
        }

        /**
         * Appends one row as a binary COPY tuple: the field count, then each field. On a value that
         * cannot be written, cuts the half-written row off and throws naming row {@code r} and the column.
         */
        static void encodeRow(Object[] row, int r, PgEncoder[] enc, CopyBuffer out) {
            int n = enc.length;
            int rowStart = out.position();
            out.int16(n);
            for (int c = 0; c < n; c++) {
                Object v = row[c];
                if (v == null) {
                    out.int32(-1);
                } else {
                    try {
                        enc[c].encode(v, out);
                    } catch (ValueException e) {
                        out.truncate(rowStart);
                        throw new ValueException(r, c, e.reason(), e.getCause());
                    }
                }
            }
        }

        private void begin() throws SQLException {
            copy = copyApi.copyIn(sql);
            lines = 0;
            batches = 0;
            buffer.clear();
            buffer.bytes(HEADER, 0, HEADER.length);
        }

        /** Ends the COPY of this flush interval, so that its rows are in the connection's transaction. */
        @Override
        public void flush() throws SQLException {
            if (copy == null) {
                return;
            }
            try {
                buffer.int16(-1); // file trailer
                buffer.send(sink);
                copy.endCopy();
                copy = null;
            } catch (SQLException e) {
                throw failed(e, -1, 0);
            }
        }

        /** Ends the writer; rows written since the last flush are discarded (the COPY is cancelled). */
        @Override
        public void close() throws SQLException {
            closed = true;
            buffer.clear();
            CopyIn c = copy;
            copy = null;
            if (c != null && c.isActive()) {
                c.cancelCopy();
            }
        }

        /**
         * Ends a failed COPY and turns a data error of the server into a ValueException; other
         * errors are returned as they are.
         *
         * @param firstLine the COPY line of the batch being written, or -1 when none is
         * @param size      its number of rows
         */
        private SQLException failed(SQLException e, long firstLine, int size) {
            CopyIn c = copy;
            copy = null;
            buffer.clear();
            if (c != null && c.isActive()) {
                try {
                    c.cancelCopy();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            String state = e.getSQLState();
            if (server == null || state == null || !(state.startsWith("22") || state.startsWith("23"))) {
                return e;
            }
            CopyContext where = CopyContext.parse(server.getWhere(), table);
            String columnName = where.column() != null ? where.column() : server.getColumn();
            int column = -1;
            for (int i = 0; columnName != null && i < columns.size(); i++) {
                if (columns.get(i).name().equals(columnName)) {
                    column = i;
                }
            }
            long line = where.line();
            int row = -1;
            StringBuilder reason = new StringBuilder(server.getMessage());
            if (line > 0 && firstLine > 0 && line >= firstLine && line < firstLine + size) {
                row = (int) (line - firstLine);
            } else if (line > 0) {
                int b = batches - 1;
                while (b > 0 && batchStarts[b] > line) {
                    b--;
                }
                reason.append(" (COPY line ").append(line).append(": row ").append(line - batchStarts[b])
                        .append(" of batch ").append(b + 1).append(" of ").append(batches)
                        .append(" written since the last flush");
                if (column < 0 && columnName != null) {
                    reason.append(", column ").append(columnName);
                }
                reason.append(')');
            }
            throw new ValueException(row, column, reason.toString(), e);
        }
    }

    /**
     * The COPY line and column that PostgreSQL's error context names, as in
     * {@code COPY t, line 3, column c} (binary COPY shows no value; the names are not quoted, so
     * the known table name anchors the parse). Absent parts are -1 / null.
     */
    record CopyContext(long line, String column) {

        private static final CopyContext NONE = new CopyContext(-1, null);

        static CopyContext parse(String where, String table) {
            if (where == null) {
                return NONE;
            }
            // The context may have several lines (functions, triggers); the COPY one is last.
            String prefix = "COPY " + table + ", line ";
            String copyLine = null;
            for (String l : where.split("\n")) {
                if (l.startsWith(prefix)) {
                    copyLine = l;
                }
            }
            if (copyLine == null) {
                return NONE;
            }
            int digits = prefix.length();
            int end = digits;
            while (end < copyLine.length() && Character.isDigit(copyLine.charAt(end))) {
                end++;
            }
            if (end == digits || end - digits > 18) {
                return NONE;
            }
            long line = Long.parseLong(copyLine.substring(digits, end));
            String column = copyLine.startsWith(", column ", end) ? copyLine.substring(end + 9) : null;
            return new CopyContext(line, column);
        }
    }
}
