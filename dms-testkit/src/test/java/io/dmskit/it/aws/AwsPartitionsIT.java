package io.dmskit.it.aws;

import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TableStatistics;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS DMS table-settings {@code parallel-load} of types {@code partitions-auto} and
 * {@code partitions-list}: a partitioned source table (PostgreSQL declarative partitions with a
 * subpartitioned partition; MariaDB RANGE partitions with HASH subpartitions) loads one segment
 * per partition, and the target holds exactly the source's rows.
 */
class AwsPartitionsIT {

    /** PostgreSQL: p_low and p_mid are partitions, p_high is partitioned again by region into p_high_eu and p_high_us. */
    private static final String[] POSTGRES_SOURCE = {
            "CREATE TABLE sales (id INT NOT NULL, region VARCHAR(5) NOT NULL, amount DECIMAL(10,2), note TEXT,"
                    + " PRIMARY KEY (id, region)) PARTITION BY RANGE (id)",
            "CREATE TABLE p_low PARTITION OF sales FOR VALUES FROM (MINVALUE) TO (100)",
            "CREATE TABLE p_mid PARTITION OF sales FOR VALUES FROM (100) TO (200)",
            "CREATE TABLE p_high PARTITION OF sales FOR VALUES FROM (200) TO (MAXVALUE) PARTITION BY LIST (region)",
            "CREATE TABLE p_high_eu PARTITION OF p_high FOR VALUES IN ('EU')",
            "CREATE TABLE p_high_us PARTITION OF p_high FOR VALUES IN ('US')",
            "INSERT INTO sales SELECT g, CASE WHEN g % 2 = 0 THEN 'EU' ELSE 'US' END, g * 1.5, 'row ' || g"
                    + " FROM generate_series(1, 300) g",
            "CREATE TABLE plain (id INT PRIMARY KEY, v INT)",
            "INSERT INTO plain VALUES (1, 1), (2, 2)"};

    /** MariaDB: p_low, p_mid, p_high by RANGE of id, each with two HASH subpartitions named explicitly. */
    private static final String[] MARIADB_SOURCE = {
            "CREATE TABLE sales (id INT NOT NULL, region VARCHAR(5) NOT NULL, amount DECIMAL(10,2), note TEXT,"
                    + " PRIMARY KEY (id, region)) PARTITION BY RANGE (id) SUBPARTITION BY HASH (id) ("
                    + " PARTITION p_low VALUES LESS THAN (100) (SUBPARTITION p_low_a, SUBPARTITION p_low_b),"
                    + " PARTITION p_mid VALUES LESS THAN (200) (SUBPARTITION p_mid_a, SUBPARTITION p_mid_b),"
                    + " PARTITION p_high VALUES LESS THAN MAXVALUE (SUBPARTITION p_high_eu, SUBPARTITION p_high_us))",
            "INSERT INTO sales SELECT seq, IF(seq % 2 = 0, 'EU', 'US'), seq * 1.5, CONCAT('row ', seq) FROM seq_1_to_300",
            "CREATE TABLE plain (id INT PRIMARY KEY, v INT)",
            "INSERT INTO plain VALUES (1, 1), (2, 2)"};

    private static String[] source(Engine engine) {
        return engine == Engine.POSTGRESQL ? POSTGRES_SOURCE : MARIADB_SOURCE;
    }

    static TaskStatus run(TestDatabase source, TestDatabase target, TableMapping mapping) {
        return ReplicationTask.builder().name("aws-partitions").source(AwsMappingIT.endpoint(source, "source"))
                .target(AwsMappingIT.endpoint(target, "target")).mapping(mapping)
                .settings(TaskSettings.builder().controlSchema("dmskit").maxParallelSegments(2).build())
                .build().run(StartMode.RELOAD);
    }

