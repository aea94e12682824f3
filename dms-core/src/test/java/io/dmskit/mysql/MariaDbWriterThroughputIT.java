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
import io.dmskit.spi.WriteRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the ways of writing rows into MariaDB, to choose what {@code MariaDbEngine.writer()}
 * returns: LOAD DATA LOCAL ({@link MySqlLoadDataWriter}), multi-row INSERT
 * ({@link MySqlInsertWriter}) and JDBC batches of a one-row INSERT with MariaDB Connector/J's
 * batch options. Prints rows per second; asserts only that every row arrived (speed is not a
 * test's business). Runs only with {@code -Ddmskit.measure=true}:
 * {@code mvn -o -B -pl dms-core verify -Dit.test=MariaDbWriterThroughputIT -Ddmskit.measure=true}.
 */
@EnabledIfSystemProperty(named = "dmskit.measure", matches = "true")
class MariaDbWriterThroughputIT {

    private static final MariaDbDialect DIALECT = new MariaDbDialect();
    private static final int BATCH = 1000;
    private static MariaDbTestServer server;

    @BeforeAll
    static void createDatabase() throws SQLException {
        server = new MariaDbTestServer("dmskit_throughput_it");
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (server != null) {
            server.close();
        }
    }

    private interface Run {
        void write(Connection c, Table t, List<Object[]> rows) throws SQLException;
    }

    private static Run writer(TargetWriter w) {
        return (c, t, rows) -> {
            try (BatchWriter bw = w.open(c, new WriteRequest(t, t.columns()))) {
                RowBatch batch = new RowBatch(BATCH, t.columns().size());
                for (Object[] r : rows) {
                    System.arraycopy(r, 0, batch.addRow(), 0, r.length);
                    if (batch.isFull()) {
                        bw.write(batch);
                        batch.clear();
                    }
                }
                bw.write(batch);
                bw.flush();
            }
        };
    }

    /** JDBC batches of a one-row INSERT, values bound as the INSERT writer binds them. */
    private static Run jdbcBatch() {
        return (c, t, rows) -> {
            WriteTarget target = new WriteTarget(DIALECT, new WriteRequest(t, t.columns()), "MariaDB");
            try (PreparedStatement ps = c.prepareStatement(target.insertPrefix + target.insertTuple)) {
                int n = 0;
                for (Object[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        Object v = MySqlInsertWriter.bindable(target.forms[i], t.columns().get(i).type(), r[i]);
                        if (v instanceof Long l) {
                            ps.setLong(i + 1, l);
                        } else if (v instanceof byte[] b) {
                            ps.setBytes(i + 1, b);
                        } else {
                            ps.setString(i + 1, (String) v);
                        }
                    }
                    ps.addBatch();
                    if (++n % BATCH == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        };
    }

    private static Connection connect(String extra) throws SQLException {
        String url = MariaDbTestServer.URL + (MariaDbTestServer.URL.contains("?") ? "&" : "?") + extra;
        Properties p = new Properties();
        new MariaDbEngine().driverProperties().forEach(p::setProperty);
        Connection c = DriverManager.getConnection(url, p);
        try (Statement s = c.createStatement()) {
            for (String sql : new MariaDbEngine().sessionInitStatements()) {
                s.execute(sql);
            }
            s.execute("USE `" + server.database + "`");
        }
        c.setAutoCommit(false);
        return c;
    }

    /** Runs once, checks that every row arrived, and returns rows per second. */
    private static double once(String name, String table, Table t, List<Object[]> rows, String urlExtra, Run run)
            throws SQLException {
        server.execute("TRUNCATE TABLE " + table);
        try (Connection c = connect(urlExtra)) {
            long start = System.nanoTime();
            run.write(c, t, rows);
            c.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                assertThat(rs.getLong(1)).as(name).isEqualTo(rows.size());
            }
            return rows.size() / seconds;
        }
    }

    private record Way(String name, String urlExtra, Run run) {
    }

    /**
     * Runs every way once per round, in turn, for three rounds after a warm-up, and prints each
     * way's median: the machine is shared, so interleaving keeps a busy moment from favouring one way.
     */
    private static void measureAll(String table, Table t, List<Object[]> rows) throws SQLException {
        List<Way> ways = List.of(
                new Way("LOAD DATA LOCAL (MySqlLoadDataWriter), 8 MB chunks", "", writer(new MySqlLoadDataWriter(DIALECT))),
                new Way("multi-row INSERT (MySqlInsertWriter), 65535/cols rows", "", writer(new MySqlInsertWriter(DIALECT))),
                new Way("multi-row INSERT, 1000 rows, useServerPrepStmts", "useServerPrepStmts=true",
                        writer(new MySqlInsertWriter(DIALECT, 1000))),
                new Way("MySqlInsertWriter.batched (JDBC batch of 1000, checked)", "", writer(MySqlInsertWriter.batched(DIALECT))),
                new Way("plain JDBC batch 1000, driver defaults", "", jdbcBatch()),
                new Way("plain JDBC batch 1000, useServerPrepStmts+useBulkStmts", "useServerPrepStmts=true&useBulkStmts=true",
                        jdbcBatch()),
                new Way("plain JDBC batch 1000, rewriteBatchedStatements", "rewriteBatchedStatements=true", jdbcBatch()));
        double[][] rates = new double[ways.size()][3];
        once("warm-up", table, t, rows, "", ways.get(0).run());
        once("warm-up", table, t, rows, "", ways.get(1).run());
        for (int round = 0; round < 3; round++) {
            for (int w = 0; w < ways.size(); w++) {
                rates[w][round] = once(ways.get(w).name(), table, t, rows, ways.get(w).urlExtra(), ways.get(w).run());
            }
        }
        for (int w = 0; w < ways.size(); w++) {
            double[] r = rates[w].clone();
            java.util.Arrays.sort(r);
            System.out.printf("%-8s %-60s median %,9.0f rows/s (min %,9.0f, max %,9.0f)%n", table, ways.get(w).name(),
                    r[1], r[0], r[2]);
        }
    }

    @Test
    void typicalTable() throws SQLException {
        server.execute("CREATE TABLE typical (id BIGINT PRIMARY KEY, a INT, s VARCHAR(16), amount DECIMAL(12,2), "
                + "note VARCHAR(200), ts DATETIME(6), d DATE, flag TINYINT) ENGINE=InnoDB");
        Table t = new Table(TableId.of(server.database, "typical"), List.of(
                Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("a", DataType.of(TypeKind.INTEGER), true),
                Column.of("s", DataType.ofLength(TypeKind.VARCHAR, 16), true),
                Column.of("amount", DataType.decimal(12, 2), true),
                Column.of("note", DataType.ofLength(TypeKind.VARCHAR, 200), true),
                Column.of("ts", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
                Column.of("d", DataType.of(TypeKind.DATE), true),
                Column.of("flag", DataType.of(TypeKind.TINYINT), true)), List.of("id"), List.of(), -1);
        Random random = new Random(42);
        List<Object[]> rows = new ArrayList<>();
        LocalDateTime t0 = LocalDateTime.of(2020, 1, 1, 0, 0);
        for (long i = 0; i < 200_000; i++) {
            rows.add(new Object[] {i, (long) random.nextInt(), "name-" + random.nextInt(1_000_000),
                    BigDecimal.valueOf(random.nextInt(100_000_000), 2),
                    "note " + Long.toHexString(random.nextLong()).repeat(1 + random.nextInt(8)),
                    t0.plusNanos(random.nextInt(1_000_000_000) * 1000L), LocalDate.of(2000, 1, 1).plusDays(random.nextInt(9000)),
                    (long) random.nextInt(128)});
        }
        measureAll("typical", t, rows);
    }

    @Test
    void blobHeavyTable() throws SQLException {
        server.execute("CREATE TABLE blobs (id BIGINT PRIMARY KEY, data BLOB) ENGINE=InnoDB");
        Table t = new Table(TableId.of(server.database, "blobs"), List.of(
                Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("data", DataType.of(TypeKind.BLOB), true)), List.of("id"), List.of(), -1);
        Random random = new Random(7);
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 50_000; i++) {
            byte[] b = new byte[1024 + random.nextInt(6144)];
            random.nextBytes(b);
            rows.add(new Object[] {i, b});
        }
        measureAll("blobs", t, rows);
    }
}
