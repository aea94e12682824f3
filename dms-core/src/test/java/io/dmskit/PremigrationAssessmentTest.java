package io.dmskit;

import io.dmskit.PremigrationAssessment.Finding;
import io.dmskit.PremigrationAssessment.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PremigrationAssessmentTest {

    private static final Finding INFO = new Finding(Severity.INFO, "wal-level", "source", "wal_level is logical", null);
    private static final Finding WARN = new Finding(Severity.WARNING, "table-without-key", "public.t", "no key", "Add a key");
    private static final Finding ERR = new Finding(Severity.ERROR, "binlog", "source", "The binary log is off", "Set log_bin");

    @Test
    void errorsComeFirstAndFailTheAssessment() {
        PremigrationAssessment a = new PremigrationAssessment("t1", List.of(INFO, WARN, ERR));
        assertThat(a.findings()).containsExactly(ERR, WARN, INFO);
        assertThat(a.passed()).isFalse();
        assertThat(a.findings(Severity.WARNING)).containsExactly(WARN);
        assertThat(a.findings("binlog")).containsExactly(ERR);
        assertThat(INFO.fix()).isEmpty();
    }

    @Test
    void withoutErrorsItPasses() {
        assertThat(new PremigrationAssessment("t1", List.of(INFO, WARN)).passed()).isTrue();
    }

    @Test
    void rendersOneLinePerFindingAndAMarkdownTable() {
        PremigrationAssessment a = new PremigrationAssessment("t1", List.of(WARN, ERR));
        assertThat(a.toString()).isEqualTo("""
                Premigration assessment of task t1: 1 error(s), 1 warning(s)
                  ERROR [binlog] source: The binary log is off Fix: Set log_bin
                  WARNING [table-without-key] public.t: no key Fix: Add a key""");
        assertThat(a.toMarkdown()).contains("1 error(s) to fix before the run.")
                .contains("| ERROR | binlog | source | The binary log is off | Set log_bin |");
    }
}
