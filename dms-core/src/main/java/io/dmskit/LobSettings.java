package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/**
 * How large objects (LOBs) are moved: the LOB settings of the AWS DMS {@code TargetMetadata}
 * task settings group, with the same names, units (KB = 1,024 bytes) and defaults. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * LobSettings lobs = LobSettings.builder().fullLobMode(true).limitedSizeLobMode(false).build();
 * TaskSettings settings = TaskSettings.builder().lobSettings(lobs).build();
 * }</pre>
 *
 * <p>LOB columns are the columns of the engines' large types: PostgreSQL {@code text},
 * {@code bytea}, {@code json}, {@code jsonb}, {@code xml}; MySQL/MariaDB {@code TINYTEXT},
 * {@code TEXT}, {@code MEDIUMTEXT}, {@code LONGTEXT}, the {@code BLOB} types and {@code JSON}.
 * Sizes are measured in bytes: of the value's UTF-8 encoding for text, of the value for binary.
 *
 * <ul>
 * <li><b>Limited LOB mode</b> ({@link #limitedSizeLobMode()}, the default): a value of at most
 * {@link #lobMaxSizeKb()} KB moves like any other value. A larger value is <b>never truncated</b>:
 * its row follows {@link ErrorBehavior#dataTruncationErrorPolicy()} (by default it is left out and
 * recorded in the apply-exceptions control table, naming the table, key and column).</li>
 * <li><b>Full LOB mode</b> ({@link #fullLobMode()}): values of any size move whole, in the same
 * pass as their rows (AWS DMS looks large LOBs up in the source afterwards; dmskit does not need
 * to, because its readers get every value with its row: PostgreSQL's binary COPY and the MariaDB
 * and MySQL drivers deliver each value whole). What is chunked is the way to the target: the
 * PostgreSQL COPY and the MySQL/MariaDB LOAD DATA writers send their stream in pieces of a fixed
 * size, whatever the size of the values. {@link #lobChunkSizeKb()} is checked and kept for
 * compatibility with AWS DMS task settings but does not change those sizes. Memory: a reader
 * counts each value's bytes against its batch's byte limit and the queue's budget
 * ({@link TaskSettings#queueBytes()}), so a batch with a large LOB travels alone and the heap holds
 * at most the budget plus the largest single value (a value must fit in the heap).</li>
 * <li><b>Inline</b> ({@link #inlineLobMaxSizeKb()}, with full LOB mode): AWS DMS moves LOBs up to
 * this size with their rows and looks larger ones up. dmskit moves every LOB with its row, so
 * inline LOB mode behaves as full LOB mode; the setting is checked and accepted.</li>
 * <li>{@link #supportLobs()} false: LOB columns are left out of the task (the target tables do not
 * get them) and a warning names each one.</li>
 * </ul>
 *
 * <p>These are the task's settings. A table-settings rule of the table mapping with
 * {@code lob-settings} ({@code limited} with {@code bulk-max-size}, {@code unlimited}, {@code none})
 * gives the tables it matches their own mode and limit, in the full load and in CDC.
 */
public final class LobSettings {
    /** The largest LobMaxSize and InlineLobMaxSize AWS DMS allows: 102,400 KB (100 MB). */
    public static final int MAX_LOB_SIZE_KB = 102_400;

    private final boolean supportLobs;
    private final boolean fullLobMode;
    private final int lobChunkSizeKb;
    private final boolean limitedSizeLobMode;
    private final int lobMaxSizeKb;
    private final int inlineLobMaxSizeKb;

