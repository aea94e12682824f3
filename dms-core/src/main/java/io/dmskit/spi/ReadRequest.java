package io.dmskit.spi;

import io.dmskit.schema.Column;
import io.dmskit.schema.Table;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link SourceReader} is asked to read: some columns of the rows of a table in a key
 * range that pass a filter. Immutable.
 *
 * @param table     the source table, as its dialect read it
 * @param columns   the columns to read, in the order the batch's values must have; a subset of the table's
 * @param range     the rows to read
 * @param fetchSize how many rows the driver should fetch per round trip
 * @param filter    the rows to read within the range (the mapping's source filters); {@link ReadFilter#NONE} for all
 */
public record ReadRequest(Table table, List<Column> columns, KeyRange range, int fetchSize, ReadFilter filter) {
    public ReadRequest {
        columns = List.copyOf(columns);
        filter = Objects.requireNonNullElse(filter, ReadFilter.NONE);
    }

    /** A request for every row of the range. */
    public ReadRequest(Table table, List<Column> columns, KeyRange range, int fetchSize) {
        this(table, columns, range, fetchSize, ReadFilter.NONE);
    }
}
