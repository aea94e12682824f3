package io.dmskit.spi;

import io.dmskit.schema.Column;
import io.dmskit.schema.Table;

import java.util.List;

/**
 * Where a {@link TargetWriter} writes: some columns of a target table. Batches carry one value
 * per column of {@link #columns()}, in that order, of the column's logical type's Java class.
 * Immutable.
 *
 * @param table   the target table, as the target dialect describes it
 * @param columns the columns written, a subset of the table's (the others take their defaults)
 */
public record WriteRequest(Table table, List<Column> columns) {
    public WriteRequest {
        columns = List.copyOf(columns);
    }
}
