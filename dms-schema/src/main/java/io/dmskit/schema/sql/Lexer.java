package io.dmskit.schema.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits source SQL text into tokens, as the source engine reads it: which quotes make a string
 * and which an identifier, backslash escapes, comments, MySQL charset introducers. The parser
 * library parses statements; this lexer serves what it does not parse: procedural bodies (split
 * into statements) and the engine-specific spellings that are normalized before parsing.
 */
final class Lexer {

    enum Type { WORD, QUOTED_NAME, STRING, NUMBER, PARAMETER, SYMBOL }

    /**
     * One token: its type, its text as written (for a string: with quotes; a MySQL double-quoted
     * string is rewritten with single quotes and an introducer dropped), and where it was.
     */
    record Token(Type type, String text, int start, int end) {
        boolean is(String word) {
            return (type == Type.WORD || type == Type.SYMBOL) && text.equalsIgnoreCase(word);
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private static final String[] SYMBOLS = {"->>", "::", ":=", "<>", "<=", ">=", "!=", "||", "->", "#>>", "#>", "=>"};

    private Lexer() {
    }

    static List<Token> tokens(String sql, Flavor flavor) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#' && flavor.isMySqlFamily()) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int e = sql.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
            } else if (c == '\'') {
                int e = endOfQuoted(sql, i, '\'', flavor.isMySqlFamily());
                out.add(new Token(Type.STRING, sql.substring(i, e), i, e));
                i = e;
            } else if ((c == 'E' || c == 'e') && flavor.isPostgres() && i + 1 < n && sql.charAt(i + 1) == '\''
                    && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
                int e = endOfQuoted(sql, i + 1, '\'', true);
                out.add(new Token(Type.STRING, sql.substring(i, e), i, e));
                i = e;
            } else if (c == '"') {
                int e = endOfQuoted(sql, i, '"', flavor.isMySqlFamily());
                if (flavor.isMySqlFamily()) {
                    String value = sql.substring(i + 1, e - 1).replace("\"\"", "\"").replace("'", "''");
                    out.add(new Token(Type.STRING, "'" + value + "'", i, e));
                } else {
                    out.add(new Token(Type.QUOTED_NAME, sql.substring(i, e), i, e));
                }
                i = e;
            } else if (c == '`') {
                int e = endOfQuoted(sql, i, '`', false);
                out.add(new Token(Type.QUOTED_NAME, sql.substring(i, e), i, e));
                i = e;
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                int e = i + 1;
                while (e < n && Character.isDigit(sql.charAt(e))) {
                    e++;
                }
                out.add(new Token(Type.PARAMETER, sql.substring(i, e), i, e));
                i = e;
            } else if (c == '$' && flavor.isPostgres()) {
                int tagEnd = sql.indexOf('$', i + 1);
                String tag = tagEnd < 0 ? null : sql.substring(i, tagEnd + 1);
                int close = tag == null ? -1 : sql.indexOf(tag, tagEnd + 1);
                int e = close < 0 ? n : close + tag.length();
                out.add(new Token(Type.STRING, sql.substring(i, e), i, e));
                i = e;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                int e = i;
                while (e < n && (Character.isLetterOrDigit(sql.charAt(e)) || sql.charAt(e) == '.')) {
                    e++;
                }
                out.add(new Token(Type.NUMBER, sql.substring(i, e), i, e));
                i = e;
            } else if (isWordChar(c) || c == '@') {
                int e = i + 1;
                while (e < n && (isWordChar(sql.charAt(e)) || sql.charAt(e) == '@')) {
                    e++;
                }
                if (flavor.isMySqlFamily() && c == '_' && e < n && sql.charAt(e) == '\'') {
                    i = e; // a charset introducer such as _utf8mb4'text': the literal follows
                    continue;
                }
                out.add(new Token(Type.WORD, sql.substring(i, e), i, e));
                i = e;
            } else {
                String sym = String.valueOf(c);
                for (String s : SYMBOLS) {
                    if (sql.startsWith(s, i)) {
                        sym = s;
                        break;
                    }
                }
                out.add(new Token(Type.SYMBOL, sym, i, i + sym.length()));
                i += sym.length();
            }
        }
        return out;
    }

    /**
     * The text with the source engine's spellings that the parser library reads differently made
     * plain: MySQL double-quoted strings single-quoted, charset introducers dropped, comments
     * dropped. Tokens are separated as in the source.
     */
    static String normalize(String sql, Flavor flavor) {
        return join(tokens(sql, flavor), 0, Integer.MAX_VALUE);
    }

    /** Tokens {@code from} (inclusive) to {@code to} (exclusive) as text, one space where the source had a gap. */
    static String join(List<Token> tokens, int from, int to) {
        StringBuilder s = new StringBuilder();
        int end = Math.min(to, tokens.size());
        for (int i = from; i < end; i++) {
            Token t = tokens.get(i);
            if (i > from && t.start() > tokens.get(i - 1).end()) {
                s.append(' ');
            }
            s.append(t.text());
        }
        return s.toString();
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The index just past a quoted token that starts at {@code start} with {@code q}. */
    private static int endOfQuoted(String sql, int start, char q, boolean backslashEscapes) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && backslashEscapes) {
                i += 2;
            } else if (c == q) {
                if (i + 1 < n && sql.charAt(i + 1) == q) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }
}
