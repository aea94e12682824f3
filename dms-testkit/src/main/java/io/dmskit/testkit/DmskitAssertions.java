package io.dmskit.testkit;

/**
 * AssertJ assertions on test databases (AssertJ is an optional dependency of the testkit: add
 * {@code org.assertj:assertj-core} to the tests that use this class).
 *
 * <pre>{@code
 * import static io.dmskit.testkit.DmskitAssertions.assertThat;
 *
 * assertThat(target).ignoringColumns("updated_at").isConsistentWith(source);
 * }</pre>
 */
public final class DmskitAssertions {

    private DmskitAssertions() {
    }

    /** Assertions on what a database holds, as the target of a migration. */
    public static TestDatabaseAssert assertThat(TestDatabase actual) {
        return new TestDatabaseAssert(actual);
    }
}
