package io.dmskit.internal.validate;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The checksum of {@link CanonicalSql}, computed in Java from canonical texts: the row text, its
 * 60-bit MD5 hash, its bucket, and an exact sum of hashes. Used where a column has no SQL form
 * (JSON across engines, an engine without {@link CanonicalSql}), and by tests to prove that SQL
 * and Java agree. Not thread-safe (it keeps one MessageDigest); one instance per thread.
 */
final class RowHash {
    private final MessageDigest md5;
    private final StringBuilder text = new StringBuilder(256);

    RowHash() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /** The row text of canonical values (null for NULL), as {@link CanonicalSql#rowText} builds it in SQL. */
    static String rowText(String[] canonicals, List<CanonicalForm> forms) {
        StringBuilder sb = new StringBuilder();
        appendRowText(sb, canonicals, forms);
        return sb.toString();
    }

    private static void appendRowText(StringBuilder sb, String[] canonicals, List<CanonicalForm> forms) {
        for (int i = 0; i < canonicals.length; i++) {
            if (i > 0) {
                sb.append('|');
            }
            String c = canonicals[i];
            if (c == null) {
                sb.append('N');
            } else {
                if (forms.get(i).needsLengthPrefix()) {
                    sb.append(c.codePointCount(0, c.length())).append(':');
                }
                sb.append(c);
            }
        }
    }

    private byte[] digest(String[] canonicals, List<CanonicalForm> forms) {
        text.setLength(0);
        appendRowText(text, canonicals, forms);
        return md5.digest(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The first 15 hex digits of the MD5 of the row text, as a number from 0 to 2^60-1. */
    long hash60(String[] canonicals, List<CanonicalForm> forms) {
        return hash60(digest(canonicals, forms));
    }

    /** The bucket of a key text, 0 to buckets-1: the first 8 hex digits of its MD5 modulo buckets. */
    int bucket(String[] canonicals, List<CanonicalForm> forms, int buckets) {
        return bucket(digest(canonicals, forms), buckets);
    }

    static long hash60(byte[] d) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xff);
        }
        return v >>> 4;
    }

    static int bucket(byte[] d, int buckets) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (d[i] & 0xff);
        }
        return (int) (v % buckets);
    }

    /** A row count and an exact sum of 60-bit hashes, without overflow for any number of rows. Not thread-safe. */
    static final class Sum {
        private static final long LOW = 1L << 60;
        long rows;
        private long low;
        private long high;

        void add(long hash60) {
            rows++;
            low += hash60;
            if (low >= LOW) {
                low -= LOW;
                high++;
            }
        }

        BigInteger value() {
            return BigInteger.valueOf(high).shiftLeft(60).add(BigInteger.valueOf(low));
        }
    }
}
