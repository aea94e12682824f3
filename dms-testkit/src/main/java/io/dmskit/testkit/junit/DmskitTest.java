package io.dmskit.testkit.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * A test class of migrations: its tests take {@link Source @Source} and {@link Target @Target}
 * {@link io.dmskit.testkit.TestDatabase} parameters, fresh databases per test, and may be
 * {@link EnginePairs} templates that run once per pair of engines. The same as
 * {@code @ExtendWith(DmskitExtension.class)}.
 *
 * <pre>{@code
 * @DmskitTest
 * class OrdersMigrationTest {
 *     @Test
 *     void ordersArriveUnchanged(@Source(Engine.MARIADB) TestDatabase src, @Target(Engine.POSTGRESQL) TestDatabase dst) {
 *         ...
 *     }
 * }
 * }</pre>
 */
@java.lang.annotation.Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DmskitExtension.class)
public @interface DmskitTest {
}
