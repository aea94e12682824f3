package io.dmskit.testkit.junit;

import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * Marks a {@link TestDatabase} parameter as the test's target database: a fresh, empty database of
 * the engine, created before the test and dropped after it.
 *
 * <pre>{@code
 * @Test
 * void movesOrders(@Source(Engine.MARIADB) TestDatabase src, @Target(Engine.POSTGRESQL) TestDatabase dst) { ... }
 * }</pre>
 *
 * <p>In a {@link org.junit.jupiter.api.Test @Test} the annotation names exactly one engine. In an {@link EnginePairs}
 * template it names the engines to try as the target, or none for every engine that
 * {@link EnginePairs} lists. Every parameter marked {@code @Target} in one test (and its
 * {@code @BeforeEach} and {@code @AfterEach} methods) gets the same database.
 *
 * <p>When no database of the engine can be provisioned, the test fails with the provisioning
 * message ({@link io.dmskit.testkit.TestDatabaseUnavailableException}): a test that cannot run is
 * not a passing test. With {@code skipIfUnavailable = true} it is skipped (aborted) with that
 * message instead, for engines that not every machine has.
 *
 * @see Source
 * @see DmskitTest
 */
@java.lang.annotation.Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(DmskitExtension.class)
public @interface Target {

    /** The engine (in a {@code @Test}, exactly one), or the engines to try (in an {@link EnginePairs} template; none: all). */
    Engine[] value() default {};

    /** Whether a test whose database cannot be provisioned is skipped (true) or fails (false, the default). */
    boolean skipIfUnavailable() default false;
}
