package io.dmskit.spi;

import java.time.Duration;

/**
 * A running capture of one source's changes (change data capture), opened by a
 * {@link ChangeSourceProvider}. It delivers {@link ChangeBatch}es in source commit order and
 * learns, through {@link #acknowledge}, up to where the changes have been applied, so that the
 * source can free its log (a PostgreSQL replication slot moves on) and a restart without an
 * explicit position resumes there.
 *
 * <pre>{@code
 * try (ChangeSource changes = ChangeSourceProvider.forEngine("postgresql").open(request)) {
 *     while (running) {
 *         ChangeBatch batch = changes.poll(Duration.ofSeconds(1));
 *         applyInOneTransaction(batch.events(), batch.position());   // position stored with the data
 *         changes.acknowledge(batch.position());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Delivery.</b> Exactly once from a position: a source opened at a position delivers every
 * change after it, in order, and none before it. Acknowledging is a hint for the source's
 * housekeeping, not a commit of the consumer's work: a consumer that stores each batch's position
 * with its own writes and opens the source there after a crash neither loses nor repeats a change,
 * whether or not its last acknowledge reached the source.
 *
 * <p><b>Threading.</b> Capture runs on the source's own threads, ahead of the consumer, into a
 * bounded buffer. {@link #poll}, {@link #acknowledge} and {@link #close} are called by one
 * consumer thread at a time (they are not meant to be called concurrently).
 *
 * <p><b>Failures.</b> When capture fails (the connection is lost for good, the source's log no
 * longer has the position, a value cannot be read), the next {@link #poll} throws a
 * {@link io.dmskit.error.DmsException} that names the task and the cause; every change delivered
 * before it is valid.
 */
public interface ChangeSource extends AutoCloseable {

    /** The engine captured, for example {@code postgresql}. */
    String engine();

    /** The task that this capture belongs to; the source-side state (slot, offsets) is kept under it. */
    String taskName();

    /** Where capture started: the requested position, or the source's position when it was opened "from now". */
    SourcePosition startPosition();

    /**
     * The next changes, waiting up to {@code timeout} for the first. Returns as soon as a batch is
     * full, or a transaction is complete and no more changes are ready; returns an empty batch
     * (with the current position) when the timeout passes without a change. Never null.
     *
     * @throws io.dmskit.error.DmsException when capture has failed or the source is closed
     * @throws InterruptedException         when the thread is interrupted while waiting
     */
    ChangeBatch poll(Duration timeout) throws InterruptedException;

    /**
     * Tells the source that the changes up to {@code position} (a position of a batch or an event
     * that this source delivered) are applied, so that it may forget them. Positions at or before
     * an earlier acknowledged one are ignored.
     *
     * @throws IllegalArgumentException when the position is of another engine
     */
    void acknowledge(SourcePosition position);

    /**
     * Stops capturing and releases connections and threads. The source-side state stays (a
     * PostgreSQL replication slot is kept; stored offsets and schema history too), so the task can
     * be resumed; {@link ChangeSourceProvider#deleteTaskState} removes it. Idempotent.
     */
    @Override
    void close();
}
