package io.dmskit.schema;

import java.util.List;

/** Logical source types as the catalog readers produce them, for the type-mapping unit tests. */
public final class TypeFixtures {

    private TypeFixtures() {
    }

    public static DataType t(TypeKind kind) {
        return DataType.of(kind);
    }

    public static DataType unsigned(TypeKind kind) {
        return DataType.of(kind).withUnsigned(true);
    }

    public static DataType len(TypeKind kind, int length) {
        return DataType.ofLength(kind, length);
    }

    public static DataType dec(int precision, int scale) {
        return DataType.decimal(precision, scale);
    }

    public static DataType tm(TypeKind kind, int digits) {
        return DataType.temporal(kind, digits);
    }

    public static DataType named(DataType type, String nativeName) {
        return type.withNativeName(nativeName);
    }

    public static DataType enumOf(String... labels) {
        return DataType.enumOf(List.of(labels));
    }

    public static DataType setOf(String... labels) {
        return DataType.setOf(List.of(labels));
    }

    public static Table table(String schema, String name, List<Column> columns, List<String> pk, List<List<String>> uniques) {
        return new Table(TableId.of(schema, name), columns, pk, uniques, -1);
    }

    public static Column col(String name, DataType type) {
        return Column.of(name, type, true);
    }

    public static Column notNull(String name, DataType type) {
        return Column.of(name, type, false);
    }
}
