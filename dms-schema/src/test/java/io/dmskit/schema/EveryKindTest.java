package io.dmskit.schema;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.h2.H2Dialect;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.mysql.MySqlDialect;
import io.dmskit.schema.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Every kind of the logical type system either maps into every engine or fails with UNSUPPORTED_TYPE, never otherwise. */
class EveryKindTest {

    static DataType sample(TypeKind kind) {
        switch (kind) {
            case DECIMAL: return DataType.decimal(10, 2);
            case CHAR, VARCHAR: return DataType.ofLength(kind, 10);
            case BINARY: return DataType.ofLength(kind, 4);
            case VARBINARY: return DataType.ofLength(kind, 10);
            case BIT: return DataType.ofLength(kind, 5);
            case TIME, TIME_TZ, TIMESTAMP, TIMESTAMP_TZ, INTERVAL: return DataType.temporal(kind, 3);
            case ENUM: return DataType.enumOf(List.of("a", "b"));
            case SET: return DataType.setOf(List.of("a", "b"));
            case ARRAY: return DataType.arrayOf(DataType.of(TypeKind.INTEGER));
            case UNSUPPORTED: return DataType.unsupported("geometry");
            default: return DataType.of(kind);
        }
    }

    @Test
    void everyKindMapsOrFailsWithUnsupportedType() {
        Map<Dialect, Set<TypeKind>> unsupported = Map.of(
                new PostgresDialect(), EnumSet.of(TypeKind.UNSUPPORTED),
                new MySqlDialect(), EnumSet.of(TypeKind.TIME_TZ, TypeKind.UNSUPPORTED),
                new MariaDbDialect(), EnumSet.of(TypeKind.TIME_TZ, TypeKind.UNSUPPORTED),
                new H2Dialect(), EnumSet.of(TypeKind.UNSUPPORTED));
        unsupported.forEach((dialect, expected) -> {
            Set<TypeKind> failed = EnumSet.noneOf(TypeKind.class);
            List<Column> columns = new ArrayList<>();
            for (TypeKind kind : TypeKind.values()) {
                try {
                    DataType target = dialect.targetType(sample(kind));
                    assertThat(dialect.nativeType(target)).as("%s: %s", dialect.engine(), kind).isNotBlank();
                    columns.add(Column.of("c_" + kind.name().toLowerCase(java.util.Locale.ROOT), sample(kind), true));
                } catch (DmsException e) {
                    assertThat(e.code()).as("%s: %s", dialect.engine(), kind).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
                    failed.add(kind);
                } catch (RuntimeException e) {
                    fail(dialect.engine() + ": " + kind + " failed with " + e, e);
                }
            }
            assertThat(failed).as(dialect.engine()).isEqualTo(expected);
            Table table = new Table(TableId.of("s", "every_kind"), columns, List.of(), List.of(), -1);
            assertThat(dialect.createTable(dialect.targetTable(table))).as(dialect.engine()).hasSize(1);
        });
    }
}
