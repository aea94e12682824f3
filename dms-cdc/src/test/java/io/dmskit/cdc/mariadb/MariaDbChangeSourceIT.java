package io.dmskit.cdc.mariadb;

import io.dmskit.schema.TypeKind;
import io.dmskit.schema.ZeroDate;

import io.dmskit.cdc.CdcTesting;
import io.dmskit.cdc.FullLoadRows;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Interval;
import io.dmskit.spi.ChangeBatch;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.ChangeSource;
import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Change capture on the real MariaDB: values, order, transactions, positions, schema history. */
class MariaDbChangeSourceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static MariaSource maria;

    @BeforeAll
    static void setUp() throws Exception {
        maria = new MariaSource();
    }

    @AfterAll
    static void tearDown() throws Exception {
        maria.close();
    }

    /** UUIDs of every version and variant arrive as the full load reads them (MariaDB stores versions 1 to 5 reordered). */
    @Test
    void uuidsOfEveryVersionArriveExactly() throws Exception {
        maria.execute("CREATE TABLE odd (id int PRIMARY KEY, u uuid, e enum('a', 'b'))");
        String task = maria.task("mdb_odd");
        try (ChangeSource source = maria.open(maria.request(task, "odd").startNow())) {
            maria.execute("INSERT INTO odd VALUES (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a'),"
                    + " (2, '01890a5d-ac96-8b3e-bb6d-6bb9bd380a11', 'b'), (3, 'a0eebc99-9c0b-fef8-fb6d-6bb9bd380a11', NULL),"
                    + " (4, '00000000-0000-0000-0000-000000000000', NULL)");
            Map<Object, Object[]> loaded = FullLoadRows.read(maria.endpoint, maria.table("odd"));
            List<ChangeEvent> events = CdcTesting.events(CdcTesting.pollBatches(source, 4, WAIT, true));
            List<String> columns = events.get(0).columns();
            for (ChangeEvent e : events) {
                Object id = e.after(columns.indexOf("id"));
                assertThat(FullLoadRows.differences(columns, e.afterImage(), loaded.get(id))).as("row " + id).isEmpty();
            }
            assertThat(events.get(1).after(columns.indexOf("u"))).isEqualTo(UUID.fromString("01890a5d-ac96-8b3e-bb6d-6bb9bd380a11"));
        }
    }

    /**
     * Debezium's binlog decoder turns a zero date into NULL (and a zero TIMESTAMP into the epoch):
     * where the column tells that it was a zero date, it arrives as a ZeroDate for the type rules.
     */
    @Test
    void zeroDatesArriveAsZeroDatesWhereTheColumnTellsThem() throws Exception {
        maria.execute("CREATE TABLE zd (id int PRIMARY KEY, d date NOT NULL, dn date NULL, dt datetime NOT NULL,"
                + " ts timestamp NOT NULL DEFAULT '2000-01-01 00:00:00', tn timestamp NULL)");
        String task = maria.task("mdb_zero");
        try (ChangeSource source = maria.open(maria.request(task, "zd").startNow())) {
            maria.execute("SET STATEMENT sql_mode = '' FOR INSERT INTO zd VALUES (1, '0000-00-00', '0000-00-00',"
                            + " '0000-00-00 00:00:00', '0000-00-00 00:00:00', NULL)",
                    "INSERT INTO zd VALUES (2, '2024-01-02', NULL, '2024-01-02 03:04:05', '2024-01-02 03:04:05', NULL)");
            List<ChangeEvent> events = CdcTesting.events(CdcTesting.pollBatches(source, 2, WAIT, true));
            List<String> columns = events.get(0).columns();
            ChangeEvent zero = events.get(0);
            assertThat(zero.after(columns.indexOf("d"))).isEqualTo(new ZeroDate("0000-00-00", TypeKind.DATE));
            assertThat(zero.after(columns.indexOf("dt"))).isEqualTo(new ZeroDate("0000-00-00 00:00:00", TypeKind.TIMESTAMP));
            assertThat(zero.after(columns.indexOf("ts"))).isEqualTo(new ZeroDate("0000-00-00 00:00:00", TypeKind.TIMESTAMP_TZ));
            // a nullable DATE's zero date cannot be told from NULL in the binlog
            assertThat(zero.after(columns.indexOf("dn"))).isNull();
            assertThat(zero.after(columns.indexOf("tn"))).isNull();
            ChangeEvent plain = events.get(1);
            assertThat(plain.after(columns.indexOf("d"))).isEqualTo(java.time.LocalDate.of(2024, 1, 2));
            assertThat(plain.after(columns.indexOf("dn"))).isNull();
            assertThat(plain.after(columns.indexOf("tn"))).isNull();
        }
    }

    @Test
    void capturesEveryTypeExactlyAsTheFullLoadReaderReadsIt() throws Exception {
        maria.execute("CREATE TABLE every (id int PRIMARY KEY, ti tinyint, t1 tinyint(1), tu tinyint unsigned, si smallint,"
                + " mi mediumint unsigned, iu int unsigned, bu bigint unsigned, i8 bigint, n decimal(12,3), nu decimal(65,30),"
                + " f float, d double, c char(5), v varchar(20), tx text, bn binary(4), vb varbinary(10), bl blob,"
                + " bi bit(5), b1 bit(1), b64 bit(64), y year, dt date, tm time(6), dtm datetime(6), dtm0 datetime,"
                + " ts timestamp(6) NULL, j json, e enum('a','b','c'), st set('x','y','z'), u uuid)");
        String task = maria.task("mdb_types");
        try (ChangeSource source = maria.open(maria.request(task, "every").startNow())) {
            maria.execute("INSERT INTO every VALUES (1, -128, 1, 255, -32768, 16777215, 4294967295, 18446744073709551615,"
                            + " -9223372036854775808, 123456789.125, 12345678901234567890.123456789012345678901234567890, 1.5,"
                            + " 1.7976931348623157e308, 'ab', 'x\uD83D\uDE00y', 'it''s text', x'0100', x'00ff', x'01',"
                            + " b'10110', b'1', b'1000000000000000000000000000000000000000000000000000000000000001', 2024,"
                            + " '2024-02-29', '-838:59:59.000001', '2024-01-01 10:00:00.123456', '2024-01-01 10:00:01',"
                            + " '2024-01-01 10:00:00.654321', '{\"a\":  1}', 'b', 'x,z', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')",
                    "INSERT INTO every (id) VALUES (2)");
            Map<Object, Object[]> inserted = FullLoadRows.read(maria.endpoint, maria.table("every"));
            maria.execute("UPDATE every SET tm = '838:59:59', n = -0.001, v = 'y', dt = '1000-01-01', bn = x'00', bi = b'00001',"
                    + " bl = x'', tx = '', b64 = b'0' WHERE id = 1");
            Map<Object, Object[]> updated = FullLoadRows.read(maria.endpoint, maria.table("every"));
            maria.execute("DELETE FROM every WHERE id = 2");

            List<ChangeBatch> batches = CdcTesting.pollBatches(source, 4, WAIT, true);
            List<ChangeEvent> events = CdcTesting.events(batches);
            assertThat(events).extracting(ChangeEvent::operation).containsExactly(ChangeEvent.Operation.INSERT,
                    ChangeEvent.Operation.INSERT, ChangeEvent.Operation.UPDATE, ChangeEvent.Operation.DELETE);
            assertThat(events).allSatisfy(e -> assertThat(e.table()).isEqualTo(maria.table("every")));
            CdcTesting.assertIncreasing(events);
            assertThat(batches.get(batches.size() - 1).endsTransaction()).isTrue();
            assertThat(events.get(0).transactionId()).isNotNull().isEqualTo(events.get(1).transactionId());
            assertThat(events.get(2).transactionId()).isNotEqualTo(events.get(0).transactionId());

            List<String> columns = events.get(0).columns();
            assertThat(columns).hasSize(32);
            assertThat(FullLoadRows.differences(columns, events.get(0).afterImage(), inserted.get(1L))).isEmpty();
            assertThat(FullLoadRows.differences(columns, events.get(1).afterImage(), inserted.get(2L))).isEmpty();
            assertThat(FullLoadRows.differences(columns, events.get(2).beforeImage(), inserted.get(1L))).isEmpty();
            assertThat(FullLoadRows.differences(columns, events.get(2).afterImage(), updated.get(1L))).isEmpty();
            assertThat(FullLoadRows.differences(columns, events.get(3).beforeImage(), updated.get(2L))).isEmpty();

            ChangeEvent insert = events.get(0);
            assertThat(insert.after(columns.indexOf("bu"))).isEqualTo(new BigInteger("18446744073709551615"));
            assertThat(insert.after(columns.indexOf("nu"))).isEqualTo(new BigDecimal("12345678901234567890.123456789012345678901234567890"));
            assertThat(insert.after(columns.indexOf("tm"))).isEqualTo(Interval.ofMicros(-3_020_399_000_001L));
            assertThat(insert.after(columns.indexOf("b64"))).isEqualTo("1" + "0".repeat(62) + "1");
            assertThat(insert.after(columns.indexOf("b1"))).isEqualTo("1");
            assertThat(insert.after(columns.indexOf("bn"))).isEqualTo(new byte[] {1, 0, 0, 0});
            assertThat(insert.after(columns.indexOf("dtm"))).isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0, 0, 123_456_000));
            assertThat(insert.after(columns.indexOf("j"))).isEqualTo("{\"a\":  1}");
            assertThat(insert.after(columns.indexOf("st"))).isEqualTo("x,z");
            assertThat(insert.after(columns.indexOf("u"))).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            assertThat(events.get(2).after(columns.indexOf("tm"))).isEqualTo(Interval.ofMicros(3_020_399_000_000L));
        }
    }

    @Test
    void restartAtAnAcknowledgedPositionDeliversExactlyTheChangesAfterIt() throws Exception {
        maria.execute("CREATE TABLE orders (id int PRIMARY KEY, qty int)");
        String task = maria.task("mdb_restart");
        List<ChangeEvent> first;
        List<ChangeBatch> batches;
        try (ChangeSource source = maria.open(maria.request(task, "orders").startNow().maxBatchSize(4))) {
            for (int tx = 0; tx < 4; tx++) {
                maria.execute("INSERT INTO orders VALUES (" + (tx * 10 + 1) + ", 1)", "INSERT INTO orders VALUES (" + (tx * 10 + 2) + ", 1)",
                        "UPDATE orders SET qty = 2 WHERE id = " + (tx * 10 + 1));
            }
            // one transaction larger than a batch, in a single multi-row event
            maria.execute("INSERT INTO orders VALUES (100, 0), (101, 0), (102, 0), (103, 0), (104, 0), (105, 0), (106, 0),"
                    + " (107, 0), (108, 0), (109, 0)");
            batches = CdcTesting.pollBatches(source, 22, WAIT, false);
            first = CdcTesting.events(batches);
        }
        CdcTesting.assertIncreasing(first);
        assertThat(batches.stream().filter(b -> !b.endsTransaction())).as("batches inside the big transaction").isNotEmpty();
        maria.execute("INSERT INTO orders VALUES (200, 7)", "DELETE FROM orders WHERE id = 1");

        for (ChangeBatch at : batches) {
            List<ChangeEvent> expected = first.subList(first.indexOf(at.events().get(at.size() - 1)) + 1, first.size());
            try (ChangeSource source = maria.open(maria.request(task, "orders").startAt(at.position()))) {
                List<ChangeEvent> again = CdcTesting.events(CdcTesting.pollBatches(source, expected.size() + 2, WAIT, false));
                assertThat(again.subList(0, expected.size())).as("after " + at.position()).isEqualTo(expected);
                assertThat(again.subList(expected.size(), again.size())).extracting(ChangeEvent::operation)
                        .containsExactly(ChangeEvent.Operation.INSERT, ChangeEvent.Operation.DELETE);
                assertThat(CdcTesting.drain(source, Duration.ofMillis(500))).isEmpty();
            }
        }

        // another task, with no schema history of its own, started at a position of the first
        String other = maria.task("mdb_position");
        ChangeBatch middle = batches.get(2);
        int after = first.size() - first.indexOf(middle.events().get(middle.size() - 1)) - 1;
        try (ChangeSource source = maria.open(maria.request(other, "orders").startAt(middle.position()))) {
            List<ChangeEvent> again = CdcTesting.events(CdcTesting.pollBatches(source, after + 2, WAIT, false));
            assertThat(again.subList(0, after)).isEqualTo(first.subList(first.size() - after, first.size()));
        }

        // resume: after the last acknowledged position, kept in the state storage
        SourcePosition acknowledged;
        int done = 0;
        int total = first.size() + 2 - CdcTesting.changes(batches.get(0)).size();
        try (ChangeSource source = maria.open(maria.request(task, "orders").startAt(batches.get(0).position()).maxBatchSize(4))) {
            List<ChangeBatch> all = CdcTesting.pollBatches(source, total, WAIT, false);
            for (ChangeBatch b : all.subList(0, all.size() / 2 + 1)) {
                done += CdcTesting.changes(b).size();
            }
            acknowledged = all.get(all.size() / 2).position();
            source.acknowledge(acknowledged);
        }
        try (ChangeSource source = maria.open(maria.request(task, "orders").resume())) {
            assertThat(source.startPosition()).isEqualTo(acknowledged);
            List<ChangeEvent> rest = CdcTesting.events(CdcTesting.pollBatches(source, total - done, WAIT, false));
            assertThat(rest).hasSize(total - done);
            assertThat(rest.get(0).position().isAfter(acknowledged)).isTrue();
            assertThat(CdcTesting.drain(source, Duration.ofMillis(500))).isEmpty();
        }
        assertThat(maria.count("SELECT count(*) FROM `" + maria.stateDatabase + "`.cdc_schema_history WHERE task_name = '" + task + "'"))
                .isPositive();
    }

    @Test
    void aPurgedBinlogFileIsReportedAsNoLongerAvailable() {
        String task = maria.task("mdb_purged");
        SourcePosition gone = SourcePosition.of("mariadb", "mysql-bin.000000:4");
        assertThatThrownBy(() -> maria.open(maria.request(task, "orders").startAt(gone)))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTROL_STATE))
                .hasMessageContaining("Task " + task + " cannot start at mariadb:mysql-bin.000000:4: binlog file mysql-bin.000000"
                        + " is no longer on the server");
    }
}
