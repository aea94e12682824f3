package io.dmskit.internal.convert;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.convert.Coercion.LossException;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoercionsTest {
    private static final DataType INT = DataType.of(TypeKind.INTEGER).withNativeName("integer");
    private static final DataType UINT = DataType.of(TypeKind.INTEGER).withUnsigned(true).withNativeName("int unsigned");
    private static final DataType BIGINT = DataType.of(TypeKind.BIGINT).withNativeName("bigint");
    private static final DataType UBIGINT = DataType.of(TypeKind.BIGINT).withUnsigned(true).withNativeName("bigint unsigned");
    private static final DataType SMALLINT = DataType.of(TypeKind.SMALLINT).withNativeName("smallint");

    @Test
    void widerIntegerTargetsPassValuesUnchanged() {
        assertThat(Coercions.plan(INT, BIGINT)).isNull();
        assertThat(Coercions.plan(UINT, BIGINT)).isNull();
        assertThat(Coercions.plan(DataType.of(TypeKind.YEAR), SMALLINT)).isNull();
    }

    @Test
    void narrowerIntegerTargetRejectsOutOfRangeValuesWithTheValueAndType() {
        Coercion c = Coercions.plan(INT, SMALLINT);
        assertThat(c.apply(32767L)).isEqualTo(32767L);
        assertThatThrownBy(() -> c.apply(32768L)).isInstanceOf(LossException.class)
                .hasMessage("32768 is out of range for smallint");
    }

    @Test
    void unsignedBigintBecomesAnExactDecimal() {
        DataType numeric20 = DataType.decimal(20, 0).withNativeName("numeric(20,0)");
        Coercion c = Coercions.plan(UBIGINT, numeric20);
        assertThat(c.apply(new BigInteger("18446744073709551615"))).isEqualTo(new BigDecimal("18446744073709551615"));
    }

    @Test
    void unsignedBigintIntoSignedBigintFailsOnlyAboveLongMax() {
        Coercion c = Coercions.plan(UBIGINT, BIGINT);
        assertThat(c.apply(BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> c.apply(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)))
                .hasMessage("9223372036854775808 is out of range for bigint");
    }

    @Test
    void decimalWithMoreScaleThanTheTargetIsNeverRounded() {
        Coercion c = Coercions.plan(DataType.decimal(0, -1).withNativeName("numeric"),
                DataType.decimal(12, 2).withNativeName("decimal(12,2)"));
        assertThat(c.apply(new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.50"));
        assertThat(c.apply(new BigDecimal("1.5000"))).isEqualTo(new BigDecimal("1.5000"));
        assertThatThrownBy(() -> c.apply(new BigDecimal("1.005")))
                .hasMessage("1.005 has more than 2 digits after the point and would be rounded in decimal(12,2)");
        assertThatThrownBy(() -> c.apply(new BigDecimal("12345678901")))
                .hasMessage("12345678901 is out of range for decimal(12,2)");
    }

    @Test
    void decimalThatFitsIsNotChecked() {
        assertThat(Coercions.plan(DataType.decimal(10, 2), DataType.decimal(12, 2))).isNull();
    }

    @Test
    void timestampWithTimeZoneBecomesUtcWhenTheTargetHasNoZone() {
        Coercion c = Coercions.plan(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), DataType.temporal(TypeKind.TIMESTAMP, 6));
        OffsetDateTime v = OffsetDateTime.of(2024, 3, 1, 1, 30, 0, 123_456_000, ZoneOffset.ofHours(2));
        assertThat(c.apply(v)).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 30, 0, 123_456_000));
    }

    @Test
    void fractionalSecondsBeyondTheTargetPrecisionFail() {
        Coercion c = Coercions.plan(DataType.temporal(TypeKind.TIMESTAMP, 6),
                DataType.temporal(TypeKind.TIMESTAMP, 3).withNativeName("datetime(3)"));
        assertThat(c.apply(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_000_000))).isNotNull();
        assertThatThrownBy(() -> c.apply(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_456_000)))
                .hasMessage("2024-01-01T00:00:00.123456 has more fractional digits of seconds than datetime(3) keeps (3)");
    }

    @Test
    void uuidBecomesTextAndBack() {
        UUID u = UUID.fromString("0b8f6c5e-1f2a-4c3b-9d4e-5f6a7b8c9d0e");
        DataType char36 = DataType.ofLength(TypeKind.CHAR, 36);
        assertThat(Coercions.plan(DataType.of(TypeKind.UUID), char36).apply(u)).isEqualTo(u.toString());
        assertThat(Coercions.plan(char36, DataType.of(TypeKind.UUID)).apply(u.toString())).isEqualTo(u);
        assertThatThrownBy(() -> Coercions.plan(char36, DataType.of(TypeKind.UUID)).apply("nope"))
                .hasMessage("'nope' is not a UUID");
    }

    @Test
    void arrayBecomesJsonText() {
        Coercion c = Coercions.plan(DataType.arrayOf(DataType.of(TypeKind.TEXT)), DataType.of(TypeKind.JSON));
        assertThat(c.apply(Arrays.asList("a\"b", null, "c\n"))).isEqualTo("[\"a\\\"b\",null,\"c\\n\"]");
        Coercion n = Coercions.plan(DataType.arrayOf(DataType.of(TypeKind.INTEGER)), DataType.of(TypeKind.JSON));
        assertThat(n.apply(List.of(1L, 2L))).isEqualTo("[1,2]");
    }

    @Test
    void intervalBecomesTimeOfDayOnlyWhenItIsOne() {
        Coercion c = Coercions.plan(DataType.temporal(TypeKind.INTERVAL, 6), DataType.temporal(TypeKind.TIME, 6).withNativeName("time"));
        assertThat(c.apply(Interval.ofMicros(3_600_000_000L))).isEqualTo(LocalTime.of(1, 0));
        assertThatThrownBy(() -> c.apply(Interval.ofMicros(-1))).hasMessage("interval PT-0.000001S is not a time of day, as time needs");
    }

    @Test
    void booleanIntoTinyintIsOneOrZeroAndBack() {
        DataType tinyint1 = DataType.ofLength(TypeKind.TINYINT, 1);
        assertThat(Coercions.plan(DataType.of(TypeKind.BOOLEAN), tinyint1).apply(true)).isEqualTo(1L);
        Coercion back = Coercions.plan(tinyint1, DataType.of(TypeKind.BOOLEAN).withNativeName("boolean"));
        assertThat(back.apply(0L)).isEqualTo(false);
        assertThatThrownBy(() -> back.apply(2L)).hasMessage("2 is not 0 or 1, as boolean needs");
    }

    @Test
    void textLongerThanTheTargetFails() {
        Coercion c = Coercions.plan(DataType.of(TypeKind.TEXT), DataType.ofLength(TypeKind.VARCHAR, 3).withNativeName("varchar(3)"));
        assertThat(c.apply("😀😀😀")).isEqualTo("😀😀😀");
        assertThatThrownBy(() -> c.apply("abcd")).hasMessage("a text of 4 characters does not fit varchar(3)");
    }

    @Test
    void impossibleConversionsFailWhenPlanned() {
        assertThatThrownBy(() -> Coercions.plan(DataType.of(TypeKind.JSON), DataType.of(TypeKind.DATE).withNativeName("date")))
                .isInstanceOf(DmsException.class)
                .hasMessage("values of type json cannot be converted to date")
                .extracting(e -> ((DmsException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
    }
}
