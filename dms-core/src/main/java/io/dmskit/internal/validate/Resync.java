package io.dmskit.internal.validate;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.convert.CoercingConverter;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;

/**
 * Repairs the differences found in one part of a table, in one target transaction: deletes the
 * target's rows whose keys are extra or different, then writes the source's rows that are
 * missing or different through the target engine's {@link io.dmskit.spi.TargetWriter}, after the
 * same type conversion as the full load ({@link CoercingConverter}). Either all of a part's
 * repairs commit or none. Used by one thread at a time.
 */
final class Resync {
    private static final int BATCH_ROWS = 500;

    private Resync() {
    }

    /**
     * @param deleteRows target rows (compared-column order) whose keys are deleted
     * @param writeRows  source rows (compared-column order) written after conversion
     */
    static void repair(Side target, ComparedTable t, List<Object[]> deleteRows, List<Object[]> writeRows) throws SQLException {
        if (deleteRows.isEmpty() && writeRows.isEmpty()) {
            return;
        }
        List<DataType> from = t.sourceColumns.stream().map(Column::type).toList();
        List<DataType> to = t.targetColumns.stream().map(Column::type).toList();
        CoercingConverter converter;
        try {
            converter = CoercingConverter.of(from, to);
        } catch (DmsException e) {
            throw new DmsException(ErrorCode.UNSUPPORTED_TYPE, "cannot convert the source's rows for the target: " + e.getMessage(), e);
        }
        try (Connection c = target.pool.connection()) {
            try {
                if (!deleteRows.isEmpty()) {
                    delete(target, t, c, deleteRows);
                }
                if (!writeRows.isEmpty()) {
                    write(target, t, c, writeRows, converter);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void delete(Side target, ComparedTable t, Connection c, List<Object[]> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(target.dialect.qualify(t.target.id())).append(" WHERE ");
        for (int i = 0; i < t.key.length; i++) {
            if (i > 0) {
                sql.append(" AND ");
            }
            sql.append(target.dialect.quote(t.targetColumns.get(t.key[i]).name())).append(" = ?");
        }
        boolean postgres = "postgresql".equals(target.engine.engine());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int n = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < t.key.length; i++) {
                    bind(ps, i + 1, row[t.key[i]], postgres);
                }
                ps.addBatch();
                if (++n % BATCH_ROWS == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Binds a key value as the target's reader gave it. */
    private static void bind(PreparedStatement ps, int index, Object v, boolean postgres) throws SQLException {
        if (v instanceof BigInteger b) {
            ps.setBigDecimal(index, new BigDecimal(b));
        } else if (v instanceof String s && postgres) {
            ps.setObject(index, s, Types.OTHER); // compares as the column's type: text, char, enum
        } else if (v instanceof UUID u && !postgres) {
            ps.setString(index, u.toString());
        } else if (v instanceof byte[] b) {
            ps.setBytes(index, b);
        } else {
            ps.setObject(index, v);
        }
    }

    private static void write(Side target, ComparedTable t, Connection c, List<Object[]> rows, CoercingConverter converter)
            throws SQLException {
        RowBatch batch = new RowBatch(BATCH_ROWS, t.targetColumns.size());
        try (BatchWriter w = target.engine.writer().open(c, new WriteRequest(t.target, t.targetColumns))) {
            for (Object[] row : rows) {
                System.arraycopy(row, 0, batch.addRow(), 0, row.length);
                if (batch.isFull()) {
                    send(t, w, batch, converter);
                }
            }
            if (!batch.isEmpty()) {
                send(t, w, batch, converter);
            }
            w.flush();
        } catch (ValueException e) {
            String column = e.column() >= 0 && e.column() < t.sourceColumns.size() ? t.sourceColumns.get(e.column()).name() : "?";
            throw new DmsException(ErrorCode.DATA_ERROR, "cannot re-copy a row, column " + column + ": " + e.reason(), e);
        }
    }

    private static void send(ComparedTable t, BatchWriter w, RowBatch batch, CoercingConverter converter) throws SQLException {
        if (converter != null) {
            converter.convert(batch);
        }
        w.write(batch);
        batch.clear();
    }
}
