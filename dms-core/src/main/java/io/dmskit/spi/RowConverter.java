package io.dmskit.spi;

/**
 * Changes the rows of a batch in place between reading and writing: type conversion from the
 * source's logical types to the target's, and value transformations of a mapping. Converters
 * compose: the pipeline runs them in order on each batch. Used by one thread at a time; an
 * instance serves one segment of one table.
 */
public interface RowConverter {

    /**
     * Converts every row of the batch in place.
     *
     * @throws ValueException when a value cannot be converted without loss
     */
    void convert(RowBatch batch);
}
