package io.dmskit.internal.cdc;

import io.dmskit.Endpoint;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeBatch;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.ChangeSource;
import io.dmskit.spi.ChangeSourceProvider;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.ChangeStateStorage;
import io.dmskit.spi.SourcePosition;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The apply loop against a scripted change source and an H2 target: positions stored with the changes, exact restarts, suspension. */
class CdcLoopTest {

    /** A source whose transactions are a fixed list; it honours start positions exactly, as the SPI requires. */
    static final class ScriptedProvider implements ChangeSourceProvider {
        final List<List<ChangeEvent>> transactions = new CopyOnWriteArrayList<>();
        final List<SourcePosition> opens = new CopyOnWriteArrayList<>();
        /** Delivers each transaction's changes with {@code endsTransaction == false}, and its end in an empty batch after them. */
        volatile boolean endsApart;
        /** Empty batches delivered after the last transaction: the loop has taken every transaction. */
        final java.util.concurrent.atomic.AtomicInteger idlePolls = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String engine() {
            return "h2";
        }

        SourcePosition end() {
            return transactions.isEmpty() ? H2Target.at(0) : last(transactions.get(transactions.size() - 1));
        }

        private static SourcePosition last(List<ChangeEvent> tx) {
            return tx.get(tx.size() - 1).position();
        }

