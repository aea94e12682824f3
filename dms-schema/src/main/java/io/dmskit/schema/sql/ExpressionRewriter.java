package io.dmskit.schema.sql;

import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.OracleHierarchicalExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.FullTextSearch;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.expression.operators.relational.SimilarToExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a parsed expression in the target engine's SQL: the parser library's expression deparser
 * with the nodes whose spelling or meaning differs between engines written anew. Function rules
 * are a table from the function's name to its handler; each handler decides from the two engines
 * whether the call needs rewriting. What has no translation is written as it was and reported as
 * an action item; nothing here throws for an unknown construct.
 */
final class ExpressionRewriter extends ExpressionDeParser {

    /** Functions that exist with the same name, arguments and meaning in PostgreSQL, MariaDB/MySQL and H2. */
    private static final Set<String> PORTABLE = Set.of(
            "abs", "ceil", "ceiling", "floor", "round", "mod", "power", "sqrt", "exp", "ln", "sign", "pi", "cos", "sin",
            "tan", "acos", "asin", "atan", "atan2", "degrees", "radians", "upper", "lower", "ltrim", "rtrim", "lpad", "rpad",
            "replace", "substring", "substr", "left", "right", "reverse", "repeat", "char_length", "character_length",
            "octet_length", "bit_length", "ascii", "coalesce", "nullif", "count", "sum", "avg", "min", "max",
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "lag", "lead", "first_value", "last_value",
            "nth_value", "ntile", "concat_ws", "position", "stddev_pop", "stddev_samp", "var_pop", "var_samp", "cast");

    /** A function rule: writes the call and returns true, or returns false to leave the call as it is. */
    @FunctionalInterface
    private interface Rule {
        boolean apply(Function f, List<Expression> args, Object ctx);
    }

    private final Context c;
    private final Map<String, Rule> rules = new HashMap<>();

    ExpressionRewriter(Context context) {
        this.c = context;
        rule(this::coalesce, "ifnull", "nvl");
        rule(this::isnull, "isnull");
        rule(this::ifFunction, "if", "iif");
        rule(this::now, "now", "current_timestamp", "localtimestamp", "sysdate", "transaction_timestamp",
                "statement_timestamp", "clock_timestamp", "utc_timestamp", "localtime");
        rule(this::currentDate, "curdate", "current_date");
        rule(this::currentTime, "curtime", "current_time");
        rule(this::concat, "concat");
        rule(this::length, "length");
        rule(this::random, "rand", "random");
        rule(this::truncate, "truncate", "trunc");
        rule(this::log, "log");
        rule(this::instr, "instr", "strpos", "locate");
        rule(this::datediff, "datediff");
        rule(this::dateAdd, "date_add", "adddate", "date_sub", "subdate");
        rule(this::dateFormat, "date_format", "to_char", "formatdatetime");
        rule(this::stringAgg, "string_agg", "listagg");
        rule(this::datePart, "year", "month", "day", "dayofmonth", "hour", "minute", "second");
        rule(this::uuid, "uuid", "gen_random_uuid", "random_uuid");
        rule(this::nextval, "nextval");
        rule(this::greatest, "greatest", "least");
    }

    private void rule(Rule r, String... names) {
        for (String n : names) {
            rules.put(n, r);
        }
    }

    // ---- helpers ----

    private void w(String s) {
        builder.append(s);
    }

    private void e(Expression x, Object ctx) {
        x.accept(this, ctx);
    }

    private void list(List<? extends Expression> xs, Object ctx) {
        for (int i = 0; i < xs.size(); i++) {
            w(i == 0 ? "" : ", ");
            e(xs.get(i), ctx);
        }
    }

    private void call(String name, List<? extends Expression> xs, Object ctx) {
        w(name);
        w("(");
        list(xs, ctx);
        w(")");
    }

    private static List<Expression> args(Function f) {
        ExpressionList<?> p = f.getParameters();
        List<Expression> out = new ArrayList<>();
        if (p != null) {
            out.addAll(p);
        }
        return out;
    }

    /** The expression inside any parentheses around it. */
    static Expression unwrap(Expression x) {
        Expression e = x;
        while (e instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?> p && p.size() == 1) {
            e = p.get(0);
        }
        return e;
    }

    /** A string literal, also when PostgreSQL's view text cast it to text ({@code ','::text}); else null. */
    private static StringValue literal(Expression x) {
        Expression e = unwrap(x);
        if (e instanceof CastExpression cast && cast.getLeftExpression() instanceof StringValue s) {
            return s;
        }
        return e instanceof StringValue s ? s : null;
    }

