package io.dmskit.schema;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions that the dialects' type-mapping unit tests share. */
public final class DialectAssertions {

    private DialectAssertions() {
    }

    /**
     * That {@code dialect.targetType(source)} is of {@code kind} and spelled {@code spelling},
     * that {@code nativeType} spells it the same, and that {@code targetType} leaves it as it is.
     *
     * @param label the start of each assertion's description, for example {@code "mysql: "}, or empty
     */
    public static void assertMaps(Dialect dialect, String label, DataType source, TypeKind kind, String spelling) {
        DataType target = dialect.targetType(source);
        assertThat(target.kind()).as(label + "kind of %s", source).isEqualTo(kind);
        assertThat(target.nativeName()).as(label + "nativeName of %s", source).isEqualTo(spelling);
        assertThat(dialect.nativeType(target)).as(label + "nativeType of %s", source).isEqualTo(spelling);
        assertThat(dialect.targetType(target)).as(label + "targetType is idempotent on %s", source).isEqualTo(target);
    }
}
