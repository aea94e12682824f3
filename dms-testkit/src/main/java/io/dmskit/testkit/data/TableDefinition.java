package io.dmskit.testkit.data;

import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table of one engine for a test: its name, columns and primary key, and the SQL that creates it
 * and inserts into it. Names are used exactly as given and always quoted, so that they may be
 * mixed case, reserved words or contain spaces and quotes. The table goes into the connection's
 * current schema (a {@link TestDatabase}'s {@link TestDatabase#schema()}). Immutable.
 *
 * <pre>{@code
 * TableDefinition t = new TableDefinition(Engine.POSTGRESQL, "orders",
 *         List.of(new ColumnDefinition("id", SqlTypes.of(Engine.POSTGRESQL).get(3), false)), List.of("id"));
 * db.execute(t.createStatements().toArray(String[]::new));
 * }</pre>
 *
 * @param engine     the engine whose DDL is produced
 * @param name       the table's name
 * @param columns    the columns in order; names are distinct ignoring case (MariaDB ignores it)
 * @param primaryKey the names of the primary key columns, in key order; may be empty
 */
public record TableDefinition(Engine engine, String name, List<ColumnDefinition> columns, List<String> primaryKey) {

    /** Where a placeholder names the type of its column (a PostgreSQL enum type that the table's DDL creates). */
    static final String TYPE_NAME = "{type}";

    public TableDefinition {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        Set<String> seen = new HashSet<>();
        for (ColumnDefinition c : columns) {
            if (c.type().engine() != engine) {
                throw new IllegalArgumentException("column " + c.name() + " has a type of " + c.type().engine() + ", not " + engine);
            }
            if (!seen.add(c.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("two columns named " + c.name() + " (names must differ ignoring case)");
            }
        }
        for (String k : primaryKey) {
            ColumnDefinition c = columns.stream().filter(x -> x.name().equals(k)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("primary key column " + k + " is not a column"));
            if (c.nullable()) {
                throw new IllegalArgumentException("primary key column " + k + " is nullable");
            }
        }
    }

    /** The column of that name. */
    public ColumnDefinition column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no column " + columnName + " in " + name));
    }

    /** The index of each primary key column among {@link #columns()}. */
    public int[] keyIndexes() {
        int[] out = new int[primaryKey.size()];
        for (int i = 0; i < out.length; i++) {
            String k = primaryKey.get(i);
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).name().equals(k)) {
                    out[i] = c;
                }
            }
        }
        return out;
    }

    /** The name quoted for the engine. */
    public String quote(String identifier) {
        return quote(engine, identifier);
    }

    /** An identifier quoted for an engine: {@code "a""b"} for PostgreSQL and H2, {@code `a``b`} for MariaDB and MySQL. */
    public static String quote(Engine engine, String identifier) {
        return switch (engine) {
            case MARIADB, MYSQL -> '`' + identifier.replace("`", "``") + '`';
            case POSTGRESQL, H2 -> '"' + identifier.replace("\"", "\"\"") + '"';
        };
    }

    /**
     * The statements that create the table (and, in PostgreSQL, the enum types of its columns), in
     * order. MariaDB tables use utf8mb4 with a binary collation that does not pad, so that text
     * keys are distinct exactly when they are in PostgreSQL and H2.
     */
    public List<String> createStatements() {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder("CREATE TABLE ").append(quote(name)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            ColumnDefinition c = columns.get(i);
            String type = c.type().ddl();
            var createType = c.type().createType(quote(typeName(i)));
            if (createType.isPresent()) {
                out.add(createType.get());
                type = quote(typeName(i));
            }
            b.append(i == 0 ? "" : ", ").append(quote(c.name())).append(' ').append(type).append(c.nullable() ? " NULL" : " NOT NULL");
        }
        if (!primaryKey.isEmpty()) {
            b.append(", PRIMARY KEY (").append(primaryKey.stream().map(this::quote).collect(Collectors.joining(", "))).append(')');
        }
        b.append(')');
        if (engine == Engine.MARIADB || engine == Engine.MYSQL) {
            b.append(" CHARACTER SET utf8mb4 COLLATE ").append(engine == Engine.MARIADB ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin");
        }
        out.add(b.toString());
        return out;
    }

    /** The parameterized INSERT of one row: a placeholder per column, in column order (see {@link SqlType#placeholder()}). */
    public String insertStatement() {
        StringBuilder b = new StringBuilder("INSERT INTO ").append(quote(name)).append(" (")
                .append(columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "))).append(") VALUES (");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(columns.get(i).type().placeholder().replace(TYPE_NAME, quote(typeName(i))));
        }
        return b.append(')').toString();
    }

    /** The name of the PostgreSQL enum type of the i-th column: the table's name, cut to fit, and the column's index. */
    private String typeName(int column) {
        String base = name.length() > 50 ? name.substring(0, 50) : name;
        return base + "_t" + column;
    }

    @Override
    public String toString() {
        return engine + " table " + name + " " + columns + (primaryKey.isEmpty() ? "" : " key " + primaryKey);
    }
}
