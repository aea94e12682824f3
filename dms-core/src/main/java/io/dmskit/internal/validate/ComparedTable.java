package io.dmskit.internal.validate;

import io.dmskit.TableMapping;
import io.dmskit.error.DmsException;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TypeKind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the validator compares of one table, decided before anything is read: the source and
 * target columns paired by the mapping (removed columns are not compared, renamed ones are paired
 * by their new name), the canonical rule of each pair, which columns are checksummed inside the
 * databases and which in Java, the row key, and how the table is partitioned:
 * <ul>
 *   <li>by <b>key ranges</b> when its row key is one integer column on both sides (an unsigned
 *       BIGINT and a numeric(20,0) included): integer ranges select the same rows on every
 *       engine, each range is checksummed with an index range scan, and a range that differs is
 *       bisected;</li>
 *   <li>else by <b>hash buckets</b> of the key's canonical text (of the whole row when the table
 *       has no key): a text key's order depends on each engine's collation, so that a range of
 *       it would not select the same rows on both sides, while the bucket of a text is the same
 *       everywhere. Each side is checksummed per bucket in one scan; rows of buckets that differ
 *       are read and matched by key in Java, in binary order.</li>
 * </ul>
 * Immutable.
 */
final class ComparedTable {
    final TableMapping.MappedTable mapped;
    final Table source;
    final Table target;
    /** Compared source columns, in mapping order; a column removed by the mapping is not here. */
    final List<Column> sourceColumns;
    /** The target column of each source column, same order. */
    final List<Column> targetColumns;
    final List<CanonicalForm.Rule> rules;
    final List<CanonicalForm> forms;
    /** Indexes (in the compared columns) of the row key; every column when the table has no key. */
    final int[] key;
    final boolean hasKey;
    /** Index of the integer key column that ranges split, or -1 when the table is split by hash buckets. */
    final int splitKey;
    /** Indexes of the columns checksummed in SQL (key included); empty when SQL is not used. */
    final int[] sqlColumns;
    /** Indexes of the columns checksummed in Java (key included); empty when every column is in SQL. */
    final int[] javaColumns;
    /** Whether hash buckets are computed in SQL (else the whole table is checksummed in Java). */
    final boolean bucketsInSql;
    final CanonicalSql sourceSql;
    final CanonicalSql targetSql;

