package io.dmskit.schema.mysql;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.DialectAssertions;
import io.dmskit.schema.Table;
import io.dmskit.schema.TypeKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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

class MySqlDialectTest {

    private final MySqlDialect mysql = new MySqlDialect();
    private final MariaDbDialect mariadb = new MariaDbDialect();

    private void maps(DataType source, TypeKind kind, String spelling) {
        for (MySqlDialect d : List.of(mysql, mariadb)) {
            DialectAssertions.assertMaps(d, d.engine() + ": ", source, kind, spelling);
        }
    }

    @Test
    void integersKeepKindAndSignedness() {
        maps(t(BOOLEAN), BOOLEAN, "tinyint(1)");
        maps(len(TINYINT, 1), TINYINT, "tinyint(1)");
        maps(len(TINYINT, 4), TINYINT, "tinyint");
        maps(unsigned(TINYINT), TINYINT, "tinyint unsigned");
        maps(t(SMALLINT), SMALLINT, "smallint");
        maps(unsigned(MEDIUMINT), MEDIUMINT, "mediumint unsigned");
        maps(len(INTEGER, 11), INTEGER, "int");
        maps(unsigned(BIGINT), BIGINT, "bigint unsigned");
        assertThat(mysql.targetType(unsigned(BIGINT)).unsigned()).isTrue();
        maps(t(YEAR), YEAR, "year");
    }

    @Test
    void decimalsAreCappedAtMySqlLimits() {
        maps(dec(12, 3), DECIMAL, "decimal(12,3)");
        maps(dec(10, 2).withUnsigned(true), DECIMAL, "decimal(10,2)");
        maps(dec(0, -1), DECIMAL, "decimal(65,30)");
        maps(dec(100_000, 0), DECIMAL, "decimal(65,0)");
        maps(dec(80, 40), DECIMAL, "decimal(65,30)");
        maps(t(REAL), REAL, "float");
        maps(unsigned(DOUBLE), DOUBLE, "double");
    }

    @Test
    void characterTypesStayWithinTheRowLimit() {
        maps(len(CHAR, 5), CHAR, "char(5)");
        maps(len(CHAR, 255), CHAR, "char(255)");
        maps(len(CHAR, 256), VARCHAR, "varchar(256)");
        maps(len(CHAR, 0), TEXT, "longtext");
        maps(len(VARCHAR, 40), VARCHAR, "varchar(40)");
        maps(len(VARCHAR, 2000), VARCHAR, "varchar(2000)");
        maps(len(VARCHAR, 2001), TEXT, "text");
        maps(len(VARCHAR, 16_383), TEXT, "text");
        maps(len(VARCHAR, 16_384), TEXT, "mediumtext");
        maps(len(VARCHAR, 10_000_000), TEXT, "longtext");
        maps(len(VARCHAR, 0), TEXT, "longtext");
        maps(len(TEXT, 100), TEXT, "tinytext");
        maps(len(TEXT, 255), TEXT, "tinytext");
        maps(len(TEXT, 256), TEXT, "text");
        maps(len(TEXT, 65_535), TEXT, "text");
        maps(len(TEXT, 16_777_215), TEXT, "mediumtext");
        maps(len(TEXT, 16_777_216), TEXT, "longtext");
        maps(len(TEXT, 0), TEXT, "longtext");
        assertThat(mysql.targetType(len(VARCHAR, 2001)).length()).isEqualTo(65_535);
        assertThat(mysql.targetType(len(TEXT, 0)).length()).isZero();
    }

    @Test
    void binaryTypes() {
        maps(len(BINARY, 4), BINARY, "binary(4)");
        maps(len(BINARY, 256), VARBINARY, "varbinary(256)");
        maps(len(VARBINARY, 8000), VARBINARY, "varbinary(8000)");
        maps(len(VARBINARY, 8001), BLOB, "blob");
        maps(len(VARBINARY, 0), BLOB, "longblob");
        maps(len(BLOB, 255), BLOB, "tinyblob");
        maps(len(BLOB, 65_535), BLOB, "blob");
        maps(len(BLOB, 70_000), BLOB, "mediumblob");
        maps(len(BLOB, 0), BLOB, "longblob");
    }

