package io.dmskit.internal.cdc;

import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowConverter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RemappedFixersTest {

    /** Old layout (a, b, c): b's fixer upper-cases, c's fixer negates. */
    private static final RowConverter OLD = batch -> {
        for (int r = 0; r < batch.size(); r++) {
            Object[] row = batch.row(r);
            if (row[1] != null) {
                row[1] = ((String) row[1]).toUpperCase();
            }
            if (row[2] != null) {
                row[2] = -((Long) row[2]);
            }
        }
    };

    @Test
    void keepsTheOldFixersWhenEveryOldColumnKeepsItsPlace() {
        assertThat(RemappedFixers.of(OLD, List.of(0, 1, 2, -1), 3)).isSameAs(OLD);
        assertThat(RemappedFixers.of(null, List.of(0, -1), 3)).isNull();
    }

    @Test
    void fixesEachKeptColumnAtItsNewPlaceAndLeavesNewColumnsAlone() {
        // a dropped, c moved before b (renamed columns keep their old index), d added
        RowConverter fixers = RemappedFixers.of(OLD, List.of(2, 1, -1), 3);
        RowBatch batch = new RowBatch(2, 3);
        Object[] first = batch.addRow();
        first[0] = 5L;
        first[1] = "x";
        first[2] = "new";
        Object[] second = batch.addRow();
        second[0] = null;
        second[1] = "y";
        second[2] = null;
        fixers.convert(batch);
        assertThat(batch.row(0)).containsExactly(-5L, "X", "new");
        assertThat(batch.row(1)).containsExactly(null, "Y", null);
    }
}
