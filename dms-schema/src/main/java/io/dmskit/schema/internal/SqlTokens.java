package io.dmskit.schema.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A small SQL tokenizer that knows the lexical rules of PostgreSQL, MySQL / MariaDB and H2 well
 * enough to re-quote identifiers and re-write literals: quoted identifiers (double quotes, or
 * backticks for MySQL), string literals (with MySQL's backslash escapes), PostgreSQL dollar
 * quotes and escape strings, comments, numbers, words and operators. Concatenating the tokens'
 * texts gives the input back exactly. Stateless; not for users.
 */
public final class SqlTokens {

    /** The kind of a token. */
    public enum Kind { WORD, QUOTED_ID, STRING, NUMBER, OPERATOR, OPEN, CLOSE, COMMA, DOT, SPACE, COMMENT, OTHER }

    /**
     * A token.
     *
     * @param kind  its kind
     * @param text  its text in the input, exactly
     * @param value for QUOTED_ID the identifier, for STRING the string's value (quotes and
     *              escapes undone); the text otherwise
     */
    public record Token(Kind kind, String text, String value) {

        public boolean is(Kind k) {
            return kind == k;
        }

        /** Whether this is a WORD equal to the given word, ignoring case. */
        public boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        public boolean isOperator(String op) {
            return kind == Kind.OPERATOR && text.equals(op);
        }
    }

    /** Operators of more than one character, longest first. */
    private static final List<String> OPERATORS = List.of("!~~*", "<=>", "!~~", "~~*", "->>", "#>>", "::", "<>", "!=", "<=",
            ">=", "||", "&&", "~~", "<@", "@>", "->", "#>", "!~", "~*", "<<", ">>");

    private SqlTokens() {
    }

    /**
     * The tokens of a SQL text.
     *
     * @param sql   the text
     * @param mysql whether it is MySQL / MariaDB SQL (backtick identifiers, backslash escapes in strings,
     *              {@code #} comments)
     */
    public static List<Token> tokenize(String sql, boolean mysql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.SPACE, sql.substring(start, i), sql.substring(start, i)));
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || mysql && c == '#') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                tokens.add(new Token(Kind.COMMENT, sql.substring(start, i), ""));
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                tokens.add(new Token(Kind.COMMENT, sql.substring(start, i), ""));
            } else if (c == '\'' || (c == '"' && mysql)) {
                StringBuilder value = new StringBuilder();
                i = string(sql, i + 1, c, mysql, value);
                tokens.add(new Token(Kind.STRING, sql.substring(start, i), value.toString()));
            } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'' && !mysql) {
                StringBuilder value = new StringBuilder();
                i = string(sql, i + 2, '\'', true, value);
                tokens.add(new Token(Kind.STRING, sql.substring(start, i), value.toString()));
            } else if (c == '"' || (c == '`' && mysql)) {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == c) {
                        if (i + 1 < n && sql.charAt(i + 1) == c) {
                            value.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(d);
                    i++;
                }
                tokens.add(new Token(Kind.QUOTED_ID, sql.substring(start, i), value.toString()));
            } else if (c == '$' && !mysql && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? n : end + tag.length();
                tokens.add(new Token(Kind.STRING, sql.substring(start, i),
                        sql.substring(start + tag.length(), Math.max(start + tag.length(), i - tag.length()))));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && Character.isDigit(sql.charAt(j))) {
                        i = j;
                        while (i < n && Character.isDigit(sql.charAt(i))) {
                            i++;
                        }
                    }
                }
                tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), sql.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_' || c == '$' && mysql) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i), sql.substring(start, i)));
            } else if (c == '(' || c == '[') {
                i++;
                tokens.add(new Token(Kind.OPEN, String.valueOf(c), String.valueOf(c)));
            } else if (c == ')' || c == ']') {
                i++;
                tokens.add(new Token(Kind.CLOSE, String.valueOf(c), String.valueOf(c)));
            } else if (c == ',') {
                i++;
                tokens.add(new Token(Kind.COMMA, ",", ","));
            } else if (c == '.') {
                i++;
                tokens.add(new Token(Kind.DOT, ".", "."));
            } else if ("+-*/%<>=!|&^~:@?;#".indexOf(c) >= 0) {
                String op = String.valueOf(c);
                for (String candidate : OPERATORS) {
                    if (sql.startsWith(candidate, i)) {
                        op = candidate;
                        break;
                    }
                }
                i += op.length();
                tokens.add(new Token(Kind.OPERATOR, op, op));
            } else {
                i++;
                tokens.add(new Token(Kind.OTHER, sql.substring(start, i), sql.substring(start, i)));
            }
        }
        return tokens;
    }

    /** Reads a string's body from {@code i} (after the opening quote); returns the index after the closing quote. */
    private static int string(String sql, int i, char quote, boolean backslashes, StringBuilder value) {
        int n = sql.length();
        while (i < n) {
            char d = sql.charAt(i);
            if (d == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    value.append(quote);
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (d == '\\' && backslashes && i + 1 < n) {
                char e = sql.charAt(i + 1);
                switch (e) {
                    case '0' -> value.append('\0');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'b' -> value.append('\b');
                    case 'Z' -> value.append('\u001A');
                    default -> value.append(e);
                }
                i += 2;
                continue;
            }
            value.append(d);
            i++;
        }
        return n;
    }

    /** The dollar-quote tag ({@code $$} or {@code $tag$}) that starts at {@code i}, or null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }

    /** The texts of the tokens, joined. */
    public static String join(List<Token> tokens) {
        StringBuilder s = new StringBuilder();
        tokens.forEach(t -> s.append(t.text()));
        return s.toString();
    }
}