        @Override
        public ChangeSource open(ChangeSourceRequest request) {
            SourcePosition start = request.start() == ChangeSourceRequest.Start.POSITION ? request.startPosition() : end();
            opens.add(start);
            return new ChangeSource() {
                SourcePosition at = start;
                boolean endPending;

                @Override
                public String engine() {
                    return "h2";
                }

                @Override
                public String taskName() {
                    return request.taskName();
                }

                @Override
                public SourcePosition startPosition() {
                    return start;
                }

                @Override
                public ChangeBatch poll(Duration timeout) throws InterruptedException {
                    if (endPending) {
                        endPending = false;
                        return ChangeBatch.of(List.of(), at, true);
                    }
                    for (List<ChangeEvent> tx : transactions) {
                        if (last(tx).isAfter(at)) {
                            at = last(tx);
                            endPending = endsApart;
                            return ChangeBatch.of(tx, at, !endsApart);
                        }
                    }
                    Thread.sleep(Math.min(20, timeout.toMillis()));
                    idlePolls.incrementAndGet();
                    return ChangeBatch.empty(at);
                }

                @Override
                public void acknowledge(SourcePosition position) {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void deleteTaskState(Endpoint source, String taskName, ChangeStateStorage storage) {
        }
    }

    private static CdcLoop loop(H2Target db, ScriptedProvider provider, ApplyTable table, CdcMetrics metrics, List<String> suspended) {
        ControlTables control = new ControlTables(H2Target.H2, "dmskit");
        Endpoint target = Endpoint.jdbc(db.url).build();
        CdcLoop.Capture capture = new CdcLoop.Capture("t1", Endpoint.jdbc("jdbc:h2:mem:unused").build(), List.of(H2Target.SOURCE),
                ChangeStateStorage.jdbc(target), provider, 16);
        return new CdcLoop(capture, control, new ChangeApplier(List.of(table), false), new CdcLoop.Host() {
            @Override
            public Connection targetConnection() throws SQLException {
                Connection c = DriverManager.getConnection(db.url);
                c.setAutoCommit(false);
                return c;
            }

            @Override
            public void tableSuspended(TableId source, String message) {
                suspended.add(message);
            }
        }, metrics, 2, Duration.ofMillis(10), e -> false, Set.of());
    }

    private static SourcePosition stored(H2Target db) throws SQLException {
        ControlTables.PositionRow row = new ControlTables(H2Target.H2, "dmskit").position(db.connection, "t1");
        db.connection.commit();
        return row == null ? null : SourcePosition.of(row.engine(), row.position());
    }

    @Test
    void aStoppedLoopGoesOnFromItsStoredPositionWithoutLosingOrRepeatingAChange() throws Exception {
        try (H2Target db = new H2Target()) {
            ApplyTable table = db.create(H2Target.sourceTable(false), "log");
            new ControlTables(H2Target.H2, "dmskit").ensure(db.connection);
            ScriptedProvider provider = new ScriptedProvider();
            List<ChangeEvent> all = new ArrayList<>();
            Random r = new Random(5);
            long pos = 1;
            for (int tx = 0; tx < 60; tx++) {
                List<ChangeEvent> events = new ArrayList<>();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++, pos++) {
                    events.add(H2Target.insert(pos, pos, "row", (long) tx, null));
                }
                provider.transactions.add(events);
                all.addAll(events);
            }
            CdcMetrics first = new CdcMetrics();
            AtomicBoolean stop = new AtomicBoolean();
            Thread runner = new Thread(() -> {
                try {
                    loop(db, provider, table, first, new ArrayList<>()).run(null, H2Target.at(0), () -> {
                        if (first.applied() >= 40) {
                            stop.set(true);
                        }
                        return stop.get();
                    }, null, () -> { });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            runner.start();
            runner.join(30_000);
            assertThat(first.applied()).isBetween(40L, (long) all.size() - 1);
            assertThat(db.rows("log")).hasSize((int) first.applied());
            SourcePosition at = stored(db);
            assertThat(at).isEqualTo(first.position());

            CdcMetrics second = new CdcMetrics();
            boolean ended = loop(db, provider, table, second, new ArrayList<>()).run(at, null, () -> false, java.time.Instant.MAX,
                    () -> { });
            assertThat(ended).isTrue();
            assertThat(provider.opens).containsExactly(H2Target.at(0), at);
            assertThat(first.applied() + second.applied()).isEqualTo(all.size());
            assertThat(db.rows("log")).hasSize(all.size());
            assertThat(stored(db)).isEqualTo(all.get(all.size() - 1).position());
            assertThat(second.counts(H2Target.SOURCE)).containsExactly(all.size() - first.applied(), 0, 0);
        }
    }

    @Test
    void aTransactionWhoseEndArrivesInABatchOfItsOwnIsAppliedAndTheLoopStops() throws Exception {
        try (H2Target db = new H2Target()) {
            ApplyTable table = db.create(H2Target.sourceTable(false), "log");
            new ControlTables(H2Target.H2, "dmskit").ensure(db.connection);
            ScriptedProvider provider = new ScriptedProvider();
            provider.endsApart = true;
            provider.transactions.add(List.of(H2Target.insert(1, 1L, "a", 1L, null), H2Target.insert(2, 2L, "b", 2L, null)));
            provider.transactions.add(List.of(H2Target.insert(3, 3L, "c", 3L, null)));
            CdcMetrics metrics = new CdcMetrics();
            AtomicBoolean stop = new AtomicBoolean();
            Thread runner = new Thread(() -> {
                try {
                    loop(db, provider, table, metrics, new ArrayList<>()).run(null, H2Target.at(0), () -> {
                        if (metrics.applied() >= 3) {
                            stop.set(true);
                        }
                        return stop.get();
                    }, null, () -> { });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            runner.start();
            runner.join(30_000);
            assertThat(runner.isAlive()).as("the loop stopped").isFalse();
            assertThat(db.rows("log")).hasSize(3);
            assertThat(stored(db)).isEqualTo(H2Target.at(3));
        }
    }

    @Test
    void aRefusedChangeSuspendsItsTableFromThatChangeOnAndIsRecorded() throws Exception {
        try (H2Target db = new H2Target()) {
            ApplyTable table = db.create(H2Target.sourceTable(true), "items");
            ControlTables control = new ControlTables(H2Target.H2, "dmskit");
            control.ensure(db.connection);
            ScriptedProvider provider = new ScriptedProvider();
            provider.transactions.add(List.of(H2Target.insert(1, 1L, "ok", 1L, null), H2Target.insert(2, 2L, "bad", 70_000L, null),
                    H2Target.insert(3, 3L, "after", 3L, null)));
            provider.transactions.add(List.of(H2Target.insert(4, 4L, "later", 4L, null)));
            List<String> suspended = new ArrayList<>();
            CdcMetrics metrics = new CdcMetrics();
            loop(db, provider, table, metrics, suspended).run(null, H2Target.at(0), () -> false, java.time.Instant.MAX, () -> { });
            assertThat(db.rows("items")).containsExactly("1|ok|1|null");
            assertThat(suspended).singleElement().asString().startsWith("Task t1, table shop.items, INSERT of row id=2, column qty:");
            List<ControlTables.ApplyException> recorded = control.applyExceptions(db.connection, "t1");
            assertThat(recorded).singleElement().satisfies(x -> {
                assertThat(x.source()).isEqualTo(H2Target.SOURCE);
                assertThat(x.operation()).isEqualTo("INSERT");
                assertThat(x.rowKey()).isEqualTo("id=2");
                assertThat(x.position()).isEqualTo("h2:000000000002");
            });
            assertThat(stored(db)).isEqualTo(H2Target.at(4));
            assertThat(metrics.counts(H2Target.SOURCE)).containsExactly(1, 0, 0);
        }
    }

    @Test
    void changesOfALoadingTableAreHeldUntilItsLoadIsDoneAndTheStoredPositionNeverPassesThem() throws Exception {
        try (H2Target db = new H2Target()) {
            ApplyTable table = db.create(H2Target.sourceTable(false), "log");
            new ControlTables(H2Target.H2, "dmskit").ensure(db.connection);
            ScriptedProvider provider = new ScriptedProvider();
            for (long i = 1; i <= 5; i++) {
                provider.transactions.add(List.of(H2Target.insert(i, i, "row", i, null)));
            }
            java.util.concurrent.ConcurrentLinkedQueue<TableId> loaded = new java.util.concurrent.ConcurrentLinkedQueue<>();
            List<String> drained = new CopyOnWriteArrayList<>();
            CdcLoop.Gate gate = new CdcLoop.Gate() {
                @Override
                public Set<TableId> loading() {
                    return Set.of(H2Target.SOURCE);
                }

                @Override
                public java.util.Map<TableId, java.util.Optional<java.time.Instant>> takeLoaded() {
                    java.util.Map<TableId, java.util.Optional<java.time.Instant>> done = new java.util.HashMap<>();
                    for (TableId t; (t = loaded.poll()) != null; ) {
                        done.put(t, java.util.Optional.empty());
                    }
                    return done;
                }

                @Override
                public void drained() {
                    drained.add("drained");
                }
            };
            // a first run takes every transaction while the table loads, holds them, and is stopped before the load ends
            AtomicBoolean stop = new AtomicBoolean();
            Thread first = new Thread(() -> {
                try {
                    loop(db, provider, table, new CdcMetrics(), new ArrayList<>()).gate(gate)
                            .run(H2Target.at(0), null, stop::get, null, () -> { });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            first.start();
            while (provider.idlePolls.get() < 3 && first.isAlive()) {
                Thread.sleep(10);
            }
            assertThat(db.rows("log")).isEmpty();
            stop.set(true);
            first.join(30_000);
            assertThat(first.isAlive()).isFalse();
            assertThat(stored(db)).as("no position past the held changes").isNull();
            assertThat(drained).isEmpty();

            // the next run reads them again, holds them until the load is done, then applies them in order
            stop.set(false);
            provider.idlePolls.set(0);
            CdcMetrics metrics = new CdcMetrics();
            Thread second = new Thread(() -> {
                try {
                    loop(db, provider, table, metrics, new ArrayList<>()).gate(gate)
                            .run(H2Target.at(0), null, stop::get, null, () -> { });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            second.start();
            while (provider.idlePolls.get() < 3 && second.isAlive()) {
                Thread.sleep(10);
            }
            assertThat(db.rows("log")).isEmpty();
            loaded.add(H2Target.SOURCE);
            while (metrics.applied() < 5 && second.isAlive()) {
                Thread.sleep(10);
            }
            stop.set(true);
            second.join(30_000);
            assertThat(db.rows("log")).hasSize(5);
            assertThat(stored(db)).isEqualTo(H2Target.at(5));
            assertThat(drained).containsExactly("drained");
        }
    }
}
