package io.dmskit.it;

import io.dmskit.Endpoint;
import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A table of two million rows migrates in a JVM with a 256 MB heap: memory is bounded by the queues, not the table. */
class BoundedMemoryIT {

    @Test
    void twoMillionRowsMigrateWithA256MbHeap() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.MARIADB); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("""
                    CREATE TABLE orders (id BIGINT PRIMARY KEY, customer INT NOT NULL, code VARCHAR(16) NOT NULL,
                      amount DECIMAL(12,2) NOT NULL, note VARCHAR(200), created DATETIME(6) NOT NULL, shipped DATE, paid TINYINT(1) NOT NULL)""",
                    """
                    INSERT INTO orders SELECT seq, seq % 50000, CONCAT('C', seq), (seq % 100000) / 100,
                      IF(seq % 3 = 0, NULL, REPEAT('n', seq % 200)), '2024-01-01 00:00:00' + INTERVAL seq SECOND,
                      IF(seq % 5 = 0, NULL, '2024-01-01' + INTERVAL (seq % 365) DAY), seq % 2 FROM seq_1_to_2000000""",
                    "ANALYZE TABLE orders");
            Path log = Files.createTempFile("bounded-memory", ".log");
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    source.jdbcUrl(), source.user(), source.password(), target.jdbcUrl(), target.user(), target.password(), source.schema()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
            String out = Files.readString(log);
            System.out.println("child JVM: " + out.lines().filter(l -> l.startsWith("rows=")).findFirst().orElse(out));
            assertThat(p.exitValue()).as(out).isEqualTo(0);
            assertThat(out).contains("rows=2000000");
            assertThat(ResumeIT.count(target, source.schema(), "orders")).isEqualTo(2_000_000);
        }
    }

    /** Runs in the child JVM with -Xmx256m. */
    public static final class Main {
        public static void main(String[] a) {
            Endpoint src = Endpoint.jdbc(a[0]).name("source").user(a[1]).password(io.dmskit.Secret.of(a[2])).build();
            Endpoint dst = Endpoint.jdbc(a[3]).name("target").user(a[4]).password(io.dmskit.Secret.of(a[5])).build();
            TaskStatus s = ReplicationTask.builder().name("bounded-memory").source(src).target(dst)
                    .mapping(TableMapping.builder().include(a[6], "orders").build()).build().run(StartMode.RELOAD);
            Runtime rt = Runtime.getRuntime();
            System.out.println("rows=" + s.rowsLoaded() + " heapUsedMB=" + (rt.totalMemory() - rt.freeMemory()) / 1_000_000
                    + " maxHeapMB=" + rt.maxMemory() / 1_000_000 + " seconds=" + s.elapsed().toSeconds());
            System.exit(0);
        }
    }
}
