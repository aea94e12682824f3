package io.dmskit.testkit.data;

import java.util.Objects;

/**
 * A column of a {@link TableDefinition}: its name (used as is and always quoted), its type and
 * whether it accepts NULL. Immutable.
 */
public record ColumnDefinition(String name, SqlType type, boolean nullable) {
    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return name + " " + type.ddl() + (nullable ? "" : " NOT NULL");
    }
}
