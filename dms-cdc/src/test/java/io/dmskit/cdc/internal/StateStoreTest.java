package io.dmskit.cdc.internal;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateStoreTest {

    private static Path file(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "state-store-test"));
        Path f = dir.resolve(name + "-" + System.nanoTime() + ".state");
        Files.deleteIfExists(f);
        return f;
    }

    @Test
    void fileStoreKeepsOffsetsAndHistoryPerTaskAcrossReopening() throws Exception {
        Path f = file("keeps");
        try (FileStateStore store = new FileStateStore(f)) {
            assertThat(store.offsets("a")).isEmpty();
            store.putOffsets("a", Map.of("[\"k\"]", "{\"lsn\":1}"));
            store.putOffsets("a", Map.of("[\"k\"]", "{\"lsn\":2}", "other key\nwith a newline", "v"));
            store.putOffsets("b", Map.of("[\"k\"]", "{\"b\":true}"));
            store.appendHistory("a", "{\"ddl\":\"CREATE TABLE t (x int)\"}");
            store.appendHistory("a", "line\nbreaks and spaces");
        }
        try (FileStateStore store = new FileStateStore(f)) {
            assertThat(store.offsets("a")).isEqualTo(Map.of("[\"k\"]", "{\"lsn\":2}", "other key\nwith a newline", "v"));
            assertThat(store.history("a")).containsExactly("{\"ddl\":\"CREATE TABLE t (x int)\"}", "line\nbreaks and spaces");
            Map<String, String> remove = new HashMap<>();
            remove.put("other key\nwith a newline", null);
            store.putOffsets("a", remove);
            assertThat(store.offsets("a")).containsOnlyKeys("[\"k\"]");
            store.deleteTask("a");
            assertThat(store.offsets("a")).isEmpty();
            assertThat(store.history("a")).isEmpty();
            assertThat(store.offsets("b")).containsEntry("[\"k\"]", "{\"b\":true}");
        }
        assertThat(Files.exists(f.resolveSibling(f.getFileName() + ".tmp"))).isFalse();
    }

    @Test
    void aFileThatIsNotAStateFileIsRefused() throws Exception {
        Path f = file("foreign");
        Files.writeString(f, "hello\n");
        try (FileStateStore store = new FileStateStore(f)) {
            assertThatThrownBy(() -> store.offsets("a")).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("is not a dmskit change capture state file");
        }
        assertThat(Files.readAllLines(f)).isEqualTo(List.of("hello"));
    }

    @Test
    void jdbcUrlsGiveDebeziumItsHostPortAndDatabase() {
        assertThat(JdbcUrl.parse("jdbc:postgresql://db.example:6543/shop?user=app&sslmode=require", 5432))
                .isEqualTo(new JdbcUrl("db.example", 6543, "shop", Map.of("user", "app", "sslmode", "require")));
        assertThat(JdbcUrl.parse("jdbc:mariadb://127.0.0.1/?user=root", 3306))
                .isEqualTo(new JdbcUrl("127.0.0.1", 3306, "", Map.of("user", "root")));
        assertThat(JdbcUrl.parse("jdbc:postgresql://h1:5433,h2:5434/db", 5432).port()).isEqualTo(5433);
        assertThat(JdbcUrl.parse("jdbc:mysql://[::1]:3307/x", 3306)).isEqualTo(new JdbcUrl("::1", 3307, "x", Map.of()));
    }
}
