package io.dmskit.cdc.postgres;

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
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Change capture on the real PostgreSQL: values, order, transactions, positions, slots. */
class PostgresChangeSourceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static PgSource pg;

    @BeforeAll
    static void setUp() throws Exception {
        pg = new PgSource();
    }

    @AfterAll
    static void tearDown() throws Exception {
        pg.close();
        assertThat(pg.leftoverSlots()).as("replication slots left by this test").isEmpty();
    }

    private static final String EVERY_TYPE = "CREATE TABLE $s.every (id int PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8,"
            + " n numeric(12,3), nu numeric, r real, d double precision, c char(5), v varchar(20), tx text, by bytea,"
            + " bi bit(5), bv varbit(10), dt date, tm time, tt timetz, ts timestamp, ts0 timestamp(0), tz timestamptz,"
            + " iv interval, j json, jb jsonb, u uuid, m $s.mood, arr int[], tarr text[])";

    @Test
    void capturesEveryTypeExactlyAsTheFullLoadReaderReadsIt() throws Exception {
        pg.execute("CREATE TYPE $s.mood AS ENUM ('sad', 'ok', 'happy')", EVERY_TYPE, "ALTER TABLE $s.every REPLICA IDENTITY FULL");
        String task = pg.task("pg_types");
        try (ChangeSource source = pg.open(pg.request(task, "every").startNow())) {
            pg.execute("INSERT INTO $s.every VALUES (1, true, -32768, 2147483647, -9223372036854775808, 123456789.125,"
                            + " 1.50000000000000000000001, 3.4028235e38, 1.7976931348623157e308, 'ab', 'x\uD83D\uDE00y', 'it''s text',"
                            + " '\\x00ff10', B'10110', B'0011', '2024-02-29', '23:59:59.999999', '10:00:00+05:30',"
                            + " '2024-01-01 10:00:00.123456', '2024-01-01 10:00:01', '2024-01-01 10:00:00.654321+02',"
                            + " '1 year 2 mons 3 days 04:05:06.789', '{\"a\":  1}', '{\"b\": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                            + " 'happy', '{1,2,NULL}', '{a,\"b c\",NULL}')",
                    "INSERT INTO $s.every (id) VALUES (2)");
            Map<Object, Object[]> inserted = FullLoadRows.read(pg.endpoint, pg.table("every"));
            pg.execute("UPDATE $s.every SET v = 'y', n = -0.001, nu = 1e-20, dt = '0044-03-15 BC', tm = '00:00:00',"
                    + " ts = '0001-01-01 00:00:00', iv = '-1 days -00:00:00.000001', bv = B'1', by = '\\x', tx = '' WHERE id = 1");
            Map<Object, Object[]> updated = FullLoadRows.read(pg.endpoint, pg.table("every"));
            pg.execute("DELETE FROM $s.every WHERE id = 2");

            List<ChangeBatch> batches = CdcTesting.pollBatches(source, 4, WAIT, true);
            // the table's first change of the run comes after a SCHEMA event that states its columns, at the same position
            List<ChangeEvent> all = batches.stream().flatMap(b -> b.events().stream()).toList();
            assertThat(all.get(0).operation()).isEqualTo(ChangeEvent.Operation.SCHEMA);
            assertThat(all.get(0).columns()).isEqualTo(all.get(1).columns());
            assertThat(all.get(0).position()).isEqualTo(all.get(1).position());
            assertThat(all.get(0).schemaChange().table().column("tt")).isPresent();
            assertThat(all).filteredOn(e -> e.operation() == ChangeEvent.Operation.SCHEMA).hasSize(1);
            List<ChangeEvent> events = CdcTesting.events(batches);
            assertThat(events).extracting(ChangeEvent::operation).containsExactly(ChangeEvent.Operation.INSERT,
                    ChangeEvent.Operation.INSERT, ChangeEvent.Operation.UPDATE, ChangeEvent.Operation.DELETE);
            assertThat(events).allSatisfy(e -> assertThat(e.table()).isEqualTo(pg.table("every")));
            CdcTesting.assertIncreasing(events);
            assertThat(batches.get(batches.size() - 1).endsTransaction()).isTrue();

            // the two inserts are one transaction, the update and the delete one each
            assertThat(events.get(0).transactionId()).isNotNull().isEqualTo(events.get(1).transactionId());
            assertThat(events.get(0).commitTime()).isEqualTo(events.get(1).commitTime());
            assertThat(events.get(2).transactionId()).isNotEqualTo(events.get(0).transactionId());
            assertThat(events.get(3).transactionId()).isNotEqualTo(events.get(2).transactionId());

            ChangeEvent insert = events.get(0);
            List<String> columns = insert.columns();
            assertThat(columns).startsWith("id", "b", "i2").hasSize(28);
            int tt = columns.indexOf("tt");
            assertThat(sameButTimetz(columns, insert.afterImage(), inserted.get(1L))).isEmpty();
            assertThat(sameButTimetz(columns, events.get(1).afterImage(), inserted.get(2L))).isEmpty();
            assertThat(sameButTimetz(columns, events.get(2).beforeImage(), inserted.get(1L))).isEmpty();
            assertThat(sameButTimetz(columns, events.get(2).afterImage(), updated.get(1L))).isEmpty();
            assertThat(sameButTimetz(columns, events.get(3).beforeImage(), updated.get(2L))).isEmpty();

            // a few values spelled out, so that the reader is not the only judge
            assertThat(insert.after(columns.indexOf("n"))).isEqualTo(new BigDecimal("123456789.125"));
            assertThat(insert.after(columns.indexOf("nu"))).isEqualTo(new BigDecimal("1.50000000000000000000001"));
            assertThat(insert.after(columns.indexOf("i8"))).isEqualTo(Long.MIN_VALUE);
            assertThat(insert.after(columns.indexOf("c"))).isEqualTo("ab   ");
            assertThat(insert.after(columns.indexOf("bv"))).isEqualTo("0011");
            assertThat(insert.after(columns.indexOf("bi"))).isEqualTo("10110");
            assertThat(insert.after(columns.indexOf("ts"))).isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0, 0, 123_456_000));
            assertThat(insert.after(columns.indexOf("tz"))).isEqualTo(OffsetDateTime.of(2024, 1, 1, 8, 0, 0, 654_321_000, ZoneOffset.UTC));
            assertThat(insert.after(columns.indexOf("iv"))).isEqualTo(new Interval(14, 3, 14_706_789_000L));
            assertThat(insert.after(columns.indexOf("u"))).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            assertThat(insert.after(columns.indexOf("arr"))).isEqualTo(java.util.Arrays.asList(1L, 2L, null));
            assertThat(events.get(2).after(columns.indexOf("dt"))).isEqualTo(LocalDate.of(-43, 3, 15));
            assertThat(events.get(2).after(columns.indexOf("iv"))).isEqualTo(new Interval(0, -1, -1));
            // timetz: Debezium delivers it at UTC (its pgoutput decoding moves the value to UTC before any converter
            // sees it); the time of day is the same instant
            assertThat(((OffsetTime) insert.after(tt)).isEqual((OffsetTime) inserted.get(1L)[tt])).isTrue();
            assertThat(insert.after(tt)).isEqualTo(OffsetTime.of(4, 30, 0, 0, ZoneOffset.UTC));
        }
    }

    private static List<String> sameButTimetz(List<String> columns, Object[] cdc, Object[] fullLoad) {
        Object[] a = cdc.clone();
        Object[] b = fullLoad.clone();
        int tt = columns.indexOf("tt");
        a[tt] = null;
        b[tt] = null;
        return FullLoadRows.differences(columns, a, b);
    }

    @Test
    void valuesWithoutAJavaValueAreUnrepresentableAndIntervalsExact() throws Exception {
        pg.execute("CREATE TABLE $s.edges (id int PRIMARY KEY, nu numeric, dt date, ts timestamp, ts0 timestamp(0),"
                + " tz timestamptz, tm time, iv interval)");
        String task = pg.task("pg_edges");
        try (ChangeSource source = pg.open(pg.request(task, "edges").startNow())) {
            pg.execute("INSERT INTO $s.edges VALUES (1, 'NaN', 'infinity', 'infinity', 'infinity', 'infinity', '24:00:00', '1.999999 sec')",
                    "INSERT INTO $s.edges VALUES (2, 'Infinity', '-infinity', '-infinity', '-infinity', '-infinity', '00:00:00',"
                            + " '-178000000 years -2147483648 days -12:34:56.789012')",
                    "INSERT INTO $s.edges VALUES (3, 0, '4713-01-01 BC', '4713-01-01 00:00:00 BC', '294276-12-31 23:59:59', NULL, NULL,"
                            + " '2147483647 days 2147483647 hours 59 minutes 59.999999 seconds')");
            List<ChangeEvent> events = CdcTesting.events(CdcTesting.pollBatches(source, 3, WAIT, true));
            List<String> columns = events.get(0).columns();
            for (String c : List.of("nu", "dt", "ts", "ts0", "tz", "tm")) {
                assertThat(events.get(0).after(columns.indexOf(c))).as(c).isInstanceOf(ChangeEvent.Unrepresentable.class);
            }
            for (String c : List.of("nu", "dt", "ts", "ts0", "tz")) {
                assertThat(events.get(1).after(columns.indexOf(c))).as(c).isInstanceOf(ChangeEvent.Unrepresentable.class);
            }
            assertThat(((ChangeEvent.Unrepresentable) events.get(0).after(columns.indexOf("ts"))).sourceText()).isEqualTo("infinity");
            assertThat(events.get(0).after(columns.indexOf("iv"))).isEqualTo(new Interval(0, 0, 1_999_999));
            assertThat(events.get(1).after(columns.indexOf("iv")))
                    .isEqualTo(new Interval(-178_000_000 * 12, Integer.MIN_VALUE, -45_296_789_012L));
            assertThat(events.get(2).after(columns.indexOf("iv")))
                    .isEqualTo(new Interval(0, Integer.MAX_VALUE, 2_147_483_647L * 3_600_000_000L + 3_599_999_999L));
            assertThat(events.get(2).after(columns.indexOf("dt"))).isEqualTo(LocalDate.of(-4712, 1, 1));
            assertThat(events.get(2).after(columns.indexOf("ts"))).isEqualTo(LocalDateTime.of(-4712, 1, 1, 0, 0));
            // past year 294247 Debezium's epoch microseconds overflow: never a wrong timestamp
            assertThat(events.get(2).after(columns.indexOf("ts0"))).isInstanceOf(ChangeEvent.Unrepresentable.class);
        }
    }

    @Test
    void unchangedToastValuesAndUnloggedBeforeColumnsAreUnavailable() throws Exception {
        pg.execute("CREATE TABLE $s.docs (id int PRIMARY KEY, body text, n int)",
                "CREATE TABLE $s.docsfull (id int PRIMARY KEY, body text, n int)", "ALTER TABLE $s.docsfull REPLICA IDENTITY FULL");
        String task = pg.task("pg_toast");
        try (ChangeSource source = pg.open(pg.request(task, "docs", "docsfull").startNow())) {
            for (String t : List.of("docs", "docsfull")) {
                pg.execute("INSERT INTO $s." + t + " SELECT 1, string_agg(md5(g::text), ''), 1 FROM generate_series(1, 2000) g");
                pg.execute("UPDATE $s." + t + " SET n = 2 WHERE id = 1");
                pg.execute("DELETE FROM $s." + t + " WHERE id = 1");
            }
            List<ChangeEvent> events = CdcTesting.events(CdcTesting.pollBatches(source, 6, WAIT, true));
            String body = (String) events.get(0).after(1);
            assertThat(body).hasSize(64_000);
            // REPLICA IDENTITY DEFAULT: the unchanged TOAST value is not sent, nor a before image
            ChangeEvent update = events.get(1);
            assertThat(update.after(1)).isSameAs(ChangeEvent.UNAVAILABLE);
            assertThat(update.after(2)).isEqualTo(2L);
            assertThat(update.hasBefore()).isFalse();
            // and a delete logs the key only
            ChangeEvent delete = events.get(2);
            assertThat(delete.before(0)).isEqualTo(1L);
            assertThat(delete.before(1)).isSameAs(ChangeEvent.UNAVAILABLE);
            assertThat(delete.before(2)).isSameAs(ChangeEvent.UNAVAILABLE);
            // REPLICA IDENTITY FULL: Debezium fills the unchanged value from the before image, which is complete
            ChangeEvent full = events.get(4);
            assertThat(full.table()).isEqualTo(pg.table("docsfull"));
            assertThat(full.after(1)).isEqualTo(body);
            assertThat(full.before(1)).isEqualTo(body);
            assertThat(full.before(2)).isEqualTo(1L);
            assertThat(events.get(5).beforeImage()).containsExactly(1L, body, 2L);
        }
    }

    @Test
    void restartAtAnAcknowledgedPositionDeliversExactlyTheChangesAfterIt() throws Exception {
        pg.execute("CREATE TABLE $s.orders (id int PRIMARY KEY, qty int)");
        String task = pg.task("pg_restart");
        List<ChangeEvent> first;
        List<ChangeBatch> batches;
        try (ChangeSource source = pg.open(pg.request(task, "orders").startNow().maxBatchSize(4))) {
            for (int tx = 0; tx < 4; tx++) {
                pg.execute("INSERT INTO $s.orders VALUES (" + (tx * 10 + 1) + ", 1)", "INSERT INTO $s.orders VALUES (" + (tx * 10 + 2) + ", 1)",
                        "UPDATE $s.orders SET qty = 2 WHERE id = " + (tx * 10 + 1));
            }
            // one transaction larger than a batch
            pg.execute("INSERT INTO $s.orders SELECT g, 0 FROM generate_series(100, 109) g");
            batches = CdcTesting.pollBatches(source, 22, WAIT, false);
            first = CdcTesting.events(batches);
        }
        assertThat(first).hasSize(22);
        CdcTesting.assertIncreasing(first);
        assertThat(batches).allSatisfy(b -> assertThat(CdcTesting.changes(b).size()).isLessThanOrEqualTo(4));
        assertThat(batches.stream().filter(b -> !b.endsTransaction())).as("batches inside the big transaction").isNotEmpty();
        // changes made while no source is open are kept by the slot
        pg.execute("INSERT INTO $s.orders VALUES (200, 7)", "DELETE FROM $s.orders WHERE id = 1");

        // every batch end, at transaction boundaries and inside the big transaction, in increasing order
        for (ChangeBatch at : batches) {
            List<ChangeEvent> expected = first.subList(first.indexOf(at.events().get(at.size() - 1)) + 1, first.size());
            try (ChangeSource source = pg.open(pg.request(task, "orders").startAt(at.position()))) {
                assertThat(source.startPosition()).isEqualTo(at.position());
                List<ChangeEvent> again = CdcTesting.events(CdcTesting.pollBatches(source, expected.size() + 2, WAIT, false));
                assertThat(again.subList(0, expected.size())).as("after " + at.position()).isEqualTo(expected);
                assertThat(again.subList(expected.size(), again.size())).extracting(ChangeEvent::operation)
                        .containsExactly(ChangeEvent.Operation.INSERT, ChangeEvent.Operation.DELETE);
                assertThat(CdcTesting.drain(source, Duration.ofMillis(500))).isEmpty();
            }
        }

        // resume: after the last acknowledged position, kept in the state storage
        // (starting at a position lets the slot forget what came before it, so go on from the last one)
        for (int tx = 0; tx < 5; tx++) {
            pg.execute("INSERT INTO $s.orders VALUES (" + (300 + tx * 2) + ", 1)", "INSERT INTO $s.orders VALUES (" + (301 + tx * 2) + ", 1)");
        }
        SourcePosition acknowledged;
        int total = 2 + 10;
        int done = 0;
        try (ChangeSource source = pg.open(pg.request(task, "orders").startAt(batches.get(batches.size() - 1).position()).maxBatchSize(4))) {
            List<ChangeBatch> all = CdcTesting.pollBatches(source, total, WAIT, false);
            ChangeBatch mid = all.get(all.size() / 2);
            for (ChangeBatch b : all.subList(0, all.size() / 2 + 1)) {
                done += CdcTesting.changes(b).size();
            }
            acknowledged = mid.position();
            source.acknowledge(acknowledged);
        }
        assertThat(pg.count("SELECT count(*) FROM " + pg.stateSchema + ".cdc_offsets WHERE task_name = '" + task + "'")).isEqualTo(1);
        try (ChangeSource source = pg.open(pg.request(task, "orders").resume())) {
            assertThat(source.startPosition()).isEqualTo(acknowledged);
            List<ChangeEvent> rest = CdcTesting.events(CdcTesting.pollBatches(source, total - done, WAIT, false));
            assertThat(rest.get(0).position().isAfter(acknowledged)).isTrue();
            assertThat(rest).hasSize(total - done);
            assertThat(CdcTesting.drain(source, Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void slotIsKeptOnCloseAndDroppedWithTheTaskState() throws Exception {
        pg.execute("CREATE TABLE $s.kept (id int PRIMARY KEY)");
        String task = pg.task("pg_slot");
        String slot = PostgresChangeSourceProvider.slotName(task);
        SourcePosition start;
        try (ChangeSource source = pg.open(pg.request(task, "kept").startNow())) {
            start = source.startPosition();
            pg.execute("INSERT INTO $s.kept VALUES (1)");
            CdcTesting.pollBatches(source, 1, WAIT, true);
        }
        assertThat(pg.count("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'")).isEqualTo(1);
        assertThat(pg.count("SELECT count(*) FROM pg_publication WHERE pubname = '" + slot + "'")).isEqualTo(1);
        // the slot confirmed the acknowledged change: PostgreSQL has let go of what came before it
        assertThatThrownBy(() -> pg.open(pg.request(task, "kept").startAt(start)))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTROL_STATE))
                .hasMessageContaining("Task " + task + " cannot start at " + start + ": its replication slot " + slot
                        + " has already confirmed LSN");

        // a slot dropped behind the task's back: resuming would silently skip what the slot had kept
        pg.execute("SELECT pg_drop_replication_slot('" + slot + "')");
        assertThatThrownBy(() -> pg.open(pg.request(task, "kept").resume()))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTROL_STATE))
                .hasMessageContaining("its replication slot " + slot + " does not exist");

        pg.provider.deleteTaskState(pg.endpoint, task, pg.storage);
        assertThat(pg.count("SELECT count(*) FROM pg_publication WHERE pubname = '" + slot + "'")).isZero();
        assertThat(pg.count("SELECT count(*) FROM " + pg.stateSchema + ".cdc_offsets WHERE task_name = '" + task + "'")).isZero();
        assertThatThrownBy(() -> pg.open(pg.request(task, "kept").startAt(start)))
                .isInstanceOfSatisfying(DmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTROL_STATE))
                .hasMessageContaining("its replication slot " + slot + " does not exist");
    }
}
