package io.dmskit.examples.cli;

import io.dmskit.TableState;
import io.dmskit.TableStatistics;
import io.dmskit.TaskHandle;
import io.dmskit.TaskStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Draws a task's progress: on a terminal, a bar per table redrawn in place; otherwise a line per
 * table when it finishes and a progress line every few seconds. Then a summary table.
 */
final class Progress {
    private static final int BAR = 28;
    private final PrintStream out;
    private final boolean terminal;
    private int drawnLines;
    private long lastLine;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Polls the task until it ends, drawing its progress; returns the final status. */
    TaskStatus follow(TaskHandle handle) throws InterruptedException {
        java.util.Set<String> reported = new java.util.HashSet<>();
        while (true) {
            TaskStatus s = handle.awaitCompletion(Duration.ofMillis(terminal ? 250 : 1000));
            if (terminal) {
                redraw(s);
            } else {
                for (TableStatistics t : s.tables()) {
                    if ((t.state() == TableState.COMPLETED || t.state() == TableState.ERROR) && reported.add(t.source().toString())) {
                        out.println(line(t));
                    }
                }
                if (System.nanoTime() - lastLine > 5_000_000_000L && !s.state().isFinal()) {
                    lastLine = System.nanoTime();
                    out.printf(Locale.ROOT, "... %d%% (%,d rows, %s)%n", s.percent(), s.rowsLoaded(), seconds(s.elapsed()));
                }
            }
            if (s.state().isFinal()) {
                return s;
            }
        }
    }

    private void redraw(TaskStatus s) {
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) {
            sb.append("\033[").append(drawnLines).append('F');
        }
        List<TableStatistics> tables = s.tables();
        for (TableStatistics t : tables) {
            sb.append("\033[2K").append(line(t)).append('\n');
        }
        sb.append("\033[2K").append(String.format(Locale.ROOT, "%-40s %s %3d%%  %,d rows  %s%n", "total", bar(s.percent()),
                s.percent(), s.rowsLoaded(), seconds(s.elapsed())));
        drawnLines = tables.size() + 1;
        out.print(sb);
        out.flush();
    }

    private static String line(TableStatistics t) {
        String state = switch (t.state()) {
            case COMPLETED -> "done";
            case ERROR -> "ERROR";
            case LOADING -> "loading";
            case QUEUED -> "queued";
            case STOPPED -> "stopped";
        };
        return String.format(Locale.ROOT, "%-40s %s %3d%%  %,d rows  %s  %s", shorten(t.source().toString(), 40),
                bar(t.percent()), t.percent(), t.rowsLoaded(), seconds(t.elapsed()), state);
    }

    private static String bar(int percent) {
        int filled = percent * BAR / 100;
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The summary table at the end of a run, with the errors and warnings. */
    void summary(TaskStatus s) {
        out.println();
        out.printf(Locale.ROOT, "%-40s %-10s %14s %10s %9s %12s%n", "table", "state", "rows", "MB", "seconds", "rows/s");
        out.println("-".repeat(100));
        for (TableStatistics t : s.tables()) {
            double secs = t.elapsed().toMillis() / 1000.0;
            out.printf(Locale.ROOT, "%-40s %-10s %,14d %10.1f %9.1f %,12.0f%n", shorten(t.source() + " -> " + t.target(), 40),
                    t.state(), t.rowsLoaded(), t.bytesLoaded() / 1e6, secs, secs > 0 ? t.rowsLoaded() / secs : 0.0);
        }
        out.println("-".repeat(100));
        double secs = s.elapsed().toMillis() / 1000.0;
        out.printf(Locale.ROOT, "%-40s %-10s %,14d %10s %9.1f %,12.0f%n", "task " + s.task(), s.state(), s.rowsLoaded(), "",
                secs, secs > 0 ? s.rowsLoaded() / secs : 0.0);
        for (String w : s.warnings()) {
            out.println("warning: " + w);
        }
        for (var e : s.errors()) {
            out.println("ERROR: " + e.message());
        }
    }
}
