package io.dmskit.cdc;

import io.dmskit.spi.ChangeBatch;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.ChangeSource;
import io.dmskit.spi.SourcePosition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Helpers of the change capture tests. */
public final class CdcTesting {
    private CdcTesting() {
    }

    /** A unique lower-case name with a prefix, for schemas, databases and tasks that other tests running at the same time do not share. */
    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    }

    /** The events of a batch but the SCHEMA events, which state each table's columns before its first change of a run. */
    public static List<ChangeEvent> changes(ChangeBatch b) {
        return b.events().stream().filter(e -> e.operation() != ChangeEvent.Operation.SCHEMA).toList();
    }

    /** The batches polled until {@code events} changes (not counting SCHEMA events) arrived (fails after the timeout), each acknowledged when asked. */
    public static List<ChangeBatch> pollBatches(ChangeSource source, int events, Duration timeout, boolean acknowledge)
            throws InterruptedException {
        List<ChangeBatch> batches = new ArrayList<>();
        int seen = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen < events) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + seen + " of " + events + " changes arrived within " + timeout + ": " + batches);
            }
            ChangeBatch b = source.poll(Duration.ofMillis(500));
            if (!b.isEmpty()) {
                batches.add(b);
                seen += changes(b).size();
            }
            if (acknowledge) {
                source.acknowledge(b.position());
            }
        }
        return batches;
    }

    public static List<ChangeEvent> events(List<ChangeBatch> batches) {
        List<ChangeEvent> out = new ArrayList<>();
        batches.forEach(b -> out.addAll(changes(b)));
        return out;
    }

    /** Polls for a while and returns whatever changes arrive (to show that none do). */
    public static List<ChangeEvent> drain(ChangeSource source, Duration quiet) throws InterruptedException {
        List<ChangeEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            out.addAll(changes(source.poll(Duration.ofMillis(200))));
        }
        return out;
    }

    public static void assertIncreasing(List<ChangeEvent> events) {
        SourcePosition previous = null;
        for (ChangeEvent e : events) {
            if (previous != null && e.position().compareTo(previous) <= 0) {
                throw new AssertionError("position " + e.position() + " does not come after " + previous);
            }
            previous = e.position();
        }
    }
}
