package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.internal.InstanceAccess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationInstanceTest {

    @Test
    void segmentSlotsAreSharedByEveryTaskOfTheInstance() throws Exception {
        try (ReplicationInstance instance = ReplicationInstance.builder().name("slots").maxSegments(2).build()) {
            InstanceAccess.Lease a = InstanceAccess.tryLease(instance, 1_000, 10);
            InstanceAccess.Lease b = InstanceAccess.tryLease(instance, 1_000, 10);
            assertThat(a).isNotNull();
            assertThat(b).isNotNull();
            assertThat(InstanceAccess.tryLease(instance, 1_000, 10)).isNull();
            a.close();
            a.close(); // a second close gives nothing back twice
            InstanceAccess.Lease c = InstanceAccess.tryLease(instance, 1_000, 10);
            assertThat(c).isNotNull();
            assertThat(InstanceAccess.tryLease(instance, 1_000, 10)).isNull();
            b.close();
            c.close();
        }
    }

    @Test
    void memoryIsSharedAndALargeQueueTakesAtMostTheWholeBudget() throws Exception {
        try (ReplicationInstance instance = ReplicationInstance.builder().name("memory").memoryBytes(1L << 20).build()) {
            InstanceAccess.Lease a = InstanceAccess.tryLease(instance, 600L << 10, 10);
            assertThat(a).isNotNull();
            assertThat(InstanceAccess.tryLease(instance, 600L << 10, 10)).as("600 KiB more than the 1 MiB budget").isNull();
            InstanceAccess.Lease small = InstanceAccess.tryLease(instance, 400L << 10, 10);
            assertThat(small).isNotNull();
            a.close();
            small.close();
            InstanceAccess.Lease whole = InstanceAccess.tryLease(instance, 16L << 20, 10);
            assertThat(whole).as("a queue larger than the budget runs alone").isNotNull();
            assertThat(InstanceAccess.tryLease(instance, 1, 10)).isNull();
            whole.close();
        }
    }

    @Test
    void theSharedInstanceHasNoBudget() throws Exception {
        ReplicationInstance shared = ReplicationInstance.shared();
        assertThat(shared.maxSegments()).isEqualTo(Integer.MAX_VALUE);
        InstanceAccess.Lease lease = InstanceAccess.tryLease(shared, Long.MAX_VALUE, 10);
        assertThat(lease).isNotNull();
        lease.close();
    }

    @Test
    void everyInvalidSettingIsNamed() {
        assertThatThrownBy(() -> ReplicationInstance.builder().name(" ").maxSegments(0).memoryBytes(10).build())
                .isInstanceOf(DmsException.class)
                .hasMessage("Invalid replication instance: name must not be empty; maxSegments must be 1 or more, was 0;"
                        + " memoryBytes must be at least 65536 (64 KiB), was 10");
    }
}
