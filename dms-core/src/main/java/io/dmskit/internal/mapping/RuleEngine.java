package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.MappedColumn;
import io.dmskit.TableMapping.MappedTable;
import io.dmskit.TableMapping.SelectionReport;
import io.dmskit.TableMapping.SelectionReport.RuleMatch;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs a checked list of rules: selection, name mapping, and the check of a mapping against a
 * source catalog. Every pattern is compiled once, here. Immutable and thread-safe.
 */
public final class RuleEngine {

    /** The hint at the end of every "selects nothing" message. */
    static final String CHECK_PATTERNS = "Check the schema and table patterns (" + RuleValidator.PATTERN_SYNTAX + ").";

    private record Selection(SelectionRule rule, NamePattern schema, NamePattern table) {
        boolean matches(TableId id) {
            return schema.matches(id.schema()) && table.matches(id.name());
        }
    }

    private record Transformation(TransformationRule rule, NamePattern schema, NamePattern table, NamePattern column) {
        boolean matchesTable(TableId id) {
            return schema.matches(id.schema()) && table.matches(id.name());
        }
    }

    private record Settings(TableSettingsRule rule, NamePattern schema, NamePattern table) {
        boolean matches(TableId id) {
            return schema.matches(id.schema()) && table.matches(id.name());
        }
    }

    private final List<Settings> tableSettings = new ArrayList<>();
    private final List<Rule> rules;
    private final List<Selection> selections = new ArrayList<>();
    private final List<Selection> includes = new ArrayList<>();
    private final List<Selection> excludes = new ArrayList<>();
    private final List<Transformation> transformations = new ArrayList<>();

    /** Compiles the rules, which {@link RuleValidator#problems} must have passed. */
    public RuleEngine(List<? extends Rule> rules) {
        this.rules = List.copyOf(rules);
        for (Rule r : this.rules) {
            if (r instanceof SelectionRule s) {
                boolean explicit = s.action() == SelectionAction.EXPLICIT;
                Selection sel = new Selection(s, compile(s.schemaPattern(), explicit), compile(s.tablePattern(), explicit));
                selections.add(sel);
                (s.action().selects() ? includes : excludes).add(sel);
            } else if (r instanceof TransformationRule t) {
                transformations.add(new Transformation(t, compile(t.schemaPattern(), false),
                        compile(t.tablePattern(), false), compile(t.columnPattern(), false)));
            } else if (r instanceof TableSettingsRule ts) {
                tableSettings.add(new Settings(ts, compile(ts.schemaPattern(), false), compile(ts.tablePattern(), false)));
            }
        }
    }

    private static NamePattern compile(String text, boolean literal) {
        if (text == null) {
            return NamePattern.compile("%");
        }
        return literal ? NamePattern.literal(text) : NamePattern.compile(text);
    }

    /** Whether an include rule matches the table and no exclude rule does. */
    public boolean selects(TableId id) {
        boolean included = false;
        for (Selection s : includes) {
            if (s.matches(id)) {
                included = true;
                break;
            }
        }
        if (!included) {
            return false;
        }
        for (Selection s : excludes) {
            if (s.matches(id)) {
                return false;
            }
        }
        return true;
    }