    @Test
    void bitHoldsOneToSixtyFourBits() {
        maps(named(len(BIT, 5), "bit(5)"), BIT, "bit(5)");
        maps(named(len(BIT, 64), "bit varying(64)"), BIT, "bit(64)");
        assertThatThrownBy(() -> mysql.targetType(named(len(BIT, 65), "bit(65)")))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessage("type 'bit(65)' has no equivalent in mysql (bit holds 1 to 64 bits); "
                        + "exclude the column or the table in the table mapping");
        assertThatThrownBy(() -> mariadb.targetType(named(len(BIT, 0), "bit varying")))
                .hasMessage("type 'bit varying' has no equivalent in mariadb (bit holds 1 to 64 bits); "
                        + "exclude the column or the table in the table mapping");
    }

    @Test
    void temporalTypes() {
        maps(t(DATE), DATE, "date");
        maps(tm(TIME, 3), TIME, "time(3)");
        maps(tm(TIME, 9), TIME, "time(6)");
        maps(tm(TIMESTAMP, 2), TIMESTAMP, "datetime(2)");
        maps(tm(TIMESTAMP, 9), TIMESTAMP, "datetime(6)");
        maps(tm(TIMESTAMP_TZ, 3), TIMESTAMP, "datetime(3)");
        maps(tm(INTERVAL, 6), INTERVAL, "time(6)");
        maps(tm(INTERVAL, -1), INTERVAL, "time(6)");
        assertThatThrownBy(() -> mysql.targetType(named(tm(TIME_TZ, 6), "time with time zone")))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessage("type 'time with time zone' has no equivalent in mysql (MySQL has no time with time zone); "
                        + "exclude the column or the table in the table mapping");
        assertThatThrownBy(() -> mariadb.targetType(named(tm(TIME_TZ, 6), "time with time zone")))
                .hasMessage("type 'time with time zone' has no equivalent in mariadb (MariaDB has no time with time zone); "
                        + "exclude the column or the table in the table mapping");
    }

    @Test
    void timestampReadFromMySqlKeepsItsSpellingInSameEngineDdl() {
        assertThat(mysql.nativeType(named(tm(TIMESTAMP_TZ, 6), "timestamp(6)"))).isEqualTo("timestamp(6)");
        assertThat(mysql.nativeType(named(tm(INTERVAL, 3), "time(3)"))).isEqualTo("time(3)");
        assertThat(mysql.nativeType(dec(10, 2).withUnsigned(true))).isEqualTo("decimal(10,2) unsigned");
        assertThat(mysql.nativeType(len(VARCHAR, 3000))).isEqualTo("varchar(3000)");
        assertThat(mysql.nativeType(len(INTEGER, 11).withUnsigned(true))).isEqualTo("int(11) unsigned");
    }

    @Test
    void jsonUuidEnumSetAndArrays() {
        maps(named(t(JSON), "jsonb"), JSON, "json");
        maps(DataType.arrayOf(t(INTEGER)), JSON, "json");
        maps(enumOf("a", "it's", "back\\slash"), ENUM, "enum('a','it''s','back\\\\slash')");
        maps(setOf("p", "q"), SET, "set('p','q')");
        assertThat(mysql.targetType(t(UUID))).isEqualTo(len(CHAR, 36).withNativeName("char(36)"));
        assertThat(mariadb.targetType(t(UUID))).isEqualTo(t(UUID).withNativeName("uuid"));
        assertThatThrownBy(() -> mariadb.targetType(DataType.unsupported("inet")))
                .hasMessage("type 'inet' has no equivalent in mariadb; exclude the column or the table in the table mapping");
    }

