package io.dmskit.internal.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A parsed expression of the AWS DMS transformation-rule language: a small subset of SQLite's
 * expressions, evaluated in Java. See {@code docs/aws-table-mapping.md} for the language. Parse
 * once, evaluate per row; immutable and thread-safe (evaluation keeps no state).
 *
 * <pre>{@code
 * Expression e = Expression.parse("$first_name || ' ' || upper($last_name)");
 * Object v = e.evaluate(row);
 * }</pre>
 */
public final class Expression {

    /** The header and metadata names that {@code $AR_...} may name. */
    public static final List<String> HEADERS = List.of("AR_H_OPERATION", "AR_H_TIMESTAMP", "AR_H_COMMIT_TIMESTAMP",
            "AR_H_TRANSACTION_ID", "AR_H_STREAM_POSITION", "AR_H_CHANGE_SEQ", "AR_M_SOURCE_SCHEMA",
            "AR_M_SOURCE_TABLE_NAME");

    private final String text;
    private final Node root;
    private final Set<String> columns;
    private final Set<String> headers;
    private final boolean flagsDeletes;

    private Expression(String text, Node root, Set<String> columns, Set<String> headers, boolean flagsDeletes) {
        this.text = text;
        this.flagsDeletes = flagsDeletes;
        this.root = root;
        this.columns = Collections.unmodifiableSet(columns);
        this.headers = Collections.unmodifiableSet(headers);
    }

    /**
     * Parses an expression.
     *
     * @throws ExpressionException naming the 1-based position and what was expected
     */
    public static Expression parse(String text) {
        Parser p = new Parser(text);
        Node root = p.parse();
        return new Expression(text, root, p.columns, p.headers, p.flagsDeletes);
    }

    /** The value of the expression for a row: Long, BigDecimal, Double, String, Boolean or null. */
    public Object evaluate(Row row) {
        return root.eval(row);
    }

    /** The source columns that the expression reads ({@code $name}), in order of appearance. */
    public Set<String> columns() {
        return columns;
    }

    /** The header and metadata names that the expression reads, without {@code $}. */
    public Set<String> headers() {
        return headers;
    }

    /** Whether the expression calls {@code operation_indicator(...)}, which flags deleted rows instead of deleting them. */
    public boolean flagsDeletes() {
        return flagsDeletes;
    }

    /** A value's text as the language shows it (numbers plainly, dates as {@code yyyy-MM-dd HH:mm:ss}). */
    public static String text(Object value) {
        return Ops.text(value);
    }

    /** A value's truth as the language reads it (SQLite's: a number other than 0, text that reads as one). */
    public static boolean truthy(Object value) {
        return Ops.truthy(value);
    }

    /** A date and time of a value: a date/time value, or text that reads as one; null when it is not one. */
    public static java.time.LocalDateTime dateTime(Object value) {
        return Ops.dateTime(value, java.time.Clock.systemUTC());
    }

