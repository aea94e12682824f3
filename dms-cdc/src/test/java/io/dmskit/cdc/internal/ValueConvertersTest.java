package io.dmskit.cdc.internal;

import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ChangeEvent;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValueConvertersTest {
    private static final ValueConverters.Options PG = new ValueConverters.Options("__unchanged__", false);
    private static final ValueConverters.Options MARIA = new ValueConverters.Options(null, true);

    private static Schema named(Schema.Type type, String name) {
        return new SchemaBuilder(type).name(name).optional().build();
    }

    private static Object convert(DataType type, Schema schema, ValueConverters.Options o, Object value) {
        return ValueConverters.of(type, schema, o).convert(value);
    }

    @Test
    void mariaDbEnumIndexesAndSetBitsBecomeTheCatalogsExactLabels() {
        String smile = "\uD83D\uDE00";
        DataType mood = DataType.enumOf(List.of("plain", smile));
        Schema index = named(Schema.Type.INT64, ValueConverters.ENUM_INDEX);
        assertThat(convert(mood, index, MARIA, 2L)).isEqualTo(smile);
        assertThat(convert(mood, index, MARIA, 1L)).isEqualTo("plain");
        assertThat(convert(mood, index, MARIA, 0L)).isEqualTo("");
        assertThat(convert(mood, index, MARIA, 3L)).isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(null, index, MARIA, 1L)).isInstanceOf(ChangeEvent.Unrepresentable.class);

        DataType tags = DataType.setOf(List.of("x", smile, "\u00fc"));
        Schema bits = named(Schema.Type.INT64, ValueConverters.SET_BITS);
        assertThat(convert(tags, bits, MARIA, 0b110L)).isEqualTo(smile + ",\u00fc");
        assertThat(convert(tags, bits, MARIA, 0b001L)).isEqualTo("x");
        assertThat(convert(tags, bits, MARIA, 0L)).isEqualTo("");
        assertThat(convert(tags, bits, MARIA, 0b1000L)).isInstanceOf(ChangeEvent.Unrepresentable.class);
        // without the catalog, the kind still follows from the schema name
        assertThat(ValueConverters.kindOf(index, MARIA)).isEqualTo(TypeKind.ENUM);
        assertThat(ValueConverters.kindOf(bits, MARIA)).isEqualTo(TypeKind.SET);
    }

    @Test
    void debeziumBitsAreLittleEndianAndBecomeBitStringsOfTheColumnLength() {
        Schema bits = SchemaBuilder.bytes().name("io.debezium.data.Bits").parameter("length", "64").build();
        byte[] le = {1, 0, 0, 0, 0, 0, 0, (byte) 0x80};
        assertThat(convert(DataType.ofLength(TypeKind.BIT, 64), bits, MARIA, le)).isEqualTo("1" + "0".repeat(62) + "1");
        assertThat(convert(DataType.ofLength(TypeKind.BIT, 5), bits, MARIA, new byte[] {0x16})).isEqualTo("10110");
        assertThat(convert(DataType.ofLength(TypeKind.BIT, 10), bits, MARIA, new byte[0])).isEqualTo("0000000000");
        assertThat(convert(DataType.ofLength(TypeKind.BIT, 1), Schema.OPTIONAL_BOOLEAN_SCHEMA, MARIA, true)).isEqualTo("1");
        assertThat(convert(DataType.ofLength(TypeKind.BIT, 3), bits, MARIA, new byte[] {0x0F}))
                .isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(DataType.ofLength(TypeKind.BIT, 10), named(Schema.Type.STRING, ValueConverters.BIT_STRING), PG, "0011"))
                .isEqualTo("0011");
    }

    @Test
    void postgresInfinityNeverBecomesADate() {
        Schema date = named(Schema.Type.INT32, "io.debezium.time.Date");
        assertThat(convert(DataType.of(TypeKind.DATE), date, PG, -2_147_472_692)).isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(DataType.of(TypeKind.DATE), date, PG, -2_147_472_691)).isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(DataType.of(TypeKind.DATE), date, PG, -2_440_588)).isEqualTo(LocalDate.of(-4713, 11, 24));
        Schema micros = named(Schema.Type.INT64, "io.debezium.time.MicroTimestamp");
        Schema millis = named(Schema.Type.INT64, "io.debezium.time.Timestamp");
        DataType ts = DataType.temporal(TypeKind.TIMESTAMP, 6);
        assertThat(convert(ts, micros, PG, ValueConverters.PG_INFINITY_MICROS)).isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(ts, micros, PG, ValueConverters.PG_NEG_INFINITY_MICROS)).isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(ts, millis, PG, ValueConverters.PG_INFINITY_MILLIS)).isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(ts, micros, PG, -9_223_372_036_853_775_810L)).isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(ts, micros, PG, 1_704_103_200_123_456L)).isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0, 0, 123_456_000));
        assertThat(convert(ts, micros, PG, -1L)).isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(convert(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), named(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp"),
                PG, "infinity")).isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), named(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp"),
                PG, "2024-01-01T08:00:00.654321Z")).isEqualTo(OffsetDateTime.of(2024, 1, 1, 8, 0, 0, 654_321_000, ZoneOffset.UTC));
    }

    @Test
    void timesOfDayAndMysqlDurations() {
        Schema microTime = named(Schema.Type.INT64, "io.debezium.time.MicroTime");
        assertThat(convert(DataType.temporal(TypeKind.TIME, 6), microTime, PG, 86_399_999_999L))
                .isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
        assertThat(convert(DataType.temporal(TypeKind.TIME, 6), microTime, PG, 86_400_000_000L))
                .isEqualTo(new ChangeEvent.Unrepresentable("24:00:00", "time 24:00:00 has no java.time.LocalTime value"));
        assertThat(convert(DataType.temporal(TypeKind.INTERVAL, 6), microTime, MARIA, -3_020_399_000_001L))
                .isEqualTo(Interval.ofMicros(-3_020_399_000_001L));
        // without a catalog type, MariaDB TIME is still a duration
        assertThat(convert(null, microTime, MARIA, 90_000_000_000L)).isEqualTo(Interval.ofMicros(90_000_000_000L));
        assertThat(convert(null, named(Schema.Type.STRING, ValueConverters.INTERVAL), PG, "14 -3 -1"))
                .isEqualTo(new Interval(14, -3, -1));
    }

    @Test
    void numbersKeepTheirExactValue() {
        Schema text = Schema.OPTIONAL_STRING_SCHEMA;
        assertThat(convert(DataType.decimal(12, 3), text, PG, "1.500")).isEqualTo(new BigDecimal("1.500"));
        assertThat(convert(DataType.decimal(0, 0), text, PG, "NAN"))
                .isEqualTo(new ChangeEvent.Unrepresentable("NAN", "numeric NAN has no java.math.BigDecimal value"));
        Schema unsigned = Decimal.builder(0).optional().build();
        DataType bigintUnsigned = DataType.of(TypeKind.BIGINT).withUnsigned(true);
        assertThat(convert(bigintUnsigned, unsigned, MARIA, new BigDecimal("18446744073709551615")))
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(convert(DataType.of(TypeKind.TINYINT), Schema.OPTIONAL_INT16_SCHEMA, MARIA, (short) -128)).isEqualTo(-128L);
        assertThat(convert(DataType.of(TypeKind.REAL), Schema.OPTIONAL_FLOAT64_SCHEMA, MARIA, 0.1d))
                .isInstanceOf(ChangeEvent.Unrepresentable.class);
        assertThat(convert(DataType.of(TypeKind.REAL), Schema.OPTIONAL_FLOAT64_SCHEMA, MARIA, 0.5d)).isEqualTo(0.5f);
    }

    @Test
    void theUnchangedToastPlaceholderBecomesUnavailableWhateverItsShape() {
        byte[] bytes = "__unchanged__".getBytes(StandardCharsets.UTF_8);
        assertThat(convert(DataType.of(TypeKind.TEXT), Schema.OPTIONAL_STRING_SCHEMA, PG, "__unchanged__")).isSameAs(ChangeEvent.UNAVAILABLE);
        assertThat(convert(DataType.of(TypeKind.JSON), named(Schema.Type.STRING, "io.debezium.data.Json"), PG, "__unchanged__"))
                .isSameAs(ChangeEvent.UNAVAILABLE);
        assertThat(convert(DataType.of(TypeKind.BLOB), Schema.OPTIONAL_BYTES_SCHEMA, PG, bytes)).isSameAs(ChangeEvent.UNAVAILABLE);
        assertThat(convert(DataType.of(TypeKind.BLOB), Schema.OPTIONAL_BYTES_SCHEMA, PG, ByteBuffer.wrap(bytes)))
                .isSameAs(ChangeEvent.UNAVAILABLE);
        Schema textArray = SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        assertThat(convert(DataType.arrayOf(DataType.of(TypeKind.TEXT)), textArray, PG, List.of("__unchanged__")))
                .isSameAs(ChangeEvent.UNAVAILABLE);
        assertThat(convert(DataType.arrayOf(DataType.of(TypeKind.TEXT)), textArray, PG, List.of("a")))
                .isEqualTo(List.of("a"));
        assertThat(convert(DataType.of(TypeKind.TEXT), Schema.OPTIONAL_STRING_SCHEMA, PG, "__unchanged__ ")).isEqualTo("__unchanged__ ");
    }
}
