package io.dmskit.mysql;

import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.TargetWriter;
import io.dmskit.spi.WriteRequest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * Writes rows into a MySQL or MariaDB table with {@code LOAD DATA LOCAL INFILE}: rows are
 * encoded into a reusable buffer in LOAD DATA's tab-separated text format
 * ({@link LoadDataBuffer}), and each chunk of about 8 MB, and whatever is left at
 * {@link BatchWriter#flush()}, is sent with
 * {@code LOAD DATA LOCAL INFILE 'dmskit' INTO TABLE t CHARACTER SET utf8mb4 ... (cols) SET ...},
 * the buffer standing in for the file. The connection needs {@code allowLocalInfile=true}
 * (MariaDB Connector/J) or {@code allowLoadLocalInfile=true} (MySQL Connector/J), which the
 * engine providers set.
 *
 * <p><b>No silent loss.</b> With {@code LOCAL}, MySQL and MariaDB turn data errors and duplicate
 * keys into warnings and go on, truncating values and skipping rows, whatever the SQL mode. So
 * each LOAD runs after a savepoint, and must report exactly the rows sent as affected and no
 * warning. When it does not, the savepoint is rolled back and the chunk is sent again through
 * the same multi-row INSERT statements as {@link MySqlInsertWriter} (same values, same
 * conversions) under a strict SQL mode, which either stores it exactly or fails on the first
 * refused row: that row and the column that the server names surface as a
 * {@link io.dmskit.spi.ValueException} carrying the server's message, and the transaction is
 * rolled back to where it was before the chunk.
 *
 * <p>Values are checked while they are encoded, as {@link MySqlInsertWriter} checks them. Works
 * with InnoDB (the savepoint needs a transactional engine). Stateless and thread-safe; each
 * {@link #open} returns a writer for one thread. Transactions: the caller's connection must
 * have auto-commit off; the writer sets the session's SQL mode strict when it opens.
 */
public final class MySqlLoadDataWriter implements TargetWriter {

    /** The size at which a chunk is sent without waiting for {@code flush}. */
    static final int DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

    private static final String SAVEPOINT = "SAVEPOINT dmskit_load";
    private static final String ROLLBACK = "ROLLBACK TO SAVEPOINT dmskit_load";

    private final Dialect dialect;
    private final int chunkBytes;

    /** @param dialect the target's dialect (MySQL or MariaDB), which quotes the names */
    public MySqlLoadDataWriter(Dialect dialect) {
        this(dialect, DEFAULT_CHUNK_BYTES);
    }

    /** With another chunk size, for tests and measurements. */
    MySqlLoadDataWriter(Dialect dialect, int chunkBytes) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.chunkBytes = chunkBytes;
    }

    @Override
    public BatchWriter open(Connection connection, WriteRequest request) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        WriteTarget target = new WriteTarget(dialect, request, WriteTarget.serverName(connection));
        WriteTarget.prepareSession(connection);
        Statement statement = connection.createStatement();
        try {
            LocalInfile infile = LocalInfile.of(statement);
            return new Writer(connection, target, statement, infile, loadSql(dialect, target), chunkBytes,
                    WriteTarget.statementBytes(connection));
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * The LOAD DATA statement of a target. Separators are hex literals so that the statement means
     * the same whatever the session's NO_BACKSLASH_ESCAPES; BIT columns are loaded through a
     * variable, as MySQL documents, because a field's text is not a bit value.
     */
    static String loadSql(Dialect dialect, WriteTarget target) {
        StringBuilder cols = new StringBuilder();
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < target.forms.length; i++) {
            if (i > 0) {
                cols.append(", ");
            }
            String name = dialect.quote(target.columns.get(i).name());
            if (target.forms[i] == Form.BIT) {
                String var = "@dmskit_v" + i;
                cols.append(var);
                set.append(set.length() == 0 ? " SET " : ", ").append(name).append(" = ")
                        .append(target.forms[i].storeExpression(var));
            } else {
                cols.append(name);
            }
        }
        return "LOAD DATA LOCAL INFILE 'dmskit' INTO TABLE " + target.qualifiedTable
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY X'09' ENCLOSED BY '' ESCAPED BY X'5C'"
                + " LINES STARTING BY '' TERMINATED BY X'0A' (" + cols + ")" + set;
    }

    /** Encodes one row; on a refused value leaves the half-written row in the buffer for the caller to cut. */
    static void encodeRow(LoadDataBuffer buf, Form[] forms, DataType[] types, Object[] row, int[] failedColumn) {
        for (int c = 0; c < forms.length; c++) {
            if (c > 0) {
                buf.fieldSeparator();
            }
            Object v = row[c];
            if (v == null) {
                buf.sqlNull();
                continue;
            }
            failedColumn[0] = c;
            Form f = forms[c];
            MySqlText.checkClass(f, types[c], v);
            switch (f) {
                case TEXT -> buf.text((String) v);
                case BINARY -> buf.bytes((byte[]) v);
                case INTEGER -> MySqlText.writeLong((Long) v, buf);
                default -> MySqlText.render(f, types[c], v, buf);
            }
        }
        buf.rowEnd();
    }

    private static final class Writer implements BatchWriter {
        private final Connection connection;
        private final WriteTarget target;
        private final Statement statement;
        private final LocalInfile infile;
        private final String sql;
        private final int chunkBytes;
        private final int statementBytes;
        private final Form[] forms;
        private final DataType[] types;
        private final LoadDataBuffer buffer;
        private final int[] failedColumn = new int[1];
        private MultiRowInsert insert;
        private int rows;
        /** The index in the batch being written of chunk row 0 (negative when it came from an earlier batch). */
        private int base;
        private boolean inWrite;

        Writer(Connection connection, WriteTarget target, Statement statement, LocalInfile infile, String sql,
               int chunkBytes, int statementBytes) {
            this.connection = connection;
            this.target = target;
            this.statement = statement;
            this.infile = infile;
            this.sql = sql;
            this.chunkBytes = chunkBytes;
            this.statementBytes = statementBytes;
            this.forms = target.forms;
            this.types = target.columns.stream().map(c -> c.type()).toArray(DataType[]::new);
            this.buffer = new LoadDataBuffer(Math.min(chunkBytes, 1 << 16));
        }

        @Override
        public void write(RowBatch batch) throws SQLException {
            if (batch.columns() != forms.length) {
                throw new IllegalArgumentException("batch has " + batch.columns() + " columns, the request "
                        + forms.length);
            }
            base = -rows;
            inWrite = true;
            try {
                for (int r = 0; r < batch.size(); r++) {
                    int mark = buffer.size();
                    try {
                        encodeRow(buffer, forms, types, batch.row(r), failedColumn);
                    } catch (MySqlText.Rejected e) {
                        buffer.truncate(mark);
                        throw target.rejected(r, failedColumn[0], e);
                    }
                    rows++;
                    if (buffer.size() >= chunkBytes) {
                        load();
                        base = r + 1;
                    }
                }
            } finally {
                inWrite = false;
            }
        }

        @Override
        public void flush() throws SQLException {
            if (rows > 0) {
                load();
            }
        }

        private void load() throws SQLException {
            int sent = rows;
            try {
                statement.execute(SAVEPOINT);
                infile.setStream(statement, buffer.stream());
                statement.clearWarnings();
                long loaded;
                try {
                    loaded = statement.executeLargeUpdate(sql);
                } catch (SQLException e) {
                    if (!MultiRowInsert.isDataError(e)) {
                        throw e;
                    }
                    loaded = -1;
                }
                if (loaded == sent && statement.getWarnings() == null) {
                    return;
                }
                statement.execute(ROLLBACK);
                insertExactly(sent);
            } finally {
                rows = 0;
                buffer.reset();
            }
        }

        /** Sends the chunk again as INSERT statements, which store it exactly or name the row they refuse. */
        private void insertExactly(int sent) throws SQLException {
            List<byte[][]> decoded = buffer.decode(forms.length);
            int n = forms.length;
            Object[] values = new Object[decoded.size() * n];
            for (int r = 0; r < decoded.size(); r++) {
                byte[][] fields = decoded.get(r);
                for (int c = 0; c < n; c++) {
                    byte[] f = fields[c];
                    values[r * n + c] = f == null || forms[c] == Form.BINARY ? f : new String(f, StandardCharsets.UTF_8);
                }
            }
            if (insert == null) {
                insert = new MultiRowInsert(connection, target.insertPrefix, target.insertTuple, n, false);
            }
            int maxRows = Math.max(1, 65_535 / n);
            int from = 0;
            try {
                while (from < decoded.size()) {
                    int count = 0;
                    long bytes = 0;
                    while (from + count < decoded.size() && count < maxRows && (count == 0 || bytes < statementBytes)) {
                        for (byte[] f : decoded.get(from + count)) {
                            bytes += f == null ? 4 : f.length * 2L + 4;
                        }
                        count++;
                    }
                    insert.insert(values, from, count);
                    from += count;
                }
            } catch (MultiRowInsert.RowFailure f) {
                statement.execute(ROLLBACK);
                int batchRow = inWrite && base + f.row >= 0 ? base + f.row : -1;
                throw target.refused(batchRow, target.describeKey(values, f.row * n), f);
            }
        }

        @Override
        public void close() throws SQLException {
            rows = 0;
            buffer.reset();
            try {
                if (insert != null) {
                    insert.close();
                }
            } finally {
                statement.close();
            }
        }
    }
}
