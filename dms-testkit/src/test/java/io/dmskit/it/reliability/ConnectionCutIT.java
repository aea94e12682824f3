package io.dmskit.it.reliability;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.Secret;
import io.dmskit.TableMapping;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.it.CdcWorkload;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections cut mid-stream by a {@link TcpProxy} between the task and one database, at seeded
 * random moments: the task retries with backoff, and the target ends equal to the source.
 */
@ExtendWith(ReliabilityReport.class)
@ReliabilityReport.Area("fault: connections cut")
class ConnectionCutIT {

    static Endpoint through(TcpProxy proxy, TestDatabase db, String name) {
        String url = db.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
        return Endpoint.jdbc(url).name(name).user(db.user()).password(Secret.of(db.password())).build();
    }

    static String hostOf(TestDatabase db) {
        return db.jdbcUrl().replaceFirst("^jdbc:[a-z]+://([^:/]+).*$", "$1");
    }

    static int portOf(TestDatabase db) {
        return Integer.parseInt(db.jdbcUrl().replaceFirst("^jdbc:[a-z]+://[^:/]+:(\\d+)/.*$", "$1"));
    }

    static TaskSettings.Builder settings(TestDatabase target) {
        return TaskSettings.builder().controlSchema(target.controlSchema()).maxRetries(30).retryBackoff(Duration.ofMillis(50));
    }

    @Test
    @DisplayName("target connections cut every 0.5-1.5 s during a full load, MariaDB to PostgreSQL, 100,000 rows")
    void fullLoadThroughCutTargetConnectionsCompletesEqualToTheSource() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             TcpProxy proxy = new TcpProxy(hostOf(target), portOf(target))) {
            source.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, v VARCHAR(40) NOT NULL, n INT)",
                    "INSERT INTO items SELECT seq, CONCAT('item-', seq), seq % 97 FROM seq_1_to_100000", "ANALYZE TABLE items");
            ReplicationTask task = ReplicationTask.builder().name("cut-load-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(through(proxy, target, "target")).mapping(source.mappingTo(target))
                    .settings(settings(target).segmentRows(5_000).commitRate(1_000).maxParallelSegments(2).build()).build();
            proxy.cutRandomly(17, 500, 1_500);
            TaskStatus done;
            try {
                done = task.run();
            } finally {
                proxy.calm();
            }
            ReliabilityReport.note(proxy.cuts() + " connections cut; task " + done.state());
            assertThat(done.state()).as("%s", done.errors()).isEqualTo(TaskState.COMPLETED);
            assertThat(proxy.cuts()).as("connections cut").isPositive();
            assertThat(target).isConsistentWith(source);
            ReliabilityReport.note("validator: target equal to source");
            task.deleteState();
        }
    }

    @Test
    @DisplayName("target connections cut every 1-3 s during CDC, PostgreSQL to PostgreSQL, writer running")
    void cdcThroughCutTargetConnectionsEndsEqualToTheSource() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             CdcWorkload writer = new CdcWorkload(source); TcpProxy proxy = new TcpProxy(hostOf(target), portOf(target))) {
            writer.create(5_000);
            ReplicationTask task = ReplicationTask.builder().name("cut-cdc-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(source.endpoint("source")).target(through(proxy, target, "target")).mapping(source.mappingTo(target))
                    .type(MigrationType.FULL_LOAD_AND_CDC).settings(settings(target).applyBatchSize(100).build()).build();
            runCdcUnderCuts(task, source, target, writer, proxy, 23);
        }
    }

    @Test
    @DisplayName("source connections (replication stream included) cut every 1-3 s during CDC, PostgreSQL to PostgreSQL")
    void cdcThroughCutSourceConnectionsEndsEqualToTheSource() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL);
             CdcWorkload writer = new CdcWorkload(source); TcpProxy proxy = new TcpProxy(hostOf(source), portOf(source))) {
            writer.create(5_000);
            ReplicationTask task = ReplicationTask.builder().name("cut-src-" + UUID.randomUUID().toString().substring(0, 6))
                    .source(through(proxy, source, "source")).target(target.endpoint("target")).mapping(source.mappingTo(target))
                    .type(MigrationType.FULL_LOAD_AND_CDC).settings(settings(target).applyBatchSize(100).build()).build();
            runCdcUnderCuts(task, source, target, writer, proxy, 29);
        }
    }

    private static void runCdcUnderCuts(ReplicationTask task, TestDatabase source, TestDatabase target, CdcWorkload writer,
                                        TcpProxy proxy, long seed) throws Exception {
        try {
            TaskStatus end;
            try (TaskHandle h = task.start()) {
                assertThat(h.awaitFullLoad(Duration.ofMinutes(2)).state()).isEqualTo(TaskState.RUNNING);
                writer.start(5_000, seed);
                proxy.cutRandomly(seed, 1_000, 3_000);
                Thread.sleep(8_000);
                proxy.calm();
                writer.stop();
                writer.insertMarker();
                CdcWorkload.awaitMarker(target, "public.items", Duration.ofMinutes(3));
                end = h.stop();
            }
            ReliabilityReport.note(proxy.cuts() + " connections cut; " + end.changesApplied() + " changes applied; task " + end.state());
            assertThat(end.state()).as("%s", end.errors()).isEqualTo(TaskState.STOPPED);
            assertThat(proxy.cuts()).isPositive();
            assertThat(target).isConsistentWith(source);
            ReliabilityReport.note("validator: target equal to source");
        } finally {
            writer.close();
            task.deleteState();
        }
    }
}
