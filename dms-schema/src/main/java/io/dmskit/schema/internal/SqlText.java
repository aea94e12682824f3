package io.dmskit.schema.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL text helpers shared by the dialects: string literals and the parsing of MySQL's
 * {@code enum(...)} / {@code set(...)} column types. Stateless; not for users.
 */
public final class SqlText {

    private SqlText() {
    }

    /** A standard SQL string literal: single quotes, an embedded quote doubled. Backslashes stay as they are. */
    public static String standardLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * A MySQL/MariaDB string literal for DDL: quotes doubled and backslashes doubled, as the
     * server reads them when {@code NO_BACKSLASH_ESCAPES} is off (the default sql_mode).
     */
    public static String mysqlLiteral(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** The values as {@link #standardLiteral standard literals}, joined with {@code ", "}: {@code 'a', 'it''s'}. */
    public static String standardLiteralList(List<String> values) {
        return values.stream().map(SqlText::standardLiteral).collect(Collectors.joining(", "));
    }

    /** The values as {@link #mysqlLiteral MySQL literals}, joined with {@code ","} as MySQL writes them: {@code 'a','it''s'}. */
    public static String mysqlLiteralList(List<String> values) {
        return values.stream().map(SqlText::mysqlLiteral).collect(Collectors.joining(","));
    }

    /**
     * The labels of a MySQL/MariaDB {@code COLUMN_TYPE} such as {@code enum('a','it''s','x,y')}
     * or {@code set('p','q')}, in order. Inside a label the server writes a quote as {@code ''}
     * and escapes a backslash (and NUL, newline, CR, Ctrl-Z) with a backslash; both are undone here.
     *
     * @throws IllegalArgumentException when the text is not a parenthesised list of quoted labels
     */
    public static List<String> parseMySqlLabels(String columnType) {
        int open = columnType.indexOf('(');
        int close = columnType.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not an enum or set column type: " + columnType);
        }
        List<String> labels = new ArrayList<>();
        int i = open + 1;
        while (i < close) {
            if (columnType.charAt(i) != '\'') {
                throw new IllegalArgumentException("expected a quoted label at offset " + i + " of " + columnType);
            }
            StringBuilder label = new StringBuilder();
            i++;
            while (true) {
                if (i >= close) {
                    throw new IllegalArgumentException("unterminated label in " + columnType);
                }
                char c = columnType.charAt(i);
                if (c == '\'') {
                    if (i + 1 < close && columnType.charAt(i + 1) == '\'') {
                        label.append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (c == '\\' && i + 1 < close) {
                    label.append(unescape(columnType.charAt(i + 1)));
                    i += 2;
                    continue;
                }
                label.append(c);
                i++;
            }
            labels.add(label.toString());
            if (i < close) {
                if (columnType.charAt(i) != ',') {
                    throw new IllegalArgumentException("expected ',' at offset " + i + " of " + columnType);
                }
                i++;
            }
        }
        return labels;
    }

    private static char unescape(char c) {
        switch (c) {
            case '0': return '\0';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'b': return '\b';
            case 'Z': return '\u001A';
            default: return c;
        }
    }
}
