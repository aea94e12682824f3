package io.dmskit.internal.cdc;

import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeEvent;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping of CDC re-validation: which rows the applier changed, and when, per table, so
 * that each can be compared once it has not changed for a delay.
 *
 * <p>A table whose row key is one integer column ({@link #track}) keeps the key values of its
 * changed rows with the time of their last applied change, at most {@code maxKeys} of them; past
 * that cap (or for a table without such a key) only "the whole table changed" and the time of
 * its last change are kept, and the whole table is compared once no change was applied to it for
 * the delay. Thread-safe: the CDC loop records, a re-validation thread takes what is due.
 *
 * <p>Times are {@link System#nanoTime()} values.
 */
public final class ChangedKeys {
    private final long delayNanos;
    private final int maxKeys;
    private final Map<TableId, Tracked> tables = new HashMap<>();
    /** The latest source commit time of the changes applied. */
    private java.time.Instant appliedUpTo;

    /** What is due in one table. */
    public record Due(TableId table, List<BigInteger> keys, boolean wholeTable) {
    }

    private static final class Tracked {
        /** The key column's name in change events, or null to track the table as a whole. */
        final String keyColumn;
        final Map<BigInteger, Long> keys = new HashMap<>();
        /** Keys that differed once, with when (wall clock, whole seconds): compared again before they are reported. */
        final Map<BigInteger, java.time.Instant> suspects = new HashMap<>();
        boolean whole;
        long lastChange;

        Tracked(String keyColumn) {
            this.keyColumn = keyColumn;
        }
    }

    public ChangedKeys(long delayNanos, int maxKeys) {
        this.delayNanos = delayNanos;
        this.maxKeys = maxKeys;
    }

    /**
     * Tracks a source table.
     *
     * @param keyColumn its integer key column, or null when its rows cannot be named by one integer
     */
    public synchronized void track(TableId table, String keyColumn) {
        tables.put(table, new Tracked(keyColumn));
    }

    /** Records the changes of a committed transaction: they were applied at {@code now}. */
    public synchronized void applied(List<ChangeEvent> events, long now) {
        for (ChangeEvent e : events) {
            if (e.commitTime() != null && (appliedUpTo == null || e.commitTime().isAfter(appliedUpTo))) {
                appliedUpTo = e.commitTime();
            }
            Tracked t = tables.get(e.table());
            if (t == null) {
                continue;
            }
            t.lastChange = now;
            if (t.whole) {
                continue;
            }
            int k = t.keyColumn == null ? -1 : e.columns().indexOf(t.keyColumn);
            BigInteger before = k < 0 || !e.hasBefore() ? null : key(e.before(k));
            BigInteger after = k < 0 || !e.hasAfter() ? null : key(e.after(k));
            if ((e.hasBefore() && before == null) || (e.hasAfter() && after == null)) {
                wholeTable(t);
                continue;
            }
            if (before != null) {
                t.keys.put(before, now);
            }
            if (after != null) {
                t.keys.put(after, now);
            }
            if (t.keys.size() > maxKeys) {
                wholeTable(t);
            }
        }
    }

    /** Marks a table as changed as a whole at {@code now}: for example just after its full load. */
    public synchronized void wholeTableChanged(TableId table, long now) {
        Tracked t = tables.get(table);
        if (t != null) {
            t.lastChange = now;
            wholeTable(t);
        }
    }

    private static void wholeTable(Tracked t) {
        t.whole = true;
        t.keys.clear();
        t.suspects.clear();
    }

    /** Takes what is due at {@code now}: keys unchanged for the delay, or a whole table unchanged for it. */
    public synchronized List<Due> takeDue(long now) {
        List<Due> out = new ArrayList<>();
        for (Map.Entry<TableId, Tracked> e : tables.entrySet()) {
            Tracked t = e.getValue();
            if (t.whole) {
                if (now - t.lastChange >= delayNanos) {
                    t.whole = false;
                    out.add(new Due(e.getKey(), List.of(), true));
                }
                continue;
            }
            List<BigInteger> keys = new ArrayList<>();
            for (Iterator<Map.Entry<BigInteger, Long>> it = t.keys.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<BigInteger, Long> k = it.next();
                if (now - k.getValue() >= delayNanos) {
                    keys.add(k.getKey());
                    it.remove();
                }
            }
            if (!keys.isEmpty()) {
                out.add(new Due(e.getKey(), keys, false));
            }
        }
        return out;
    }

    /** Whether a change to this key (or, for a whole table, to the table) was applied after {@code since}. */
    public synchronized boolean changedSince(TableId table, BigInteger key, long since) {
        Tracked t = tables.get(table);
        if (t == null) {
            return false;
        }
        if (key == null || t.whole) {
            return t.lastChange > since;
        }
        Long at = t.keys.get(key);
        return at != null && at > since;
    }

    /**
     * A key found different: true (report it now) when it had already been found different at an
     * earlier check and the applier has since applied a source change committed at or after that
     * first finding, so that a source change to the row still on its way cannot explain the
     * difference; else remembers it and queues it for another check after the delay.
     */
    public synchronized boolean confirm(TableId table, BigInteger key, long now) {
        Tracked t = tables.get(table);
        if (t == null) {
            return true;
        }
        if (t.whole) {
            return false;
        }
        java.time.Instant first = t.suspects.get(key);
        if (first != null && appliedUpTo != null && !appliedUpTo.isBefore(first)) {
            t.suspects.remove(key);
            return true;
        }
        if (first == null) {
            // whole seconds: some sources (MariaDB's binlog) give commit times in seconds
            t.suspects.put(key, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        t.keys.putIfAbsent(key, now);
        return false;
    }

    /** Queues keys again, as changed at {@code now}: their comparison could not be done. */
    public synchronized void requeue(TableId table, List<BigInteger> keys, long now) {
        Tracked t = tables.get(table);
        if (t != null && !t.whole) {
            for (BigInteger k : keys) {
                t.keys.putIfAbsent(k, now);
            }
        }
    }

    /** A key found equal (or reported): forgets that it was suspect. */
    public synchronized void settled(TableId table, BigInteger key) {
        Tracked t = tables.get(table);
        if (t != null) {
            t.suspects.remove(key);
        }
    }

    /** The value of an integer key, or null when it is not one. */
    static BigInteger key(Object v) {
        if (v instanceof BigInteger b) {
            return b;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
