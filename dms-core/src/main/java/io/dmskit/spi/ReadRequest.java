package io.dmskit.spi;

import io.dmskit.schema.Column;
import io.dmskit.schema.Table;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link SourceReader} is asked to read: some columns of the rows of a table in a key
 * range that pass a filter, optionally only from some of the table's partitions. Immutable.
 *
 * @param table     the source table, as its dialect read it
 * @param columns   the columns to read, in the order the batch's values must have; a subset of the table's
 * @param range     the rows to read
 * @param fetchSize how many rows the driver should fetch per round trip
 * @param filter    the rows to read within the range (the mapping's source filters); {@link ReadFilter#NONE} for all
 * @param partitions the names of the table's partitions (or subpartitions) to read, as
 *                   {@link SourceReader#partitions} lists them; empty (never null) for the whole table
 */
public record ReadRequest(Table table, List<Column> columns, KeyRange range, int fetchSize, ReadFilter filter,
                          List<String> partitions) {
    public ReadRequest {
        columns = List.copyOf(columns);
        filter = Objects.requireNonNullElse(filter, ReadFilter.NONE);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    /** A request for the rows of the range that pass the filter, in every partition. */
    public ReadRequest(Table table, List<Column> columns, KeyRange range, int fetchSize, ReadFilter filter) {
        this(table, columns, range, fetchSize, filter, List.of());
    }

    /** This request, reading only the given partitions (empty: the whole table). */
    public ReadRequest withPartitions(List<String> names) {
        return new ReadRequest(table, columns, range, fetchSize, filter, names);
    }

    /** A request for every row of the range. */
    public ReadRequest(Table table, List<Column> columns, KeyRange range, int fetchSize) {
        this(table, columns, range, fetchSize, ReadFilter.NONE);
    }
}
