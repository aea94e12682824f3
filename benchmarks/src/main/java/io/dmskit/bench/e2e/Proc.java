package io.dmskit.bench.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Child processes of the harness: run and capture, or run under {@code /usr/bin/time} and measure. */
final class Proc {
    private Proc() {
    }

    record Out(int exit, String text) {
        String lastLineStartingWith(String prefix) {
            String found = null;
            for (String l : text.split("\n")) {
                if (l.startsWith(prefix)) {
                    found = l;
                }
            }
            return found;
        }

        String tail() {
            return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
        }
    }

    /** Runs a command with stderr into stdout and returns its exit code and output; output also goes to {@code log}. */
    static Out run(List<String> cmd, Path log) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        p.getInputStream().transferTo(buf);
        int exit = p.waitFor();
        String text = buf.toString(StandardCharsets.UTF_8);
        if (log != null) {
            Files.writeString(log, text);
        }
        return new Out(exit, text);
    }

    /**
     * Runs a shell command line under GNU time and returns {wall ms, cpu ms (user + system of
     * the processes), peak RSS KiB (the largest process), -1}.
     */
    static long[] timed(String shell, Path log) throws Exception {
        Path times = Files.createTempFile("dmskit-bench-time", ".txt");
        try {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S %M",
                    "bash", "-c", shell));
            long t0 = System.nanoTime();
            Out out = run(cmd, log);
            long wall = (System.nanoTime() - t0) / 1_000_000;
            if (out.exit() != 0) {
                throw new IllegalStateException("exit " + out.exit() + " of " + shell + ": " + out.tail());
            }
            String[] f = Files.readString(times).trim().split("\\s+");
            int n = f.length;
            long cpu = Math.round((Double.parseDouble(f[n - 3]) + Double.parseDouble(f[n - 2])) * 1000);
            return new long[]{wall, cpu, Long.parseLong(f[n - 1]), -1};
        } finally {
            Files.deleteIfExists(times);
        }
    }
}
