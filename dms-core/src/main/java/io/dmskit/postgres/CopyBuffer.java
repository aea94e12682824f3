package io.dmskit.postgres;

import java.sql.SQLException;

/**
 * The reusable byte buffer that the binary COPY stream is encoded into: big-endian (network
 * order) primitives, length placeholders patched after a variable-length value, and a
 * {@link Sink} that takes the bytes in large chunks.
 *
 * <p>The buffer holds at most one chunk plus one row: the writer {@link #sendIfAtLeast sends} it
 * after each row once it holds a chunk's worth. A row larger than the buffer grows it for that
 * row only; {@link #send} shrinks it back, so that one large value does not pin its size.
 * Not thread-safe.
 */
final class CopyBuffer {

    /** Where encoded bytes go: a COPY stream, or a test's byte array. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    /** The longest string that {@link #chars} gives scratch space for. */
    static final int MAX_CHARS = 64 * 1024;

    private final int retainedCapacity;
    private byte[] buf;
    private int pos;
    private char[] chars = new char[256];

    /** @param capacity the bytes kept between rows; the buffer grows beyond it only for one large row */
    CopyBuffer(int capacity) {
        this.retainedCapacity = capacity;
        this.buf = new byte[capacity];
    }

    /** Scratch space for up to {@code n} ({@link #MAX_CHARS} at most) characters, for encoders; reused. */
    char[] chars(int n) {
        if (chars.length < n) {
            chars = new char[Math.max(n, Math.min(MAX_CHARS, chars.length * 2))];
        }
        return chars;
    }

    int position() {
        return pos;
    }

    /** Drops everything after {@code position}, for a row that failed part way. */
    void truncate(int position) {
        pos = position;
    }

    int capacity() {
        return buf.length;
    }

    /** Makes room for {@code n} more bytes. */
    void ensure(int n) {
        if (n > buf.length - pos) {
            grow(n);
        }
    }

    private void grow(int n) {
        long needed = (long) pos + n;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a COPY row of more than 2 GiB cannot be buffered");
        }
        long size = Math.max(needed, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 16));
        buf = java.util.Arrays.copyOf(buf, (int) size);
    }

    void int8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void int16(int v) {
        ensure(2);
        byte[] b = buf;
        int p = pos;
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
        pos = p + 2;
    }

    void int32(int v) {
        ensure(4);
        putInt(pos, v);
        pos += 4;
    }

    void int64(long v) {
        ensure(8);
        byte[] b = buf;
        int p = pos;
        b[p] = (byte) (v >>> 56);
        b[p + 1] = (byte) (v >>> 48);
        b[p + 2] = (byte) (v >>> 40);
        b[p + 3] = (byte) (v >>> 32);
        b[p + 4] = (byte) (v >>> 24);
        b[p + 5] = (byte) (v >>> 16);
        b[p + 6] = (byte) (v >>> 8);
        b[p + 7] = (byte) v;
        pos = p + 8;
    }

    void bytes(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, buf, pos, length);
        pos += length;
    }

    /** Reserves an int32 length word and returns where it is, for {@link #patchLength}. */
    int reserveLength() {
        ensure(4);
        int at = pos;
        pos += 4;
        return at;
    }

    /** Writes the number of bytes written since the length word at {@code at} into it. */
    void patchLength(int at) {
        putInt(at, pos - at - 4);
    }

    /** Overwrites the int32 at {@code at}. */
    void putInt(int at, int v) {
        byte[] b = buf;
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** The backing array, for encoders that write many bytes in a loop after {@link #ensure}. */
    byte[] array() {
        return buf;
    }

    /** Moves the position after bytes written straight into {@link #array()}. */
    void advance(int n) {
        pos += n;
    }

    /** Sends the buffer when it holds at least {@code threshold} bytes. */
    void sendIfAtLeast(int threshold, Sink sink) throws SQLException {
        if (pos >= threshold) {
            send(sink);
        }
    }

    /** Sends everything buffered and empties the buffer, shrinking it back after a large row. */
    void send(Sink sink) throws SQLException {
        if (pos > 0) {
            sink.write(buf, 0, pos);
            pos = 0;
        }
        if (buf.length > retainedCapacity) {
            buf = new byte[retainedCapacity];
        }
    }

    /** Empties the buffer without sending it. */
    void clear() {
        pos = 0;
        if (buf.length > retainedCapacity) {
            buf = new byte[retainedCapacity];
        }
    }
}
