package io.dmskit.postgres;

/**
 * Writes one non-null value of one column in PostgreSQL's binary send/recv format, preceded by
 * its int32 length, as a field of a binary COPY row. Chosen once per column when a writer opens,
 * so that the copy loop only calls it. An instance serves one writer, used by one thread, and
 * may keep scratch space between calls.
 */
@FunctionalInterface
interface PgEncoder {

    /**
     * @param value a non-null value of the column's logical Java class
     * @param out   the buffer to append the length word and the value to
     * @throws io.dmskit.spi.ValueException with row and column -1 (the writer fills them in) when
     *         the value cannot be written without loss or is of the wrong class; nothing of the
     *         value is then left in the buffer beyond what the writer truncates
     */
    void encode(Object value, CopyBuffer out);
}
