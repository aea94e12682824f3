package io.dmskit.it;

import io.dmskit.Endpoint;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TableStatistics;
import io.dmskit.TaskHandle;
import io.dmskit.TaskListener;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A task stopped in the middle of a load resumes and ends with exactly the source's rows. */
class ResumeIT {

    @Test
    void resumedTaskEndsWithExactlyTheSourceRowsAndNoDuplicates() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, v VARCHAR(40) NOT NULL, n INT)",
                    "INSERT INTO items SELECT seq, CONCAT('item-', seq), seq % 97 FROM seq_1_to_300000",
                    "CREATE TABLE small (id INT PRIMARY KEY, x INT)",
                    "INSERT INTO small SELECT seq, seq FROM seq_1_to_1000",
                    "ANALYZE TABLE items, small");
            Endpoint src = Fixtures.endpoint(source, "source");
            Endpoint dst = Fixtures.endpoint(target, "target");
            CountDownLatch someRowsCommitted = new CountDownLatch(1);
            TaskSettings settings = TaskSettings.builder().segmentRows(20_000).commitRate(5_000).maxParallelSegments(2)
                    .build();
            ReplicationTask.Builder builder = ReplicationTask.builder().name("resume-test").source(src).target(dst)
                    .mapping(TableMapping.builder().include(source.schema(), "%").build()).settings(settings);
            ReplicationTask first = builder.listener(new TaskListener() {
                @Override
                public void rowsCommitted(TableStatistics table) {
                    if (table.rowsLoaded() >= 40_000) {
                        someRowsCommitted.countDown();
                    }
                }
            }).build();

            TaskStatus stopped;
            try (TaskHandle h = first.start()) {
                assertThat(someRowsCommitted.await(120, TimeUnit.SECONDS)).as("rows committed before the stop").isTrue();
                stopped = h.stop();
            }
            assertThat(stopped.state()).isEqualTo(TaskState.STOPPED);
            long partial = count(target, source.schema(), "items");
            assertThat(partial).as("rows in the target after the stop").isBetween(1L, 299_999L);

            ReplicationTask again = ReplicationTask.builder().name("resume-test").source(src).target(dst)
                    .mapping(TableMapping.builder().include(source.schema(), "%").build()).settings(settings).build();
            TaskStatus done;
            try (TaskHandle h = again.start()) {
                done = h.awaitCompletion(Duration.ofMinutes(5));
            }
            assertThat(done.state()).as("%s", done.errors()).isEqualTo(TaskState.COMPLETED);
            assertThat(done.tables()).allSatisfy(t -> assertThat(t.segmentsDone()).isEqualTo(t.segments()));

            assertThat(count(target, source.schema(), "items")).isEqualTo(300_000);
            assertThat(count(target, source.schema(), "small")).isEqualTo(1_000);
            try (Connection c = target.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT id), SUM(id), SUM(n), SUM(length(v)), MIN(id), MAX(id) FROM \""
                         + source.schema() + "\".items")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(300_000);
                assertThat(rs.getLong(2)).isEqualTo(300_000L * 300_001 / 2);
                long sumN = 0;
                long sumLen = 0;
                for (long i = 1; i <= 300_000; i++) {
                    sumN += i % 97;
                    sumLen += ("item-" + i).length();
                }
                assertThat(rs.getLong(3)).isEqualTo(sumN);
                assertThat(rs.getLong(4)).isEqualTo(sumLen);
                assertThat(rs.getLong(5)).isEqualTo(1);
                assertThat(rs.getLong(6)).isEqualTo(300_000);
            }
        }
    }

    @Test
    void textKeyedTableIsSplitBySamplingAndReloadedWholeOnResume() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE codes (code VARCHAR(20) PRIMARY KEY, n INT NOT NULL) COLLATE utf8mb4_general_ci",
                    "INSERT INTO codes SELECT CONCAT(IF(seq % 2 = 0, 'k', 'K'), LPAD(seq, 7, '0')), seq FROM seq_1_to_200000",
                    "ANALYZE TABLE codes");
            Endpoint src = Fixtures.endpoint(source, "source");
            Endpoint dst = Fixtures.endpoint(target, "target");
            TaskSettings settings = TaskSettings.builder().segmentRows(20_000).commitRate(2_000).maxParallelSegments(2).build();
            CountDownLatch someRowsCommitted = new CountDownLatch(1);
            ReplicationTask first = ReplicationTask.builder().name("resume-text").source(src).target(dst)
                    .mapping(TableMapping.builder().include(source.schema(), "codes").build()).settings(settings)
                    .listener(new TaskListener() {
                        @Override
                        public void rowsCommitted(TableStatistics table) {
                            if (table.rowsLoaded() >= 30_000) {
                                someRowsCommitted.countDown();
                            }
                        }
                    }).build();
            TaskStatus stopped;
            try (TaskHandle h = first.start()) {
                assertThat(someRowsCommitted.await(120, TimeUnit.SECONDS)).isTrue();
                stopped = h.stop();
            }
            assertThat(stopped.state()).isEqualTo(TaskState.STOPPED);
            assertThat(stopped.tables().get(0).segments()).as("segments of the text-keyed table").isGreaterThan(5);

            TaskStatus done = ReplicationTask.builder().name("resume-text").source(src).target(dst)
                    .mapping(TableMapping.builder().include(source.schema(), "codes").build()).settings(settings).build().run();
            assertThat(done.rowsLoaded()).isEqualTo(200_000);
            try (Connection c = target.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT code), SUM(n) FROM \"" + source.schema() + "\".codes")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(200_000);
                assertThat(rs.getLong(2)).isEqualTo(200_000);
                assertThat(rs.getLong(3)).isEqualTo(200_000L * 200_001 / 2);
            }
        }
    }

    static long count(TestDatabase db, String schema, String table) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + schema + "\".\"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
