package io.dmskit.cdc;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SPI's {@link SourcePosition} (in dms-core): text forms, order, errors. */
class SourcePositionTest {

    private static SourcePosition pg(String text) {
        return SourcePosition.of("postgresql", text);
    }

    private static SourcePosition maria(String text) {
        return SourcePosition.of("mariadb", text);
    }

    @Test
    void postgresPositionsOrderByLastCommitThenPhaseThenLsn() {
        List<SourcePosition> inOrder = List.of(
                pg("-:0/30:-"),                 // the start, before any commit
                pg("-:0/40:INSERT:0/38"),       // first transaction
                pg("0/90"),                     // a plain LSN: between transactions
                pg("0/90:0/90:COMMIT"),         // the first transaction's end
                pg("0/90:0/50:BEGIN"),          // the next one began before it committed
                pg("0/90:0/50:INSERT"),
                pg("0/90:0/A0:UPDATE"),
                pg("0/F0:0/F0:COMMIT"),
                pg("1/0"));
        List<SourcePosition> shuffled = new ArrayList<>(inOrder);
        Collections.shuffle(shuffled, new java.util.Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).isEqualTo(inOrder);
        assertThat(pg("0/90").compareTo(pg("0/90:0/90:COMMIT"))).isNotZero();
    }

    @Test
    void mariadbPositionsOrderByFileNumberPositionEventsAndRows() {
        List<SourcePosition> inOrder = List.of(
                maria("mysql-bin.000009:4"),
                maria("mysql-bin.000009:700:2:1;0-1-5"),
                maria("mysql-bin.000009:700:2:2;0-1-5"),
                maria("mysql-bin.000009:700:4:1;0-1-5"),
                maria("mysql-bin.000010:4;0-1-6"),
                maria("mysql-bin.000100:4"));
        List<SourcePosition> shuffled = new ArrayList<>(inOrder);
        Collections.shuffle(shuffled, new java.util.Random(3));
        Collections.sort(shuffled);
        assertThat(shuffled).isEqualTo(inOrder);
        assertThat(maria("0-1-9").compareTo(maria("0-1-10"))).isNegative();
        assertThat(maria("0-1-9,1-1-1").compareTo(maria("0-1-9,1-1-2"))).isNegative();
    }

    @Test
    void textFormsAreCheckedAndErrorsNameTheExpectedForm() {
        assertThat(pg("16/B374D848").text()).isEqualTo("16/B374D848");
        assertThat(maria(" mysql-bin.000003:4567;0-1-5335 ").text()).isEqualTo("mysql-bin.000003:4567;0-1-5335");
        assertThat(SourcePosition.of("mysql", "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-77").engine()).isEqualTo("mysql");
        assertThatThrownBy(() -> pg("16-B374"))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessage("'16-B374' is not a postgresql source position: an LSN is two hexadecimal numbers separated by '/'."
                        + " Expected an LSN such as 0/16B3748, or COMMIT:LSN:KIND as a change source reports it.");
        assertThatThrownBy(() -> maria("mysql-bin.000003"))
                .hasMessage("'mysql-bin.000003' is not a mariadb source position: 'mysql-bin.000003' is neither FILE:POSITION,"
                        + " FILE:POSITION:EVENTS:ROWS nor a GTID set. Expected a binlog file and position such as"
                        + " mysql-bin.000003:4567, a GTID set such as 0-1-5335, or both as mysql-bin.000003:4567;0-1-5335.");
        assertThatThrownBy(() -> pg("0/1").compareTo(maria("0-1-1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStringFormParsesBackAndPositionsSerialize() throws Exception {
        SourcePosition p = maria("mysql-bin.000003:4567:2:1;0-1-5335");
        assertThat(p.toString()).isEqualTo("mariadb:mysql-bin.000003:4567:2:1;0-1-5335");
        assertThat(SourcePosition.parse(p.toString())).isEqualTo(p);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(pg("0/90:0/A0:UPDATE"));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(pg("0/90:0/A0:UPDATE"));
        }
    }
}