    @Test
    void createTableUsesInnoDbUtf8mb4AndABinaryNoPadCollation() {
        Table source = table("shop", "orders", List.of(
                        notNull("id", unsigned(BIGINT)),
                        col("note", len(VARCHAR, 100)),
                        col("at", tm(TIMESTAMP_TZ, 6))),
                List.of("id"), List.of());
        assertThat(mariadb.createTable(mariadb.targetTable(source))).containsExactly(
                "CREATE TABLE `shop`.`orders` (`id` bigint unsigned NOT NULL, `note` varchar(100), `at` datetime(6), "
                        + "PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin");
        assertThat(mysql.createTable(mysql.targetTable(source))).containsExactly(
                "CREATE TABLE `shop`.`orders` (`id` bigint unsigned NOT NULL, `note` varchar(100), `at` datetime(6), "
                        + "PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin");
    }

    @Test
    void unboundedKeyColumnsGetTheLargestBoundAnIndexAllows() {
        Table source = table("s", "t", List.of(
                        notNull("k", len(TEXT, 0)),
                        notNull("b", len(BLOB, 0)),
                        col("body", len(TEXT, 0))),
                List.of("k"), List.of(List.of("b")));
        Table target = mariadb.targetTable(source);
        assertThat(target.column("k").orElseThrow().type()).isEqualTo(len(VARCHAR, 768).withNativeName("varchar(768)"));
        assertThat(target.column("b").orElseThrow().type()).isEqualTo(len(VARBINARY, 3072).withNativeName("varbinary(3072)"));
        assertThat(target.column("body").orElseThrow().type().nativeName()).isEqualTo("longtext");
    }

    @Test
    void compositeKeyColumnsShareTheIndexBytes() {
        Table source = table("s", "t", List.of(
                        notNull("tenant", t(INTEGER)),
                        notNull("a", len(TEXT, 0)),
                        notNull("b", len(VARCHAR, 0)),
                        notNull("c", len(VARCHAR, 10))),
                List.of("tenant", "a", "b", "c"), List.of());
        Table target = mysql.targetTable(source);
        // 3072 - 4 (int) = 3068 bytes; c keeps its 40; a and b share 3028: 378 characters each.
        assertThat(target.columns()).extracting(c -> c.type().nativeName())
                .containsExactly("int", "varchar(378)", "varchar(378)", "varchar(10)");
    }

    @Test
    void boundedKeyColumnsThatDoNotFitTogetherAreShortened() {
        Table source = table("s", "t", List.of(
                        notNull("a", len(VARCHAR, 1000)),
                        notNull("b", len(VARCHAR, 1000)),
                        notNull("u", len(TEXT, 0))),
                List.of("a", "b"), List.of(List.of("u", "a")));
        Table target = mysql.targetTable(source);
        assertThat(target.columns()).extracting(c -> c.type().nativeName())
                .containsExactly("varchar(384)", "varchar(384)", "varchar(384)");
    }

    @Test
    void wideRowsMoveTheWidestNonKeyColumnsToText() {
        List<Column> columns = new ArrayList<>();
        columns.add(notNull("id", len(VARCHAR, 2000)));
        for (int i = 0; i < 9; i++) {
            columns.add(col("c" + i, len(VARCHAR, 2000)));
        }
        Table target = mysql.targetTable(table("s", "wide", columns, List.of("id"), List.of()));
        long stillVarchar = target.columns().stream().filter(c -> c.type().kind() == TypeKind.VARCHAR).count();
        // 8002 bytes a column: the key column (bounded to 768) and 7 others fit within 65,535 bytes.
        assertThat(target.column("id").orElseThrow().type().nativeName()).isEqualTo("varchar(768)");
        assertThat(stillVarchar).isEqualTo(8);
        assertThat(target.columns()).filteredOn(c -> c.type().kind() == TypeKind.TEXT)
                .extracting(c -> c.type().nativeName()).containsOnly("text");
    }

