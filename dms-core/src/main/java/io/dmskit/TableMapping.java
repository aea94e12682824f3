package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.mapping.AwsMappingJson;
import io.dmskit.internal.mapping.MappingAccess;
import io.dmskit.internal.mapping.Rule;
import io.dmskit.internal.mapping.RuleAction;
import io.dmskit.internal.mapping.RuleEngine;
import io.dmskit.internal.mapping.RuleValidator;
import io.dmskit.internal.mapping.SelectionAction;
import io.dmskit.internal.mapping.SelectionRule;
import io.dmskit.internal.mapping.TransformationRule;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which source tables a task moves and what they are called in the target: the table mapping of
 * a migration service, with the selection and transformation rules of the AWS DMS table-mapping
 * format. Immutable and thread-safe; build one with {@link #builder()}, or read an AWS DMS
 * table-mapping file with {@link #fromAwsJson(Path)}, which also knows source filters,
 * {@code load-order}, column-level actions (include-column, change-data-type, define-primary-key,
 * data masking) and table settings ({@code parallel-load}); see {@code docs/aws-table-mapping.md}.
 *
 * <pre>{@code
 * TableMapping mapping = TableMapping.builder().include("shop", "%").exclude("shop", "tmp_%")
 *         .renameSchema("shop", "public").build();
 * TableMapping fromFile = TableMapping.fromAwsJson(Path.of("table-mappings.json"));
 * }</pre>
 *
 * <h2>Patterns</h2>
 * Every schema, table and column argument of a rule is a pattern, as in the object locators of
 * AWS DMS: {@code %} matches any run of characters (also none), {@code _} exactly one character,
 * {@code [_]} and {@code [%]} a literal underscore or percent sign, {@code [ab]} one of a set and
 * {@code [a-d]} one of a range. Everything else matches itself, case-sensitively: names are
 * compared as the engine stores them ({@code ORDERS} in Oracle-style upper case, {@code orders}
 * in PostgreSQL). {@code order_items} therefore also matches {@code orderXitems}; write
 * {@code order[_]items} to match only the underscore.
 *
 * <h2>Selection</h2>
 * A table is selected when an include rule matches it and no exclude rule does: exclude wins,
 * whatever the order of the rules, as in AWS DMS.
 *
 * <h2>Transformation</h2>
 * Transformation rules apply in the order they were added, each to the name that the earlier
 * rules have made: {@code toUpperCase(TABLE, ...)} then {@code addPrefix(TABLE, ..., "x_")} gives
 * {@code x_ORDERS}. Their patterns always match the <em>source</em> names, as AWS DMS object
 * locators do, so a rule still finds table {@code shop.orders} after an earlier rule renamed the
 * schema. AWS DMS documents that it does not support more than one transformation action on the
 * same object, and its Schema Conversion keeps only the last rule of each action type; dmskit
 * accepts several rules on one object and applies them all in order (two {@code addPrefix} rules
 * add both prefixes).
 *
 * <p>Each rule has an id: the builder numbers rules 1, 2, ... in the order they are added
 * (selection and transformation rules share the numbering), and messages name rules with it:
 * {@code rule 3 (rename-table shop.old_orders -> orders)}.
 */
public final class TableMapping {

    /** Which name a transformation rule changes (the AWS {@code rule-target}). */
    public enum RuleTarget {
        /** The schema name (the database, for MySQL and MariaDB). */
        SCHEMA,
        /** The table name. */
        TABLE,
        /** A column name. */
        COLUMN
    }

    /**
     * A source column and the name it gets in the target table.
     *
     * @param source     the source column
     * @param targetName its name in the target table
     */
    public record MappedColumn(Column source, String targetName) {
        public MappedColumn {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(targetName, "targetName");
        }
    }

    /**
     * A column that an AWS {@code add-column} rule adds to the target table: its value is computed
     * for each row from the source row (and, in CDC, the change's header values) by the rule's
     * expression. Immutable.
     *
     * @param name       the column's name in the target, as the rule's {@code value} gives it
     * @param type       the column's type, from the rule's {@code data-type}
     * @param expression the rule's expression, as written
     * @param rule       the rule that adds it, as messages name it ({@code rule 3 'flag'})
     */
    public record AddedColumn(String name, io.dmskit.schema.DataType type, String expression, String rule) {
        public AddedColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(rule, "rule");
        }
    }

    /**
     * What a source table becomes in the target: its target id and, in source order, the columns
     * that the mapping keeps with their target names. Removed columns are not in
     * {@link #columns()}. Immutable.
     *
     * @param source  the source table
     * @param target  the target table's schema and name
     * @param columns the kept columns in source order, with their target names
     * @param added   the columns that add-column rules add, in rule order, after the kept ones
     */
    public record MappedTable(Table source, TableId target, List<MappedColumn> columns, List<AddedColumn> added) {
        public MappedTable {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            columns = List.copyOf(columns);
            added = added == null ? List.of() : List.copyOf(added);
        }

        /** A mapped table without added columns. */
        public MappedTable(Table source, TableId target, List<MappedColumn> columns) {
            this(source, target, columns, List.of());
        }

        /** The target column names, in source order. */
        public List<String> targetColumns() {
            return columns.stream().map(MappedColumn::targetName).toList();
        }

        /** The source columns that the target keeps, in source order. */
        public List<Column> sourceColumns() {
            return columns.stream().map(MappedColumn::source).toList();
        }

        /** The source columns that the mapping removes, in source order. */
        public List<Column> removedColumns() {
            List<Column> kept = sourceColumns();
            return source.columns().stream().filter(c -> !kept.contains(c)).toList();
        }

        /** The target name of a source column; empty when the column is removed or not in the table. */
        public Optional<String> targetColumn(String sourceColumn) {
            for (MappedColumn c : columns) {
                if (c.source().name().equals(sourceColumn)) {
                    return Optional.of(c.targetName());
                }
            }
            return Optional.empty();
        }

        /**
         * The source table as the target sees it: target id, the kept columns under their target
         * names, the primary key renamed, and the unique keys whose columns are all kept, renamed.
         * Column types are still the source's.
         */
        public Table targetTable() {
            Map<String, String> names = new HashMap<>();
            List<Column> cols = new ArrayList<>();
            for (MappedColumn c : columns) {
                names.put(c.source().name(), c.targetName());
                cols.add(c.source().withName(c.targetName()));
            }
            List<String> pk = source.primaryKey().stream().map(names::get).toList();
            List<List<String>> uks = source.uniqueKeys().stream()
                    .filter(uk -> names.keySet().containsAll(uk))
                    .map(uk -> uk.stream().map(names::get).toList())
                    .toList();
            return new Table(target, cols, pk, uks, source.estimatedRows());
        }
    }

    /**
     * What {@link #check(Catalog)} found: the selected tables as they map, which rules matched
     * which tables, and warnings about rules that matched nothing. Immutable.
     *
     * @param tables   the selected tables in catalog order, mapped
     * @param rules    every rule in order with the tables it matched: for a selection rule the
     *                 source tables that its patterns match (also tables that an exclude rule then
     *                 leaves out), for a transformation rule the selected tables whose names its
     *                 patterns match (whether or not its action changed them)
     * @param warnings one line per exclude or transformation rule that matched nothing; such a
     *                 rule is harmless but often a misspelt name
     */
    public record SelectionReport(List<MappedTable> tables, List<RuleMatch> rules, List<String> warnings) {
        public SelectionReport {
            tables = List.copyOf(tables);
            rules = List.copyOf(rules);
            warnings = List.copyOf(warnings);
        }

        /** The ids of the selected source tables, in catalog order. */
        public List<TableId> selected() {
            return tables.stream().map(t -> t.source().id()).toList();
        }

        /** The rules that matched no table. */
        public List<RuleMatch> unmatchedRules() {
            return rules.stream().filter(m -> m.tables().isEmpty()).toList();
        }

        /**
         * One rule and the tables that it matched.
         *
         * @param ruleId the rule's id
         * @param rule   the rule as messages name it: {@code rule 2 (exclude shop.tmp_%)}
         * @param tables the source tables that it matched, in catalog order
         */
        public record RuleMatch(long ruleId, String rule, List<TableId> tables) {
            public RuleMatch {
                tables = List.copyOf(tables);
            }
        }
    }

    static {
        MappingAccess.register(m -> m.engine);
    }

    private final List<Rule> rules;
    private final RuleEngine engine;

    private TableMapping(List<Rule> rules) {
        this.rules = rules;
        this.engine = new RuleEngine(rules);
    }

    /**
     * A mapping from a list of rule records, checked as {@link Builder#build()} checks them. Where a
     * rules file (the AWS table-mapping JSON) becomes a mapping.
     */
    private static TableMapping of(List<? extends Rule> rules) {
        List<Rule> copy = List.copyOf(rules);
        List<String> problems = new ArrayList<>(RuleValidator.problems(copy));
        if (problems.isEmpty()) {
            problems.addAll(RuleValidator.unsupported(copy));
        }
        if (!problems.isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Invalid table mapping: " + String.join("; ", problems));
        }
        return new TableMapping(copy);
    }

    /**
     * The mapping of an AWS DMS table-mapping file, read unchanged: selection rules (include,
     * exclude, explicit, with {@code load-order} and source {@code filters}), transformation rules
     * and table-settings rules. See {@code docs/aws-table-mapping.md} for what each setting does
     * in dmskit.
     *
     * <pre>{@code
     * TableMapping mapping = TableMapping.fromAwsJson(Path.of("table-mappings.json"));
     * }</pre>
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the file cannot be read, is not
     *                      valid JSON (with line and column), or has rules that are invalid, unknown
     *                      (rule types, actions, targets, operators, keys: each named, with the closest
     *                      allowed name) or that dmskit cannot honour; every problem names the rule's
     *                      {@code rule-id} and {@code rule-name} and its line and column
     */
    public static TableMapping fromAwsJson(Path file) {
        Objects.requireNonNull(file, "file");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return fromAwsJson(in, file.toString());
        } catch (IOException e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Cannot read table mapping file " + file + ": " + e, e);
        }
    }

    /**
     * The mapping of AWS DMS table-mapping JSON text; see {@link #fromAwsJson(Path)}.
     *
     * <pre>{@code
     * TableMapping m = TableMapping.fromAwsJson("""
     *     {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "1",
     *       "object-locator": {"schema-name": "shop", "table-name": "%"}, "rule-action": "include"}]}
     *     """);
     * }</pre>
     */
    public static TableMapping fromAwsJson(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return fromAwsJson(new StringReader(json), "JSON text");
        } catch (IOException e) {
            throw new IllegalStateException("reading a string failed", e);
        }
    }

    /**
     * The mapping of AWS DMS table-mapping JSON read from a stream (UTF-8), which is not closed;
     * see {@link #fromAwsJson(Path)}.
     *
     * @param source how messages name the input, for example the file's name
     */
    public static TableMapping fromAwsJson(InputStream in, String source) {
        Objects.requireNonNull(in, "in");
        try {
            return fromAwsJson(new InputStreamReader(in, StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Cannot read table mapping " + source + ": " + e, e);
        }
    }

    private static TableMapping fromAwsJson(Reader in, String source) throws IOException {
        // a byte order mark, which some editors write at the start of a UTF-8 file, is not JSON: skip it
        java.io.PushbackReader r = new java.io.PushbackReader(in, 1);
        int first = r.read();
        if (first >= 0 && first != '\uFEFF') {
            r.unread(first);
        }
        return new TableMapping(List.copyOf(AwsMappingJson.read(r, source)));
    }

    /** A builder with no rules. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every table of every schema that the source catalog holds, under its own name: one rule,
     * {@code include %.%}. The source's catalog reader never lists the engine's system schemas
     * ({@code information_schema}, {@code pg_catalog}, {@code mysql}, {@code performance_schema},
     * {@code sys}), so they are not moved.
     */
    public static TableMapping includeAll() {
        return builder().include("%", "%").build();
    }

    /** Whether the selection rules select the source table. Transformation rules play no part. */
    public boolean selects(TableId sourceTable) {
        return engine.selects(Objects.requireNonNull(sourceTable, "sourceTable"));
    }

    /**
     * What a selected source table becomes in the target: its target id and each kept column's
     * target name.
     *
     * @throws IllegalArgumentException when the mapping does not select the table
     * @throws DmsException             with {@link ErrorCode#CONFIGURATION} when the rules remove every
     *                                  column or a primary key column, leave a name empty, or map two
     *                                  columns onto one name; the message names the table, columns and rules
     */
    public MappedTable map(Table sourceTable) {
        return engine.map(Objects.requireNonNull(sourceTable, "sourceTable"));
    }

    /**
     * Checks the mapping against the source's tables before anything moves, and reports which
     * rule matched which table.
     *
     * @throws DmsException with {@link ErrorCode#MAPPING_SELECTS_NOTHING} when no table is selected,
     *                      or when an include rule matches no table (the message lists the closest
     *                      table names); with {@link ErrorCode#CONFIGURATION} when two source tables
     *                      map onto one target table or a table cannot be mapped (see {@link #map}),
     *                      listing every such problem
     */
    public SelectionReport check(Catalog sourceCatalog) {
        return engine.check(Objects.requireNonNull(sourceCatalog, "sourceCatalog"), List.of());
    }

    /**
     * {@link #check(Catalog)} for a catalog that holds only the selected tables, as one read with
     * {@link #selects} as its filter does: {@code sourceTableIds} are every table id of the source
     * (record them in that filter), so that a rule that matches nothing is reported with the
     * closest names and the source's schemas, not with "none".
     *
     * <pre>{@code
     * Set<TableId> seen = new HashSet<>();
     * Catalog catalog = dialect.readCatalog(c, id -> { seen.add(id); return mapping.selects(id); });
     * SelectionReport report = mapping.check(catalog, seen);
     * }</pre>
     */
    public SelectionReport check(Catalog sourceCatalog, Collection<TableId> sourceTableIds) {
        return engine.check(Objects.requireNonNull(sourceCatalog, "sourceCatalog"),
                Objects.requireNonNull(sourceTableIds, "sourceTableIds"));
    }

    /** The rules in order: {@code TableMapping[rule 1 (include shop.%); rule 2 (exclude shop.tmp_%)]}. */
    @Override
    public String toString() {
        return rules.stream().map(Rule::label).collect(Collectors.joining("; ", "TableMapping[", "]"));
    }

    /** Two mappings are equal when they have the same rules in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TableMapping m && m.rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    /**
     * Collects rules in order; {@link #build()} checks them all and reports every problem at once.
     * Not thread-safe; each {@code build()} returns an independent mapping.
     *
     * <p>For a rule's target: a schema rule uses only the schema pattern, a table rule the schema
     * and table patterns; pass {@code "%"} (or null) for the patterns that the target does not use.
     */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
        }

        private long nextId() {
            return rules.size() + 1L;
        }

        private Builder select(SelectionAction action, String schemaPattern, String tablePattern) {
            rules.add(new SelectionRule(nextId(), null, action, schemaPattern, tablePattern));
            return this;
        }

        private Builder transform(RuleTarget target, RuleAction action, String schemaPattern, String tablePattern,
                                  String columnPattern, String value, String oldValue) {
            rules.add(new TransformationRule(nextId(), null, target, action, schemaPattern, tablePattern, columnPattern,
                    value, oldValue));
            return this;
        }

        /** Selects the tables whose schema and name match the patterns (unless an exclude rule matches them). */
        public Builder include(String schemaPattern, String tablePattern) {
            return select(SelectionAction.INCLUDE, schemaPattern, tablePattern);
        }

        /** Leaves out the tables whose schema and name match the patterns, whatever include rule matches them. */
        public Builder exclude(String schemaPattern, String tablePattern) {
            return select(SelectionAction.EXCLUDE, schemaPattern, tablePattern);
        }

        /** Names the matching schemas {@code newName} in the target. */
        public Builder renameSchema(String schemaPattern, String newName) {
            return transform(RuleTarget.SCHEMA, RuleAction.RENAME, schemaPattern, null, null, newName, null);
        }

        /** Names the matching tables {@code newName} in the target. */
        public Builder renameTable(String schemaPattern, String tablePattern, String newName) {
            return transform(RuleTarget.TABLE, RuleAction.RENAME, schemaPattern, tablePattern, null, newName, null);
        }

        /** Names the matching columns {@code newName} in the target. */
        public Builder renameColumn(String schemaPattern, String tablePattern, String columnPattern, String newName) {
            return transform(RuleTarget.COLUMN, RuleAction.RENAME, schemaPattern, tablePattern, columnPattern, newName,
                    null);
        }

        /** Leaves the matching columns out of the target tables. A primary key column cannot be removed. */
        public Builder removeColumn(String schemaPattern, String tablePattern, String columnPattern) {
            return transform(RuleTarget.COLUMN, RuleAction.REMOVE_COLUMN, schemaPattern, tablePattern, columnPattern,
                    null, null);
        }

        /** Lower-cases the matching schema, table or column names (locale independent). */
        public Builder toLowerCase(RuleTarget target, String schemaPattern, String tablePattern, String columnPattern) {
            return transform(target, RuleAction.CONVERT_LOWERCASE, schemaPattern, tablePattern, columnPattern, null,
                    null);
        }

        /** Upper-cases the matching schema, table or column names (locale independent). */
        public Builder toUpperCase(RuleTarget target, String schemaPattern, String tablePattern, String columnPattern) {
            return transform(target, RuleAction.CONVERT_UPPERCASE, schemaPattern, tablePattern, columnPattern, null,
                    null);
        }

        /** Puts {@code prefix} in front of the matching names. */
        public Builder addPrefix(RuleTarget target, String schemaPattern, String tablePattern, String columnPattern,
                                 String prefix) {
            return transform(target, RuleAction.ADD_PREFIX, schemaPattern, tablePattern, columnPattern, prefix, null);
        }

        /** Takes {@code prefix} off the matching names that start with it (case-sensitively); other names stay. */
        public Builder removePrefix(RuleTarget target, String schemaPattern, String tablePattern, String columnPattern,
                                    String prefix) {
            return transform(target, RuleAction.REMOVE_PREFIX, schemaPattern, tablePattern, columnPattern, prefix, null);
        }

        /** Replaces {@code oldPrefix} by {@code newPrefix} (which may be empty) in the matching names that start with it. */
        public Builder replacePrefix(RuleTarget target, String schemaPattern, String tablePattern, String columnPattern,
                                     String oldPrefix, String newPrefix) {
            return transform(target, RuleAction.REPLACE_PREFIX, schemaPattern, tablePattern, columnPattern, newPrefix,
                    oldPrefix);
        }

        /** Puts {@code suffix} after the matching names. */
        public Builder addSuffix(RuleTarget target, String schemaPattern, String tablePattern, String columnPattern,
                                 String suffix) {
            return transform(target, RuleAction.ADD_SUFFIX, schemaPattern, tablePattern, columnPattern, suffix, null);
        }

        /** Takes {@code suffix} off the matching names that end with it (case-sensitively); other names stay. */
        public Builder removeSuffix(RuleTarget target, String schemaPattern, String tablePattern, String columnPattern,
                                    String suffix) {
            return transform(target, RuleAction.REMOVE_SUFFIX, schemaPattern, tablePattern, columnPattern, suffix, null);
        }

        /** Replaces {@code oldSuffix} by {@code newSuffix} (which may be empty) in the matching names that end with it. */
        public Builder replaceSuffix(RuleTarget target, String schemaPattern, String tablePattern, String columnPattern,
                                     String oldSuffix, String newSuffix) {
            return transform(target, RuleAction.REPLACE_SUFFIX, schemaPattern, tablePattern, columnPattern, newSuffix,
                    oldSuffix);
        }

        /**
         * The mapping of the rules added so far.
         *
         * @throws DmsException with {@link ErrorCode#CONFIGURATION} naming every invalid rule and what
         *                      it allows: a missing or blank pattern or name, an unclosed {@code [}, a
         *                      rule target that the action does not take, or no include rule at all
         */
        public TableMapping build() {
            return of(rules);
        }
    }
}
