package io.dmskit.h2;

import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import org.h2.api.IntervalQualifier;

import java.sql.SQLDataException;
import java.util.Locale;

/**
 * Conversions between dmskit's {@link Interval} (months, days, microseconds) and H2's
 * {@link org.h2.api.Interval}, which has one qualifier (YEAR TO MONTH, DAY TO SECOND, HOUR, ...)
 * and one sign. A value that the column's qualifier cannot hold exactly fails with a data
 * exception instead of being truncated, as H2 would do on its own. Stateless.
 */
final class H2Intervals {

    private static final long MINUTE = 60_000_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private H2Intervals() {
    }

    /**
     * An H2 interval as a dmskit interval: year-month intervals become months; day-time intervals
     * become days (when the qualifier has a day field) and microseconds.
     *
     * @throws SQLDataException when the value has nanoseconds below a microsecond, or does not fit
     */
    static Interval fromH2(org.h2.api.Interval v) throws SQLDataException {
        try {
            IntervalQualifier q = v.getQualifier();
            if (q.isYearMonth()) {
                return new Interval(Math.toIntExact(Math.addExact(Math.multiplyExact(v.getYears(), 12L), v.getMonths())), 0, 0);
            }
            long nanos = v.getSecondsAndNanos();
            if (nanos % 1_000L != 0) {
                throw new SQLDataException("H2 interval " + v + " has nanoseconds, which a dmskit interval (microseconds) cannot hold", "22015");
            }
            long micros = Math.addExact(Math.addExact(Math.multiplyExact(v.getHours(), HOUR),
                    Math.multiplyExact(v.getMinutes(), MINUTE)), nanos / 1_000L);
            return new Interval(0, Math.toIntExact(v.getDays()), micros);
        } catch (ArithmeticException e) {
            throw new SQLDataException("H2 interval " + v + " does not fit a dmskit interval", "22015", e);
        }
    }

    /**
     * The H2 qualifier that a column's native type name spells, such as
     * {@code INTERVAL DAY TO SECOND} or {@code interval hour(4) to second(6)}; null when the name
     * is not an H2 interval type.
     */
    static IntervalQualifier qualifier(DataType type) {
        if (type == null) {
            return null;
        }
        String name = type.nativeName().toUpperCase(Locale.ROOT).replaceAll("\\([^)]*\\)", " ").trim();
        if (!name.startsWith("INTERVAL")) {
            return null;
        }
        String words = name.substring("INTERVAL".length()).trim().replaceAll("\\s+", "_");
        try {
            return IntervalQualifier.valueOf(words);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A dmskit interval as an H2 interval of the qualifier; when the qualifier is null, YEAR TO
     * MONTH for an interval of months only and DAY TO SECOND otherwise. A day counts as 24 hours
     * (H2 has no other kind of day), so 1 day 30 hours becomes 2 days 6 hours.
     *
     * @throws SQLDataException when the qualifier cannot hold the value exactly: months into a
     *                          day-time qualifier, days or time into a year-month one, a part
     *                          below the qualifier's last field (hours into INTERVAL DAY)
     */
    static org.h2.api.Interval toH2(Interval v, IntervalQualifier qualifier) throws SQLDataException {
        IntervalQualifier q = qualifier;
        if (q == null) {
            q = v.months() != 0 && v.days() == 0 && v.micros() == 0 ? IntervalQualifier.YEAR_TO_MONTH
                    : IntervalQualifier.DAY_TO_SECOND;
        }
        try {
            if (q.isYearMonth()) {
                if (v.days() != 0 || v.micros() != 0) {
                    throw loss(v, q, "it has days or time");
                }
                long m = v.months();
                return switch (q) {
                    case YEAR -> {
                        if (m % 12 != 0) {
                            throw loss(v, q, "it is not a whole number of years");
                        }
                        yield org.h2.api.Interval.ofYears(m / 12);
                    }
                    case MONTH -> org.h2.api.Interval.ofMonths(m);
                    default -> org.h2.api.Interval.ofYearsMonths(m / 12, (int) (m % 12));
                };
            }
            if (v.months() != 0) {
                throw loss(v, q, "it has months, which have no fixed length");
            }
            long total = Math.addExact(Math.multiplyExact((long) v.days(), DAY), v.micros());
            long last = switch (q) {
                case DAY -> DAY;
                case HOUR, DAY_TO_HOUR -> HOUR;
                case MINUTE, DAY_TO_MINUTE, HOUR_TO_MINUTE -> MINUTE;
                default -> 1L;
            };
            if (total % last != 0) {
                throw loss(v, q, "it has a part smaller than its last field");
            }
            long days = total / DAY;
            long hours = total / HOUR;
            long minutes = total / MINUTE;
            return switch (q) {
                case DAY -> org.h2.api.Interval.ofDays(days);
                case HOUR -> org.h2.api.Interval.ofHours(hours);
                case MINUTE -> org.h2.api.Interval.ofMinutes(minutes);
                case SECOND -> org.h2.api.Interval.ofNanos(Math.multiplyExact(total, 1_000L));
                case DAY_TO_HOUR -> org.h2.api.Interval.ofDaysHours(days, (int) (hours % 24));
                case DAY_TO_MINUTE -> org.h2.api.Interval.ofDaysHoursMinutes(days, (int) (hours % 24), (int) (minutes % 60));
                case DAY_TO_SECOND -> org.h2.api.Interval.ofDaysHoursMinutesNanos(days, (int) (hours % 24),
                        (int) (minutes % 60), total % MINUTE * 1_000L);
                case HOUR_TO_MINUTE -> org.h2.api.Interval.ofHoursMinutes(hours, (int) (minutes % 60));
                case HOUR_TO_SECOND -> org.h2.api.Interval.ofHoursMinutesNanos(hours, (int) (minutes % 60), total % MINUTE * 1_000L);
                case MINUTE_TO_SECOND -> org.h2.api.Interval.ofMinutesNanos(minutes, total % MINUTE * 1_000L);
                default -> throw loss(v, q, "the qualifier is not a day-time one");
            };
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new SQLDataException("interval " + v + " does not fit H2 INTERVAL " + q.toString(), "22015", e);
        }
    }

    private static SQLDataException loss(Interval v, IntervalQualifier q, String why) {
        return new SQLDataException("interval " + v + " cannot be stored in H2 INTERVAL " + q + " without loss: " + why, "22015");
    }
}