    private LobSettings(Builder b) {
        supportLobs = b.supportLobs;
        fullLobMode = b.fullLobMode;
        lobChunkSizeKb = b.lobChunkSizeKb;
        limitedSizeLobMode = b.limitedSizeLobMode;
        lobMaxSizeKb = b.lobMaxSizeKb;
        inlineLobMaxSizeKb = b.inlineLobMaxSizeKb;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The AWS DMS defaults: LOBs supported, limited LOB mode with a limit of 32 KB. */
    public static LobSettings defaults() {
        return builder().build();
    }

    /** {@code SupportLobs}: whether LOB columns are migrated at all. Default true. */
    public boolean supportLobs() {
        return supportLobs;
    }

    /** {@code FullLobMode}: values of any size move whole. Default false. */
    public boolean fullLobMode() {
        return fullLobMode;
    }

    /** {@code LobChunkSize}: the piece size, in KB, of streamed LOB reads and writes in full LOB mode. Default 64. */
    public int lobChunkSizeKb() {
        return lobChunkSizeKb;
    }

    /** {@code LimitedSizeLobMode}: values over {@link #lobMaxSizeKb()} follow the truncation error policy. Default true. */
    public boolean limitedSizeLobMode() {
        return limitedSizeLobMode;
    }

    /** {@code LobMaxSize}: the largest LOB, in KB, in limited LOB mode. Default 32. */
    public int lobMaxSizeKb() {
        return lobMaxSizeKb;
    }

    /** {@code InlineLobMaxSize}: in full LOB mode, LOBs up to this size in KB move inline with their rows; 0 (default) none. */
    public int inlineLobMaxSizeKb() {
        return inlineLobMaxSizeKb;
    }

    /**
     * The largest LOB in bytes that may move: {@link #lobMaxSizeKb()} KB in limited LOB mode,
     * {@link Long#MAX_VALUE} in full LOB mode or when LOBs are not supported.
     */
    public long maxLobBytes() {
        return supportLobs && limitedSizeLobMode ? lobMaxSizeKb * 1024L : Long.MAX_VALUE;
    }

    public Builder toBuilder() {
        return new Builder().supportLobs(supportLobs).fullLobMode(fullLobMode).lobChunkSizeKb(lobChunkSizeKb)
                .limitedSizeLobMode(limitedSizeLobMode).lobMaxSizeKb(lobMaxSizeKb).inlineLobMaxSizeKb(inlineLobMaxSizeKb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LobSettings l && l.supportLobs == supportLobs && l.fullLobMode == fullLobMode
                && l.lobChunkSizeKb == lobChunkSizeKb && l.limitedSizeLobMode == limitedSizeLobMode
                && l.lobMaxSizeKb == lobMaxSizeKb && l.inlineLobMaxSizeKb == inlineLobMaxSizeKb;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(supportLobs, fullLobMode, lobChunkSizeKb, limitedSizeLobMode, lobMaxSizeKb,
                inlineLobMaxSizeKb);
    }

    @Override
    public String toString() {
        return "LobSettings[SupportLobs=" + supportLobs + ", FullLobMode=" + fullLobMode + ", LobChunkSize="
                + lobChunkSizeKb + ", LimitedSizeLobMode=" + limitedSizeLobMode + ", LobMaxSize=" + lobMaxSizeKb
                + ", InlineLobMaxSize=" + inlineLobMaxSizeKb + "]";
    }

    /** Builds {@link LobSettings}; {@link #build()} reports every invalid setting at once. Not thread-safe. */
    public static final class Builder {
        private boolean supportLobs = true;
        private boolean fullLobMode;
        private int lobChunkSizeKb = 64;
        private boolean limitedSizeLobMode = true;
        private int lobMaxSizeKb = 32;
        private int inlineLobMaxSizeKb;

        private Builder() {
        }

        public Builder supportLobs(boolean on) {
            supportLobs = on;
            return this;
        }

        /** Also set {@link #limitedSizeLobMode(boolean)} to false: exactly one of the two modes is on. */
        public Builder fullLobMode(boolean on) {
            fullLobMode = on;
            return this;
        }

        /** From 1 to 102,400 KB. */
        public Builder lobChunkSizeKb(int kb) {
            lobChunkSizeKb = kb;
            return this;
        }

        public Builder limitedSizeLobMode(boolean on) {
            limitedSizeLobMode = on;
            return this;
        }

        /** From 1 to 102,400 KB. */
        public Builder lobMaxSizeKb(int kb) {
            lobMaxSizeKb = kb;
            return this;
        }

        /** 0 (no inline LOBs) or from 1 to 102,400 KB; only with full LOB mode. */
        public Builder inlineLobMaxSizeKb(int kb) {
            inlineLobMaxSizeKb = kb;
            return this;
        }

        /** @throws DmsException with {@link ErrorCode#CONFIGURATION} naming every invalid setting */
        public LobSettings build() {
            List<String> p = new ArrayList<>();
            if (supportLobs && fullLobMode == limitedSizeLobMode) {
                p.add("with SupportLobs=true exactly one of FullLobMode and LimitedSizeLobMode must be true, were FullLobMode="
                        + fullLobMode + " and LimitedSizeLobMode=" + limitedSizeLobMode);
            }
            if (lobChunkSizeKb < 1 || lobChunkSizeKb > MAX_LOB_SIZE_KB) {
                p.add("LobChunkSize must be from 1 to " + MAX_LOB_SIZE_KB + " (KB), was " + lobChunkSizeKb);
            }
            if (lobMaxSizeKb < 1 || lobMaxSizeKb > MAX_LOB_SIZE_KB) {
                p.add("LobMaxSize must be from 1 to " + MAX_LOB_SIZE_KB + " (KB), was " + lobMaxSizeKb);
            }
            if (inlineLobMaxSizeKb < 0 || inlineLobMaxSizeKb > MAX_LOB_SIZE_KB) {
                p.add("InlineLobMaxSize must be 0 or from 1 to " + MAX_LOB_SIZE_KB + " (KB), was " + inlineLobMaxSizeKb);
            }
            if (inlineLobMaxSizeKb > 0 && !fullLobMode) {
                p.add("InlineLobMaxSize applies only with FullLobMode=true, was " + inlineLobMaxSizeKb
                        + " with FullLobMode=false");
            }
            if (!p.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Invalid LOB settings: " + String.join("; ", p));
            }
            return new LobSettings(this);
        }
    }
}
