package io.dmskit.schema.internal;

import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Table;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders {@code CREATE TABLE <qualified> (<col> <type> [NOT NULL], ..., PRIMARY KEY (...)[, extra])<suffix>}
 * with every identifier quoted by the dialect. Stateless; not for users.
 */
public final class CreateTable {

    private CreateTable() {
    }

    /**
     * @param dialect     quotes the identifiers
     * @param table       the table, whose column types the target engine can render
     * @param nativeType  renders a column's type
     * @param constraints extra table elements (CHECK constraints), already rendered; may be empty
     * @param suffix      text after the closing parenthesis (table options), or empty
     */
    public static String render(Dialect dialect, Table table, Function<Column, String> nativeType,
                                List<String> constraints, String suffix) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(dialect.qualify(table.id())).append(" (");
        String sep = "";
        for (Column c : table.columns()) {
            sql.append(sep).append(dialect.quote(c.name())).append(' ').append(nativeType.apply(c));
            if (!c.nullable()) {
                sql.append(" NOT NULL");
            }
            sep = ", ";
        }
        if (table.hasPrimaryKey()) {
            sql.append(sep).append("PRIMARY KEY (").append(quotedList(dialect, table.primaryKey())).append(')');
        }
        for (String constraint : constraints) {
            sql.append(", ").append(constraint);
        }
        return sql.append(')').append(suffix).toString();
    }

    /** The names quoted and joined with {@code ", "}. */
    public static String quotedList(Dialect dialect, List<String> names) {
        return names.stream().map(dialect::quote).collect(Collectors.joining(", "));
    }
}
