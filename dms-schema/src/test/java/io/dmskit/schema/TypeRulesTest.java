package io.dmskit.schema;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.h2.H2Dialect;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each named type rule: when it applies, the target type, and its value fixer on edge values. */
class TypeRulesTest {

    private static final Dialect PG = new PostgresDialect();
    private static final Dialect MARIADB = new MariaDbDialect();
    private static final Dialect H2 = new H2Dialect();

    private static TypeRules.Resolution resolve(TypeRules rules, DataType type, Dialect source, Dialect target) {
        Column c = new Column("c", type, false, null, false);
        Table t = new Table(TableId.of("s", "t"), List.of(c), List.of(), List.of(), -1);
        return rules.resolve(t, c, source, target);
    }

    private static DataType mysql(TypeKind kind, int length, String nativeName) {
        return DataType.ofLength(kind, length).withNativeName(nativeName);
    }

    @Test
    void unsignedIntegersWidenWhereTheTargetHasNoUnsigned() {
        TypeRules rules = TypeRules.defaults();
        DataType bigint = mysql(TypeKind.BIGINT, 0, "bigint unsigned").withUnsigned(true);
        TypeRules.Resolution r = resolve(rules, bigint, MARIADB, PG);
        assertThat(r.rule().name()).isEqualTo("unsigned-integer-widen");
        assertThat(r.type().nativeName()).isEqualTo("numeric(20,0)");
        assertThat(resolve(rules, mysql(TypeKind.INTEGER, 0, "int unsigned").withUnsigned(true), MARIADB, H2).type().nativeName())
                .isEqualTo("BIGINT");
        assertThat(resolve(rules, bigint, MARIADB, MARIADB).type().nativeName()).isEqualTo("bigint unsigned");
        assertThat(r.valueFixer()).isNull();
    }

    @Test
    void tinyintOneStaysAnIntegerUnlessTheBooleanRuleIsChosen() {
        DataType tinyint1 = mysql(TypeKind.TINYINT, 1, "tinyint(1)");
        assertThat(resolve(TypeRules.defaults(), tinyint1, MARIADB, PG).type().nativeName()).isEqualTo("smallint");
        assertThat(resolve(TypeRules.defaults(), tinyint1, MARIADB, PG).rule().name()).isEqualTo("tinyint-lossless");

        TypeRules.Resolution r = resolve(TypeRules.defaults().with(TypeRules.TINYINT1_TO_BOOLEAN), tinyint1, MARIADB, PG);
        assertThat(r.type().nativeName()).isEqualTo("boolean");
        assertThat(r.valueFixer().apply(0L)).isEqualTo(false);
        assertThat(r.valueFixer().apply(1L)).isEqualTo(true);
        for (long bad : new long[] {2, -1, 127, -128}) {
            assertThatThrownBy(() -> r.valueFixer().apply(bad)).isInstanceOf(DmsException.class)
                    .hasMessage("value " + bad + " of a TINYINT(1) is not a boolean (rule tinyint1-to-boolean takes only 0"
                            + " and 1; without the rule the column stays an integer)")
                    .extracting(e -> ((DmsException) e).code()).isEqualTo(ErrorCode.DATA_ERROR);
        }
        // TINYINT(4) is not a flag
        assertThat(resolve(TypeRules.defaults().with(TypeRules.TINYINT1_TO_BOOLEAN), mysql(TypeKind.TINYINT, 4, "tinyint(4)"),
                MARIADB, PG).type().nativeName()).isEqualTo("smallint");
    }

    @Test
    void bitOneBecomesBooleanOnlyWhenChosen() {
        DataType bit1 = mysql(TypeKind.BIT, 1, "bit(1)");
        assertThat(resolve(TypeRules.defaults(), bit1, MARIADB, PG).type().nativeName()).isEqualTo("bit(1)");
        TypeRules.Resolution r = resolve(TypeRules.defaults().with(TypeRules.BIT1_TO_BOOLEAN), bit1, MARIADB, PG);
        assertThat(r.type().kind()).isEqualTo(TypeKind.BOOLEAN);
        assertThat(r.valueFixer().apply("1")).isEqualTo(true);
        assertThat(r.valueFixer().apply("0")).isEqualTo(false);
        assertThatThrownBy(() -> r.valueFixer().apply("10")).isInstanceOf(DmsException.class);
        assertThat(resolve(TypeRules.defaults().with(TypeRules.BIT1_TO_BOOLEAN), mysql(TypeKind.BIT, 2, "bit(2)"), MARIADB, PG)
                .type().nativeName()).isEqualTo("bit(2)");
    }

