package io.dmskit.schema;

import java.time.Duration;

/**
 * A span of time as PostgreSQL stores it: months, days and microseconds, each signed and kept
 * apart (a month is not a fixed number of days). Immutable.
 */
public record Interval(int months, int days, long micros) {

    public static Interval ofMicros(long micros) {
        return new Interval(0, 0, micros);
    }

    public static Interval of(Duration duration) {
        return new Interval(0, 0, Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L),
                duration.getNano() / 1_000));
    }

    /** Whether this interval has no month part, so that it is an exact duration. */
    public boolean isExact() {
        return months == 0;
    }

    /** This interval as a duration, counting a day as 24 hours; fails when it has months. */
    public Duration toDuration() {
        if (months != 0) {
            throw new ArithmeticException("interval " + this + " has months, which have no fixed length");
        }
        return Duration.ofDays(days).plusNanos(Math.multiplyExact(micros, 1_000L));
    }

    /** ISO 8601 form, for example {@code P1M2DT3H4M5.000006S}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("P");
        if (months != 0) s.append(months).append('M');
        if (days != 0) s.append(days).append('D');
        if (micros != 0 || (months == 0 && days == 0)) {
            s.append('T');
            long abs = Math.abs(micros);
            long hours = abs / 3_600_000_000L;
            long minutes = abs / 60_000_000L % 60;
            long seconds = abs / 1_000_000L % 60;
            long fraction = abs % 1_000_000L;
            String sign = micros < 0 ? "-" : "";
            if (hours != 0) s.append(sign).append(hours).append('H');
            if (minutes != 0) s.append(sign).append(minutes).append('M');
            if (seconds != 0 || fraction != 0 || (hours == 0 && minutes == 0)) {
                s.append(sign).append(seconds);
                if (fraction != 0) s.append('.').append(String.format("%06d", fraction));
                s.append('S');
            }
        }
        return s.toString();
    }
}
