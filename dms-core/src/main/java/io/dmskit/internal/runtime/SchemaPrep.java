package io.dmskit.internal.runtime;

import io.dmskit.TableMapping;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.CheckConstraint;
import io.dmskit.schema.Column;
import io.dmskit.schema.ConversionNote;
import io.dmskit.schema.ConvertedSchema;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.ForeignKey;
import io.dmskit.schema.GeneratedColumn;
import io.dmskit.schema.Index;
import io.dmskit.schema.IndexColumn;
import io.dmskit.schema.SchemaConverter;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeRules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The target schema of a task, converted by the {@link SchemaConverter} with the task's
 * {@link TypeRules}: the target table and column types of every mapped table, the value fixer of
 * every column, and the DDL of the whole schema in load order (pre-load, post-load per table,
 * foreign keys, views, triggers, routines).
 *
 * <p>The converter sees the selected tables as the mapping leaves them. When the mapping only
 * renames schemas, the source catalog goes to the converter as it is, with those schema renames,
 * so that views, triggers and routines are translated too. When it renames tables or columns, the
 * converter gets the tables under their target names, with their indexes, constraints and
 * expressions renamed; views, triggers and routines are then not created (their SQL names the
 * source's tables and columns) and a warning lists them. Columns that the mapping removes take
 * the indexes, constraints and generated expressions that use them along, each with a warning.
 * Immutable after construction.
 */
final class SchemaPrep {
    private static final Pattern TOKENS = Pattern.compile("'(?:[^']|'')*'|\"((?:[^\"]|\"\")+)\"|`((?:[^`]|``)+)`"
            + "|([A-Za-z_][A-Za-z0-9_$]*)");

    final ConvertedSchema schema;
    final List<String> warnings = new ArrayList<>();
    private final boolean renamed;

    private SchemaPrep(ConvertedSchema schema, boolean renamed, List<String> warnings) {
        this.schema = schema;
        this.renamed = renamed;
        this.warnings.addAll(warnings);
    }

    /** Converts the mapped tables of the catalog (and, where names allow, its views, triggers and routines). */
    static SchemaPrep convert(Catalog catalog, List<TableMapping.MappedTable> tables, Dialect source, Dialect target,
                              TypeRules rules) {
        boolean renamed = false;
        Map<String, String> schemaRenames = new LinkedHashMap<>();
        for (TableMapping.MappedTable m : tables) {
            String was = schemaRenames.putIfAbsent(m.source().id().schema(), m.target().schema());
            if (!m.target().name().equals(m.source().id().name())
                    || (was != null && !was.equals(m.target().schema()))
                    || m.columns().stream().anyMatch(c -> !c.targetName().equals(c.source().name()))) {
                renamed = true;
            }
        }
        List<String> warnings = new ArrayList<>();
        Map<TableId, TableMapping.MappedTable> bySource = new HashMap<>();
        tables.forEach(m -> bySource.put(m.source().id(), m));
        List<Table> prepared = new ArrayList<>();
        for (TableMapping.MappedTable m : tables) {
            prepared.add(prepare(m, bySource, renamed, source, warnings));
        }
        SchemaConverter.Builder b = SchemaConverter.builder().source(source).target(target).rules(rules);
        Catalog input;
        if (renamed) {
            input = new Catalog(prepared, catalog.engine(), catalog.enumTypes(), catalog.sequences(), List.of(), List.of(),
                    List.of());
            List<String> left = new ArrayList<>();
            catalog.views().forEach(v -> left.add("view " + v.id()));
            catalog.triggers().forEach(t -> left.add("trigger " + t.id()));
            catalog.routines().forEach(r -> left.add("routine " + r.id()));
            if (!left.isEmpty()) {
                warnings.add("the table mapping renames tables or columns, so views, triggers and routines are not created"
                        + " in the target (their SQL names the source's tables and columns): " + String.join(", ", left)
                        + ". Create them by hand, or use dmskit convert-schema for their translated DDL.");
            }
        } else {
            schemaRenames.forEach((from, to) -> {
                if (!from.equals(to)) {
                    b.renameSchema(from, to);
                }
            });
            input = new Catalog(prepared, catalog.engine(), catalog.enumTypes(), catalog.sequences(), catalog.views(),
                    catalog.triggers(), catalog.routines());
        }
        return new SchemaPrep(b.build().convert(input), renamed, warnings);
    }

    /** The id of the table that the converter saw. */
    private TableId convertedId(TableMapping.MappedTable m) {
        return renamed ? m.target() : m.source().id();
    }

    private String convertedColumn(TableMapping.MappedColumn c) {
        return renamed ? c.targetName() : c.source().name();
    }

    /** The target table as the converter made it; empty when it could not (see {@link #whyNot}). */
    Optional<Table> targetTable(TableMapping.MappedTable m) {
        return schema.targetId(convertedId(m)).flatMap(id -> schema.target().table(id));
    }

    /** The target column of an added column as the converter made it; empty when it could not. */
    Optional<io.dmskit.schema.Column> addedColumn(TableMapping.MappedTable m, TableMapping.AddedColumn a) {
        return targetTable(m).flatMap(t -> t.column(schema.targetColumnName(convertedId(m), a.name()).orElse(a.name())));
    }

    /** The target name of a kept column. */
    String targetColumn(TableMapping.MappedTable m, TableMapping.MappedColumn c) {
        return schema.targetColumnName(convertedId(m), convertedColumn(c)).orElse(c.targetName());
    }

    /** How a kept column converts (target type and value fixer); null when the converter left it out. */
    TypeRules.Resolution resolution(TableMapping.MappedTable m, TableMapping.MappedColumn c) {
        return schema.column(convertedId(m), convertedColumn(c)).orElse(null);
    }

    /** The converter's reasons for not converting a table. */
    String whyNot(TableMapping.MappedTable m) {
        String name = convertedId(m).toString();
        List<String> why = schema.notes(ConversionNote.Outcome.MANUAL).stream()
                .filter(n -> n.objectName().equals(name) || n.objectName().startsWith(name + "."))
                .map(n -> n.objectName() + ": " + n.message()).toList();
        return why.isEmpty() ? "the schema converter did not convert it" : String.join("; ", why);
    }

    /** The warnings and action items of the conversion, for the task's warnings. */
    List<String> conversionWarnings() {
        List<String> out = new ArrayList<>();
        for (ConversionNote n : schema.notes()) {
            if (n.outcome() != ConversionNote.Outcome.AUTOMATIC) {
                out.add("schema conversion, " + n.kind().name().toLowerCase(Locale.ROOT) + " " + n.objectName() + " ("
                        + n.outcome() + "): " + n.message());
            }
        }
        return out;
    }

    // ---- the tables as the mapping leaves them ------------------------------------------------

    private static Table prepare(TableMapping.MappedTable m, Map<TableId, TableMapping.MappedTable> bySource,
                                 boolean renamed, Dialect dialect, List<String> warnings) {
        Table s = m.source();
        Map<String, String> names = new HashMap<>();
        for (TableMapping.MappedColumn c : m.columns()) {
            names.put(c.source().name(), renamed ? c.targetName() : c.source().name());
        }
        Set<String> removed = new HashSet<>();
        m.removedColumns().forEach(c -> removed.add(c.name()));
        String label = "table " + s.id();
        List<Column> columns = new ArrayList<>();
        for (TableMapping.MappedColumn mc : m.columns()) {
            Column c = mc.source().withName(names.get(mc.source().name()));
            if (c.generated() != null) {
                String expr = rename(c.generated().expression(), names, removed, dialect);
                if (expr == null) {
                    warnings.add(label + ": generated column " + c.name() + " uses a removed column; it becomes a plain column");
                    c = c.withGenerated(null);
                } else {
                    c = c.withGenerated(new GeneratedColumn(expr, c.generated().stored()));
                }
            }
            if (c.defaultExpression() != null) {
                String expr = rename(c.defaultExpression(), names, removed, dialect);
                c = c.withDefaultExpression(expr);
            }
            columns.add(c);
        }
        // the columns of add-column rules, after the source's; their type is the rule's data-type (MappingRuntime.typeRules)
        for (TableMapping.AddedColumn a : m.added()) {
            columns.add(io.dmskit.internal.mapping.MappingRuntime.addedColumn(a));
        }
        List<String> pk = names.keySet().containsAll(s.primaryKey())
                ? s.primaryKey().stream().map(names::get).toList() : List.of();
        if (pk.isEmpty() && !s.primaryKey().isEmpty()) {
            warnings.add(label + ": the mapping removes a primary key column; the target table has no primary key");
        }
        List<List<String>> uniques = s.uniqueKeys().stream().filter(names.keySet()::containsAll)
                .map(u -> u.stream().map(names::get).toList()).toList();
        List<Index> indexes = new ArrayList<>();
        for (Index i : s.indexes()) {
            Index r = rename(i, names, removed, dialect);
            if (r == null) {
                warnings.add(label + ": index " + i.name() + " uses a removed column; it is not created");
            } else {
                indexes.add(r);
            }
        }
        List<CheckConstraint> checks = new ArrayList<>();
        for (CheckConstraint ch : s.checks()) {
            String expr = rename(ch.expression(), names, removed, dialect);
            if (expr == null) {
                warnings.add(label + ": check constraint " + ch.name() + " uses a removed column; it is not created");
            } else {
                checks.add(new CheckConstraint(ch.name(), expr));
            }
        }
        List<ForeignKey> fks = new ArrayList<>();
        for (ForeignKey fk : s.foreignKeys()) {
            TableMapping.MappedTable ref = bySource.get(fk.referencedTable());
            if (ref == null) {
                warnings.add(label + ": foreign key " + fk.name() + " references " + fk.referencedTable()
                        + ", which the task does not load; it is not created");
                continue;
            }
            List<String> refCols = new ArrayList<>();
            for (String rc : fk.referencedColumns()) {
                ref.targetColumn(rc).ifPresent(t -> refCols.add(renamed ? t : rc));
            }
            if (!names.keySet().containsAll(fk.columns()) || refCols.size() != fk.referencedColumns().size()) {
                warnings.add(label + ": foreign key " + fk.name() + " uses a removed column; it is not created");
                continue;
            }
            fks.add(new ForeignKey(fk.name(), fk.columns().stream().map(names::get).toList(),
                    renamed ? ref.target() : fk.referencedTable(), refCols, fk.onUpdate(), fk.onDelete(), fk.definition()));
        }
        return new Table(renamed ? m.target() : s.id(), columns, pk, uniques, s.estimatedRows(), indexes, fks, checks,
                s.comment());
    }

    private static Index rename(Index i, Map<String, String> names, Set<String> removed, Dialect dialect) {
        List<IndexColumn> cols = new ArrayList<>();
        for (IndexColumn c : i.columns()) {
            if (c.isExpression()) {
                String expr = rename(c.expression(), names, removed, dialect);
                if (expr == null) {
                    return null;
                }
                cols.add(new IndexColumn(null, expr, c.descending(), c.prefixLength()));
            } else {
                if (!names.containsKey(c.column())) {
                    return null;
                }
                cols.add(new IndexColumn(names.get(c.column()), null, c.descending(), c.prefixLength()));
            }
        }
        String predicate = i.predicate() == null ? null : rename(i.predicate(), names, removed, dialect);
        if (i.predicate() != null && predicate == null) {
            return null;
        }
        return new Index(i.name(), cols, i.unique(), i.constraint(), predicate, i.method(), i.definition());
    }

    /**
     * The SQL text with the names of renamed columns replaced (quoted with the source dialect when
     * they were quoted, or when the new name is not a plain word); null when it names a removed
     * column. String literals are left alone. Unchanged when nothing is renamed or removed.
     */
    static String rename(String sql, Map<String, String> names, Set<String> removed, Dialect dialect) {
        if (sql == null) {
            return null;
        }
        boolean changes = !removed.isEmpty() || names.entrySet().stream().anyMatch(e -> !e.getKey().equals(e.getValue()));
        if (!changes) {
            return sql;
        }
        Map<String, String> lower = new HashMap<>();
        names.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        Set<String> removedLower = new HashSet<>();
        removed.forEach(r -> removedLower.add(r.toLowerCase(Locale.ROOT)));
        Matcher m = TOKENS.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String quoted = m.group(1) != null ? m.group(1).replace("\"\"", "\"")
                    : m.group(2) != null ? m.group(2).replace("``", "`") : null;
            String word = quoted != null ? quoted : m.group(3);
            if (word == null) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String to = quoted != null ? names.get(word) : lower.get(word.toLowerCase(Locale.ROOT));
            boolean gone = quoted != null ? removed.contains(word) : removedLower.contains(word.toLowerCase(Locale.ROOT));
            if (gone) {
                return null;
            }
            String replacement = m.group();
            if (to != null && !to.equals(word)) {
                replacement = quoted == null && to.matches("[A-Za-z_][A-Za-z0-9_]*") ? to : dialect.quote(to);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