    @Test
    void zeroDatesFailByDefaultAndBecomeNullOrAFixedDateWhenChosen() {
        DataType date = mysql(TypeKind.DATE, 0, "date");
        DataType datetime = DataType.temporal(TypeKind.TIMESTAMP, 0).withNativeName("datetime");
        DataType timestamp = DataType.temporal(TypeKind.TIMESTAMP_TZ, 0).withNativeName("timestamp");
        TypeRules.Resolution fail = resolve(TypeRules.defaults(), date, MARIADB, PG);
        assertThat(fail.rule().name()).isEqualTo("zero-date-fail");
        TypeRules.Resolution datetimeFail = resolve(TypeRules.defaults(), datetime, MARIADB, PG);
        assertThat(datetimeFail.rule().name()).isEqualTo("datetime-as-timestamp");
        assertThatThrownBy(() -> datetimeFail.valueFixer().apply(new ZeroDate("0000-00-00 00:00:00", TypeKind.TIMESTAMP)))
                .hasMessageStartingWith("zero date '0000-00-00 00:00:00' has no equivalent");
        assertThatThrownBy(() -> resolve(TypeRules.defaults(), timestamp, MARIADB, PG).valueFixer()
                .apply(new ZeroDate("0000-00-00 00:00:00", TypeKind.TIMESTAMP_TZ))).isInstanceOf(DmsException.class);
        assertThat(fail.nullable()).isFalse();
        assertThat(fail.valueFixer().apply(LocalDate.of(1, 1, 1))).isEqualTo(LocalDate.of(1, 1, 1));
        assertThatThrownBy(() -> fail.valueFixer().apply(new ZeroDate("0000-00-00", TypeKind.DATE)))
                .hasMessage("zero date '0000-00-00' has no equivalent (rule zero-date-fail; the rules zero-date-to-null or"
                        + " zero-date-to-fixed convert it)");

        TypeRules.Resolution toNull = resolve(TypeRules.defaults().with(TypeRules.zeroDateToNull()), datetime, MARIADB, PG);
        assertThat(toNull.nullable()).as("a NOT NULL column accepts NULL").isTrue();
        assertThat(toNull.valueFixer().apply(new ZeroDate("2024-00-10 00:00:00", TypeKind.TIMESTAMP))).isNull();
        assertThat(toNull.type().nativeName()).isEqualTo("timestamp(0) without time zone");

        TypeRules fixed = TypeRules.defaults().with(TypeRules.zeroDateTo(LocalDate.of(1970, 1, 1)));
        assertThat(resolve(fixed, date, MARIADB, PG).valueFixer().apply(new ZeroDate("0000-00-00", TypeKind.DATE)))
                .isEqualTo(LocalDate.of(1970, 1, 1));
        assertThat(resolve(fixed, datetime, MARIADB, PG).valueFixer().apply(new ZeroDate("0000-00-00 00:00:00",
                TypeKind.TIMESTAMP))).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0));
        assertThat(resolve(fixed, timestamp, MARIADB, PG).valueFixer().apply(new ZeroDate("0000-00-00 00:00:00",
                TypeKind.TIMESTAMP_TZ))).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(ZeroDate.isZero("0000-00-00")).isTrue();
        assertThat(ZeroDate.isZero("2024-01-00 10:00:00")).isTrue();
        assertThat(ZeroDate.isZero("2024-01-01")).isFalse();
    }

    @Test
    void datetimeIsWallClockAndTimestampAnInstant() {
        DataType datetime = DataType.temporal(TypeKind.TIMESTAMP, 6).withNativeName("datetime(6)");
        DataType timestamp = DataType.temporal(TypeKind.TIMESTAMP_TZ, 3).withNativeName("timestamp(3)");
        assertThat(resolve(TypeRules.defaults(), datetime, MARIADB, PG).type().nativeName())
                .isEqualTo("timestamp(6) without time zone");
        assertThat(resolve(TypeRules.defaults(), timestamp, MARIADB, PG).type().nativeName())
                .isEqualTo("timestamp(3) with time zone");

        TypeRules.Resolution inZone = resolve(TypeRules.defaults().with(TypeRules.datetimeAsInstant(ZoneId.of("Europe/Paris"))),
                datetime, MARIADB, PG);
        assertThat(inZone.type().nativeName()).isEqualTo("timestamp(6) with time zone");
        assertThat(inZone.valueFixer().apply(LocalDateTime.of(2024, 1, 15, 12, 0)))
                .isEqualTo(OffsetDateTime.of(2024, 1, 15, 12, 0, 0, 0, ZoneOffset.ofHours(1)));
        // 02:30 on 31 March 2024 does not exist in Paris: it moves forward an hour
        assertThat(inZone.valueFixer().apply(LocalDateTime.of(2024, 3, 31, 2, 30)))
                .isEqualTo(OffsetDateTime.of(2024, 3, 31, 3, 30, 0, 0, ZoneOffset.ofHours(2)));
        // 02:30 on 27 October 2024 happens twice: the earlier offset
        assertThat(inZone.valueFixer().apply(LocalDateTime.of(2024, 10, 27, 2, 30)))
                .isEqualTo(OffsetDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneOffset.ofHours(2)));

        DataType tz = DataType.temporal(TypeKind.TIMESTAMP_TZ, 6).withNativeName("timestamp with time zone");
        TypeRules.Resolution utc = resolve(TypeRules.defaults(), tz, PG, MARIADB);
        assertThat(utc.rule().name()).isEqualTo("timestamptz-to-utc-datetime");
        assertThat(utc.rule().outcome()).isEqualTo(ConversionNote.Outcome.WARNING);
        assertThat(utc.type().nativeName()).isEqualTo("datetime(6)");

        TypeRules.Resolution ts = resolve(TypeRules.defaults().with(TypeRules.TIMESTAMPTZ_TO_MYSQL_TIMESTAMP), tz, PG, MARIADB);
        assertThat(ts.type().nativeName()).isEqualTo("timestamp(6)");
        OffsetDateTime first = OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC);
        OffsetDateTime last = OffsetDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000, ZoneOffset.UTC);
        assertThat(ts.valueFixer().apply(first)).isEqualTo(first);
        assertThat(ts.valueFixer().apply(last)).isEqualTo(last);
        assertThatThrownBy(() -> ts.valueFixer().apply(first.minusSeconds(1))).isInstanceOf(DmsException.class);
        assertThatThrownBy(() -> ts.valueFixer().apply(last.plusNanos(1_000))).isInstanceOf(DmsException.class);
    }

    @Test
    void enumsBecomePostgresTypesAndSetsVarcharOrArrays() {
        DataType mood = DataType.enumOf(List.of("sad", "ok")).withNativeName("enum('sad','ok')");
        TypeRules.Resolution e = resolve(TypeRules.defaults(), mood, MARIADB, PG);
        assertThat(e.rule().name()).isEqualTo("enum-to-pg-enum-type");
        assertThat(e.type().nativeName()).isEqualTo("\"s\".\"t_c\"");
        assertThat(resolve(TypeRules.defaults().with(TypeRules.ENUM_TO_VARCHAR_CHECK), mood, MARIADB, PG).type().nativeName())
                .isEqualTo("character varying(3)");
        assertThat(resolve(TypeRules.defaults(), mood, MARIADB, H2).type().nativeName()).isEqualTo("ENUM('sad', 'ok')");

        DataType set = DataType.setOf(List.of("a", "bb", "c")).withNativeName("set('a','bb','c')");
        assertThat(resolve(TypeRules.defaults(), set, MARIADB, PG).type().nativeName()).isEqualTo("character varying(6)");
        TypeRules.Resolution array = resolve(TypeRules.defaults().with(TypeRules.SET_TO_ARRAY), set, MARIADB, PG);
        assertThat(array.type().nativeName()).isEqualTo("character varying(2)[]");
        assertThat(array.valueFixer().apply("")).isEqualTo(List.of());
        assertThat(array.valueFixer().apply("a,c")).isEqualTo(List.of("a", "c"));
        assertThat(resolve(TypeRules.defaults(), set, MARIADB, MARIADB).type().nativeName()).isEqualTo("set('a','bb','c')");
    }

    @Test
    void jsonBecomesJsonbFromOtherEnginesAndStaysJsonWhenChosen() {
        DataType json = DataType.of(TypeKind.JSON).withNativeName("longtext");
        assertThat(resolve(TypeRules.defaults(), json, MARIADB, PG).type().nativeName()).isEqualTo("jsonb");
        assertThat(resolve(TypeRules.defaults(), json, MARIADB, PG).rule().outcome()).isEqualTo(ConversionNote.Outcome.WARNING);
        assertThat(resolve(TypeRules.defaults().with(TypeRules.JSON_TO_JSON), json, MARIADB, PG).type().nativeName())
                .isEqualTo("json");
        assertThat(resolve(TypeRules.defaults(), DataType.of(TypeKind.JSON).withNativeName("json"), PG, PG).type().nativeName())
                .isEqualTo("json");
    }

    @Test
    void uuidsStoredAsTextOrBytesBecomeUuidOnlyWhenChosen() {
        DataType char36 = mysql(TypeKind.CHAR, 36, "char(36)");
        DataType binary16 = mysql(TypeKind.BINARY, 16, "binary(16)");
        assertThat(resolve(TypeRules.defaults(), char36, MARIADB, PG).type().nativeName()).isEqualTo("character(36)");
        TypeRules rules = TypeRules.defaults().with(TypeRules.CHAR36_TO_UUID, TypeRules.BINARY16_TO_UUID);
        TypeRules.Resolution text = resolve(rules, char36, MARIADB, PG);
        assertThat(text.type().nativeName()).isEqualTo("uuid");
        UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(text.valueFixer().apply("123E4567-E89B-12D3-A456-426614174000")).isEqualTo(u);
        assertThat(text.valueFixer().apply("00000000-0000-0000-0000-000000000000")).isEqualTo(new UUID(0, 0));
        assertThatThrownBy(() -> text.valueFixer().apply("not-a-uuid-at-all-not-a-uuid-at-all!")).isInstanceOf(DmsException.class);
        assertThatThrownBy(() -> text.valueFixer().apply("1-2-3-4-5")).isInstanceOf(DmsException.class);

        TypeRules.Resolution bytes = resolve(rules, binary16, MARIADB, PG);
        assertThat(bytes.type().nativeName()).isEqualTo("uuid");
        byte[] b = new BigInteger("123e4567e89b12d3a456426614174000", 16).toByteArray();
        assertThat(bytes.valueFixer().apply(b)).isEqualTo(u);
        byte[] ones = new byte[16];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertThat(bytes.valueFixer().apply(ones)).isEqualTo(new UUID(-1, -1));
        assertThatThrownBy(() -> bytes.valueFixer().apply(new byte[15])).isInstanceOf(DmsException.class);

        // narrowed to some columns
        TypeRules narrow = TypeRules.defaults().with(TypeRules.CHAR36_TO_UUID.and(c -> c.column().name().endsWith("_uuid")));
        assertThat(resolve(narrow, char36, MARIADB, PG).type().nativeName()).isEqualTo("character(36)");
    }

    @Test
    void textAndBlobSizeClassesHoldTheLargestValue() {
        assertThat(resolve(TypeRules.defaults(), mysql(TypeKind.TEXT, 255, "tinytext"), MARIADB, PG).type().nativeName())
                .isEqualTo("text");
        assertThat(resolve(TypeRules.defaults(), DataType.ofLength(TypeKind.TEXT, 0).withNativeName("text"), PG, MARIADB)
                .type().nativeName()).isEqualTo("longtext");
        assertThat(resolve(TypeRules.defaults(), mysql(TypeKind.BLOB, 16_777_215, "mediumblob"), MARIADB, MARIADB)
                .type().nativeName()).isEqualTo("mediumblob");
        assertThat(resolve(TypeRules.defaults(), mysql(TypeKind.TEXT, 65_535, "text"), MARIADB, H2).rule().name())
                .isEqualTo("text-size-class");
    }

    @Test
    void userRulesComeFirstAndRulesCanBeRemoved() {
        TypeRule money = TypeRule.named("double-as-numeric").when(c -> c.type().kind() == TypeKind.DOUBLE)
                .to(DataType.decimal(30, 10)).using(v -> new java.math.BigDecimal(v.toString())).build();
        TypeRules rules = TypeRules.defaults().with(money).without("json-to-jsonb");
        assertThat(rules.rules().get(0)).isSameAs(money);
        assertThat(rules.rules()).extracting(TypeRule::name).doesNotContain("json-to-jsonb").endsWith("dialect-default");
        TypeRules.Resolution r = resolve(rules, DataType.of(TypeKind.DOUBLE), PG, MARIADB);
        assertThat(r.type().nativeName()).isEqualTo("decimal(30,10)");
        assertThat(r.valueFixer().apply(1.5d)).isEqualTo(new java.math.BigDecimal("1.5"));
        assertThat(resolve(rules, DataType.of(TypeKind.JSON).withNativeName("longtext"), MARIADB, PG).type().nativeName())
                .isEqualTo("jsonb");
        assertThat(TypeRules.defaults().without("dialect-default").rules()).extracting(TypeRule::name).contains("dialect-default");
        assertThatThrownBy(() -> TypeRule.named("x").build()).hasMessage(
                "Invalid TypeRule 'x': when(...) is missing; to(...) is missing");
    }

    @Test
    void aTypeTheTargetCannotHoldFailsWithUnsupportedType() {
        assertThatThrownBy(() -> resolve(TypeRules.defaults(), DataType.unsupported("geometry"), MARIADB, PG))
                .isInstanceOf(DmsException.class).extracting(e -> ((DmsException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
    }

    @Test
    void h2LosesTheSignOfZeroAndTheWhitespaceOfJsonAndTheRulesSaySo() {
        TypeRules.Resolution dbl = resolve(TypeRules.defaults(), DataType.of(TypeKind.DOUBLE), PG, H2);
        assertThat(dbl.rule().name()).isEqualTo("h2-negative-zero");
        assertThat(dbl.rule().outcome()).isEqualTo(ConversionNote.Outcome.WARNING);
        assertThat(dbl.type().kind()).isEqualTo(TypeKind.DOUBLE);
        assertThat(Double.doubleToRawLongBits((Double) dbl.valueFixer().apply(-0.0d))).isEqualTo(Double.doubleToRawLongBits(0.0d));
        assertThat(dbl.valueFixer().apply(-1.5d)).isEqualTo(-1.5d);
        assertThat(dbl.valueFixer().apply(Double.NaN)).isEqualTo(Double.NaN);
        TypeRules.Resolution real = resolve(TypeRules.defaults(), DataType.of(TypeKind.REAL), MARIADB, H2);
        assertThat(Float.floatToRawIntBits((Float) real.valueFixer().apply(-0.0f))).isEqualTo(Float.floatToRawIntBits(0.0f));
        assertThat(resolve(TypeRules.defaults(), DataType.of(TypeKind.DOUBLE), H2, H2).rule().name()).isEqualTo("dialect-default");
        assertThat(resolve(TypeRules.defaults(), DataType.of(TypeKind.DOUBLE), PG, MARIADB).rule().name())
                .isEqualTo("dialect-default");

        TypeRules.Resolution json = resolve(TypeRules.defaults(), DataType.of(TypeKind.JSON), MARIADB, H2);
        assertThat(json.rule().name()).isEqualTo("json-to-h2-json");
        assertThat(json.rule().outcome()).isEqualTo(ConversionNote.Outcome.WARNING);
        assertThat(json.type().kind()).isEqualTo(TypeKind.JSON);
        assertThat(json.valueFixer()).isNull();
    }

    @Test
    void postgresNumericWithANegativeScaleIsKeptIntoPostgresAndWidenedElsewhere() {
        DataType hundreds = DataType.decimal(7, 0).withNativeName("numeric(5,-2)");
        TypeRules.Resolution kept = resolve(TypeRules.defaults(), hundreds, PG, PG);
        assertThat(kept.rule().name()).isEqualTo("pg-numeric-scale-kept");
        assertThat(kept.type().nativeName()).isEqualTo("numeric(5,-2)");
        TypeRules.Resolution widened = resolve(TypeRules.defaults(), hundreds, PG, MARIADB);
        assertThat(widened.rule().name()).isEqualTo("pg-numeric-scale-widened");
        assertThat(widened.rule().outcome()).isEqualTo(ConversionNote.Outcome.WARNING);
        assertThat(widened.type().precision()).isEqualTo(7);
        assertThat(widened.type().scale()).isZero();
        assertThat(resolve(TypeRules.defaults(), DataType.decimal(5, 5).withNativeName("numeric(3,5)"), PG, PG).type()
                .nativeName()).isEqualTo("numeric(3,5)");
        assertThat(resolve(TypeRules.defaults(), DataType.decimal(12, 2).withNativeName("numeric(12,2)"), PG, PG).rule()
                .name()).isEqualTo("dialect-default");
    }
}