    /** The selected table's target names; see {@code TableMapping.map}. */
    public MappedTable map(Table table) {
        if (!selects(table.id())) {
            throw new IllegalArgumentException("Table " + table.id() + " is not selected by the table mapping;"
                    + " map only tables that selects() accepts");
        }
        List<String> problems = new ArrayList<>();
        MappedTable mapped = map(table, new BitSet(), problems);
        if (!problems.isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION,
                    join("Table mapping cannot map table " + table.id(), problems));
        }
        return mapped;
    }

    /**
     * Maps one table, adding its problems to the list (and then returning null) and setting the
     * indexes of the transformation rules that matched it.
     */
    private MappedTable map(Table sourceTable, BitSet matched, List<String> problems) {
        Table table = withDefinedKey(sourceTable, matched, problems);
        TableId id = table.id();
        List<Column> columns = table.columns();
        int n = columns.size();
        String schema = id.schema();
        String name = id.name();
        TransformationRule schemaBy = null;
        TransformationRule tableBy = null;
        String[] columnNames = new String[n];
        TransformationRule[] columnBy = new TransformationRule[n];
        TransformationRule[] removedBy = new TransformationRule[n];
        boolean[] included = new boolean[n];
        TransformationRule includeBy = null;
        for (int j = 0; j < n; j++) {
            columnNames[j] = columns.get(j).name();
        }

        for (int i = 0; i < transformations.size(); i++) {
            Transformation t = transformations.get(i);
            TransformationRule rule = t.rule();
            if (!t.matchesTable(id)) {
                continue;
            }
            switch (rule.target()) {
                case SCHEMA -> {
                    matched.set(i);
                    if (!rule.action().renames()) {
                        continue;
                    }
                    String s = apply(rule, schema);
                    if (!s.equals(schema)) {
                        schema = s;
                        schemaBy = rule;
                    }
                }
                case TABLE -> {
                    matched.set(i);
                    if (!rule.action().renames()) {
                        continue;
                    }
                    String s = apply(rule, name);
                    if (!s.equals(name)) {
                        name = s;
                        tableBy = rule;
                    }
                }
                case COLUMN -> {
                    if (rule.action() == RuleAction.INCLUDE_COLUMN) {
                        for (int j = 0; j < n; j++) {
                            if (t.column().matches(columns.get(j).name())) {
                                matched.set(i);
                                included[j] = true;
                            }
                        }
                        includeBy = includeBy == null ? rule : includeBy;
                        continue;
                    }
                    if (rule.action() != RuleAction.REMOVE_COLUMN && !rule.action().renames()) {
                        for (int j = 0; j < n && !matched.get(i); j++) {
                            if (t.column().matches(columns.get(j).name())) {
                                matched.set(i);
                            }
                        }
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        if (!t.column().matches(columns.get(j).name())) {
                            continue;
                        }
                        matched.set(i);
                        if (removedBy[j] != null) {
                            continue;
                        }
                        if (rule.action() == RuleAction.REMOVE_COLUMN) {
                            removedBy[j] = rule;
                            continue;
                        }
                        String s = apply(rule, columnNames[j]);
                        if (!s.equals(columnNames[j])) {
                            columnNames[j] = s;
                            columnBy[j] = rule;
                        }
                    }
                }
            }
        }

        if (includeBy != null) {
            // AWS include-column: once a rule names the columns to keep, the others are left out; the key stays
            for (int j = 0; j < n; j++) {
                if (!included[j] && removedBy[j] == null && !table.primaryKey().contains(columns.get(j).name())) {
                    removedBy[j] = includeBy;
                }
            }
        }

        int before = problems.size();
        runtimeProblems(table, problems);
        if (schema.isEmpty()) {
            problems.add("Table mapping " + labelOf(schemaBy) + " leaves the schema of table " + id
                    + " with an empty name. Change the rule so that a name remains.");
        }
        if (name.isEmpty()) {
            problems.add("Table mapping " + labelOf(tableBy) + " leaves table " + id
                    + " with an empty name. Change the rule so that a name remains.");
        }
        TableId target = new TableId(schema, name);

        List<TransformationRule> removers = new ArrayList<>();
        List<MappedColumn> kept = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (removedBy[j] != null) {
                if (!removers.contains(removedBy[j])) {
                    removers.add(removedBy[j]);
                }
            } else {
                kept.add(new MappedColumn(columns.get(j), columnNames[j]));
            }
        }
        if (n > 0 && kept.isEmpty()) {
            problems.add("Table mapping removes every column of table " + id + " with "
                    + removers.stream().map(Rule::label).collect(Collectors.joining(" and "))
                    + "; a target table needs at least one column. Narrow the column pattern.");
        } else {
            for (int j = 0; j < n; j++) {
                String col = columns.get(j).name();
                if (removedBy[j] != null && table.primaryKey().contains(col)) {
                    problems.add("Table mapping " + removedBy[j].label() + " removes column " + col + " of table " + id
                            + ", which is in its primary key (" + String.join(", ", table.primaryKey())
                            + "). Primary key columns cannot be removed: narrow the column pattern.");
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (removedBy[j] == null && columnNames[j].isEmpty()) {
                problems.add("Table mapping " + labelOf(columnBy[j]) + " leaves column " + columns.get(j).name()
                        + " of table " + id + " with an empty name. Change the rule so that a name remains.");
            }
        }
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        for (MappedColumn c : kept) {
            byTarget.computeIfAbsent(c.targetName(), k -> new ArrayList<>()).add(c.source().name());
        }
        byTarget.forEach((targetName, sources) -> {
            if (sources.size() > 1 && !targetName.isEmpty()) {
                problems.add("Table mapping maps columns " + enumerate(sources) + " of table " + id
                        + " onto the same target column " + targetName + " of table " + target
                        + ". Change the rules so that each column gets its own name.");
            }
        });
        List<io.dmskit.TableMapping.AddedColumn> added = addedColumns(table, kept, target, matched, problems);
        if (problems.size() > before) {
            return null;
        }
        return new MappedTable(table, target, kept, added);
    }

    /**
     * The columns that the add-column rules matching the table add, in rule order. Their
     * expressions may read only columns that the table keeps (by source name), and their names
     * must differ from the kept columns' target names and from each other.
     */
    private List<io.dmskit.TableMapping.AddedColumn> addedColumns(Table table, List<MappedColumn> kept, TableId target,
                                                                  BitSet matched, List<String> problems) {
        List<io.dmskit.TableMapping.AddedColumn> out = new ArrayList<>();
        for (int i = 0; i < transformations.size(); i++) {
            Transformation t = transformations.get(i);
            TransformationRule rule = t.rule();
            if (rule.action() != RuleAction.ADD_COLUMN || !t.matchesTable(table.id())) {
                continue;
            }
            matched.set(i);
            io.dmskit.internal.expr.Expression e;
            try {
                e = io.dmskit.internal.expr.Expression.parse(rule.expression());
            } catch (io.dmskit.internal.expr.ExpressionException x) {
                problems.add("Table mapping " + rule.label() + ": expression " + x.getMessage());
                continue;
            }
            boolean ok = true;
            for (String c : e.columns()) {
                if (table.column(c).isEmpty()) {
                    problems.add("Table mapping " + rule.label() + " computes column " + rule.value() + " of table "
                            + table.id() + " from column $" + c + ", which the table does not have (names are"
                            + " case-sensitive, as the source stores them). Columns: " + columnList(table) + ".");
                    ok = false;
                } else if (kept.stream().noneMatch(k -> k.source().name().equals(c))) {
                    problems.add("Table mapping " + rule.label() + " computes column " + rule.value() + " of table "
                            + table.id() + " from column $" + c + ", which the mapping removes; dmskit computes added"
                            + " columns from the columns it moves. Keep the column, or drop it in the target afterwards.");
                    ok = false;
                }
            }
            String name = rule.value();
            if (kept.stream().anyMatch(k -> k.targetName().equals(name))) {
                problems.add("Table mapping " + rule.label() + " adds column " + name + " to table " + target
                        + ", which already has a column of that name from the source. Give the new column another name.");
                ok = false;
            } else if (out.stream().anyMatch(a -> a.name().equals(name))) {
                problems.add("Table mapping " + rule.label() + " adds column " + name + " to table " + target
                        + ", which an earlier add-column rule adds already. Give the new column another name.");
                ok = false;
            }
            if (ok) {
                out.add(new io.dmskit.TableMapping.AddedColumn(name, MappingRuntime.dataType(rule.dataType()),
                        rule.expression(), rule.shortLabel()));
            }
        }
        return out;
    }

    /**
     * The table with the key that the last matching define-primary-key rule gives it: its primary
     * key ({@code origin: primary-key}, the default) or an added unique key ({@code unique-index});
     * the rule's columns must exist and be NOT NULL. Without such a rule, the table itself.
     */
    private Table withDefinedKey(Table table, BitSet matched, List<String> problems) {
        TransformationRule rule = null;
        for (int i = 0; i < transformations.size(); i++) {
            Transformation t = transformations.get(i);
            if (t.rule().action() == RuleAction.DEFINE_PRIMARY_KEY && t.matchesTable(table.id())) {
                rule = t.rule();
                matched.set(i);
            }
        }
        if (rule == null) {
            return table;
        }
        List<String> key = rule.primaryKey().columns();
        boolean ok = true;
        for (String c : key) {
            Column col = table.column(c).orElse(null);
            if (col == null) {
                problems.add("Table mapping " + rule.label() + " defines the key of table " + table.id() + " with column "
                        + c + ", which the table does not have (names are case-sensitive). Columns: " + columnList(table) + ".");
                ok = false;
            } else if (col.nullable()) {
                problems.add("Table mapping " + rule.label() + " defines the key of table " + table.id() + " with column "
                        + c + ", which allows NULL; key columns must be NOT NULL.");
                ok = false;
            }
        }
        if (!ok) {
            return table;
        }
        if ("unique-index".equals(rule.primaryKey().origin())) {
            List<List<String>> uniques = new ArrayList<>(table.uniqueKeys());
            if (uniques.contains(key)) {
                return table;
            }
            uniques.add(0, key);
            // the unique constraint that the target gets, named as the rule names it
            String name = rule.primaryKey().name() != null ? rule.primaryKey().name()
                    : table.id().name() + "_" + String.join("_", key) + "_key";
            List<io.dmskit.schema.Index> indexes = new ArrayList<>(table.indexes());
            indexes.add(new io.dmskit.schema.Index(name, key.stream().map(io.dmskit.schema.IndexColumn::of).toList(), true,
                    true, null, null, null));
            return table.withColumns(table.columns(), table.primaryKey(), uniques)
                    .withConstraints(indexes, table.foreignKeys(), table.checks(), table.comment());
        }
        return table.withColumns(table.columns(), key, table.uniqueKeys());
    }

    /** Problems of the filters, parallel-load ranges and masking rules that match the table. */
    private void runtimeProblems(Table table, List<String> problems) {
        TableId id = table.id();
        for (Selection s : includes) {
            if (!s.matches(id)) {
                continue;
            }
            for (SourceFilter f : s.rule().filters()) {
                Column c = table.column(f.column()).orElse(null);
                if (c == null) {
                    problems.add("Table mapping " + s.rule().label() + " filters on column " + f.column() + ", which table "
                            + id + " does not have (names are case-sensitive). Columns: " + columnList(table) + ".");
                    continue;
                }
                for (SourceFilter.Condition cond : f.conditions()) {
                    for (String v : java.util.Arrays.asList(cond.value(), cond.start(), cond.end())) {
                        String why = v == null ? null : filterValueProblem(c, v);
                        if (why != null) {
                            problems.add("Table mapping " + s.rule().label() + ": filter value '" + v + "' of "
                                    + cond.operator().awsName() + " on column " + c.name() + " of table " + id
                                    + " is not " + why + ", but the column is " + c.type().nativeName() + ".");
                        }
                    }
                }
            }
        }
        TableSettingsRule settings = parallelLoad(id);
        if (settings != null && settings.parallelLoad().type() == TableSettingsRule.ParallelLoadType.RANGES) {
            List<String> cols = settings.parallelLoad().columns();
            List<String> key = table.rowKey();
            Column keyColumn = key.isEmpty() ? null : table.column(key.get(0)).orElse(null);
            if (keyColumn == null || cols.size() != 1 || !cols.get(0).equals(keyColumn.name())) {
                problems.add("Table mapping " + settings.label() + ": parallel-load ranges on columns " + cols
                        + " of table " + id + " cannot be honoured: dmskit splits a table by one column, the first"
                        + " column of its key" + (keyColumn == null ? " (the table has no key)" : " (" + keyColumn.name()
                        + ")") + ". Give \"columns\": [\"" + (keyColumn == null ? "..." : keyColumn.name())
                        + "\"] with one value per boundary, or leave parallel-load out.");
            } else if (!keyColumn.type().kind().isInteger() && !keyColumn.type().kind().isCharacter()) {
                problems.add("Table mapping " + settings.label() + ": parallel-load ranges on column " + keyColumn.name()
                        + " of table " + id + " cannot be honoured: dmskit splits by integer or text key columns, and "
                        + keyColumn.name() + " is " + keyColumn.type().nativeName() + ". Leave parallel-load out.");
            } else {
                String previous = null;
                for (List<String> b : settings.parallelLoad().boundaries()) {
                    String v = b.get(0);
                    if (keyColumn.type().kind().isInteger()) {
                        try {
                            java.math.BigInteger n = new java.math.BigInteger(v.trim());
                            if (previous != null && n.compareTo(new java.math.BigInteger(previous)) <= 0) {
                                problems.add("Table mapping " + settings.label() + ": parallel-load boundaries of table "
                                        + id + " must ascend, but " + v + " follows " + previous + ".");
                            }
                            previous = n.toString();
                        } catch (NumberFormatException e) {
                            problems.add("Table mapping " + settings.label() + ": parallel-load boundary '" + v
                                    + "' of table " + id + " is not an integer, but column " + keyColumn.name() + " is "
                                    + keyColumn.type().nativeName() + ".");
                        }
                    }
                }
            }
        }
        for (Column c : table.columns()) {
            for (TransformationRule r : valueRules(id, c.name())) {
                if (!c.type().kind().isCharacter()) {
                    problems.add("Table mapping " + r.label() + " masks column " + c.name() + " of table " + id
                            + ", which is " + c.type().nativeName() + "; dmskit masks text columns only (a masked value"
                            + " is text). Narrow the column pattern.");
                }
            }
        }
    }

    /** What a filter value must be for the column's type ("a number", "a date YYYY-MM-DD"), or null when it is. */
    private static String filterValueProblem(Column c, String v) {
        String t = v.trim();
        var kind = c.type().kind();
        try {
            if (kind.isInteger() || kind == io.dmskit.schema.TypeKind.DECIMAL) {
                new java.math.BigDecimal(t);
            } else if (kind == io.dmskit.schema.TypeKind.DATE) {
                java.time.LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t);
            } else if (kind == io.dmskit.schema.TypeKind.TIMESTAMP) {
                if (t.length() == 10) {
                    java.time.LocalDate.parse(t);
                } else {
                    java.time.LocalDateTime.parse(t.replace(' ', 'T'));
                }
            }
            return null;
        } catch (RuntimeException e) {
            return kind == io.dmskit.schema.TypeKind.DATE ? "a date YYYY-MM-DD"
                    : kind == io.dmskit.schema.TypeKind.TIMESTAMP ? "a date YYYY-MM-DD or timestamp YYYY-MM-DD HH:MM:SS"
                    : "a number";
        }
    }

    private static String columnList(Table table) {
        return table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
    }

    private static String labelOf(TransformationRule rule) {
        // null only when the source name itself is empty, which no engine allows
        return rule == null ? "(no rule)" : rule.label();
    }

    /** The name after one rule's action. */
    static String apply(TransformationRule rule, String name) {
        String v = rule.value();
        String old = rule.oldValue();
        return switch (rule.action()) {
            case RENAME -> v;
            case CONVERT_LOWERCASE -> name.toLowerCase(Locale.ROOT);
            case CONVERT_UPPERCASE -> name.toUpperCase(Locale.ROOT);
            case ADD_PREFIX -> v + name;
            case ADD_SUFFIX -> name + v;
            case REMOVE_PREFIX -> name.startsWith(v) ? name.substring(v.length()) : name;
            case REMOVE_SUFFIX -> name.endsWith(v) ? name.substring(0, name.length() - v.length()) : name;
            case REPLACE_PREFIX -> name.startsWith(old) ? v + name.substring(old.length()) : name;
            case REPLACE_SUFFIX -> name.endsWith(old) ? name.substring(0, name.length() - old.length()) + v : name;
            default -> name;
        };
    }

    /**
     * Checks the mapping against a source catalog; see {@code TableMapping.check}.
     *
     * @param catalog  the tables to map (those not selected are ignored)
     * @param sourceIds every table id of the source, also of tables the catalog leaves out, for
     *                  matching selection rules and suggesting names; the catalog's ids are added
     */
    public SelectionReport check(Catalog catalog, Collection<TableId> sourceIds) {
        List<Table> tables = catalog.tables();
        TreeSet<TableId> idSet = new TreeSet<>(sourceIds);
        tables.forEach(t -> idSet.add(t.id()));
        List<TableId> ids = List.copyOf(idSet);
        Map<Selection, List<TableId>> selectionMatches = new LinkedHashMap<>();
        for (Selection s : selections) {
            selectionMatches.put(s, ids.stream().filter(s::matches).toList());
        }
        List<Table> selected = tables.stream().filter(t -> selects(t.id())).toList();
        if (selected.isEmpty()) {
            throw new DmsException(ErrorCode.MAPPING_SELECTS_NOTHING, "Table mapping selects no table. Rules: "
                    + selections.stream().map(s -> s.rule().label()).collect(Collectors.joining(", "))
                    + ". Source schemas: " + schemaSummary(ids) + ". " + CHECK_PATTERNS);
        }
        List<String> unmatchedIncludes = new ArrayList<>();
        for (Selection s : includes) {
            if (selectionMatches.get(s).isEmpty()) {
                unmatchedIncludes.add(s.rule().label() + " matches no table; " + suggestion(s, ids));
            }
        }
        if (unmatchedIncludes.size() == 1) {
            throw new DmsException(ErrorCode.MAPPING_SELECTS_NOTHING,
                    "Table mapping " + unmatchedIncludes.get(0) + ". " + CHECK_PATTERNS);
        }
        if (unmatchedIncludes.size() > 1) {
            throw new DmsException(ErrorCode.MAPPING_SELECTS_NOTHING, "Table mapping has "
                    + unmatchedIncludes.size() + " include rules that match no table:\n- "
                    + String.join("\n- ", unmatchedIncludes) + "\n" + CHECK_PATTERNS);
        }

        List<String> problems = new ArrayList<>();
        List<MappedTable> mapped = new ArrayList<>();
        List<List<TableId>> transformationMatches = new ArrayList<>();
        for (int i = 0; i < transformations.size(); i++) {
            transformationMatches.add(new ArrayList<>());
        }
        for (Table t : selected) {
            BitSet matched = new BitSet();
            MappedTable m = map(t, matched, problems);
            matched.stream().forEach(i -> transformationMatches.get(i).add(t.id()));
            if (m != null) {
                mapped.add(m);
            }
        }
        Map<TableId, List<TableId>> byTarget = new LinkedHashMap<>();
        for (MappedTable m : mapped) {
            byTarget.computeIfAbsent(m.target(), k -> new ArrayList<>()).add(m.source().id());
        }
        byTarget.forEach((target, sources) -> {
            if (sources.size() > 1) {
                problems.add("Table mapping maps tables " + enumerate(sources.stream().map(TableId::toString).toList())
                        + " onto the same target table " + target
                        + ". Change the rules so that each table gets its own name.");
            }
        });
        if (!problems.isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, join("Table mapping does not fit the source catalog",
                    problems));
        }

        List<RuleMatch> matches = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int ti = 0;
        int si = 0;
        int gi = 0;
        for (Rule r : rules) {
            List<TableId> hits;
            if (r instanceof SelectionRule) {
                Selection s = selections.get(si++);
                hits = selectionMatches.get(s);
                if (hits.isEmpty()) {
                    warnings.add(r.label() + " matches no table");
                }
            } else if (r instanceof TableSettingsRule) {
                Settings st = tableSettings.get(gi++);
                hits = mapped.stream().map(m -> m.source().id()).filter(st::matches).toList();
                if (hits.isEmpty()) {
                    warnings.add(r.label() + " matches no selected table");
                }
            } else {
                hits = transformationMatches.get(ti++);
                if (hits.isEmpty()) {
                    warnings.add(r.label() + " matches no selected table");
                }
            }
            matches.add(new RuleMatch(r.id(), r.label(), hits));
        }
        return new SelectionReport(mapped, matches, warnings);
    }

    /** {@code header (2 problems):\n- a\n- b}, or {@code a} alone when it is the only one. */
    private static String join(String header, List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return header + " (" + problems.size() + " problems):\n- " + String.join("\n- ", problems);
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String enumerate(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** {@code crm (1 table), shop (12 tables)}, or {@code none}. */
    static String schemaSummary(List<TableId> tables) {
        if (tables.isEmpty()) {
            return "none";
        }
        Map<String, Long> counts = new TreeMap<>();
        for (TableId t : tables) {
            counts.merge(t.schema(), 1L, Long::sum);
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + (e.getValue() == 1 ? " table)" : " tables)"))
                .collect(Collectors.joining(", "));
    }

    /** The closest table names to what an unmatched include rule names, or the schemas when none is close. */
    private static String suggestion(Selection s, List<TableId> tables) {
        record Candidate(TableId id, int distance) {
        }
        String schemaHint = s.schema().hint();
        String tableHint = s.table().hint();
        int limit = Math.max(2, (schemaHint.length() + tableHint.length()) / 3);
        List<TableId> closest = tables.stream()
                .map(id -> {
                    int d = (s.schema().matches(id.schema()) ? 0 : EditDistance.between(schemaHint, id.schema()))
                            + (s.table().matches(id.name()) ? 0 : EditDistance.between(tableHint, id.name()));
                    return new Candidate(id, d);
                })
                .filter(c -> c.distance() <= limit)
                .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::id))
                .limit(3)
                .map(Candidate::id)
                .toList();
        if (closest.isEmpty()) {
            return "no table has a similar name; source schemas: " + schemaSummary(tables);
        }
        return "closest tables: " + closest.stream().map(TableId::toString).collect(Collectors.joining(", "));
    }

    /**
     * The source filters of a selected table: those of every include or explicit rule that
     * matches it, all of which a row must pass. Empty when the table is not filtered.
     */
    public List<SourceFilter> filters(TableId id) {
        List<SourceFilter> out = new ArrayList<>();
        for (Selection s : includes) {
            if (s.matches(id)) {
                out.addAll(s.rule().filters());
            }
        }
        return out;
    }

    /** The highest load order of the include or explicit rules that match the table; 0 when none gives one. */
    public int loadOrder(TableId id) {
        int order = 0;
        boolean any = false;
        for (Selection s : includes) {
            if (s.matches(id) && (!any || s.rule().loadOrder() > order)) {
                order = s.rule().loadOrder();
                any = true;
            }
        }
        return order;
    }

    /** The parallel-load setting of the last table-settings rule that matches the table and has one. */
    public TableSettingsRule parallelLoad(TableId id) {
        TableSettingsRule found = null;
        for (Settings st : tableSettings) {
            if (st.rule().parallelLoad() != null && st.matches(id)) {
                found = st.rule();
            }
        }
        return found;
    }

    /**
     * The value rules (data masking) that apply to a source column of a table, in rule order.
     */
    public List<TransformationRule> valueRules(TableId id, String column) {
        List<TransformationRule> out = new ArrayList<>();
        for (Transformation t : transformations) {
            RuleAction a = t.rule().action();
            if ((a == RuleAction.DATA_MASKING_DIGITS_MASK || a == RuleAction.DATA_MASKING_DIGITS_RANDOMIZE
                    || a == RuleAction.DATA_MASKING_HASH_MASK) && t.matchesTable(id) && t.column().matches(column)) {
                out.add(t.rule());
            }
        }
        return out;
    }

    /** The last change-data-type rule that matches a source column, or null. */
    public TransformationRule changedType(TableId id, String column) {
        TransformationRule found = null;
        for (Transformation t : transformations) {
            if (t.rule().action() == RuleAction.CHANGE_DATA_TYPE && t.matchesTable(id) && t.column().matches(column)) {
                found = t.rule();
            }
        }
        return found;
    }

    /** The rules that this engine runs, in order. */
    public List<Rule> rules() {
        return rules;
    }
}
