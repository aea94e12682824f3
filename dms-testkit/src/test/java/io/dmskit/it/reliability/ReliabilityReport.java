package io.dmskit.it.reliability;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the outcome of every reliability test as a row of {@code target/reliability-report.md}:
 * the fault or bad input (the test's display name), the engines, what happened (notes the test
 * added with {@link #note}), and whether the test passed. A failed or aborted test is recorded too,
 * so the report never claims more than the run showed. {@code docs/reliability.md} is made from it.
 */
public final class ReliabilityReport implements TestWatcher, BeforeEachCallback {
    /** Where rows go, relative to the module (failsafe's working directory). */
    static final Path FILE = Path.of("target", "reliability-report.md");
    private static final Map<String, StringBuilder> NOTES = new ConcurrentHashMap<>();

    /** Adds a sentence to the "observed" column of the running test's row (tests run one at a time). */
    public static synchronized void note(String text) {
        if (current != null) {
            StringBuilder b = NOTES.computeIfAbsent(current, k -> new StringBuilder());
            b.append(b.length() == 0 ? "" : "; ").append(text);
        }
    }

    private static volatile String current;

    @Override
    public void beforeEach(ExtensionContext context) {
        current = id(context);
    }

    private static String id(ExtensionContext context) {
        return context.getUniqueId();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        write(context, "passed", null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        write(context, "**FAILED**", cause);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        write(context, "skipped", cause);
    }

    private static synchronized void write(ExtensionContext context, String outcome, Throwable cause) {
        StringBuilder notes = NOTES.remove(id(context));
        String observed = notes == null ? "" : notes.toString();
        if (cause != null) {
            String m = String.valueOf(cause.getMessage());
            observed += (observed.isEmpty() ? "" : "; ") + cause.getClass().getSimpleName() + ": "
                    + (m.length() > 200 ? m.substring(0, 200) + "..." : m);
        }
        String test = context.getTestClass().map(Class::getSimpleName).orElse("") + "."
                + context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
        String row = "| " + cell(area(context)) + " | " + cell(context.getDisplayName()) + " | " + cell(observed) + " | " + outcome
                + " | `" + test + "` | " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " |\n";
        try {
            Files.createDirectories(FILE.getParent());
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, "| area | fault or input | observed | result | test | run at |\n|---|---|---|---|---|---|\n",
                        StandardCharsets.UTF_8);
            }
            Files.writeString(FILE, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String area(ExtensionContext context) {
        Optional<Area> a = context.getTestClass().map(c -> c.getAnnotation(Area.class));
        return a.map(Area::value).orElse("");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** The report's "area" column for a test class, such as {@code fault: process killed}. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    public @interface Area {
        String value();
    }
}
