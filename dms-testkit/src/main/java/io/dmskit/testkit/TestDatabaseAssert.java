package io.dmskit.testkit;

import io.dmskit.TableMapping;
import io.dmskit.ValidationReport;
import io.dmskit.ValidationReport.ColumnDifference;
import io.dmskit.ValidationReport.RowDifference;
import io.dmskit.ValidationReport.State;
import io.dmskit.ValidationReport.TableValidation;
import io.dmskit.Validator;
import org.assertj.core.api.AbstractAssert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * AssertJ assertions that a target database holds what its source holds, checked with
 * {@link Validator}: every selected source table against its target table, row by row and value
 * by value, with the validator's canonical rules (numeric scale, float formatting, timestamp
 * precision and zone, CHAR padding, JSON key order). Configure first, then assert:
 *
 * <pre>{@code
 * assertThat(target).usingMapping(mapping).ignoringColumns("updated_at").onlyTables("orders")
 *         .isConsistentWith(source);
 * }</pre>
 *
 * <p>A failure lists each table that differs with its counts, and its first differing rows as a
 * small table of key, column, source value and target value. Not thread-safe (as AssertJ's
 * assertions are not).
 */
public class TestDatabaseAssert extends AbstractAssert<TestDatabaseAssert, TestDatabase> {

    /** Differences shown per table in a failure message. */
    private static final int SHOWN = 10;
    private static final int CELL = 40;
    /**
     * Differences listed per table when ignored columns are filtered out of a user's mapping's
     * report: rows that differ only in ignored columns must all be listed to be discounted.
     */
    private static final int FILTERED_DIFFERENCES = 100_000;

    private TableMapping mapping;
    private final Set<String> ignoredColumns = new LinkedHashSet<>();
    private final Set<String> onlyTables = new LinkedHashSet<>();

    protected TestDatabaseAssert(TestDatabase actual) {
        super(actual, TestDatabaseAssert.class);
    }

    /**
     * Compares through the task's table mapping: its selection says which source tables are
     * compared, its renames and removed columns where each goes in the target. Without it, every
     * table of the source's schema is compared with the table of the same name in the target's
     * schema.
     */
    public TestDatabaseAssert usingMapping(TableMapping tableMapping) {
        this.mapping = Objects.requireNonNull(tableMapping, "tableMapping");
        return myself;
    }

    /**
     * Leaves columns out of the comparison, in every table, named as in the source (for example
     * a column that the target fills itself, such as {@code updated_at}). Key columns cannot be
     * ignored: rows are matched by them.
     */
    public TestDatabaseAssert ignoringColumns(String... columns) {
        ignoredColumns.addAll(Arrays.asList(columns));
        return myself;
    }

    /** Compares only the source tables of these names (as the source spells them, case included). */
    public TestDatabaseAssert onlyTables(String... tables) {
        onlyTables.addAll(Arrays.asList(tables));
        return myself;
    }

    /**
     * Verifies that this database, the target, holds exactly the rows of the source's tables: no
     * row missing, no row extra, no value different.
     *
     * @throws io.dmskit.error.DmsException when the comparison cannot run at all (an endpoint
     *         cannot be reached, or nothing is selected); a table that cannot be compared is a failure
     */
    public TestDatabaseAssert isConsistentWith(TestDatabase source) {
        isNotNull();
        Objects.requireNonNull(source, "source");
        List<TableValidation> tables = validate(source);
        List<TableValidation> bad = tables.stream().filter(t -> !t.consistent()).toList();
        if (!bad.isEmpty()) {
            failWithMessage("%s", "Expecting target " + actual + "\nto be consistent with source " + source + ignoring()
                    + ",\nbut " + bad.size() + " of " + tables.size() + (tables.size() == 1 ? " table differs" : " tables differ")
                    + ":\n\n" + describe(bad));
        }
        return myself;
    }

    /** Verifies that this database, the target, differs from the source in some row of a compared table. */
    public TestDatabaseAssert isNotConsistentWith(TestDatabase source) {
        isNotNull();
        Objects.requireNonNull(source, "source");
        List<TableValidation> tables = validate(source);
        if (tables.stream().allMatch(TableValidation::consistent)) {
            failWithMessage("%s", "Expecting target " + actual + "\nto differ from source " + source + ignoring() + ",\nbut the "
                    + tables.size() + " compared tables (" + tables.stream().map(t -> t.source().name()).collect(Collectors.joining(", "))
                    + ") hold the same rows");
        }
        return myself;
    }

    private String ignoring() {
        return ignoredColumns.isEmpty() ? "" : " (ignoring columns " + String.join(", ", ignoredColumns) + ")";
    }

