package io.dmskit.postgres;

import io.dmskit.schema.Interval;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The texts are what PostgreSQL 15 prints for intervals in IntervalStyle postgres. */
class PgIntervalTextTest {

    @Test
    void parsesEachPartWithItsOwnSign() {
        assertThat(PgIntervalText.parse("00:00:00")).isEqualTo(new Interval(0, 0, 0));
        assertThat(PgIntervalText.parse("1 year 2 mons -3 days +04:05:06.5"))
                .isEqualTo(new Interval(14, -3, 14_706_500_000L));
        assertThat(PgIntervalText.parse("-1 days +01:00:00")).isEqualTo(new Interval(0, -1, 3_600_000_000L));
        assertThat(PgIntervalText.parse("-00:00:00.000001")).isEqualTo(new Interval(0, 0, -1));
        assertThat(PgIntervalText.parse("-1 years -2 mons")).isEqualTo(new Interval(-14, 0, 0));
        assertThat(PgIntervalText.parse("11 mons")).isEqualTo(new Interval(11, 0, 0));
        assertThat(PgIntervalText.parse("2 days -00:00:01")).isEqualTo(new Interval(0, 2, -1_000_000));
        assertThat(PgIntervalText.parse("1 mon 1 day 00:00:01")).isEqualTo(new Interval(1, 1, 1_000_000));
    }

    @Test
    void coversTheWholeRange() {
        assertThat(PgIntervalText.parse("-178956970 years -8 mons -2147483648 days"))
                .isEqualTo(new Interval(Integer.MIN_VALUE, Integer.MIN_VALUE, 0));
        assertThat(PgIntervalText.parse("178956970 years 7 mons 2147483647 days"))
                .isEqualTo(new Interval(Integer.MAX_VALUE, Integer.MAX_VALUE, 0));
        assertThat(PgIntervalText.parse("2562047788:00:54.775807")).isEqualTo(Interval.ofMicros(Long.MAX_VALUE));
        assertThat(PgIntervalText.parse("-2562047788:00:54.775808")).isEqualTo(Interval.ofMicros(Long.MIN_VALUE));
    }

    @Test
    void refusesOtherStylesAndInfinity() {
        assertThatThrownBy(() -> PgIntervalText.parse("P1Y2M")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'P1Y2M' is not an interval in IntervalStyle postgres, which the PostgreSQL reader sets "
                        + "for its transaction");
        assertThatThrownBy(() -> PgIntervalText.parse("@ 1 year 2 mons")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgIntervalText.parse("1-2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgIntervalText.parse("infinity")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval 'infinity' has no finite value, which dmskit's Interval (months, days, "
                        + "microseconds) needs");
    }
}