    private void orderBy(List<OrderByElement> order, Object ctx) {
        w(" ORDER BY ");
        for (int i = 0; i < order.size(); i++) {
            OrderByElement o = order.get(i);
            w(i == 0 ? "" : ", ");
            e(o.getExpression(), ctx);
            if (o.isAscDescPresent()) {
                w(o.isAsc() ? " ASC" : " DESC");
            }
            if (o.getNullOrdering() != null) {
                w(o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST");
            }
        }
    }

    private String target() {
        return c.to.displayName;
    }

    private void manual(String message) {
        c.issues.manual(message);
    }

    // ---- names ----

    @Override
    public <S> StringBuilder visit(Column column, S ctx) {
        String name = column.getColumnName();
        Table t = column.getTable();
        boolean qualified = t != null && t.getName() != null;
        if (!qualified && c.positional.containsKey(name)) {
            w(c.positional.get(name));
            return builder;
        }
        if (!qualified && !isQuoted(name)) {
            String upper = name.toUpperCase(Locale.ROOT);
            switch (upper) {
                case "LOCALTIMESTAMP", "CURRENT_TIMESTAMP", "LOCALTIME", "SYSDATE" -> {
                    timestamp(upper.toLowerCase(Locale.ROOT), null, ctx);
                    return builder;
                }
                case "CURRENT_DATE" -> {
                    w("CURRENT_DATE");
                    return builder;
                }
                case "CURRENT_TIME" -> {
                    currentTime(null, List.of(), ctx);
                    return builder;
                }
                case "CURRENT_USER", "SESSION_USER", "USER", "TRUE", "FALSE", "NULL", "DEFAULT" -> {
                    if (upper.equals("USER") && !c.to.isMySqlFamily() || !upper.equals("USER")) {
                        w(upper.equals("USER") ? "CURRENT_USER" : upper);
                        if (c.to.isMySqlFamily() && (upper.equals("CURRENT_USER") || upper.equals("SESSION_USER"))) {
                            c.issues.warn(upper + " names the account as user@host in " + target());
                        }
                        return builder;
                    }
                }
                default -> {
                }
            }
            if (c.isLocal(name)) {
                w(c.from.name(name).toLowerCase(Locale.ROOT));
                return builder;
            }
        }
        if (qualified && c.trigger && t.getSchemaName() == null && !isQuoted(t.getName())
                && (t.getName().equalsIgnoreCase("NEW") || t.getName().equalsIgnoreCase("OLD"))) {
            w(t.getName().toUpperCase(Locale.ROOT) + "." + c.name(name));
            return builder;
        }
        if (qualified) {
            w(tableQualifier(t) + ".");
        }
        w(c.name(name));
        if (column.getArrayConstructor() != null) {
            if (!c.to.isPostgres()) {
                manual("array subscripts (" + column + ") have no equivalent in " + target());
            }
            w(column.getArrayConstructor().toString());
        }
        return builder;
    }

    static boolean isQuoted(String written) {
        return written != null && !written.isEmpty() && (written.charAt(0) == '"' || written.charAt(0) == '`');
    }

    @Override
    public <S> StringBuilder visit(AllTableColumns all, S ctx) {
        w(tableQualifier(all.getTable()) + ".*");
        return builder;
    }

    /**
     * The table part of a qualified column name for the target: a schema-qualified table (MySQL
     * writes every column of a view as {@code `db`.`table`.`column`}) renamed as the tables are,
     * so that it matches the renamed FROM clause; a table name or alias alone as written.
     */
    private String tableQualifier(Table t) {
        if (t.getSchemaName() == null) {
            return c.name(t.getName());
        }
        return c.qualified(new io.dmskit.schema.TableId(c.from.name(t.getSchemaName()), c.from.name(t.getName())));
    }

    // ---- literals ----

    @Override
    public <S> StringBuilder visit(StringValue s, S ctx) {
        String prefix = s.getPrefix();
        if (prefix != null && !prefix.equalsIgnoreCase("E") && !prefix.equalsIgnoreCase("N")) {
            if (!c.sameFamily()) {
                manual("the literal " + s + " (prefix " + prefix + ") needs a manual translation");
            }
            w(s.toString());
            return builder;
        }
        w(c.to.literal(c.from.literalValue(prefix, s.getValue())));
        return builder;
    }

    // ---- functions ----

    @Override
    public <S> StringBuilder visit(Function f, S ctx) {
        String name = f.getName() == null ? "" : f.getName();
        String lower = c.from.name(name).toLowerCase(Locale.ROOT);
        List<String> parts = f.getMultipartName();
        if (parts != null && parts.size() > 1 || c.userFunctions.contains(lower)) {
            if (isUserFunction(parts)) {
                List<String> quoted = new ArrayList<>();
                for (String p : parts) {
                    quoted.add(c.name(p));
                }
                call(String.join(".", quoted), args(f), ctx);
                return builder;
            }
        }
        if (lower.equals("any") || lower.equals("some") || lower.equals("all")) {
            return super.visit(f, ctx);
        }
        Rule r = rules.get(lower);
        if (r != null && r.apply(f, args(f), ctx)) {
            return builder;
        }
        if (!c.sameFamily() && r == null && !PORTABLE.contains(lower)) {
            manual("function " + name + "() is not known to exist with the same meaning in " + target());
        }
        return super.visit(f, ctx);
    }

    private boolean isUserFunction(List<String> parts) {
        if (parts == null || parts.isEmpty()) {
            return false;
        }
        List<String> names = new ArrayList<>();
        for (String p : parts) {
            names.add(c.from.name(p).toLowerCase(Locale.ROOT));
        }
        return c.userFunctions.contains(String.join(".", names)) || c.userFunctions.contains(names.get(names.size() - 1));
    }

    private boolean coalesce(Function f, List<Expression> a, Object ctx) {
        if (a.size() != 2 || c.sameFamily() || c.to.isH2() && f.getName().equalsIgnoreCase("ifnull")) {
            return false;
        }
        call("COALESCE", a, ctx);
        return true;
    }

    private boolean isnull(Function f, List<Expression> a, Object ctx) {
        if (a.size() != 1 || !c.from.isMySqlFamily() || c.to.isMySqlFamily()) {
            return false;
        }
        w("(");
        e(a.get(0), ctx);
        w(" IS NULL)");
        return true;
    }

    private boolean ifFunction(Function f, List<Expression> a, Object ctx) {
        if (a.size() != 3 || c.to.isMySqlFamily()) {
            return false;
        }
        w("CASE WHEN ");
        e(a.get(0), ctx);
        w(" THEN ");
        e(a.get(1), ctx);
        w(" ELSE ");
        e(a.get(2), ctx);
        w(" END");
        return true;
    }

    // ---- the current time: local (timestamp without zone), an instant (with zone), or UTC ----

    private enum Now { LOCAL, INSTANT, UTC }

    private boolean now(Function f, List<Expression> a, Object ctx) {
        if (a.size() > 1) {
            return false;
        }
        timestamp(c.from.name(f.getName()).toLowerCase(Locale.ROOT), a.isEmpty() ? null : a.get(0), ctx);
        return true;
    }

    @Override
    public <S> StringBuilder visit(TimeKeyExpression key, S ctx) {
        String text = key.getStringValue();
        int paren = text.indexOf('(');
        String name = (paren < 0 ? text : text.substring(0, paren)).strip().toLowerCase(Locale.ROOT);
        String precision = paren < 0 ? "" : text.substring(paren + 1, text.lastIndexOf(')')).strip();
        Expression p = precision.isEmpty() ? null : new LongValue(precision);
        switch (name) {
            case "current_timestamp", "localtimestamp", "localtime", "sysdate" -> timestamp(name, p, ctx);
            case "current_date" -> w("CURRENT_DATE");
            case "current_time" -> currentTime(null, p == null ? List.of() : List.of(p), ctx);
            default -> w(text);
        }
        return builder;
    }

    private void timestamp(String name, Expression precision, Object ctx) {
        Now kind;
        if (name.equals("utc_timestamp")) {
            kind = Now.UTC;
        } else if (name.equals("localtimestamp") || c.from.isMySqlFamily()) {
            kind = Now.LOCAL; // MySQL's NOW() and CURRENT_TIMESTAMP are DATETIME in the session's time zone
        } else if (name.equals("localtime")) {
            w(c.to.isMySqlFamily() ? "CURRENT_TIME" : "LOCALTIME");
            return;
        } else {
            kind = Now.INSTANT;
        }
        if (name.equals("sysdate") && !c.to.isMySqlFamily()) {
            c.issues.warn("SYSDATE() is read at each call in MySQL; the current timestamp is fixed for the statement in "
                    + target());
        }
        if (name.equals("clock_timestamp") && !c.to.isPostgres()) {
            c.issues.warn("clock_timestamp() changes during a statement; the current timestamp of " + target()
                    + " is fixed for the statement");
        }
        String p = precision == null ? "" : "(" + precision + ")";
        if (c.sameFamily()) {
            w(c.from.isMySqlFamily() && name.equals("sysdate") ? "SYSDATE(" + (precision == null ? "" : precision) + ")"
                    : kind == Now.UTC ? "UTC_TIMESTAMP(" + (precision == null ? "" : precision) + ")"
                    : kind == Now.LOCAL ? (c.to.isMySqlFamily() ? "CURRENT_TIMESTAMP" : "LOCALTIMESTAMP") + p
                    : "CURRENT_TIMESTAMP" + p);
            return;
        }
        switch (kind) {
            case LOCAL -> w(c.to.isMySqlFamily() ? "NOW(" + (precision == null ? "" : precision) + ")" : "LOCALTIMESTAMP" + p);
            case INSTANT -> {
                if (c.to.isMySqlFamily()) {
                    c.issues.warn("the current instant (" + name + ") becomes UTC_TIMESTAMP(): values of time zone "
                            + "columns are stored in " + target() + " as UTC DATETIME");
                    w("UTC_TIMESTAMP(" + (precision == null ? "" : precision) + ")");
                } else {
                    w("CURRENT_TIMESTAMP" + p);
                }
            }
            case UTC -> w(c.to.isPostgres() ? "(CURRENT_TIMESTAMP" + p + " AT TIME ZONE 'UTC')"
                    : c.to.isH2() ? "CAST(CURRENT_TIMESTAMP" + p + " AT TIME ZONE 'UTC' AS TIMESTAMP" + p + ")"
                    : "UTC_TIMESTAMP(" + (precision == null ? "" : precision) + ")");
        }
    }

    private boolean currentDate(Function f, List<Expression> a, Object ctx) {
        if (!a.isEmpty()) {
            return false;
        }
        w("CURRENT_DATE");
        return true;
    }

    private boolean currentTime(Function f, List<Expression> a, Object ctx) {
        if (a.size() > 1) {
            return false;
        }
        String p = a.isEmpty() ? "" : "(" + a.get(0) + ")";
        if (c.to.isMySqlFamily()) {
            w("CURRENT_TIME" + p);
        } else {
            // the time of day without a zone: PostgreSQL's CURRENT_TIME has one
            w("LOCALTIME" + p);
        }
        return true;
    }

    // ---- strings ----

    private boolean concat(Function f, List<Expression> a, Object ctx) {
        if (c.sameFamily() || a.isEmpty()) {
            return false;
        }
        if (c.from.isMySqlFamily()) {
            // MySQL's CONCAT is NULL when any argument is; so is || in PostgreSQL and H2
            concatOperator(a, ctx);
        } else if (c.to.isMySqlFamily()) {
            // PostgreSQL's and H2's concat() skip NULLs, as CONCAT_WS does
            w("CONCAT_WS('', ");
            list(a, ctx);
            w(")");
        } else {
            return false;
        }
        return true;
    }

    private void concatOperator(List<Expression> a, Object ctx) {
        w("(");
        for (int i = 0; i < a.size(); i++) {
            w(i == 0 ? "" : " || ");
            boolean castFirst = i == 0 && c.to.isPostgres() && !(a.get(0) instanceof StringValue)
                    && (a.size() == 1 || !(a.get(1) instanceof StringValue));
            if (castFirst) {
                // PostgreSQL's || needs a text operand to pick the text operator
                w("CAST(");
                e(a.get(i), ctx);
                w(" AS text)");
            } else {
                e(a.get(i), ctx);
            }
        }
        w(")");
    }

    @Override
    public <S> StringBuilder visit(Concat concat, S ctx) {
        if (!c.to.isMySqlFamily()) {
            if (c.from.isMySqlFamily()) {
                c.issues.warn("|| is read as concatenation (sql_mode PIPES_AS_CONCAT); by default MySQL reads it as OR");
            }
            return super.visit(concat, ctx);
        }
        List<Expression> operands = new ArrayList<>();
        flatten(concat, operands);
        call("CONCAT", operands, ctx);
        return builder;
    }

    private static void flatten(Expression x, List<Expression> out) {
        if (x instanceof Concat cc) {
            flatten(cc.getLeftExpression(), out);
            flatten(cc.getRightExpression(), out);
        } else {
            out.add(x);
        }
    }

    private boolean length(Function f, List<Expression> a, Object ctx) {
        if (a.size() != 1 || c.sameFamily()) {
            return false;
        }
        // MySQL's LENGTH counts bytes; PostgreSQL's and H2's count characters
        call(c.from.isMySqlFamily() ? "OCTET_LENGTH" : c.to.isMySqlFamily() ? "CHAR_LENGTH" : "LENGTH", a, ctx);
        return true;
    }

    private boolean random(Function f, List<Expression> a, Object ctx) {
        if (!a.isEmpty() || c.sameFamily()) {
            return false;
        }
        w(c.to.isPostgres() ? "random()" : "RAND()");
        return true;
    }

    private boolean truncate(Function f, List<Expression> a, Object ctx) {
        String n = f.getName().toLowerCase(Locale.ROOT);
        if (c.sameFamily() || a.isEmpty() || a.size() > 2) {
            return false;
        }
        if (c.to.isPostgres()) {
            call("trunc", a, ctx);
        } else if (n.equals("trunc") && c.from.isPostgres()) {
            w("TRUNCATE(");
            e(a.get(0), ctx);
            w(", ");
            if (a.size() == 2) {
                e(a.get(1), ctx);
            } else {
                w("0");
            }
            w(")");
        } else {
            return false;
        }
        return true;
    }

    private boolean log(Function f, List<Expression> a, Object ctx) {
        if (a.size() != 1 || c.sameFamily()) {
            return false;
        }
        // one-argument LOG is the natural logarithm in MySQL and H2, base 10 in PostgreSQL
        if (c.from.isPostgres()) {
            call("LOG10", a, ctx);
        } else if (c.to.isPostgres()) {
            call("ln", a, ctx);
        } else {
            return false;
        }
        return true;
    }

    private boolean instr(Function f, List<Expression> a, Object ctx) {
        String n = f.getName().toLowerCase(Locale.ROOT);
        if (c.sameFamily() || a.size() != 2) {
            return false;
        }
        // INSTR(s, sub) and strpos(s, sub); LOCATE(sub, s)
        List<Expression> ordered = n.equals("locate") ? List.of(a.get(1), a.get(0)) : a;
        call(c.to.isPostgres() ? "strpos" : "INSTR", ordered, ctx);
        return true;
    }

    // ---- dates ----

    private boolean datediff(Function f, List<Expression> a, Object ctx) {
        if (c.sameFamily() || !c.from.isMySqlFamily() || a.size() != 2) {
            if (!c.sameFamily() && a.size() == 3 && c.to.isMySqlFamily()) {
                manual("DATEDIFF(unit, a, b) has no direct equivalent in " + target() + ": use TIMESTAMPDIFF");
            }
            return false;
        }
        if (c.to.isPostgres()) {
            w("(CAST(");
            e(a.get(0), ctx);
            w(" AS date) - CAST(");
            e(a.get(1), ctx);
            w(" AS date))");
        } else {
            w("DATEDIFF(DAY, ");
            e(a.get(1), ctx);
            w(", ");
            e(a.get(0), ctx);
            w(")");
        }
        return true;
    }

    private boolean dateAdd(Function f, List<Expression> a, Object ctx) {
        if (c.to.isMySqlFamily() || a.size() != 2) {
            return false;
        }
        String n = f.getName().toLowerCase(Locale.ROOT);
        boolean minus = n.equals("date_sub") || n.equals("subdate");
        w("(");
        e(a.get(0), ctx);
        w(minus ? " - " : " + ");
        if (a.get(1) instanceof IntervalExpression) {
            e(a.get(1), ctx);
        } else {
            // ADDDATE(d, n) adds days
            w("(");
            e(a.get(1), ctx);
            w(") * INTERVAL '1' DAY");
        }
        w(")");
        return true;
    }

    @Override
    public <S> StringBuilder visit(IntervalExpression interval, S ctx) {
        if (c.sameFamily()) {
            return super.visit(interval, ctx);
        }
        String unit = interval.getIntervalType();
        Expression amount = interval.getParameter() != null ? parameterExpression(interval.getParameter())
                : interval.getExpression();
        if (unit == null && amount instanceof StringValue s) {
            // PostgreSQL's interval '2 days' (one quantity and unit)
            String[] words = s.getValue().strip().split("\\s+");
            if (words.length == 2 && words[0].matches("-?[0-9]+")) {
                String u = words[1].toUpperCase(Locale.ROOT).replaceAll("S$", "");
                if (Set.of("MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR").contains(u)) {
                    writeInterval(words[0], null, u, ctx);
                    return builder;
                }
            }
            manual("interval " + s + " needs a manual translation");
            return super.visit(interval, ctx);
        }
        if (unit == null || amount == null) {
            manual("interval " + interval + " needs a manual translation");
            return super.visit(interval, ctx);
        }
        String u = unit.toUpperCase(Locale.ROOT);
        if (!Set.of("MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR").contains(u)) {
            manual("interval unit " + unit + " needs a manual translation");
            return super.visit(interval, ctx);
        }
        if (amount instanceof LongValue || amount instanceof StringValue sv && sv.getValue().matches("-?[0-9]+")) {
            String n = amount instanceof StringValue sv ? sv.getValue() : amount.toString();
            writeInterval(n, null, u, ctx);
        } else {
            writeInterval(null, amount, u, ctx);
        }
        return builder;
    }

    private static Expression parameterExpression(String parameter) {
        String p = parameter.strip();
        if (p.matches("-?[0-9]+")) {
            return new LongValue(p);
        }
        if (p.startsWith("'") && p.endsWith("'") && p.length() >= 2) {
            return new StringValue(p.substring(1, p.length() - 1));
        }
        return new Column(p);
    }

    private void writeInterval(String number, Expression amount, String unit, Object ctx) {
        if (c.to.isMySqlFamily()) {
            w("INTERVAL ");
            if (number != null) {
                w(number);
            } else {
                e(amount, ctx);
            }
            w(" " + unit);
            return;
        }
        String one = c.to.isPostgres() ? "INTERVAL '1 " + unit.toLowerCase(Locale.ROOT) + "'" : "INTERVAL '1' " + unit;
        if (number != null) {
            w(c.to.isPostgres() ? "INTERVAL '" + number + " " + unit.toLowerCase(Locale.ROOT) + "'"
                    : "INTERVAL '" + number + "' " + unit);
        } else {
            w("(");
            e(amount, ctx);
            w(") * " + one);
        }
    }

    private boolean dateFormat(Function f, List<Expression> a, Object ctx) {
        String n = f.getName().toLowerCase(Locale.ROOT);
        if (c.sameFamily() || a.size() != 2) {
            return false;
        }
        if (n.equals("to_char") && c.from.isPostgres() && c.to.isH2()) {
            return false; // H2 has to_char with PostgreSQL's (Oracle's) patterns
        }
        StringValue fmt = literal(a.get(1));
        if (fmt == null) {
            manual(f.getName() + "() with a pattern that is not a literal needs a manual translation");
            return false;
        }
        String pattern = c.from.literalValue(fmt.getPrefix(), fmt.getValue());
        String converted = DateFormats.convert(pattern, c.from, c.to);
        if (converted == null) {
            manual("the format '" + pattern + "' of " + f.getName() + "() has fields with no counterpart in " + target());
            return false;
        }
        String fn = c.to.isMySqlFamily() ? "DATE_FORMAT" : c.to.isPostgres() ? "to_char" : "FORMATDATETIME";
        w(fn + "(");
        e(a.get(0), ctx);
        w(", " + c.to.literal(converted) + ")");
        return true;
    }

    private boolean datePart(Function f, List<Expression> a, Object ctx) {
        if (a.size() != 1 || !c.to.isPostgres() || c.sameFamily()) {
            return false;
        }
        String n = f.getName().toUpperCase(Locale.ROOT);
        String field = n.equals("DAYOFMONTH") ? "DAY" : n;
        w("CAST(EXTRACT(" + field + " FROM ");
        e(a.get(0), ctx);
        w(") AS integer)");
        return true;
    }

    // ---- aggregates ----

    @Override
    public <S> StringBuilder visit(MySQLGroupConcat g, S ctx) {
        if (c.to.isMySqlFamily()) {
            return super.visit(g, ctx);
        }
        List<Expression> items = new ArrayList<>(g.getExpressionList());
        String sep = g.getSeparator() == null ? "," : c.from.literalValue(null, unquote(g.getSeparator()));
        if (c.to.isPostgres()) {
            w("string_agg(" + (g.isDistinct() ? "DISTINCT " : ""));
            if (items.size() == 1) {
                w("CAST(");
                e(items.get(0), ctx);
                w(" AS text)");
            } else {
                concatOperator(items, ctx);
            }
            w(", " + c.to.literal(sep));
            if (g.getOrderByElements() != null && !g.getOrderByElements().isEmpty()) {
                orderBy(g.getOrderByElements(), ctx);
            }
            w(")");
        } else {
            w("LISTAGG(" + (g.isDistinct() ? "DISTINCT " : ""));
            if (items.size() == 1) {
                e(items.get(0), ctx);
            } else {
                concatOperator(items, ctx);
            }
            w(", " + c.to.literal(sep) + ")");
            if (g.getOrderByElements() != null && !g.getOrderByElements().isEmpty()) {
                w(" WITHIN GROUP (");
                orderBy(g.getOrderByElements(), ctx);
                w(")");
            }
        }
        return builder;
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("'") && t.endsWith("'") ? t.substring(1, t.length() - 1) : t;
    }

    private boolean stringAgg(Function f, List<Expression> a, Object ctx) {
        if (c.sameFamily() || a.size() != 2) {
            return false;
        }
        StringValue sep = literal(a.get(1));
        if (sep == null) {
            manual(f.getName() + "() with a separator that is not a literal needs a manual translation");
            return false;
        }
        String separator = c.from.literalValue(sep.getPrefix(), sep.getValue());
        List<OrderByElement> order = f.getOrderByElements();
        if (c.to.isMySqlFamily()) {
            c.issues.warn("GROUP_CONCAT cuts its result at group_concat_max_len (1024 bytes by default) where "
                    + f.getName() + "() does not: raise group_concat_max_len where longer results are possible");
            w("GROUP_CONCAT(" + (f.isDistinct() ? "DISTINCT " : ""));
            e(a.get(0), ctx);
            if (order != null && !order.isEmpty()) {
                orderBy(order, ctx);
            }
            w(" SEPARATOR " + c.to.literal(separator) + ")");
        } else if (c.to.isPostgres()) {
            w("string_agg(" + (f.isDistinct() ? "DISTINCT " : "") + "CAST(");
            e(a.get(0), ctx);
            w(" AS text), " + c.to.literal(separator));
            if (order != null && !order.isEmpty()) {
                orderBy(order, ctx);
            }
            w(")");
        } else {
            w("LISTAGG(" + (f.isDistinct() ? "DISTINCT " : ""));
            e(a.get(0), ctx);
            w(", " + c.to.literal(separator) + ")");
            if (order != null && !order.isEmpty()) {
                w(" WITHIN GROUP (");
                orderBy(order, ctx);
                w(")");
            }
        }
        return true;
    }

    private boolean uuid(Function f, List<Expression> a, Object ctx) {
        if (!a.isEmpty() || c.sameFamily()) {
            return false;
        }
        w(c.to.isPostgres() ? "gen_random_uuid()" : c.to.isH2() ? "RANDOM_UUID()" : "UUID()");
        return true;
    }

    private boolean greatest(Function f, List<Expression> a, Object ctx) {
        if (!c.sameFamily() && (c.from.isPostgres() || c.to.isPostgres())) {
            c.issues.warn(f.getName().toUpperCase(Locale.ROOT) + "() skips NULL arguments in PostgreSQL but is NULL "
                    + "when any argument is NULL in MariaDB/MySQL and H2");
        }
        return false;
    }

    // ---- sequences ----

    private boolean nextval(Function f, List<Expression> a, Object ctx) {
        if (c.to.isPostgres() || a.size() != 1) {
            return false;
        }
        StringValue s = literal(a.get(0));
        if (s == null) {
            manual("nextval() of a computed sequence name needs a manual translation");
            return false;
        }
        if (c.to.isMySqlFamily() && !c.to.isMariaDb()) {
            manual("MySQL has no sequences: nextval(" + s + ") needs an AUTO_INCREMENT column or a counter table");
            return false;
        }
        w("NEXT VALUE FOR ");
        String[] parts = s.getValue().split("\\.");
        for (int i = 0; i < parts.length; i++) {
            w((i == 0 ? "" : ".") + c.name(parts[i]));
        }
        return true;
    }

    @Override
    public <S> StringBuilder visit(NextValExpression next, S ctx) {
        if (c.to.isMySqlFamily() && !c.to.isMariaDb()) {
            manual("MySQL has no sequences: " + next + " needs an AUTO_INCREMENT column or a counter table");
            return super.visit(next, ctx);
        }
        List<String> quoted = new ArrayList<>();
        for (String p : next.getNameList()) {
            quoted.add(c.name(p));
        }
        String name = String.join(".", quoted);
        if (c.to.isPostgres()) {
            w("nextval(" + c.to.literal(name) + ")");
        } else {
            w("NEXT VALUE FOR " + name);
        }
        return builder;
    }

    // ---- casts ----

    @Override
    public <S> StringBuilder visit(CastExpression cast, S ctx) {
        String type = cast.getColDataType().toString();
        if (c.sameFamily()) {
            return super.visit(cast, ctx);
        }
        Expression x = cast.getLeftExpression();
        TypeNames.Mapped mapped = TypeNames.cast(type, c.from, c.to);
        boolean toText = mapped != null && (mapped.spelling().startsWith("CHAR") || mapped.spelling().equals("VARCHAR")
                || mapped.spelling().equals("text"));
        Expression inner = unwrap(x);
        if ((inner instanceof StringValue || inner instanceof Column && c.from.isPostgres()) && toText && !c.to.isPostgres()) {
            // PostgreSQL's view text casts literals and varchar columns to text for its operators; elsewhere
            // they are text already, and a cast would change their collation
            e(inner, ctx);
            return builder;
        }
        if (mapped == null) {
            manual("a cast to " + type + " has no equivalent in " + target());
            return super.visit(cast, ctx);
        }
        if (mapped.warning() != null) {
            c.issues.warn(mapped.warning());
        }
        w("CAST(");
        e(x, ctx);
        w(" AS " + mapped.spelling() + ")");
        return builder;
    }

    // ---- comparisons ----

    @Override
    public <S> StringBuilder visit(EqualsTo eq, S ctx) {
        if (compareWithArray(eq, false, ctx) || compareBoolean(eq, "=", ctx)) {
            return builder;
        }
        return super.visit(eq, ctx);
    }

    @Override
    public <S> StringBuilder visit(NotEqualsTo ne, S ctx) {
        if (compareWithArray(ne, true, ctx) || compareBoolean(ne, ne.getStringExpression(), ctx)) {
            return builder;
        }
        return super.visit(ne, ctx);
    }

    /** PostgreSQL's {@code x = ANY (ARRAY[a, b])} (how it prints {@code x IN (a, b)}) as an IN list elsewhere. */
    private boolean compareWithArray(ComparisonOperator op, boolean not, Object ctx) {
        if (c.to.isPostgres() || !(op.getRightExpression() instanceof Function f)) {
            return false;
        }
        String n = f.getName() == null ? "" : f.getName().toUpperCase(Locale.ROOT);
        boolean any = n.equals("ANY") || n.equals("SOME");
        boolean all = n.equals("ALL");
        List<Expression> a = args(f);
        if (!(any && !not || all && not) || a.size() != 1 || !(a.get(0) instanceof ArrayConstructor array)) {
            return false;
        }
        e(op.getLeftExpression(), ctx);
        w(not ? " NOT IN (" : " IN (");
        list(array.getExpressions(), ctx);
        w(")");
        return true;
    }

    /** MySQL's {@code flag = 1} where the column becomes a boolean in the target: {@code flag = TRUE}. */
    private boolean compareBoolean(ComparisonOperator op, String operator, Object ctx) {
        if (c.to.isMySqlFamily() || !c.from.isMySqlFamily()) {
            return false;
        }
        Expression l = op.getLeftExpression();
        Expression r = op.getRightExpression();
        if (r instanceof Column && l instanceof LongValue) {
            Expression t = l;
            l = r;
            r = t;
        }
        if (!(l instanceof Column col) || !(r instanceof LongValue v) || v.getValue() != 0 && v.getValue() != 1) {
            return false;
        }
        String table = col.getTable() == null || col.getTable().getName() == null ? null : c.from.name(col.getTable().getName());
        if (!c.booleanColumn.test(table, c.from.name(col.getColumnName()))) {
            return false;
        }
        e(l, ctx);
        w(" " + operator + " " + (v.getValue() == 1 ? "TRUE" : "FALSE"));
        return true;
    }

    @Override
    public <S> StringBuilder visit(LikeExpression like, S ctx) {
        LikeExpression.KeyWord kw = like.getLikeKeyWord();
        if (c.sameFamily()) {
            return super.visit(like, ctx);
        }
        String keyword = kw == null ? "LIKE" : kw.name();
        switch (keyword) {
            case "ILIKE" -> {
                if (c.to.isMySqlFamily()) {
                    c.issues.warn("ILIKE becomes LIKE, which is case-insensitive only under a case-insensitive collation");
                    writeBinary(like, like.isNot() ? " NOT LIKE " : " LIKE ", ctx);
                    return builder;
                }
                return super.visit(like, ctx);
            }
            case "REGEXP", "RLIKE" -> {
                c.issues.warn("regular expressions differ in detail between engines (MySQL ICU or PCRE, PostgreSQL POSIX, "
                        + "H2 Java): check the pattern");
                if (c.to.isPostgres()) {
                    writeBinary(like, like.isNot() ? " !~* " : " ~* ", ctx);
                } else {
                    writeBinary(like, like.isNot() ? " NOT REGEXP " : " REGEXP ", ctx);
                }
                return builder;
            }
            case "LIKE" -> {
                if (c.from.isMySqlFamily()) {
                    c.issues.warn("LIKE is case-insensitive under MySQL's default collations and case-sensitive in "
                            + target() + ": use ILIKE or LOWER() where case must not matter");
                }
                return super.visit(like, ctx);
            }
            default -> {
                manual(keyword + " has no equivalent in " + target());
                return super.visit(like, ctx);
            }
        }
    }

    private void writeBinary(net.sf.jsqlparser.expression.BinaryExpression b, String operator, Object ctx) {
        e(b.getLeftExpression(), ctx);
        w(operator);
        e(b.getRightExpression(), ctx);
    }

    @Override
    public <S> StringBuilder visit(RegExpMatchOperator re, S ctx) {
        if (c.to.isPostgres()) {
            return super.visit(re, ctx);
        }
        c.issues.warn("regular expressions differ in detail between engines (PostgreSQL POSIX, MySQL ICU or PCRE, "
                + "H2 Java): check the pattern");
        String op = re.getStringExpression();
        boolean not = op.startsWith("!");
        if (op.endsWith("*") || c.to.isMySqlFamily()) {
            if (!op.endsWith("*") && c.to.isMySqlFamily()) {
                c.issues.warn("REGEXP is case-insensitive under a case-insensitive collation; PostgreSQL's ~ is not");
            }
        }
        if (c.to.isMySqlFamily()) {
            writeBinary(re, not ? " NOT REGEXP " : " REGEXP ", ctx);
        } else {
            if (not) {
                w("NOT ");
            }
            w("REGEXP_LIKE(");
            e(re.getLeftExpression(), ctx);
            w(", ");
            e(re.getRightExpression(), ctx);
            w(op.endsWith("*") ? ", 'i')" : ")");
        }
        return builder;
    }

    // ---- JSON ----

    @Override
    public <S> StringBuilder visit(JsonExpression json, S ctx) {
        if (c.sameFamily()) {
            return super.visit(json, ctx);
        }
        List<String> ops = json.getOperators();
        List<Expression> keys = json.getIdents();
        boolean simple = ops.size() == 1 && (ops.get(0).equals("->") || ops.get(0).equals("->>"))
                && keys.get(0) instanceof StringValue;
        if (!simple || c.to.isH2()) {
            manual("the JSON operators of " + json + " need a manual translation to " + target());
            return super.visit(json, ctx);
        }
        boolean text = ops.get(0).equals("->>");
        String key = ((StringValue) keys.get(0)).getValue();
        if (c.to.isMySqlFamily()) {
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                manual("the JSON key '" + key + "' needs a manual translation to a MySQL JSON path");
                return super.visit(json, ctx);
            }
            w(text ? "JSON_UNQUOTE(JSON_EXTRACT(" : "JSON_EXTRACT(");
            e(json.getExpression(), ctx);
            w(", '$." + key + "')" + (text ? ")" : ""));
            return builder;
        }
        // MySQL paths such as $.a.b to PostgreSQL's path operators
        if (!key.matches("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)+")) {
            manual("the JSON path '" + key + "' needs a manual translation to PostgreSQL");
            return super.visit(json, ctx);
        }
        w("(");
        e(json.getExpression(), ctx);
        w(text ? " #>> '{" : " #> '{");
        w(key.substring(2).replace('.', ','));
        w("}')");
        return builder;
    }

