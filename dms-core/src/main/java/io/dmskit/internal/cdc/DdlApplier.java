package io.dmskit.internal.cdc;

import io.dmskit.DdlPolicy;
import io.dmskit.TableMapping;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.ChangeEvent.ColumnChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Applies the table events of change data capture ({@link ChangeEvent.Operation#SCHEMA} and
 * {@link ChangeEvent.Operation#TRUNCATE}) to the target, each as its {@link DdlPolicy} says, and
 * works out the applier's new model of a table whose columns changed.
 *
 * <ul>
 *   <li>ADD COLUMN: the column gets its target name from the task's mapping (a column that the
 *       mapping removes is not added) and its type from the target dialect's type mapping, as in a
 *       full load; it is added as nullable, with the source's default when that is a plain number
 *       or string (so that the rows the target already has get it, as the source's rows did),
 *       else without default (those rows get NULL there; a warning says so).</li>
 *   <li>DROP COLUMN: the mapped target column is dropped.</li>
 *   <li>RENAME COLUMN: the mapped target column is renamed to the new name's mapped name.</li>
 *   <li>ALTER COLUMN TYPE (a kept column whose logical type in the source's catalog differs from
 *       the model's, see {@link SchemaDiff#typeChanges}): the mapped target column gets the target
 *       dialect's type for the new source type (as a full load would create it), unless it already
 *       has it; later values are converted from the new source type. The column's type rule value
 *       fixer, made for the old type, is no longer run.</li>
 *   <li>TRUNCATE: the target table is emptied with {@code DELETE} (not {@code TRUNCATE}, which
 *       MySQL and MariaDB commit at once), so that it commits with the stored source position.</li>
 * </ul>
 * Statements run in the caller's transaction. On PostgreSQL (and H2) DDL is transactional, so a
 * column change commits atomically with the stored source position. MariaDB and MySQL commit each
 * DDL statement on its own (and the changes before it in the open transaction with it): a crash
 * between the DDL and the commit of the position makes the next run see the change again, which
 * is harmless because every statement is first checked against the target's catalog (a column
 * that is already added, dropped or renamed is left as it is).
 *
 * <p>Used by the apply thread only.
 */
public final class DdlApplier {
    private static final Logger LOG = LoggerFactory.getLogger(DdlApplier.class);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern STRING = Pattern.compile("('(?:[^']|'')*')(::[a-z ]+)?");

    private final String task;
    private final TableMapping mapping;
    private final Dialect dialect;
    private final Function<DdlPolicy.Kind, DdlPolicy> policies;

    /**
     * @param mapping  the task's table mapping, for the target names of new columns
     * @param dialect  the target's dialect
     * @param policies the policy of each kind of change
     */
    public DdlApplier(String task, TableMapping mapping, Dialect dialect, Function<DdlPolicy.Kind, DdlPolicy> policies) {
        this.task = task;
        this.mapping = mapping;
        this.dialect = dialect;
        this.policies = policies;
    }

    /** What applying one table event did: the table's model after it, and how many table changes it held (0: none). */
    record Result(ApplyTable table, int changes) {
    }

    /**
     * Applies one table event to the target table of {@code table}, in the connection's current
     * transaction. For a SCHEMA event, the changes are the difference between the columns that
     * {@code table} knows and the event's columns ({@link SchemaDiff}).
     *
     * @return the table's model after the event (the same object when its columns did not change)
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the policy of the change is
     *                      FAIL, or when the change cannot be applied (a column type that the
     *                      target cannot hold, the source's catalog unknown)
     */
    Result apply(Connection c, ChangeEvent e, ApplyTable table) throws SQLException {
        if (e.operation() == ChangeEvent.Operation.TRUNCATE) {
            if (decide(DdlPolicy.Kind.TRUNCATE, e, table, "TRUNCATE") == DdlPolicy.APPLY) {
                execute(c, "DELETE FROM " + dialect.qualify(table.targetId()));
                LOG.info("Task {}: table {} was truncated at the source (at {}); its target table {} is emptied",
                        task, table.sourceId(), e.position(), table.targetId());
            }
            return new Result(table, 1);
        }
        ChangeEvent.SchemaChange change = e.schemaChange();
        // generated columns: the change stream may leave them out (PostgreSQL does); they are not changes
        java.util.Set<String> generated = new java.util.HashSet<>();
        for (Table t : new Table[] {table.source, change == null ? null : change.table()}) {
            if (t != null) {
                t.columns().stream().filter(col -> col.generated() != null).forEach(col -> generated.add(col.name()));
            }
        }
        List<String> now = e.columns().stream().filter(n -> !generated.contains(n)).toList();
        // a column that the change stream does not carry (a type Debezium does not decode) but the catalog still has
        // is not dropped: its target column must not go
        Table catalog = change == null ? null : change.table();
        List<String> known = table.source.columns().stream().map(Column::name).filter(n -> !generated.contains(n))
                .filter(n -> now.contains(n) || catalog == null || catalog.column(n).isEmpty()).toList();
        if (change == null || change.newTable()) {
            return new Result(table, 0);
        }
        List<ColumnChange> changes = known.equals(now) ? List.of() : SchemaDiff.diff(known, now, table.source, change.table());
        List<SchemaDiff.TypeChange> retyped = SchemaDiff.typeChanges(known, changes, table.source, change.table());
        if (changes.isEmpty() && retyped.isEmpty()) {
            return new Result(table, 0);
        }
        for (ColumnChange cc : changes) {
            decide(kind(cc), e, table, cc.toString());
        }
        for (SchemaDiff.TypeChange tc : retyped) {
            decide(DdlPolicy.Kind.ALTER_COLUMN_TYPE, e, table, tc.toString());
        }
        java.util.Set<String> retypedNames = new java.util.HashSet<>();
        retyped.forEach(tc -> retypedNames.add(tc.column()));
        Table newSource = newSource(table.source, e.columns(), changes, change.table(), retypedNames);
        TableMapping.MappedTable mapped = mapping.map(newSource);
        Table target = targetTable(c, table.targetId());
        // the columns the applier writes, in order: source name, target name, the source column as the model had it
        // (its type after the value fixers), and its place in the old model (-1 for a new column)
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < table.sourceColumns.size(); i++) {
            slots.add(new Slot(table.sourceColumns.get(i).name(), table.targetColumns.get(i).name(), table.sourceColumns.get(i), i));
        }
        for (ColumnChange cc : changes) {
            DdlPolicy policy = policies.apply(kind(cc));
            switch (cc.kind()) {
                case DROP_COLUMN -> {
                    Slot slot = find(slots, cc.oldName());
                    if (slot == null) {
                        continue;
                    }
                    slots.remove(slot);
                    if (policy == DdlPolicy.APPLY && target.column(slot.target).isPresent()) {
                        execute(c, "ALTER TABLE " + dialect.qualify(target.id()) + " DROP COLUMN " + dialect.quote(slot.target));
                        target = targetTable(c, target.id());
                    }
                }
                case RENAME_COLUMN -> {
                    Slot slot = find(slots, cc.oldName());
                    if (slot == null) {
                        continue;
                    }
                    String tn = slot.target;
                    String newTn = policy == DdlPolicy.APPLY ? mapped.targetColumn(cc.newName()).orElse(tn) : tn;
                    if (!newTn.equals(tn) && target.column(tn).isPresent() && target.column(newTn).isEmpty()) {
                        execute(c, "ALTER TABLE " + dialect.qualify(target.id()) + " RENAME COLUMN " + dialect.quote(tn)
                                + " TO " + dialect.quote(newTn));
                        target = targetTable(c, target.id());
                    }
                    slots.set(slots.indexOf(slot), new Slot(cc.newName(), target.column(newTn).isPresent() ? newTn : tn,
                            slot.column.withName(cc.newName()), slot.oldIndex));
                }
                case ADD_COLUMN -> {
                    Optional<String> tn = mapped.targetColumn(cc.newName());
                    Column sc = newSource.column(cc.newName()).orElse(null);
                    if (policy != DdlPolicy.APPLY || tn.isEmpty() || sc == null) {
                        continue;
                    }
                    if (target.column(tn.get()).isEmpty()) {
                        execute(c, addColumn(target.id(), tn.get(), newSource, cc.newName()));
                        target = targetTable(c, target.id());
                    }
                    slots.add(new Slot(cc.newName(), tn.get(), sc, -1));
                }
            }
        }
        for (SchemaDiff.TypeChange tc : retyped) {
            Slot slot = find(slots, tc.column());
            Column sc = newSource.column(tc.column()).orElse(null);
            Column current = slot == null ? null : target.column(slot.target).orElse(null);
            if (sc == null || current == null) {
                continue;
            }
            if (policies.apply(DdlPolicy.Kind.ALTER_COLUMN_TYPE) == DdlPolicy.APPLY) {
                DataType type = targetType(sc, newSource, "whose type changed", DdlPolicy.Kind.ALTER_COLUMN_TYPE);
                boolean pgEnum = type.kind() == TypeKind.ENUM && current.type().kind() == TypeKind.ENUM
                        && dialect.engine().equals("postgresql");
                if (pgEnum ? !type.values().equals(current.type().values())
                        : !dialect.nativeType(type).equalsIgnoreCase(dialect.nativeType(current.type()))) {
                    if (pgEnum) {
                        retypePostgresEnum(c, target.id(), current, type.values());
                    } else {
                        execute(c, alterType(target.id(), current, type));
                    }
                    target = targetTable(c, target.id());
                    current = target.column(slot.target).orElse(current);
                }
            }
            try {
                io.dmskit.internal.convert.Coercions.plan(sc.type(), current.type());
            } catch (DmsException x) {
                throw new DmsException(ErrorCode.INCOMPATIBLE_TARGET_TABLE, "Task " + task + ", table " + table.sourceId()
                        + ": column " + tc.column() + " changed type at the source (" + tc + ", at source position "
                        + e.position() + "), and its target column " + current.name() + " of " + target.id() + " ("
                        + current.type().nativeName() + ") cannot take the new values: " + x.getMessage() + ". Change the"
                        + " target column by hand, or set the DDL policy for ALTER_COLUMN_TYPE to APPLY, then start the task"
                        + " again", x);
            }
            // the column's values now come in the new type: the old type's value fixer (a type rule) no longer applies
            slots.set(slots.indexOf(slot), new Slot(slot.source, slot.target, sc, -1));
        }
        List<Column> sourceColumns = new ArrayList<>();
        List<Column> targetColumns = new ArrayList<>();
        List<Integer> oldIndexes = new ArrayList<>();
        for (Slot slot : slots) {
            Column tc = target.column(slot.target).orElse(null);
            if (tc != null) {
                sourceColumns.add(slot.column);
                targetColumns.add(tc);
                oldIndexes.add(slot.oldIndex);
            }
        }
        List<Object> all = new ArrayList<>(changes);
        all.addAll(retyped);
        LOG.info("Task {}: table {} changed at the source ({}, at {}); target table {} now has columns {}", task,
                table.sourceId(), all, e.position(), target.id(), target.columns().stream()
                        .map(col -> col.name() + " " + col.type().nativeName()).toList());
        return new Result(new ApplyTable(newSource, target, sourceColumns, targetColumns, dialect,
                RemappedFixers.of(table.fixers, oldIndexes, table.sourceColumns.size())).withAdded(table.added, table.addedTargets), all.size());
    }

    /**
     * The source table as the event's columns have it: a kept or renamed column keeps what the
     * model knew of it (with the catalog's type when its type changed), an added column is taken from the catalog read when capture saw the
     * change (which may be later than the change: a column that is no longer there is left out,
     * with a warning, and is not copied).
     */
    private Table newSource(Table old, List<String> eventColumns, List<ColumnChange> changes, Table catalog,
                            java.util.Set<String> retyped) {
        Map<String, String> renamedFrom = new java.util.HashMap<>();
        Map<String, String> renamedTo = new java.util.HashMap<>();
        for (ColumnChange cc : changes) {
            if (cc.kind() == ChangeEvent.ColumnChangeKind.RENAME_COLUMN) {
                renamedFrom.put(cc.newName(), cc.oldName());
                renamedTo.put(cc.oldName(), cc.newName());
            }
        }
        List<Column> columns = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String name : eventColumns) {
            Column known = old.column(renamedFrom.getOrDefault(name, name)).orElse(null);
            Column read = catalog == null ? null : catalog.column(name).orElse(null);
            if (known != null && read != null && retyped.contains(name)) {
                columns.add(known.withName(name).withType(read.type()));
            } else if (known != null) {
                columns.add(known.withName(name));
            } else if (read != null) {
                columns.add(read);
            } else {
                LOG.warn("Task {}, table {}: column {} was added at the source, but the source's catalog no longer (or not)"
                        + " describes it, so its type is unknown; it is not copied", task, old.id(), name);
                continue;
            }
            names.add(name);
        }
        for (Column c : old.columns()) {
            if (c.generated() != null && !names.contains(c.name())) {
                columns.add(c);
                names.add(c.name());
            }
        }
        java.util.function.Function<List<String>, List<String>> renamed = key -> {
            List<String> out = new ArrayList<>();
            for (String k : key) {
                String n = renamedTo.getOrDefault(k, k);
                if (!names.contains(n)) {
                    return null;
                }
                out.add(n);
            }
            return out;
        };
        List<String> pk = renamed.apply(old.primaryKey());
        List<List<String>> unique = old.uniqueKeys().stream().map(renamed).filter(java.util.Objects::nonNull).toList();
        return old.withColumns(columns, pk == null ? List.of() : pk, unique);
    }

    /** A column that the applier writes. */
    private record Slot(String source, String target, Column column, int oldIndex) {
    }

    private static Slot find(List<Slot> slots, String source) {
        for (Slot s : slots) {
            if (s.source.equals(source)) {
                return s;
            }
        }
        return null;
    }

    private static DdlPolicy.Kind kind(ColumnChange cc) {
        return switch (cc.kind()) {
            case ADD_COLUMN -> DdlPolicy.Kind.ADD_COLUMN;
            case DROP_COLUMN -> DdlPolicy.Kind.DROP_COLUMN;
            case RENAME_COLUMN -> DdlPolicy.Kind.RENAME_COLUMN;
        };
    }

    private DdlPolicy decide(DdlPolicy.Kind kind, ChangeEvent e, ApplyTable table, String what) {
        DdlPolicy policy = policies.apply(kind);
        if (policy == DdlPolicy.FAIL) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Task " + task + ", table " + table.sourceId() + ": the source ran "
                    + what + " (at source position " + e.position() + ") and the task's DDL policy for " + kind + " is FAIL."
                    + " Nothing of it was applied. Change the target table by hand and set the policy to IGNORE, or set it to"
                    + " APPLY, then start the task again");
        }
        if (policy == DdlPolicy.IGNORE) {
            LOG.warn("Task {}, table {}: {} at the source (at {}) is not applied to target table {}: the DDL policy for {} is"
                    + " IGNORE", task, table.sourceId(), what, e.position(), table.targetId(), kind);
        }
        return policy;
    }

    /** The target dialect's type for a source column, or an error that names the column and the way out. */
    private DataType targetType(Column sc, Table source, String what, DdlPolicy.Kind kind) {
        try {
            return dialect.targetType(sc.type());
        } catch (DmsException x) {
            throw new DmsException(x.code(), "Task " + task + ", table " + source.id() + ", column " + sc.name() + " " + what
                    + " at the source: " + x.getMessage() + ". Remove the column with a mapping rule, or set the DDL policy for "
                    + kind + " to IGNORE", x);
        }
    }

    /**
     * The statement that gives a target column a new type, keeping its nullability, and on
     * MySQL/MariaDB (whose {@code MODIFY} restates the whole column) its literal default and
     * AUTO_INCREMENT. PostgreSQL converts the existing values with a cast ({@code USING}).
     */
    String alterType(TableId table, Column current, DataType type) {
        String t = dialect.qualify(table);
        String col = dialect.quote(current.name());
        String nativeType = dialect.nativeType(type);
        if (dialect instanceof io.dmskit.schema.mysql.MySqlDialect) {
            StringBuilder sql = new StringBuilder("ALTER TABLE " + t + " MODIFY COLUMN " + col + " " + nativeType);
            sql.append(current.nullable() ? " NULL" : " NOT NULL");
            String literal = literalDefault(current.defaultExpression());
            if (literal != null) {
                sql.append(" DEFAULT ").append(literal);
            }
            if (current.autoIncrement()) {
                sql.append(" AUTO_INCREMENT");
            }
            return sql.toString();
        }
        if (dialect.engine().equals("postgresql")) {
            return "ALTER TABLE " + t + " ALTER COLUMN " + col + " TYPE " + nativeType + " USING " + col + "::" + nativeType;
        }
        return "ALTER TABLE " + t + " ALTER COLUMN " + col + " SET DATA TYPE " + nativeType;
    }

    /**
     * Gives a PostgreSQL column of an enum type the new labels: a new enum type with them (named
     * after the old one and the labels), and the column converted to it through text. PostgreSQL's
     * {@code ALTER TYPE ... ADD VALUE} is not used because a label added in a transaction cannot be
     * used in it, and the rows after the change are applied in the same transaction. The old type
     * stays (other columns may use it). A literal default is kept.
     */
    private void retypePostgresEnum(Connection c, TableId table, Column current, List<String> labels) throws SQLException {
        String schema;
        String name;
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT n.nspname, t.typname FROM pg_attribute a"
                + " JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE a.attrelid = ?::regclass AND a.attname = ?")) {
            ps.setString(1, dialect.qualify(table));
            ps.setString(2, current.name());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DmsException(ErrorCode.INCOMPATIBLE_TARGET_TABLE, "Task " + task + ": target column "
                            + current.name() + " of " + table + " is not there, so its labels cannot be changed. Reload the table");
                }
                schema = rs.getString(1);
                name = rs.getString(2);
            }
        }
        String suffix = "_" + String.format("%08x", labels.hashCode());
        String base = name.replaceFirst("_[0-9a-f]{8}$", "");
        String newName = (base.length() > 63 - suffix.length() ? base.substring(0, 63 - suffix.length()) : base) + suffix;
        String qualified = dialect.quote(schema) + "." + dialect.quote(newName);
        boolean exists;
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_type t JOIN pg_namespace n"
                + " ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, newName);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        if (!exists) {
            execute(c, "CREATE TYPE " + qualified + " AS ENUM (" + labels.stream().map(l -> "'" + l.replace("'", "''") + "'")
                    .collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
        String col = dialect.quote(current.name());
        String t = dialect.qualify(table);
        java.util.regex.Matcher literal = current.defaultExpression() == null ? null
                : Pattern.compile("('(?:[^']|'')*')::.*").matcher(current.defaultExpression().strip());
        if (current.defaultExpression() != null) {
            execute(c, "ALTER TABLE " + t + " ALTER COLUMN " + col + " DROP DEFAULT");
        }
        execute(c, "ALTER TABLE " + t + " ALTER COLUMN " + col + " TYPE " + qualified + " USING " + col + "::text::" + qualified);
        if (literal != null && literal.matches() && labels.contains(literal.group(1).substring(1, literal.group(1).length() - 1)
                .replace("''", "'"))) {
            execute(c, "ALTER TABLE " + t + " ALTER COLUMN " + col + " SET DEFAULT " + literal.group(1) + "::" + qualified);
        }
        LOG.info("Task {}: the labels of column {} of target table {} changed: it now has enum type {} (the old type {}.{} stays)",
                task, current.name(), table, qualified, schema, name);
    }

    private String addColumn(TableId target, String name, Table source, String sourceName) {
        Column sc = source.column(sourceName).orElseThrow(() -> new DmsException(ErrorCode.SOURCE_READ_FAILED, "Task " + task
                + ", table " + source.id() + ": the source's catalog has no column " + sourceName + " that the change stream"
                + " added; start the task again"));
        DataType type = targetType(sc, source, "added", DdlPolicy.Kind.ADD_COLUMN);
        String sql = "ALTER TABLE " + dialect.qualify(target) + " ADD COLUMN " + dialect.quote(name) + " " + dialect.nativeType(type);
        String literal = literalDefault(sc.defaultExpression());
        if (literal != null) {
            sql += " DEFAULT " + literal;
        } else if (sc.defaultExpression() != null && !sc.defaultExpression().equalsIgnoreCase("NULL")) {
            LOG.warn("Task {}, table {}: column {} was added at the source with default {}, which is not copied to the target:"
                    + " the target's existing rows get NULL in it", task, source.id(), sourceName, sc.defaultExpression());
        }
        return sql;
    }

    /** A default that is a plain number or string literal (PostgreSQL's {@code 'x'::text} cast dropped); null otherwise. */
    static String literalDefault(String expression) {
        if (expression == null) {
            return null;
        }
        String s = expression.strip();
        if (NUMBER.matcher(s).matches()) {
            return s;
        }
        var m = STRING.matcher(s);
        return m.matches() ? m.group(1) : null;
    }

    private Table targetTable(Connection c, TableId id) throws SQLException {
        return dialect.readCatalog(c, t -> t.equals(id)).table(id).orElseThrow(() -> new DmsException(
                ErrorCode.INCOMPATIBLE_TARGET_TABLE, "Task " + task + ": target table " + id + " no longer exists, so a change"
                + " of its source table's columns cannot be applied. Reload the table"));
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