    private List<TableValidation> validate(TestDatabase source) {
        TableMapping m = mapping;
        boolean filterColumns = false;
        if (m == null) {
            TableMapping.Builder b = TableMapping.builder();
            if (onlyTables.isEmpty()) {
                b.include(TestDatabase.literal(source.schema()), "%");
            } else {
                onlyTables.forEach(t -> b.include(TestDatabase.literal(source.schema()), TestDatabase.literal(t)));
            }
            b.renameSchema(TestDatabase.literal(source.schema()), actual.schema());
            ignoredColumns.forEach(c -> b.removeColumn(TestDatabase.literal(source.schema()), "%", TestDatabase.literal(c)));
            m = b.build();
        } else {
            filterColumns = !ignoredColumns.isEmpty();
        }
        ValidationReport report = Validator.builder().source(source.endpoint("source")).target(actual.endpoint("target"))
                .mapping(m).maxDifferences(filterColumns ? FILTERED_DIFFERENCES : SHOWN).build().validate();
        List<TableValidation> tables = new ArrayList<>();
        for (TableValidation t : report.tables()) {
            if (onlyTables.isEmpty() || onlyTables.contains(t.source().name())) {
                tables.add(filterColumns ? withoutIgnored(t) : t);
            }
        }
        if (!onlyTables.isEmpty()) {
            Set<String> compared = tables.stream().map(t -> t.source().name()).collect(Collectors.toSet());
            List<String> absent = onlyTables.stream().filter(t -> !compared.contains(t)).toList();
            if (!absent.isEmpty()) {
                failWithMessage("%s", "Expecting tables " + absent + " of source " + source + " to be compared, but the mapping "
                        + m + " selects only " + report.tables().stream().map(t -> t.source().toString()).toList());
            }
        }
        return tables;
    }

    /** The table's result as if the ignored columns had not been compared. */
    private TableValidation withoutIgnored(TableValidation t) {
        if (t.state() != State.DIFFERENT) {
            return t;
        }
        List<RowDifference> kept = new ArrayList<>();
        long dropped = 0;
        for (RowDifference d : t.differences()) {
            if (d.kind() != RowDifference.Kind.DIFFERENT) {
                kept.add(d);
                continue;
            }
            List<ColumnDifference> columns = d.columns().stream().filter(c -> !ignoredColumns.contains(c.column())).toList();
            if (columns.isEmpty()) {
                dropped++;
            } else {
                kept.add(new RowDifference(d.kind(), d.key(), columns));
            }
        }
        long differing = t.differing() - dropped;
        State state = t.missing() == 0 && t.extra() == 0 && differing == 0 ? State.CONSISTENT : State.DIFFERENT;
        return new TableValidation(t.source(), t.target(), state, t.rowsCompared(), t.missing(), t.extra(), differing, t.repaired(),
                kept, t.elapsed(), t.error());
    }

    /** Each table: a line of counts, then its first differences as a text table. */
    static String describe(List<TableValidation> tables) {
        StringBuilder sb = new StringBuilder();
        for (TableValidation t : tables) {
            sb.append(t.source()).append(" -> ").append(t.target()).append(": ");
            if (t.state() == State.ERROR) {
                sb.append("could not be compared: ").append(t.error()).append("\n\n");
                continue;
            }
            sb.append(t.rowsCompared()).append(" rows compared, ").append(t.missing()).append(" missing, ").append(t.extra())
                    .append(" extra, ").append(t.differing()).append(" differing\n");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"key", "column", "source", "target"});
            int shown = 0;
            for (RowDifference d : t.differences()) {
                if (shown++ == SHOWN) {
                    break;
                }
                String key = d.key().entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue()))
                        .collect(Collectors.joining(", "));
                switch (d.kind()) {
                    case MISSING -> rows.add(new String[] {key, "(row)", "present", "missing"});
                    case EXTRA -> rows.add(new String[] {key, "(row)", "missing", "present"});
                    case DIFFERENT -> {
                        boolean first = true;
                        for (ColumnDifference c : d.columns()) {
                            rows.add(new String[] {first ? key : "", c.column(), show(c.sourceValue()), show(c.targetValue())});
                            first = false;
                        }
                    }
                }
            }
            sb.append(table(rows));
            long total = t.missing() + t.extra() + t.differing();
            if (total > Math.min(SHOWN, t.differences().size())) {
                sb.append("  ... ").append(total - Math.min(SHOWN, t.differences().size())).append(" more rows differ\n");
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static String table(List<String[]> rows) {
        int[] width = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < 4; i++) {
                r[i] = cell(r[i]);
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            sb.append("  ");
            for (int i = 0; i < 4; i++) {
                sb.append(i == 0 ? "" : " | ").append(i == 3 ? r[i] : pad(r[i], width[i]));
            }
            sb.append('\n');
            if (n == 0) {
                sb.append("  ");
                for (int i = 0; i < 4; i++) {
                    sb.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String cell(String s) {
        String oneLine = s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return oneLine.length() > CELL ? oneLine.substring(0, CELL - 3) + "..." : oneLine;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String show(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return String.valueOf(v);
        }
        return v.toString();
    }
}
