package io.dmskit.schema.mysql;

import io.dmskit.schema.DialectSpec;

/**
 * MariaDB (10.7 and later): {@link MySqlDialect}'s catalog reading and type mapping, with
 * MariaDB's own details:
 * <ul>
 * <li>uuid is a native type: UUID maps to {@code uuid}, not CHAR(36);</li>
 * <li>JSON is longtext with {@code CHECK (json_valid(col))}; the catalog reader recognises the
 *     check and reports JSON (the catalog reader does this on either dialect, from the server's version);</li>
 * <li>inet4, inet6 (and the geometry family) are UNSUPPORTED;</li>
 * <li>tables are created with collation {@code utf8mb4_nopad_bin} (MariaDB has no
 *     {@code utf8mb4_0900_bin}): binary, and trailing spaces count.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public class MariaDbDialect extends MySqlDialect {

    private static final DialectSpec SPEC = familySpec("mariadb", "MariaDB", "utf8mb4_nopad_bin");

    public MariaDbDialect() {
        super(SPEC);
    }

    @Override
    protected boolean hasUuidType() {
        return true;
    }
}
