package io.dmskit.mysql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlEnginesTest {

    @Test
    void mariaDbEngineUsesTheMariaDbDialectAndLoadData() {
        MariaDbEngine engine = new MariaDbEngine();
        assertThat(engine.engine()).isEqualTo("mariadb");
        assertThat(engine.dialect().engine()).isEqualTo("mariadb");
        assertThat(engine.writer()).isInstanceOf(ChoosingWriter.class);
        assertThat(engine.reader()).isInstanceOf(MySqlSourceReader.class);
        assertThat(engine.driverProperties()).containsEntry("allowLocalInfile", "true")
                .containsEntry("tinyInt1isBit", "false").containsEntry("yearIsDateType", "false");
    }

    @Test
    void mariaDbWritesLargeObjectsInBatchesAndShortRowsWithLoadData() {
        var table = new io.dmskit.schema.Table(io.dmskit.schema.TableId.of("d", "t"), java.util.List.of(
                io.dmskit.schema.Column.of("id", io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.BIGINT), false),
                io.dmskit.schema.Column.of("b", io.dmskit.schema.DataType.of(io.dmskit.schema.TypeKind.BLOB), true)),
                java.util.List.of("id"), java.util.List.of(), -1);
        assertThat(ChoosingWriter.hasLargeObjects(new io.dmskit.spi.WriteRequest(table, table.columns()))).isTrue();
        assertThat(ChoosingWriter.hasLargeObjects(new io.dmskit.spi.WriteRequest(table, table.columns().subList(0, 1))))
                .isFalse();
    }

    @Test
    void mySqlEngineUsesTheMySqlDialectAndLoadData() {
        MySqlEngine engine = new MySqlEngine();
        assertThat(engine.engine()).isEqualTo("mysql");
        assertThat(engine.dialect().engine()).isEqualTo("mysql");
        assertThat(engine.writer()).isInstanceOf(MySqlLoadDataWriter.class);
        assertThat(engine.driverProperties()).containsEntry("allowLoadLocalInfile", "true")
                .containsEntry("rewriteBatchedStatements", "true")
                .containsEntry("tinyInt1isBit", "false").containsEntry("yearIsDateType", "false");
    }

    @Test
    void sessionsAreUtcStrictUtf8mb4WithoutForeignKeyChecksButWithUniqueChecks() {
        assertThat(new MariaDbEngine().sessionInitStatements()).containsExactly(
                "SET time_zone = '+00:00'",
                "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO,"
                        + "ERROR_FOR_DIVISION_BY_ZERO'",
                "SET NAMES utf8mb4",
                "SET foreign_key_checks = 0");
        assertThat(new MySqlEngine().sessionInitStatements()).isEqualTo(new MariaDbEngine().sessionInitStatements());
        assertThat(String.join(";", new MySqlEngine().sessionInitStatements())).doesNotContain("unique_checks")
                .doesNotContain("ANSI_QUOTES");
    }
}
