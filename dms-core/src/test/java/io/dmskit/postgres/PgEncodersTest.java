package io.dmskit.postgres;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ValueException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expected bytes are the output of PostgreSQL 15's own send functions for the same values
 * ({@code SELECT numeric_send(12345678901234567890.123456789)}, {@code date_send(...)}, ...),
 * which are what the matching recv functions read; they were not derived from the encoders.
 */
class PgEncodersTest {

    private static final PgType INT4 = PgType.scalar("int4");

    /** The value's binary form, without its length word, checking that the length word is right. */
    private static String encode(PgEncoder encoder, Object value) {
        CopyBuffer out = new CopyBuffer(16);
        encoder.encode(value, out);
        byte[] bytes = Arrays.copyOf(out.array(), out.position());
        int length = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        assertThat(length).as("length word").isEqualTo(bytes.length - 4);
        return HexFormat.of().formatHex(bytes, 4, bytes.length);
    }

    private static String numeric(String value) {
        return encode(new PgEncoders.NumericEncoder(0, -1), new BigDecimal(value));
    }

    private static PgEncoder encoder(DataType type, String pgType) {
        return PgEncoders.forType(type, PgType.scalar(pgType));
    }

    @Test
    void numericMatchesNumericSend() {
        assertThat(numeric("0")).isEqualTo("0000000000000000");
        assertThat(numeric("0.00")).isEqualTo("0000000000000002");
        assertThat(numeric("1")).isEqualTo("00010000000000000001");
        assertThat(numeric("-1")).isEqualTo("00010000400000000001");
        assertThat(numeric("10000")).isEqualTo("00010001000000000001");
        assertThat(numeric("100")).isEqualTo("00010000000000000064");
        assertThat(numeric("0.0001")).isEqualTo("0001ffff000000040001");
        assertThat(numeric("1.50")).isEqualTo("000200000000000200011388");
        assertThat(numeric("123.4")).isEqualTo("0002000000000001007b0fa0");
        assertThat(numeric("-0.00001")).isEqualTo("0001fffe4000000503e8");
        assertThat(numeric("99999999.99999999")).isEqualTo("0004000100000008270f270f270f270f");
        assertThat(numeric("12345678901234567890.123456789"))
                .isEqualTo("000800040000000904d2162e23340d801ed204d2162e2328");
        assertThat(numeric("-9223372036854775808")).isEqualTo("0005000440000000039a0d2c0170156516b0");
        assertThat(numeric("0.00000000001")).isEqualTo("0001fffd0000000b000a");
    }

    @Test
    void numericWithHugeOrNegativeScale() {
        assertThat(numeric("1E-16383")).isEqualTo("0001f00000003fff000a");
        assertThat(numeric("1E-30")).isEqualTo("0001fff80000001e0064");
        assertThat(numeric("12.500000000000000000000000000000")).isEqualTo("000200000000001e000c1388");
        // 1E+100 has scale -100 in BigDecimal: dscale 0, one digit of weight 25.
        assertThat(numeric("1E+100")).isEqualTo("00010019000000000001");
        assertThat(numeric("1E+3")).isEqualTo(numeric("1000"));
        assertThatThrownBy(() -> numeric("1E-16384")).isInstanceOf(ValueException.class)
                .hasMessage("1E-16384 has 16384 digits after the point; PostgreSQL numeric stores at most 16383");
        assertThatThrownBy(() -> numeric("1E+131072")).isInstanceOf(ValueException.class)
                .hasMessage("1E+131072 has 131073 digits before the point; PostgreSQL numeric stores at most 131072");
    }

    @Test
    void numericTakesBigIntegerAndLongDigitStrings() {
        PgEncoders.NumericEncoder enc = new PgEncoders.NumericEncoder(0, -1);
        assertThat(encode(enc, new BigInteger("-9223372036854775808"))).isEqualTo("0005000440000000039a0d2c0170156516b0");
        String thousand = "9".repeat(1000);
        String hex = encode(enc, new BigDecimal(thousand));
        // 1000 nines: 250 digits of 9999, weight 249.
        assertThat(hex).startsWith("00fa00f900000000").hasSize(16 + 250 * 4).endsWith("270f");
        assertThatThrownBy(() -> encode(enc, 5L)).isInstanceOf(ValueException.class)
                .hasMessage("a value of class java.lang.Long cannot be written into a numeric column, which takes "
                        + "java.math.BigDecimal (a converter should have produced one)");
    }

