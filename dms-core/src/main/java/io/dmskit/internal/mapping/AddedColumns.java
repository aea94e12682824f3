package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.AddedColumn;
import io.dmskit.internal.expr.Expression;
import io.dmskit.internal.policy.TruncationException;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowConverter;
import io.dmskit.spi.ValueException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the columns that {@code add-column} rules add to one table. A batch (or a CDC row
 * image) holds the kept source columns at indexes {@code 0..first-1}, with their source values
 * (after data masking, before type conversion), and gets the added columns' values at
 * {@code first..first+count-1}, each of its target column's logical Java class, so that the type
 * conversion after it passes them unchanged. Expressions read source columns by their source
 * names, and the header values of the change that carries the row ({@link Headers}).
 *
 * <p>A value that does not fit its column (text for an integer column, a number beyond the
 * column's range or precision, text longer than the column) is a {@link ValueException} naming
 * the row and the added column's index: a data error, or a truncation for text that is too long,
 * which follows the task's error policy. One instance per segment or per CDC table: not
 * thread-safe (it reuses a view of the row).
 */
public final class AddedColumns implements RowConverter {

    /**
     * The header values of the change that carries a row, as AWS DMS documents them for its
     * {@code $AR_H_...} columns. During a full load: operation {@code INSERT}, both timestamps
     * the current time (UTC), and empty transaction id, stream position and change sequence.
     *
     * @param operation       {@code INSERT}, {@code UPDATE} or {@code DELETE}
     * @param timestamp       the time of the change (UTC)
     * @param commitTimestamp the commit time of its transaction (UTC)
     * @param transactionId   the source's transaction id, or empty
     * @param streamPosition  the source position of the change, or empty
     * @param changeSeq       an increasing sequence of the changes, or empty
     */
    public record Headers(String operation, LocalDateTime timestamp, LocalDateTime commitTimestamp,
                          String transactionId, String streamPosition, String changeSeq) {

        /** The headers of a row of the full load, read at {@code now}. */
        public static Headers fullLoad(LocalDateTime now) {
            return new Headers("INSERT", now, now, "", "", "");
        }
    }

    private static final Clock UTC = Clock.systemUTC();

    /** The updates that stand for deletes of tables whose added columns flag deletes (see {@link #flaggedDelete}). */
    private static final java.util.Set<io.dmskit.spi.ChangeEvent> FLAGGED_DELETES =
            java.util.Collections.newSetFromMap(java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>()));

    /**
     * The update that applies a delete of a table whose add-column expression calls
     * {@code operation_indicator}: as in AWS DMS, the row stays in the target and its added columns
     * are computed with operation {@code DELETE} (its other columns keep their values: the after
     * image is the before image). {@link #isFlaggedDelete} tells it from a real update.
     */
    public static io.dmskit.spi.ChangeEvent flaggedDelete(io.dmskit.spi.ChangeEvent delete) {
        Object[] before = delete.beforeImage();
        io.dmskit.spi.ChangeEvent update = io.dmskit.spi.ChangeEvent.update(delete.table(), delete.columns(), before,
                before.clone(), delete.transactionId(), delete.commitTime(), delete.position());
        FLAGGED_DELETES.add(update);
        return update;
    }

    /** Whether an update was made by {@link #flaggedDelete}: its header operation is {@code DELETE}. */
    public static boolean isFlaggedDelete(io.dmskit.spi.ChangeEvent e) {
        return e.operation() == io.dmskit.spi.ChangeEvent.Operation.UPDATE && FLAGGED_DELETES.contains(e);
    }

    private final TableId source;
    private final Map<String, Integer> index = new HashMap<>();
    private final int first;
    private final Expression[] expressions;
    private final Column[] targets;
    private final String[] rules;
    private final boolean flagsDeletes;
    private final View view = new View();

    private AddedColumns(TableId source, List<Column> sourceColumns, List<AddedColumn> added, List<Column> targets) {
        this.source = source;
        for (int i = 0; i < sourceColumns.size(); i++) {
            index.putIfAbsent(sourceColumns.get(i).name(), i);
        }
        this.first = sourceColumns.size();
        this.expressions = new Expression[added.size()];
        this.targets = targets.toArray(Column[]::new);
        this.rules = new String[added.size()];
        boolean flags = false;
        for (int k = 0; k < added.size(); k++) {
            // checked when the mapping was built: parses, and reads only kept columns
            expressions[k] = Expression.parse(added.get(k).expression());
            rules[k] = added.get(k).rule();
            flags |= expressions[k].flagsDeletes();
            for (String c : expressions[k].columns()) {
                if (!index.containsKey(c)) {
                    // checked when the mapping is built; met here when a column went away at the source during CDC
                    throw new io.dmskit.error.DmsException(io.dmskit.error.ErrorCode.CONFIGURATION, "Table " + source
                            + ": " + added.get(k).rule() + " computes column " + added.get(k).name() + " from column " + c
                            + ", which the table no longer has (its columns: " + String.join(", ",
                            sourceColumns.stream().map(Column::name).toList()) + "). Change the rule's expression, then"
                            + " reload the table.");
                }
            }
        }
        this.flagsDeletes = flags;
    }

    /**
     * The computation of the added columns of a table, or null when it has none.
     *
     * @param source        the source table, for the {@code $AR_M_...} metadata
     * @param sourceColumns the source columns at the row's first indexes, in order
     * @param added         the table's added columns (from its {@code MappedTable})
     * @param targets       the target column of each added column, in the same order (its type decides the value's class)
     */
    public static AddedColumns of(TableId source, List<Column> sourceColumns, List<AddedColumn> added, List<Column> targets) {
        if (added == null || added.isEmpty()) {
            return null;
        }
        if (targets.size() != added.size()) {
            throw new IllegalArgumentException("one target column per added column: " + added + " / " + targets);
        }
        return new AddedColumns(source, sourceColumns, added, targets);
    }

    /** The index in a row of the first added column (the number of source columns before it). */
    public int first() {
        return first;
    }

    /** The number of added columns. */
    public int count() {
        return expressions.length;
    }

    /** Whether an expression calls {@code operation_indicator}: a deleted row is then kept in the target, flagged. */
    public boolean flagsDeletes() {
        return flagsDeletes;
    }

    private boolean reads(Expression e, java.util.BitSet indexes) {
        for (String c : e.columns()) {
            if (indexes.get(index.get(c))) {
                return true;
            }
        }
        return false;
    }

    /** The target name of the added column at a row index (from {@link #first()} on), for messages. */
    public String name(int rowIndex) {
        return targets[rowIndex - first].name();
    }

    /** The rule that adds the column at a row index, as messages name it. */
    public String rule(int rowIndex) {
        return rules[rowIndex - first];
    }

    /** Computes the added columns of every row of a batch of the full load. */
    @Override
    public void convert(RowBatch batch) {
        convert(batch, 0, batch.size());
    }

    /**
     * Computes the added columns of the rows {@code from} (inclusive) to {@code to} (exclusive) of
     * a batch of the full load.
     *
     * @throws ValueException for the first value that does not fit; the rows before it are computed
     */
    public void convert(RowBatch batch, int from, int to) {
        Headers h = Headers.fullLoad(LocalDateTime.now(UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        for (int r = from; r < to; r++) {
            try {
                compute(batch.row(r), h);
            } catch (ValueException e) {
                throw new ValueException(r, e.column(), e.reason(), e.getCause());
            }
        }
    }

    /**
     * Computes the added columns of one row into its indexes from {@link #first()} on.
     *
     * @throws ValueException (row 0) naming the added column's index when a value does not fit it
     *         or the expression fails
     */
    public void compute(Object[] row, Headers headers) {
        compute(row, headers, null);
    }

    /**
     * As {@link #compute(Object[], Headers)}, for a CDC image that lacks the source values at the
     * {@code unavailable} indexes (null for none): an added column whose expression reads one of
     * them is not computed, and its index is set in {@code unavailable} (the target keeps its value).
     */
    public void compute(Object[] row, Headers headers, java.util.BitSet unavailable) {
        view.row = row;
        view.headers = headers;
        for (int k = 0; k < expressions.length; k++) {
            if (unavailable != null && reads(expressions[k], unavailable)) {
                unavailable.set(first + k);
                continue;
            }
            Column target = targets[k];
            Object v;
            try {
                v = expressions[k].evaluate(view);
            } catch (RuntimeException e) {
                throw new ValueException(0, first + k, rules[k] + ": expression '" + expressions[k].text()
                        + "' failed: " + e.getMessage());
            }
            try {
                row[first + k] = fit(v, target.type());
            } catch (Misfit m) {
                String why = rules[k] + ": expression '" + expressions[k].text() + "' gives " + describe(v) + ", which "
                        + m.getMessage() + " of column " + target.name() + " (" + target.type().nativeName() + ")";
                throw new ValueException(0, first + k, why, m.truncation ? new TruncationException(why) : null);
            }
        }
        view.row = null;
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : Expression.text(v);
    }

    /** A value that does not fit the column's type: the message ends "... which {message} of column c (type)". */
    static final class Misfit extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean truncation;

        Misfit(String message, boolean truncation) {
            super(message, null, false, false);
            this.truncation = truncation;
        }
    }

    /** The value as the column's logical Java class. */
    static Object fit(Object v, DataType t) throws Misfit {
        if (v == null) {
            return null;
        }
        TypeKind kind = t.kind();
        switch (kind) {
            case BOOLEAN -> {
                return v instanceof Boolean b ? b : Expression.truthy(v);
            }
            case TINYINT, SMALLINT, MEDIUMINT, INTEGER, BIGINT, YEAR -> {
                BigInteger n = integer(v);
                BigInteger[] range = range(kind, t.unsigned());
                if (n.compareTo(range[0]) < 0 || n.compareTo(range[1]) > 0) {
                    throw new Misfit("is out of the range " + range[0] + " to " + range[1], false);
                }
                return kind == TypeKind.BIGINT && t.unsigned() ? n : (Object) n.longValue();
            }
            case DECIMAL -> {
                BigDecimal d = decimal(v);
                if (t.scale() >= 0 && t.precision() > 0) {
                    d = d.setScale(t.scale(), RoundingMode.HALF_UP);
                    if (d.precision() - d.scale() > t.precision() - t.scale()) {
                        throw new Misfit("has more digits before the decimal point than the " + (t.precision() - t.scale())
                                + " of precision " + t.precision() + " and scale " + t.scale(), false);
                    }
                }
                if (t.unsigned() && d.signum() < 0) {
                    throw new Misfit("is negative, which does not fit the unsigned type", false);
                }
                return d;
            }
            case REAL -> {
                return (float) decimal(v).doubleValue();
            }
            case DOUBLE -> {
                return v instanceof Double d ? d : (Object) decimal(v).doubleValue();
            }
            case CHAR, VARCHAR, TEXT, JSON, ENUM -> {
                String s = Expression.text(v);
                if ((kind == TypeKind.CHAR || kind == TypeKind.VARCHAR) && t.length() > 0
                        && s.codePointCount(0, s.length()) > t.length()) {
                    throw new Misfit("is " + s.codePointCount(0, s.length()) + " characters long, longer than the "
                            + t.length(), true);
                }
                return s;
            }
            case BINARY, VARBINARY, BLOB -> {
                byte[] b = v instanceof byte[] bytes ? bytes : Expression.text(v).getBytes(StandardCharsets.UTF_8);
                if (kind != TypeKind.BLOB && t.length() > 0 && b.length > t.length()) {
                    throw new Misfit("is " + b.length + " bytes long, longer than the " + t.length(), true);
                }
                return b;
            }
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> {
                LocalDateTime dt = Expression.dateTime(v);
                if (dt == null) {
                    throw new Misfit("is not a date and time (write yyyy-MM-dd HH:mm:ss)", false);
                }
                int digits = t.precision() >= 0 && t.precision() <= 9 ? t.precision() : 6;
                int unit = (int) Math.pow(10, 9 - digits);
                dt = dt.withNano(dt.getNano() / unit * unit);   // the column's fractional digits, as the database stores them
                return switch (kind) {
                    case DATE -> dt.toLocalDate();
                    case TIME -> dt.toLocalTime();
                    case TIMESTAMP -> dt;
                    default -> dt.atOffset(ZoneOffset.UTC);
                };
            }
            default -> throw new Misfit("cannot be the value: dmskit computes added columns of boolean, integer,"
                    + " numeric, floating, text, binary, date and time types only, not", false);
        }
    }

    private static BigInteger integer(Object v) throws Misfit {
        if (v instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        if (v instanceof BigInteger b) {
            return b;
        }
        BigDecimal d = decimal(v);
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new Misfit("is not a whole number", false);
        }
    }

    private static BigDecimal decimal(Object v) throws Misfit {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof Double || v instanceof Float) {
            double x = ((Number) v).doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw new Misfit("is not a finite number", false);
            }
            return BigDecimal.valueOf(x);
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(Expression.text(v).trim());
        } catch (NumberFormatException e) {
            throw new Misfit("is not a number", false);
        }
    }

    private static BigInteger[] range(TypeKind kind, boolean unsigned) {
        int bits = switch (kind) {
            case TINYINT -> 8;
            case SMALLINT, YEAR -> 16;
            case MEDIUMINT -> 24;
            case INTEGER -> 32;
            default -> 64;
        };
        if (unsigned) {
            return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)};
        }
        BigInteger half = BigInteger.ONE.shiftLeft(bits - 1);
        return new BigInteger[] {half.negate(), half.subtract(BigInteger.ONE)};
    }

    /** The row as the expressions read it. */
    private final class View implements io.dmskit.internal.expr.Row {
        Object[] row;
        Headers headers;

        @Override
        public Object column(String name) {
            Integer i = index.get(name);
            return i == null ? null : row[i];
        }

        @Override
        public Object header(String name) {
            return switch (name) {
                case "AR_H_OPERATION" -> headers.operation();
                case "AR_H_TIMESTAMP" -> headers.timestamp();
                case "AR_H_COMMIT_TIMESTAMP" -> headers.commitTimestamp();
                case "AR_H_TRANSACTION_ID" -> headers.transactionId();
                case "AR_H_STREAM_POSITION" -> headers.streamPosition();
                case "AR_H_CHANGE_SEQ" -> headers.changeSeq();
                case "AR_M_SOURCE_SCHEMA" -> source.schema();
                case "AR_M_SOURCE_TABLE_NAME" -> source.name();
                default -> null;
            };
        }
    }
}