    private ComparedTable(TableMapping.MappedTable mapped, Table target, List<Column> targetColumns,
                          List<CanonicalForm.Rule> rules, CanonicalSql sourceSql, CanonicalSql targetSql) {
        this.mapped = mapped;
        this.source = mapped.source();
        this.target = target;
        this.sourceColumns = mapped.sourceColumns();
        this.targetColumns = List.copyOf(targetColumns);
        this.rules = List.copyOf(rules);
        this.forms = rules.stream().map(CanonicalForm.Rule::form).toList();
        List<String> rowKey = source.rowKey();
        this.hasKey = !rowKey.isEmpty() && rowKey.stream().allMatch(k -> indexOf(k) >= 0);
        if (hasKey) {
            key = rowKey.stream().mapToInt(this::indexOf).toArray();
        } else {
            key = new int[sourceColumns.size()];
            for (int i = 0; i < key.length; i++) {
                key[i] = i;
            }
        }
        this.splitKey = hasKey && key.length == 1 && integerKey(sourceColumns.get(key[0]).type())
                && integerKey(targetColumns.get(key[0]).type()) ? key[0] : -1;

        boolean[] inSql = new boolean[sourceColumns.size()];
        boolean any = false;
        for (int i = 0; i < inSql.length; i++) {
            boolean sameFamily = sourceSql != null && targetSql != null && sourceSql.family().equals(targetSql.family());
            inSql[i] = sourceSql != null && targetSql != null && sqlOf(sourceSql, i, true, sameFamily) != null
                    && sqlOf(targetSql, i, false, sameFamily) != null;
            any |= inSql[i];
        }
        boolean keyInSql = true;
        for (int k : key) {
            keyInSql &= inSql[k] && (splitKey >= 0 || forms.get(k).keySafe());
        }
        boolean useSql = any && keyInSql;
        this.bucketsInSql = splitKey < 0 && useSql;
        this.sourceSql = useSql ? sourceSql : null;
        this.targetSql = useSql ? targetSql : null;
        List<Integer> sql = new ArrayList<>();
        List<Integer> java = new ArrayList<>();
        for (int i = 0; i < inSql.length; i++) {
            if (useSql && inSql[i]) {
                sql.add(i);
            } else {
                java.add(i);
            }
        }
        if (!java.isEmpty()) {
            for (int k : key) {
                if (!java.contains(k)) {
                    java.add(k);
                }
            }
            Collections.sort(java);
        }
        this.sqlColumns = sql.stream().mapToInt(Integer::intValue).toArray();
        this.javaColumns = java.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Pairs the mapped table's columns with the target table's.
     *
     * @throws DmsException naming the table and the reason when the table cannot be compared
     */
    static ComparedTable plan(TableMapping.MappedTable mapped, Table target, CanonicalSql sourceSql, CanonicalSql targetSql) {
        List<Column> targetColumns = new ArrayList<>();
        List<CanonicalForm.Rule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TableMapping.MappedColumn mc : mapped.columns()) {
            Column tc = target.column(mc.targetName()).orElse(null);
            if (tc == null) {
                problems.add("the target has no column " + mc.targetName()
                        + (mc.targetName().equals(mc.source().name()) ? "" : " (source column " + mc.source().name() + ")"));
                continue;
            }
            try {
                rules.add(CanonicalForm.of(mc.source().type(), tc.type()));
                targetColumns.add(tc);
            } catch (DmsException e) {
                problems.add("column " + mc.source().name() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new DmsException(io.dmskit.error.ErrorCode.UNSUPPORTED_TYPE, String.join("; ", problems));
        }
        return new ComparedTable(mapped, target, targetColumns, rules, sourceSql, targetSql);
    }

    private int indexOf(String sourceColumn) {
        for (int i = 0; i < sourceColumns.size(); i++) {
            if (sourceColumns.get(i).name().equals(sourceColumn)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean integerKey(DataType t) {
        return t.kind().isInteger() || t.kind() == TypeKind.YEAR
                || (t.kind() == TypeKind.DECIMAL && t.scale() == 0 && t.precision() > 0);
    }

    /** The canonical SQL of column i on one side, or null. */
    private String sqlOf(CanonicalSql sql, int i, boolean sourceSide, boolean sameFamily) {
        CanonicalForm.Rule rule = rules.get(i);
        if (!rule.sqlCapable()) {
            return null;
        }
        CanonicalForm form = rule.form();
        if (CanonicalSql.engineSpecific(form) && !sameFamily) {
            return null;
        }
        Column c = sourceSide ? sourceColumns.get(i) : targetColumns.get(i);
        return sql.canonical(form, c.type(), "c");
    }

    /** The row text SQL of the SQL-checksummed columns on one side. */
    String rowTextSql(boolean sourceSide, java.util.function.UnaryOperator<String> quote) {
        return textSql(sourceSide, quote, sqlColumns);
    }

    /** The key text SQL on one side (for hash buckets). */
    String keyTextSql(boolean sourceSide, java.util.function.UnaryOperator<String> quote) {
        return textSql(sourceSide, quote, key);
    }

    private String textSql(boolean sourceSide, java.util.function.UnaryOperator<String> quote, int[] columns) {
        CanonicalSql sql = sourceSide ? sourceSql : targetSql;
        List<String> exprs = new ArrayList<>();
        List<CanonicalForm> fs = new ArrayList<>();
        for (int i : columns) {
            Column c = sourceSide ? sourceColumns.get(i) : targetColumns.get(i);
            exprs.add(sql.canonical(forms.get(i), c.type(), quote.apply(c.name())));
            fs.add(forms.get(i));
        }
        return sql.rowText(exprs, fs);
    }

    /** The forms of some columns, in order. */
    List<CanonicalForm> forms(int[] columns) {
        List<CanonicalForm> out = new ArrayList<>(columns.length);
        for (int i : columns) {
            out.add(forms.get(i));
        }
        return out;
    }

    /** The canonical texts of some columns of a source row (values in compared-column order). */
    String[] sourceCanonical(Object[] row, int[] columns) {
        String[] out = new String[columns.length];
        for (int j = 0; j < columns.length; j++) {
            out[j] = rules.get(columns[j]).source(row[columns[j]]);
        }
        return out;
    }

    /** The canonical texts of some columns of a target row. */
    String[] targetCanonical(Object[] row, int[] columns) {
        String[] out = new String[columns.length];
        for (int j = 0; j < columns.length; j++) {
            out[j] = rules.get(columns[j]).target(row[columns[j]]);
        }
        return out;
    }

    /** A range bound as a value of a key column's Java class. */
    static Object boundValue(DataType keyType, BigInteger bound) {
        if (bound == null) {
            return null;
        }
        if (keyType.isUnsignedBigint()) {
            return bound;
        }
        if (keyType.kind() == TypeKind.DECIMAL) {
            return new BigDecimal(bound);
        }
        return bound.longValueExact();
    }

    Column sourceKeyColumn() {
        return sourceColumns.get(splitKey);
    }

    Column targetKeyColumn() {
        return targetColumns.get(splitKey);
    }
}
