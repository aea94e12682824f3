package io.dmskit.internal.cdc;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.spi.ChangeEvent.ColumnChange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Works out which columns a DDL statement added, dropped or renamed, from a table's column names
 * before and after it. Change streams do not say (PostgreSQL's logical decoding sends only the
 * new column list with the next row change), so renames are recognised by place: a column that
 * is gone and a new column at the same position (among the columns before, and among the columns
 * after) with the same logical type is taken to be renamed; every other new column is added and
 * every other gone column is dropped. A column dropped and another added at its place with the
 * same type in one step therefore reads as a rename, which gives the target the same shape (the
 * column's values stay, as they would for a rename).
 *
 * <p>Type changes ({@link #typeChanges}) are found by comparing the logical type of each column
 * that is kept (or renamed) as the model knew it with the one the source's catalog has now; a
 * rename and a type change in one statement read as a drop and an add (see above). Stateless.
 */
public final class SchemaDiff {
    private SchemaDiff() {
    }

    /**
     * The column changes between two versions of a table, drops and renames first, then adds.
     *
     * @param before    the column names before
     * @param after     the column names after
     * @param oldTable  the table before, as the catalog read it (for types), or null
     * @param newTable  the table after, or null
     * @return empty when the names are the same
     */
    public static List<ColumnChange> diff(List<String> before, List<String> after, Table oldTable, Table newTable) {
        Set<String> a = new HashSet<>(after);
        Set<String> b = new HashSet<>(before);
        List<ColumnChange> out = new ArrayList<>();
        Set<String> renamedTo = new HashSet<>();
        for (int i = 0; i < before.size(); i++) {
            String gone = before.get(i);
            if (a.contains(gone)) {
                continue;
            }
            String at = i < after.size() ? after.get(i) : null;
            if (at != null && !b.contains(at) && sameType(oldTable, gone, newTable, at)) {
                out.add(ColumnChange.renamed(gone, at));
                renamedTo.add(at);
            } else {
                out.add(ColumnChange.dropped(gone));
            }
        }
        for (String name : after) {
            if (!b.contains(name) && !renamedTo.contains(name)) {
                out.add(ColumnChange.added(name));
            }
        }
        return out;
    }

    /**
     * A column whose type changed at the source.
     *
     * @param column  the column's source name after the change (after a rename in the same step)
     * @param oldType its type as the model knew it
     * @param newType its type in the source's catalog now
     */
    public record TypeChange(String column, DataType oldType, DataType newType) {
        @Override
        public String toString() {
            return "ALTER COLUMN " + column + " TYPE " + newType.nativeName() + describe(newType) + " (was "
                    + oldType.nativeName() + describe(oldType) + ")";
        }

        private static String describe(DataType t) {
            StringBuilder s = new StringBuilder();
            if (t.length() > 0 && !t.nativeName().contains("(")) {
                s.append('(').append(t.length()).append(')');
            } else if (t.precision() > 0 && !t.nativeName().contains("(")) {
                s.append('(').append(t.precision()).append(t.scale() > 0 ? "," + t.scale() : "").append(')');
            }
            if (!t.values().isEmpty() && !t.nativeName().contains("(")) {
                s.append(t.values());
            }
            return s.toString();
        }
    }

    /**
     * The columns that keep their place in the table (after the {@code changes} of {@link #diff})
     * whose logical type differs between the model and the catalog: kind, length, precision, scale,
     * signedness, native name, enum or set labels, array element. Empty when either table is null.
     *
     * @param before   the column names before
     * @param changes  the column changes from {@link #diff}
     * @param oldTable the table as the model knows it
     * @param newTable the table as the source's catalog has it now
     */
    public static List<TypeChange> typeChanges(List<String> before, List<ColumnChange> changes, Table oldTable, Table newTable) {
        List<TypeChange> out = new ArrayList<>();
        if (oldTable == null || newTable == null) {
            return out;
        }
        java.util.Map<String, String> renamed = new java.util.HashMap<>();
        Set<String> dropped = new HashSet<>();
        for (ColumnChange cc : changes) {
            switch (cc.kind()) {
                case RENAME_COLUMN -> renamed.put(cc.oldName(), cc.newName());
                case DROP_COLUMN -> dropped.add(cc.oldName());
                default -> {
                }
            }
        }
        for (String name : before) {
            if (dropped.contains(name)) {
                continue;
            }
            String now = renamed.getOrDefault(name, name);
            Column o = oldTable.column(name).orElse(null);
            Column n = newTable.column(now).orElse(null);
            if (o != null && n != null && !o.type().equals(n.type())) {
                out.add(new TypeChange(now, o.type(), n.type()));
            }
        }
        return out;
    }

    private static boolean sameType(Table oldTable, String oldName, Table newTable, String newName) {
        if (oldTable == null || newTable == null) {
            return true;
        }
        Column o = oldTable.column(oldName).orElse(null);
        Column n = newTable.column(newName).orElse(null);
        if (o == null || n == null) {
            return true;
        }
        return o.type().kind() == n.type().kind() && Objects.equals(o.type().nativeName(), n.type().nativeName());
    }
}
