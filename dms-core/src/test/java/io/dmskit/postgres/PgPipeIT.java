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
