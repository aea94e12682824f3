package io.dmskit.internal.cdc;

import io.dmskit.DdlPolicy;
import io.dmskit.TableMapping;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.h2.H2Dialect;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The statements that give a target column a new type (ALTER_COLUMN_TYPE), per target dialect. */
class DdlApplierTest {
    private static final TableId T = TableId.of("s", "it's");

    private static DdlApplier applier(Dialect dialect) {
        return new DdlApplier("t1", TableMapping.builder().include("s", "%").build(), dialect, k -> DdlPolicy.APPLY);
    }

    @Test
    void postgresConvertsTheValuesWithACast() {
        Column qty = new Column("qty", DataType.of(TypeKind.INTEGER), true, "0", false);
        assertThat(applier(new PostgresDialect()).alterType(T, qty, DataType.of(TypeKind.BIGINT)))
                .isEqualTo("ALTER TABLE \"s\".\"it's\" ALTER COLUMN \"qty\" TYPE bigint USING \"qty\"::bigint");
    }

    @Test
    void mariaDbRestatesNullabilityLiteralDefaultAndAutoIncrement() {
        Column name = new Column("name", DataType.ofLength(TypeKind.VARCHAR, 10), false, "'x'", false);
        assertThat(applier(new MariaDbDialect()).alterType(T, name, DataType.ofLength(TypeKind.VARCHAR, 50)))
                .isEqualTo("ALTER TABLE `s`.`it's` MODIFY COLUMN `name` varchar(50) NOT NULL DEFAULT 'x'");
        Column id = new Column("id", DataType.of(TypeKind.INTEGER), false, null, true);
        assertThat(applier(new MariaDbDialect()).alterType(T, id, DataType.of(TypeKind.BIGINT)))
                .isEqualTo("ALTER TABLE `s`.`it's` MODIFY COLUMN `id` bigint NOT NULL AUTO_INCREMENT");
    }

    @Test
    void otherDialectsUseTheStandardSetDataType() {
        Column qty = Column.of("qty", DataType.of(TypeKind.INTEGER), true);
        assertThat(applier(new H2Dialect()).alterType(T, qty, DataType.of(TypeKind.BIGINT)))
                .isEqualTo("ALTER TABLE \"s\".\"it's\" ALTER COLUMN \"qty\" SET DATA TYPE BIGINT");
    }
}
