package io.dmskit.schema.h2;

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

class H2DialectTest {

    private final H2Dialect h2 = new H2Dialect();

    private void maps(DataType source, TypeKind kind, String spelling) {
        DialectAssertions.assertMaps(h2, "", source, kind, spelling);
    }

    @Test
    void integersWidenOnlyWhenUnsigned() {
        maps(t(BOOLEAN), BOOLEAN, "BOOLEAN");
        maps(len(TINYINT, 1), TINYINT, "TINYINT");
        maps(unsigned(TINYINT), SMALLINT, "SMALLINT");
        maps(t(SMALLINT), SMALLINT, "SMALLINT");
        maps(unsigned(SMALLINT), INTEGER, "INTEGER");
        maps(unsigned(MEDIUMINT), INTEGER, "INTEGER");
        maps(t(INTEGER), INTEGER, "INTEGER");
        maps(unsigned(INTEGER), BIGINT, "BIGINT");
        maps(t(BIGINT), BIGINT, "BIGINT");
        maps(unsigned(BIGINT), DECIMAL, "NUMERIC(20, 0)");
        maps(t(YEAR), SMALLINT, "SMALLINT");
    }

    @Test
    void decimalsAndFloats() {
        maps(dec(12, 3), DECIMAL, "NUMERIC(12, 3)");
        maps(dec(100_000, 0), DECIMAL, "NUMERIC(100000, 0)");
        maps(dec(0, -1), DECIMAL, "DECFLOAT");
        maps(t(REAL), REAL, "REAL");
        maps(t(DOUBLE), DOUBLE, "DOUBLE PRECISION");
    }

    @Test
    void characterBinaryAndBit() {
        maps(len(CHAR, 5), CHAR, "CHARACTER(5)");
        maps(len(CHAR, 0), VARCHAR, "CHARACTER VARYING");
        maps(len(VARCHAR, 40), VARCHAR, "CHARACTER VARYING(40)");
        maps(len(VARCHAR, 0), VARCHAR, "CHARACTER VARYING");
        maps(len(TEXT, 255), TEXT, "CHARACTER LARGE OBJECT");
        maps(len(BINARY, 4), BINARY, "BINARY(4)");
        maps(len(VARBINARY, 300), VARBINARY, "BINARY VARYING(300)");
        maps(len(VARBINARY, 0), VARBINARY, "BINARY VARYING");
        maps(len(BLOB, 0), BLOB, "BINARY LARGE OBJECT");
        maps(named(len(BIT, 5), "bit(5)"), VARCHAR, "CHARACTER VARYING(5)");
        maps(named(len(BIT, 0), "bit varying"), VARCHAR, "CHARACTER VARYING");
    }

    @Test
    void temporalTypes() {
        maps(t(DATE), DATE, "DATE");
        maps(tm(TIME, 3), TIME, "TIME(3)");
        maps(tm(TIME_TZ, 6), TIME_TZ, "TIME(6) WITH TIME ZONE");
        maps(tm(TIMESTAMP, 2), TIMESTAMP, "TIMESTAMP(2)");
        maps(tm(TIMESTAMP_TZ, 6), TIMESTAMP_TZ, "TIMESTAMP(6) WITH TIME ZONE");
        maps(tm(TIMESTAMP_TZ, 12), TIMESTAMP_TZ, "TIMESTAMP(9) WITH TIME ZONE");
        maps(named(tm(INTERVAL, 6), "interval"), INTERVAL, "INTERVAL DAY(18) TO SECOND(6)");
        maps(named(tm(INTERVAL, 3), "time(3)"), INTERVAL, "INTERVAL DAY(18) TO SECOND(3)");
        maps(named(tm(INTERVAL, 0), "INTERVAL YEAR TO MONTH"), INTERVAL, "INTERVAL YEAR(18) TO MONTH");
        maps(named(tm(INTERVAL, 6), "interval year to month"), INTERVAL, "INTERVAL YEAR(18) TO MONTH");
        assertThat(h2.targetType(named(tm(INTERVAL, 6), "interval year to month")).precision()).isZero();
        maps(named(tm(INTERVAL, 0), "INTERVAL HOUR TO MINUTE"), INTERVAL, "INTERVAL DAY(18) TO SECOND(0)");
    }

    @Test
    void jsonUuidEnumSetAndArrays() {
        maps(named(t(JSON), "jsonb"), JSON, "JSON");
        maps(t(UUID), UUID, "UUID");
        maps(enumOf("a", "it's", "x,y"), ENUM, "ENUM('a', 'it''s', 'x,y')");
        maps(setOf("p", "q"), VARCHAR, "CHARACTER VARYING(3)");
        maps(DataType.arrayOf(t(INTEGER)), ARRAY, "INTEGER ARRAY");
        maps(DataType.arrayOf(unsigned(TINYINT)), ARRAY, "SMALLINT ARRAY");
        maps(DataType.arrayOf(enumOf("x")), ARRAY, "ENUM('x') ARRAY");
        assertThatThrownBy(() -> h2.targetType(DataType.unsupported("money")))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessage("type 'money' has no equivalent in h2; exclude the column or the table in the table mapping");
    }

    @Test
    void keyColumnsOfLargeObjectTypesBecomeVaryingTypesThatH2CanIndex() {
        Table source = table("s", "t", List.of(
                        notNull("k", len(TEXT, 0)),
                        col("b", len(BLOB, 0)),
                        col("body", len(TEXT, 0))),
                List.of("k"), List.of(List.of("b")));
        assertThat(h2.createTable(h2.targetTable(source))).containsExactly(
                "CREATE TABLE \"s\".\"t\" (\"k\" CHARACTER VARYING NOT NULL, \"b\" BINARY VARYING, "
                        + "\"body\" CHARACTER LARGE OBJECT, PRIMARY KEY (\"k\"))");
    }

    @Test
    void createTableRendersColumnsAndPrimaryKey() {
        Table source = table("PUBLIC", "Mixed Case", List.of(
                        notNull("a", t(INTEGER)),
                        notNull("b", len(VARCHAR, 20)),
                        col("status", enumOf("new", "old")),
                        col("bits", named(len(BIT, 3), "bit(3)"))),
                List.of("b", "a"), List.of());
        assertThat(h2.createTable(h2.targetTable(source))).containsExactly(
                "CREATE TABLE \"PUBLIC\".\"Mixed Case\" (\"a\" INTEGER NOT NULL, \"b\" CHARACTER VARYING(20) NOT NULL, "
                        + "\"status\" ENUM('new', 'old'), \"bits\" CHARACTER VARYING(3), PRIMARY KEY (\"b\", \"a\"))");
    }
}
