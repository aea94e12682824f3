package io.dmskit.spi;

import io.dmskit.schema.TableId;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One row change captured from a source: an insert, an update or a delete of one row of one
 * table, with the row's values before and after the change, the source transaction it belongs to,
 * that transaction's commit time and the change's {@link SourcePosition}. Made with the named
 * constructors {@link #insert}, {@link #update} and {@link #delete}. Immutable and thread-safe:
 * the constructors copy the value arrays, and the accessors never hand out the internal ones.
 *
 * <p><b>Values.</b> An image holds one value per {@link #columns() column}, in the table's column
 * order. A value is {@code null} (SQL NULL) or of the class that its column's logical type names
 * ({@link io.dmskit.schema.TypeKind#javaClass()}, exactly as a full-load reader of the same table
 * produces it: integers {@code Long}, unsigned BIGINT {@code BigInteger}, DECIMAL
 * {@code BigDecimal}, text {@code String}, binary {@code byte[]}, DATE {@code LocalDate},
 * TIMESTAMP {@code LocalDateTime}, TIMESTAMP_TZ {@code OffsetDateTime} at UTC, INTERVAL (and MySQL
 * TIME) {@link io.dmskit.schema.Interval}, JSON {@code String}, UUID {@code java.util.UUID}, BIT a
 * {@code String} of '0' and '1', ARRAY a {@code List}), with two exceptions that a consumer must
 * check for:
 * <ul>
 *   <li>{@link #UNAVAILABLE}: the source did not send the value. In an after image it means "not
 *       changed by this update" (a PostgreSQL TOAST value of a table whose REPLICA IDENTITY is not
 *       FULL): keep the target's current value. In a before image it means that the table's
 *       replica identity does not log the column.</li>
 *   <li>an {@link Unrepresentable}: the source holds a value that has no value of the Java class
 *       (PostgreSQL {@code infinity} dates and timestamps, {@code NaN} numerics, {@code 24:00}
 *       times). It carries a message; applying the row is a data error.</li>
 * </ul>
 *
 * <p><b>Images.</b> An insert has an after image only; a delete a before image only; an update
 * both, except that its before image is absent ({@link #hasBefore()} false) when the source does
 * not log one (PostgreSQL with REPLICA IDENTITY DEFAULT when the key did not change). A before
 * image always holds the row's key.
 *
 * <p><b>Order.</b> A {@link ChangeSource} emits events in source commit order: transactions in
 * the order they committed, the changes of one transaction in the order they were made. Events of
 * one transaction share {@link #transactionId()} and {@link #commitTime()}, and their
 * {@link #position()}s increase.
 */
public final class ChangeEvent {

    /** What happened to the row. */
    public enum Operation { INSERT, UPDATE, DELETE }

    /** The value of a column that the source did not send; see the class comment. Compare with {@code ==}. */
    public static final Object UNAVAILABLE = Unavailable.VALUE;

    private enum Unavailable {
        VALUE;

        @Override
        public String toString() {
            return "UNAVAILABLE";
        }
    }

    /**
     * A source value that has no value of its column's Java class, such as PostgreSQL's
     * {@code 'infinity'::timestamp}. Immutable.
     *
     * @param sourceText the value as the source spells it, for example {@code infinity}
     * @param reason     why it has no Java value, for a message
     */
    public record Unrepresentable(String sourceText, String reason) {
        public Unrepresentable {
            Objects.requireNonNull(sourceText, "sourceText");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final Operation operation;
    private final TableId table;
    private final List<String> columns;
    private final Object[] before;
    private final Object[] after;
    private final String transactionId;
    private final Instant commitTime;
    private final SourcePosition position;

    private ChangeEvent(Operation operation, TableId table, List<String> columns, Object[] before, Object[] after,
                        String transactionId, Instant commitTime, SourcePosition position) {
        this.operation = operation;
        this.table = Objects.requireNonNull(table, "table");
        this.columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        this.before = copy(before, this.columns.size(), "before");
        this.after = copy(after, this.columns.size(), "after");
        this.transactionId = transactionId;
        this.commitTime = Objects.requireNonNull(commitTime, "commitTime");
        this.position = Objects.requireNonNull(position, "position");
    }

    /**
     * A row inserted.
     *
     * @param columns       the table's column names in order; an immutable list is kept as is, so
     *                      events of one table can share it
     * @param after         the inserted row, one value per column
     * @param transactionId the source's transaction id, or null when the source has none
     */
    public static ChangeEvent insert(TableId table, List<String> columns, Object[] after, String transactionId,
                                     Instant commitTime, SourcePosition position) {
        return new ChangeEvent(Operation.INSERT, table, columns, null, Objects.requireNonNull(after, "after"),
                transactionId, commitTime, position);
    }

    /**
     * A row updated.
     *
     * @param before the row before the update, or null when the source logs no before image
     * @param after  the row after the update
     */
    public static ChangeEvent update(TableId table, List<String> columns, Object[] before, Object[] after,
                                     String transactionId, Instant commitTime, SourcePosition position) {
        return new ChangeEvent(Operation.UPDATE, table, columns, before, Objects.requireNonNull(after, "after"),
                transactionId, commitTime, position);
    }

    /**
     * A row deleted.
     *
     * @param before the deleted row; at least its key columns (others may be {@link #UNAVAILABLE})
     */
    public static ChangeEvent delete(TableId table, List<String> columns, Object[] before, String transactionId,
                                     Instant commitTime, SourcePosition position) {
        return new ChangeEvent(Operation.DELETE, table, columns, Objects.requireNonNull(before, "before"), null,
                transactionId, commitTime, position);
    }

    private static Object[] copy(Object[] values, int n, String name) {
        if (values == null) {
            return null;
        }
        if (values.length != n) {
            throw new IllegalArgumentException(name + " image has " + values.length + " values for " + n + " columns");
        }
        return values.clone();
    }

    public Operation operation() {
        return operation;
    }

    /** The source table, as the source names it. */
    public TableId table() {
        return table;
    }

    /** The table's column names, in the order of the images' values. Immutable. */
    public List<String> columns() {
        return columns;
    }

    public int columnCount() {
        return columns.size();
    }

    /** Whether the event has a before image: always for a delete, never for an insert, usually for an update. */
    public boolean hasBefore() {
        return before != null;
    }

    /** Whether the event has an after image: inserts and updates. */
    public boolean hasAfter() {
        return after != null;
    }

    /**
     * The value of column {@code index} before the change.
     *
     * @throws IllegalStateException when the event has no before image
     */
    public Object before(int index) {
        if (before == null) {
            throw new IllegalStateException(operation + " of " + table + " has no before image");
        }
        return before[index];
    }

    /**
     * The value of column {@code index} after the change.
     *
     * @throws IllegalStateException when the event is a delete
     */
    public Object after(int index) {
        if (after == null) {
            throw new IllegalStateException(operation + " of " + table + " has no after image");
        }
        return after[index];
    }

    /** A copy of the before image, or null when there is none. */
    public Object[] beforeImage() {
        return before == null ? null : before.clone();
    }

    /** A copy of the after image, or null for a delete. */
    public Object[] afterImage() {
        return after == null ? null : after.clone();
    }

    /** The source transaction's id (PostgreSQL xid, MariaDB GTID), or null when the source gives none. */
    public String transactionId() {
        return transactionId;
    }

    /** When the source transaction committed, as precisely as the source logs it (MariaDB: whole seconds). */
    public Instant commitTime() {
        return commitTime;
    }

    /** Where this change is in the source's change stream; a restart from it goes on with the next change. */
    public SourcePosition position() {
        return position;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeEvent e && operation == e.operation && table.equals(e.table) && columns.equals(e.columns)
                && Arrays.deepEquals(before, e.before) && Arrays.deepEquals(after, e.after)
                && Objects.equals(transactionId, e.transactionId) && commitTime.equals(e.commitTime)
                && position.equals(e.position);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operation, table, position);
    }

    /** For messages and tests: operation, table, position and the images (binary values in hex). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(operation).append(' ').append(table).append(" @").append(position.text())
                .append(" tx=").append(transactionId);
        if (before != null) {
            s.append(" before=");
            image(s, before);
        }
        if (after != null) {
            s.append(" after=");
            image(s, after);
        }
        return s.toString();
    }

    private void image(StringBuilder s, Object[] values) {
        s.append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                s.append(", ");
            }
            Object v = values[i];
            s.append(columns.get(i)).append('=').append(v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : v);
        }
        s.append('}');
    }
}
