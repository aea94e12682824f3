package io.dmskit.internal.convert;

import io.dmskit.LobSettings;
import io.dmskit.internal.policy.TruncationException;
import io.dmskit.schema.Column;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.ValueException;

import java.util.ArrayList;
import java.util.List;

/**
 * Limited LOB mode: finds the LOB values larger than {@code LobMaxSize}, which are never
 * truncated but reported as truncation errors. LOB columns are those of source type TEXT (also
 * PostgreSQL {@code xml} and MySQL's TINY/MEDIUM/LONG TEXT), BLOB (PostgreSQL {@code bytea},
 * MySQL's BLOB types) and JSON (PostgreSQL {@code json}/{@code jsonb}, MySQL {@code JSON}).
 * A value's size is its length in bytes: of its UTF-8 encoding for text. One instance per segment.
 */
public final class LobLimit {
    private final int[] columns;
    private final long maxBytes;

    private LobLimit(int[] columns, long maxBytes) {
        this.columns = columns;
        this.maxBytes = maxBytes;
    }

    /** Whether a column of this source type is a LOB column. */
    public static boolean isLob(TypeKind kind) {
        return kind == TypeKind.TEXT || kind == TypeKind.BLOB || kind == TypeKind.JSON;
    }

    /** The indexes of the LOB columns among {@code columns}. */
    public static List<Integer> lobColumns(List<Column> columns) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (isLob(columns.get(i).type().kind())) {
                out.add(i);
            }
        }
        return out;
    }

    /** The check for the source columns of a segment, or null when nothing is to be checked (full LOB mode, no LOB column). */
    public static LobLimit of(List<Column> sourceColumns, LobSettings lobs) {
        long max = lobs.maxLobBytes();
        List<Integer> lob = lobColumns(sourceColumns);
        if (max == Long.MAX_VALUE || lob.isEmpty()) {
            return null;
        }
        return new LobLimit(lob.stream().mapToInt(Integer::intValue).toArray(), max);
    }

    /**
     * Checks the rows from {@code from} on.
     *
     * @throws ValueException for the first value over the limit, with a {@link TruncationException} as cause
     */
    public void check(RowBatch batch, int from) {
        int n = batch.size();
        for (int r = from; r < n; r++) {
            Object[] row = batch.row(r);
            for (int c : columns) {
                long size = size(row[c], maxBytes);
                if (size > maxBytes) {
                    String reason = "a LOB value of " + size + " bytes is larger than LobMaxSize (" + (maxBytes / 1024)
                            + " KB) of limited LOB mode; it is not truncated. Raise LobMaxSize or use FullLobMode";
                    throw new ValueException(r, c, reason, new TruncationException(reason));
                }
            }
        }
    }

    /** The size in bytes of a value (UTF-8 for text), exact when it may be over {@code max}; 0 for other values. */
    public static long sizeOf(Object v, long max) {
        return size(v, max);
    }

    static long size(Object v, long max) {
        if (v instanceof byte[] b) {
            return b.length;
        }
        if (v instanceof String s) {
            if ((long) s.length() * 3 <= max) {
                return s.length(); // at most 3 bytes per UTF-16 unit: under the limit whatever the characters
            }
            return utf8Length(s);
        }
        return 0;
    }

    static long utf8Length(CharSequence s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n++;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
