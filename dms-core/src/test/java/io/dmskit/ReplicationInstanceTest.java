package io.dmskit;

import io.dmskit.error.DmsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationInstanceTest {

    @Test
    void segmentSlotsAreSharedByEveryTaskOfTheInstance() throws Exception {
        try (ReplicationInstance instance = ReplicationInstance.builder().name("slots").maxSegments(2).build()) {
            ReplicationInstance.Lease a = instance.tryLease(1_000, 10);
            ReplicationInstance.Lease b = instance.tryLease(1_000, 10);
            assertThat(a).isNotNull();
            assertThat(b).isNotNull();
            assertThat(instance.tryLease(1_000, 10)).isNull();
            a.close();
            a.close(); // a second close gives nothing back twice
            ReplicationInstance.Lease c = instance.tryLease(1_000, 10);
            assertThat(c).isNotNull();
            assertThat(instance.tryLease(1_000, 10)).isNull();
            b.close();
            c.close();
        }
    }

    @Test
    void memoryIsSharedAndALargeQueueTakesAtMostTheWholeBudget() throws Exception {
        try (ReplicationInstance instance = ReplicationInstance.builder().name("memory").memoryBytes(1L << 20).build()) {
            ReplicationInstance.Lease a = instance.tryLease(600L << 10, 10);
            assertThat(a).isNotNull();
            assertThat(instance.tryLease(600L << 10, 10)).as("600 KiB more than the 1 MiB budget").isNull();
            ReplicationInstance.Lease small = instance.tryLease(400L << 10, 10);
            assertThat(small).isNotNull();
            a.close();
            small.close();
            ReplicationInstance.Lease whole = instance.tryLease(16L << 20, 10);
            assertThat(whole).as("a queue larger than the budget runs alone").isNotNull();
            assertThat(instance.tryLease(1, 10)).isNull();
            whole.close();
        }
    }

    @Test
    void theSharedInstanceHasNoBudget() throws Exception {
        ReplicationInstance shared = ReplicationInstance.shared();
        assertThat(shared.maxSegments()).isEqualTo(Integer.MAX_VALUE);
        ReplicationInstance.Lease lease = shared.tryLease(Long.MAX_VALUE, 10);
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