    private static TableMapping mapping(TestDatabase source, TestDatabase target, String parallelLoad) {
        return TableMapping.fromAwsJson("""
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "all",
                   "object-locator": {"schema-name": "%s", "table-name": "%%"}, "rule-action": "include"},
                  {"rule-type": "table-settings", "rule-id": "2", "rule-name": "by-partition",
                   "object-locator": {"schema-name": "%s", "table-name": "sales"}, "parallel-load": %s},
                  {"rule-type": "table-settings", "rule-id": "3", "rule-name": "plain-auto",
                   "object-locator": {"schema-name": "%s", "table-name": "plain"}, "parallel-load": {"type": "partitions-auto"}},
                  {"rule-type": "transformation", "rule-id": "4", "rule-name": "to-target", "rule-target": "schema",
                   "object-locator": {"schema-name": "%s"}, "rule-action": "rename", "value": "%s"}
                ]}""".formatted(AwsMappingIT.literal(source.schema()), AwsMappingIT.literal(source.schema()), parallelLoad,
                AwsMappingIT.literal(source.schema()), AwsMappingIT.literal(source.schema()), target.schema()));
    }

    private static TableStatistics table(TaskStatus status, String name) {
        return status.tables().stream().filter(t -> t.source().name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void partitionsAutoLoadsOneSegmentPerPartition(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(source(from));
            TableMapping mapping = mapping(source, target, "{\"type\": \"partitions-auto\"}");
            TaskStatus status = run(source, target, mapping);
            assertThat(status.errors()).isEmpty();
            TableStatistics sales = table(status, "sales");
            assertThat(sales.segments()).isEqualTo(3);    // p_low, p_mid, p_high (with its subpartitions)
            assertThat(sales.segmentsDone()).isEqualTo(3);
            assertThat(sales.rowsLoaded()).isEqualTo(300);
            assertThat(sales.lastUpdateTime()).isNotNull();
            assertThat(sales.toAwsJson()).contains("\"FullLoadRows\":300,\"FullLoadCondtnlChkFailedRows\":0,")
                    .contains("\"LastUpdateTime\":\"" + sales.lastUpdateTime() + "\"");
            // a table that is not partitioned loads whole, and says so
            assertThat(table(status, "plain").segments()).isEqualTo(1);
            assertThat(table(status, "plain").warnings()).anySatisfy(w -> assertThat(w)
                    .startsWith("parallel-load partitions-auto of rule 3 'plain-auto' (table-settings ")
                    .endsWith("): the source table is not partitioned; it loads as one segment"));
            assertThat(target).usingMapping(mapping).isConsistentWith(source);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void partitionsListLoadsTheListedOnesAndTheRestTogether(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(source(from));
            TableMapping mapping = mapping(source, target,
                    "{\"type\": \"partitions-list\", \"partitions\": [\"p_low\"], \"subpartitions\": [\"p_high_eu\"]}");
            TaskStatus status = run(source, target, mapping);
            assertThat(status.errors()).isEmpty();
            // p_low, p_high_eu, and the rest: p_mid (MariaDB: with its subpartitions) and p_high_us
            assertThat(table(status, "sales").segments()).isEqualTo(3);
            assertThat(table(status, "sales").rowsLoaded()).isEqualTo(300);
            assertThat(target).usingMapping(mapping).isConsistentWith(source);
        }
    }

    @Test
    void postgresPartitionsIntoMariaDb() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.MARIADB)) {
            source.execute(POSTGRES_SOURCE);
            for (String parallelLoad : List.of("{\"type\": \"partitions-auto\"}",
                    "{\"type\": \"partitions-list\", \"partitions\": [\"p_mid\"], \"subpartitions\": [\"p_high_us\"]}")) {
                TableMapping mapping = mapping(source, target, parallelLoad);
                TaskStatus status = run(source, target, mapping);
                assertThat(status.errors()).as(parallelLoad).isEmpty();
                assertThat(table(status, "sales").segments()).as(parallelLoad).isEqualTo(3);
                assertThat(target).usingMapping(mapping).isConsistentWith(source);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "POSTGRESQL"})
    void aListedPartitionThatDoesNotExistIsAnErrorNamingRuleTableAndPartition(Engine from) throws Exception {
        try (TestDatabase source = TestDatabase.create(from); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute(source(from));
            TableMapping mapping = mapping(source, target,
                    "{\"type\": \"partitions-list\", \"partitions\": [\"p_low\", \"p_2019\"], \"subpartitions\": [\"p_high_xx\"]}");
            String message = org.assertj.core.api.Assertions.catchThrowable(() -> run(source, target, mapping)).getMessage();
            String subs = from == Engine.POSTGRESQL ? "p_high_eu, p_high_us"
                    : "p_low_a, p_low_b, p_mid_a, p_mid_b, p_high_eu, p_high_us";
            assertThat(message).contains("Table mapping rule 2 'by-partition' (table-settings ")
                    .contains("): parallel-load partitions-list names partition 'p_2019', subpartition 'p_high_xx' of table " + source.schema()
                    + ".sales, which the table does not have (names are case-sensitive). Partitions of " + source.schema()
                    + ".sales: " + (from == Engine.POSTGRESQL ? "p_high, p_low, p_mid" : "p_low, p_mid, p_high")
                    + "; subpartitions: " + subs + ".");
        }
    }

