package io.dmskit.schema;

import io.dmskit.error.DmsException;
import io.dmskit.schema.ConversionNote.ObjectKind;
import io.dmskit.schema.ConversionNote.Outcome;
import io.dmskit.schema.internal.Defaults;
import io.dmskit.schema.internal.Identifiers;
import io.dmskit.schema.internal.ReservedWords;
import io.dmskit.schema.internal.SequenceValues;
import io.dmskit.schema.internal.SqlRewrite;
import io.dmskit.schema.internal.SqlText;
import io.dmskit.schema.internal.SqlTokens;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One run of {@link SchemaConverter#convert}: names, tables, types, defaults, identities,
 * indexes, constraints, sequences and the translated objects, with a note for each. Every object
 * is converted inside its own try, so that an object the converter does not know becomes a
 * MANUAL note and the others go on. Not thread-safe: one instance per run.
 */
final class SchemaConversion {

    private final Catalog catalog;
    private final Dialect source;
    private final Dialect target;
    private final TypeRules rules;
    private final SqlTranslator translator;
    private final SchemaConverter.IdentifierCase identifierCase;
    private final Map<String, String> schemaRenames;

    private final String engine;
    private final boolean pg;
    private final boolean mysql;
    private final boolean mariadb;
    private final boolean h2;
    private final boolean sameEngine;

    private final List<ConversionNote> notes = new ArrayList<>();
    private final List<String> preLoad = new ArrayList<>();
    private final List<String> afterTables = new ArrayList<>();
    private final List<ConvertedSchema.TableStatements> postLoad = new ArrayList<>();
    private final List<ConvertedSchema.TableStatements> foreignKeys = new ArrayList<>();
    private final List<String> routineStatements = new ArrayList<>();
    private final List<String> viewStatements = new ArrayList<>();
    private final List<String> triggerStatements = new ArrayList<>();

    private final Map<TableId, TableId> tableNames = new LinkedHashMap<>();
    private final Map<TableId, Map<String, String>> columnNames = new HashMap<>();
    private final Map<TableId, Map<String, TypeRules.Resolution>> resolutions = new HashMap<>();
    private final Map<TableId, List<SequenceValues.Use>> sequenceUsers = new HashMap<>();
    /** Target constraint and index names in use, by "schema NUL name" (and "schema NUL table NUL name" for MySQL indexes). */
    private final Set<String> usedNames = new HashSet<>();
    /** Source sequences that became identity columns (PostgreSQL serial). */
    private final Set<TableId> consumedSequences = new HashSet<>();
    /** Target sequences created, by source id. */
    private final Map<TableId, TableId> sequenceNames = new HashMap<>();
    private final List<Sequence> targetSequences = new ArrayList<>();
    private final List<EnumType> targetEnums = new ArrayList<>();
    private final Set<TableId> createdEnums = new HashSet<>();
    private final Map<TableId, Table> targetTables = new LinkedHashMap<>();
    private String mysqlTableOptions;

    SchemaConversion(Catalog catalog, Dialect source, Dialect target, TypeRules rules, SqlTranslator translator,
                     SchemaConverter.IdentifierCase identifierCase, Map<String, String> schemaRenames) {
        this.catalog = catalog;
        this.source = source;
        this.target = target;
        this.rules = rules;
        this.translator = translator;
        this.identifierCase = identifierCase;
        this.schemaRenames = schemaRenames;
        this.engine = target.engine();
        this.pg = engine.equals("postgresql");
        this.mysql = engine.equals("mysql") || engine.equals("mariadb");
        this.mariadb = engine.equals("mariadb");
        this.h2 = engine.equals("h2");
        this.sameEngine = source != null && source.engine().equals(engine);
    }

    ConvertedSchema run() {
        schemas();
        enumTypes();
        for (Table t : catalog.tables()) {
            guarded(ObjectKind.TABLE, t.id().toString(), null, () -> table(t));
        }
        sequences();
        preLoad.addAll(tableStatements());
        preLoad.addAll(afterTables);
        for (Table t : catalog.tables()) {
            if (targetTables.containsKey(tableNames.get(t.id()))) {
                guarded(ObjectKind.TABLE, t.id().toString(), null, () -> postLoad(t));
            }
        }
        for (Table t : catalog.tables()) {
            if (targetTables.containsKey(tableNames.get(t.id()))) {
                guarded(ObjectKind.TABLE, t.id().toString(), null, () -> foreignKeys(t));
            }
        }
        Catalog targetCatalog = new Catalog(new ArrayList<>(targetTables.values()), engine, targetEnums, targetSequences,
                List.of(), List.of(), List.of());
        SqlTranslator.Context context = new SqlTranslator.Context(catalog, source, target, targetCatalog, this::targetId);
        List<Routine> routines = routines(context);
        List<View> views = views(context);
        List<Trigger> triggers = triggers(context);
        List<Routine> allRoutines = new ArrayList<>(routines);
        allRoutines.addAll(triggerFunctions);
        Catalog finalTarget = new Catalog(targetCatalog.tables(), engine, targetEnums, targetSequences, views, triggers,
                allRoutines);
        return new ConvertedSchema(catalog, finalTarget, target, preLoad, postLoad, foreignKeys, routineStatements,
                viewStatements, triggerStatements, notes, tableNames, columnNames, resolutions, sequenceUsers);
    }

    /** Runs one object's conversion; an exception becomes a MANUAL note and the conversion goes on. */
    private void guarded(ObjectKind kind, String name, String ddl, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            note(ConversionNote.manual(kind, name, "not converted: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), ddl));
        }
    }

    private void note(ConversionNote n) {
        notes.add(n);
    }

    // ------------------------------------------------------------------------------------------ names

    private String cased(String name) {
        return switch (identifierCase) {
            case PRESERVE -> name;
            case LOWER -> name.toLowerCase(Locale.ROOT);
            case UPPER -> name.toUpperCase(Locale.ROOT);
        };
    }

    /** A name in the target: case rule, then shortened to the target's limit (noted). */
    private String ident(String name, ObjectKind kind, String label) {
        String n = cased(name);
        String fitted = Identifiers.fit(n, target.maxIdentifierLength());
        if (!fitted.equals(n)) {
            note(new ConversionNote(kind, label, Outcome.WARNING, "name '" + n + "' is longer than " + target.engine()
                    + "'s " + target.maxIdentifierLength() + " characters: shortened to '" + fitted
                    + "' (a stable hash of the whole name at its end)", null, "identifier-length"));
        }
        if ((kind == ObjectKind.TABLE || kind == ObjectKind.COLUMN || kind == ObjectKind.VIEW)
                && ReservedWords.isReserved(engine, fitted)) {
            note(new ConversionNote(kind, label, Outcome.WARNING, "'" + fitted + "' is a reserved word in " + engine
                    + ": the DDL quotes it, and queries must quote it too", null, "reserved-word"));
        }
        return fitted;
    }

    private String schemaName(String schema) {
        return Identifiers.fit(cased(schemaRenames.getOrDefault(schema, schema)), target.maxIdentifierLength());
    }

    /** The target id of a source table, view, sequence or other schema object. */
    private TableId targetId(TableId id) {
        TableId t = tableNames.get(id);
        if (t != null) {
            return t;
        }
        return TableId.of(schemaName(id.schema()), Identifiers.fit(cased(id.name()), target.maxIdentifierLength()));
    }

    /** A constraint or index name that is unique where the target needs it (per schema; MySQL indexes per table). */
    private String uniqueName(String name, TableId table, boolean mysqlIndex) {
        String base = Identifiers.fit(cased(name), target.maxIdentifierLength());
        String scope = mysqlIndex && mysql ? table.schema() + "\u0000" + table.name() : table.schema();
        String candidate = base;
        for (int i = 2; !usedNames.add(scope + "\u0000" + candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = Identifiers.fit(cased(table.name() + "_" + name + (i > 2 ? "_" + i : "")), target.maxIdentifierLength());
        }
        return candidate;
    }

    // ------------------------------------------------------------------------------------------ schemas, enums

    private void schemas() {
        Set<String> done = new LinkedHashSet<>();
        for (String s : catalog.schemas()) {
            String t = schemaName(s);
            if (done.add(t)) {
                preLoad.add(target.createSchemaIfNotExists(t));
                note(ConversionNote.automatic(ObjectKind.SCHEMA, t, s.equals(t) ? "created when missing"
                        : "schema " + s + " becomes " + t + ", created when missing", null));
            }
        }
    }

    private void enumTypes() {
        for (EnumType e : catalog.enumTypes()) {
            guarded(ObjectKind.ENUM_TYPE, e.id().toString(), null, () -> {
                String ddl = "CREATE TYPE " + source().qualify(e.id()) + " AS ENUM (" + SqlText.standardLiteralList(e.labels()) + ")";
                if (pg) {
                    TableId id = targetId(e.id());
                    createEnum(id, e.labels(), e.comment());
                    note(ConversionNote.automatic(ObjectKind.ENUM_TYPE, id.toString(), "created before the tables", ddl));
                } else {
                    note(ConversionNote.automatic(ObjectKind.ENUM_TYPE, e.id().toString(), engine
                            + " has no named enum types: the columns of this type get an inline ENUM of its labels"
                            + (h2 || mysql ? "" : " or a text type"), ddl));
                }
            });
        }
    }

    private Dialect source() {
        return source != null ? source : target;
    }

    private void createEnum(TableId id, List<String> labels, String comment) {
        if (!createdEnums.add(id)) {
            return;
        }
        preLoad.add("CREATE TYPE " + target.qualify(id) + " AS ENUM (" + SqlText.standardLiteralList(labels) + ")");
        if (comment != null) {
            preLoad.add("COMMENT ON TYPE " + target.qualify(id) + " IS " + SqlText.standardLiteral(comment));
        }
        targetEnums.add(new EnumType(id, labels, comment));
    }

    // ------------------------------------------------------------------------------------------ tables

    /** A converted column and what the DDL needs beyond the model. */
    private record TargetColumn(Column column, Column source, boolean identityAlways) {
    }

    private final Map<TableId, List<TargetColumn>> targetColumns = new HashMap<>();

    private void table(Table t) {
        String label = t.id().toString();
        TableId tid = TableId.of(schemaName(t.id().schema()), ident(t.id().name(), ObjectKind.TABLE, label));
        if (targetTables.containsKey(tid)) {
            note(ConversionNote.manual(ObjectKind.TABLE, label, "its target name " + tid
                    + " is taken by another table (names that differ only in case or beyond "
                    + target.maxIdentifierLength() + " characters); rename one of them", null));
            return;
        }
        tableNames.put(t.id(), tid);
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, TypeRules.Resolution> res = new LinkedHashMap<>();
        List<TargetColumn> cols = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        boolean hasAutoIncrement = false;
        for (Column c : t.columns()) {
            String cl = label + "." + c.name();
            String cname = ident(c.name(), ObjectKind.COLUMN, cl);
            if (!taken.add(cname.toLowerCase(Locale.ROOT))) {
                String other = Identifiers.fit(cname + "_" + (cols.size() + 1), target.maxIdentifierLength());
                note(ConversionNote.warning(ObjectKind.COLUMN, cl, "its target name " + cname
                        + " is taken by another column: named " + other, null));
                cname = other;
                taken.add(other.toLowerCase(Locale.ROOT));
            }
            TypeRules.Resolution r;
            try {
                r = rules.resolve(new TypeRule.Context(t, c, source, target));
            } catch (DmsException e) {
                note(ConversionNote.manual(ObjectKind.COLUMN, cl, "left out: " + e.getMessage(), c.type().nativeName()));
                continue;
            }
            if (pg && r.type().kind() == TypeKind.ENUM && r.type().nativeName().startsWith("\"")) {
                r = new TypeRules.Resolution(namedEnum(r.type()), r.nullable(), r.valueFixer(), r.rule());
            }
            Column tc = new Column(cname, r.type(), r.nullable(), null, false, null, null, c.comment(), null);
            noteType(cl, c, r);
            boolean always = false;

            Identity identity = c.identity();
            if (identity == null && c.autoIncrement() && !isNextval(c.defaultExpression())) {
                identity = Identity.of(Identity.Generation.BY_DEFAULT);
            }
            if (identity != null) {
                IdentityResult ir = identity(t, tid, c, tc, identity, hasAutoIncrement, cl);
                tc = ir.column();
                always = ir.always();
                hasAutoIncrement |= ir.autoIncrement();
            } else if (c.generated() != null) {
                tc = generated(t, c, tc, cl);
            } else if (c.defaultExpression() != null) {
                tc = defaultValue(t, c, tc, cl);
            }
            if (c.onUpdate() != null) {
                tc = onUpdate(c, tc, cl);
            }
            names.put(c.name(), cname);
            res.put(c.name(), new TypeRules.Resolution(tc.type(), tc.nullable(), r.valueFixer(), r.rule()));
            cols.add(new TargetColumn(tc, c, always));
        }
        columnNames.put(t.id(), names);
        resolutions.put(t.id(), res);
        List<String> pk = mapColumns(t.primaryKey(), names);
        if (pk == null) {
            note(ConversionNote.warning(ObjectKind.PRIMARY_KEY, label, "a column of the primary key was left out: the table"
                    + " has no primary key", String.join(", ", t.primaryKey())));
            pk = List.of();
        } else if (!pk.isEmpty()) {
            note(ConversionNote.automatic(ObjectKind.PRIMARY_KEY, label, "created with the table", String.join(", ", t.primaryKey())));
        }
        List<List<String>> uks = new ArrayList<>();
        for (List<String> uk : t.uniqueKeys()) {
            List<String> m = mapColumns(uk, names);
            if (m != null) {
                uks.add(m);
            }
        }
        Table model = new Table(tid, cols.stream().map(TargetColumn::column).toList(), pk, uks, t.estimatedRows(),
                List.of(), List.of(), List.of(), t.comment());
        Table fitted = target.fitTable(model);
        List<TargetColumn> fittedCols = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            Column before = cols.get(i).column();
            Column after = fitted.columns().get(i);
            if (!before.type().equals(after.type())) {
                note(ConversionNote.warning(ObjectKind.COLUMN, label + "." + cols.get(i).source().name(), "becomes "
                        + after.type().nativeName() + " instead of " + before.type().nativeName() + " to fit " + engine
                        + "'s key and row size limits; a longer value fails when it is written", null));
                res.put(cols.get(i).source().name(), new TypeRules.Resolution(after.type(), after.nullable(),
                        res.get(cols.get(i).source().name()).valueFixer(), res.get(cols.get(i).source().name()).rule()));
            }
            fittedCols.add(new TargetColumn(after, cols.get(i).source(), cols.get(i).identityAlways()));
        }
        targetColumns.put(tid, fittedCols);
        targetTables.put(tid, fitted);
        note(ConversionNote.automatic(ObjectKind.TABLE, label, tid.equals(t.id()) ? "created" : "created as " + tid, null));
    }

    /**
     * A PostgreSQL enum type named by a rule ({@code "schema"."name"}) moved to its target schema,
     * and created when the catalog did not have it (an inline enum of another engine).
     */
    private DataType namedEnum(DataType type) {
        List<SqlTokens.Token> parts = SqlTokens.tokenize(type.nativeName(), false).stream()
                .filter(x -> x.is(SqlTokens.Kind.QUOTED_ID)).toList();
        if (parts.size() != 2) {
            return type;
        }
        TableId sourceId = TableId.of(parts.get(0).value(), parts.get(1).value());
        TableId id = catalog.enumType(sourceId).isPresent() ? targetId(sourceId)
                : TableId.of(schemaName(sourceId.schema()), Identifiers.fit(cased(sourceId.name()), target.maxIdentifierLength()));
        if (!createdEnums.contains(id)) {
            createEnum(id, type.values(), null);
            note(ConversionNote.automatic(ObjectKind.ENUM_TYPE, id.toString(), "created for an inline enum", null));
        }
        return type.withNativeName(target.qualify(id));
    }

    private static boolean isNextval(String expr) {
        return expr != null && expr.toLowerCase(Locale.ROOT).startsWith("nextval(");
    }

    private static List<String> mapColumns(List<String> columns, Map<String, String> names) {
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            String m = names.get(c);
            if (m == null) {
                return null;
            }
            out.add(m);
        }
        return out;
    }

    private void noteType(String label, Column c, TypeRules.Resolution r) {
        TypeRule rule = r.rule();
        String from = c.type().nativeName();
        String to = r.type().nativeName();
        String msg = from + " becomes " + to + (rule == TypeRules.DIALECT_DEFAULT ? "" : ": " + rule.description());
        if (r.nullable() && !c.nullable()) {
            msg += "; the column accepts NULL";
        }
        note(new ConversionNote(ObjectKind.COLUMN, label, rule.outcome(), msg, from, rule.name()));
    }

    private record IdentityResult(Column column, boolean always, boolean autoIncrement) {
    }

    private IdentityResult identity(Table t, TableId tid, Column c, Column tc, Identity identity, boolean hasAutoIncrement,
                                    String label) {
        String src = identity.generation() + " start " + identity.start() + " increment " + identity.increment();
        boolean integer = tc.type().kind().isInteger();
        if (identity.generation() == Identity.Generation.SERIAL && identity.sequence() != null) {
            consumedSequences.add(identity.sequence());
        }
        if (mysql) {
            if (!integer) {
                note(ConversionNote.manual(ObjectKind.COLUMN, label, engine + " has AUTO_INCREMENT only on integer columns,"
                        + " and the column is " + tc.type().nativeName() + ": values are copied, new ones are not generated",
                        src));
                return new IdentityResult(tc, false, false);
            }
            if (hasAutoIncrement) {
                note(ConversionNote.manual(ObjectKind.COLUMN, label, engine + " allows one AUTO_INCREMENT column a table:"
                        + " values of this one are copied, new ones are not generated", src));
                return new IdentityResult(tc, false, false);
            }
            note(ConversionNote.automatic(ObjectKind.COLUMN, label, "becomes AUTO_INCREMENT"
                    + (identity.generation() == Identity.Generation.ALWAYS ? " (which also accepts given values, unlike "
                    + "GENERATED ALWAYS)" : ""), src));
            Identity ti = new Identity(Identity.Generation.AUTO_INCREMENT, identity.start(), identity.increment(),
                    identity.nextValue(), null);
            return new IdentityResult(tc.withIdentity(ti), false, true);
        }
        if (integer) {
            Identity ti = new Identity(identity.generation() == Identity.Generation.ALWAYS ? Identity.Generation.ALWAYS
                    : Identity.Generation.BY_DEFAULT, identity.start(), identity.increment(), identity.nextValue(), null);
            String how = identity.generation() == Identity.Generation.SERIAL ? "serial becomes GENERATED BY DEFAULT AS IDENTITY"
                    : identity.generation() == Identity.Generation.AUTO_INCREMENT
                    ? "AUTO_INCREMENT becomes GENERATED BY DEFAULT AS IDENTITY"
                    : "GENERATED " + (ti.generation() == Identity.Generation.ALWAYS ? "ALWAYS" : "BY DEFAULT")
                    + " AS IDENTITY" + (ti.generation() == Identity.Generation.ALWAYS
                    ? " (created BY DEFAULT for the load, made ALWAYS after it)" : "");
            note(ConversionNote.automatic(ObjectKind.COLUMN, label, how, src));
            return new IdentityResult(tc.withIdentity(ti), ti.generation() == Identity.Generation.ALWAYS, false);
        }
        // An identity needs an integer type; a wider column (BIGINT UNSIGNED as numeric(20,0)) takes a sequence.
        TableId seq = TableId.of(tid.schema(), Identifiers.fit(tid.name() + "_" + tc.name() + "_seq",
                target.maxIdentifierLength()));
        Sequence s = new Sequence(seq, DataType.of(TypeKind.BIGINT), identity.start(), identity.increment(), 1,
                Long.MAX_VALUE - 1, false, 1, identity.nextValue(), tid, tc.name());
        preLoad.add(createSequence(s));
        targetSequences.add(s);
        sequenceUsers.computeIfAbsent(seq, k -> new ArrayList<>()).add(new SequenceValues.Use(tid, tc.name()));
        if (pg) {
            afterTables.add("ALTER SEQUENCE " + target.qualify(seq) + " OWNED BY " + target.qualify(tid) + "."
                    + target.quote(tc.name()));
        }
        String def = Defaults.render(new Defaults.Value(Defaults.ValueKind.NEXTVAL, null, seq), target, tc.type(), false,
                target.qualify(seq));
        note(ConversionNote.warning(ObjectKind.COLUMN, label, "an identity needs an integer type and the column is "
                + tc.type().nativeName() + ": it takes its values from the sequence " + seq
                + " (its default), and an insert may give values beyond the sequence", src));
        return new IdentityResult(tc.withDefaultExpression(def), false, false);
    }

    /** The target name of a source column of the table, matched exactly, else ignoring case. */
    private Function<String, String> columnLookup(Table t) {
        Map<String, String> names = columnNames.get(t.id());
        return name -> {
            if (names == null) {
                return null;
            }
            String exact = names.get(name);
            if (exact != null) {
                return exact;
            }
            for (Map.Entry<String, String> e : names.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        };
    }

    /** Columns converted so far in {@link #table} (the lookup of a generated column sees the earlier columns). */
    private Function<String, String> columnLookupDuringTable(Table t) {
        return name -> {
            for (Column c : t.columns()) {
                if (c.name().equals(name) || c.name().equalsIgnoreCase(name)) {
                    return Identifiers.fit(cased(c.name()), target.maxIdentifierLength());
                }
            }
            return null;
        };
    }

    /** An expression of the table's columns in the target's SQL; null when it cannot be converted. */
    private String expression(Table t, String expr, boolean duringTable) {
        if (sameEngine && identifierCase == SchemaConverter.IdentifierCase.PRESERVE) {
            return SqlRewrite.renameSchemas(expr, target, schemaRenames);
        }
        String rewritten = SqlRewrite.expression(expr, source(), target, duringTable ? columnLookupDuringTable(t) : columnLookup(t));
        if (rewritten != null || source == null || identifierCase != SchemaConverter.IdentifierCase.PRESERVE) {
            return rewritten;
        }
        // what the token rewrite does not know (casts, functions that differ), the SQL parser may translate; its
        // names stay as written, which is right while names are preserved
        try {
            SqlTranslator.Translation parsed = io.dmskit.schema.sql.ParsingSqlTranslator.expression(expr, source.engine(),
                    target.engine());
            return parsed.outcome() == Outcome.MANUAL || parsed.statements().size() != 1 ? null : parsed.statements().get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Column generated(Table t, Column c, Column tc, String label) {
        GeneratedColumn g = c.generated();
        String expr = expression(t, g.expression(), true);
        if (expr == null) {
            note(ConversionNote.manual(ObjectKind.COLUMN, label, "generated column: its expression could not be converted;"
                    + " the column is created as a plain column and its values are copied", g.expression()));
            return tc;
        }
        boolean stored = pg || (!h2 && g.stored());
        String msg = "generated column" + (sameEngine ? "" : ", expression translated: " + expr)
                + (pg && !g.stored() ? "; STORED (PostgreSQL computes generated columns when rows are written)" : "")
                + "; the load does not write it";
        note(new ConversionNote(ObjectKind.COLUMN, label, sameEngine && (stored == g.stored() || h2) ? Outcome.AUTOMATIC
                : Outcome.WARNING, msg, g.expression(), null));
        return tc.withGenerated(new GeneratedColumn(expr, stored));
    }

    private Column defaultValue(Table t, Column c, Column tc, String label) {
        String src = c.defaultExpression();
        Defaults.Value v = Defaults.parse(src, source);
        if (sameEngine && v.kind() != Defaults.ValueKind.NEXTVAL) {
            return tc.withDefaultExpression(SqlRewrite.renameSchemas(src, target, schemaRenames));
        }
        String sequence = null;
        if (v.kind() == Defaults.ValueKind.NEXTVAL) {
            TableId sid = v.sequence().schema().isEmpty() ? TableId.of(t.id().schema(), v.sequence().name()) : v.sequence();
            TableId targetSeq = catalog.sequence(sid).isPresent() && (pg || h2 || mariadb) ? targetId(sid) : null;
            if (targetSeq != null) {
                sequence = target.qualify(targetSeq);
                TableId tid = tableNames.get(t.id());
                sequenceUsers.computeIfAbsent(targetSeq, k -> new ArrayList<>())
                        .add(new SequenceValues.Use(tid, tc.name()));
            }
        }
        boolean utc = mysql && c.type().kind() == TypeKind.TIMESTAMP_TZ && tc.type().kind() == TypeKind.TIMESTAMP;
        String rendered = Defaults.render(v, target, tc.type(), utc, sequence);
        if (rendered == null) {
            if (v.kind() != Defaults.ValueKind.NULL) {
                note(ConversionNote.manual(ObjectKind.COLUMN, label, "default " + src + " has no equivalent in " + engine
                        + " for " + tc.type().nativeName() + ": the column is created without a default", src));
            }
            return tc;
        }
        if (v.kind() != Defaults.ValueKind.NUMBER && v.kind() != Defaults.ValueKind.STRING
                && v.kind() != Defaults.ValueKind.BOOLEAN) {
            note(new ConversionNote(ObjectKind.COLUMN, label, utc ? Outcome.WARNING : Outcome.AUTOMATIC, "default " + src
                    + " becomes " + rendered + (utc ? " (the UTC date and time, as the column holds them)" : ""), src, null));
        }
        return tc.withDefaultExpression(rendered);
    }

    private Column onUpdate(Column c, Column tc, String label) {
        if (pg) {
            note(ConversionNote.manual(ObjectKind.COLUMN, label, "ON UPDATE " + c.onUpdate()
                    + " has no equivalent in PostgreSQL: write a BEFORE UPDATE trigger that sets the column", c.onUpdate()));
            return tc;
        }
        if (sameEngine) {
            return tc.withOnUpdate(c.onUpdate());
        }
        boolean utc = mysql && c.type().kind() == TypeKind.TIMESTAMP_TZ && tc.type().kind() == TypeKind.TIMESTAMP;
        String rendered = Defaults.render(Defaults.parse(c.onUpdate(), source), target, tc.type(), utc, null);
        if (rendered == null) {
            note(ConversionNote.manual(ObjectKind.COLUMN, label, "ON UPDATE " + c.onUpdate() + " has no equivalent in "
                    + engine, c.onUpdate()));
            return tc;
        }
        return tc.withOnUpdate(rendered);
    }

    // ------------------------------------------------------------------------------------------ sequences

    private void sequences() {
        for (Sequence s : catalog.sequences()) {
            String label = s.id().toString();
            guarded(ObjectKind.SEQUENCE, label, null, () -> {
                if (consumedSequences.contains(s.id())) {
                    note(ConversionNote.automatic(ObjectKind.SEQUENCE, label, "the sequence of serial column "
                            + s.ownedBy() + "." + s.ownedByColumn() + ": its identity generates the values instead", null));
                    return;
                }
                if (engine.equals("mysql")) {
                    note(ConversionNote.manual(ObjectKind.SEQUENCE, label, "MySQL has no sequences: use an AUTO_INCREMENT"
                            + " column or a table of counters", null));
                    return;
                }
                TableId id = targetId(s.id());
                Sequence t = new Sequence(id, s.type(), s.start(), s.increment(), s.minValue(), s.maxValue(), s.cycle(),
                        s.cache(), s.nextValue(), null, null);
                if (mariadb) {
                    t = new Sequence(id, s.type(), s.start(), s.increment(), Math.max(s.minValue(), -Long.MAX_VALUE + 1),
                            Math.min(s.maxValue(), Long.MAX_VALUE - 1), s.cycle(), s.cache(), s.nextValue(), null, null);
                }
                preLoad.add(createSequence(t));
                sequenceNames.put(s.id(), id);
                targetSequences.add(t);
                note(ConversionNote.automatic(ObjectKind.SEQUENCE, label, "created; its next value is set after the load",
                        null));
            });
        }
    }

    private String createSequence(Sequence s) {
        String q = target.qualify(s.id());
        String bounds = " START WITH " + s.start() + " INCREMENT BY " + s.increment() + " MINVALUE " + s.minValue()
                + " MAXVALUE " + s.maxValue() + " CACHE " + s.cache();
        if (mysql) {
            return "CREATE SEQUENCE " + q + bounds + (s.cycle() ? " CYCLE" : " NOCYCLE");
        }
        String type = switch (s.type().kind()) {
            case SMALLINT -> pg ? "smallint" : "SMALLINT";
            case INTEGER -> pg ? "integer" : "INTEGER";
            default -> pg ? "bigint" : "BIGINT";
        };
        return "CREATE SEQUENCE " + q + " AS " + type + bounds + (s.cycle() ? " CYCLE" : " NO CYCLE");
    }

    // ------------------------------------------------------------------------------------------ CREATE TABLE

    private List<String> tableStatements() {
        List<String> out = new ArrayList<>();
        for (Table t : targetTables.values()) {
            List<TargetColumn> cols = targetColumns.get(t.id());
            StringBuilder sql = new StringBuilder("CREATE TABLE ").append(target.qualify(t.id())).append(" (");
            String sep = "";
            for (TargetColumn tc : cols) {
                sql.append(sep).append(columnDefinition(tc.column()));
                sep = ", ";
            }
            if (t.hasPrimaryKey()) {
                sql.append(sep).append("PRIMARY KEY (").append(quoted(t.primaryKey())).append(')');
            }
            for (TargetColumn tc : cols) {
                for (String check : typeChecks(tc)) {
                    sql.append(", ").append(check);
                }
                Identity id = tc.column().identity();
                if (mysql && id != null && (t.primaryKey().isEmpty() || !t.primaryKey().get(0).equals(tc.column().name()))) {
                    // InnoDB needs an AUTO_INCREMENT column to lead some index.
                    sql.append(", KEY (").append(target.quote(tc.column().name())).append(')');
                }
            }
            sql.append(')');
            if (mysql) {
                sql.append(mysqlTableOptions());
                if (t.comment() != null) {
                    sql.append(" COMMENT=").append(SqlText.mysqlLiteral(t.comment()));
                }
            }
            out.add(sql.toString());
            if (!mysql) {
                if (t.comment() != null) {
                    out.add("COMMENT ON TABLE " + target.qualify(t.id()) + " IS " + SqlText.standardLiteral(t.comment()));
                }
                for (TargetColumn tc : cols) {
                    if (tc.column().comment() != null) {
                        out.add("COMMENT ON COLUMN " + target.qualify(t.id()) + "." + target.quote(tc.column().name())
                                + " IS " + SqlText.standardLiteral(tc.column().comment()));
                    }
                }
            }
        }
        return out;
    }

    /** The text that the target dialect puts after CREATE TABLE's parenthesis (MySQL: engine, charset, collation). */
    private String mysqlTableOptions() {
        if (mysqlTableOptions == null) {
            String ddl = target.createTable(new Table(TableId.of("s", "t"), List.of(Column.of("c",
                    DataType.of(TypeKind.INTEGER), true)), List.of(), List.of(), -1)).get(0);
            mysqlTableOptions = ddl.substring(ddl.lastIndexOf(')') + 1);
        }
        return mysqlTableOptions;
    }

    private String columnDefinition(Column c) {
        StringBuilder s = new StringBuilder(target.quote(c.name())).append(' ').append(c.type().nativeName());
        GeneratedColumn g = c.generated();
        if (g != null) {
            s.append(" GENERATED ALWAYS AS (").append(g.expression()).append(')');
            if (pg) {
                s.append(" STORED");
            } else if (mysql) {
                s.append(g.stored() ? " STORED" : " VIRTUAL");
            }
        }
        Identity id = c.identity();
        if (id != null && !mysql) {
            s.append(" GENERATED BY DEFAULT AS IDENTITY (START WITH ").append(id.start()).append(" INCREMENT BY ")
                    .append(id.increment()).append(')');
        }
        if (c.defaultExpression() != null && id == null && g == null) {
            s.append(" DEFAULT ").append(c.defaultExpression());
        }
        if (c.onUpdate() != null && !pg) {
            s.append(" ON UPDATE ").append(c.onUpdate());
        }
        if (id != null && mysql) {
            s.append(" AUTO_INCREMENT");
        }
        if (!c.nullable() && !(mariadb && g != null)) {
            s.append(" NOT NULL");
        }
        if (mysql && c.comment() != null) {
            s.append(" COMMENT ").append(SqlText.mysqlLiteral(c.comment()));
        }
        return s.toString();
    }

    /** CHECKs that keep a type's values where the target type is wider: enum and set labels, unsigned numbers. */
    private List<String> typeChecks(TargetColumn tc) {
        List<String> checks = new ArrayList<>();
        Column c = tc.column();
        String q = target.quote(c.name());
        DataType t = c.type();
        DataType s = tc.source().type();
        if (pg && t.kind() == TypeKind.ENUM && t.nativeName().startsWith("character varying")) {
            checks.add("CHECK (" + q + " IN (" + SqlText.standardLiteralList(t.values()) + "))");
        }
        if (pg && s.kind() == TypeKind.SET && (t.kind() == TypeKind.VARCHAR || t.kind() == TypeKind.TEXT)) {
            checks.add("CHECK (" + q + " = '' OR string_to_array(" + q + ", ',') <@ ARRAY["
                    + SqlText.standardLiteralList(s.values()) + "]::text[])");
        }
        if (pg && s.kind() == TypeKind.SET && t.kind() == TypeKind.ARRAY) {
            checks.add("CHECK (" + q + " <@ ARRAY[" + SqlText.standardLiteralList(s.values()) + "]::" + t.nativeName() + ")");
        }
        if (!mysql && s.unsigned() && (s.kind().isInteger() || s.kind() == TypeKind.DECIMAL || s.kind() == TypeKind.DOUBLE
                || s.kind() == TypeKind.REAL) && (t.kind().isInteger() || t.kind() == TypeKind.DECIMAL
                || t.kind() == TypeKind.DOUBLE || t.kind() == TypeKind.REAL)) {
            checks.add("CHECK (" + q + " >= 0)");
        }
        return checks;
    }

    private String quoted(List<String> names) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(target.quote(names.get(i)));
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------ post-load

    private void postLoad(Table t) {
        TableId tid = tableNames.get(t.id());
        Table model = targetTables.get(tid);
        List<String> statements = new ArrayList<>();
        List<Index> indexes = new ArrayList<>();
        List<CheckConstraint> checks = new ArrayList<>();
        for (Index ix : t.indexes()) {
            String label = t.id() + "." + ix.name();
            ObjectKind kind = ix.constraint() ? ObjectKind.UNIQUE_CONSTRAINT : ObjectKind.INDEX;
            guarded(kind, label, ix.definition(), () -> {
                Index converted = index(t, tid, model, ix, label, kind, statements);
                if (converted != null) {
                    indexes.add(converted);
                }
            });
        }
        for (CheckConstraint ck : t.checks()) {
            String label = t.id() + "." + ck.name();
            guarded(ObjectKind.CHECK_CONSTRAINT, label, ck.expression(), () -> {
                String expr = expression(t, ck.expression(), false);
                if (expr == null) {
                    note(ConversionNote.manual(ObjectKind.CHECK_CONSTRAINT, label, "its condition could not be converted to "
                            + engine + ": not created", "CHECK (" + ck.expression() + ")"));
                    return;
                }
                String name = uniqueName(ck.name(), tid, false);
                statements.add("ALTER TABLE " + target.qualify(tid) + " ADD CONSTRAINT " + target.quote(name) + " CHECK ("
                        + expr + ")");
                checks.add(new CheckConstraint(name, expr));
                note(new ConversionNote(ObjectKind.CHECK_CONSTRAINT, label, sameEngine ? Outcome.AUTOMATIC : Outcome.WARNING,
                        sameEngine ? "created after the load" : "created after the load, condition translated: " + expr,
                        "CHECK (" + ck.expression() + ")", null));
            });
        }
        for (TargetColumn tc : targetColumns.get(tid)) {
            if (tc.identityAlways() && !mysql) {
                statements.add("ALTER TABLE " + target.qualify(tid) + " ALTER COLUMN " + target.quote(tc.column().name())
                        + " SET GENERATED ALWAYS");
            }
        }
        targetTables.put(tid, targetTables.get(tid).withConstraints(indexes, List.of(), checks, model.comment()));
        if (!statements.isEmpty()) {
            postLoad.add(new ConvertedSchema.TableStatements(tid, statements));
        }
    }

    private Index index(Table t, TableId tid, Table model, Index ix, String label, ObjectKind kind, List<String> out) {
        Function<String, String> cols = columnLookup(t);
        String ddlSource = ix.definition() != null ? ix.definition() : describe(ix);
        // Same engine, same place, same name: PostgreSQL's own definition keeps operator classes, INCLUDE and options.
        if (pg && sameEngine && tid.equals(t.id()) && ix.definition() != null && !ix.constraint()
                && identifierCase == SchemaConverter.IdentifierCase.PRESERVE && usedNames.add(tid.schema() + "\u0000"
                + ix.name().toLowerCase(Locale.ROOT))) {
            out.add(ix.definition());
            note(ConversionNote.automatic(kind, label, "created after the load", ddlSource));
            return ix;
        }
        List<String> parts = new ArrayList<>();
        List<IndexColumn> targetParts = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (IndexColumn p : ix.columns()) {
            String part;
            IndexColumn tp;
            if (p.isExpression()) {
                if (mariadb || h2) {
                    note(ConversionNote.manual(kind, label, engine + " cannot index an expression (" + p.expression()
                            + "): not created; index a generated column of it instead", ddlSource));
                    return null;
                }
                String e = expression(t, p.expression(), false);
                if (e == null) {
                    note(ConversionNote.manual(kind, label, "its expression " + p.expression() + " could not be converted to "
                            + engine + ": not created", ddlSource));
                    return null;
                }
                if (!sameEngine) {
                    warnings.add("expression translated: " + e);
                }
                part = "(" + e + ")";
                tp = new IndexColumn(null, e, p.descending(), 0);
            } else {
                String c = cols.apply(p.column());
                if (c == null) {
                    note(ConversionNote.manual(kind, label, "its column " + p.column() + " was left out: not created", ddlSource));
                    return null;
                }
                Column col = model.column(c).orElseThrow();
                TypeKind k = col.type().kind();
                boolean lob = k == TypeKind.TEXT || k == TypeKind.BLOB || k == TypeKind.JSON
                        || (k == TypeKind.VARCHAR && col.type().length() == 0);
                int prefix = p.prefixLength();
                boolean fullText = ix.method() != null && (ix.method().equalsIgnoreCase("FULLTEXT")
                        || ix.method().equalsIgnoreCase("SPATIAL"));
                if (mysql && lob && prefix == 0 && !fullText) {
                    prefix = ix.unique() ? 0 : 255;
                    if (prefix > 0) {
                        warnings.add(c + " is indexed by its first 255 characters (" + engine + " cannot index all of a "
                                + col.type().nativeName() + ")");
                    }
                }
                if (h2 && (k == TypeKind.TEXT || k == TypeKind.BLOB)) {
                    note(ConversionNote.manual(kind, label, "H2 cannot index the large object column " + c + ": not created",
                            ddlSource));
                    return null;
                }
                if (prefix > 0 && mysql) {
                    part = target.quote(c) + "(" + prefix + ")";
                    tp = new IndexColumn(c, null, p.descending(), prefix);
                } else if (prefix > 0 && pg) {
                    String e = (k.isBinary() ? "substring(" + target.quote(c) + " from 1 for " : "left(" + target.quote(c) + ", ")
                            + prefix + ")";
                    part = "(" + e + ")";
                    tp = new IndexColumn(null, e, p.descending(), 0);
                    warnings.add("the prefix of " + prefix + " of " + c + " becomes the expression " + e);
                } else {
                    if (prefix > 0) {
                        warnings.add("the whole of " + c + " is indexed, not its first " + prefix);
                    }
                    part = target.quote(c);
                    tp = new IndexColumn(c, null, p.descending(), 0);
                }
            }
            parts.add(part + (p.descending() ? " DESC" : ""));
            targetParts.add(tp);
        }
        String predicate = null;
        if (ix.predicate() != null) {
            if (!pg) {
                if (ix.unique()) {
                    note(ConversionNote.manual(kind, label, engine + " has no partial indexes, and a unique index on all rows"
                            + " would refuse rows that the source accepts: not created", ddlSource));
                    return null;
                }
                warnings.add(engine + " has no partial indexes: the index covers every row");
            } else {
                predicate = expression(t, ix.predicate(), false);
                if (predicate == null) {
                    note(ConversionNote.manual(kind, label, "its WHERE clause " + ix.predicate() + " could not be converted:"
                            + " not created", ddlSource));
                    return null;
                }
            }
        }
        String method = null;
        if (ix.method() != null) {
            String m = ix.method().toUpperCase(Locale.ROOT);
            if (sameEngine || (mysql && (m.equals("HASH") || m.equals("FULLTEXT") || m.equals("SPATIAL")) && source != null
                    && (source.engine().equals("mysql") || source.engine().equals("mariadb")))) {
                method = ix.method();
            } else if (m.equals("HASH")) {
                warnings.add("a " + ix.method() + " index becomes a b-tree index");
            } else {
                note(ConversionNote.manual(kind, label, "a " + ix.method() + " index has no equivalent in " + engine
                        + ": not created", ddlSource));
                return null;
            }
        }
        String name = uniqueName(ix.name(), tid, true);
        String table = target.qualify(tid);
        boolean plainConstraint = ix.constraint() && predicate == null && targetParts.stream().allMatch(IndexColumn::isPlain);
        if (plainConstraint) {
            out.add("ALTER TABLE " + table + " ADD CONSTRAINT " + target.quote(name) + " UNIQUE (" + String.join(", ", parts)
                    + ")");
        } else {
            String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
            boolean mysqlKind = mysql && (m.equals("FULLTEXT") || m.equals("SPATIAL"));
            StringBuilder s = new StringBuilder("CREATE ");
            if (ix.unique()) {
                s.append("UNIQUE ");
            }
            if (mysqlKind) {
                s.append(m).append(' ');
            }
            s.append("INDEX ").append(target.quote(name)).append(" ON ").append(table);
            if (pg && method != null) {
                s.append(" USING ").append(method);
            }
            s.append(" (").append(String.join(", ", parts)).append(')');
            if (mysql && method != null && !mysqlKind) {
                s.append(" USING ").append(m);
            }
            if (predicate != null) {
                s.append(" WHERE ").append(predicate);
            }
            out.add(s.toString());
        }
        String msg = "created after the load" + (name.equals(ix.name()) ? "" : " as " + name)
                + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings));
        note(new ConversionNote(kind, label, warnings.isEmpty() ? Outcome.AUTOMATIC : Outcome.WARNING, msg, ddlSource, null));
        return new Index(name, targetParts, ix.unique(), plainConstraint, predicate, method, null);
    }

    private static String describe(Index ix) {
        StringBuilder s = new StringBuilder(ix.unique() ? "UNIQUE " : "").append("INDEX ").append(ix.name()).append(" (");
        for (int i = 0; i < ix.columns().size(); i++) {
            IndexColumn c = ix.columns().get(i);
            s.append(i == 0 ? "" : ", ").append(c.isExpression() ? "(" + c.expression() + ")" : c.column())
                    .append(c.prefixLength() > 0 ? "(" + c.prefixLength() + ")" : "").append(c.descending() ? " DESC" : "");
        }
        s.append(')');
        if (ix.predicate() != null) {
            s.append(" WHERE ").append(ix.predicate());
        }
        return s.toString();
    }

    private void foreignKeys(Table t) {
        TableId tid = tableNames.get(t.id());
        List<String> statements = new ArrayList<>();
        List<ForeignKey> converted = new ArrayList<>();
        Map<String, String> names = columnNames.get(t.id());
        for (ForeignKey fk : t.foreignKeys()) {
            String label = t.id() + "." + fk.name();
            String src = "FOREIGN KEY (" + String.join(", ", fk.columns()) + ") REFERENCES " + fk.referencedTable() + " ("
                    + String.join(", ", fk.referencedColumns()) + ") ON UPDATE " + fk.onUpdate().sql() + " ON DELETE "
                    + fk.onDelete().sql();
            guarded(ObjectKind.FOREIGN_KEY, label, src, () -> {
                TableId ref = tableNames.get(fk.referencedTable());
                if (ref == null || !targetTables.containsKey(ref)) {
                    note(ConversionNote.manual(ObjectKind.FOREIGN_KEY, label, "it references " + fk.referencedTable()
                            + ", which is not converted: not created", src));
                    return;
                }
                List<String> cols = mapColumns(fk.columns(), names);
                List<String> refCols = mapColumns(fk.referencedColumns(), columnNames.get(fk.referencedTable()));
                if (cols == null || refCols == null) {
                    note(ConversionNote.manual(ObjectKind.FOREIGN_KEY, label, "one of its columns was left out: not created", src));
                    return;
                }
                List<String> warnings = new ArrayList<>();
                ForeignKey.Action onUpdate = action(fk.onUpdate(), warnings);
                ForeignKey.Action onDelete = action(fk.onDelete(), warnings);
                String name = uniqueName(fk.name(), tid, false);
                StringBuilder s = new StringBuilder("ALTER TABLE ").append(target.qualify(tid)).append(" ADD CONSTRAINT ")
                        .append(target.quote(name)).append(" FOREIGN KEY (").append(quoted(cols)).append(") REFERENCES ")
                        .append(target.qualify(ref)).append(" (").append(quoted(refCols)).append(')');
                if (onUpdate != ForeignKey.Action.NO_ACTION) {
                    s.append(" ON UPDATE ").append(onUpdate.sql());
                }
                if (onDelete != ForeignKey.Action.NO_ACTION) {
                    s.append(" ON DELETE ").append(onDelete.sql());
                }
                statements.add(s.toString());
                converted.add(new ForeignKey(name, cols, ref, refCols, onUpdate, onDelete, null));
                note(new ConversionNote(ObjectKind.FOREIGN_KEY, label, warnings.isEmpty() ? Outcome.AUTOMATIC : Outcome.WARNING,
                        "created after the load" + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings)), src, null));
            });
        }
        Table current = targetTables.get(tid);
        List<Index> indexes = new ArrayList<>(current.indexes());
        if (mysql) {
            // InnoDB creates an index named after a foreign key whose columns lead no index.
            for (ForeignKey fk : converted) {
                boolean led = startsWith(current.primaryKey(), fk.columns())
                        || indexes.stream().anyMatch(i -> startsWith(i.columnNames(), fk.columns()));
                if (!led) {
                    indexes.add(Index.of(fk.name(), false, fk.columns()));
                }
            }
        }
        targetTables.put(tid, current.withConstraints(indexes, converted, current.checks(), current.comment()));
        if (!statements.isEmpty()) {
            foreignKeys.add(new ConvertedSchema.TableStatements(tid, statements));
        }
    }

    private static boolean startsWith(List<String> columns, List<String> prefix) {
        return columns.size() >= prefix.size() && columns.subList(0, prefix.size()).equals(prefix);
    }

    private ForeignKey.Action action(ForeignKey.Action a, List<String> warnings) {
        if (mysql && a == ForeignKey.Action.SET_DEFAULT) {
            warnings.add("InnoDB has no SET DEFAULT action: it becomes NO ACTION");
            return ForeignKey.Action.NO_ACTION;
        }
        return a;
    }

    // ------------------------------------------------------------------------------------------ translated objects

    private List<Routine> routines(SqlTranslator.Context context) {
        List<Routine> done = new ArrayList<>();
        for (Routine r : catalog.routines()) {
            ObjectKind kind = r.kind() == Routine.Kind.PROCEDURE ? ObjectKind.PROCEDURE : ObjectKind.FUNCTION;
            translated(kind, r.signature(), r.definition(), () -> translator.routine(r, context), routineStatements,
                    () -> done.add(new Routine(targetId(r.id()), r.kind(), r.parameters(), r.returnType(), r.language(),
                            r.body(), r.deterministic(), null, r.comment())));
        }
        return done;
    }

    private List<View> views(SqlTranslator.Context context) {
        List<View> done = new ArrayList<>();
        Set<TableId> created = new HashSet<>();
        for (View v : viewOrder()) {
            ObjectKind kind = v.materialized() ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW;
            String ddl = "CREATE " + (v.materialized() ? "MATERIALIZED " : "") + "VIEW " + source().qualify(v.id()) + " AS "
                    + v.definition();
            List<TableId> missing = viewDependencies.getOrDefault(v.id(), Set.of()).stream()
                    .filter(d -> !created.contains(d)).toList();
            if (!missing.isEmpty()) {
                note(ConversionNote.manual(kind, v.id().toString(), "it reads " + missing
                        + ", which could not be created: not created", ddl));
                continue;
            }
            int before = done.size();
            translated(kind, v.id().toString(), ddl, () -> translator.view(v, context), viewStatements,
                    () -> done.add(new View(targetId(v.id()), v.definition(), v.columns(), v.materialized(), v.checkOption(),
                            v.dependsOn().stream().map(this::targetId).toList(), v.comment())));
            if (done.size() > before) {
                created.add(v.id());
            }
        }
        return done;
    }

    /** The views that each view reads. */
    private final Map<TableId, Set<TableId>> viewDependencies = new HashMap<>();

    /** Views after the views they read: the engine's dependencies, and views named in a definition. */
    private List<View> viewOrder() {
        Map<TableId, View> byId = new LinkedHashMap<>();
        catalog.views().forEach(v -> byId.put(v.id(), v));
        Map<String, TableId> byName = new HashMap<>();
        catalog.views().forEach(v -> byName.put(v.id().name().toLowerCase(Locale.ROOT), v.id()));
        List<View> ordered = new ArrayList<>();
        Set<TableId> visiting = new HashSet<>();
        Set<TableId> visited = new HashSet<>();
        for (View v : byId.values()) {
            visit(v, byId, byName, visiting, visited, ordered);
        }
        return ordered;
    }

    private void visit(View v, Map<TableId, View> byId, Map<String, TableId> byName, Set<TableId> visiting,
                       Set<TableId> visited, List<View> ordered) {
        if (visited.contains(v.id()) || !visiting.add(v.id())) {
            return;
        }
        Set<TableId> deps = new LinkedHashSet<>(v.dependsOn());
        boolean mysqlSource = source != null && (source.engine().equals("mysql") || source.engine().equals("mariadb"));
        for (SqlTokens.Token t : SqlTokens.tokenize(v.definition(), mysqlSource)) {
            String name = t.is(SqlTokens.Kind.QUOTED_ID) ? t.value() : t.is(SqlTokens.Kind.WORD) ? t.text() : null;
            if (name != null && byName.containsKey(name.toLowerCase(Locale.ROOT))) {
                deps.add(byName.get(name.toLowerCase(Locale.ROOT)));
            }
        }
        Set<TableId> viewDeps = new LinkedHashSet<>();
        deps.stream().filter(d -> byId.containsKey(d) && !d.equals(v.id())).forEach(viewDeps::add);
        viewDependencies.put(v.id(), viewDeps);
        for (TableId d : deps) {
            View dv = byId.get(d);
            if (dv != null && !d.equals(v.id())) {
                visit(dv, byId, byName, visiting, visited, ordered);
            }
        }
        visiting.remove(v.id());
        visited.add(v.id());
        ordered.add(v);
    }

    private static final java.util.regex.Pattern TRIGGER_FUNCTION = java.util.regex.Pattern.compile(
            "^CREATE (?:OR REPLACE )?FUNCTION \"((?:[^\"]|\"\")+)\"\\.\"((?:[^\"]|\"\")+)\"\\(\\) RETURNS trigger");
    /** The trigger functions that translated triggers create (PostgreSQL targets). */
    private final List<Routine> triggerFunctions = new ArrayList<>();

    private List<Trigger> triggers(SqlTranslator.Context context) {
        List<Trigger> done = new ArrayList<>();
        for (Trigger tr : catalog.triggers()) {
            if (!tableNames.containsKey(tr.table())) {
                note(ConversionNote.manual(ObjectKind.TRIGGER, tr.id().toString(), "its table " + tr.table()
                        + " is not converted: not created", tr.definition()));
                continue;
            }
            int before = triggerStatements.size();
            translated(ObjectKind.TRIGGER, tr.id().toString(), tr.definition(), () -> translator.trigger(tr, context),
                    triggerStatements, () -> done.add(new Trigger(targetId(tr.id()), targetId(tr.table()), tr.timing(),
                            tr.events(), tr.forEachRow(), tr.condition(), tr.body(),
                            tr.function() == null ? null : targetId(tr.function()), tr.order(), null)));
            // a MySQL trigger becomes a PostgreSQL trigger function and a trigger: the function is in the target too
            for (String st : triggerStatements.subList(before, triggerStatements.size())) {
                java.util.regex.Matcher m = TRIGGER_FUNCTION.matcher(st);
                if (pg && m.find()) {
                    triggerFunctions.add(new Routine(new TableId(m.group(1).replace("\"\"", "\""),
                            m.group(2).replace("\"\"", "\"")), Routine.Kind.FUNCTION, List.of(), "trigger", "plpgsql", null,
                            false, st, null));
                }
            }
        }
        return done;
    }

    private void translated(ObjectKind kind, String name, String ddl, java.util.function.Supplier<SqlTranslator.Translation> work,
                            List<String> out, Runnable onSuccess) {
        SqlTranslator.Translation tr;
        try {
            tr = work.get();
        } catch (RuntimeException e) {
            note(ConversionNote.manual(kind, name, "the translator failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), ddl));
            return;
        }
        if (tr == null) {
            note(ConversionNote.manual(kind, name, "the translator gave no translation", ddl));
            return;
        }
        if (tr.outcome() != Outcome.MANUAL && !tr.statements().isEmpty()) {
            out.addAll(tr.statements());
            onSuccess.run();
        }
        note(new ConversionNote(kind, name, tr.statements().isEmpty() ? Outcome.MANUAL : tr.outcome(), tr.message(), ddl,
                null));
    }
}