    /** The expression's text, as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- tree --------------------------------------------------------------------------------

    interface Node {
        Object eval(Row row);
    }

    // ---- parser ------------------------------------------------------------------------------

    private static final class Parser {
        private final String text;
        private final Lexer lex;
        private Token tok;
        final Set<String> columns = new LinkedHashSet<>();
        final Set<String> headers = new LinkedHashSet<>();
        boolean flagsDeletes;

        Parser(String text) {
            this.text = text == null ? "" : text;
            this.lex = new Lexer(this.text);
            this.tok = lex.next();
        }

        Node parse() {
            if (tok.type() == TokenType.END) {
                throw error(tok, "the expression is empty");
            }
            Node n = or();
            if (tok.type() != TokenType.END) {
                throw error(tok, "unexpected " + tok.describe() + " after a complete expression");
            }
            return n;
        }

        private ExpressionException error(Token at, String problem) {
            return new ExpressionException(text, at.pos() + 1, problem);
        }

        private Token advance() {
            Token t = tok;
            tok = lex.next();
            return t;
        }

        private boolean keyword(String k) {
            return tok.type() == TokenType.IDENT && tok.text().equalsIgnoreCase(k);
        }

        private boolean symbol(String s) {
            return tok.type() == TokenType.SYMBOL && tok.text().equals(s);
        }

        private void expectSymbol(String s, String context) {
            if (!symbol(s)) {
                throw error(tok, "expected '" + s + "' " + context + ", found " + tok.describe());
            }
            advance();
        }

        private void expectKeyword(String k, String context) {
            if (!keyword(k)) {
                throw error(tok, "expected " + k + " " + context + ", found " + tok.describe());
            }
            advance();
        }

        private Node or() {
            Node left = and();
            while (keyword("OR")) {
                advance();
                Node l = left;
                Node r = and();
                left = row -> Ops.or(l.eval(row), r.eval(row));
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (keyword("AND")) {
                advance();
                Node l = left;
                Node r = not();
                left = row -> Ops.and(l.eval(row), r.eval(row));
            }
            return left;
        }

        private Node not() {
            if (keyword("NOT")) {
                advance();
                Node n = not();
                return row -> Ops.not(n.eval(row));
            }
            return comparison();
        }

        private Node comparison() {
            Node left = additive();
            while (true) {
                if (tok.type() == TokenType.SYMBOL) {
                    String op = tok.text();
                    int cmp = switch (op) {
                        case "=", "==" -> 0;
                        case "!=", "<>" -> 1;
                        case "<" -> 2;
                        case "<=" -> 3;
                        case ">" -> 4;
                        case ">=" -> 5;
                        default -> -1;
                    };
                    if (cmp < 0) {
                        return left;
                    }
                    advance();
                    Node l = left;
                    Node r = additive();
                    left = row -> Ops.compare(cmp, l.eval(row), r.eval(row));
                    continue;
                }
                if (keyword("IS")) {
                    advance();
                    boolean negate = false;
                    if (keyword("NOT")) {
                        advance();
                        negate = true;
                    }
                    expectKeyword("NULL", "after IS");
                    Node l = left;
                    boolean neg = negate;
                    left = row -> (l.eval(row) == null) != neg;
                    continue;
                }
                boolean negate = false;
                if (keyword("NOT")) {
                    Token save = tok;
                    advance();
                    if (!keyword("BETWEEN") && !keyword("IN") && !keyword("LIKE")) {
                        throw error(save, "expected BETWEEN, IN or LIKE after NOT");
                    }
                    negate = true;
                }
                boolean neg = negate;
                if (keyword("BETWEEN")) {
                    advance();
                    Node lo = additive();
                    expectKeyword("AND", "in BETWEEN ... AND ...");
                    Node hi = additive();
                    Node l = left;
                    left = row -> {
                        Object v = l.eval(row);
                        Object in = Ops.and(Ops.compare(5, v, lo.eval(row)), Ops.compare(3, v, hi.eval(row)));
                        return neg ? Ops.not(in) : in;
                    };
                } else if (keyword("IN")) {
                    advance();
                    expectSymbol("(", "after IN");
                    List<Node> items = new ArrayList<>();
                    items.add(or());
                    while (symbol(",")) {
                        advance();
                        items.add(or());
                    }
                    expectSymbol(")", "to close IN (...)");
                    Node l = left;
                    left = row -> {
                        Object v = l.eval(row);
                        Object in = Ops.in(v, items, row);
                        return neg ? Ops.not(in) : in;
                    };
                } else if (keyword("LIKE")) {
                    advance();
                    Node pattern = additive();
                    Node l = left;
                    left = row -> {
                        Object in = Ops.like(l.eval(row), pattern.eval(row));
                        return neg ? Ops.not(in) : in;
                    };
                } else {
                    return left;
                }
            }
        }

        private Node additive() {
            Node left = multiplicative();
            while (symbol("+") || symbol("-")) {
                boolean plus = advance().text().equals("+");
                Node l = left;
                Node r = multiplicative();
                left = plus ? row -> Ops.arith('+', l.eval(row), r.eval(row))
                        : row -> Ops.arith('-', l.eval(row), r.eval(row));
            }
            return left;
        }

        private Node multiplicative() {
            Node left = concat();
            while (symbol("*") || symbol("/") || symbol("%")) {
                char op = advance().text().charAt(0);
                Node l = left;
                Node r = concat();
                left = row -> Ops.arith(op, l.eval(row), r.eval(row));
            }
            return left;
        }

        private Node concat() {
            Node left = unary();
            while (symbol("||")) {
                advance();
                Node l = left;
                Node r = unary();
                left = row -> {
                    Object a = l.eval(row);
                    Object b = r.eval(row);
                    return a == null || b == null ? null : Ops.text(a) + Ops.text(b);
                };
            }
            return left;
        }

        private Node unary() {
            if (symbol("-")) {
                advance();
                Node n = unary();
                return row -> Ops.negate(n.eval(row));
            }
            if (symbol("+")) {
                advance();
                return unary();
            }
            return primary();
        }

        private Node primary() {
            Token t = tok;
            switch (t.type()) {
                case NUMBER -> {
                    advance();
                    Object v = Ops.number(t.text());
                    return row -> v;
                }
                case STRING -> {
                    advance();
                    String v = t.text();
                    return row -> v;
                }
                case VARIABLE -> {
                    advance();
                    String name = t.text();
                    if (name.startsWith("AR_")) {
                        String upper = name.toUpperCase(Locale.ROOT);
                        if (!HEADERS.contains(upper)) {
                            throw error(t, "unknown header or metadata column $" + name + "; dmskit knows "
                                    + String.join(", ", HEADERS.stream().map(h -> "$" + h).toList()));
                        }
                        headers.add(upper);
                        return row -> row.header(upper);
                    }
                    columns.add(name);
                    return row -> row.column(name);
                }
                case SYMBOL -> {
                    if (t.text().equals("(")) {
                        advance();
                        Node n = or();
                        expectSymbol(")", "to close '(' at position " + (t.pos() + 1));
                        return n;
                    }
                    throw error(t, "expected a value, found " + t.describe());
                }
                case IDENT -> {
                    String word = t.text().toUpperCase(Locale.ROOT);
                    switch (word) {
                        case "NULL" -> {
                            advance();
                            return row -> null;
                        }
                        case "TRUE", "FALSE" -> {
                            advance();
                            Boolean v = word.equals("TRUE");
                            return row -> v;
                        }
                        case "CASE" -> {
                            return caseExpression();
                        }
                        case "CAST" -> {
                            return cast();
                        }
                        default -> {
                            advance();
                            if (!symbol("(")) {
                                throw error(t, "unknown name '" + t.text() + "'; write $" + t.text()
                                        + " for a column, or '" + t.text() + "' for a text value");
                            }
                            advance();
                            List<Node> args = new ArrayList<>();
                            if (!symbol(")")) {
                                args.add(or());
                                while (symbol(",")) {
                                    advance();
                                    args.add(or());
                                }
                            }
                            expectSymbol(")", "to close the arguments of " + t.text() + "(");
                            String fn = t.text().toLowerCase(Locale.ROOT);
                            if (fn.equals("operation_indicator")) {
                                headers.add("AR_H_OPERATION");
                                flagsDeletes = true;
                            }
                            return Functions.call(fn, args, problem -> error(t, problem));
                        }
                    }
                }
                default -> throw error(t, "expected a value, found " + t.describe());
            }
        }

        private Node caseExpression() {
            advance();
            Node subject = keyword("WHEN") ? null : or();
            List<Node> whens = new ArrayList<>();
            List<Node> thens = new ArrayList<>();
            if (!keyword("WHEN")) {
                throw error(tok, "expected WHEN in CASE, found " + tok.describe());
            }
            while (keyword("WHEN")) {
                advance();
                whens.add(or());
                expectKeyword("THEN", "after CASE ... WHEN ...");
                thens.add(or());
            }
            Node otherwise;
            if (keyword("ELSE")) {
                advance();
                otherwise = or();
            } else {
                otherwise = row -> null;
            }
            expectKeyword("END", "to close CASE");
            return row -> {
                Object s = subject == null ? null : subject.eval(row);
                for (int i = 0; i < whens.size(); i++) {
                    Object w = whens.get(i).eval(row);
                    boolean hit = subject == null ? Ops.truthy(w) : Ops.truthy(Ops.compare(0, s, w));
                    if (hit) {
                        return thens.get(i).eval(row);
                    }
                }
                return otherwise.eval(row);
            };
        }

        private Node cast() {
            Token start = advance();
            expectSymbol("(", "after CAST");
            Node n = or();
            expectKeyword("AS", "in CAST(... AS type)");
            if (tok.type() != TokenType.IDENT) {
                throw error(tok, "expected a type name (INTEGER, REAL, NUMERIC, TEXT) in CAST, found " + tok.describe());
            }
            Token type = advance();
            String name = type.text().toUpperCase(Locale.ROOT);
            expectSymbol(")", "to close CAST( at position " + (start.pos() + 1));
            return switch (name) {
                case "INTEGER", "INT", "BIGINT" -> row -> Ops.toInteger(n.eval(row));
                case "REAL", "DOUBLE", "FLOAT" -> row -> Ops.toReal(n.eval(row));
                case "NUMERIC", "DECIMAL" -> row -> Ops.toNumeric(n.eval(row));
                case "TEXT", "VARCHAR", "CHAR" -> row -> {
                    Object v = n.eval(row);
                    return v == null ? null : Ops.text(v);
                };
                default -> throw error(type, "unknown type '" + type.text()
                        + "' in CAST; allowed: INTEGER, REAL, NUMERIC, TEXT");
            };
        }
    }

    // ---- lexer -------------------------------------------------------------------------------

    enum TokenType { NUMBER, STRING, VARIABLE, IDENT, SYMBOL, END }

    record Token(TokenType type, String text, int pos) {
        String describe() {
            return switch (type) {
                case END -> "the end of the expression";
                case STRING -> "'" + text + "'";
                case VARIABLE -> "$" + text;
                default -> "'" + text + "'";
            };
        }
    }

    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        Token next() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                return new Token(TokenType.END, "", s.length());
            }
            int start = i;
            char c = s.charAt(i);
            if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    i++;
                    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                        i++;
                    }
                    while (i < s.length() && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                String num = s.substring(start, i);
                if (num.indexOf('.') != num.lastIndexOf('.')) {
                    throw new ExpressionException(s, start + 1, "malformed number '" + num + "'");
                }
                return new Token(TokenType.NUMBER, num, start);
            }
            if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new ExpressionException(s, start + 1, "the text value that starts here has no closing quote");
                    }
                    char d = s.charAt(i++);
                    if (d == '\'') {
                        if (i < s.length() && s.charAt(i) == '\'') {
                            sb.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(d);
                    }
                }
                return new Token(TokenType.STRING, sb.toString(), start);
            }
            if (c == '$') {
                i++;
                int nameStart = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                if (i == nameStart) {
                    throw new ExpressionException(s, start + 1, "expected a column name after $");
                }
                return new Token(TokenType.VARIABLE, s.substring(nameStart, i), start);
            }
            if (c == '"' || c == '`' || c == '[') {
                throw new ExpressionException(s, start + 1, "quoted names are not supported; write $name for a"
                        + " column and 'text' for a text value");
            }
            if (Character.isLetter(c) || c == '_') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                return new Token(TokenType.IDENT, s.substring(start, i), start);
            }
            for (String sym : List.of("||", "<=", ">=", "<>", "!=", "==")) {
                if (s.startsWith(sym, i)) {
                    i += 2;
                    return new Token(TokenType.SYMBOL, sym, start);
                }
            }
            if ("+-*/%()=<>,".indexOf(c) >= 0) {
                i++;
                return new Token(TokenType.SYMBOL, String.valueOf(c), start);
            }
            throw new ExpressionException(s, start + 1, "unexpected character '" + c + "'");
        }
    }
}
