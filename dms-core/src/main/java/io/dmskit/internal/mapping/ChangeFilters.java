package io.dmskit.internal.mapping;

import io.dmskit.TableMapping;
import io.dmskit.schema.Column;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeEvent;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The table mapping's source filters and data-masking rules applied to captured changes, before
 * they are applied to the target, so that CDC keeps the target as the full load made it:
 * <ul>
 *   <li>an insert whose row does not pass the filters is left out;</li>
 *   <li>an update: both images pass, an update; only the before image passes (the row leaves the
 *       filter), a delete; only the after image passes (the row enters it), an insert; neither, left
 *       out. When the before image does not hold a filtered column (a PostgreSQL table without
 *       {@code REPLICA IDENTITY FULL} logs only the key), the after image decides: passes, an
 *       update; fails, a delete;</li>
 *   <li>a delete is applied when its before image passes or does not hold the filtered columns.</li>
 * </ul>
 * Filter values are compared with the image's value as that value's type (numbers as numbers,
 * dates and times as such, text by its characters, case-sensitively). Masked columns are masked in
 * both images. Stateless between calls; used by the applier's thread.
 */
public final class ChangeFilters implements UnaryOperator<List<ChangeEvent>> {

    /**
     * One captured table as the full load mapped it.
     *
     * @param source        the source table
     * @param sourceColumns the source columns read, in order
     * @param targetColumns the target column of each (for the length that bounds a hash)
     */
    public record Scope(Table source, List<Column> sourceColumns, List<Column> targetColumns) {
    }

    /** @param flagsDeletes whether an add-column expression calls operation_indicator: a delete then flags the row */
    private record PerTable(List<SourceFilter> filters, Map<String, List<TransformationRule>> masks,
                            Map<String, Integer> limits, boolean flagsDeletes) {
    }

    private final Map<TableId, PerTable> tables;
    private final MappingRuntime.Masking masking = new MappingRuntime.Masking(new int[0], new TransformationRule[0],
            new int[0]);
    private final Map<List<String>, Map<String, Integer>> indexes = new IdentityHashMap<>();

    private ChangeFilters(Map<TableId, PerTable> tables) {
        this.tables = tables;
    }

    /** The filters of the mapping for the captured tables; the identity when no table has filters or masks. */
    public static UnaryOperator<List<ChangeEvent>> of(TableMapping mapping, List<Scope> scopes) {
        RuleEngine engine = MappingAccess.engine(mapping);
        Map<TableId, PerTable> tables = new HashMap<>();
        for (Scope s : scopes) {
            TableId id = s.source().id();
            List<SourceFilter> filters = engine.filters(id);
            Map<String, List<TransformationRule>> masks = new HashMap<>();
            Map<String, Integer> limits = new HashMap<>();
            for (int i = 0; i < s.sourceColumns().size(); i++) {
                String name = s.sourceColumns().get(i).name();
                List<TransformationRule> rules = engine.valueRules(id, name);
                if (!rules.isEmpty()) {
                    masks.put(name, rules);
                    int len = i < s.targetColumns().size() ? s.targetColumns().get(i).type().length() : 0;
                    limits.put(name, len <= 0 ? Integer.MAX_VALUE : len);
                }
            }
            boolean flagsDeletes = flagsDeletes(mapping, s.source());
            if (!filters.isEmpty() || !masks.isEmpty() || flagsDeletes) {
                tables.put(id, new PerTable(filters, masks, limits, flagsDeletes));
            }
        }
        return tables.isEmpty() ? UnaryOperator.identity() : new ChangeFilters(tables);
    }

    /** Whether an add-column rule of the table calls operation_indicator (AWS DMS then keeps deleted rows, flagged). */
    private static boolean flagsDeletes(TableMapping mapping, Table source) {
        if (!mapping.selects(source.id())) {
            return false;
        }
        try {
            return mapping.map(source).added().stream()
                    .anyMatch(a -> io.dmskit.internal.expr.Expression.parse(a.expression()).flagsDeletes());
        } catch (io.dmskit.error.DmsException e) {
            return false;   // a table that the mapping cannot map is reported where it is loaded
        }
    }

    /** The changes as the mapping lets them reach the target; the same list when none is touched. */
    @Override
    public List<ChangeEvent> apply(List<ChangeEvent> events) {
        boolean any = false;
        for (ChangeEvent e : events) {
            if (e.isRowChange() && tables.containsKey(e.table())) {
                any = true;
                break;
            }
        }
        if (!any) {
            return events;
        }
        List<ChangeEvent> out = new ArrayList<>(events.size());
        for (ChangeEvent e : events) {
            PerTable t = e.isRowChange() ? tables.get(e.table()) : null;
            if (t == null) {
                out.add(e);
                continue;
            }
            ChangeEvent admitted = admit(e, t);
            if (admitted != null) {
                out.add(admitted);
            }
        }
        return out;
    }