    @Test
    void readsColumnTypes() {
        assertThat(MySqlDialect.toLogical("tinyint", "tinyint(1)", null, 3L, 0L, null, false))
                .isEqualTo(len(TINYINT, 1).withNativeName("tinyint(1)"));
        assertThat(MySqlDialect.toLogical("int", "int(10) unsigned", null, 10L, 0L, null, false))
                .isEqualTo(len(INTEGER, 10).withUnsigned(true).withNativeName("int(10) unsigned"));
        assertThat(MySqlDialect.toLogical("int", "int unsigned", null, 10L, 0L, null, false))
                .isEqualTo(len(INTEGER, 0).withUnsigned(true).withNativeName("int unsigned"));
        assertThat(MySqlDialect.toLogical("mediumint", "mediumint(8) unsigned zerofill", null, 7L, 0L, null, false).unsigned())
                .isTrue();
        assertThat(MySqlDialect.toLogical("decimal", "decimal(10,2) unsigned", null, 10L, 2L, null, false))
                .isEqualTo(dec(10, 2).withUnsigned(true).withNativeName("decimal(10,2) unsigned"));
        assertThat(MySqlDialect.toLogical("time", "time(3)", null, null, null, 3L, false))
                .isEqualTo(tm(INTERVAL, 3).withNativeName("time(3)"));
        assertThat(MySqlDialect.toLogical("timestamp", "timestamp", null, null, null, 0L, false))
                .isEqualTo(tm(TIMESTAMP_TZ, 0).withNativeName("timestamp"));
        assertThat(MySqlDialect.toLogical("longtext", "longtext", 4294967295L, null, null, null, true))
                .isEqualTo(t(JSON).withNativeName("longtext"));
        assertThat(MySqlDialect.toLogical("longtext", "longtext", 4294967295L, null, null, null, false))
                .isEqualTo(len(TEXT, 0).withNativeName("longtext"));
        assertThat(MySqlDialect.toLogical("enum", "enum('a','it''s','x,y')", 4L, null, null, null, false).values())
                .containsExactly("a", "it's", "x,y");
        assertThat(MySqlDialect.toLogical("set", "set('p','q')", 3L, null, null, null, false))
                .isEqualTo(setOf("p", "q").withNativeName("set('p','q')"));
        assertThat(MySqlDialect.toLogical("inet6", "inet6", null, null, null, null, false))
                .isEqualTo(DataType.unsupported("inet6"));
        assertThat(MySqlDialect.toLogical("point", "point", null, null, null, null, false))
                .isEqualTo(DataType.unsupported("point"));
    }

    @Test
    void quotesMySqlLiteralDefaultsButNotMariaDbOnes() {
        assertThat(MySqlDialect.defaultExpression("it's", "", "varchar", false)).isEqualTo("'it''s'");
        assertThat(MySqlDialect.defaultExpression("42", "", "int", false)).isEqualTo("42");
        assertThat(MySqlDialect.defaultExpression("CURRENT_TIMESTAMP", "default_generated", "datetime", false))
                .isEqualTo("CURRENT_TIMESTAMP");
        assertThat(MySqlDialect.defaultExpression("'it''s'", "", "varchar", true)).isEqualTo("'it''s'");
        assertThat(MySqlDialect.defaultExpression("NULL", "", "varchar", true)).isNull();
        assertThat(MySqlDialect.defaultExpression(null, "", "varchar", false)).isNull();
    }

    @Test
    void handlesOwnUrlsOnly() {
        assertThat(mysql.handlesJdbcUrl("jdbc:mysql://h/db")).isTrue();
        assertThat(mysql.handlesJdbcUrl("jdbc:mariadb://h/db")).isFalse();
        assertThat(mariadb.handlesJdbcUrl("jdbc:mariadb://h/db")).isTrue();
    }
}
