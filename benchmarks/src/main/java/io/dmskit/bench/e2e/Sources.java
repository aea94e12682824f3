package io.dmskit.bench.e2e;

import org.mariadb.jdbc.Statement;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Creates the source databases of the harness, {@code dmskit_bench_src} on each server, with
 * {@code orders} and {@code docs} of {@link io.dmskit.bench.Dataset}: in PostgreSQL in schema
 * {@code bench}, in MariaDB in the database itself. A table {@code dataset} records the row
 * counts and the text size of each table, so that a later run with the same counts reuses the
 * data (unless asked for a fresh build).
 */
final class Sources {
    /** The source database's name without the harness's {@code --tag}. */
    static final String DB = "dmskit_bench_src";
    /** Bump when the data or DDL change, so that old sources are rebuilt. */
    private static final int VERSION = 1;

    private Sources() {
    }

    static final String PG_ORDERS = "CREATE TABLE bench.orders (id bigint NOT NULL, customer_id integer NOT NULL,"
            + " status varchar(16) NOT NULL, amount numeric(12,2) NOT NULL, note varchar(200), created_at timestamp(6) NOT NULL,"
            + " shipped_on date, is_gift boolean NOT NULL)";
    static final String PG_DOCS = "CREATE TABLE bench.docs (id bigint NOT NULL, title varchar(100) NOT NULL, body text NOT NULL,"
            + " payload bytea NOT NULL)";
    static final String MY_ORDERS = "CREATE TABLE orders (id bigint NOT NULL PRIMARY KEY, customer_id int NOT NULL,"
            + " status varchar(16) NOT NULL, amount decimal(12,2) NOT NULL, note varchar(200) NULL, created_at datetime(6) NOT NULL,"
            + " shipped_on date NULL, is_gift tinyint(1) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    static final String MY_DOCS = "CREATE TABLE docs (id bigint NOT NULL PRIMARY KEY, title varchar(100) NOT NULL, body text NOT NULL,"
            + " payload blob NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

    /** The text bytes of each table, or -1 when the source must be (re)built. */
    static long[] existing(Server s, String db, long orders, long docs) {
        try (Connection c = s.connect(db); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, orders_rows, docs_rows, orders_bytes, docs_bytes FROM "
                     + (s.isPostgres() ? "bench." : "") + "dataset")) {
            if (rs.next() && rs.getInt(1) == VERSION && rs.getLong(2) == orders && rs.getLong(3) == docs) {
                return new long[]{rs.getLong(4), rs.getLong(5)};
            }
        } catch (SQLException e) {
            // no source yet
        }
        return null;
    }

    /** Builds the source of one server and returns the text bytes of orders and docs. */
    static long[] build(Server s, String name, long orders, long docs) throws Exception {
        s.recreateDatabase(name);
        long ob;
        long db;
        if (s.isPostgres()) {
            s.execute(name, "CREATE SCHEMA bench", PG_ORDERS, PG_DOCS);
            ob = pgLoad(s, name, "orders", orders);
            db = pgLoad(s, name, "docs", docs);
            s.execute(name, "ALTER TABLE bench.orders ADD PRIMARY KEY (id)", "ALTER TABLE bench.docs ADD PRIMARY KEY (id)",
                    "VACUUM ANALYZE bench.orders", "VACUUM ANALYZE bench.docs", "CHECKPOINT",
                    "CREATE TABLE bench.dataset (version int, orders_rows bigint, docs_rows bigint, orders_bytes bigint, docs_bytes bigint)",
                    "INSERT INTO bench.dataset VALUES (" + VERSION + ", " + orders + ", " + docs + ", " + ob + ", " + db + ")");
        } else {
            s.execute(name, MY_ORDERS, MY_DOCS);
            ob = myLoad(s, name, "orders", orders, "");
            db = myLoad(s, name, "docs", docs, "(id, title, body, @p) SET payload = UNHEX(@p)");
            s.execute(name, "ANALYZE TABLE orders", "ANALYZE TABLE docs",
                    "CREATE TABLE dataset (version int, orders_rows bigint, docs_rows bigint, orders_bytes bigint, docs_bytes bigint)",
                    "INSERT INTO dataset VALUES (" + VERSION + ", " + orders + ", " + docs + ", " + ob + ", " + db + ")");
        }
        return new long[]{ob, db};
    }

    private static long pgLoad(Server s, String name, String table, long rows) throws Exception {
        Generator g = new Generator(table, Generator.Format.POSTGRES, rows);
        try (Connection c = s.connect(name)) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench." + table + " FROM STDIN", g, 1 << 16);
        }
        return g.bytes();
    }

    private static long myLoad(Server s, String name, String table, long rows, String columns) throws Exception {
        Generator g = new Generator(table, Generator.Format.MARIADB, rows);
        try (Connection c = s.connect(name); var st = c.createStatement()) {
            st.unwrap(Statement.class).setLocalInfileInputStream(g);
            st.execute("LOAD DATA LOCAL INFILE 'dataset' INTO TABLE " + table + " CHARACTER SET utf8mb4 " + columns);
        }
        return pgBytes(table, rows);
    }

    /** The PostgreSQL text size, which the report uses for both engines (the MariaDB text differs by a few bytes a row). */
    private static long pgBytes(String table, long rows) throws java.io.IOException {
        Generator g = new Generator(table, Generator.Format.POSTGRES, rows);
        byte[] sink = new byte[1 << 16];
        while (g.read(sink, 0, sink.length) > 0) {
            // count only
        }
        return g.bytes();
    }
}
