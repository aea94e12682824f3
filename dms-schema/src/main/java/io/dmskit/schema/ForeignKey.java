package io.dmskit.schema;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key constraint, seen from the referencing table. Immutable.
 *
 * @param name              the constraint's name
 * @param columns           the referencing columns, in order
 * @param referencedTable   the referenced table
 * @param referencedColumns the referenced columns, in the same order as {@code columns}
 * @param onUpdate          the action on update of a referenced key
 * @param onDelete          the action on delete of a referenced row
 * @param definition        the engine's own text of the constraint (PostgreSQL
 *                          {@code pg_get_constraintdef}), or null; for messages and notes
 */
public record ForeignKey(String name, List<String> columns, TableId referencedTable, List<String> referencedColumns,
                         Action onUpdate, Action onDelete, String definition) {

    /** A referential action. */
    public enum Action {
        NO_ACTION("NO ACTION"), RESTRICT("RESTRICT"), CASCADE("CASCADE"), SET_NULL("SET NULL"), SET_DEFAULT("SET DEFAULT");

        private final String sql;

        Action(String sql) {
            this.sql = sql;
        }

        /** The SQL words, for example {@code SET NULL}. */
        public String sql() {
            return sql;
        }

        /**
         * The action of its SQL words (any case, spaces or underscores) or of PostgreSQL's one-letter
         * code ({@code a r c n d}); NO_ACTION for null.
         *
         * @throws IllegalArgumentException for anything else
         */
        public static Action parse(String text) {
            if (text == null) {
                return NO_ACTION;
            }
            String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('_', ' ');
            switch (t) {
                case "A", "NO ACTION": return NO_ACTION;
                case "R", "RESTRICT": return RESTRICT;
                case "C", "CASCADE": return CASCADE;
                case "N", "SET NULL": return SET_NULL;
                case "D", "SET DEFAULT": return SET_DEFAULT;
                default: throw new IllegalArgumentException("unknown referential action '" + text + "'");
            }
        }
    }

    public ForeignKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(referencedTable, "referencedTable");
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
        onUpdate = onUpdate == null ? Action.NO_ACTION : onUpdate;
        onDelete = onDelete == null ? Action.NO_ACTION : onDelete;
        if (columns.isEmpty() || columns.size() != referencedColumns.size()) {
            throw new IllegalArgumentException("foreign key " + name + " has columns " + columns
                    + " and referenced columns " + referencedColumns);
        }
    }
}
