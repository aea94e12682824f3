package io.dmskit;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ReplicationTask#assess()} found before a run, as a migration service's
 * premigration assessment does: whether both endpoints can be reached with the privileges the
 * migration type needs, whether the source is set up for change data capture, and what in the
 * selected tables or the target would stop or surprise the migration. Each finding has a
 * severity and says how to fix it. Nothing is written to either database. Immutable.
 *
 * <pre>{@code
 * PremigrationAssessment a = task.assess();
 * if (!a.passed()) {
 *     System.err.println(a);        // one line per finding, errors first
 * }
 * }</pre>
 *
 * @param task     the task's name
 * @param findings every finding, errors first, then warnings, then notes
 */
public record PremigrationAssessment(String task, List<Finding> findings) {

    public PremigrationAssessment {
        Objects.requireNonNull(task, "task");
        findings = findings.stream().sorted((a, b) -> a.severity().compareTo(b.severity())).toList();
    }

    /** How bad a finding is. */
    public enum Severity {
        /** The migration would fail or lose data: fix it first. */
        ERROR,
        /** The migration would run, but something may not be what is expected. */
        WARNING,
        /** Worth knowing; nothing to fix. */
        INFO
    }

    /**
     * One finding.
     *
     * @param severity how bad it is
     * @param check    the check that found it, such as {@code wal-level} or {@code table-without-key}
     * @param object   what it concerns: an endpoint ({@code source}, {@code target}) or a table
     * @param message  what was found
     * @param fix      what to do about it; empty for {@link Severity#INFO}
     */
    public record Finding(Severity severity, String check, String object, String message, String fix) {
        public Finding {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(message, "message");
            fix = fix == null ? "" : fix;
        }

        @Override
        public String toString() {
            return severity + " [" + check + "] " + object + ": " + message + (fix.isEmpty() ? "" : " Fix: " + fix);
        }
    }

    /** Whether no finding is an {@link Severity#ERROR}. */
    public boolean passed() {
        return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    /** The findings of one severity. */
    public List<Finding> findings(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }

    /** The findings of one check. */
    public List<Finding> findings(String check) {
        return findings.stream().filter(f -> f.check().equals(check)).toList();
    }

    /** The findings as a Markdown table, for a report file. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("# Premigration assessment of task ").append(task).append("\n\n")
                .append(passed() ? "No errors." : findings(Severity.ERROR).size() + " error(s) to fix before the run.")
                .append("\n\n| severity | check | object | finding | fix |\n|---|---|---|---|---|\n");
        for (Finding f : findings) {
            b.append("| ").append(f.severity()).append(" | ").append(f.check()).append(" | ").append(cell(f.object())).append(" | ")
                    .append(cell(f.message())).append(" | ").append(cell(f.fix())).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Premigration assessment of task " + task + ": "
                + (passed() ? "passed" : findings(Severity.ERROR).size() + " error(s)") + ", " + findings(Severity.WARNING).size()
                + " warning(s)");
        findings.forEach(f -> b.append("\n  ").append(f));
        return b.toString();
    }
}
