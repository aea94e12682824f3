package io.dmskit.cdc.mariadb;

import io.dmskit.Endpoint;
import io.dmskit.cdc.internal.JdbcUrl;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.ChangeStateStorage;
import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbChangeSourceProviderTest {
    private final MariaDbChangeSourceProvider provider = new MariaDbChangeSourceProvider();

    @Test
    void binlogOffIsReportedWithTheSettingAndTheFix() {
        assertThat(MariaDbChangeSourceProvider.problems("0", "ROW", "FULL")).containsExactly(
                "the binary log is off (log_bin is '0'), but change data capture reads it. Set log_bin = mysql-bin and"
                        + " server_id = 1 under [mariadb] in the server's configuration and restart MariaDB");
    }

    @Test
    void statementOrMixedFormatAndMinimalImagesAreReported() {
        assertThat(MariaDbChangeSourceProvider.problems("ON", "MIXED", "MINIMAL")).containsExactly(
                "binlog_format is 'MIXED', but change data capture needs ROW. Set binlog_format = ROW in the server's"
                        + " configuration (SET GLOBAL binlog_format = 'ROW' changes it until the next restart, for new sessions)",
                "binlog_row_image is 'MINIMAL', but change data capture needs FULL (every column before and after each change)."
                        + " Set binlog_row_image = FULL in the server's configuration (SET GLOBAL binlog_row_image = 'FULL' changes it"
                        + " until the next restart, for new sessions)");
    }

    @Test
    void aRowBasedFullImageBinlogHasNoProblems() {
        assertThat(MariaDbChangeSourceProvider.problems("1", "ROW", "FULL")).isEmpty();
        assertThat(MariaDbChangeSourceProvider.problems("ON", "row", "full")).isEmpty();
    }

    @Test
    void positionsAndDebeziumOffsetsTranslateBothWays() {
        Map<String, Object> offset = Map.of("file", "mysql-bin.000022", "pos", 703446595L, "event", 2L, "row", 1,
                "gtids", "0-1-5973", "server_id", 1L, "transaction_id", "0-1-5974");
        SourcePosition p = provider.position(offset);
        assertThat(p.text()).isEqualTo("mysql-bin.000022:703446595:2:1;0-1-5973");
        assertThat(provider.offset(p)).isEqualTo(Map.of("file", "mysql-bin.000022", "pos", 703446595L, "event", 2L,
                "row", 1, "gtids", "0-1-5973"));
        SourcePosition boundary = provider.position(Map.of("file", "mysql-bin.000022", "pos", 9L, "event", 0L, "row", 0));
        assertThat(boundary.text()).isEqualTo("mysql-bin.000022:9");
        assertThat(provider.offset(SourcePosition.of("mariadb", "0-1-77,1-2-3"))).isEqualTo(Map.of("gtids", "0-1-77,1-2-3"));
    }

    @Test
    void serverIdsAreStablePerTaskAndOutsideTheUsualRange() {
        assertThat(MariaDbChangeSourceProvider.serverId("shop")).isEqualTo(MariaDbChangeSourceProvider.serverId("shop"))
                .isNotEqualTo(MariaDbChangeSourceProvider.serverId("shop2")).isBetween(100_000L, 100_000L + 0x3FFFFFFFL);
    }

    @Test
    void stateTablesOnTheSourceServerAreRecognised() {
        Endpoint source = Endpoint.jdbc("jdbc:mariadb://127.0.0.1:3306/shop").build();
        JdbcUrl url = JdbcUrl.parse(source.jdbcUrl(), 3306);
        ChangeSourceRequest.Builder b = ChangeSourceRequest.builder().source(source).taskName("t").table(TableId.of("shop", "a"));
        assertThat(MariaDbChangeSourceProvider.stateOnSourceServer(b.stateStorage(ChangeStateStorage.jdbc(
                Endpoint.jdbc("jdbc:mariadb://localhost/other").build())).build(), url)).isTrue();
        assertThat(MariaDbChangeSourceProvider.stateOnSourceServer(b.stateStorage(ChangeStateStorage.jdbc(
                Endpoint.jdbc("jdbc:postgresql://db2:5432/target").build())).build(), url)).isFalse();
        assertThat(MariaDbChangeSourceProvider.stateOnSourceServer(b.stateStorage(ChangeStateStorage.file(Path.of("x.state"))).build(), url))
                .isFalse();
    }
}