    private ChangeEvent admit(ChangeEvent e, PerTable t) {
        Map<String, Integer> index = indexes.computeIfAbsent(e.columns(), cols -> {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                m.put(cols.get(i), i);
            }
            return m;
        });
        Object[] before = e.beforeImage();
        Object[] after = e.afterImage();
        ChangeEvent.Operation op = e.operation();
        if (!t.filters().isEmpty()) {
            Boolean bIn = before == null ? null : passes(t.filters(), index, before);
            Boolean aIn = after == null ? null : passes(t.filters(), index, after);
            switch (op) {
                case INSERT -> {
                    if (Boolean.FALSE.equals(aIn)) {
                        return null;
                    }
                }
                case DELETE -> {
                    if (Boolean.FALSE.equals(bIn)) {
                        return null;
                    }
                }
                default -> {
                    boolean afterIn = !Boolean.FALSE.equals(aIn);
                    if (bIn == null) {
                        op = afterIn ? ChangeEvent.Operation.UPDATE : ChangeEvent.Operation.DELETE;
                        if (!afterIn && before == null) {
                            before = after;
                        }
                    } else if (bIn && !afterIn) {
                        op = ChangeEvent.Operation.DELETE;
                    } else if (!bIn && afterIn) {
                        op = complete(after) ? ChangeEvent.Operation.INSERT : ChangeEvent.Operation.UPDATE;
                    } else if (!bIn) {
                        return null;
                    }
                }
            }
        }
        if (!t.masks().isEmpty()) {
            mask(t, index, before);
            mask(t, index, after);
        }
        if (op == ChangeEvent.Operation.DELETE && t.flagsDeletes()) {
            // operation_indicator: the row stays in the target with its added columns computed for the delete
            return AddedColumns.flaggedDelete(ChangeEvent.delete(e.table(), e.columns(), before, e.transactionId(),
                    e.commitTime(), e.position()));
        }
        if (op == e.operation() && t.masks().isEmpty()) {
            return e;
        }
        return switch (op) {
            case INSERT -> ChangeEvent.insert(e.table(), e.columns(), after, e.transactionId(), e.commitTime(), e.position());
            case DELETE -> ChangeEvent.delete(e.table(), e.columns(), before, e.transactionId(), e.commitTime(),
                    e.position());
            default -> ChangeEvent.update(e.table(), e.columns(), before, after, e.transactionId(), e.commitTime(),
                    e.position());
        };
    }

    private static boolean complete(Object[] image) {
        for (Object v : image) {
            if (v == ChangeEvent.UNAVAILABLE) {
                return false;
            }
        }
        return true;
    }

    private void mask(PerTable t, Map<String, Integer> index, Object[] image) {
        if (image == null) {
            return;
        }
        t.masks().forEach((column, rules) -> {
            Integer i = index.get(column);
            if (i == null) {
                return;
            }
            for (TransformationRule r : rules) {
                Object v = image[i];
                if (v != null && v != ChangeEvent.UNAVAILABLE) {
                    image[i] = masking.mask(r, v.toString(), t.limits().get(column));
                }
            }
        });
    }

    /** Whether the image passes every filter; null when it does not hold a filtered column. */
    static Boolean passes(List<SourceFilter> filters, Map<String, Integer> index, Object[] image) {
        for (SourceFilter f : filters) {
            Integer i = index.get(f.column());
            if (i == null || image[i] == ChangeEvent.UNAVAILABLE) {
                return null;
            }
            Object v = image[i];
            boolean any = false;
            for (SourceFilter.Condition c : f.conditions()) {
                if (meets(c, v)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    static boolean meets(SourceFilter.Condition c, Object v) {
        return switch (c.operator()) {
            case NULL -> v == null;
            case NOTNULL -> v != null;
            case EQ -> v != null && compare(v, c.value()) == 0;
            case NOTEQ -> v != null && compare(v, c.value()) != 0;
            case LTE, STE -> v != null && compare(v, c.value()) <= 0;
            case GTE -> v != null && compare(v, c.value()) >= 0;
            case BETWEEN -> v != null && compare(v, c.start()) >= 0 && compare(v, c.end()) <= 0;
            case NOTBETWEEN -> v != null && (compare(v, c.start()) < 0 || compare(v, c.end()) > 0);
        };
    }

    /** The value compared with the filter's text, read as the value's type; by text when it does not read so. */
    static int compare(Object v, String text) {
        String t = text.trim();
        try {
            if (v instanceof Number n) {
                BigDecimal d = n instanceof BigDecimal b ? b : n instanceof BigInteger b ? new BigDecimal(b)
                        : n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue())
                        : BigDecimal.valueOf(n.longValue());
                return d.compareTo(new BigDecimal(t));
            }
            if (v instanceof Boolean b) {
                boolean x = t.equals("1") || t.equalsIgnoreCase("true") || t.equalsIgnoreCase("t");
                return Boolean.compare(b, x);
            }
            if (v instanceof LocalDate d) {
                return d.compareTo(t.length() > 10 ? dateTime(t).toLocalDate() : LocalDate.parse(t));
            }
            if (v instanceof LocalDateTime d) {
                return d.compareTo(dateTime(t));
            }
            if (v instanceof OffsetDateTime d) {
                return d.toInstant().compareTo(t.length() > 10 && (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$"))
                        ? OffsetDateTime.parse(t.replace(' ', 'T')).toInstant()
                        : dateTime(t).toInstant(java.time.ZoneOffset.UTC));
            }
            if (v instanceof LocalTime d) {
                return d.compareTo(LocalTime.parse(t));
            }
        } catch (RuntimeException notOfTheType) {
            // falls back to the text comparison below
        }
        return v.toString().compareTo(text);
    }

    private static LocalDateTime dateTime(String t) {
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay();
        }
        return LocalDateTime.parse(t.replace(' ', 'T'));
    }
}
