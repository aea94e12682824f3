package io.dmskit.internal.cdc;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TaskSettings;
import io.dmskit.ValidationMode;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.schema.TableId;
import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dialects' change statements, and what a CDC task's builder checks; no database. */
class ChangeSqlTest {
    private static final TableId T = TableId.of("s", "t");
    private static final List<String> COLS = List.of("id", "a", "b");
    private static final List<String> VALS = List.of("?", "?", "?");

    private static Dialect dialect(String engine) {
        return Dialects.forEngine(engine).orElseThrow();
    }

    @Test
    void upsertIsEachEnginesOwnForm() {
        assertThat(dialect("postgresql").upsert(T, COLS, VALS, List.of("id")))
                .isEqualTo("INSERT INTO \"s\".\"t\" (\"id\", \"a\", \"b\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO UPDATE SET"
                        + " \"a\" = EXCLUDED.\"a\", \"b\" = EXCLUDED.\"b\"");
        assertThat(dialect("mariadb").upsert(T, COLS, VALS, List.of("id")))
                .isEqualTo("INSERT INTO `s`.`t` (`id`, `a`, `b`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `a` = VALUES(`a`), `b` = VALUES(`b`)");
        assertThat(dialect("mysql").upsert(T, List.of("id"), List.of("?"), List.of("id")))
                .isEqualTo("INSERT INTO `s`.`t` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id` = VALUES(`id`)");
        assertThat(dialect("h2").upsert(T, COLS, List.of("?", "? FORMAT JSON", "?"), List.of("id")))
                .isEqualTo("MERGE INTO \"s\".\"t\" (\"id\", \"a\", \"b\") KEY (\"id\") VALUES (?, ? FORMAT JSON, ?)");
        assertThat(dialect("postgresql").upsert(T, List.of("id", "a"), List.of("?", "?"), List.of("id", "a")))
                .isEqualTo("INSERT INTO \"s\".\"t\" (\"id\", \"a\") VALUES (?, ?) ON CONFLICT (\"id\", \"a\") DO NOTHING");
    }

