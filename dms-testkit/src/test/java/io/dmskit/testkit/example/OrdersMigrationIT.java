package io.dmskit.testkit.example;

import io.dmskit.ReplicationTask;
import io.dmskit.TaskSettings;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import io.dmskit.testkit.junit.DmskitTest;
import io.dmskit.testkit.junit.EnginePairs;
import io.dmskit.testkit.junit.Source;
import io.dmskit.testkit.junit.Target;
import org.junit.jupiter.api.Test;

import static io.dmskit.testkit.DmskitAssertions.assertThat;

@DmskitTest
class OrdersMigrationIT {

    @Test
    void ordersMoveFromMariaDbToPostgres(@Source(Engine.MARIADB) TestDatabase src,
                                         @Target(Engine.POSTGRESQL) TestDatabase dst) {
        src.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(100) NOT NULL,"
                        + " total DECIMAL(12,2), placed DATETIME(6), paid TINYINT(1), note TEXT)",
                "INSERT INTO orders VALUES"
                        + " (1, 'Zoë 😀', 12.50, '2024-02-29 12:34:56.123456', 1, 'leap day'),"
                        + " (2, 'Bob', NULL, '2024-03-31 02:30:00', 0, ''),"
                        + " (3, 'O''Brien', -0.01, NULL, NULL, NULL)");

        migrate(src, dst);

        assertThat(dst).isConsistentWith(src);
    }

    @EnginePairs
    void ordersMoveBetweenEveryPairOfEngines(@Source TestDatabase src, @Target TestDatabase dst) {
        src.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(100) NOT NULL,"
                        + " total DECIMAL(12,2), placed DATE)",
                "INSERT INTO orders VALUES (1, 'Zoë', 12.50, DATE '2024-02-29'), (2, 'Bob', NULL, NULL)");

        migrate(src, dst);

        assertThat(dst).isConsistentWith(src);
    }

    private static void migrate(TestDatabase src, TestDatabase dst) {
        ReplicationTask.builder()
                .name("orders")
                .source(src.endpoint()).target(dst.endpoint())
                .mapping(src.mappingTo(dst))
                .settings(TaskSettings.builder().controlSchema(dst.controlSchema()).build())
                .build()
                .run();
    }
}
