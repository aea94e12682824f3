package io.dmskit.cdc;

import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeBatch;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.ChangeSourceProvider;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The change SPI's value types and lookup, as dms-cdc uses them. */
class ChangeSpiTest {
    private static final SourcePosition AT = SourcePosition.of("postgresql", "0/10:0/20:INSERT");

    @Test
    void eventsAreImmutableCopiesOfTheirImages() {
        Object[] after = {1L, new byte[] {1, 2}};
        ChangeEvent e = ChangeEvent.insert(TableId.of("s", "t"), List.of("id", "b"), after, "7", Instant.EPOCH, AT);
        after[0] = 99L;
        assertThat(e.after(0)).isEqualTo(1L);
        e.afterImage()[0] = 98L;
        assertThat(e.after(0)).isEqualTo(1L);
        assertThat(e.hasBefore()).isFalse();
        assertThatThrownBy(() -> e.before(0)).isInstanceOf(IllegalStateException.class).hasMessage("INSERT of s.t has no before image");
        assertThat(e.toString()).isEqualTo("INSERT s.t @0/10:0/20:INSERT tx=7 after={id=1, b=0x0102}");
        assertThat(e).isEqualTo(ChangeEvent.insert(TableId.of("s", "t"), List.of("id", "b"), new Object[] {1L, new byte[] {1, 2}},
                "7", Instant.EPOCH, AT));
        assertThatThrownBy(() -> ChangeEvent.delete(TableId.of("s", "t"), List.of("id", "b"), new Object[] {1L}, null, Instant.EPOCH, AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("before image has 1 values for 2 columns");
        ChangeEvent u = ChangeEvent.update(TableId.of("s", "t"), List.of("id"), null, new Object[] {ChangeEvent.UNAVAILABLE}, null,
                Instant.EPOCH, AT);
        assertThat(u.hasBefore()).isFalse();
        assertThat(u.after(0)).isSameAs(ChangeEvent.UNAVAILABLE);
        assertThat(ChangeBatch.empty(AT).endsTransaction()).isTrue();
    }

    @Test
    void aRequestReportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ChangeSourceRequest.builder().taskName("bad name!").maxBatchSize(0).startAt(null).build())
                .isInstanceOf(DmsException.class)
                .hasMessage("Invalid change source request of task 'bad name!': source is required; taskName must be 1 to 128"
                        + " letters, digits, '_', '.' or '-', starting with a letter or digit, was 'bad name!'; tables must name at least"
                        + " one table to capture; startAt needs a position; use startNow() to start from now; stateStorage is required:"
                        + " ChangeStateStorage.jdbc(endpoint) or ChangeStateStorage.file(path); maxBatchSize must be at least 1, was 0");
        Endpoint maria = Endpoint.jdbc("jdbc:mariadb://127.0.0.1/x").build();
        assertThatThrownBy(() -> ChangeSourceRequest.builder().source(maria).taskName("t").table(TableId.of("x", "y"))
                .stateStorage(io.dmskit.spi.ChangeStateStorage.jdbc(maria)).startAt(AT).build())
                .hasMessageContaining("the start position is a postgresql position but the source is mariadb");
    }

    @Test
    void providersAreFoundByEngineName() {
        assertThat(ChangeSourceProvider.forEngine("postgresql").engine()).isEqualTo("postgresql");
        assertThat(ChangeSourceProvider.forEngine("mariadb").engine()).isEqualTo("mariadb");
        assertThatThrownBy(() -> ChangeSourceProvider.forEngine("h2"))
                .hasMessage("No change data capture for engine 'h2'; change sources are available for mariadb, postgresql");
    }
}
