package io.dmskit.schema;

import java.util.List;
import java.util.Objects;

/**
 * A named enum type (PostgreSQL {@code CREATE TYPE name AS ENUM (...)}). MySQL's inline
 * {@code ENUM(...)} column types are not named types: they are {@link DataType#values()} of a
 * column's type. Immutable.
 *
 * @param id      schema and type name
 * @param labels  the labels in sort order
 * @param comment the type's comment, or null
 */
public record EnumType(TableId id, List<String> labels, String comment) {

    public EnumType {
        Objects.requireNonNull(id, "id");
        labels = List.copyOf(labels);
    }
}
