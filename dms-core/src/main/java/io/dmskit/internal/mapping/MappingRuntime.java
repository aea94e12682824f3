package io.dmskit.internal.mapping;

import io.dmskit.schema.Column;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ReadFilter;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowConverter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the load runtime takes from a checked mapping for one table: the source filter to push
 * down, the fixed segment boundaries of {@code parallel-load}, and the value converter of the
 * data-masking rules. Stateless.
 */
public final class MappingRuntime {

    private MappingRuntime() {
    }

    /** The source filters as a pushed-down read filter. */
    public static ReadFilter readFilter(List<SourceFilter> filters) {
        if (filters.isEmpty()) {
            return ReadFilter.NONE;
        }
        List<ReadFilter.Group> groups = new ArrayList<>();
        for (SourceFilter f : filters) {
            List<ReadFilter.Condition> conditions = new ArrayList<>();
            for (SourceFilter.Condition c : f.conditions()) {
                ReadFilter.Operator op = switch (c.operator()) {
                    case EQ -> ReadFilter.Operator.EQ;
                    case NOTEQ -> ReadFilter.Operator.NOTEQ;
                    case LTE, STE -> ReadFilter.Operator.LTE;
                    case GTE -> ReadFilter.Operator.GTE;
                    case BETWEEN -> ReadFilter.Operator.BETWEEN;
                    case NOTBETWEEN -> ReadFilter.Operator.NOTBETWEEN;
                    case NULL -> ReadFilter.Operator.NULL;
                    case NOTNULL -> ReadFilter.Operator.NOTNULL;
                };
                List<String> values = switch (c.operator().arity()) {
                    case 0 -> List.of();
                    case 1 -> List.of(c.value());
                    default -> List.of(c.start(), c.end());
                };
                conditions.add(new ReadFilter.Condition(op, values));
            }
            groups.add(new ReadFilter.Group(f.column(), conditions));
        }
        return new ReadFilter(groups);
    }

    /**
     * The segment boundaries that {@code parallel-load} fixes for the table: null when dmskit
     * splits the table on its own, empty for {@code none} (one segment), else the boundaries of
     * {@code ranges} on the table's first key column (checked by {@code TableMapping.check}).
     */
    public static List<String> boundaries(RuleEngine engine, TableId table) {
        TableSettingsRule rule = engine.parallelLoad(table);
        if (rule == null) {
            return null;
        }
        return switch (rule.parallelLoad().type()) {
            case NONE -> List.of();
            case RANGES -> rule.parallelLoad().boundaries().stream().map(b -> b.get(0)).toList();
            // a table loaded by partitions has no boundaries: TablePlan.applyMapping does not ask (see KeyRanges.byPartition)
            case PARTITIONS_AUTO, PARTITIONS_LIST -> throw new IllegalStateException(rule.label());
        };
    }

    /**
     * A supplier of converters (one per segment) that apply the data-masking rules to the
     * columns of a batch read as {@code sourceColumns}; null when no rule masks a column of the table.
     *
     * @param targetColumns the target columns in the same order, whose length bounds a hash
     */
    public static Supplier<RowConverter> masking(RuleEngine engine, TableId table, List<Column> sourceColumns,
                                                 List<Column> targetColumns) {
        List<int[]> indexes = new ArrayList<>();
        List<TransformationRule> rules = new ArrayList<>();
        List<Integer> limits = new ArrayList<>();
        for (int i = 0; i < sourceColumns.size(); i++) {
            for (TransformationRule r : engine.valueRules(table, sourceColumns.get(i).name())) {
                indexes.add(new int[]{i});
                rules.add(r);
                int len = i < targetColumns.size() ? targetColumns.get(i).type().length() : 0;
                limits.add(len <= 0 ? Integer.MAX_VALUE : len);
            }
        }
        if (rules.isEmpty()) {
            return null;
        }
        int[] cols = indexes.stream().mapToInt(a -> a[0]).toArray();
        TransformationRule[] rs = rules.toArray(TransformationRule[]::new);
        int[] lim = limits.stream().mapToInt(Integer::intValue).toArray();
        return () -> new Masking(cols, rs, lim);
    }

    /**
     * The task's type rules with the mapping's change-data-type rules in front: a column that such
     * a rule matches gets the rule's type (the target dialect's type for it); the others resolve
     * as before. The same rules serve the target table's creation and the value conversion, so a
     * type that the values cannot be converted to without loss is reported by the task's plan.
     */
    public static io.dmskit.schema.TypeRules typeRules(io.dmskit.TableMapping mapping, io.dmskit.schema.TypeRules base) {
        RuleEngine engine = MappingAccess.engine(mapping);
        // an added column's type is its rule's data-type (the column that SchemaPrep adds carries it, marked by its comment)
        io.dmskit.schema.TypeRule added = io.dmskit.schema.TypeRule.named("add-column")
                .description("the table mapping's add-column rules")
                .when(c -> isAdded(c.column()))
                .to(c -> c.column().type())
                .build();
        if (engine.rules().stream().noneMatch(r -> r instanceof TransformationRule t
                && t.action() == RuleAction.CHANGE_DATA_TYPE)) {
            return engine.rules().stream().anyMatch(r -> r instanceof TransformationRule t
                    && t.action() == RuleAction.ADD_COLUMN) ? base.with(added) : base;
        }
        io.dmskit.schema.TypeRule rule = io.dmskit.schema.TypeRule.named("change-data-type")
                .description("the table mapping's change-data-type rules")
                .when(c -> engine.changedType(c.table().id(), c.column().name()) != null)
                .to(c -> dataType(engine.changedType(c.table().id(), c.column().name()).dataType()))
                .build();
        return base.with(added, rule);
    }

