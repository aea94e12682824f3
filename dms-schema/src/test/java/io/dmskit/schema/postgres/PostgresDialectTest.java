package io.dmskit.schema.postgres;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.DataType;
import io.dmskit.schema.DialectAssertions;
import io.dmskit.schema.Table;
import io.dmskit.schema.TypeKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dmskit.schema.TypeFixtures.col;
import static io.dmskit.schema.TypeFixtures.dec;
import static io.dmskit.schema.TypeFixtures.enumOf;
import static io.dmskit.schema.TypeFixtures.len;
import static io.dmskit.schema.TypeFixtures.named;
import static io.dmskit.schema.TypeFixtures.notNull;
import static io.dmskit.schema.TypeFixtures.setOf;
import static io.dmskit.schema.TypeFixtures.t;
import static io.dmskit.schema.TypeFixtures.table;
import static io.dmskit.schema.TypeFixtures.tm;
import static io.dmskit.schema.TypeFixtures.unsigned;
import static io.dmskit.schema.TypeKind.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresDialectTest {

    private final PostgresDialect pg = new PostgresDialect();

    private void maps(DataType source, TypeKind kind, String spelling) {
        DialectAssertions.assertMaps(pg, "", source, kind, spelling);
    }

    @Test
    void integersWidenWhereUnsignedOrMissing() {
        maps(t(BOOLEAN), BOOLEAN, "boolean");
        maps(len(TINYINT, 1), SMALLINT, "smallint");
        maps(unsigned(TINYINT), SMALLINT, "smallint");
        maps(t(SMALLINT), SMALLINT, "smallint");
        maps(unsigned(SMALLINT), INTEGER, "integer");
        maps(t(MEDIUMINT), INTEGER, "integer");
        maps(unsigned(MEDIUMINT), INTEGER, "integer");
        maps(t(INTEGER), INTEGER, "integer");
        maps(unsigned(INTEGER), BIGINT, "bigint");
        maps(t(BIGINT), BIGINT, "bigint");
        maps(unsigned(BIGINT), DECIMAL, "numeric(20,0)");
        maps(t(YEAR), SMALLINT, "smallint");
    }

    @Test
    void decimalsAndFloats() {
        maps(dec(12, 3), DECIMAL, "numeric(12,3)");
        maps(dec(10, 2).withUnsigned(true), DECIMAL, "numeric(10,2)");
        maps(dec(0, -1), DECIMAL, "numeric");
        maps(dec(100_000, 0), DECIMAL, "numeric");
        maps(dec(5, -1), DECIMAL, "numeric(5,0)");
        maps(t(REAL), REAL, "real");
        maps(unsigned(DOUBLE), DOUBLE, "double precision");
        assertThat(pg.targetType(dec(12, 3))).isEqualTo(dec(12, 3).withNativeName("numeric(12,3)"));
        assertThat(pg.targetType(dec(0, -1))).isEqualTo(dec(0, -1).withNativeName("numeric"));
    }

    @Test
    void characterAndBinaryTypes() {
        maps(len(CHAR, 5), CHAR, "character(5)");
        maps(len(CHAR, 0), CHAR, "bpchar");
        maps(len(VARCHAR, 40), VARCHAR, "character varying(40)");
        maps(len(VARCHAR, 10_485_760), VARCHAR, "character varying(10485760)");
        maps(len(VARCHAR, 10_485_761), TEXT, "text");
        maps(len(VARCHAR, 0), TEXT, "text");
        maps(len(TEXT, 65_535), TEXT, "text");
        maps(len(TEXT, 0), TEXT, "text");
        maps(len(BINARY, 4), BLOB, "bytea");
        maps(len(VARBINARY, 300), BLOB, "bytea");
        maps(len(BLOB, 255), BLOB, "bytea");
    }

    @Test
    void bitKeepsVaryingWhenTheSourceWasVarying() {
        maps(named(len(BIT, 5), "bit(5)"), BIT, "bit(5)");
        maps(named(len(BIT, 9), "bit varying(9)"), BIT, "bit varying(9)");
        maps(named(len(BIT, 0), "bit varying"), BIT, "bit varying");
        assertThat(pg.targetType(named(len(BIT, 9), "bit varying(9)")).length()).isEqualTo(9);
    }

    @Test
    void temporalTypesKeepKindAndCapPrecisionAtSix() {
        maps(t(DATE), DATE, "date");
        maps(tm(TIME, 3), TIME, "time(3) without time zone");
        maps(tm(TIME, 9), TIME, "time(6) without time zone");
        maps(tm(TIME_TZ, 0), TIME_TZ, "time(0) with time zone");
        maps(tm(TIMESTAMP, 2), TIMESTAMP, "timestamp(2) without time zone");
        maps(tm(TIMESTAMP, -1), TIMESTAMP, "timestamp(6) without time zone");
        maps(tm(TIMESTAMP_TZ, 6), TIMESTAMP_TZ, "timestamp(6) with time zone");
        maps(tm(INTERVAL, 3), INTERVAL, "interval(3)");
        maps(named(tm(INTERVAL, 0), "INTERVAL YEAR TO MONTH"), INTERVAL, "interval(0)");
    }

    @Test
    void jsonBecomesJsonbUnlessTheSourceWasPostgresJson() {
        maps(named(t(JSON), "json"), JSON, "json");
        maps(named(t(JSON), "jsonb"), JSON, "jsonb");
        maps(named(t(JSON), "longtext"), JSON, "jsonb");
        maps(named(t(JSON), "JSON"), JSON, "jsonb");
    }

    @Test
    void uuidEnumSetAndArrays() {
        maps(t(UUID), UUID, "uuid");
        maps(enumOf("a", "it's", "x,y"), ENUM, "character varying(4)");
        assertThat(pg.targetType(enumOf("a", "b")).values()).containsExactly("a", "b");
        maps(setOf("p", "q", "rs"), VARCHAR, "character varying(6)");
        maps(DataType.arrayOf(t(INTEGER)), ARRAY, "integer[]");
        maps(DataType.arrayOf(unsigned(INTEGER)), ARRAY, "bigint[]");
        maps(DataType.arrayOf(len(VARCHAR, 8)), ARRAY, "character varying(8)[]");
        assertThat(pg.targetType(DataType.arrayOf(t(INTEGER))).element()).isEqualTo(t(INTEGER).withNativeName("integer"));
    }

    @Test
    void unsupportedTypesFailWithTheTypeAndWhatToDo() {
        assertThatThrownBy(() -> pg.targetType(DataType.unsupported("geometry")))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessage("type 'geometry' has no equivalent in postgresql; exclude the column or the table in the table mapping");
        assertThatThrownBy(() -> pg.targetType(DataType.arrayOf(DataType.unsupported("inet"))))
                .hasMessage("type 'inet' has no equivalent in postgresql; exclude the column or the table in the table mapping");
    }

    @Test
    void targetTableNamesTableAndColumnOfAnUnsupportedType() {
        Table source = table("s", "t", List.of(notNull("id", t(INTEGER)), col("g", DataType.unsupported("geometry"))),
                List.of("id"), List.of());
        assertThatThrownBy(() -> pg.targetTable(source))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessage("Table s.t, column g: type 'geometry' has no equivalent in postgresql; "
                        + "exclude the column or the table in the table mapping");
    }

    @Test
    void createTableRendersColumnsPrimaryKeyAndEnumChecks() {
        Table source = table("shop", "Order Lines", List.of(
                        notNull("order_id", unsigned(INTEGER)),
                        notNull("line", t(SMALLINT)),
                        col("status", enumOf("new", "it's done")),
                        col("tags", setOf("a", "b")),
                        col("price", dec(10, 2)),
                        col("at", tm(TIMESTAMP_TZ, 3))),
                List.of("order_id", "line"), List.of(List.of("line")));
        assertThat(pg.createTable(pg.targetTable(source))).containsExactly(
                "CREATE TABLE \"shop\".\"Order Lines\" (\"order_id\" bigint NOT NULL, \"line\" smallint NOT NULL, "
                        + "\"status\" character varying(9), \"tags\" character varying(3), \"price\" numeric(10,2), "
                        + "\"at\" timestamp(3) with time zone, PRIMARY KEY (\"order_id\", \"line\"), "
                        + "CHECK (\"status\" IN ('new', 'it''s done')))");
    }

    @Test
    void createTableChecksTheElementsOfAnEnumArray() {
        Table source = table("s", "t", List.of(col("moods", DataType.arrayOf(enumOf("sad", "ok")))), List.of(), List.of());
        assertThat(pg.createTable(source)).containsExactly(
                "CREATE TABLE \"s\".\"t\" (\"moods\" character varying(3)[], "
                        + "CHECK (array_remove(\"moods\", NULL) <@ ARRAY['sad', 'ok']::character varying(3)[]))");
    }

    @Test
    void createTableWithoutPrimaryKey() {
        Table source = table("s", "log", List.of(col("line", len(TEXT, 0))), List.of(), List.of());
        assertThat(pg.createTable(source)).containsExactly("CREATE TABLE \"s\".\"log\" (\"line\" text)");
    }

    @Test
    void decodesNumericAndIntervalTypmods() {
        assertThat(PostgresDialect.numeric(-1)).isEqualTo(dec(0, -1));
        assertThat(PostgresDialect.numeric((10 << 16 | 2) + 4)).isEqualTo(dec(10, 2));
        assertThat(PostgresDialect.numeric(198658)).as("numeric(3,-2)").isEqualTo(dec(5, 0));
        assertThat(PostgresDialect.numeric((2 << 16 | 4) + 4)).as("numeric(2,4)").isEqualTo(dec(4, 4));
        assertThat(PostgresDialect.intervalPrecision(-1)).isEqualTo(6);
        assertThat(PostgresDialect.intervalPrecision(458751)).as("interval year to month").isEqualTo(6);
        assertThat(PostgresDialect.intervalPrecision(2147418114)).as("interval(2)").isEqualTo(2);
    }

    @Test
    void handlesOnlyPostgresUrls() {
        assertThat(pg.handlesJdbcUrl("jdbc:postgresql://h/db")).isTrue();
        assertThat(pg.handlesJdbcUrl("jdbc:mysql://h/db")).isFalse();
    }
}
