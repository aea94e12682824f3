package io.dmskit.cdc.internal;

import java.util.List;
import java.util.Map;

/**
 * The durable state of change capture, per task: the capture engine's offsets (opaque keys and
 * values) and, for engines that keep one, the schema history (an append-only list of records).
 * Implementations keep it in tables of a control schema ({@link JdbcStateStore}) or in one file
 * ({@link FileStateStore}). Thread-safe: Debezium writes offsets and history from its own threads.
 * Failures are {@link java.io.UncheckedIOException} or {@link io.dmskit.error.DmsException}.
 */
public interface StateStore extends AutoCloseable {

    /** The task's offsets; empty when none are stored. */
    Map<String, String> offsets(String task);

    /** Stores these offsets for the task, replacing those of the same keys and keeping the others. */
    void putOffsets(String task, Map<String, String> offsets);

    /** The task's schema history records, oldest first; empty when none are stored. */
    List<String> history(String task);

    /** Appends a record to the task's schema history. */
    void appendHistory(String task, String record);

    /** Removes the task's offsets and schema history. */
    void deleteTask(String task);

    @Override
    void close();
}