    /** How the comment of a column that an add-column rule adds starts, in the table that the schema converter sees. */
    private static final String ADDED = "computed by dmskit, ";

    /**
     * The column that the target table gets for an added column, as the schema converter sees it:
     * nullable, of the rule's type, with a comment that names the rule and the expression.
     */
    public static Column addedColumn(io.dmskit.TableMapping.AddedColumn a) {
        return Column.of(a.name(), a.type(), true).withComment(ADDED + a.rule() + ": " + a.expression());
    }

    /** Whether a column is one of {@link #addedColumn}. */
    public static boolean isAdded(Column c) {
        return c.comment() != null && c.comment().startsWith(ADDED);
    }

    /**
     * A supplier of the converters (one per segment) that compute a table's added columns, or
     * null when it has none; see {@link AddedColumns}.
     */
    public static Supplier<AddedColumns> added(TableId source, List<Column> sourceColumns,
                                               List<io.dmskit.TableMapping.AddedColumn> added, List<Column> targets) {
        if (added == null || added.isEmpty()) {
            return null;
        }
        AddedColumns.of(source, sourceColumns, added, targets); // checks the columns now, not in a segment
        return () -> AddedColumns.of(source, sourceColumns, added, targets);
    }

    /** The dmskit type of an AWS DMS {@code data-type}. */
    static io.dmskit.schema.DataType dataType(TransformationRule.DataTypeDef d) {
        Integer len = d.length();
        Integer p = d.precision();
        Integer sc = d.scale();
        return switch (d.type()) {
            case "boolean" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.BOOLEAN);
            case "int1" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.TINYINT);
            case "int2" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.SMALLINT);
            case "int4" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.INTEGER);
            case "int8" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.BIGINT);
            case "uint1" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.TINYINT).withUnsigned(true);
            case "uint2" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.SMALLINT).withUnsigned(true);
            case "uint4" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.INTEGER).withUnsigned(true);
            case "uint8" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.BIGINT).withUnsigned(true);
            case "numeric" -> io.dmskit.schema.DataType.decimal(p == null ? 38 : p, sc == null ? 0 : sc);
            case "real4" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.REAL);
            case "real8" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.DOUBLE);
            case "string", "wstring" -> len == null ? io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.TEXT)
                    : io.dmskit.schema.DataType.ofLength(io.dmskit.schema.TypeKind.VARCHAR, len);
            case "date" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.DATE);
            case "time" -> io.dmskit.schema.DataType.temporal(io.dmskit.schema.TypeKind.TIME, p == null ? 0 : p);
            case "datetime" -> io.dmskit.schema.DataType.temporal(io.dmskit.schema.TypeKind.TIMESTAMP, p == null ? 6 : p);
            case "bytes" -> len == null ? io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.BLOB)
                    : io.dmskit.schema.DataType.ofLength(io.dmskit.schema.TypeKind.VARBINARY, len);
            case "blob" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.BLOB);
            case "clob", "nclob" -> io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.TEXT);
            // RuleValidator allows only the names above
            default -> throw new IllegalStateException("data-type " + d.type());
        };
    }

    /** Applies masking rules in place; one segment's thread. */
    static final class Masking implements RowConverter {
        private final int[] columns;
        private final TransformationRule[] rules;
        private final int[] limits;
        private final SecureRandom random = new SecureRandom();
        private final MessageDigest sha256;

        Masking(int[] columns, TransformationRule[] rules, int[] limits) {
            this.columns = columns;
            this.rules = rules;
            this.limits = limits;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        public void convert(RowBatch batch) {
            for (int r = 0; r < batch.size(); r++) {
                Object[] row = batch.row(r);
                for (int k = 0; k < columns.length; k++) {
                    Object v = row[columns[k]];
                    if (v != null) {
                        row[columns[k]] = mask(rules[k], v.toString(), limits[k]);
                    }
                }
            }
        }

        String mask(TransformationRule rule, String v, int limit) {
            return switch (rule.action()) {
                case DATA_MASKING_DIGITS_MASK -> {
                    char m = rule.value().charAt(0);
                    StringBuilder sb = new StringBuilder(v.length());
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        sb.append(c >= '0' && c <= '9' ? m : c);
                    }
                    yield sb.toString();
                }
                case DATA_MASKING_DIGITS_RANDOMIZE -> {
                    StringBuilder sb = new StringBuilder(v.length());
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        sb.append(c >= '0' && c <= '9' ? (char) ('0' + random.nextInt(10)) : c);
                    }
                    yield sb.toString();
                }
                case DATA_MASKING_HASH_MASK -> {
                    String hex = HexFormat.of().formatHex(sha256.digest(v.getBytes(StandardCharsets.UTF_8)));
                    yield hex.length() > limit ? hex.substring(0, limit) : hex;
                }
                default -> v;
            };
        }
    }
}