    @Test
    void theStandardFormsAreTheInterfaceDefaults() {
        Dialect standard = new Dialect() {
            @Override
            public String engine() {
                return "other";
            }

            @Override
            public boolean handlesJdbcUrl(String jdbcUrl) {
                return false;
            }

            @Override
            public String quote(String identifier) {
                return "\"" + identifier + "\"";
            }

            @Override
            public int maxIdentifierLength() {
                return 63;
            }

            @Override
            public String currentSchema(java.sql.Connection connection) {
                return null;
            }

            @Override
            public io.dmskit.schema.Catalog readCatalog(java.sql.Connection connection, java.util.function.Predicate<TableId> filter) {
                return null;
            }

            @Override
            public io.dmskit.schema.DataType targetType(io.dmskit.schema.DataType sourceType) {
                return sourceType;
            }

            @Override
            public String nativeType(io.dmskit.schema.DataType type) {
                return type.nativeName();
            }

            @Override
            public List<String> createTable(io.dmskit.schema.Table table) {
                return List.of();
            }

            @Override
            public String dropTableIfExists(TableId id) {
                return "";
            }

            @Override
            public String truncateTable(TableId id) {
                return "";
            }

            @Override
            public String createSchemaIfNotExists(String schema) {
                return "";
            }
        };
        assertThat(standard.upsert(T, COLS, VALS, List.of("id")))
                .isEqualTo("MERGE INTO \"s\".\"t\" t USING (VALUES (?, ?, ?)) s (\"id\", \"a\", \"b\") ON t.\"id\" = s.\"id\""
                        + " WHEN MATCHED THEN UPDATE SET \"a\" = s.\"a\", \"b\" = s.\"b\" WHEN NOT MATCHED THEN INSERT"
                        + " (\"id\", \"a\", \"b\") VALUES (s.\"id\", s.\"a\", s.\"b\")");
        assertThat(standard.deleteByKey(T, List.of("id", "a"))).isEqualTo("DELETE FROM \"s\".\"t\" WHERE \"id\" = ? AND \"a\" = ?");
        assertThat(standard.updateByKey(T, List.of("b"), List.of("?"), List.of("id")))
                .isEqualTo("UPDATE \"s\".\"t\" SET \"b\" = ? WHERE \"id\" = ?");
        assertThatThrownBy(() -> standard.deleteOneRow(T, COLS)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("The other dialect cannot delete one row of several equal ones");
    }

    @Test
    void deleteOneRowMatchesNullsAndDeletesAtMostOneRow() {
        assertThat(dialect("postgresql").deleteOneRow(T, List.of("a", "b")))
                .isEqualTo("DELETE FROM \"s\".\"t\" WHERE ctid = (SELECT ctid FROM \"s\".\"t\" WHERE \"a\" IS NOT DISTINCT FROM ?"
                        + " AND \"b\" IS NOT DISTINCT FROM ? LIMIT 1)");
        assertThat(dialect("mariadb").deleteOneRow(T, List.of("a", "b")))
                .isEqualTo("DELETE FROM `s`.`t` WHERE `a` <=> ? AND `b` <=> ? LIMIT 1");
        assertThat(dialect("h2").deleteOneRow(T, List.of("a")))
                .isEqualTo("DELETE FROM \"s\".\"t\" WHERE \"a\" IS NOT DISTINCT FROM ? FETCH FIRST 1 ROWS ONLY");
    }

    @Test
    void aCdcTaskWithoutChangeCaptureOnTheClassPathNamesTheModuleToAdd() {
        Endpoint pg = Endpoint.jdbc("jdbc:postgresql://127.0.0.1/x").build();
        assertThatThrownBy(() -> ReplicationTask.builder().source(pg).target(pg).type(MigrationType.FULL_LOAD_AND_CDC).build())
                .hasMessage("Invalid replication task: type FULL_LOAD_AND_CDC needs change data capture of the source's engine:"
                        + " No change data capture for engine 'postgresql': no change source provider is on the class path"
                        + " (add io.dmskit:dms-cdc)");
    }

    @Test
    void builderReportsEveryCdcSettingThatDoesNotFitTheType() {
        Endpoint pg = Endpoint.jdbc("jdbc:postgresql://127.0.0.1/x").build();
        assertThatThrownBy(() -> ReplicationTask.builder().source(pg).target(pg).type(MigrationType.FULL_LOAD)
                .startPosition(SourcePosition.of("mariadb", "mysql-bin.000001:4"))
                .settings(TaskSettings.builder().stopAfterCachedChangesApplied(true).build()).build())
                .hasMessage("Invalid replication task: startPosition needs type CDC (a FULL_LOAD_AND_CDC task captures from the"
                        + " start of its load), type is FULL_LOAD; startPosition is a mariadb position but the source is postgresql;"
                        + " settings.stopAfterCachedChangesApplied needs type FULL_LOAD_AND_CDC, type is FULL_LOAD");
        assertThatThrownBy(() -> ReplicationTask.builder().source(pg).target(pg).type(MigrationType.CDC)
                .settings(TaskSettings.builder().validation(ValidationMode.ONLY).build()).build())
                .hasMessageContaining("validation ONLY is not available with type CDC: use ValidationMode.AFTER_FULL_LOAD"
                        + " (changed rows are re-validated after TaskSettings.revalidationDelay()) or NONE");
    }

    @Test
    void settingsCarryTheCdcOptions() {
        TaskSettings s = TaskSettings.builder().batchApply(true).applyBatchSize(500).stopAfterCachedChangesApplied(true).build();
        assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString()).contains("batchApply=true, applyBatchSize=500,"
                + " stopAfterCachedChangesApplied=true");
        assertThat(TaskSettings.defaults().batchApply()).isFalse();
        assertThat(TaskSettings.defaults().applyBatchSize()).isEqualTo(2_048);
        assertThatThrownBy(() -> TaskSettings.builder().applyBatchSize(0).build())
                .hasMessage("Invalid task settings: applyBatchSize must be from 1 to 1000000, was 0");
    }
}