    @Override
    public <S> StringBuilder visit(JsonFunction f, S ctx) {
        if (!c.sameFamily()) {
            manual("the JSON function " + f + " needs a manual translation to " + target());
        }
        return super.visit(f, ctx);
    }

    @Override
    public <S> StringBuilder visit(JsonAggregateFunction f, S ctx) {
        if (!c.sameFamily()) {
            manual("the JSON aggregate " + f + " needs a manual translation to " + target());
        }
        return super.visit(f, ctx);
    }

    // ---- constructs with no counterpart: written as they were, reported ----

    @Override
    public <S> StringBuilder visit(ArrayConstructor array, S ctx) {
        if (!c.to.isPostgres() && !c.to.isH2()) {
            manual("arrays (" + array + ") have no equivalent in " + target());
        }
        return super.visit(array, ctx);
    }

    @Override
    public <S> StringBuilder visit(ArrayExpression array, S ctx) {
        if (!c.to.isPostgres()) {
            manual("array subscripts (" + array + ") need a manual translation to " + target());
        }
        return super.visit(array, ctx);
    }

    @Override
    public <S> StringBuilder visit(UserVariable v, S ctx) {
        if (!c.to.isMySqlFamily()) {
            manual("the session variable " + v + " has no equivalent in " + target());
        }
        return super.visit(v, ctx);
    }

