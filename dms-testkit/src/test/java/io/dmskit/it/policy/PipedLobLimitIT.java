package io.dmskit.it.policy;

import io.dmskit.ErrorBehavior;
import io.dmskit.LobSettings;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dmskit.it.policy.PolicyFixtures.exceptions;
import static io.dmskit.it.policy.PolicyFixtures.lines;
import static io.dmskit.it.policy.PolicyFixtures.runToEnd;
import static io.dmskit.it.policy.PolicyFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL to PostgreSQL in limited LOB mode, where segments whose LOB values are all within
 * LobMaxSize are piped as COPY bytes and a segment with a value over it takes the row path: the
 * over-limit value still follows the error policy, and every other row arrives unchanged.
 */
class PipedLobLimitIT {

    @Test
    void aValueOverTheLimitInOneSegmentFollowsThePolicyAndTheOtherSegmentsLoad() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE docs (id bigint PRIMARY KEY, title varchar(40), body text, data bytea)",
                    // 10,000 rows (10 segments) of about 1.2 KB of LOBs, 4 KB is the limit; row 5000's body is 4,097 bytes (UTF-8)
                    "INSERT INTO docs SELECT g, 'doc ' || g, repeat(md5(g::text), 32), decode(repeat(md5(g::text), 8), 'hex')"
                            + " FROM generate_series(1, 10000) g",
                    "UPDATE docs SET body = repeat('é', 2048) || 'x' WHERE id = 5000",
                    // exactly the limit: loads
                    "UPDATE docs SET body = repeat('é', 2048) WHERE id = 7000");
            TaskSettings base = task("piped-lobs", source, target, TargetTablePrepMode.DROP_AND_CREATE, ErrorBehavior.defaults(),
                    LobSettings.builder().lobMaxSizeKb(4).build(), 1000, 10_000).build().settings();
            TaskStatus s = runToEnd(task("piped-lobs", source, target, TargetTablePrepMode.DROP_AND_CREATE, ErrorBehavior.defaults(),
                    LobSettings.builder().lobMaxSizeKb(4).build(), 1000, 10_000)
                    .settings(base.toBuilder().segmentRows(1000).build()).build());
            assertThat(s.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(s.rowsLoaded()).isEqualTo(9999);
            String digest = "SELECT id, title, md5(body), md5(data) FROM docs ORDER BY id";
            List<String> expected = lines(source, digest);
            expected.removeIf(l -> l.startsWith("5000|"));
            assertThat(lines(target, digest)).isEqualTo(expected);
            assertThat(exceptions(target, "piped-lobs")).singleElement().satisfies(x -> assertThat(x)
                    .startsWith("LOAD|id=5000|Task piped-lobs, table " + source.schema() + ".docs, row id=5000, column body:"
                            + " a LOB value of 4097 bytes is larger than LobMaxSize (4 KB) of limited LOB mode"));
        }
    }
}
