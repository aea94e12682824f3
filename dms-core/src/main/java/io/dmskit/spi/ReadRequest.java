package io.dmskit.spi;

import io.dmskit.schema.Column;
import io.dmskit.schema.Table;

import java.util.List;

/**
 * What a {@link SourceReader} is asked to read: some columns of the rows of a table in a key
 * range. Immutable.
 *
 * @param table     the source table, as its dialect read it
 * @param columns   the columns to read, in the order the batch's values must have; a subset of the table's
 * @param range     the rows to read
 * @param fetchSize how many rows the driver should fetch per round trip
 */
public record ReadRequest(Table table, List<Column> columns, KeyRange range, int fetchSize) {
    public ReadRequest {
        columns = List.copyOf(columns);
    }
}
