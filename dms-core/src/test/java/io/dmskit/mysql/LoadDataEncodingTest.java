package io.dmskit.mysql;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadDataEncodingTest {

    private static String encode(DataType type, Object value) {
        LoadDataBuffer buf = new LoadDataBuffer(16);
        Column c = Column.of("c", type, true);
        MySqlLoadDataWriter.encodeRow(buf, new Form[] {Form.of(c)}, new DataType[] {type}, new Object[] {value},
                new int[1]);
        byte[] b = buf.toByteArray();
        assertThat(b[b.length - 1]).isEqualTo((byte) '\n');
        return new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
    }

    private static final DataType VARCHAR = DataType.ofLength(TypeKind.VARCHAR, 100);
    private static final DataType BLOB = DataType.of(TypeKind.BLOB);

    @Test
    void escapesEveryByteValueOfABinaryValueAndDecodesItBack() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        LoadDataBuffer buf = new LoadDataBuffer(16);
        buf.bytes(all);
        byte[] encoded = buf.toByteArray();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 256; i++) {
            switch (i) {
                case 0 -> expected.writeBytes(new byte[] {'\\', '0'});
                case '\t' -> expected.writeBytes(new byte[] {'\\', 't'});
                case '\n' -> expected.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> expected.writeBytes(new byte[] {'\\', 'r'});
                case '\\' -> expected.writeBytes(new byte[] {'\\', '\\'});
                default -> expected.write(i);
            }
        }
        assertThat(encoded).isEqualTo(expected.toByteArray());
        assertThat(encoded.length).isEqualTo(256 + 5);
        buf.rowEnd();
        List<byte[][]> rows = buf.decode(1);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[0]).isEqualTo(all);
    }

    @Test
    void escapesTabsNewlinesBackslashesAndNulInText() {
        assertThat(encode(VARCHAR, "a\tb\nc\\d\re\0f")).isEqualTo("a\\tb\\nc\\\\d\\re\\0f");
    }

    @Test
    void tellsNullFromEmptyStringFromTheTextBackslashN() {
        assertThat(encode(VARCHAR, null)).isEqualTo("\\N");
        assertThat(encode(VARCHAR, "")).isEqualTo("");
        assertThat(encode(VARCHAR, "\\N")).isEqualTo("\\\\N");
        assertThat(encode(VARCHAR, "NULL")).isEqualTo("NULL");
        assertThat(encode(BLOB, new byte[0])).isEqualTo("");
    }

    @Test
    void writesFourByteUtf8AndRefusesUnpairedSurrogates() {
        String text = "h\u00e9\u20ac\uD83D\uDE00";
        LoadDataBuffer buf = new LoadDataBuffer(4);
        buf.text(text);
        assertThat(buf.toByteArray()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new LoadDataBuffer(4).text("a\uD83Db"))
                .isInstanceOf(MySqlText.Rejected.class)
                .hasMessage("the string has an unpaired UTF-16 surrogate 0xD83D at index 1, which is no character "
                        + "and has no UTF-8 form");
        assertThatThrownBy(() -> new LoadDataBuffer(4).text("\uDE00"))
                .isInstanceOf(MySqlText.Rejected.class);
    }

    @Test
    void roundTripsRowsOfSeveralFieldsThroughDecode() {
        LoadDataBuffer buf = new LoadDataBuffer(4);
        DataType[] types = {VARCHAR, BLOB, DataType.of(TypeKind.BIGINT)};
        Form[] forms = {Form.TEXT, Form.BINARY, Form.INTEGER};
        MySqlLoadDataWriter.encodeRow(buf, forms, types, new Object[] {"x\ty", new byte[] {'\\', 'N'}, 5L}, new int[1]);
        MySqlLoadDataWriter.encodeRow(buf, forms, types, new Object[] {null, null, null}, new int[1]);
        MySqlLoadDataWriter.encodeRow(buf, forms, types, new Object[] {"", new byte[0], -1L}, new int[1]);
        List<byte[][]> rows = buf.decode(3);
        assertThat(rows).hasSize(3);
        assertThat(new String(rows.get(0)[0], StandardCharsets.UTF_8)).isEqualTo("x\ty");
        assertThat(rows.get(0)[1]).isEqualTo(new byte[] {'\\', 'N'});
        assertThat(new String(rows.get(0)[2], StandardCharsets.US_ASCII)).isEqualTo("5");
        assertThat(java.util.Arrays.asList(rows.get(1))).containsExactly(null, null, null);
        assertThat(rows.get(2)[0]).isEmpty();
        assertThat(rows.get(2)[1]).isEmpty();
    }

    @Test
    void writesNumbersExactly() {
        assertThat(encode(DataType.of(TypeKind.BIGINT), Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(encode(DataType.of(TypeKind.BIGINT), Long.MAX_VALUE)).isEqualTo("9223372036854775807");
        assertThat(encode(DataType.of(TypeKind.BIGINT), 0L)).isEqualTo("0");
        assertThat(encode(DataType.of(TypeKind.BIGINT).withUnsigned(true), new BigInteger("18446744073709551615")))
                .isEqualTo("18446744073709551615");
        assertThat(encode(DataType.decimal(65, 30), new BigDecimal("1E+30"))).isEqualTo("1000000000000000000000000000000");
        assertThat(encode(DataType.decimal(12, 2), new BigDecimal("1.500"))).isEqualTo("1.5");
        assertThat(encode(DataType.of(TypeKind.DOUBLE), 4.9E-324)).isEqualTo("4.9E-324");
        assertThat(encode(DataType.of(TypeKind.REAL), 0.1f)).isEqualTo("0.10000000149011612");
        assertThat(encode(DataType.of(TypeKind.REAL), Float.MAX_VALUE)).isEqualTo("3.4028234663852886E38");
        assertThat(encode(DataType.of(TypeKind.BOOLEAN), true)).isEqualTo("1");
        assertThat(encode(DataType.of(TypeKind.BOOLEAN), false)).isEqualTo("0");
    }

    @Test
    void refusesWhatMySqlWouldStoreWithALoss() {
        assertThatThrownBy(() -> encode(DataType.of(TypeKind.DOUBLE), Double.NaN))
                .hasMessage("NaN cannot be stored: MySQL and MariaDB DOUBLE columns hold no NaN or Infinity");
        assertThatThrownBy(() -> encode(DataType.of(TypeKind.REAL), Float.NEGATIVE_INFINITY))
                .hasMessage("-Infinity cannot be stored: MySQL and MariaDB FLOAT columns hold no NaN or Infinity");
        assertThatThrownBy(() -> encode(DataType.decimal(12, 2), new BigDecimal("1.234")))
                .hasMessage("1.234 has 3 digits after the point; the column decimal keeps 2 and would round it");
        assertThatThrownBy(() -> encode(DataType.of(TypeKind.YEAR), 5L))
                .hasMessage("year 5 is outside YEAR's range 1901 to 2155 (or 0)");
        assertThatThrownBy(() -> encode(DataType.of(TypeKind.BIGINT), "5"))
                .hasMessage("a java.lang.String is not a value of type bigint (expected java.lang.Long)");
        assertThatThrownBy(() -> encode(DataType.temporal(TypeKind.TIMESTAMP, 0), LocalDateTime.of(2024, 1, 1, 0, 0, 0, 500_000_000)))
                .hasMessage("2024-01-01T00:00:00.500 has more fractional digits than the column timestamp keeps (0)");
        assertThatThrownBy(() -> encode(DataType.of(TypeKind.DATE), LocalDate.of(10000, 1, 1)))
                .hasMessage("date +10000-01-01 is outside MySQL's years 0000 to 9999");
    }

    @Test
    void writesYearsSoThatTheServerDoesNotReinterpretThem() {
        assertThat(encode(DataType.of(TypeKind.YEAR), 0L)).isEqualTo("0000");
        assertThat(encode(DataType.of(TypeKind.YEAR), 1901L)).isEqualTo("1901");
        assertThat(encode(DataType.of(TypeKind.YEAR), 2155L)).isEqualTo("2155");
    }

    @Test
    void writesTemporalValuesAsIsoTextWithASpace() {
        assertThat(encode(DataType.of(TypeKind.DATE), LocalDate.of(1000, 1, 1))).isEqualTo("1000-01-01");
        assertThat(encode(DataType.temporal(TypeKind.TIMESTAMP, 6), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)))
                .isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(encode(DataType.temporal(TypeKind.TIMESTAMP, 3), LocalDateTime.of(2024, 2, 29, 1, 2, 3, 120_000_000)))
                .isEqualTo("2024-02-29 01:02:03.120000");
        assertThat(encode(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6),
                OffsetDateTime.of(2024, 1, 1, 2, 0, 0, 1000, ZoneOffset.ofHours(3))))
                .isEqualTo("2023-12-31 23:00:00.000001");
        assertThat(encode(DataType.temporal(TypeKind.TIME, 0), LocalTime.of(7, 8, 9))).isEqualTo("07:08:09");
    }

    @Test
    void writesIntervalsAsMySqlTimeAndRefusesWhatTimeCannotHold() {
        DataType time6 = DataType.temporal(TypeKind.INTERVAL, 6);
        long max = MySqlText.MAX_TIME_MICROS;
        assertThat(encode(time6, Interval.ofMicros(max))).isEqualTo("838:59:59.999999");
        assertThat(encode(time6, Interval.ofMicros(-max))).isEqualTo("-838:59:59.999999");
        assertThat(encode(time6, Interval.ofMicros(-1))).isEqualTo("-00:00:00.000001");
        assertThat(encode(time6, new Interval(0, 2, 3_600_000_000L))).isEqualTo("49:00:00");
        assertThatThrownBy(() -> encode(time6, Interval.ofMicros(max + 1)))
                .hasMessage("interval PT839H is outside MySQL TIME's range -838:59:59.999999 to 838:59:59.999999");
        assertThatThrownBy(() -> encode(time6, new Interval(1, 0, 0)))
                .hasMessage("interval P1M has months, which a MySQL TIME cannot hold");
    }

    @Test
    void writesBitsAsTheirUnsignedNumber() {
        assertThat(encode(DataType.ofLength(TypeKind.BIT, 1), "1")).isEqualTo("1");
        assertThat(encode(DataType.ofLength(TypeKind.BIT, 64), "1".repeat(64))).isEqualTo("18446744073709551615");
        assertThat(encode(DataType.ofLength(TypeKind.BIT, 8), "00000101")).isEqualTo("5");
        assertThatThrownBy(() -> encode(DataType.ofLength(TypeKind.BIT, 2), "101"))
                .hasMessage("bit string '101' has 3 bits; the column bit holds 1 to 2");
        assertThatThrownBy(() -> encode(DataType.ofLength(TypeKind.BIT, 2), "12"))
                .hasMessage("bit string '12' has a character other than 0 and 1");
    }

    @Test
    void writesUuids() {
        UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(encode(DataType.of(TypeKind.UUID), u)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    }

    @Test
    void loadStatementLoadsBitsThroughVariablesWithHexSeparators() {
        var dialect = new io.dmskit.schema.mysql.MariaDbDialect();
        var table = new io.dmskit.schema.Table(io.dmskit.schema.TableId.of("d`b", "t"),
                List.of(Column.of("id", DataType.of(TypeKind.BIGINT), false),
                        Column.of("b", DataType.ofLength(TypeKind.BIT, 3), true)), List.of("id"), List.of(), -1);
        var target = new WriteTarget(dialect, new io.dmskit.spi.WriteRequest(table, table.columns()), "MariaDB");
        assertThat(MySqlLoadDataWriter.loadSql(dialect, target)).isEqualTo(
                "LOAD DATA LOCAL INFILE 'dmskit' INTO TABLE `d``b`.`t` CHARACTER SET utf8mb4 FIELDS TERMINATED BY X'09'"
                        + " ENCLOSED BY '' ESCAPED BY X'5C' LINES STARTING BY '' TERMINATED BY X'0A'"
                        + " (`id`, @dmskit_v1) SET `b` = CAST(@dmskit_v1 AS UNSIGNED)");
        assertThat(target.insertPrefix).isEqualTo("INSERT INTO `d``b`.`t` (`id`, `b`) VALUES ");
        assertThat(target.insertTuple).isEqualTo("(?, CAST(? AS UNSIGNED))");
    }

    @Test
    void findsTheColumnThatAServerMessageNames() {
        var dialect = new io.dmskit.schema.mysql.MariaDbDialect();
        var table = new io.dmskit.schema.Table(io.dmskit.schema.TableId.of("db", "t"),
                List.of(Column.of("id", DataType.of(TypeKind.BIGINT), false),
                        Column.of("v", DataType.ofLength(TypeKind.VARCHAR, 3), true)), List.of("id"), List.of(), -1);
        var target = new WriteTarget(dialect, new io.dmskit.spi.WriteRequest(table, table.columns()), "MariaDB");
        assertThat(target.columnOf("Data too long for column 'v' at row 1")).isEqualTo(1);
        assertThat(target.columnOf("Incorrect integer value: 'x' for column `db`.`t`.`id` at row 1")).isEqualTo(0);
        assertThat(target.columnOf("Duplicate entry '1' for key 'PRIMARY'")).isEqualTo(0);
        assertThat(target.columnOf("Duplicate entry '1' for key 't.PRIMARY'")).isEqualTo(0);
        assertThat(target.columnOf("Column 'v' cannot be null")).isEqualTo(1);
        assertThat(target.columnOf("something else")).isEqualTo(-1);
    }
}
