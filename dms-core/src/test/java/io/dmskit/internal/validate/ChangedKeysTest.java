package io.dmskit.internal.validate;

import io.dmskit.internal.cdc.ChangedKeys;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bookkeeping of CDC re-validation, with explicit times (nanoseconds; the delay is 100). */
class ChangedKeysTest {
    private static final TableId ITEMS = TableId.of("s", "items");
    private static final TableId NOTES = TableId.of("s", "notes");
    private static final List<String> COLUMNS = List.of("id", "v");

    private static ChangeEvent update(TableId t, long id, Instant commit) {
        return ChangeEvent.update(t, COLUMNS, new Object[]{id, 1}, new Object[]{id, 2}, "tx", commit,
                SourcePosition.of("postgresql", "0/16B3748"));
    }

    private static ChangedKeys keys(int max) {
        ChangedKeys k = new ChangedKeys(100, max);
        k.track(ITEMS, "id");
        k.track(NOTES, null);
        return k;
    }

    @Test
    void aKeyIsDueOnlyOnceUnchangedForTheDelay() {
        ChangedKeys k = keys(10);
        k.applied(List.of(update(ITEMS, 7, Instant.EPOCH)), 0);
        k.applied(List.of(update(ITEMS, 7, Instant.EPOCH)), 50);
        assertThat(k.takeDue(120)).isEmpty();
        assertThat(k.takeDue(150)).containsExactly(new ChangedKeys.Due(ITEMS, List.of(BigInteger.valueOf(7)), false));
        assertThat(k.takeDue(300)).isEmpty();
    }

    @Test
    void aTableWithoutAnIntegerKeyOrPastTheCapIsComparedWholeOnceQuiet() {
        ChangedKeys k = keys(2);
        k.applied(List.of(update(NOTES, 1, Instant.EPOCH), update(ITEMS, 1, Instant.EPOCH), update(ITEMS, 2, Instant.EPOCH),
                update(ITEMS, 3, Instant.EPOCH)), 0);
        assertThat(k.takeDue(100)).containsExactlyInAnyOrder(new ChangedKeys.Due(ITEMS, List.of(), true),
                new ChangedKeys.Due(NOTES, List.of(), true));
    }

    @Test
    void aDifferenceIsConfirmedOnlyAfterALaterSourceChangeWasApplied() {
        ChangedKeys k = keys(10);
        BigInteger seven = BigInteger.valueOf(7);
        assertThat(k.confirm(ITEMS, seven, 0)).isFalse();
        assertThat(k.takeDue(100)).containsExactly(new ChangedKeys.Due(ITEMS, List.of(seven), false));
        assertThat(k.confirm(ITEMS, seven, 100)).as("nothing applied since").isFalse();
        k.applied(List.of(update(ITEMS, 8, Instant.now().plusSeconds(1))), 150);
        assertThat(k.changedSince(ITEMS, seven, 100)).isFalse();
        assertThat(k.changedSince(ITEMS, BigInteger.valueOf(8), 100)).isTrue();
        assertThat(k.confirm(ITEMS, seven, 200)).isTrue();
    }
}
