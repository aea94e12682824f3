package io.dmskit.testkit.junit;

import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import io.dmskit.testkit.TestDatabaseUnavailableException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The JUnit 5 extension behind {@link DmskitTest}, {@link EnginePairs}, {@link Source} and
 * {@link Target}: resolves {@code @Source} and {@code @Target} {@link TestDatabase} parameters
 * with fresh databases, created before each test (before its {@code @BeforeEach} methods) and
 * closed, which drops them, after it (after its {@code @AfterEach} methods); and provides the
 * invocations of {@link EnginePairs} templates, one per pair of engines.
 *
 * <p>A database that cannot be provisioned fails the test with the provisioning message, or
 * aborts it (JUnit reports it skipped) when its annotation says {@code skipIfUnavailable = true}.
 * Registered through the annotations; {@code @ExtendWith(DmskitExtension.class)} works too.
 * Thread-safe: state lives in each test's {@link ExtensionContext.Store}, so that tests may run
 * in parallel.
 */
public final class DmskitExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback,
        TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DmskitExtension.class);
    private static final String DATABASES = "databases";

    /** The two databases a test can have. */
    private enum Role {
        SOURCE("@Source"), TARGET("@Target");

        private final String annotation;

        Role(String annotation) {
            this.annotation = annotation;
        }
    }

    /** The annotation of a parameter, whichever of the two it is. */
    private record Marked(Role role, Engine[] engines, boolean skipIfUnavailable, Parameter parameter) {
    }

    /** The databases of one test, by role; not AutoCloseable, so that only {@link #afterEach} closes them. */
    private static final class Databases {
        final Map<Role, TestDatabase> open = Collections.synchronizedMap(new EnumMap<>(Role.class));
    }

    /** The engines of one invocation of an {@link EnginePairs} template; null for the extension that annotations register. */
    private final Map<Role, Engine> pair;

    /** The extension as annotations register it. */
    public DmskitExtension() {
        this.pair = null;
    }

    private DmskitExtension(Map<Role, Engine> pair) {
        this.pair = Map.copyOf(pair);
    }

    // ------------------------------------------------------------------------------------------ parameters

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Optional<Marked> marked = marked(parameterContext.getParameter());
        if (marked.isEmpty() || !handles(extensionContext)) {
            return false;
        }
        if (parameterContext.getParameter().getType() != TestDatabase.class) {
            throw new ParameterResolutionException(marked.get().role().annotation + " marks a TestDatabase parameter, but parameter "
                    + parameterContext.getParameter().getName() + " of " + parameterContext.getDeclaringExecutable().getName()
                    + " is a " + parameterContext.getParameter().getType().getName());
        }
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Marked marked = marked(parameterContext.getParameter()).orElseThrow();
        Databases databases = databases(extensionContext);
        TestDatabase db = databases.open.get(marked.role());
        if (db == null) {
            // a role that the test method does not declare, asked for by a @BeforeEach or @AfterEach method
            db = provision(marked, engineOf(marked, extensionContext), databases);
        }
        return db;
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!handles(context)) {
            return;
        }
        Method method = context.getRequiredTestMethod();
        Databases databases = databases(context);
        for (Marked marked : declared(method)) {
            if (!databases.open.containsKey(marked.role())) {
                provision(marked, engineOf(marked, context), databases);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!handles(context)) {
            return;
        }
        Databases databases = context.getStore(NAMESPACE).remove(DATABASES, Databases.class);
        if (databases != null) {
            closeAll(databases);
        }
    }

    // ------------------------------------------------------------------------------------------ templates

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return pair == null && context.getTestMethod().map(DmskitExtension::isPairs).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        EnginePairs pairs = AnnotationSupport.findAnnotation(method, EnginePairs.class).orElseThrow();
        List<Marked> declared = declared(method);
        if (declared.isEmpty()) {
            throw new ExtensionConfigurationException("@EnginePairs test " + method.getName() + " has no @Source or @Target "
                    + "TestDatabase parameter, so there are no pairs to run it for");
        }
        List<Map<Role, Engine>> combinations = new ArrayList<>();
        combinations.add(new EnumMap<>(Role.class));
        for (Marked marked : declared) {
            Engine[] engines = marked.engines().length == 0 ? pairs.engines() : marked.engines();
            List<Map<Role, Engine>> next = new ArrayList<>();
            for (Map<Role, Engine> partial : combinations) {
                for (Engine e : new LinkedHashSet<>(Arrays.asList(engines))) {
                    Map<Role, Engine> m = new EnumMap<>(Role.class);
                    m.putAll(partial);
                    m.put(marked.role(), e);
                    next.add(m);
                }
            }
            combinations = next;
        }
        List<TestTemplateInvocationContext> invocations = new ArrayList<>();
        for (Map<Role, Engine> combination : combinations) {
            if (!pairs.sameEngine() && combination.size() == 2 && combination.get(Role.SOURCE) == combination.get(Role.TARGET)) {
                continue;
            }
            invocations.add(invocation(combination));
        }
        if (invocations.isEmpty()) {
            throw new ExtensionConfigurationException("@EnginePairs test " + method.getName() + " has no pair of different engines");
        }
        return invocations.stream();
    }

    private static TestTemplateInvocationContext invocation(Map<Role, Engine> combination) {
        String name = combination.size() == 2 ? combination.get(Role.SOURCE) + " -> " + combination.get(Role.TARGET)
                : combination.containsKey(Role.SOURCE) ? "source " + combination.get(Role.SOURCE)
                : "target " + combination.get(Role.TARGET);
        DmskitExtension extension = new DmskitExtension(combination);
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return name;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(extension);
            }
        };
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * Whether this instance serves the test: the annotation-registered instance serves plain tests,
     * the instance of a template invocation serves that invocation, so that the two never compete.
     */
    private boolean handles(ExtensionContext context) {
        boolean template = context.getTestMethod().map(DmskitExtension::isPairs).orElse(false);
        return pair != null || !template && context.getTestMethod().isPresent();
    }

    private static boolean isPairs(Method method) {
        return AnnotationSupport.isAnnotated(method, EnginePairs.class);
    }

    private Engine engineOf(Marked marked, ExtensionContext context) {
        if (pair != null) {
            Engine e = pair.get(marked.role());
            if (e != null) {
                return e;
            }
        }
        String where = marked.role().annotation + " on parameter " + marked.parameter().getName() + " of "
                + context.getTestMethod().map(Method::getName).orElse("the test");
        if (marked.engines().length == 1) {
            return marked.engines()[0];
        }
        if (marked.engines().length == 0) {
            throw new ExtensionConfigurationException(where + " names no engine. Name one, as in " + marked.role().annotation
                    + "(Engine.POSTGRESQL), or make the test an @EnginePairs template to run it with every engine");
        }
        throw new ExtensionConfigurationException(where + " names " + marked.engines().length + " engines "
                + Arrays.toString(marked.engines()) + ", but a @Test runs with one. Make the test an @EnginePairs template "
                + "to run it with each");
    }

    private static TestDatabase provision(Marked marked, Engine engine, Databases databases) {
        TestDatabase db;
        try {
            db = TestDatabase.create(engine);
        } catch (TestDatabaseUnavailableException e) {
            if (marked.skipIfUnavailable()) {
                throw new TestAbortedException("Skipped: " + marked.role().annotation + "(skipIfUnavailable = true) and "
                        + e.getMessage(), e);
            }
            throw e;
        }
        databases.open.put(marked.role(), db);
        return db;
    }

    private static Databases databases(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(DATABASES, k -> new Databases(), Databases.class);
    }

    private static void closeAll(Databases databases) {
        RuntimeException failure = null;
        List<TestDatabase> open;
        synchronized (databases.open) {
            open = new ArrayList<>(databases.open.values());
            databases.open.clear();
        }
        for (TestDatabase db : open) {
            try {
                db.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The first parameter of each role of the method, in parameter order. */
    private static List<Marked> declared(Method method) {
        List<Marked> out = new ArrayList<>();
        Set<Role> seen = java.util.EnumSet.noneOf(Role.class);
        for (Parameter p : method.getParameters()) {
            marked(p).filter(m -> seen.add(m.role())).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Marked> marked(Parameter p) {
        Source source = p.getAnnotation(Source.class);
        Target target = p.getAnnotation(Target.class);
        if (source != null && target != null) {
            throw new ExtensionConfigurationException("Parameter " + p.getName() + " of " + p.getDeclaringExecutable().getName()
                    + " is marked both @Source and @Target; a test has one database of each");
        }
        if (source != null) {
            return Optional.of(new Marked(Role.SOURCE, source.value(), source.skipIfUnavailable(), p));
        }
        if (target != null) {
            return Optional.of(new Marked(Role.TARGET, target.value(), target.skipIfUnavailable(), p));
        }
        return Optional.empty();
    }
}
