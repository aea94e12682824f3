package io.dmskit.testkit.data;

import io.dmskit.schema.Interval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The values that a column of a {@link SqlType} holds, as the logical type's Java class (the class
 * that dmskit's readers produce and writers take): the bounds that random values are drawn from,
 * and the edge values that tests always try. Immutable.
 *
 * <p>A domain is narrower than the engine's type where values would not survive a move to another
 * engine ({@link SqlType#portableDomain()}), and never contains a value that the column rejects.
 * {@link #edgeValues()} lists the extremes first (minimum, maximum), then the values that break
 * code most often: zero, empty, 4-byte UTF-8, leap days, instants of daylight-saving transitions,
 * microsecond fractions.
 */
public sealed interface ValueDomain {

    /** The edge values of the domain, each of the logical type's Java class, none null, no duplicates. */
    List<Object> edgeValues();

    /** {@code Boolean}. */
    record Booleans() implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            return List.of(false, true);
        }
    }

    /** {@code Long} from min to max (integers of every size, YEAR, MySQL TINYINT(1)). */
    record Integers(long min, long max) implements ValueDomain {
        public Integers {
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " > max " + max);
            }
        }

        @Override
        public List<Object> edgeValues() {
            LinkedHashSet<Object> v = new LinkedHashSet<>(List.of(min, max));
            for (long x : new long[] {0, 1, -1}) {
                if (x >= min && x <= max) {
                    v.add(x);
                }
            }
            return List.copyOf(v);
        }
    }

    /** {@code BigInteger} from 0 to 2^64-1: MySQL BIGINT UNSIGNED. */
    record UnsignedBigints() implements ValueDomain {
        /** 2^64 - 1. */
        public static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

        @Override
        public List<Object> edgeValues() {
            return List.of(BigInteger.ZERO, MAX, BigInteger.ONE.shiftLeft(63), BigInteger.ONE);
        }
    }

    /**
     * {@code BigDecimal} with at most {@code integerDigits} digits before the point and
     * {@code scale} after it. With {@code fixedScale} every value has exactly that scale (a
     * DECIMAL(p,s) column); without, values have any scale up to it (an unbounded numeric).
     */
    record Decimals(int integerDigits, int scale, boolean fixedScale) implements ValueDomain {
        /** The largest value: all nines. */
        public BigDecimal max() {
            return BigDecimal.TEN.pow(integerDigits).subtract(BigDecimal.ONE.movePointLeft(scale)).setScale(scale);
        }

        @Override
        public List<Object> edgeValues() {
            BigDecimal smallest = BigDecimal.ONE.movePointLeft(scale);
            List<BigDecimal> v = new ArrayList<>(List.of(max().negate(), max(), BigDecimal.ZERO.setScale(scale), smallest,
                    smallest.negate()));
            if (integerDigits >= 1 && scale >= 1) {
                v.add(new BigDecimal("0.5"));
                v.add(new BigDecimal("-2.25").max(max().negate()));
            }
            if (integerDigits >= 3) {
                v.add(new BigDecimal("100"));
            }
            List<Object> out = new ArrayList<>();
            for (BigDecimal d : v) {
                BigDecimal x = fixedScale ? d.setScale(scale) : d;
                if (out.stream().noneMatch(o -> ((BigDecimal) o).compareTo(x) == 0)) {
                    out.add(x);
                }
            }
            return List.copyOf(out);
        }
    }

    /**
     * {@code Float} ({@code single}) or {@code Double}. With {@code specials}, also NaN, both
     * infinities, -0.0 and the smallest subnormal; without, only finite numbers that every engine
     * stores bit for bit.
     */
    record Floats(boolean single, boolean specials) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            List<Object> v = new ArrayList<>();
            if (single) {
                v.addAll(List.of(-Float.MAX_VALUE, Float.MAX_VALUE, 0f, Float.MIN_NORMAL, 0.1f, -2.25f, 16777216f, 1f / 3));
                if (specials) {
                    v.addAll(List.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE));
                }
            } else {
                v.addAll(List.of(-Double.MAX_VALUE, Double.MAX_VALUE, 0d, Double.MIN_VALUE, 0.1, 0.30000000000000004,
                        1d / 3, -2.5e-300));
                if (specials) {
                    v.addAll(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0d));
                }
            }
            return List.copyOf(v);
        }
    }

    /** Which characters a {@link Texts} domain draws from. */
    enum Charset {
        /** Any Unicode scalar value but NUL, including 4-byte UTF-8 (emoji) and control characters. */
        UNICODE,
        /** As UNICODE, and NUL (U+0000), which PostgreSQL cannot store. */
        UNICODE_WITH_NUL,
        /**
         * ASCII letters and digits: text that sorts and compares the same under every collation
         * (but case), for key columns.
         */
        KEY
    }

    /**
     * {@code String} of {@code minLength} to {@code maxLength} UTF-16 code units (so that it fits a
     * column that counts characters in any of the ways engines do). With {@code noTrailingSpace}
     * a value never ends in a space: CHAR columns pad and strip them.
     */
    record Texts(int minLength, int maxLength, Charset charset, boolean noTrailingSpace) implements ValueDomain {
        public Texts {
            Objects.requireNonNull(charset, "charset");
            if (minLength < 0 || maxLength < minLength || maxLength < 1) {
                throw new IllegalArgumentException("lengths " + minLength + ".." + maxLength);
            }
        }

        @Override
        public List<Object> edgeValues() {
            List<String> raw = new ArrayList<>();
            if (charset == Charset.KEY) {
                raw.addAll(List.of("a", "Z9", "0", "z".repeat(maxLength), "A".repeat(maxLength)));
            } else {
                raw.addAll(List.of("", "x".repeat(maxLength), "\uD83D\uDE00".repeat(maxLength / 2 + 1), "Zo\u00eb \u4e2d\u6587",
                        "tab\tnew\nline back\\slash quote' double\" percent% ", "\\N", "NULL", " leading", "e\u0301 \u05e9\u05dc\u05d5\u05dd"));
                if (charset == Charset.UNICODE_WITH_NUL) {
                    raw.add("nul\u0000inside");
                }
            }
            LinkedHashSet<Object> v = new LinkedHashSet<>();
            for (String s : raw) {
                v.add(fit(s));
            }
            return List.copyOf(v);
        }

        /** The string cut or padded (with {@code x}) to this domain's lengths, without a trailing space when required. */
        public String fit(String s) {
            StringBuilder b = new StringBuilder();
            s.codePoints().forEach(cp -> {
                if (b.length() + Character.charCount(cp) <= maxLength) {
                    b.appendCodePoint(cp);
                }
            });
            while (b.length() < minLength) {
                b.append('x');
            }
            if (noTrailingSpace) {
                for (int i = b.length() - 1; i >= 0 && b.charAt(i) == ' '; i--) {
                    b.setCharAt(i, 'x');
                }
            }
            return b.toString();
        }
    }

    /** {@code byte[]} of {@code minLength} to {@code maxLength} bytes. */
    record Bytes(int minLength, int maxLength) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            byte[] all = new byte[256];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            List<byte[]> raw = List.of(new byte[0], all, new byte[] {(byte) 0xff}, new byte[] {0}, new byte[] {'\\', 'N'},
                    new byte[] {(byte) 0xC3, '\t', '\n', '"', '\''}, reversed(all));
            List<Object> v = new ArrayList<>();
            for (byte[] b : raw) {
                byte[] f = Arrays.copyOf(b, Math.max(minLength, Math.min(maxLength, b.length)));
                if (v.stream().noneMatch(o -> Arrays.equals((byte[]) o, f))) {
                    v.add(f);
                }
            }
            return List.copyOf(v);
        }

        private static byte[] reversed(byte[] b) {
            byte[] r = new byte[b.length];
            for (int i = 0; i < b.length; i++) {
                r[i] = b[b.length - 1 - i];
            }
            return r;
        }
    }

    /** {@code String} of exactly {@code length} characters '0' and '1', most significant first: BIT(n). */
    record Bits(int length) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            LinkedHashSet<Object> v = new LinkedHashSet<>(List.of("0".repeat(length), "1".repeat(length)));
            if (length > 1) {
                v.add("1" + "0".repeat(length - 1));
                v.add("0".repeat(length - 1) + "1");
            }
            return List.copyOf(v);
        }
    }

    /** {@code LocalDate} from min to max. */
    record Dates(LocalDate min, LocalDate max) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            return within(List.of(min, max, LocalDate.of(2024, 2, 29), LocalDate.of(2000, 2, 29), LocalDate.of(1970, 1, 1),
                    LocalDate.of(1900, 3, 1), LocalDate.of(2024, 3, 31)), d -> !d.isBefore(min) && !d.isAfter(max));
        }
    }

    /** {@code LocalTime} from midnight to the last instant of the day, with {@code digits} fractional digits of seconds. */
    record TimesOfDay(int digits) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            return List.of(LocalTime.MIDNIGHT, truncate(LocalTime.MAX, digits), LocalTime.NOON,
                    truncate(LocalTime.of(0, 0, 0, 1_000), digits), LocalTime.of(2, 30));
        }
    }

    /** {@code LocalDateTime} from min to max, with {@code digits} fractional digits of seconds. */
    record Timestamps(LocalDateTime min, LocalDateTime max, int digits) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            List<LocalDateTime> v = List.of(min, truncate(max, digits),
                    truncate(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000), digits),
                    // local times that do not exist (spring forward) or exist twice (fall back) in Europe and the US
                    LocalDateTime.of(2024, 3, 31, 2, 30), LocalDateTime.of(2024, 10, 27, 2, 30), LocalDateTime.of(2024, 3, 10, 2, 30),
                    LocalDateTime.of(1970, 1, 1, 0, 0), truncate(LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1_000), digits));
            return within(v, t -> !t.isBefore(min) && !t.isAfter(max));
        }
    }

    /**
     * {@code OffsetDateTime}, instants from min to max with {@code digits} fractional digits.
     * Values are at UTC, unless {@code keepsOffset}: then the column keeps each value's offset
     * (H2's TIMESTAMP WITH TIME ZONE) and values have offsets from -18:00 to +18:00.
     */
    record Instants(Instant min, Instant max, int digits, boolean keepsOffset) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            List<OffsetDateTime> v = new ArrayList<>(List.of(
                    min.atOffset(ZoneOffset.UTC), truncate(max.atOffset(ZoneOffset.UTC), digits),
                    // daylight-saving transitions: Europe (01:00 UTC) and the US (07:00 UTC, 06:00 UTC)
                    OffsetDateTime.parse("2024-03-31T01:00:00Z"), truncate(OffsetDateTime.parse("2024-03-31T00:59:59.999999Z"), digits),
                    OffsetDateTime.parse("2024-10-27T01:00:00Z"), OffsetDateTime.parse("2024-03-10T07:00:00Z"),
                    OffsetDateTime.parse("2024-11-03T06:00:00Z"),
                    truncate(OffsetDateTime.parse("2024-02-29T23:59:59.999999Z"), digits),
                    OffsetDateTime.parse("1970-01-01T00:00:01Z"), truncate(OffsetDateTime.parse("2038-01-19T03:14:07.999999Z"), digits)));
            if (keepsOffset) {
                v.add(OffsetDateTime.parse("2024-03-31T03:00:00+02:00"));
                v.add(OffsetDateTime.parse("2024-01-01T10:00:00+05:30"));
                v.add(OffsetDateTime.parse("2024-06-30T23:00:00-12:00"));
                v.add(OffsetDateTime.parse("2024-12-31T00:00:00+14:00"));
            }
            return within(v, t -> !t.toInstant().isBefore(min) && !t.toInstant().isAfter(max));
        }
    }

    /**
     * {@link Interval}: with {@code monthsAndDays}, months, days and microseconds each apart (a
     * PostgreSQL interval); without, only microseconds, from -maxMicros to maxMicros (a MySQL TIME,
     * an H2 INTERVAL HOUR TO SECOND), with {@code digits} fractional digits of seconds.
     */
    record Intervals(long maxMicros, boolean monthsAndDays, int digits) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            long unit = unit(digits);
            long max = maxMicros / unit * unit;
            List<Object> v = new ArrayList<>(List.of(Interval.ofMicros(0), Interval.ofMicros(-max), Interval.ofMicros(max)));
            v.add(Interval.ofMicros(-unit));
            for (long micros : new long[] {90_000_500_000L, 86_400_000_000L, 3_599_999_999L}) {
                long m = micros / unit * unit;
                if (m <= max) {
                    v.add(Interval.ofMicros(m));
                }
            }
            if (monthsAndDays) {
                v.addAll(List.of(new Interval(1, 0, 0), new Interval(0, 1, 0), new Interval(-14, 3, -5 * unit),
                        new Interval(1200, -30, 86_399_000_000L)));
            }
            return List.copyOf(new LinkedHashSet<>(v));
        }
    }

    /** {@code OffsetTime}, offsets from -14:00 to +14:00, with {@code digits} fractional digits. */
    record TimesWithZone(int digits) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            return List.of(OffsetTime.of(LocalTime.MIDNIGHT, ZoneOffset.UTC),
                    OffsetTime.of(truncate(LocalTime.MAX, digits), ZoneOffset.ofHours(14)),
                    OffsetTime.of(LocalTime.NOON, ZoneOffset.ofHoursMinutes(5, 30)),
                    OffsetTime.of(LocalTime.MIDNIGHT, ZoneOffset.ofHours(-12)));
        }
    }

    /**
     * {@code String}, JSON documents: objects with distinct keys, arrays, strings with 4-byte
     * characters and escapes, integers and short decimals, booleans and null. No {@code \\u0000}
     * (PostgreSQL's jsonb rejects it) and no numbers in exponent form.
     */
    record Jsons() implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            return List.of("{}", "[]", "{\"a\": 1, \"b\": [1, 2]}", "\"x\"", "{\"k\": \"v\"}", "[true, false, null]",
                    "{\"emoji \uD83D\uDE00\": \"Zo\u00eb\", \"quote\\\"\": \"back\\\\slash\\n\", \"n\": -12.5}",
                    "{\"bb\": {\"c\": [], \"a\": {}}, \"a\": 0}", "123");
        }
    }

    /**
     * {@code UUID}. With {@code mariaDb}, only the UUIDs that MariaDB's UUID type takes: MariaDB
     * 10.11 refuses some of those whose version digit is 8 or more (such as
     * {@code 00000000-0000-8000-5c3d-1ae80fb13528}), so values keep that digit below 8.
     */
    record Uuids(boolean mariaDb) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            return List.of(new UUID(0, 0), new UUID(-1, -1), UUID.fromString("0b8f6c5e-1f2a-4c3b-9d4e-5f6a7b8c9d0e"));
        }
    }

    /**
     * {@code String}: one of the labels (an ENUM), or with {@code set} a comma-separated subset of
     * them in label order (a MySQL SET; the empty string is the empty set).
     */
    record Labels(List<String> labels, boolean set) implements ValueDomain {
        public Labels {
            labels = List.copyOf(labels);
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("no labels");
            }
        }

        @Override
        public List<Object> edgeValues() {
            List<Object> v = new ArrayList<>(labels);
            if (set) {
                v.add(0, "");
                v.add(String.join(",", labels));
            }
            return List.copyOf(new LinkedHashSet<>(v));
        }
    }

    /** {@code List} of elements of another domain, nulls among them: a PostgreSQL one-dimensional array. */
    record ArrayValues(ValueDomain element) implements ValueDomain {
        @Override
        public List<Object> edgeValues() {
            List<Object> elements = element.edgeValues();
            List<Object> withNull = new ArrayList<>(elements);
            withNull.add(1, null);
            return List.of(List.of(), java.util.Collections.singletonList(null), java.util.Collections.unmodifiableList(withNull),
                    List.of(elements.get(0)));
        }
    }

    /** The unit of the last fractional digit kept, in microseconds. */
    static long unit(int digits) {
        long u = 1;
        for (int i = digits; i < 6; i++) {
            u *= 10;
        }
        return u;
    }

    static LocalTime truncate(LocalTime t, int digits) {
        long nanosUnit = unit(Math.min(6, digits)) * 1000;
        return t.withNano((int) (t.getNano() / nanosUnit * nanosUnit));
    }

    static LocalDateTime truncate(LocalDateTime t, int digits) {
        return t.with(truncate(t.toLocalTime(), digits));
    }

    static OffsetDateTime truncate(OffsetDateTime t, int digits) {
        return t.with(truncate(t.toLocalTime(), digits));
    }

    private static <T> List<Object> within(List<T> values, java.util.function.Predicate<T> test) {
        LinkedHashSet<Object> v = new LinkedHashSet<>();
        for (T x : values) {
            if (test.test(x)) {
                v.add(x);
            }
        }
        return List.copyOf(v);
    }
}
