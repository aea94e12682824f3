package io.dmskit.schema;

import java.util.Objects;

/**
 * The name of a table: schema and table name, exactly as the engine stores them (case kept).
 * For MySQL and MariaDB the schema is the database. Never quoted: quoting is the dialect's job.
 */
public record TableId(String schema, String name) implements Comparable<TableId> {

    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    public static TableId of(String schema, String name) {
        return new TableId(schema, name);
    }

    @Override
    public int compareTo(TableId o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }

    /** {@code schema.name}, unquoted: for messages, not for SQL. */
    @Override
    public String toString() {
        return schema + "." + name;
    }
}
