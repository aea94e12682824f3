package io.dmskit.schema.sql;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.util.Locale;

/**
 * The SQL facts of one engine that translation needs, as data: its family (whose functions and
 * syntax it shares), how it folds and quotes identifiers, and how it writes string literals.
 * MariaDB and MySQL share a family; where they differ a rule asks {@link #isMariaDb()}.
 */
enum Flavor {
    POSTGRESQL("postgresql", "PostgreSQL", Family.POSTGRES),
    MARIADB("mariadb", "MariaDB", Family.MYSQL),
    MYSQL("mysql", "MySQL", Family.MYSQL),
    H2("h2", "H2", Family.H2);

    /** Engines whose SQL is alike enough to share translation rules. */
    enum Family { POSTGRES, MYSQL, H2 }

    final String engine;
    final String displayName;
    final Family family;

    Flavor(String engine, String displayName, Family family) {
        this.engine = engine;
        this.displayName = displayName;
        this.family = family;
    }

    static Flavor of(String engine) {
        String e = engine == null ? "" : engine.toLowerCase(Locale.ROOT);
        for (Flavor f : values()) {
            if (f.engine.equals(e)) {
                return f;
            }
        }
        throw new DmsException(ErrorCode.UNKNOWN_ENGINE, "SQL translation knows the engines postgresql, mariadb, "
                + "mysql and h2, not '" + engine + "'");
    }

    boolean isMySqlFamily() {
        return family == Family.MYSQL;
    }

    boolean isPostgres() {
        return family == Family.POSTGRES;
    }

    boolean isH2() {
        return family == Family.H2;
    }

    boolean isMariaDb() {
        return this == MARIADB;
    }

    /** The name that an unquoted identifier stands for: PostgreSQL folds to lower case, H2 to upper, MySQL keeps it. */
    String fold(String unquoted) {
        return switch (family) {
            case POSTGRES -> unquoted.toLowerCase(Locale.ROOT);
            case H2 -> unquoted.toUpperCase(Locale.ROOT);
            case MYSQL -> unquoted;
        };
    }

    /** The identifier quoted, with the quote character inside it doubled (as the dialects of dms-schema quote). */
    String quote(String name) {
        return isMySqlFamily() ? "`" + name.replace("`", "``") + "`" : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * The name that an identifier as written in this engine's SQL stands for: quotes removed (and
     * doubled quote characters undone) from a quoted one, an unquoted one folded.
     */
    String name(String written) {
        if (written == null || written.isEmpty()) {
            return written;
        }
        char q = written.charAt(0);
        if (written.length() >= 2 && (q == '"' || q == '`') && written.charAt(written.length() - 1) == q) {
            String inner = written.substring(1, written.length() - 1);
            return inner.replace(String.valueOf(q) + q, String.valueOf(q));
        }
        return fold(written);
    }

    /** A string literal holding exactly {@code value}, as this engine reads it by default. */
    String literal(String value) {
        String v = value.replace("'", "''");
        if (isMySqlFamily()) {
            // MySQL reads backslash escapes in literals unless NO_BACKSLASH_ESCAPES is set
            v = v.replace("\\", "\\\\");
        }
        return "'" + v + "'";
    }

    /**
     * The value of a string literal written in this engine, given the text between its quotes and
     * the prefix before the opening quote (PostgreSQL {@code E}, or null).
     */
    String literalValue(String prefix, String raw) {
        boolean backslashes = isMySqlFamily() || (prefix != null && prefix.equalsIgnoreCase("E"));
        StringBuilder s = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\'' && i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
                s.append('\'');
                i++;
            } else if (c == '\\' && backslashes && i + 1 < raw.length()) {
                char n = raw.charAt(++i);
                switch (n) {
                    case 'n' -> s.append('\n');
                    case 't' -> s.append('\t');
                    case 'r' -> s.append('\r');
                    case 'b' -> s.append('\b');
                    case '0' -> s.append('\0');
                    case 'Z' -> s.append('\u001a');
                    // MySQL keeps the backslash of \% and \_ (they are LIKE escapes)
                    case '%', '_' -> s.append(isMySqlFamily() ? "\\" + n : String.valueOf(n));
                    default -> s.append(n);
                }
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
