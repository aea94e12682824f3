package io.dmskit.mysql;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A reusable byte buffer of rows in the text format of
 * {@code LOAD DATA ... CHARACTER SET utf8mb4 FIELDS TERMINATED BY X'09' ESCAPED BY X'5C' LINES TERMINATED BY X'0A'}:
 * fields separated by a tab, rows ended by a newline, {@code \N} for NULL, and inside a field
 * the bytes backslash, tab, newline, carriage return and NUL escaped as {@code \\ \t \n \r \0}.
 *
 * <p>Binary values are written as their raw bytes with the same escapes. Measured on MariaDB
 * 10.11 with the file character set utf8mb4: every byte value 0 to 255, and every byte 0x80 to
 * 0xFF followed by an escape, a separator or the end of the field, loads unchanged into a
 * VARBINARY column (the server does not convert binary columns, and a UTF-8 continuation byte is
 * never an ASCII separator). That is exact and half the size of hex with {@code UNHEX(@v)}.
 * Text is written as UTF-8 and converted by the server into the column's character set, which
 * warns when a character does not fit, so that the check after the load catches it.
 *
 * <p>Not thread-safe: owned by one writer.
 */
final class LoadDataBuffer implements MySqlText.AsciiSink {

    private byte[] buf;
    private int size;

    LoadDataBuffer(int initialCapacity) {
        buf = new byte[Math.max(initialCapacity, 64)];
    }

    int size() {
        return size;
    }

    /** Empties the buffer for the next chunk; keeps its capacity. */
    void reset() {
        size = 0;
    }

    /** Cuts the buffer back to a length that {@link #size()} returned, dropping a half-written row. */
    void truncate(int length) {
        size = length;
    }

    /** The contents as a stream, for the driver to send as the local file. Valid until the next change. */
    InputStream stream() {
        return new ByteArrayInputStream(buf, 0, size);
    }

    /** A copy of the contents, for tests. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    @Override
    public void ascii(char c) {
        ensure(1);
        buf[size++] = (byte) c;
    }

    void fieldSeparator() {
        ascii('\t');
    }

    void rowEnd() {
        ascii('\n');
    }

    /** SQL NULL: {@code \N}, which no escaped value can be (a backslash in a value is doubled). */
    void sqlNull() {
        ensure(2);
        buf[size++] = '\\';
        buf[size++] = 'N';
    }

    /** Raw bytes of a binary value, escaped. */
    void bytes(byte[] b) {
        // room for the worst case, every byte escaped, so that the loop checks nothing else
        ensure(2 * b.length);
        byte[] out = buf;
        int p = size;
        for (byte x : b) {
            if (x > '\\' || (x > '\r' && x != '\\') || x < 0) {
                out[p++] = x;
            } else {
                p = escape(out, p, x);
            }
        }
        size = p;
    }

    /** Writes {@code x} at {@code p}, escaped when it must be, and returns the position after it. */
    private static int escape(byte[] out, int p, byte x) {
        byte e;
        switch (x) {
            case '\\' -> e = '\\';
            case '\t' -> e = 't';
            case '\n' -> e = 'n';
            case '\r' -> e = 'r';
            case 0 -> e = '0';
            default -> {
                out[p] = x;
                return p + 1;
            }
        }
        out[p] = '\\';
        out[p + 1] = e;
        return p + 2;
    }

    /** A non-negative number with at least {@code width} digits, zero-padded; digits written right to left. */
    void digits(long v, int width) {
        int n = 1;
        for (long t = v; t >= 10; t /= 10) {
            n++;
        }
        int w = Math.max(n, width);
        ensure(w);
        byte[] out = buf;
        int end = size + w;
        int p = end;
        long x = v;
        do {
            out[--p] = (byte) ('0' + (int) (x % 10));
            x /= 10;
        } while (x != 0);
        while (p > size) {
            out[--p] = '0';
        }
        size = end;
    }

    /**
     * A string as escaped UTF-8. Encodes by hand, without allocating, and refuses an unpaired
     * surrogate, which the JDK's encoders would silently replace with '?'.
     */
    void text(String s) {
        int n = s.length();
        if (n <= 16 * 1024) {
            textShort(s, n);
            return;
        }
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                escaped((byte) c);
            } else if (c < 0x800) {
                ensure(2);
                buf[size++] = (byte) (0xC0 | (c >> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < n ? s.charAt(i + 1) : 0;
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
                    throw MySqlText.unpairedSurrogate(c, i);
                }
                int cp = Character.toCodePoint(c, low);
                i++;
                ensure(4);
                buf[size++] = (byte) (0xF0 | (cp >> 18));
                buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                ensure(3);
                buf[size++] = (byte) (0xE0 | (c >> 12));
                buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /**
     * {@link #text} with room made once for the worst case (3 bytes per UTF-16 unit: an escaped
     * ASCII character takes 2, a BMP character 3, a surrogate pair 4 for its 2 units), so that the
     * loop writes without checking the capacity.
     */
    private void textShort(String s, int n) {
        ensure(3 * n);
        byte[] out = buf;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c > '\\' || (c > '\r' && c != '\\')) {
                    out[p++] = (byte) c;
                } else {
                    p = escape(out, p, (byte) c);
                }
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < n ? s.charAt(i + 1) : 0;
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
                    size = p;
                    throw MySqlText.unpairedSurrogate(c, i);
                }
                int cp = Character.toCodePoint(c, low);
                i++;
                out[p++] = (byte) (0xF0 | (cp >> 18));
                out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = p;
    }

    private void escaped(byte x) {
        char e;
        switch (x) {
            case '\\' -> e = '\\';
            case '\t' -> e = 't';
            case '\n' -> e = 'n';
            case '\r' -> e = 'r';
            case 0 -> e = '0';
            default -> {
                ensure(1);
                buf[size++] = x;
                return;
            }
        }
        ensure(2);
        buf[size++] = '\\';
        buf[size++] = (byte) e;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + more);
            if (want > Integer.MAX_VALUE - 16) {
                want = Integer.MAX_VALUE - 16;
                if (size + more > want) {
                    throw new IllegalStateException("a LOAD DATA chunk cannot exceed 2 GB");
                }
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    /**
     * Splits the contents back into rows of unescaped fields: null for {@code \N}, else the
     * field's bytes. The inverse of the writing methods; used to re-send a chunk that the server
     * did not load exactly through INSERT statements.
     */
    List<byte[][]> decode(int columns) {
        List<byte[][]> rows = new ArrayList<>();
        byte[] field = new byte[64];
        int pos = 0;
        while (pos < size) {
            byte[][] row = new byte[columns][];
            for (int c = 0; c < columns; c++) {
                int len = 0;
                boolean sqlNull = false;
                while (pos < size && buf[pos] != '\t' && buf[pos] != '\n') {
                    byte b = buf[pos++];
                    if (b == '\\' && pos < size) {
                        byte e = buf[pos++];
                        switch (e) {
                            case 't' -> b = '\t';
                            case 'n' -> b = '\n';
                            case 'r' -> b = '\r';
                            case '0' -> b = 0;
                            case 'N' -> {
                                sqlNull = true;
                                continue;
                            }
                            default -> b = e;
                        }
                    }
                    if (len == field.length) {
                        field = Arrays.copyOf(field, field.length * 2);
                    }
                    field[len++] = b;
                }
                row[c] = sqlNull ? null : Arrays.copyOf(field, len);
                if (pos < size && buf[pos] == '\t') {
                    pos++;
                }
            }
            if (pos < size && buf[pos] == '\n') {
                pos++;
            }
            rows.add(row);
        }
        return rows;
    }
}
