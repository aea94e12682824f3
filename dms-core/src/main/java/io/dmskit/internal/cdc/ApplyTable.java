package io.dmskit.internal.cdc;

import io.dmskit.error.DmsException;
import io.dmskit.internal.convert.CoercingConverter;
import io.dmskit.jdbc.ValueBinder;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.ValueException;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One captured table as the applier sees it: which source column goes to which target column
 * (the mapping of the task's full load), the conversion of values to the target columns' types
 * (the full load's {@link CoercingConverter}), the row key in target columns, the statements that
 * write a row and the binders of their parameters.
 *
 * <p>The row key is the source table's primary key (or unique key on NOT NULL columns), mapped
 * to target columns. A table without one, or whose key columns the mapping removes, is applied
 * by whole rows: see {@link ChangeApplier}. Upserts use the dialect's upsert statement when the
 * target has a primary key or unique constraint on exactly the key columns, else a delete by key
 * followed by an insert.
 *
 * <p>Used by one applier thread; not thread-safe (it reuses a one-row batch for conversion).
 */
public final class ApplyTable {
    final Table source;
    final Table target;
    final List<Column> sourceColumns;
    final List<Column> targetColumns;
    /** Indexes (in target column order) of the row key; empty when the table is applied by whole rows. */
    final int[] key;
    final boolean keyConstraint;
    final String upsertSql;
    final String insertSql;
    final String deleteByKeySql;
    final String deleteOneRowSql;
    /** {@code UPDATE t SET k = k WHERE k = ?}: whether a key exists, without changing its row; null without key. */
    final String touchSql;
    private final Dialect dialect;
    private final ValueBinder[] binders;
    private final List<String> names;
    private final List<String> placeholders;
    private final CoercingConverter converter;
    private final RowBatch one;
    /** The type rules' value fixers, applied before {@link #converter}; null when none. */
    io.dmskit.spi.RowConverter fixers;
    /** The number of source columns: the target columns from this index on are the mapping's added columns. */
    final int sourceCount;
    /** The mapping's add-column rules of the table and their target columns (after the source's); empty when none. */
    final List<io.dmskit.TableMapping.AddedColumn> added;
    final List<Column> addedTargets;
    /** Computes the added columns of an after image; null when the table has none. */
    private final io.dmskit.internal.mapping.AddedColumns addedValues;
    private final Binding binding;
    private final Map<BitSet, String> partialUpdates = new HashMap<>();
    private List<String> lastColumns;
    private int[] lastIndex;

    /**
     * @param source        the source table
     * @param target        the target table
     * @param sourceColumns the source columns that the mapping keeps, in order
     * @param targetColumns the target column of each, in the same order
     * @throws DmsException from the conversion planning when a column's values cannot be converted
     */
    public ApplyTable(Table source, Table target, List<Column> sourceColumns, List<Column> targetColumns, Dialect dialect) {
        this(source, target, sourceColumns, targetColumns, dialect, Binding.of(dialect));
    }

    /**
     * As above, with the type rules' value fixers applied to each image before the type conversion
     * (null for none); {@code sourceColumns} then carry the types of the fixed values.
     */
    public ApplyTable(Table source, Table target, List<Column> sourceColumns, List<Column> targetColumns, Dialect dialect,
                      io.dmskit.spi.RowConverter fixers) {
        this(source, target, sourceColumns, targetColumns, dialect, Binding.of(dialect));
        this.fixers = fixers;
    }

    ApplyTable(Table source, Table target, List<Column> sourceColumns, List<Column> targetColumns, Dialect dialect,
               Binding binding) {
        this(source, target, sourceColumns, targetColumns, dialect, binding, List.of(), List.of());
    }

    /**
     * This table with the mapping's add-column rules: their columns are written after the source's,
     * computed from each after image (and the change's header values) as the full load computes
     * them. This table itself when there are none.
     *
     * @param added   the table's added columns, from its {@code MappedTable}
     * @param targets the target column of each, in the same order
     */
    public ApplyTable withAdded(List<io.dmskit.TableMapping.AddedColumn> added, List<Column> targets) {
        if (added == null || added.isEmpty()) {
            return this;
        }
        ApplyTable t = new ApplyTable(source, target, sourceColumns, targetColumns.subList(0, sourceCount), dialect,
                binding, added, targets);
        t.fixers = fixers;
        return t;
    }

    private ApplyTable(Table source, Table target, List<Column> sourceColumns, List<Column> keptTargets, Dialect dialect,
                       Binding binding, List<io.dmskit.TableMapping.AddedColumn> added, List<Column> addedTargets) {
        this.source = source;
        this.target = target;
        this.sourceColumns = List.copyOf(sourceColumns);
        this.sourceCount = sourceColumns.size();
        this.added = List.copyOf(added);
        this.addedTargets = List.copyOf(addedTargets);
        this.addedValues = io.dmskit.internal.mapping.AddedColumns.of(source.id(), sourceColumns, added, addedTargets);
        this.binding = binding;
        List<Column> targetColumns = new ArrayList<>(keptTargets);
        targetColumns.addAll(addedTargets);
        List<Column> fromColumns = new ArrayList<>(sourceColumns);
        fromColumns.addAll(addedTargets);  // computed as the target's values: the conversion passes them
        this.targetColumns = List.copyOf(targetColumns);
        this.dialect = dialect;
        int n = targetColumns.size();
        this.binders = new ValueBinder[n];
        List<String> ph = new ArrayList<>();
        List<String> nm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            binders[i] = binding.binder(targetColumns.get(i));
            ph.add(binding.placeholder(targetColumns.get(i)));
            nm.add(targetColumns.get(i).name());
        }
        this.names = List.copyOf(nm);
        this.placeholders = List.copyOf(ph);
        this.converter = CoercingConverter.of(fromColumns.stream().map(Column::type).toList(),
                targetColumns.stream().map(Column::type).toList());
        this.one = new RowBatch(1, n);

        int[] k = new int[source.rowKey().size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = -1;
            for (int j = 0; j < sourceColumns.size(); j++) {
                if (sourceColumns.get(j).name().equals(source.rowKey().get(i))) {
                    k[i] = j;
                }
            }
        }
        this.key = Arrays.stream(k).anyMatch(i -> i < 0) ? new int[0] : k;
        List<String> keyNames = Arrays.stream(key).mapToObj(nm::get).toList();
        this.keyConstraint = key.length > 0 && (new HashSet<>(target.primaryKey()).equals(new HashSet<>(keyNames))
                || target.uniqueKeys().stream().anyMatch(u -> new HashSet<>(u).equals(new HashSet<>(keyNames))));
        this.insertSql = dialect.insert(target.id(), names, placeholders);
        this.upsertSql = keyConstraint ? dialect.upsert(target.id(), names, placeholders, keyNames) : null;
        this.deleteByKeySql = key.length > 0 ? dialect.deleteByKey(target.id(), keyNames) : null;
        this.touchSql = key.length > 0 ? dialect.updateByKey(target.id(), keyNames.subList(0, 1),
                List.of(dialect.quote(keyNames.get(0))), keyNames) : null;
        String oneRow;
        try {
            // the added columns are left out: a deleted row is matched by its source values (see image())
            oneRow = key.length == 0 ? dialect.deleteOneRow(target.id(), names.subList(0, sourceCount)) : null;
        } catch (UnsupportedOperationException e) {
            oneRow = null;
        }
        this.deleteOneRowSql = oneRow;
    }

    public TableId sourceId() {
        return source.id();
    }

    public TableId targetId() {
        return target.id();
    }

    /** Whether the table has a row key in the target (else its changes are applied by whole rows). */
    public boolean keyed() {
        return key.length > 0;
    }

    /** A row image in target columns: the values after conversion; {@code unavailable} marks the values the source did not send (null when it sent all). */
    record Image(Object[] values, BitSet unavailable) {
        boolean complete() {
            return unavailable == null || unavailable.isEmpty();
        }
    }

    /**
     * The event's before or after image in target columns, converted as the full load converts.
     *
     * @throws ApplyError when a value cannot be converted or the event lacks a mapped column
     */
    Image image(ChangeEvent e, boolean after) {
        int[] idx = indexes(e);
        int n = sourceCount;
        BitSet unavailable = null;
        Object[] row = one.addRow();
        try {
            for (int i = 0; i < n; i++) {
                Object v = after ? e.after(idx[i]) : e.before(idx[i]);
                if (v == ChangeEvent.UNAVAILABLE) {
                    if (unavailable == null) {
                        unavailable = new BitSet(n);
                    }
                    unavailable.set(i);
                    v = null;
                } else if (v instanceof ChangeEvent.Unrepresentable u) {
                    throw new ApplyError(this, e, sourceColumns.get(i).name(), "the source value " + u.sourceText()
                            + " has no value in the target: " + u.reason(), null);
                }
                row[i] = v;
            }
            if (addedValues != null && after) {
                // an added column whose expression reads a value that did not come (not changed by an update) keeps its value
                try {
                    addedValues.compute(row, headers(e), unavailable);
                } catch (ValueException x) {
                    throw new ApplyError(this, e, addedValues.name(x.column()), x.reason(), x);
                }
            }
            if (converter != null || fixers != null) {
                try {
                    if (fixers != null) {
                        fixers.convert(one);
                    }
                    if (converter != null) {
                        converter.convert(one);
                    }
                } catch (ValueException x) {
                    throw new ApplyError(this, e, x.column() >= 0 ? columnName(x.column()) : null, x.reason(), x);
                }
            }
            // a before image has no added columns: it names the row (by key, or by its source values without key)
            return new Image(after || addedValues == null ? row.clone() : Arrays.copyOf(row, n), unavailable);
        } finally {
            one.clear();
        }
    }

    /** The header values of a change, for the added columns ({@code $AR_H_...}). */
    private static io.dmskit.internal.mapping.AddedColumns.Headers headers(ChangeEvent e) {
        java.time.LocalDateTime commit = e.commitTime() == null ? null
                : java.time.LocalDateTime.ofInstant(e.commitTime(), java.time.ZoneOffset.UTC);
        String op = io.dmskit.internal.mapping.AddedColumns.isFlaggedDelete(e) ? "DELETE" : switch (e.operation()) {
            case INSERT -> "INSERT";
            case UPDATE -> "UPDATE";
            case DELETE -> "DELETE";
            default -> e.operation().name();
        };
        String position = e.position() == null ? "" : e.position().text();
        // AWS DMS's change sequence: the commit time to the hundredth of a second, then a 19-digit change number
        String seq = commit == null ? "" : commit.format(CHANGE_SEQ_TIME) + String.format("%019d", CHANGE_NUMBER.incrementAndGet());
        return new io.dmskit.internal.mapping.AddedColumns.Headers(op, commit, commit,
                e.transactionId() == null ? "" : e.transactionId(), position, seq);
    }

    private static final java.time.format.DateTimeFormatter CHANGE_SEQ_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmssSS");
    private static final java.util.concurrent.atomic.AtomicLong CHANGE_NUMBER = new java.util.concurrent.atomic.AtomicLong();

    /** The source name of a column by its index in an image, or the added column's target name. */
    private String columnName(int index) {
        return index < sourceCount ? sourceColumns.get(index).name() : targetColumns.get(index).name();
    }

    /** For each kept source column, its index among the event's columns. */
    private int[] indexes(ChangeEvent e) {
        List<String> cols = e.columns();
        if (cols == lastColumns) {
            return lastIndex;
        }
        int[] idx = new int[sourceColumns.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = cols.indexOf(sourceColumns.get(i).name());
            if (idx[i] < 0) {
                throw new ApplyError(this, e, sourceColumns.get(i).name(), "the change has no column "
                        + sourceColumns.get(i).name() + " (the source table's columns are now " + cols
                        + "); reload the table after a change of its columns", null);
            }
        }
        lastColumns = cols;
        lastIndex = idx;
        return idx;
    }

    /** The row key of an image, with values normalized so that equal keys are equal objects. */
    List<Object> keyOf(Image image) {
        Object[] k = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            Object v = image.values()[key[i]];
            if (v instanceof byte[] b) {
                v = ByteBuffer.wrap(b);
            } else if (v instanceof BigDecimal d) {
                v = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            }
            k[i] = v;
        }
        return Arrays.asList(k);
    }

    /** Whether the image holds every key value (a before image always should). */
    boolean hasKey(Image image) {
        for (int i : key) {
            if (image.unavailable() != null && image.unavailable().get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The key as {@code col=value, ...} for messages; the whole row for a table without key. */
    String describeKey(Image image) {
        StringBuilder s = new StringBuilder();
        int[] cols = key.length > 0 ? key : java.util.stream.IntStream.range(0, sourceCount).toArray();
        for (int i = 0; i < cols.length; i++) {
            Object v = image.values()[cols[i]];
            s.append(i == 0 ? "" : ", ").append(sourceColumns.get(cols[i]).name()).append('=')
                    .append(v instanceof String str ? "'" + str + "'" : v instanceof byte[] b ? "0x" + java.util.HexFormat.of().formatHex(b) : v);
        }
        return s.toString();
    }

    /** Fills the values that {@code image} lacks from {@code from} where it has them; returns the merged image. */
    static Image fill(Image image, Image from) {
        if (image.complete() || from == null) {
            return image;
        }
        Object[] v = image.values().clone();
        BitSet missing = (BitSet) image.unavailable().clone();
        for (int i = missing.nextSetBit(0); i >= 0 && i < from.values().length; i = missing.nextSetBit(i + 1)) {
            if (from.unavailable() == null || !from.unavailable().get(i)) {
                v[i] = from.values()[i];
                missing.clear(i);
            }
        }
        return new Image(v, missing.isEmpty() ? null : missing);
    }

    /** {@code UPDATE ... SET <available columns but the key> WHERE <key>}, or null when nothing but the key is available. */
    String partialUpdateSql(BitSet unavailable) {
        return partialUpdates.computeIfAbsent(unavailable, u -> {
            List<String> cols = new ArrayList<>();
            List<String> ph = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (!u.get(i) && !isKey(i)) {
                    cols.add(names.get(i));
                    ph.add(placeholders.get(i));
                }
            }
            return cols.isEmpty() ? "" : dialect.updateByKey(target.id(), cols, ph,
                    Arrays.stream(key).mapToObj(names::get).toList());
        });
    }

    /** An upsert of the available columns (the key among them): a new row gets NULL in the others, an existing one keeps them. */
    String partialUpsertSql(BitSet unavailable) {
        List<String> cols = new ArrayList<>();
        List<String> ph = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!unavailable.get(i)) {
                cols.add(names.get(i));
                ph.add(placeholders.get(i));
            }
        }
        return dialect.upsert(target.id(), cols, ph, Arrays.stream(key).mapToObj(names::get).toList());
    }

    /** {@code UPDATE ... SET <key and available columns> WHERE <old key>}: a key change whose image lacks values. */
    String keyChangeSql(BitSet unavailable) {
        List<String> cols = new ArrayList<>();
        List<String> ph = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!unavailable.get(i)) {
                cols.add(names.get(i));
                ph.add(placeholders.get(i));
            }
        }
        return dialect.updateByKey(target.id(), cols, ph, Arrays.stream(key).mapToObj(names::get).toList());
    }

    boolean isKey(int column) {
        for (int k : key) {
            if (k == column) {
                return true;
            }
        }
        return false;
    }

    /** Binds every value of an image from parameter {@code first}; returns the next parameter index. */
    int bindAll(PreparedStatement ps, int first, Image image) throws SQLException {
        Object[] v = image.values();
        for (int i = 0; i < v.length; i++) {
            bind(ps, first + i, i, v[i]);
        }
        return first + v.length;
    }

    /** Binds the key values of an image from parameter {@code first}; returns the next parameter index. */
    int bindKey(PreparedStatement ps, int first, Image image) throws SQLException {
        for (int i = 0; i < key.length; i++) {
            bind(ps, first + i, key[i], image.values()[key[i]]);
        }
        return first + key.length;
    }

    /** Binds the available values but the key's (and, with {@code withKey}, the key's too), in column order. */
    int bindAvailable(PreparedStatement ps, int first, Image image, boolean withKey) throws SQLException {
        int p = first;
        for (int i = 0; i < image.values().length; i++) {
            if ((image.unavailable() == null || !image.unavailable().get(i)) && (withKey || !isKey(i))) {
                bind(ps, p++, i, image.values()[i]);
            }
        }
        return p;
    }

    private void bind(PreparedStatement ps, int index, int column, Object value) throws SQLException {
        try {
            binders[column].bind(ps, index, value);
        } catch (ClassCastException e) {
            throw new SQLDataException("a " + value.getClass().getName() + " is not a value of column "
                    + targetColumns.get(column).name() + " (" + targetColumns.get(column).type().nativeName() + ")", e);
        }
    }

    /**
     * The source column of the target column that a target's error message names (quoted as the
     * dialect quotes, or in double, single or back quotes), the one named first; null when none is.
     */
    String columnIn(String message) {
        int best = -1;
        int bestAt = Integer.MAX_VALUE;
        for (int c = 0; c < targetColumns.size(); c++) {
            String name = targetColumns.get(c).name();
            for (String form : new String[] {dialect.quote(name), "'" + name + "'", "\"" + name + "\"", "`" + name + "`"}) {
                int at = message.indexOf(form);
                if (at >= 0 && at < bestAt) {
                    best = c;
                    bestAt = at;
                }
            }
        }
        return best < 0 ? null : columnName(best);
    }

    /** The source column names, for messages. */
    List<String> sourceNames() {
        return sourceColumns.stream().map(Column::name).toList();
    }

    List<DataType> targetTypes() {
        return targetColumns.stream().map(Column::type).toList();
    }

    @Override
    public String toString() {
        return "ApplyTable[" + source.id() + " -> " + target.id() + (keyed() ? ", key " + Arrays.toString(key) : ", no key") + "]";
    }

    private static final class SQLDataException extends java.sql.SQLDataException {
        private static final long serialVersionUID = 1L;

        SQLDataException(String message, Throwable cause) {
            super(message, "22000", cause);
        }
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(source.id());
    }
}
