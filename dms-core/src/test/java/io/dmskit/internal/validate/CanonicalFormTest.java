package io.dmskit.internal.validate;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;
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
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canonical comparison rules of {@link CanonicalForm}, one behaviour each. */
class CanonicalFormTest {

    private static final DataType TINYINT1 = DataType.ofLength(TypeKind.TINYINT, 1);
    private static final DataType SMALLINT = DataType.of(TypeKind.SMALLINT);
    private static final DataType BOOLEAN = DataType.of(TypeKind.BOOLEAN);
    private static final DataType BIGINT_UNSIGNED = DataType.of(TypeKind.BIGINT).withUnsigned(true);
    private static final DataType NUMERIC_20 = DataType.decimal(20, 0);
    private static final DataType DECIMAL = DataType.decimal(12, 2);
    private static final DataType REAL = DataType.of(TypeKind.REAL);
    private static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
    private static final DataType CHAR10 = DataType.ofLength(TypeKind.CHAR, 10);
    private static final DataType VARCHAR = DataType.ofLength(TypeKind.VARCHAR, 300);
    private static final DataType TEXT = DataType.ofLength(TypeKind.TEXT, 0);
    private static final DataType JSON = DataType.of(TypeKind.JSON);
    private static final DataType JSONB = DataType.of(TypeKind.JSON).withNativeName("jsonb");
    private static final DataType UUID_TYPE = DataType.of(TypeKind.UUID);
    private static final DataType CHAR36 = DataType.ofLength(TypeKind.CHAR, 36);
    private static final DataType BLOB = DataType.ofLength(TypeKind.BLOB, 0);
    private static final DataType BINARY4 = DataType.ofLength(TypeKind.BINARY, 4);
    private static final DataType TIMESTAMP = DataType.temporal(TypeKind.TIMESTAMP, 6);
    private static final DataType TIMESTAMP3 = DataType.temporal(TypeKind.TIMESTAMP, 3);
    private static final DataType TIMESTAMPTZ = DataType.temporal(TypeKind.TIMESTAMP_TZ, 6);
    private static final DataType INTERVAL = DataType.temporal(TypeKind.INTERVAL, 6);
    private static final DataType TIME = DataType.temporal(TypeKind.TIME, 6);

    private static boolean same(DataType s, DataType t, Object sv, Object tv) {
        CanonicalForm.Rule r = CanonicalForm.of(s, t);
        return java.util.Objects.equals(r.source(sv), r.target(tv));
    }

