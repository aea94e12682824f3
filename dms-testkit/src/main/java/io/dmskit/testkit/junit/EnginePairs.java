package io.dmskit.testkit.junit;

import io.dmskit.testkit.Engine;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * A test template that runs once per pair of engines: once for each engine of its
 * {@link Source @Source} parameter and each engine of its {@link Target @Target} parameter, each
 * time with fresh databases, named {@code MARIADB -> POSTGRESQL} and so on.
 *
 * <pre>{@code
 * @EnginePairs
 * void ordersArriveUnchanged(@Source TestDatabase src, @Target({Engine.POSTGRESQL, Engine.MARIADB}) TestDatabase dst) {
 *     ...
 * }
 * }</pre>
 *
 * <p>A parameter annotation that names no engine stands for {@link #engines()}: by default
 * PostgreSQL, MariaDB and H2, the engines that the testkit can provision without Docker (an
 * embedded PostgreSQL, the machine's {@code mariadbd}, H2 in memory). Add
 * {@code skipIfUnavailable = true} to skip, rather than fail, the pairs whose database cannot be
 * provisioned on a machine.
 */
@java.lang.annotation.Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(DmskitExtension.class)
public @interface EnginePairs {

    /** The engines that a {@code @Source} or {@code @Target} without engines stands for. */
    Engine[] engines() default {Engine.POSTGRESQL, Engine.MARIADB, Engine.H2};

    /** Whether pairs of one engine with itself run too (default true). */
    boolean sameEngine() default true;
}