    @Test
    void numericRefusesWhatItsColumnWouldRound() {
        PgEncoders.NumericEncoder enc = new PgEncoders.NumericEncoder(10, 2);
        assertThat(encode(enc, new BigDecimal("1.2300"))).isEqualTo(numeric("1.2300"));
        assertThatThrownBy(() -> encode(enc, new BigDecimal("1.234"))).isInstanceOf(ValueException.class)
                .hasMessage("1.234 has 3 digits after the point, more than the 2 of numeric(10,2), and PostgreSQL "
                        + "would round it");
        assertThatThrownBy(() -> encode(enc, new BigDecimal("123456789.5"))).isInstanceOf(ValueException.class)
                .hasMessage("123456789.5 has 9 digits before the point, more than the 8 that numeric(10,2) holds");
    }

    @Test
    void integersByTargetKindWithRangeChecks() {
        assertThat(encode(encoder(DataType.of(TypeKind.SMALLINT), "int2"), -2L)).isEqualTo("fffe");
        assertThat(encode(encoder(DataType.of(TypeKind.INTEGER), "int4"), 1L)).isEqualTo("00000001");
        assertThat(encode(encoder(DataType.of(TypeKind.BIGINT), "int8"), Long.MIN_VALUE)).isEqualTo("8000000000000000");
        assertThatThrownBy(() -> encode(encoder(DataType.of(TypeKind.INTEGER), "int4"), 3_000_000_000L))
                .isInstanceOf(ValueException.class).hasMessage("3000000000 is out of range for integer");
        assertThatThrownBy(() -> encode(encoder(DataType.of(TypeKind.SMALLINT), "int2"), 32768L))
                .isInstanceOf(ValueException.class).hasMessage("32768 is out of range for smallint");
        assertThatThrownBy(() -> encode(encoder(DataType.of(TypeKind.INTEGER), "int4"), 1))
                .isInstanceOf(ValueException.class)
                .hasMessage("a value of class java.lang.Integer cannot be written into a integer column, which takes "
                        + "java.lang.Long (a converter should have produced one)");
    }

    @Test
    void floatsKeepTheirExactBits() {
        assertThat(encode(PgEncoders::float4, Float.NaN)).isEqualTo("7fc00000");
        assertThat(encode(PgEncoders::float4, Float.NEGATIVE_INFINITY)).isEqualTo("ff800000");
        assertThat(encode(PgEncoders::float8, -0.0d)).isEqualTo("8000000000000000");
        assertThat(encode(PgEncoders::float8, Double.MIN_VALUE)).isEqualTo("0000000000000001");
    }

