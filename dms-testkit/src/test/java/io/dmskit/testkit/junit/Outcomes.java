package io.dmskit.testkit.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs a test class through the JUnit Platform and keeps how each test ended, so that a test of
 * the extension can check that a test was skipped, failed or passed, and why. The classes run are
 * static nested classes, which Surefire does not run on its own.
 */
final class Outcomes {

    /** How a test ended: its result, or a skip reason (a @Disabled-like skip, not an abort). */
    record Outcome(TestExecutionResult.Status status, String message) {
    }

    private Outcomes() {
    }

    /** Each test's (and failed template's) display name (for a template's invocations, the template's too: {@code method() > invocation}) and outcome. */
    static Map<String, Outcome> run(Class<?> testClass) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> templates = new HashSet<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request().selectors(selectClass(testClass)).build(), new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                boolean inTemplate = id.getParentId().map(templates::contains).orElse(false);
                names.put(id.getUniqueId(), inTemplate ? names.get(id.getParentId().get()) + " > " + id.getDisplayName()
                        : id.getDisplayName());
                if (id.isContainer() && id.getSource().filter(MethodSource.class::isInstance).isPresent()) {
                    templates.add(id.getUniqueId());
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() || templates.contains(id.getUniqueId()) && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    out.put(names.get(id.getUniqueId()), new Outcome(result.getStatus(),
                            result.getThrowable().map(Throwable::getMessage).orElse(null)));
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                out.put(id.getDisplayName(), new Outcome(null, reason));
            }
        });
        return out;
    }
}
