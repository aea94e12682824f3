package io.dmskit.postgres;

import io.dmskit.schema.Interval;

/**
 * Parses PostgreSQL's text output of an interval in {@code IntervalStyle = postgres} (the
 * server's default) exactly into an {@link Interval}.
 *
 * <p>Why text and not pgjdbc's {@code PGInterval}: PGInterval keeps hours in an {@code int}, while
 * PostgreSQL's time part reaches 2562047788 hours (2^63 microseconds), and its seconds are a
 * double. The text form is exact and covers the whole range:
 * {@code [N year[s]] [N mon[s]] [N day[s]] [[+|-]H:MM:SS[.ffffff]]}, each part signed on its
 * own, years and months both from the month count (months = years * 12 + mons, as PostgreSQL
 * splits it with truncating division), for example {@code -1 years -2 mons +3 days -04:05:06.5}.
 */
final class PgIntervalText {

    private PgIntervalText() {
    }

    /**
     * @throws IllegalArgumentException when the text is not an interval in this style, or is
     *         {@code infinity} / {@code -infinity} (PostgreSQL 17), which Interval cannot hold
     */
    static Interval parse(String text) {
        if (text.equals("infinity") || text.equals("-infinity")) {
            throw new IllegalArgumentException("interval '" + text + "' has no finite value, which dmskit's Interval "
                    + "(months, days, microseconds) needs");
        }
        long months = 0;
        long days = 0;
        long micros = 0;
        boolean sawTime = false;
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            if (i == n) {
                break;
            }
            int end = text.indexOf(' ', i);
            if (end < 0) {
                end = n;
            }
            if (text.indexOf(':', i) >= 0 && text.indexOf(':', i) < end) {
                if (sawTime) {
                    throw notPostgresStyle(text);
                }
                micros = time(text, i, end);
                sawTime = true;
                i = end;
                continue;
            }
            long value = integer(text, i, end);
            int unitStart = end + 1;
            if (unitStart >= n) {
                throw notPostgresStyle(text);
            }
            int unitEnd = text.indexOf(' ', unitStart);
            if (unitEnd < 0) {
                unitEnd = n;
            }
            switch (text.substring(unitStart, unitEnd)) {
                case "year", "years" -> months += value * 12;
                case "mon", "mons" -> months += value;
                case "day", "days" -> days += value;
                default -> throw notPostgresStyle(text);
            }
            i = unitEnd;
        }
        if (months != (int) months || days != (int) days) {
            throw new IllegalArgumentException("interval '" + text + "' is out of PostgreSQL's range");
        }
        return new Interval((int) months, (int) days, micros);
    }

    private static long integer(String text, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (i == to || to - i > 12) {
            throw notPostgresStyle(text);
        }
        long v = 0;
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw notPostgresStyle(text);
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    /**
     * {@code [+|-]H:MM:SS[.ffffff]} as signed microseconds. Accumulated as a negative number, whose
     * range includes -2^63, the smallest time part PostgreSQL has.
     */
    private static long time(String text, int from, int to) {
        int i = from;
        boolean negative = false;
        if (text.charAt(i) == '+' || text.charAt(i) == '-') {
            negative = text.charAt(i) == '-';
            i++;
        }
        int colon = text.indexOf(':', i);
        long hours = -integer(text, i, colon);
        if (hours > 0 || colon + 6 > to || text.charAt(colon + 3) != ':') {
            throw notPostgresStyle(text);
        }
        long minutes = twoDigits(text, colon + 1);
        long seconds = twoDigits(text, colon + 4);
        long fraction = 0;
        int p = colon + 6;
        if (p < to) {
            if (text.charAt(p) != '.' || to - p - 1 > 6 || to - p - 1 < 1) {
                throw notPostgresStyle(text);
            }
            int digits = 0;
            for (p++; p < to; p++, digits++) {
                char c = text.charAt(p);
                if (c < '0' || c > '9') {
                    throw notPostgresStyle(text);
                }
                fraction = fraction * 10 + (c - '0');
            }
            for (; digits < 6; digits++) {
                fraction *= 10;
            }
        }
        try {
            long negativeMicros = Math.multiplyExact(hours, 3_600_000_000L);
            negativeMicros = Math.subtractExact(negativeMicros, minutes * 60_000_000L + seconds * 1_000_000L + fraction);
            return negative ? negativeMicros : Math.negateExact(negativeMicros);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("interval '" + text + "' is out of PostgreSQL's range", e);
        }
    }

    private static long twoDigits(String text, int at) {
        char a = text.charAt(at);
        char b = text.charAt(at + 1);
        if (a < '0' || a > '5' || b < '0' || b > '9') {
            throw notPostgresStyle(text);
        }
        return (a - '0') * 10L + (b - '0');
    }

    private static IllegalArgumentException notPostgresStyle(String text) {
        return new IllegalArgumentException("'" + text + "' is not an interval in IntervalStyle postgres, which "
                + "the PostgreSQL reader sets for its transaction");
    }
}
