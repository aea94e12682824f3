package io.dmskit.bench.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The e2e harness at a smoke size: every engine pair, both tables, dmskit only (the limits need
 * server-side files, the other tools may not be installed), in databases of their own tag so
 * that a benchmark running on the same servers is not disturbed. Needs the servers of
 * DMSKIT_TEST_POSTGRES_URL and DMSKIT_TEST_MARIADB_URL; asserts nothing about speed.
 */
class E2eSmokeIT {

    @Test
    void copiesEveryPairAndReportsIt() throws Exception {
        String pg = System.getenv("DMSKIT_TEST_POSTGRES_URL");
        String my = System.getenv("DMSKIT_TEST_MARIADB_URL");
        assumeTrue(pg != null && my != null, "DMSKIT_TEST_POSTGRES_URL and DMSKIT_TEST_MARIADB_URL name the servers");
        Path out = Files.createTempFile("e2e-smoke", ".md");
        int exit = E2e.run(new String[]{"--rows", "3000", "--docs-rows", "200", "--runs", "1", "--only", "dmskit",
                "--tag", "_smoke" + ProcessHandle.current().pid(), "--pg-url", pg, "--mariadb-url", my,
                "--out", out.toString()});
        assertThat(exit).isZero();
        String report = Files.readString(out);
        for (String pair : E2e.ALL_PAIRS) {
            assertThat(report).contains("| " + pair + " | orders | dmskit |").contains("| " + pair + " | docs | dmskit |");
        }
    }

    @Test
    void runsTheCdcHarnessForBothSources() throws Exception {
        String pg = System.getenv("DMSKIT_TEST_POSTGRES_URL");
        String my = System.getenv("DMSKIT_TEST_MARIADB_URL");
        assumeTrue(pg != null && my != null, "DMSKIT_TEST_POSTGRES_URL and DMSKIT_TEST_MARIADB_URL name the servers");
        Path out = Files.createTempFile("e2e-cdc-smoke", ".md");
        int exit = CdcBench.run(new String[]{"--changes", "2000", "--runs", "1", "--rate", "500", "--seconds", "2",
                "--tag", "_smoke" + ProcessHandle.current().pid(), "--pg-url", pg, "--mariadb-url", my, "--out", out.toString()});
        assertThat(exit).isZero();
        assertThat(Files.readString(out)).contains("| mariadb → postgresql | 2,000 |", "| postgresql → postgresql | 2,000 |");
    }
}