    @Test
    void numericScaleDoesNotMatter() {
        assertThat(same(DECIMAL, DataType.decimal(0, -1), new BigDecimal("1.50"), new BigDecimal("1.5"))).isTrue();
        assertThat(same(DECIMAL, DECIMAL, new BigDecimal("7.00"), new BigDecimal("7"))).isTrue();
        assertThat(same(DECIMAL, DECIMAL, new BigDecimal("0.00"), BigDecimal.ZERO)).isTrue();
        assertThat(same(DECIMAL, DECIMAL, new BigDecimal("1.50"), new BigDecimal("1.05"))).isFalse();
        assertThat(CanonicalForm.NUMBER.canonical(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(CanonicalForm.NUMBER.canonical(new BigDecimal("-0.000000000000000000000000000001")))
                .isEqualTo("-0.000000000000000000000000000001");
    }

    @Test
    void integersOfEverySizeAndSignCompareByValue() {
        assertThat(same(BIGINT_UNSIGNED, NUMERIC_20, new BigInteger("18446744073709551615"), new BigDecimal("18446744073709551615")))
                .isTrue();
        assertThat(same(DataType.of(TypeKind.TINYINT).withUnsigned(true), SMALLINT, 255L, 255L)).isTrue();
        assertThat(same(DataType.of(TypeKind.YEAR), SMALLINT, 2155L, 2155L)).isTrue();
        assertThat(same(SMALLINT, SMALLINT, 1L, 2L)).isFalse();
    }

    @Test
    void booleansAreOneAndZero() {
        assertThat(CanonicalForm.of(TINYINT1, BOOLEAN).form()).isEqualTo(CanonicalForm.NUMBER);
        assertThat(same(TINYINT1, SMALLINT, 1L, 1L)).isTrue();
        assertThat(same(BOOLEAN, TINYINT1, true, 1L)).isTrue();
        assertThat(same(BOOLEAN, TINYINT1, false, 0L)).isTrue();
        assertThat(same(BOOLEAN, TINYINT1, true, 0L)).isFalse();
        assertThat(same(BOOLEAN, BOOLEAN, true, true)).isTrue();
    }

    @Test
    void floatsCompareByValueWhateverTheirLayout() {
        assertThat(CanonicalForm.of(REAL, DOUBLE).form()).isEqualTo(CanonicalForm.FLOAT);
        assertThat(same(REAL, DOUBLE, 1.5f, 1.5d)).isTrue();
        // a float widens exactly: 0.1f is not the double 0.1
        assertThat(same(REAL, DOUBLE, 0.1f, 0.1d)).isFalse();
        assertThat(same(REAL, DOUBLE, 0.1f, 0.10000000149011612d)).isTrue();
        assertThat(same(DOUBLE, DOUBLE, -0.0d, 0.0d)).isTrue();
        assertThat(same(DOUBLE, DOUBLE, Double.NaN, Double.NaN)).isTrue();
        assertThat(same(DOUBLE, DOUBLE, 1.0000000000000002d, 1.0d)).isFalse();
        assertThat(CanonicalForm.FLOAT.canonical(1.5d)).isEqualTo("0.15e1");
        assertThat(CanonicalForm.FLOAT.canonical(Double.MIN_VALUE)).isEqualTo("0.5e-323");
        assertThat(CanonicalForm.FLOAT.canonical(-1.7976931348623157e308)).isEqualTo("-0.17976931348623157e309");
        assertThat(CanonicalForm.FLOAT.canonical(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void floatTextOfEveryEngineLayoutIsTheSame() {
        // PostgreSQL, MariaDB and Java print the same doubles so
        assertThat(List.of("1e+16", "1e16", "1.0E16", "10000000000000000")).allMatch(s -> CanonicalForm.floatText(s).equals("0.1e17"));
        assertThat(List.of("1e-05", "0.00001", "1.0E-5")).allMatch(s -> CanonicalForm.floatText(s).equals("0.1e-4"));
        assertThat(List.of("-2.25", "-2.250", "-0.225e1")).allMatch(s -> CanonicalForm.floatText(s).equals("-0.225e1"));
        assertThat(List.of("0", "-0", "0.0")).allMatch(s -> CanonicalForm.floatText(s).equals("0"));
        assertThat(CanonicalForm.floatText("9.999999747378752e-06")).isEqualTo(CanonicalForm.floatText("0.000009999999747378752"));
    }

    @Test
    void shortestDigitsAreTheClosest() {
        assertThat(CanonicalForm.shortest(4.9e-324).toString()).isEqualTo("5E-324");
        assertThat(CanonicalForm.shortest(0.1).toString()).isEqualTo("0.1");
        assertThat(CanonicalForm.shortest(2e23).toString()).isEqualTo("2E+23");
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 10_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                BigDecimal s = CanonicalForm.shortest(d);
                assertThat(s.doubleValue()).isEqualTo(d);
                assertThat(s.precision()).isLessThanOrEqualTo(17);
            }
        }
    }

    @Test
    void timestampsAreUtcInstantsWithMicroseconds() {
        OffsetDateTime plus2 = OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000, ZoneOffset.ofHours(2));
        LocalDateTime utc = LocalDateTime.of(2024, 2, 29, 10, 34, 56, 123_456_000);
        assertThat(same(TIMESTAMPTZ, TIMESTAMP, plus2, utc)).isTrue();
        assertThat(same(TIMESTAMPTZ, TIMESTAMP, plus2, utc.plusHours(2))).isFalse();
        assertThat(same(TIMESTAMP3, TIMESTAMP, LocalDateTime.of(2024, 1, 1, 0, 0, 0, 500_000_000),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0, 500_000_000))).isTrue();
        assertThat(same(TIMESTAMP, TIMESTAMP, LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1_000),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0))).isFalse();
        assertThat(CanonicalForm.TIMESTAMP.canonical(LocalDateTime.of(999, 1, 2, 3, 4, 5, 600_000_000)))
                .isEqualTo("0999-01-02 03:04:05.600000");
        assertThat(CanonicalForm.TIMESTAMP.canonical(LocalDate.of(2024, 1, 1))).isEqualTo("2024-01-01 00:00:00.000000");
    }

    @Test
    void mySqlTimeIsAPostgresInterval() {
        assertThat(CanonicalForm.of(INTERVAL, INTERVAL).form()).isEqualTo(CanonicalForm.DURATION);
        assertThat(same(INTERVAL, INTERVAL, Interval.ofMicros(90_000_500_000L), new Interval(0, 1, 3_600_500_000L))).isTrue();
        assertThat(same(INTERVAL, INTERVAL, Interval.ofMicros(-3_020_399_000_000L), Interval.ofMicros(-3_020_399_000_000L))).isTrue();
        assertThat(same(INTERVAL, INTERVAL, new Interval(1, 0, 0), new Interval(0, 30, 0))).isFalse();
        assertThat(same(TIME, INTERVAL, LocalTime.of(12, 34, 56, 123_456_000), Interval.ofMicros(45_296_123_456L))).isTrue();
        assertThat(CanonicalForm.TIME_TZ.canonical(OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30))))
                .isEqualTo("43200000000@19800");
    }

    @Test
    void charTrailingSpacesDoNotCountButOtherTextDoes() {
        assertThat(CanonicalForm.of(CHAR10, CHAR10).form()).isEqualTo(CanonicalForm.TEXT_RTRIM);
        assertThat(CanonicalForm.of(CHAR10, VARCHAR).form()).isEqualTo(CanonicalForm.TEXT_RTRIM);
        assertThat(same(CHAR10, CHAR10, "ab        ", "ab")).isTrue();
        assertThat(same(CHAR10, CHAR10, "ab", "ab\t")).isFalse();
        assertThat(same(VARCHAR, TEXT, "ab ", "ab")).isFalse();
        assertThat(same(VARCHAR, TEXT, "Ab", "ab")).isFalse();
        assertThat(same(DataType.enumOf(List.of("a", "b c")), VARCHAR, "b c", "b c")).isTrue();
    }

    @Test
    void nullDiffersFromTheEmptyString() {
        CanonicalForm.Rule r = CanonicalForm.of(VARCHAR, VARCHAR);
        assertThat(r.source("")).isEqualTo("");
        assertThat(r.target(null)).isNull();
        assertThat(same(VARCHAR, VARCHAR, "", null)).isFalse();
        assertThat(same(VARCHAR, VARCHAR, null, null)).isTrue();
        assertThat(same(BLOB, BLOB, new byte[0], null)).isFalse();
        assertThat(RowHash.rowText(new String[]{"", null}, List.of(CanonicalForm.TEXT, CanonicalForm.TEXT))).isEqualTo("0:|N");
        assertThat(RowHash.rowText(new String[]{"N", "a|b"}, List.of(CanonicalForm.TEXT, CanonicalForm.TEXT))).isEqualTo("1:N|3:a|b");
    }

    @Test
    void jsonKeyOrderAndSpacingDoNotMatter() {
        assertThat(CanonicalForm.of(JSON, JSONB).form()).isEqualTo(CanonicalForm.JSON);
        assertThat(same(JSON, JSONB, "{\"b\": [1, 2], \"a\": 1}", "{\"a\":1,\"b\":[1,2]}")).isTrue();
        assertThat(same(JSON, JSONB, "{\"a\": 1.0}", "{\"a\": 1}")).isTrue();
        assertThat(same(JSON, JSONB, "{\"a\": [1, 2]}", "{\"a\": [2, 1]}")).isFalse();
        assertThat(same(JSON, JSONB, "{\"a\": \"x y\"}", "{\"a\": \"xy\"}")).isFalse();
    }

    @Test
    void uuidsAndTheirTextAreTheSame() {
        UUID u = UUID.fromString("0b8f6c5e-1f2a-4c3b-9d4e-5f6a7b8c9d0e");
        assertThat(same(UUID_TYPE, CHAR36, u, "0B8F6C5E-1F2A-4C3B-9D4E-5F6A7B8C9D0E")).isTrue();
        assertThat(same(UUID_TYPE, UUID_TYPE, u, UUID.randomUUID())).isFalse();
    }

    @Test
    void binaryIsHex() {
        assertThat(CanonicalForm.of(BINARY4, BLOB).form()).isEqualTo(CanonicalForm.BINARY);
        assertThat(CanonicalForm.BINARY.canonical(new byte[]{0, (byte) 0xff, 0x7f, (byte) 0x80})).isEqualTo("00ff7f80");
        assertThat(same(BINARY4, BLOB, new byte[]{1, 2}, new byte[]{1, 2})).isTrue();
        assertThat(same(BINARY4, BLOB, new byte[]{1, 2}, new byte[]{1, 2, 0})).isFalse();
    }

    @Test
    void arraysCompareElementByElementAndAsJson() {
        DataType ints = DataType.arrayOf(DataType.of(TypeKind.INTEGER));
        assertThat(same(ints, ints, Arrays.asList(1L, null, 3L), Arrays.asList(1L, null, 3L))).isTrue();
        assertThat(same(ints, ints, Arrays.asList(1L, null), Arrays.asList(1L))).isFalse();
        DataType texts = DataType.arrayOf(TEXT);
        assertThat(same(texts, texts, List.of("a,b"), List.of("a", "b"))).isFalse();
        // a PostgreSQL array loaded into a MariaDB JSON column
        CanonicalForm.Rule r = CanonicalForm.of(ints, JSON);
        assertThat(r.sqlCapable()).isFalse();
        assertThat(r.source(Arrays.asList(1L, null, 3L))).isEqualTo(r.target("[1, null, 3]"));
    }

    @Test
    void otherPairsAreComparedAfterTheFullLoadsConversion() {
        CanonicalForm.Rule r = CanonicalForm.of(DataType.of(TypeKind.DATE), VARCHAR);
        assertThat(r.sqlCapable()).isFalse();
        assertThat(r.source(LocalDate.of(2024, 2, 29))).isEqualTo(r.target("2024-02-29"));
    }

    @Test
    void typesThatCannotBeComparedAreNamed() {
        assertThatThrownBy(() -> CanonicalForm.of(DataType.unsupported("money"), DataType.unsupported("money")))
                .isInstanceOf(DmsException.class)
                .hasMessage("values of type money cannot be compared with values of type money")
                .satisfies(e -> assertThat(((DmsException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
        assertThatThrownBy(() -> CanonicalForm.of(DataType.of(TypeKind.DATE), BLOB))
                .hasMessage("values of type date cannot be compared with values of type blob");
    }

    @Test
    void keyFormsThatAreTheSameInSqlAndJava() {
        assertThat(CanonicalForm.TEXT.keySafe()).isTrue();
        assertThat(CanonicalForm.NUMBER.keySafe()).isTrue();
        assertThat(CanonicalForm.FLOAT.keySafe()).isFalse();
        assertThat(CanonicalForm.JSON.keySafe()).isFalse();
    }
}
