package io.dmskit.spi;

import io.dmskit.schema.Table;
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
 *   <li>a {@link io.dmskit.schema.ZeroDate}: a MySQL/MariaDB zero date ({@code 0000-00-00}) of a
 *       DATE, DATETIME or TIMESTAMP column, which the task's zero-date type rule decides about,
 *       exactly as for a row of the full load.</li>
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
 *
 * <p><b>Table events.</b> Two operations change a table rather than a row, and have no images:
 * {@link Operation#SCHEMA} (made with {@link #schema}), which states the table's columns
 * ({@link #columns()}, and their types in {@link #schemaChange()}); and
 * {@link Operation#TRUNCATE} (made with {@link #truncate}), every row of the table removed. A
 * source emits a SCHEMA event before the first row change of each table in a capture run and
 * before the first row change after each change of the table's columns, with that row change's
 * position (sources that see schema changes only through the rows that follow them, as
 * PostgreSQL's logical decoding does, cannot tell sooner). A consumer compares the columns with
 * the ones it knows to see what changed: the first SCHEMA event of a run may follow changes made
 * while capture was not running, so its {@link SchemaChange#changes()} are empty.
 */
public final class ChangeEvent {

    /** What happened to the row. */
    public enum Operation {
        INSERT, UPDATE, DELETE,
        /** The table's columns changed, or the table is new; see {@link #schemaChange()}. No images. */
        SCHEMA,
        /** Every row of the table was removed (SQL TRUNCATE). No images. */
        TRUNCATE
    }

    /** What a column-level schema change did. */
    public enum ColumnChangeKind { ADD_COLUMN, DROP_COLUMN, RENAME_COLUMN }

    /**
     * One column added, dropped or renamed.
     *
     * @param kind    what happened
     * @param oldName the column's name before the change; null for an added column
     * @param newName the column's name after the change; null for a dropped column
     */
    public record ColumnChange(ColumnChangeKind kind, String oldName, String newName) {
        public ColumnChange {
            Objects.requireNonNull(kind, "kind");
            if ((kind == ColumnChangeKind.ADD_COLUMN) != (oldName == null) || (kind == ColumnChangeKind.DROP_COLUMN) != (newName == null)) {
                throw new IllegalArgumentException(kind + " needs " + (kind == ColumnChangeKind.ADD_COLUMN ? "a new name only"
                        : kind == ColumnChangeKind.DROP_COLUMN ? "an old name only" : "an old and a new name"));
            }
        }

        public static ColumnChange added(String name) {
            return new ColumnChange(ColumnChangeKind.ADD_COLUMN, null, name);
        }

        public static ColumnChange dropped(String name) {
            return new ColumnChange(ColumnChangeKind.DROP_COLUMN, name, null);
        }

        public static ColumnChange renamed(String oldName, String newName) {
            return new ColumnChange(ColumnChangeKind.RENAME_COLUMN, oldName, newName);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case ADD_COLUMN -> "ADD COLUMN " + newName;
                case DROP_COLUMN -> "DROP COLUMN " + oldName;
                case RENAME_COLUMN -> "RENAME COLUMN " + oldName + " TO " + newName;
            };
        }
    }

    /**
     * What a {@link Operation#SCHEMA} event says. Immutable.
     *
     * @param newTable whether the table was not captured before (it appeared at the source and
     *                 matches the task's tables); then {@code changes} is empty
     * @param changes  the column changes since the source's previous SCHEMA event of the table, as far as
     *                 the source knows them (empty when it does not; the columns are what counts)
     * @param table    the table after the change as the source's catalog describes it (column
     *                 types, keys), or null when the catalog could not be read
     */
    public record SchemaChange(boolean newTable, List<ColumnChange> changes, Table table) {
        public SchemaChange {
            changes = List.copyOf(changes);
        }

        @Override
        public String toString() {
            return newTable ? "CREATE TABLE" : changes.toString();
        }
    }

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
    private final SchemaChange schemaChange;

    private ChangeEvent(Operation operation, TableId table, List<String> columns, Object[] before, Object[] after,
                        String transactionId, Instant commitTime, SourcePosition position) {
        this(operation, table, columns, before, after, transactionId, commitTime, position, null);
    }

    private ChangeEvent(Operation operation, TableId table, List<String> columns, Object[] before, Object[] after,
                        String transactionId, Instant commitTime, SourcePosition position, SchemaChange schemaChange) {
        this.schemaChange = schemaChange;
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

    /**
     * The table's columns changed, or a new captured table appeared.
     *
     * @param columns the table's column names after the change, in the order of later images
     */
    public static ChangeEvent schema(TableId table, List<String> columns, SchemaChange change, String transactionId,
                                     Instant commitTime, SourcePosition position) {
        return new ChangeEvent(Operation.SCHEMA, table, columns, null, null, transactionId, commitTime, position,
                Objects.requireNonNull(change, "change"));
    }

    /** Every row of the table removed. */
    public static ChangeEvent truncate(TableId table, String transactionId, Instant commitTime, SourcePosition position) {
        return new ChangeEvent(Operation.TRUNCATE, table, List.of(), null, null, transactionId, commitTime, position);
    }

    /** Whether the event changes one row (an insert, update or delete), not the table. */
    public boolean isRowChange() {
        return operation.ordinal() <= Operation.DELETE.ordinal();
    }

    /** What a {@link Operation#SCHEMA} event changed; null for other events. */
    public SchemaChange schemaChange() {
        return schemaChange;
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
                && position.equals(e.position) && Objects.equals(schemaChange, e.schemaChange);
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
        if (schemaChange != null) {
            s.append(' ').append(schemaChange);
        }
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
