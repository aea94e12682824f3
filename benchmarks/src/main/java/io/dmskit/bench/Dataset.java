package io.dmskit.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The benchmark data, the same on every run and every engine: row {@code i} of each table is a
 * pure function of {@code i} (SplitMix64 of the row number), so that a source built twice holds
 * the same bytes and JMH benchmarks encode the rows that the end-to-end harness moves.
 *
 * <p>{@code orders}: {@code id bigint} key, {@code customer_id int}, {@code status varchar(16)},
 * {@code amount decimal(12,2)}, {@code note varchar(200)} (null in about half the rows),
 * {@code created_at datetime(6)}, {@code shipped_on date} (null in a quarter), {@code is_gift}
 * ({@code tinyint(1)} in MariaDB, {@code boolean} in PostgreSQL).
 *
 * <p>{@code docs}: {@code id bigint} key, {@code title varchar(100)}, {@code body} of 4,096
 * characters drawn at random from 64 (which no LZ compressor shrinks), {@code payload} of 1,024
 * random bytes.
 */
public final class Dataset {
    public static final String[] STATUSES = {"new", "paid", "packed", "shipped", "delivered", "returned", "cancelled", "on_hold"};
    /** 64 characters, none of which any text format escapes. */
    private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .".getBytes();
    private static final LocalDateTime EPOCH = LocalDateTime.of(2020, 1, 1, 0, 0);
    private static final long FIVE_YEARS_MICROS = 5L * 365 * 86_400 * 1_000_000;
    public static final int BODY_CHARS = 4096;
    public static final int PAYLOAD_BYTES = 1024;

    private Dataset() {
    }

    /** SplitMix64's finalizer: a well-mixed 64-bit value of {@code x}. */
    public static long mix(long x) {
        long z = x * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One row of {@code orders} as primitive parts, so that text writers need not box. */
    public static final class Order {
        public long id;
        public int customerId;
        public String status;
        /** amount * 100 */
        public long amountCents;
        /** null or the note's characters */
        public byte[] note;
        public int noteLength;
        public long createdMicros;
        /** days after created_at's date, or -1 for NULL */
        public int shippedAfterDays;
        public boolean gift;
        private final byte[] noteBuf = new byte[200];

        /** Fills this object with row {@code i} (1-based). */
        public Order at(long i) {
            long h1 = mix(i);
            long h2 = mix(i ^ 0x5DEECE66DL);
            long h3 = mix(i + 0x2545F4914F6CDD1DL);
            id = i;
            customerId = (int) Long.remainderUnsigned(h1, 1_000_000) + 1;
            status = STATUSES[(int) (h1 >>> 40) & 7];
            amountCents = Long.remainderUnsigned(h2, 100_000_000L);
            if ((h2 >>> 63) == 0) {
                note = null;
                noteLength = 0;
            } else {
                noteLength = 10 + (int) Long.remainderUnsigned(h2 >>> 8, 91);
                fill(noteBuf, noteLength, h3);
                note = noteBuf;
            }
            createdMicros = Long.remainderUnsigned(h3, FIVE_YEARS_MICROS);
            shippedAfterDays = (h1 & 3) == 0 ? -1 : (int) ((h1 >>> 8) % 10);
            gift = ((h1 >>> 12) & 1) == 1;
            return this;
        }

        public BigDecimal amount() {
            return BigDecimal.valueOf(amountCents, 2);
        }

        public LocalDateTime createdAt() {
            return EPOCH.plusNanos(createdMicros * 1000);
        }

        public LocalDate shippedOn() {
            return shippedAfterDays < 0 ? null : createdAt().toLocalDate().plusDays(shippedAfterDays);
        }

        public String noteString() {
            return note == null ? null : new String(note, 0, noteLength, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /** One row of {@code docs}. */
    public static final class Doc {
        public long id;
        public final byte[] title = new byte[100];
        public int titleLength;
        public final byte[] body = new byte[BODY_CHARS];
        public final byte[] payload = new byte[PAYLOAD_BYTES];

        public Doc at(long i) {
            long h = mix(i);
            id = i;
            titleLength = 30 + (int) Long.remainderUnsigned(h, 71);
            fill(title, titleLength, mix(h));
            fill(body, BODY_CHARS, mix(h + 1));
            long s = mix(h + 2);
            for (int k = 0; k < PAYLOAD_BYTES; k += 8) {
                s = mix(s);
                for (int b = 0; b < 8; b++) {
                    payload[k + b] = (byte) (s >>> (8 * b));
                }
            }
            return this;
        }
    }

    /** Fills {@code out[0, n)} with characters of {@link #ALPHABET}, 10 per 64-bit draw. */
    static void fill(byte[] out, int n, long seed) {
        long s = seed;
        int k = 0;
        while (k < n) {
            s = mix(s + 0x9E3779B97F4A7C15L);
            long bits = s;
            for (int j = 0; j < 10 && k < n; j++) {
                out[k++] = ALPHABET[(int) (bits & 63)];
                bits >>>= 6;
            }
        }
    }
}
