package io.dmskit.mysql;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader's fast parses give exactly what the general ones give. */
class DecimalAndDateTimeParseTest {

    @Test
    void decimalsParseAsBigDecimalParsesThem() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder(r.nextInt(4) == 0 ? "-" : "");
            int before = r.nextInt(22);
            for (int k = 0; k < before; k++) {
                s.append((char) ('0' + r.nextInt(10)));
            }
            int after = r.nextInt(3) == 0 ? 0 : r.nextInt(12);
            if (after > 0 || before == 0) {
                s.append('.');
                for (int k = 0; k < Math.max(after, before == 0 ? 1 : 0); k++) {
                    s.append((char) ('0' + r.nextInt(10)));
                }
            }
            BigDecimal expected = new BigDecimal(s.toString());
            BigDecimal actual = MySqlSourceReader.parseDecimal(s.toString());
            assertThat(actual).as(s.toString()).isEqualTo(expected);
            assertThat(actual.scale()).as(s.toString()).isEqualTo(expected.scale());
        }
        for (String s : List.of("0", "-0.00", "1.", ".5", "+3.25", "000123.4500", "999999999999999999", "9999999999999999999.5")) {
            assertThat(MySqlSourceReader.parseDecimal(s)).as(s).isEqualTo(new BigDecimal(s));
        }
    }

    @Test
    void dateTimesParseAsBeforeWithAndWithoutFractions() throws Exception {
        for (String s : List.of("2020-01-01 00:00:00", "2020-02-29 23:59:59.999999", "0001-01-01 00:00:00.5",
                "9999-12-31 23:59:59.123", "2024-04-30T12:00:00.000001")) {
            String t = s.replace('T', ' ');
            LocalDateTime expected = LocalDateTime.parse(t.replace(' ', 'T'));
            assertThat(MySqlSourceReader.parseDateTime(s)).as(s).isEqualTo(expected);
        }
    }
}
