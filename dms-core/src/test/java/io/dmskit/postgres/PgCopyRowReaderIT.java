package io.dmskit.postgres;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.spi.SourceReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary COPY read path of {@link PostgresSourceReader} gives exactly the values of its
 * JDBC path (which a subclass of the reader always takes), edge values included.
 */
class PgCopyRowReaderIT {

    private static PgTestDatabase db;

    @BeforeAll
    static void create() throws SQLException {
        db = new PgTestDatabase("dmskit_copyread");
    }

    @AfterAll
    static void drop() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    private static final List<Column> COLUMNS = List.of(
            Column.of("id", DataType.of(TypeKind.BIGINT), false),
            Column.of("b", DataType.of(TypeKind.BOOLEAN), true),
            Column.of("s", DataType.of(TypeKind.SMALLINT), true),
            Column.of("i", DataType.of(TypeKind.INTEGER), true),
            Column.of("r", DataType.of(TypeKind.REAL), true),
            Column.of("f", DataType.of(TypeKind.DOUBLE), true),
            Column.of("n", DataType.decimal(0, -1), true),
            Column.of("n2", DataType.decimal(12, 2), true),
            Column.of("c", DataType.ofLength(TypeKind.CHAR, 5), true),
            Column.of("v", DataType.ofLength(TypeKind.VARCHAR, 50), true),
            Column.of("t", DataType.of(TypeKind.TEXT), true),
            Column.of("j", DataType.of(TypeKind.JSON), true),
            Column.of("jb", DataType.of(TypeKind.JSON), true),
            Column.of("by", DataType.of(TypeKind.BLOB), true),
            Column.of("d", DataType.of(TypeKind.DATE), true),
            Column.of("ts", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
            Column.of("tz", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), true),
            Column.of("tm", DataType.temporal(TypeKind.TIME, 6), true),
            Column.of("u", DataType.of(TypeKind.UUID), true));

    @Test
    void copyPathReadsWhatTheJdbcPathReads() throws SQLException {
        String t = db.qualified("every");
        db.execute("CREATE TABLE " + t + " (id bigint PRIMARY KEY, b boolean, s smallint, i integer, r real,"
                        + " f double precision, n numeric, n2 numeric(12,2), c char(5), v varchar(50), t text, j json, jb jsonb,"
                        + " \"by\" bytea, d date, ts timestamp(6), tz timestamptz(6), tm time(6), u uuid)",
                "INSERT INTO " + t + " VALUES (1, true, -32768, -2147483648, 'NaN', '-Infinity', 0, 0.00, 'ab', '', '',"
                        + " '{\"a\": [1, 2]}', '{\"b\": 1, \"a\": \"x\"}', '', '0001-01-01', '0001-01-01 00:00:00',"
                        + " '1970-01-01 00:00:00+00', '00:00:00', '00000000-0000-0000-0000-000000000000')",
                "INSERT INTO " + t + " VALUES (2, false, 32767, 2147483647, 3.4028235e38, 4.9e-324,"
                        + " -123456789012345678901234567890.000000000000000000001, -9999999999.99, 'abcde', 'é😀 ü',"
                        + " repeat('x', 10000), '[]', '[]', '\\x00ff10', '0044-03-15 BC', '1999-12-31 23:59:59.999999',"
                        + " '2262-04-11 23:47:16.854775+00', '23:59:59.999999', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')",
                "INSERT INTO " + t + " VALUES (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, NULL, NULL, NULL, NULL)",
                "INSERT INTO " + t + " VALUES (4, true, 1, 1, 1.1, 0.1, 100000000, 12.5, 'a', 'x', 'y', 'null', 'null',"
                        + " '\\x00', '5874897-12-31', '0001-01-01 00:00:00 BC', '1900-06-30 12:00:00.5+03', '12:00:00', NULL)",
                "INSERT INTO " + t + " VALUES (5, true, 1, 1, -0.0, -0.0, 0.000001, -0.01, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, '2000-01-01', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', '00:00:00.000001', NULL)",
                "INSERT INTO " + t + " VALUES (6, true, 1, 1, 1, 1, 1e20, 1e9, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, NULL, NULL, NULL, NULL)");
        Table table = PgTestDatabase.table(TableId.of(db.schema, "every"), COLUMNS, "id");
        SourceReader copy = new PostgresSourceReader(db.dialect);
        SourceReader jdbc = new PostgresSourceReader(db.dialect) {
        };
        for (KeyRange range : List.of(KeyRange.all(), new KeyRange("id", 2L, 5L), new KeyRange("id", null, 3L),
                new KeyRange("id", 4L, null))) {
            List<Object[]> a = read(copy, table, range);
            List<Object[]> b = read(jdbc, table, range);
            assertThat(a).hasSameSizeAs(b).isNotEmpty();
            for (int r = 0; r < a.size(); r++) {
                assertThat(Arrays.deepToString(a.get(r))).isEqualTo(Arrays.deepToString(b.get(r)));
                for (int c = 0; c < COLUMNS.size(); c++) {
                    Object x = a.get(r)[c];
                    Object y = b.get(r)[c];
                    assertThat(x == null ? null : x.getClass()).as("class of %s row %s", COLUMNS.get(c).name(), r)
                            .isEqualTo(y == null ? null : y.getClass());
                    if (x instanceof byte[] bx) {
                        assertThat(bx).isEqualTo((byte[]) y);
                    } else if (x instanceof Float fx) {
                        assertThat(Float.floatToRawIntBits(fx)).isEqualTo(Float.floatToRawIntBits((Float) y));
                    } else if (x instanceof Double dx) {
                        assertThat(Double.doubleToRawLongBits(dx)).isEqualTo(Double.doubleToRawLongBits((Double) y));
                    } else {
                        assertThat(x).as("%s row %s", COLUMNS.get(c).name(), r).isEqualTo(y);
                    }
                }
            }
        }
    }

    private static List<Object[]> read(SourceReader reader, Table table, KeyRange range) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        RowBatch batch = new RowBatch(2, table.columns().size());
        try (Connection c = db.connect();
             RowReader r = reader.open(c, new ReadRequest(table, table.columns(), range, 100))) {
            boolean more;
            do {
                more = r.next(batch);
                for (int i = 0; i < batch.size(); i++) {
                    rows.add(batch.row(i).clone());
                }
                batch.clear();
            } while (more);
        }
        rows.sort((x, y) -> Long.compare((Long) x[0], (Long) y[0]));
        return rows;
    }
}