    @Test
    void textIsUtf8AndRefusesNul() {
        assertThat(encode(PgEncoders::text, "")).isEqualTo("");
        assertThat(encode(PgEncoders::text, "aé€😀")).isEqualTo("61c3a9e282acf09f9880");
        assertThat(encode(PgEncoders::jsonb, "{\"a\": 1}")).isEqualTo("017b2261223a20317d");
        assertThatThrownBy(() -> encode(PgEncoders::text, "a\u0000b")).isInstanceOf(ValueException.class)
                .hasMessage("text contains a NUL character (U+0000), which PostgreSQL cannot store");
        assertThatThrownBy(() -> encode(PgEncoders::text, "a\uD800b")).isInstanceOf(ValueException.class)
                .hasMessage("text contains an unpaired UTF-16 surrogate (U+D800) at index 1, which has no UTF-8 form");
        String big = "é".repeat(40_000) + "😀";
        assertThat(encode(PgEncoders::text, big)).isEqualTo(HexFormat.of().formatHex(big.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> encode(PgEncoders::text, "x".repeat(20_000) + "\u0000"))
                .isInstanceOf(ValueException.class).hasMessage(PgEncoders.NUL_MESSAGE);
    }

    @Test
    void bitsArePackedMostSignificantFirst() {
        assertThat(encode(PgEncoders::bit, "1010101011")).isEqualTo("0000000aaac0");
        assertThat(encode(PgEncoders::bit, "1")).isEqualTo("0000000180");
        assertThat(encode(PgEncoders::bit, "")).isEqualTo("00000000");
        assertThatThrownBy(() -> encode(PgEncoders::bit, "102")).isInstanceOf(ValueException.class)
                .hasMessage("'102' is not a bit string: character 2 is neither '0' nor '1'");
    }

    @Test
    void datesCountDaysFrom2000() {
        assertThat(encode(PgEncoders::date, LocalDate.of(2000, 1, 1))).isEqualTo("00000000");
        assertThat(encode(PgEncoders::date, LocalDate.of(1999, 12, 31))).isEqualTo("ffffffff");
        assertThat(encode(PgEncoders::date, LocalDate.of(1970, 1, 1))).isEqualTo("ffffd533");
        assertThat(encode(PgEncoders::date, LocalDate.of(1, 1, 1))).isEqualTo("fff4dbf9");
        assertThat(encode(PgEncoders::date, LocalDate.of(0, 12, 31))).isEqualTo("fff4dbf8"); // 0001-12-31 BC
        assertThat(encode(PgEncoders::date, LocalDate.of(9999, 12, 31))).isEqualTo("002c95d3");
        assertThat(encode(PgEncoders::date, LocalDate.of(-4713, 11, 24))).isEqualTo("ffda97a7"); // 4714-11-24 BC
        assertThat(encode(PgEncoders::date, LocalDate.of(5_874_897, 12, 31))).isEqualTo("7fda970c");
        assertThatThrownBy(() -> encode(PgEncoders::date, LocalDate.MAX)).isInstanceOf(ValueException.class)
                .hasMessage("+999999999-12-31 is out of range for date, which holds 4714-11-24 BC to 5874897-12-31");
        assertThatThrownBy(() -> encode(PgEncoders::date, LocalDate.MIN)).isInstanceOf(ValueException.class);
        assertThatThrownBy(() -> encode(PgEncoders::date, LocalDate.of(-4713, 11, 23))).isInstanceOf(ValueException.class);
    }

    @Test
    void timestampsCountMicrosecondsFrom2000() {
        PgEncoder ts = encoder(DataType.of(TypeKind.TIMESTAMP), "timestamp");
        assertThat(encode(ts, LocalDateTime.of(2000, 1, 1, 0, 0))).isEqualTo("0000000000000000");
        assertThat(encode(ts, LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1000))).isEqualTo("0000000000000001");
        assertThat(encode(ts, LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000))).isEqualTo("ffffffffffffffff");
        assertThat(encode(ts, LocalDateTime.of(1, 1, 1, 0, 0))).isEqualTo("ff1fe2ffc59c6000");
        assertThat(encode(ts, LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000))).isEqualTo("0380e70b913b7fff");
        assertThat(encode(ts, LocalDateTime.of(-4713, 11, 24, 0, 0))).isEqualTo("fd0f7cc1411fa000");
        assertThat(encode(ts, LocalDateTime.of(294_276, 12, 31, 23, 59, 59, 999_999_000))).isEqualTo("7fffff5bb3b29fff");
        assertThatThrownBy(() -> encode(ts, LocalDateTime.of(294_277, 1, 1, 0, 0))).isInstanceOf(ValueException.class)
                .hasMessage("+294277-01-01T00:00 is out of range for timestamp, which holds 4714-11-24 00:00 BC to "
                        + "294276-12-31 23:59:59.999999");
        assertThatThrownBy(() -> encode(ts, LocalDateTime.MAX)).isInstanceOf(ValueException.class);
        assertThatThrownBy(() -> encode(ts, LocalDateTime.MIN)).isInstanceOf(ValueException.class);
        assertThatThrownBy(() -> encode(ts, LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1))).isInstanceOf(ValueException.class)
                .hasMessage("2000-01-01T00:00:00.000000001 has nanoseconds, but timestamp stores microseconds");

        PgEncoder tstz = encoder(DataType.of(TypeKind.TIMESTAMP_TZ), "timestamptz");
        assertThat(encode(tstz, OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(1))))
                .isEqualTo("ffffffff296c5c00");
    }

    @Test
    void fractionalPrecisionOfTheColumnIsKept() {
        PgEncoder ts3 = encoder(DataType.temporal(TypeKind.TIMESTAMP, 3), "timestamp");
        assertThat(encode(ts3, LocalDateTime.of(2000, 1, 1, 0, 0, 0, 5_000_000))).isEqualTo("0000000000001388");
        assertThatThrownBy(() -> encode(ts3, LocalDateTime.of(2000, 1, 1, 0, 0, 0, 50_001_000)))
                .isInstanceOf(ValueException.class)
                .hasMessage("2000-01-01T00:00:00.050001 has more fractional digits of seconds than the 3 that the "
                        + "column's timestamp keeps, and PostgreSQL would round it");
        PgEncoder t0 = encoder(DataType.temporal(TypeKind.TIME, 0), "time");
        assertThatThrownBy(() -> encode(t0, LocalTime.of(1, 2, 3, 1000))).isInstanceOf(ValueException.class);
    }

    @Test
    void timesAndIntervals() {
        PgEncoder time = encoder(DataType.of(TypeKind.TIME), "time");
        assertThat(encode(time, LocalTime.of(23, 59, 59, 999_999_000))).isEqualTo("000000141dd75fff");
        PgEncoder timetz = encoder(DataType.of(TypeKind.TIME_TZ), "timetz");
        // Zone offset in seconds WEST of UTC: +05:30 is -19800.
        assertThat(encode(timetz, OffsetTime.of(1, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30))))
                .isEqualTo("00000000d693a400ffffb2a8");
        assertThat(encode(timetz, OffsetTime.of(1, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(15, 59, 59))))
                .endsWith("ffff1f01");
        assertThatThrownBy(() -> encode(timetz, OffsetTime.of(1, 0, 0, 0, ZoneOffset.ofHours(16))))
                .isInstanceOf(ValueException.class)
                .hasMessage("01:00+16:00 has a zone offset beyond the +/-15:59:59 that time with time zone stores");
        PgEncoder interval = encoder(DataType.of(TypeKind.INTERVAL), "interval");
        assertThat(encode(interval, new Interval(1, 2, -1_000_000))).isEqualTo("fffffffffff0bdc00000000200000001");
        assertThat(encode(interval, new Interval(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE)))
                .isEqualTo("80000000000000008000000080000000");
    }

    @Test
    void uuidBoolByteaJsonb() {
        assertThat(encode(PgEncoders::uuid, UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
                .isEqualTo("123e4567e89b12d3a456426614174000");
        assertThat(encode(PgEncoders::bool, true)).isEqualTo("01");
        assertThat(encode(PgEncoders::bytea, new byte[] {0, (byte) 0xFF})).isEqualTo("00ff");
    }

    @Test
    void arraysMatchArraySend() {
        PgEncoder ints = PgEncoders.forType(DataType.arrayOf(DataType.of(TypeKind.INTEGER)), PgType.arrayOf(23, INT4));
        assertThat(encode(ints, Arrays.asList(1L, null, 3L)))
                .isEqualTo("00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003");
        assertThat(encode(ints, List.of(List.of(1L, 2L), List.of(3L, 4L))))
                .isEqualTo("000000020000000000000017000000020000000100000002000000010000000400000001"
                        + "000000040000000200000004000000030000000400000004");
        assertThat(encode(ints, List.of())).isEqualTo("000000000000000000000017");
        PgEncoder texts = PgEncoders.forType(DataType.arrayOf(DataType.of(TypeKind.TEXT)),
                PgType.arrayOf(25, PgType.scalar("text")));
        assertThat(encode(texts, Arrays.asList("a", null)))
                .isEqualTo("00000001000000010000001900000002000000010000000161ffffffff");
        assertThatThrownBy(() -> encode(ints, List.of(1L, 3_000_000_000L))).isInstanceOf(ValueException.class)
                .hasMessage("element 2 of the array: 3000000000 is out of range for integer");
        assertThatThrownBy(() -> encode(ints, List.of(List.of(1L), List.of(1L, 2L)))).isInstanceOf(ValueException.class)
                .hasMessage("an array whose sub-arrays differ in length cannot be written into integer[]: PostgreSQL "
                        + "arrays are rectangular");
    }

    @Test
    void refusesATargetColumnOfAnotherType() {
        assertThatThrownBy(() -> PgEncoders.forColumn(io.dmskit.schema.TableId.of("s", "t"),
                io.dmskit.schema.Column.of("c", DataType.of(TypeKind.INTEGER), true), PgType.scalar("int8")))
                .isInstanceOf(DmsException.class)
                .hasMessage("Table s.t, column c: the column is bigint in the target, but the load writes INTEGER values "
                        + "(integer); create the column with the type the target dialect maps it to, or change the mapping")
                .satisfies(e -> assertThat(((DmsException) e).code()).isEqualTo(ErrorCode.INCOMPATIBLE_TARGET_TABLE));
    }
}
