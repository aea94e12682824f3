package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.TableId;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a validation found, table by table. Immutable.
 *
 * @param tables  one result per compared table, in the order compared
 * @param elapsed how long the validation took
 */
public record ValidationReport(List<TableValidation> tables, Duration elapsed) {

    public ValidationReport {
        tables = List.copyOf(tables);
    }

    /** Whether every table holds the same rows on both sides. */
    public boolean consistent() {
        return tables.stream().allMatch(TableValidation::consistent);
    }

    /**
     * Returns this report when source and target hold the same data; otherwise throws a
     * {@link DmsException} with {@link ErrorCode#VALIDATION_FAILED} whose message lists each
     * differing table with its counts and first differences.
     */
    public ValidationReport assertConsistent() {
        if (consistent()) {
            return this;
        }
        throw new DmsException(ErrorCode.VALIDATION_FAILED, toString());
    }

    /** A person-readable summary: a line per table, then the first differences of each differing table. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (TableValidation t : tables) {
            sb.append(t.source()).append(" -> ").append(t.target()).append(": ").append(t.state())
                    .append(", ").append(t.rowsCompared()).append(" rows compared, ").append(t.missing()).append(" missing, ")
                    .append(t.extra()).append(" extra, ").append(t.differing()).append(" differing");
            if (t.error() != null) {
                sb.append(" (").append(t.error()).append(')');
            }
            sb.append('\n');
            for (RowDifference d : t.differences()) {
                sb.append("  ").append(d).append('\n');
            }
        }
        return sb.toString();
    }

    /** The outcome of comparing one table. */
    public enum State {
        /** Same rows on both sides. */
        CONSISTENT,
        /** Rows are missing, extra or different; see the counts and differences. */
        DIFFERENT,
        /** The table could not be compared; see {@link TableValidation#error()}. */
        ERROR
    }

    /**
     * The comparison of one source table with its mapped target table. Immutable.
     *
     * @param source       the source table
     * @param target       the target table (after the mapping's renames)
     * @param state        the outcome
     * @param rowsCompared rows of the source that were compared
     * @param missing      rows of the source that the target lacks
     * @param extra        rows of the target that the source lacks
     * @param differing    rows present on both sides whose values differ
     * @param repaired     rows re-copied from the source by resync (0 unless resync was on)
     * @param differences  the first differences found (at most the validator's limit), each with the row key
     * @param elapsed      how long the table took
     * @param error        why it could not be compared, or null
     */
    public record TableValidation(TableId source, TableId target, State state, long rowsCompared, long missing, long extra,
                                  long differing, long repaired, List<RowDifference> differences, Duration elapsed, String error) {
        public TableValidation {
            differences = List.copyOf(differences);
        }

        public boolean consistent() {
            return state == State.CONSISTENT;
        }
    }

    /**
     * One row that is missing, extra or different. Immutable.
     *
     * @param kind    what is wrong
     * @param key     the row's key, source column name to value (target names for EXTRA rows)
     * @param columns for DIFFERENT rows, each differing column with both values; empty otherwise
     */
    public record RowDifference(Kind kind, Map<String, Object> key, List<ColumnDifference> columns) {
        public RowDifference {
            key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
            columns = List.copyOf(columns);
        }

        public enum Kind { MISSING, EXTRA, DIFFERENT }

        @Override
        public String toString() {
            return kind + " " + key + (columns.isEmpty() ? "" : " " + columns);
        }
    }

    /**
     * A column whose values differ between source and target. Values are as the readers give them
     * (the logical type's Java class). Immutable.
     */
    public record ColumnDifference(String column, Object sourceValue, Object targetValue) {
        @Override
        public String toString() {
            return column + ": " + show(sourceValue) + " != " + show(targetValue);
        }

        private static String show(Object v) {
            return v instanceof byte[] b ? "0x" + java.util.HexFormat.of().formatHex(b)
                    : v instanceof String s ? "'" + s + "'" : String.valueOf(v);
        }
    }
}