    @Override
    public <S> StringBuilder visit(FullTextSearch m, S ctx) {
        if (!c.to.isMySqlFamily()) {
            manual("full-text search (" + m + ") needs a manual translation to " + target());
        }
        return super.visit(m, ctx);
    }

    @Override
    public <S> StringBuilder visit(IntegerDivision d, S ctx) {
        if (c.to.isMySqlFamily()) {
            return super.visit(d, ctx);
        }
        if (c.to.isPostgres()) {
            w("div(");
            e(d.getLeftExpression(), ctx);
            w(", ");
            e(d.getRightExpression(), ctx);
            w(")");
            return builder;
        }
        manual("integer division (DIV) needs a manual translation to " + target());
        return super.visit(d, ctx);
    }

    @Override
    public <S> StringBuilder visit(XorExpression x, S ctx) {
        if (!c.to.isMySqlFamily()) {
            w("((");
            e(x.getLeftExpression(), ctx);
            w(") <> (");
            e(x.getRightExpression(), ctx);
            w("))");
            c.issues.warn("XOR becomes <> between the two conditions (equal when neither is NULL)");
            return builder;
        }
        return super.visit(x, ctx);
    }

    @Override
    public <S> StringBuilder visit(CollateExpression collate, S ctx) {
        if (c.sameFamily()) {
            return super.visit(collate, ctx);
        }
        c.issues.warn("COLLATE " + collate.getCollate() + " was dropped: collation names differ between engines, "
                + "so comparisons use the column's collation");
        e(collate.getLeftExpression(), ctx);
        return builder;
    }

    @Override
    public <S> StringBuilder visit(SimilarToExpression s, S ctx) {
        if (!c.to.isPostgres()) {
            manual("SIMILAR TO has no equivalent in " + target());
        }
        return super.visit(s, ctx);
    }

    @Override
    public <S> StringBuilder visit(OracleHierarchicalExpression h, S ctx) {
        manual("CONNECT BY needs a manual translation to a recursive WITH query");
        return super.visit(h, ctx);
    }

    @Override
    public <S> StringBuilder visit(AllValue v, S ctx) {
        return super.visit(v, ctx);
    }
}
