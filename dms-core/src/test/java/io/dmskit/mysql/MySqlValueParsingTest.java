package io.dmskit.mysql;

import io.dmskit.schema.Interval;
import org.junit.jupiter.api.Test;

import java.sql.SQLDataException;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MySqlValueParsingTest {

    @Test
    void parsesMySqlTimeTextExactlyWithSignAndMoreThanADay() throws SQLDataException {
        assertThat(MySqlSourceReader.parseTime("838:59:59")).isEqualTo(Interval.ofMicros(MySqlText.MAX_TIME_MICROS - 999_999));
        assertThat(MySqlSourceReader.parseTime("-838:59:59.000000"))
                .isEqualTo(Interval.ofMicros(-(MySqlText.MAX_TIME_MICROS - 999_999)));
        assertThat(MySqlSourceReader.parseTime("-838:59:59.999999")).isEqualTo(Interval.ofMicros(-MySqlText.MAX_TIME_MICROS));
        assertThat(MySqlSourceReader.parseTime("-00:00:00.5")).isEqualTo(Interval.ofMicros(-500_000));
        assertThat(MySqlSourceReader.parseTime("00:00:00")).isEqualTo(Interval.ofMicros(0));
        assertThat(MySqlSourceReader.parseTime("25:00:00.000001")).isEqualTo(Interval.ofMicros(90_000_000_001L));
        assertThatThrownBy(() -> MySqlSourceReader.parseTime("12:60:00")).hasMessage("'12:60:00' is not a MySQL TIME value");
        assertThatThrownBy(() -> MySqlSourceReader.parseTime("abc")).hasMessage("'abc' is not a MySQL TIME value");
    }

    @Test
    void refusesZeroDatesNamingTheValue() throws SQLDataException {
        assertThat(MySqlSourceReader.parseDate("1000-01-01", "1000-01-01")).isEqualTo(LocalDate.of(1000, 1, 1));
        assertThatThrownBy(() -> MySqlSourceReader.parseDate("0000-00-00", "0000-00-00"))
                .isInstanceOf(SQLDataException.class)
                .hasMessage("zero date '0000-00-00' has no java.time value");
        assertThatThrownBy(() -> MySqlSourceReader.parseDate("2024-00-10", "2024-00-10"))
                .hasMessage("zero date '2024-00-10' has no java.time value");
        assertThatThrownBy(() -> MySqlSourceReader.parseDateTime("0000-00-00 00:00:00"))
                .hasMessage("zero date '0000-00-00 00:00:00' has no java.time value");
        assertThat(MySqlSourceReader.parseDateTime("9999-12-31 23:59:59.999999"))
                .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(MySqlSourceReader.parseDateTime("2024-01-02 03:04:05.12"))
                .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000));
    }

    @Test
    void readsBitBytesAsStringsOfTheColumnsWidth() throws SQLDataException {
        assertThat(MySqlSourceReader.bitString(new byte[] {1}, 1)).isEqualTo("1");
        assertThat(MySqlSourceReader.bitString(new byte[] {0}, 1)).isEqualTo("0");
        assertThat(MySqlSourceReader.bitString(new byte[] {0x01, 0x02}, 10)).isEqualTo("0100000010");
        byte[] ones = new byte[8];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertThat(MySqlSourceReader.bitString(ones, 64)).isEqualTo("1".repeat(64));
        assertThatThrownBy(() -> MySqlSourceReader.bitString(new byte[] {4}, 2))
                .hasMessage("BIT value 0x04 has more than 2 bits");
    }
}
