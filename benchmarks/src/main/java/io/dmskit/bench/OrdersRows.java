package io.dmskit.bench;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.RowBatch;

import java.util.List;

/**
 * The {@code orders} rows of {@link Dataset} as the copy pipeline carries them: logical-type
 * values in a {@link RowBatch}, with the logical column types that a MariaDB source reports and
 * that a PostgreSQL target is created with. Shared by the JMH benchmarks.
 */
public final class OrdersRows {
    private OrdersRows() {
    }

    /** The columns as read from MariaDB: is_gift is tinyint(1), a TINYINT of display width 1. */
    public static List<Column> mariaDbColumns() {
        return List.of(
                Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("customer_id", DataType.of(TypeKind.INTEGER), false),
                Column.of("status", DataType.ofLength(TypeKind.VARCHAR, 16), false),
                Column.of("amount", DataType.decimal(12, 2), false),
                Column.of("note", DataType.ofLength(TypeKind.VARCHAR, 200), true),
                Column.of("created_at", DataType.temporal(TypeKind.TIMESTAMP, 6), false),
                Column.of("shipped_on", DataType.of(TypeKind.DATE), true),
                Column.of("is_gift", DataType.ofLength(TypeKind.TINYINT, 1), false));
    }

    /** The PostgreSQL catalog names of the columns' types when MariaDB's orders is created in PostgreSQL. */
    public static final String[] PG_TYPES = {"int8", "int4", "varchar", "numeric", "varchar", "timestamp", "date", "int2"};

    /** A full batch of rows {@code first .. first + n - 1}. */
    public static RowBatch batch(long first, int n) {
        RowBatch b = new RowBatch(n, 8);
        Dataset.Order o = new Dataset.Order();
        for (int r = 0; r < n; r++) {
            o.at(first + r);
            Object[] row = b.addRow();
            row[0] = o.id;
            row[1] = (long) o.customerId;
            row[2] = o.status;
            row[3] = o.amount();
            row[4] = o.noteString();
            row[5] = o.createdAt();
            row[6] = o.shippedOn();
            row[7] = o.gift ? 1L : 0L;
        }
        return b;
    }
}
