package io.dmskit.spi;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link ChangeSource#poll} returns: the changes that arrived, in source commit order,
 * and the source position after them. Immutable and thread-safe.
 *
 * <p>{@link #position()} is where a restart goes on so that the changes of this batch and of
 * every earlier one are not delivered again and no later change is missed: store it with the
 * applied changes (in the same target transaction), then {@link ChangeSource#acknowledge} it. It
 * also moves on without changes, when the source reports progress on tables that are not
 * captured (a heartbeat), so acknowledging empty batches lets the source free its log.
 *
 * <p>Transactions: a source cuts batches at transaction boundaries whenever it can, so
 * {@link #endsTransaction()} is normally true. A transaction with more changes than a batch holds
 * spans several batches; each but the last has {@code endsTransaction() == false}, and its
 * position lies inside the transaction, so a restart from it delivers exactly the transaction's
 * remaining changes. An applier that must apply source transactions atomically keeps its target
 * transaction open across such batches.
 *
 * <p>A SCHEMA event travels in the same batch as the row change it precedes (they share a
 * position), so a batch may hold one event more than the request's maximum batch size.
 */
public final class ChangeBatch {
    private final List<ChangeEvent> events;
    private final SourcePosition position;
    private final boolean endsTransaction;

    private ChangeBatch(List<ChangeEvent> events, SourcePosition position, boolean endsTransaction) {
        this.events = List.copyOf(events);
        this.position = Objects.requireNonNull(position, "position");
        this.endsTransaction = endsTransaction;
    }

    /**
     * A batch of changes.
     *
     * @param events          in source commit order; copied
     * @param position        the position after the last event (or after later progress without changes)
     * @param endsTransaction whether the last event's transaction has no changes after this batch
     */
    public static ChangeBatch of(List<ChangeEvent> events, SourcePosition position, boolean endsTransaction) {
        return new ChangeBatch(events, position, endsTransaction);
    }

    /** A batch without changes, at a position. */
    public static ChangeBatch empty(SourcePosition position) {
        return new ChangeBatch(List.of(), position, true);
    }

    /** The changes, in source commit order. Immutable; empty when none arrived. */
    public List<ChangeEvent> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    /** The source position after this batch. Never null. */
    public SourcePosition position() {
        return position;
    }

    /** Whether the batch ends at a transaction boundary (no change of its last transaction comes later). */
    public boolean endsTransaction() {
        return endsTransaction;
    }

    @Override
    public String toString() {
        return "ChangeBatch[" + events.size() + " changes, position " + position + (endsTransaction ? "" : ", inside a transaction") + "]";
    }
}
