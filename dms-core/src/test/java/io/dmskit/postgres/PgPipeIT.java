package io.dmskit.postgres;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PostgreSQL to PostgreSQL pipe: exact bytes when the types match, no pipe when they do not, a clean failure. */
class PgPipeIT {
    private static PgTestDatabase src;
    private static PgTestDatabase dst;

    private static final String COLUMNS = "(id bigint PRIMARY KEY, n numeric(12,2), v varchar(20), t text, ts timestamp(6),"
            + " tz timestamptz, a int[], j jsonb, b bytea, u uuid)";
    private static final List<Column> READ = List.of(
            Column.of("id", DataType.of(TypeKind.BIGINT), false), Column.of("n", DataType.decimal(12, 2), true),
            Column.of("v", DataType.ofLength(TypeKind.VARCHAR, 20), true), Column.of("t", DataType.of(TypeKind.TEXT), true),
            Column.of("ts", DataType.temporal(TypeKind.TIMESTAMP, 6), true),
            Column.of("tz", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), true),
            Column.of("a", DataType.of(TypeKind.TEXT), true), Column.of("j", DataType.of(TypeKind.JSON), true),
            Column.of("b", DataType.of(TypeKind.BLOB), true), Column.of("u", DataType.of(TypeKind.UUID), true));

    @BeforeAll
    static void create() throws SQLException {
        src = new PgTestDatabase("dmskit_pipesrc");
        dst = new PgTestDatabase("dmskit_pipedst");
        src.execute("CREATE TABLE " + src.qualified("t") + " " + COLUMNS,
                "INSERT INTO " + src.qualified("t") + " SELECT g, g / 7.0, 'v' || g, repeat('é😀', g % 50),"
                        + " timestamp '2026-01-01' + g * interval '1 second', timestamptz '2026-01-01 00:00+02' + g * interval '1 ms',"
                        + " ARRAY[g, NULL, -g], jsonb_build_object('g', g), decode(md5(g::text), 'hex'), md5(g::text)::uuid"
                        + " FROM generate_series(1, 5000) g",
                "INSERT INTO " + src.qualified("t") + " VALUES (0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    }

    @AfterAll
    static void drop() throws SQLException {
        if (src != null) {
            src.close();
        }
        if (dst != null) {
            dst.close();
        }
    }

    private static ReadRequest read(KeyRange range) {
        Table table = PgTestDatabase.table(TableId.of(src.schema, "t"), READ, "id");
        return new ReadRequest(table, READ, range, 1000);
    }

    private static List<String> names() {
        return READ.stream().map(Column::name).toList();
    }

    @Test
    void aRangeArrivesByteForByte() throws SQLException {
        dst.execute("CREATE TABLE " + dst.qualified("same") + " " + COLUMNS);
        try (Connection s = src.connect(); Connection d = dst.connect()) {
            PgPipe pipe = PgPipe.plan(s, d, src.dialect, read(new KeyRange("id", 0L, 4001L)), TableId.of(dst.schema, "same"), names());
            assertThat(pipe).isNotNull();
            PgPipe.Copied copied = pipe.copy(s, d);
            d.commit();
            s.commit();
            assertThat(copied.rows()).isEqualTo(4001);
            assertThat(copied.bytes()).isPositive();
        }
        assertThat(rows(dst, "same")).containsExactlyElementsOf(rows(src, "t").subList(0, 4001));
    }

    @Test
    void noPipeWhenATypeOrItsModifierDiffers() throws SQLException {
        dst.execute("CREATE TABLE " + dst.qualified("scale") + " " + COLUMNS.replace("numeric(12,2)", "numeric(10,1)"),
                "CREATE TABLE " + dst.qualified("longer") + " " + COLUMNS.replace("varchar(20)", "varchar(30)"),
                "CREATE TABLE " + dst.qualified("wider") + " " + COLUMNS.replace("id bigint", "id numeric(20)"));
        try (Connection s = src.connect(); Connection d = dst.connect()) {
            for (String t : List.of("scale", "longer", "wider")) {
                assertThat(PgPipe.plan(s, d, src.dialect, read(KeyRange.all()), TableId.of(dst.schema, t), names())).as(t).isNull();
            }
            assertThat(PgPipe.plan(s, d, src.dialect, read(new KeyRange("id", "a", "b")), TableId.of(dst.schema, "scale"), names()))
                    .as("text bounds").isNull();
        }
    }

    @Test
    void aRefusedRowFailsThePipeAndLeavesBothConnectionsUsable() throws SQLException {
        dst.execute("CREATE TABLE " + dst.qualified("dup") + " " + COLUMNS,
                "INSERT INTO " + dst.qualified("dup") + " (id) VALUES (2500)");
        try (Connection s = src.connect(); Connection d = dst.connect()) {
            PgPipe pipe = PgPipe.plan(s, d, src.dialect, read(KeyRange.all()), TableId.of(dst.schema, "dup"), names());
            assertThatThrownBy(() -> pipe.copy(s, d)).isInstanceOf(SQLException.class).hasMessageContaining("duplicate key");
            d.rollback();
            s.rollback();
            try (Statement st = d.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + dst.qualified("dup"))) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            try (Statement st = s.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    private static final String LOBS = "(id bigint PRIMARY KEY, t text, c char(8), b bytea, j json, jb jsonb)";
    private static final List<Column> LOB_READ = List.of(Column.of("id", DataType.of(TypeKind.BIGINT), false),
            Column.of("t", DataType.of(TypeKind.TEXT), true), Column.of("c", DataType.ofLength(TypeKind.CHAR, 8), true),
            Column.of("b", DataType.of(TypeKind.BLOB), true), Column.of("j", DataType.of(TypeKind.JSON), true),
            Column.of("jb", DataType.of(TypeKind.JSON), true));

    /**
     * Limited LOB mode: a segment whose LOB values are all within LobMaxSize pipes (a value of
     * exactly the limit included, in UTF-8 bytes), a segment with one value over it in any LOB
     * column is not piped and nothing reaches the target; over-limit values are counted in bytes
     * as {@link io.dmskit.internal.convert.LobLimit} counts them on the row path.
     */
    @Test
    void limitedLobModeChecksTheSegmentOnTheSourceFirst() throws SQLException {
        src.execute("CREATE TABLE " + src.qualified("lobs") + " " + LOBS,
                // 1..100 small; 101: 1024 bytes of UTF-8 (512 two-byte characters), exactly the limit
                "INSERT INTO " + src.qualified("lobs") + " SELECT g, 'é' || g, 'c', '\\x0102', '{\"k\": 1}', '{\"k\": 2}'"
                        + " FROM generate_series(1, 100) g",
                "INSERT INTO " + src.qualified("lobs") + " (id, t) VALUES (101, repeat('é', 512))",
                // one over-limit value per LOB column, each in a segment of its own: 200, 300, 400, 500
                "INSERT INTO " + src.qualified("lobs") + " (id, t) VALUES (200, repeat('é', 513))",
                "INSERT INTO " + src.qualified("lobs") + " (id, b) VALUES (300, decode(repeat('ab', 1025), 'hex'))",
                "INSERT INTO " + src.qualified("lobs") + " (id, j) VALUES (400, json_build_object('k', repeat('j', 1020)))",
                "INSERT INTO " + src.qualified("lobs") + " (id, jb) VALUES (500, jsonb_build_object('k', repeat('j', 1020)))");
        dst.execute("CREATE TABLE " + dst.qualified("lobs") + " " + LOBS);
        Table table = PgTestDatabase.table(TableId.of(src.schema, "lobs"), LOB_READ, "id");
        List<String> names = LOB_READ.stream().map(Column::name).toList();
        try (Connection s = src.connect(); Connection d = dst.connect()) {
            PgPipe within = PgPipe.plan(s, d, src.dialect, new ReadRequest(table, LOB_READ, new KeyRange("id", 0L, 200L), 1000),
                    TableId.of(dst.schema, "lobs"), names, 1024);
            assertThat(within).isNotNull();
            assertThat(within.toString()).contains("octet_length");
            PgPipe.Copied copied = within.copy(s, d);
            assertThat(copied).isNotNull();
            assertThat(copied.rows()).isEqualTo(101);
            d.commit();
            s.rollback();
            for (long over : new long[]{200, 300, 400, 500}) {
                PgPipe pipe = PgPipe.plan(s, d, src.dialect, new ReadRequest(table, LOB_READ, new KeyRange("id", over, over + 100), 1000),
                        TableId.of(dst.schema, "lobs"), names, 1024);
                assertThat(pipe).as("id " + over).isNotNull();
                assertThat(pipe.copy(s, d)).as("id " + over).isNull();
                d.commit();
                s.rollback();
            }
            // full LOB mode: no check, every row goes
            PgPipe full = PgPipe.plan(s, d, src.dialect, new ReadRequest(table, LOB_READ, new KeyRange("id", 200L, null), 1000),
                    TableId.of(dst.schema, "lobs"), names, Long.MAX_VALUE);
            assertThat(full.toString()).doesNotContain("octet_length");
            assertThat(full.copy(s, d).rows()).isEqualTo(4);
            d.rollback();
            s.rollback();
        }
        assertThat(rows(dst, "lobs")).containsExactlyElementsOf(rows(src, "lobs").subList(0, 101));
    }

    private static List<String> rows(PgTestDatabase db, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT t::text FROM " + db.qualified(table) + " t ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
