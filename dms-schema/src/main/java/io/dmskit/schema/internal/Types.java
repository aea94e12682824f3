package io.dmskit.schema.internal;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.DataType;

import java.util.List;

/** Type-mapping helpers shared by the dialects. Stateless; not for users. */
public final class Types {

    private Types() {
    }

    /** The error for a source type that an engine cannot hold, in the words that users see. */
    public static DmsException unsupported(DataType source, String engine) {
        return unsupported(source, engine, null);
    }

    /** As {@link #unsupported(DataType, String)}, with a reason (for example "MySQL has no time with time zone"). */
    public static DmsException unsupported(DataType source, String engine, String reason) {
        return new DmsException(ErrorCode.UNSUPPORTED_TYPE, "type '" + source.nativeName() + "' has no equivalent in "
                + engine + (reason == null ? "" : " (" + reason + ")")
                + "; exclude the column or the table in the table mapping");
    }

    /** Fractional second digits: {@code digits} capped at {@code max}; unknown (negative) becomes {@code whenUnknown}. */
    public static int fraction(int digits, int max, int whenUnknown) {
        return digits < 0 ? Math.min(whenUnknown, max) : Math.min(digits, max);
    }

    /** The length, in characters, of the longest label; at least 1. */
    public static int longestLabel(List<String> labels) {
        int max = 1;
        for (String l : labels) {
            max = Math.max(max, l.codePointCount(0, l.length()));
        }
        return max;
    }

    /** The length, in characters, of the longest SET value: every label, separated by commas; at least 1. */
    public static int setTextLength(List<String> labels) {
        long sum = Math.max(0, labels.size() - 1);
        for (String l : labels) {
            sum += l.codePointCount(0, l.length());
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, sum));
    }
}
