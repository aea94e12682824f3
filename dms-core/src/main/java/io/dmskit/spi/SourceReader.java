package io.dmskit.spi;

import io.dmskit.schema.Table;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Reads rows of a source engine's tables as row batches of logical-type values.
 * Stateless and thread-safe: each {@link #open} call gets its own connection and returns a
 * stream that one thread uses.
 *
 * <p>Transactions: the caller owns the connection; the reader may switch off auto-commit (which
 * PostgreSQL needs for a cursor) and leaves it so. The caller ends the transaction.
 */
public interface SourceReader {

    /** Starts reading. The stream reads lazily; memory stays bounded by the batch and fetch size. */
    RowReader open(Connection connection, ReadRequest request) throws SQLException;

    /**
     * The partitions of a table, for loading one partition per segment (AWS DMS
     * {@code parallel-load} {@code partitions-auto} and {@code partitions-list}): the table's
     * partitions (parent null) and their subpartitions (parent: the partition's name), in the
     * source's order. A reader that lists partitions reads {@link ReadRequest#partitions()}.
     * The default: none, and such a reader reads whole tables only.
     *
     * @return the partitions; empty when the table is not partitioned or the engine has none
     */
    default List<Partition> partitions(Connection connection, Table table) throws SQLException {
        return List.of();
    }

    /**
     * A partition or subpartition of a source table.
     *
     * @param name   the name that {@link ReadRequest#partitions()} takes (for PostgreSQL, the
     *               partition table's name; for MySQL/MariaDB, the partition's name)
     * @param parent the partition that this subpartition belongs to, or null for a partition
     */
    record Partition(String name, String parent) {
        public Partition {
            Objects.requireNonNull(name, "name");
        }
    }
}
