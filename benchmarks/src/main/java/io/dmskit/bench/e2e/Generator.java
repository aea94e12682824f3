package io.dmskit.bench.e2e;

import io.dmskit.bench.Dataset;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * The rows of {@link Dataset} as the text that PostgreSQL's {@code COPY ... FROM STDIN} (text
 * format) or MariaDB's {@code LOAD DATA LOCAL INFILE} (default tab format) reads, generated as
 * the stream is read, so that 600 MB of source data never sit in memory or on disk. Also counts
 * the bytes of the PostgreSQL text form, which the harness reports MB/s against.
 */
final class Generator extends InputStream {
    enum Format { POSTGRES, MARIADB }

    private static final byte[] HEX = "0123456789abcdef".getBytes();

    private final String table;
    private final Format format;
    private final long last;
    private long next = 1;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long bytes;
    private final Dataset.Order order = new Dataset.Order();
    private final Dataset.Doc doc = new Dataset.Doc();

    Generator(String table, Format format, long rows) {
        this.table = table;
        this.format = format;
        this.last = rows;
    }

    /** The bytes produced so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public int read() {
        if (pos == limit && !refill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos == limit && !refill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean refill() {
        pos = 0;
        limit = 0;
        while (next <= last && limit < buf.length - 8192) {
            if (table.equals("orders")) {
                orderLine(order.at(next++));
            } else {
                docLine(doc.at(next++));
            }
        }
        bytes += limit;
        return limit > 0;
    }

    private void ensure(int n) {
        if (limit + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, limit + n));
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[limit++] = b;
    }

    private void put(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[limit++] = (byte) s.charAt(i);
        }
    }

    private void put(byte[] b, int n) {
        ensure(n);
        System.arraycopy(b, 0, buf, limit, n);
        limit += n;
    }

    private void num(long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            put((byte) '0');
        }
        put(s);
    }

    private void nul() {
        put((byte) '\\');
        put((byte) 'N');
    }

    private void orderLine(Dataset.Order o) {
        num(o.id, 1);
        put((byte) '\t');
        num(o.customerId, 1);
        put((byte) '\t');
        put(o.status);
        put((byte) '\t');
        num(o.amountCents / 100, 1);
        put((byte) '.');
        num(o.amountCents % 100, 2);
        put((byte) '\t');
        if (o.note == null) {
            nul();
        } else {
            put(o.note, o.noteLength);
        }
        put((byte) '\t');
        LocalDateTime t = o.createdAt();
        date(t.toLocalDate());
        put((byte) ' ');
        num(t.getHour(), 2);
        put((byte) ':');
        num(t.getMinute(), 2);
        put((byte) ':');
        num(t.getSecond(), 2);
        put((byte) '.');
        num(t.getNano() / 1000, 6);
        put((byte) '\t');
        LocalDate s = o.shippedOn();
        if (s == null) {
            nul();
        } else {
            date(s);
        }
        put((byte) '\t');
        put(format == Format.POSTGRES ? (o.gift ? (byte) 't' : (byte) 'f') : (o.gift ? (byte) '1' : (byte) '0'));
        put((byte) '\n');
    }

    private void date(LocalDate d) {
        num(d.getYear(), 4);
        put((byte) '-');
        num(d.getMonthValue(), 2);
        put((byte) '-');
        num(d.getDayOfMonth(), 2);
    }

    private void docLine(Dataset.Doc d) {
        num(d.id, 1);
        put((byte) '\t');
        put(d.title, d.titleLength);
        put((byte) '\t');
        put(d.body, d.body.length);
        put((byte) '\t');
        if (format == Format.POSTGRES) {
            put((byte) '\\');
            put((byte) '\\');
            put((byte) 'x');
        }
        ensure(d.payload.length * 2);
        for (byte b : d.payload) {
            buf[limit++] = HEX[(b >> 4) & 15];
            buf[limit++] = HEX[b & 15];
        }
        put((byte) '\n');
    }
}
