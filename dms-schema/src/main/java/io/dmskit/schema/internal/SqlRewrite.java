package io.dmskit.schema.internal;

import io.dmskit.schema.Dialect;
import io.dmskit.schema.internal.SqlTokens.Kind;
import io.dmskit.schema.internal.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Rewrites SQL text of one engine for another without a parser, where that is safe: an
 * expression or query made only of identifiers, literals, common operators, a short list of
 * functions that every engine has with the same meaning, and (in queries) the keywords of a
 * plain SELECT. Identifiers are re-quoted, string literals re-written, PostgreSQL casts to
 * common types dropped, {@code x = ANY (ARRAY[...])} becomes {@code x IN (...)}, {@code ~~}
 * becomes LIKE and MySQL's charset introducers go. Anything else makes the rewrite give up
 * (null), so that the caller reports it for a person rather than guessing. Stateless; not for users.
 */
public final class SqlRewrite {

    private static final Set<String> FUNCTIONS = Set.of("lower", "upper", "abs", "coalesce", "nullif", "round", "floor",
            "ceil", "greatest", "least", "trim", "char_length", "substr", "concat", "mod", "sign", "replace", "now");

    private static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "avg");

    private static final Set<String> EXPRESSION_WORDS = Set.of("AND", "OR", "NOT", "IN", "IS", "NULL", "BETWEEN", "LIKE",
            "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "ESCAPE", "NOT IN", "NOT LIKE");

    private static final Set<String> QUERY_WORDS = Set.of("SELECT", "FROM", "WHERE", "AS", "JOIN", "INNER", "LEFT", "RIGHT",
            "OUTER", "FULL", "CROSS", "ON", "GROUP", "BY", "ORDER", "HAVING", "ASC", "DESC", "DISTINCT", "UNION", "ALL",
            "EXISTS", "NULLS", "FIRST", "LAST");

    /** PostgreSQL types whose casts can be dropped: every engine converts a literal of them implicitly. */
    private static final Set<String> DROPPABLE_CASTS = Set.of("numeric", "integer", "bigint", "smallint", "text",
            "character varying", "varchar", "character", "bpchar", "double precision", "real", "boolean", "date",
            "timestamp without time zone", "timestamp with time zone", "time without time zone", "json", "jsonb");

    private SqlRewrite() {
    }

    private static boolean isMySql(Dialect d) {
        return d != null && (d.engine().equals("mysql") || d.engine().equals("mariadb"));
    }

    /**
     * Same-engine SQL with schema names replaced: every identifier that is followed by a dot and
     * is a key of {@code renames} becomes its value, quoted as it was. The text is otherwise kept.
     */
    public static String renameSchemas(String sql, Dialect dialect, Map<String, String> renames) {
        if (renames.isEmpty() || sql == null) {
            return sql;
        }
        List<Token> tokens = SqlTokens.tokenize(sql, isMySql(dialect));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean id = t.is(Kind.WORD) || t.is(Kind.QUOTED_ID);
            String name = t.is(Kind.QUOTED_ID) ? t.value() : t.text();
            if (id && renames.containsKey(name) && i + 1 < tokens.size() && tokens.get(i + 1).is(Kind.DOT)) {
                out.append(dialect.quote(renames.get(name)));
            } else {
                out.append(t.text());
            }
        }
        return out.toString();
    }

    /**
     * A column-level expression (a default, generated column, check, index part or predicate) in
     * the target's SQL, or null when it uses something that is not known to be portable.
     *
     * @param columns the target name of a source column, given its name (matched ignoring case by
     *                the caller's function); null for an unknown column
     */
    public static String expression(String sql, Dialect source, Dialect target, Function<String, String> columns) {
        return rewrite(sql, source, target, false, columns, Map.of(), UnaryOperator.identity());
    }

    /**
     * A view's query in the target's SQL, or null when it uses something that is not known to be
     * portable. Every identifier that is not a keyword is re-quoted; schema qualifiers are renamed.
     */
    public static String query(String sql, Dialect source, Dialect target, Map<String, String> schemaRenames,
                               UnaryOperator<String> identifierCase) {
        return rewrite(sql, source, target, true, null, schemaRenames, identifierCase);
    }

    private static String rewrite(String sql, Dialect source, Dialect target, boolean query, Function<String, String> columns,
                                  Map<String, String> schemaRenames, UnaryOperator<String> identifierCase) {
        if (sql == null) {
            return null;
        }
        List<Token> tokens = prepare(SqlTokens.tokenize(sql, isMySql(source)));
        if (tokens == null) {
            return null;
        }
        boolean mysqlTarget = isMySql(target);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            switch (t.kind()) {
                case SPACE, COMMENT -> out.append(t.kind() == Kind.SPACE ? t.text() : " ");
                case NUMBER, COMMA, DOT -> out.append(t.text());
                case STRING -> out.append(mysqlTarget ? SqlText.mysqlLiteral(t.value()) : SqlText.standardLiteral(t.value()));
                case OPEN, CLOSE -> {
                    if (!t.text().equals("(") && !t.text().equals(")")) {
                        return null;
                    }
                    out.append(t.text());
                }
                case OPERATOR -> {
                    if (!Set.of("+", "-", "*", "/", "%", "=", "<>", "!=", "<", ">", "<=", ">=").contains(t.text())) {
                        return null;
                    }
                    out.append(t.text());
                }
                case WORD, QUOTED_ID -> {
                    String name = t.is(Kind.QUOTED_ID) ? t.value() : t.text();
                    Token next = next(tokens, i);
                    String upper = name.toUpperCase(Locale.ROOT);
                    if (t.is(Kind.WORD) && (EXPRESSION_WORDS.contains(upper) || query && QUERY_WORDS.contains(upper))) {
                        out.append(t.text());
                    } else if (t.is(Kind.WORD) && next != null && next.text().equals("(")) {
                        String lower = name.toLowerCase(Locale.ROOT);
                        if (!FUNCTIONS.contains(lower) && !(query && AGGREGATES.contains(lower))) {
                            return null;
                        }
                        out.append(lower);
                    } else if (t.is(Kind.WORD) && !query && (upper.equals("CURRENT_TIMESTAMP") || upper.equals("CURRENT_DATE"))) {
                        out.append(upper);
                    } else if (query) {
                        String renamed = next != null && next.is(Kind.DOT) && schemaRenames.containsKey(name)
                                ? schemaRenames.get(name) : name;
                        out.append(target.quote(identifierCase.apply(renamed)));
                    } else {
                        String column = columns == null ? null : columns.apply(name);
                        if (column == null) {
                            return null;
                        }
                        out.append(target.quote(column));
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return out.toString();
    }

    /**
     * The index of the last token of a droppable cast's type that starts at {@code j} (with an
     * optional {@code (n[,m])}), or -1 when the type is not droppable or is an array.
     */
    private static int castEnd(List<Token> in, int j) {
        if (j < 0) {
            return -1;
        }
        int best = -1;
        for (String type : DROPPABLE_CASTS) {
            String[] words = type.split(" ");
            int k = j;
            int last = -1;
            boolean match = true;
            for (String w : words) {
                if (k < 0 || !in.get(k).isWord(w)) {
                    match = false;
                    break;
                }
                last = k;
                k = nextIndex(in, k);
            }
            if (match && last > best) {
                best = last;
            }
        }
        if (best < 0) {
            return -1;
        }
        int k = nextIndex(in, best);
        if (k >= 0 && in.get(k).text().equals("(")) {
            while (k < in.size() && !in.get(k).text().equals(")")) {
                k++;
            }
            if (k >= in.size()) {
                return -1;
            }
            best = k;
            k = nextIndex(in, k);
        }
        if (k >= 0 && in.get(k).text().equals("[")) {
            return -1;
        }
        return best;
    }

    private static final Set<String> LITERAL_CAST_TYPES = Set.of("NUMERIC", "DECIMAL", "INTEGER", "INT", "BIGINT", "SMALLINT",
            "TINYINT", "CHARACTER", "CHAR", "VARCHAR", "VARYING", "DOUBLE", "PRECISION", "REAL", "TEXT");

    /**
     * {@code CAST(literal AS numeric or character type)}, as H2 writes a literal of a view: adds
     * the literal to {@code out} and returns the index of the closing parenthesis; -1 otherwise.
     */
    private static int castOfLiteral(List<Token> in, int i, List<Token> out) {
        int open = nextIndex(in, i);
        if (open < 0 || !in.get(open).text().equals("(")) {
            return -1;
        }
        int j = nextIndex(in, open);
        List<Token> literal = new ArrayList<>();
        if (j >= 0 && in.get(j).isOperator("-")) {
            literal.add(in.get(j));
            j = nextIndex(in, j);
        }
        if (j < 0 || !(in.get(j).is(Kind.NUMBER) || in.get(j).is(Kind.STRING) && literal.isEmpty())) {
            return -1;
        }
        literal.add(in.get(j));
        int as = nextIndex(in, j);
        if (as < 0 || !in.get(as).isWord("AS")) {
            return -1;
        }
        int k = nextIndex(in, as);
        boolean typed = false;
        while (k >= 0 && in.get(k).is(Kind.WORD) && LITERAL_CAST_TYPES.contains(in.get(k).text().toUpperCase(Locale.ROOT))) {
            typed = true;
            k = nextIndex(in, k);
        }
        if (!typed || k < 0) {
            return -1;
        }
        if (in.get(k).text().equals("(")) {
            while (k < in.size() && !in.get(k).text().equals(")")) {
                k++;
            }
            k = k < in.size() ? nextIndex(in, k) : -1;
        }
        if (k < 0 || !in.get(k).text().equals(")")) {
            return -1;
        }
        out.addAll(literal);
        return k;
    }

    /** The next token that is not space or comment, or null. */
    private static Token next(List<Token> tokens, int i) {
        for (int j = i + 1; j < tokens.size(); j++) {
            if (!tokens.get(j).is(Kind.SPACE) && !tokens.get(j).is(Kind.COMMENT)) {
                return tokens.get(j);
            }
        }
        return null;
    }

    private static int nextIndex(List<Token> tokens, int i) {
        for (int j = i + 1; j < tokens.size(); j++) {
            if (!tokens.get(j).is(Kind.SPACE) && !tokens.get(j).is(Kind.COMMENT)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Drops casts and charset introducers, turns {@code = ANY (ARRAY[...])} into {@code IN (...)}
     * and {@code ~~} into LIKE; null when a cast is to a type that cannot be dropped.
     */
    private static List<Token> prepare(List<Token> in) {
        List<Token> out = new ArrayList<>(in.size());
        int arrayDepth = 0;
        int pendingCloses = 0;
        for (int i = 0; i < in.size(); i++) {
            Token t = in.get(i);
            if (t.is(Kind.WORD) && t.text().startsWith("_") && i + 1 < in.size() && in.get(i + 1).is(Kind.STRING)) {
                continue; // MySQL charset introducer: _utf8mb4'abc'
            }
            if (t.isWord("CAST")) {
                int literalEnd = castOfLiteral(in, i, out);
                if (literalEnd > 0) {
                    i = literalEnd;
                    continue;
                }
            }
            if (t.isOperator("::")) {
                int last = castEnd(in, nextIndex(in, i));
                if (last < 0) {
                    return null;
                }
                i = last;
                continue;
            }
            if (t.isOperator("~~") || t.isOperator("!~~")) {
                out.add(new Token(Kind.WORD, t.text().startsWith("!") ? "NOT LIKE" : "LIKE", "LIKE"));
                continue;
            }
            if ((t.isOperator("=") || t.isOperator("<>")) && i + 1 < in.size()) {
                // x = ANY (ARRAY[...]) and x = ANY ((ARRAY[...])::text[]), as PostgreSQL writes x IN (...)
                boolean eq = t.isOperator("=");
                int any = nextIndex(in, i);
                int j = any < 0 ? -1 : nextIndex(in, any);
                int opens = 0;
                while (j >= 0 && in.get(j).text().equals("(")) {
                    opens++;
                    j = nextIndex(in, j);
                }
                int bracket = j < 0 ? -1 : nextIndex(in, j);
                if (opens > 0 && bracket >= 0 && in.get(any).isWord(eq ? "ANY" : "ALL") && in.get(j).isWord("ARRAY")
                        && in.get(bracket).text().equals("[")) {
                    out.add(new Token(Kind.WORD, eq ? "IN" : "NOT IN", "IN"));
                    out.add(new Token(Kind.SPACE, " ", " "));
                    out.add(new Token(Kind.OPEN, "(", "("));
                    arrayDepth++;
                    pendingCloses = opens;
                    i = bracket;
                    continue;
                }
            }
            if (arrayDepth > 0 && t.text().equals("[")) {
                return null;
            }
            if (arrayDepth > 0 && t.text().equals("]")) {
                // the ']' closes the IN list; what follows up to the ')' of "ANY (" (casts, parentheses) goes
                out.add(new Token(Kind.CLOSE, ")", ")"));
                int need = pendingCloses;
                int k = i + 1;
                while (need > 0 && k < in.size()) {
                    Token x = in.get(k);
                    if (x.text().equals(")")) {
                        need--;
                    } else if (!(x.is(Kind.SPACE) || x.isOperator("::") || x.is(Kind.WORD) || x.is(Kind.QUOTED_ID)
                            || x.text().equals("[") || x.text().equals("]"))) {
                        return null;
                    }
                    k++;
                }
                if (need > 0) {
                    return null;
                }
                i = k - 1;
                arrayDepth--;
                continue;
            }
            out.add(t);
        }
        return out;
    }
}
