package io.dmskit.cdc.postgres;

import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresChangeSourceProviderTest {
    private final PostgresChangeSourceProvider provider = new PostgresChangeSourceProvider();

    @Test
    void walLevelOtherThanLogicalIsReportedWithTheSettingAndTheFix() {
        assertThat(PostgresChangeSourceProvider.problems(
                Map.of("wal_level", "replica", "max_replication_slots", "10", "max_wal_senders", "10"), "app", true))
                .containsExactly("wal_level is 'replica', but change data capture needs 'logical'. Set wal_level = logical in"
                        + " postgresql.conf (or run ALTER SYSTEM SET wal_level = logical) and restart PostgreSQL");
    }

    @Test
    void missingSlotsSendersAndReplicationRightAreEachReported() {
        assertThat(PostgresChangeSourceProvider.problems(
                Map.of("wal_level", "logical", "max_replication_slots", "0", "max_wal_senders", "0"), "app", false))
                .containsExactly(
                        "max_replication_slots is 0, but change data capture needs one per task. Set max_replication_slots = 10"
                                + " in postgresql.conf and restart PostgreSQL",
                        "max_wal_senders is 0, but change data capture needs one per task. Set max_wal_senders = 10"
                                + " in postgresql.conf and restart PostgreSQL",
                        "user 'app' may not start replication. Run ALTER ROLE \"app\" WITH REPLICATION (or connect as a superuser)");
    }

    @Test
    void aServerReadyForLogicalReplicationHasNoProblems() {
        assertThat(PostgresChangeSourceProvider.problems(
                Map.of("wal_level", "logical", "max_replication_slots", "10", "max_wal_senders", "10"), "postgres", true)).isEmpty();
    }

    @Test
    void slotNamesAreValidIdentifiersAndDistinguishSimilarTaskNames() {
        assertThat(PostgresChangeSourceProvider.slotName("A-b")).matches("dmskit_a_b_[0-9a-f]{8}")
                .isNotEqualTo(PostgresChangeSourceProvider.slotName("a_b"));
        assertThat(PostgresChangeSourceProvider.slotName("x".repeat(128))).matches("[a-z0-9_]{1,63}");
        assertThat(PostgresChangeSourceProvider.slotName("shop.orders")).isEqualTo(PostgresChangeSourceProvider.slotName("shop.orders"));
    }

    @Test
    void positionsAndDebeziumOffsetsTranslateBothWays() {
        Map<String, Object> inTx = Map.of("lsn", 0x1_0000_0010L, "lsn_proc", 0x1_0000_0010L, "lsn_commit", 0x0F00L,
                "messageType", "UPDATE", "txId", 771L, "ts_usec", 1L);
        SourcePosition p = provider.position(inTx);
        assertThat(p.text()).isEqualTo("0/F00:1/10:UPDATE");
        assertThat(provider.offset(p)).containsEntry("lsn", 0x1_0000_0010L).containsEntry("lsn_proc", 0x1_0000_0010L)
                .containsEntry("lsn_commit", 0x0F00L).containsEntry("messageType", "UPDATE");

        SourcePosition firstTx = provider.position(Map.of("lsn", 0x20L, "lsn_proc", 0x18L, "messageType", "INSERT"));
        assertThat(firstTx.text()).isEqualTo("-:0/20:INSERT:0/18");
        assertThat(provider.offset(firstTx)).containsEntry("lsn", 0x20L).containsEntry("lsn_proc", 0x18L)
                .doesNotContainKey("lsn_commit");

        SourcePosition heartbeat = provider.position(Map.of("lsn", 0x30L, "txId", 5L));
        assertThat(heartbeat.text()).isEqualTo("-:0/30:-");
        assertThat(provider.offset(heartbeat)).containsEntry("lsn", 0x30L).doesNotContainKeys("lsn_proc", "lsn_commit", "messageType");

        SourcePosition lsn = SourcePosition.of("postgresql", "16/B374D848");
        assertThat(provider.offset(lsn)).containsEntry("lsn", 0x16_B374_D848L).containsEntry("lsn_commit", 0x16_B374_D848L)
                .containsEntry("lsn_proc", 0x16_B374_D848L).containsEntry("messageType", "COMMIT");
    }

    @Test
    void aPositionIsAvailableWhileTheSlotConfirmedNoMoreThanItsHighestLsn() {
        assertThat(PostgresChangeSourceProvider.boundary("0/F00:1/10:UPDATE")).isEqualTo(0x1_0000_0010L);
        assertThat(PostgresChangeSourceProvider.boundary("-:0/20:INSERT:0/18")).isEqualTo(0x20L);
        assertThat(PostgresChangeSourceProvider.boundary("2/0")).isEqualTo(0x2_0000_0000L);
    }

    @Test
    void intervalsKeepEveryMicrosecond() throws Exception {
        assertThat(PgExactValues.text(new PGInterval("1 year 2 mons 3 days 04:05:06.789"))).isEqualTo("14 3 14706789000");
        assertThat(PgExactValues.text(new PGInterval("1.999999 secs"))).isEqualTo("0 0 1999999");
        assertThat(PgExactValues.text(new PGInterval("-1 days -00:00:00.000001"))).isEqualTo("0 -1 -1");
    }
}
