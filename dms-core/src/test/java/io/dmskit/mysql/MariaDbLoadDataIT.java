package io.dmskit.mysql;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.TargetWriter;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * LOAD DATA LOCAL turns data errors and duplicate keys into warnings and goes on. These tests
 * prove that the writers never load such a chunk silently: each of a too-long string, a
 * duplicate key, an out-of-range number and a NULL in a NOT NULL column fails with a
 * {@link ValueException} naming the row and the column with the server's message, and leaves
 * nothing of the chunk in the transaction.
 */
class MariaDbLoadDataIT {

    private static MariaDbTestServer server;
    private static final MariaDbDialect DIALECT = new MariaDbDialect();

    private Table table;

    @BeforeAll
    static void createDatabase() throws SQLException {
        server = new MariaDbTestServer("dmskit_loaddata_it");
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void createTable() throws SQLException {
        server.execute("DROP TABLE IF EXISTS t",
                "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(5), n TINYINT NOT NULL) ENGINE=InnoDB");
        table = new Table(TableId.of(server.database, "t"), List.of(
                Column.of("id", DataType.of(TypeKind.INTEGER), false),
                Column.of("v", DataType.ofLength(TypeKind.VARCHAR, 5), true),
                Column.of("n", DataType.of(TypeKind.TINYINT), false)), List.of("id"), List.of(), -1);
    }

    private static List<TargetWriter> writers() {
        return List.of(new MySqlLoadDataWriter(DIALECT), new MySqlInsertWriter(DIALECT), MySqlInsertWriter.batched(DIALECT));
    }

    private static RowBatch batch(Object[]... rows) {
        RowBatch b = new RowBatch(Math.max(1, rows.length), 3);
        for (Object[] r : rows) {
            System.arraycopy(r, 0, b.addRow(), 0, r.length);
        }
        return b;
    }

    /**
     * Writes the rows with the writer through MariaDB Connector/J and through MySQL Connector/J;
     * both must refuse the chunk at flush and leave the transaction as it was. Returns the first
     * exception after checking that the second says the same.
     */
    private ValueException failOnFlush(TargetWriter writer, Object[]... rows) throws SQLException {
        ValueException first = null;
        for (boolean mysqlDriver : new boolean[] {false, true}) {
            try (Connection c = mysqlDriver ? server.mysqlConnectorJ() : server.mariadb();
                 BatchWriter w = writer.open(c, new WriteRequest(table, table.columns()))) {
                long before = count(c);
                w.write(batch(rows));
                ValueException e = catchThrowableOfType(ValueException.class, w::flush);
                String what = writer.getClass().getSimpleName() + (mysqlDriver ? " via MySQL Connector/J" : "");
                assertThat(e).as("%s must refuse the chunk", what).isNotNull();
                assertThat(count(c)).as("rows of the refused chunk left in the transaction by %s", what)
                        .isEqualTo(before);
                c.rollback();
                if (first == null) {
                    first = e;
                } else {
                    assertThat(e.reason()).as(what).isEqualTo(first.reason());
                    assertThat(e.column()).as(what).isEqualTo(first.column());
                }
            }
        }
        return first;
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void tooLongStringFailsInsteadOfBeingTruncated() throws SQLException {
        for (TargetWriter w : writers()) {
            ValueException e = failOnFlush(w, new Object[] {1L, "ok", 1L}, new Object[] {2L, "toolong", 2L},
                    new Object[] {3L, "ok", 3L});
            assertThat(e.reason()).isEqualTo("MariaDB refused the row with id=2: Data too long for column 'v' at row 1");
            assertThat(e.column()).isEqualTo(1);
            assertThat(e.row()).isEqualTo(-1);
        }
    }

    @Test
    void duplicateKeyFailsInsteadOfSkippingTheRow() throws SQLException {
        server.execute("INSERT INTO t VALUES (1, 'old', 0)");
        for (TargetWriter w : writers()) {
            ValueException e = failOnFlush(w, new Object[] {2L, "a", 1L}, new Object[] {1L, "b", 2L});
            assertThat(e.reason()).isEqualTo("MariaDB refused the row with id=1: Duplicate entry '1' for key 'PRIMARY'");
            assertThat(e.column()).isZero();
        }
        for (TargetWriter w : writers()) {
            ValueException e = failOnFlush(w, new Object[] {5L, "a", 1L}, new Object[] {5L, "b", 2L});
            assertThat(e.reason()).isEqualTo("MariaDB refused the row with id=5: Duplicate entry '5' for key 'PRIMARY'");
        }
    }

    @Test
    void outOfRangeNumberFailsInsteadOfBeingClipped() throws SQLException {
        for (TargetWriter w : writers()) {
            ValueException e = failOnFlush(w, new Object[] {1L, "a", 1L}, new Object[] {2L, "b", 300L});
            assertThat(e.reason()).isEqualTo("MariaDB refused the row with id=2: Out of range value for column 'n' at row 1");
            assertThat(e.column()).isEqualTo(2);
        }
    }

    @Test
    void nullInNotNullColumnFailsInsteadOfBecomingTheDefault() throws SQLException {
        for (TargetWriter w : writers()) {
            ValueException e = failOnFlush(w, new Object[] {1L, "a", null});
            assertThat(e.reason()).isEqualTo("MariaDB refused the row with id=1: Column 'n' cannot be null");
            assertThat(e.column()).isEqualTo(2);
        }
    }

    @Test
    void namesTheRowOfTheBatchWhenTheChunkIsSentDuringWrite() throws SQLException {
        List<TargetWriter> writers = List.of(new MySqlLoadDataWriter(DIALECT, 1), new MySqlInsertWriter(DIALECT, 1));
        for (TargetWriter writer : writers) {
            try (Connection c = server.mariadb();
                 BatchWriter w = writer.open(c, new WriteRequest(table, table.columns()))) {
                ValueException e = catchThrowableOfType(ValueException.class, () -> w.write(batch(
                        new Object[] {1L, "a", 1L}, new Object[] {2L, "b", 2L}, new Object[] {3L, "long!!", 3L})));
                assertThat(e).isNotNull();
                assertThat(e.row()).isEqualTo(2);
                assertThat(e.column()).isEqualTo(1);
                assertThat(count(c)).as("rows of earlier chunks stay").isEqualTo(2);
                c.rollback();
            }
        }
    }

    @Test
    void loadsGoodRowsAndKeepsGoingAfterAFlush() throws SQLException {
        for (TargetWriter writer : writers()) {
            server.execute("DELETE FROM t");
            try (Connection c = server.mariadb();
                 BatchWriter w = writer.open(c, new WriteRequest(table, table.columns()))) {
                List<Object[]> rows = new ArrayList<>();
                for (long i = 0; i < 1000; i++) {
                    rows.add(new Object[] {i, i % 3 == 0 ? null : "r" + i % 100, i % 100});
                }
                w.write(batch(rows.toArray(Object[][]::new)));
                w.flush();
                w.write(batch(new Object[] {1000L, "", 0L}));
                w.flush();
                c.commit();
                assertThat(count(c)).isEqualTo(1001);
            }
        }
    }

    @Test
    void refusesAValueBeforeSendingIt() throws SQLException {
        for (TargetWriter writer : writers()) {
            try (Connection c = server.mariadb();
                 BatchWriter w = writer.open(c, new WriteRequest(table, table.columns()))) {
                assertThatThrownBy(() -> w.write(batch(new Object[] {1L, "a", 1L}, new Object[] {2L, "b\uD800", 1L})))
                        .isInstanceOfSatisfying(ValueException.class, e -> {
                            assertThat(e.row()).isEqualTo(1);
                            assertThat(e.column()).isEqualTo(1);
                            assertThat(e.reason()).isEqualTo("column v (varchar): the string has an unpaired UTF-16 "
                                    + "surrogate 0xD800 at index 1, which is no character and has no UTF-8 form");
                        });
                w.flush();
                c.commit();
                assertThat(count(c)).as("the row before the refused one is still written").isEqualTo(1);
            }
            server.execute("DELETE FROM t");
        }
    }
}
