package io.dmskit.it;

import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The source side of the CDC tests: a table {@code items} (bigint key, text, int, decimal, a note
 * that is sometimes large enough to be TOASTed out of line in PostgreSQL, a timestamp) filled
 * with rows, and a writer thread that runs a random mix of inserts, updates (of the same keys
 * too, some of the key itself, some without the note) and deletes in transactions of one to five
 * statements, a tenth of which roll back.
 */
public final class CdcWorkload implements AutoCloseable {
    final TestDatabase db;
    private final boolean postgres;
    private final AtomicBoolean running = new AtomicBoolean();
    public final AtomicLong committed = new AtomicLong();
    final AtomicLong rolledBack = new AtomicLong();
    private Thread thread;
    private volatile Throwable failure;

    public CdcWorkload(TestDatabase db) {
        this.db = db;
        this.postgres = db.engine() == Engine.POSTGRESQL;
    }

    /** Creates {@code items} with {@code rows} rows (ids 1 to rows). */
    public void create(int rows) throws SQLException {
        String ts = postgres ? "timestamp(6)" : "datetime(6)";
        db.execute("CREATE TABLE items (id bigint PRIMARY KEY, name varchar(40) NOT NULL, qty int, price decimal(12,2), note text, updated "
                + ts + ")");
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)")) {
                Random r = new Random(rows);
                for (int id = 1; id <= rows; id++) {
                    bindRow(ps, r, id);
                    ps.addBatch();
                    if (id % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        if (postgres) {
            db.execute("ANALYZE items");
        } else {
            db.execute("ANALYZE TABLE items");
        }
    }

    private static void bindRow(PreparedStatement ps, Random r, long id) throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, "item-" + id + "-" + r.nextInt(1000));
        if (r.nextInt(10) == 0) {
            ps.setNull(3, java.sql.Types.INTEGER);
        } else {
            ps.setInt(3, r.nextInt(10_000));
        }
        ps.setBigDecimal(4, java.math.BigDecimal.valueOf(r.nextInt(10_000_000), 2));
        ps.setString(5, note(r));
        ps.setObject(6, LocalDateTime.of(2026, 1, 1, 0, 0).plusNanos(r.nextInt(1_000_000_000) * 1000L));
    }

    /** Mostly short; one in 20 is 3,000 random letters, which PostgreSQL stores out of line (TOAST). */
    private static String note(Random r) {
        if (r.nextInt(20) != 0) {
            return r.nextInt(5) == 0 ? null : "note " + r.nextInt(100);
        }
        StringBuilder s = new StringBuilder(3000);
        for (int i = 0; i < 3000; i++) {
            s.append((char) ('a' + r.nextInt(26)));
        }
        return s.toString();
    }

    /** Starts the writer on ids 1 to {@code maxId}. */
    public void start(int maxId, long seed) {
        running.set(true);
        thread = new Thread(() -> {
            try {
                write(maxId, new Random(seed));
            } catch (Throwable t) {
                failure = t;
            }
        }, "cdc-test-writer");
        thread.start();
    }

    /** Stops the writer and fails when it failed. */
    public void stop() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(30_000);
        }
        if (failure != null) {
            throw new AssertionError("the writer failed", failure);
        }
    }

    private void write(int maxId, Random r) throws SQLException, InterruptedException {
        String insert = postgres ? "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                : "INSERT IGNORE INTO items VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement(insert);
                 PreparedStatement upd = c.prepareStatement("UPDATE items SET qty = COALESCE(qty, 0) + 1, name = ? WHERE id = ?");
                 PreparedStatement note = c.prepareStatement("UPDATE items SET note = ?, updated = ? WHERE id = ?");
                 PreparedStatement move = c.prepareStatement("UPDATE items SET id = ? WHERE id = ?");
                 PreparedStatement del = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
                while (running.get()) {
                    int statements = 1 + r.nextInt(5);
                    long hot = 1 + r.nextInt(maxId);
                    boolean ok = true;
                    for (int i = 0; i < statements && ok; i++) {
                        long id = r.nextInt(3) == 0 ? hot : 1 + r.nextInt(maxId);
                        try {
                            switch (r.nextInt(10)) {
                                case 0, 1, 2 -> {
                                    bindRow(ins, r, id);
                                    ins.executeUpdate();
                                }
                                case 3, 4, 5 -> {
                                    upd.setString(1, "upd-" + r.nextInt(1_000_000));
                                    upd.setLong(2, id);
                                    upd.executeUpdate();
                                }
                                case 6 -> {
                                    note.setString(1, note(r));
                                    note.setObject(2, LocalDateTime.of(2026, 6, 1, 12, 0).plusNanos(r.nextInt(1_000_000) * 1000L));
                                    note.setLong(3, id);
                                    note.executeUpdate();
                                }
                                case 7 -> {
                                    move.setLong(1, maxId + 1 + r.nextInt(maxId));
                                    move.setLong(2, id);
                                    move.executeUpdate();
                                }
                                default -> {
                                    del.setLong(1, id);
                                    del.executeUpdate();
                                }
                            }
                        } catch (SQLException e) {
                            // a key change onto an existing key: this transaction rolls back
                            ok = false;
                        }
                    }
                    if (ok && r.nextInt(10) != 0) {
                        c.commit();
                        committed.incrementAndGet();
                    } else {
                        c.rollback();
                        rolledBack.incrementAndGet();
                    }
                    if (r.nextInt(50) == 0) {
                        Thread.sleep(1);
                    }
                }
            }
        }
    }

    /** Inserts a row with id 0, which the writer never uses: once a target has it, it has every earlier change. */
    public void insertMarker() {
        db.execute("INSERT INTO items (id, name) VALUES (0, 'end')");
    }

    /** Returns once the target has the marker row. */
    public static void awaitMarker(TestDatabase target, String targetTable, java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = target.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM " + targetTable + " WHERE id = 0")) {
                rs.next();
                if (rs.getLong(1) == 1) {
                    return;
                }
            } catch (SQLException e) {
                // the table may not exist yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the target did not catch up with the source within " + timeout);
    }

    @Override
    public void close() {
        running.set(false);
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