    @Test
    void aTaskStoppedWhileLoadingByPartitionResumesWithExactlyTheSourceRows() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            StringBuilder parts = new StringBuilder();
            for (int i = 1; i <= 8; i++) {
                parts.append(i == 1 ? "" : ", ").append("PARTITION p").append(i).append(" VALUES LESS THAN (")
                        .append(i == 8 ? "MAXVALUE" : String.valueOf(i * 25_000 + 1)).append(")");
            }
            source.execute("CREATE TABLE sales (id INT NOT NULL PRIMARY KEY, region VARCHAR(5) NOT NULL, amount DECIMAL(10,2),"
                            + " note TEXT) PARTITION BY RANGE (id) (" + parts + ")",
                    "INSERT INTO sales SELECT seq, IF(seq % 2 = 0, 'EU', 'US'), seq * 1.5, CONCAT('row ', seq) FROM seq_1_to_200000",
                    "CREATE TABLE plain (id INT PRIMARY KEY, v INT)", "INSERT INTO plain VALUES (1, 1)");
            TableMapping mapping = mapping(source, target, "{\"type\": \"partitions-auto\"}");
            TaskSettings settings = TaskSettings.builder().controlSchema("dmskit").maxParallelSegments(1).commitRate(5_000).build();
            java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
            ReplicationTask first = ReplicationTask.builder().name("aws-partitions-resume")
                    .source(AwsMappingIT.endpoint(source, "source")).target(AwsMappingIT.endpoint(target, "target"))
                    .mapping(mapping).settings(settings).listener(new io.dmskit.TaskListener() {
                        @Override
                        public void rowsCommitted(TableStatistics table) {
                            if (table.source().name().equals("sales") && table.rowsLoaded() >= 35_000) {
                                loading.countDown();
                            }
                        }
                    }).build();
            TaskStatus stopped;
            try (var handle = first.start()) {
                assertThat(loading.await(2, java.util.concurrent.TimeUnit.MINUTES)).as("rows committed before the stop").isTrue();
                stopped = handle.stop();
            }
            assertThat(stopped.state()).isEqualTo(io.dmskit.TaskState.STOPPED);
            assertThat(table(stopped, "sales").segments()).isEqualTo(8);
            assertThat(table(stopped, "sales").segmentsDone()).isLessThan(8);

            TaskStatus done;
            try (var handle = ReplicationTask.builder().name("aws-partitions-resume")
                    .source(AwsMappingIT.endpoint(source, "source")).target(AwsMappingIT.endpoint(target, "target"))
                    .mapping(mapping).settings(settings).build().start()) {
                done = handle.awaitCompletion(java.time.Duration.ofMinutes(5));
            }
            assertThat(done.state()).as("%s", done.errors()).isEqualTo(io.dmskit.TaskState.COMPLETED);
            assertThat(table(done, "sales").segmentsDone()).isEqualTo(8);
            assertThat(target).usingMapping(mapping).isConsistentWith(source);
        }
    }
}
