package io.dmskit.internal.validate;

import io.dmskit.schema.DataType;
import io.dmskit.schema.TypeKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One engine's SQL for the validator: the {@link CanonicalForm canonical text} of a column, and
 * the checksum of a row text, so that a range's row count and checksum are computed inside the
 * database and only two numbers cross the network.
 *
 * <p><b>The checksum.</b> The row text is the canonical texts of the row's compared columns in
 * order, each NULL as {@code N}, each text-like one prefixed by its length in characters and
 * {@code :} (so that no value can imitate a separator), joined by {@code |}. A row's hash is the
 * first 15 hex digits of the MD5 of the row text's UTF-8 bytes as an integer (60 bits), and a
 * range's checksum is the exact sum of its rows' hashes together with its row count. Why: MD5
 * is built into PostgreSQL ({@code md5}), MySQL and MariaDB ({@code MD5}) and gives the same
 * hex for the same bytes; 15 hex digits fit a signed 64-bit integer on both engines
 * ({@code ('x'||h)::bit(60)::bigint}, {@code CAST(CONV(h,16,10) AS UNSIGNED)}); the sum is exact on
 * both (PostgreSQL sums bigint into numeric, MariaDB into DECIMAL), does not depend on row order,
 * and unlike XOR does not cancel two equal rows, so a table without a key that has a row twice
 * differs from one that has it once. A changed row goes unseen only if its hash is unchanged:
 * about 1 in 2<sup>60</sup>.
 *
 * <p><b>Hash buckets.</b> Tables whose key is not one integer are partitioned by a bucket
 * number from the MD5 of the key's canonical text (its first 8 hex digits, modulo the number of
 * buckets), which both engines and Java compute alike whatever their collations.
 *
 * <p>An engine without an implementation here has its tables compared in Java (read through its
 * reader): correct, only slower. The checksums of two sides are equal only when their row texts
 * are the same bytes, so text must hash as UTF-8: MariaDB and MySQL text is converted to utf8mb4;
 * a PostgreSQL database in another encoding hashes its own bytes, its ranges then differ and are
 * compared row by row in Java (slow, still correct). Whenever the checksums of a part differ,
 * for that reason or for a float that an engine prints with a digit more (see
 * {@link CanonicalForm#FLOAT}), the rows are compared in Java, which decides: a checksum
 * mismatch costs time, never a false difference. Stateless and thread-safe.
 */
abstract class CanonicalSql {

    private static final Map<String, CanonicalSql> ENGINES = Map.of(
            "postgresql", new Postgres(),
            "mariadb", new MySql(),
            "mysql", new MySql());

    /** The SQL of an engine, when the validator has it. */
    static Optional<CanonicalSql> forEngine(String engine) {
        return Optional.ofNullable(ENGINES.get(engine));
    }

    /** The engine name that two CanonicalSql must share for an engine-specific form to be compared in SQL. */
    abstract String family();

    /**
     * SQL whose value is the canonical text of the column (NULL for NULL), or null when this engine
     * has no SQL for the form and type. {@code column} is the quoted column name.
     */
    abstract String canonical(CanonicalForm form, DataType type, String column);

    /** Whether the form's SQL text here is this engine's own spelling rather than the portable one. */
    static boolean engineSpecific(CanonicalForm form) {
        return form == CanonicalForm.JSON || form == CanonicalForm.ARRAY;
    }

    /** Concatenation of text expressions, none of them NULL. */
    abstract String concat(List<String> parts);

    /** The length of a text in characters, as text. */
    abstract String charLength(String expr);

    /** The 60-bit hash of a text expression, as an integer expression. */
    abstract String hash60(String text);

    /** The bucket, 0 to buckets-1, of a text expression. */
    abstract String bucket(String text, int buckets);

    /** The row text of canonical column expressions (see the class comment). */
    final String rowText(List<String> canonicals, List<CanonicalForm> forms) {
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < canonicals.size(); i++) {
            if (i > 0) {
                parts.add("'|'");
            }
            String c = canonicals.get(i);
            String piece = forms.get(i).needsLengthPrefix() ? concat(List.of(charLength(c), "':'", c)) : c;
            parts.add("COALESCE(" + piece + ", 'N')");
        }
        return parts.size() == 1 ? parts.get(0) : concat(parts);
    }

    // ---------------------------------------------------------------------------------------

    /** PostgreSQL 12 and later (extract(epoch) is exact numeric from 14; earlier, exact enough for microseconds). */
    static final class Postgres extends CanonicalSql {
        @Override
        String family() {
            return "postgresql";
        }

        @Override
        String canonical(CanonicalForm form, DataType type, String c) {
            TypeKind k = type.kind();
            switch (form) {
                case NUMBER:
                    if (k == TypeKind.BOOLEAN) {
                        return "(CASE WHEN " + c + " THEN '1' WHEN NOT " + c + " THEN '0' END)";
                    }
                    if (k == TypeKind.DECIMAL && type.scale() != 0) {
                        return "(CASE WHEN scale(" + c + ") > 0 THEN rtrim(rtrim(" + c + "::text, '0'), '.') ELSE "
                                + c + "::text END)";
                    }
                    return CanonicalForm.isNumber(k) ? c + "::text" : null;
                case FLOAT: {
                    if (!CanonicalForm.isNumber(k) || k == TypeKind.BOOLEAN) {
                        return null;
                    }
                    String s = "(" + c + ")::float8::text";
                    return "(CASE WHEN " + c + " IS NULL THEN NULL WHEN " + s + " IN ('NaN', 'Infinity', '-Infinity') THEN "
                            + s + " ELSE " + normalizeFloat(s) + " END)";
                }
                case TEXT:
                    return CanonicalForm.isText(k) ? c + "::text" : null;
                case TEXT_RTRIM:
                    return CanonicalForm.isText(k) ? "rtrim(" + c + "::text, ' ')" : null;
                case UUID:
                    return k == TypeKind.UUID ? c + "::text" : CanonicalForm.isText(k) ? "lower(rtrim(" + c + "::text, ' '))" : null;
                case BINARY:
                    return k.isBinary() ? "encode(" + c + ", 'hex')" : null;
                case BIT:
                    return k == TypeKind.BIT ? c + "::text" : null;
                case DATE:
                    return k == TypeKind.DATE ? "to_char(" + c + ", 'YYYY-MM-DD')" : null;
                case TIMESTAMP:
                    return switch (k) {
                        case TIMESTAMP -> "to_char(" + c + ", 'YYYY-MM-DD HH24:MI:SS.US')";
                        case TIMESTAMP_TZ -> "to_char(" + c + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
                        case DATE -> "to_char(" + c + "::timestamp, 'YYYY-MM-DD HH24:MI:SS.US')";
                        default -> null;
                    };
                case DURATION:
                    if (k == TypeKind.TIME) {
                        return "('0,' || (extract(epoch from " + c + ") * 1000000)::bigint::text)";
                    }
                    if (k == TypeKind.INTERVAL) {
                        String months = "(extract(year from " + c + ") * 12 + extract(month from " + c + "))::int";
                        return "(" + months + "::text || ',' || (extract(epoch from " + c + " - make_interval(months => "
                                + months + ")) * 1000000)::bigint::text)";
                    }
                    return null;
                case TIME_TZ:
                    return k == TypeKind.TIME_TZ ? "((extract(epoch from " + c + "::time) * 1000000)::bigint::text || '@' || "
                            + "extract(timezone from " + c + ")::bigint::text)" : null;
                case JSON:
                    return k == TypeKind.JSON ? c + "::jsonb::text" : null;
                case ARRAY:
                    return k == TypeKind.ARRAY ? c + "::text" : null;
                default:
                    return null;
            }
        }

        /** {@link CanonicalForm#floatText} in SQL, over a text expression {@code s}. */
        private static String normalizeFloat(String s) {
            String m = "split_part(" + s + ", 'e', 1)";
            String e = "COALESCE(NULLIF(split_part(" + s + ", 'e', 2), ''), '0')::int";
            String a = "ltrim(" + m + ", '-')";
            String digits0 = "replace(" + a + ", '.', '')";
            String digits = "rtrim(ltrim(" + digits0 + ", '0'), '0')";
            String lead = "(length(" + digits0 + ") - length(ltrim(" + digits0 + ", '0')))";
            String intLen = "(strpos(" + a + " || '.', '.') - 1)";
            return "(CASE WHEN " + digits + " = '' THEN '0' ELSE (CASE WHEN left(" + s + ", 1) = '-' THEN '-' ELSE '' END)"
                    + " || '0.' || " + digits + " || 'e' || (" + intLen + " - " + lead + " + " + e + ")::text END)";
        }

        @Override
        String concat(List<String> parts) {
            return "(" + String.join(" || ", parts) + ")";
        }

        @Override
        String charLength(String expr) {
            return "length(" + expr + ")::text";
        }

        @Override
        String hash60(String text) {
            return "('x' || substr(md5(" + text + "), 1, 15))::bit(60)::bigint";
        }

        @Override
        String bucket(String text, int buckets) {
            return "(('x' || substr(md5(" + text + "), 1, 8))::bit(32)::bigint % " + buckets + ")";
        }
    }

    /** MySQL 8 and MariaDB 10.3 and later; sessions are UTC and utf8mb4 (see MySqlEngine). */
    static final class MySql extends CanonicalSql {
        @Override
        String family() {
            return "mysql";
        }

        private static String utf8(String c) {
            return "(CONVERT(" + c + " USING utf8mb4) COLLATE utf8mb4_bin)";
        }

        @Override
        String canonical(CanonicalForm form, DataType type, String c) {
            TypeKind k = type.kind();
            switch (form) {
                case NUMBER:
                    if (k == TypeKind.DECIMAL && type.scale() != 0) {
                        return "IF(" + c + " = 0, '0', TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(" + c + " AS CHAR))))";
                    }
                    if (k == TypeKind.YEAR || k == TypeKind.BOOLEAN) {
                        return "CAST(" + c + " + 0 AS CHAR)";
                    }
                    return k.isInteger() || k == TypeKind.DECIMAL ? "CAST(" + c + " AS CHAR)" : null;
                case FLOAT: {
                    if (!CanonicalForm.isNumber(k)) {
                        return null;
                    }
                    String s = k == TypeKind.DOUBLE ? "CAST(" + c + " AS CHAR)" : "CAST(CAST(" + c + " AS DOUBLE) AS CHAR)";
                    return "(CASE WHEN " + c + " IS NULL THEN NULL ELSE " + normalizeFloat(s) + " END)";
                }
                case TEXT:
                    return CanonicalForm.isText(k) ? utf8(c) : null;
                case TEXT_RTRIM:
                    return CanonicalForm.isText(k) ? "TRIM(TRAILING ' ' FROM " + utf8(c) + ")" : null;
                case UUID:
                    return k == TypeKind.UUID ? "CAST(" + c + " AS CHAR)"
                            : CanonicalForm.isText(k) ? "LOWER(TRIM(TRAILING ' ' FROM " + utf8(c) + "))" : null;
                case BINARY:
                    return k.isBinary() ? "LOWER(HEX(" + c + "))" : null;
                case BIT:
                    return k == TypeKind.BIT && type.length() > 0 ? "LPAD(BIN(" + c + " + 0), " + type.length() + ", '0')" : null;
                case DATE:
                    return k == TypeKind.DATE ? "DATE_FORMAT(" + c + ", '%Y-%m-%d')" : null;
                case TIMESTAMP:
                    return k == TypeKind.TIMESTAMP || k == TypeKind.TIMESTAMP_TZ || k == TypeKind.DATE
                            ? "DATE_FORMAT(" + c + ", '%Y-%m-%d %H:%i:%s.%f')" : null;
                case DURATION:
                    // MySQL TIME is read as an INTERVAL of microseconds
                    return k == TypeKind.INTERVAL ? "CONCAT('0,', CAST(TIME_TO_SEC(" + c + ") * 1000000 AS SIGNED))" : null;
                case JSON:
                    return k == TypeKind.JSON ? utf8(c) : null;
                default:
                    return null;
            }
        }

        /** {@link CanonicalForm#floatText} in SQL, over a text expression {@code s}. */
        private static String normalizeFloat(String s) {
            String m = "SUBSTRING_INDEX(" + s + ", 'e', 1)";
            String e = "IF(LOCATE('e', " + s + ") > 0, CAST(SUBSTRING_INDEX(" + s + ", 'e', -1) AS SIGNED), 0)";
            String a = "TRIM(LEADING '-' FROM " + m + ")";
            String digits0 = "REPLACE(" + a + ", '.', '')";
            String digits = "TRIM(TRAILING '0' FROM TRIM(LEADING '0' FROM " + digits0 + "))";
            String lead = "(CHAR_LENGTH(" + digits0 + ") - CHAR_LENGTH(TRIM(LEADING '0' FROM " + digits0 + ")))";
            String intLen = "(LOCATE('.', CONCAT(" + a + ", '.')) - 1)";
            return "IF(" + digits + " = '', '0', CONCAT(IF(LEFT(" + s + ", 1) = '-', '-', ''), '0.', " + digits + ", 'e', "
                    + "CAST(" + intLen + " - " + lead + " + " + e + " AS SIGNED)))";
        }

        @Override
        String concat(List<String> parts) {
            return "CONCAT(" + String.join(", ", parts) + ")";
        }

        @Override
        String charLength(String expr) {
            return "CHAR_LENGTH(" + expr + ")";
        }

        @Override
        String hash60(String text) {
            return "CAST(CONV(SUBSTRING(MD5(" + text + "), 1, 15), 16, 10) AS UNSIGNED)";
        }

        @Override
        String bucket(String text, int buckets) {
            return "(CAST(CONV(SUBSTRING(MD5(" + text + "), 1, 8), 16, 10) AS UNSIGNED) % " + buckets + ")";
        }
    }
}
