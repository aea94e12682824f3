package io.dmskit.schema.sql;

import io.dmskit.schema.Routine;
import io.dmskit.schema.SqlTranslator.Translation;
import io.dmskit.schema.TableId;
import io.dmskit.schema.Trigger;
import io.dmskit.schema.sql.Lexer.Token;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.util.deparser.StatementDeParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Translates triggers and routines. The parser library reads SQL statements but not procedural
 * code (PL/pgSQL, MySQL compound statements), so this class splits a body into statements with
 * {@link Lexer} and translates the common ones: assignments ({@code SET NEW.x = ...} and
 * {@code NEW.x := ...}), {@code IF / ELSEIF / ELSE}, {@code RETURN}, raising an error
 * ({@code SIGNAL} and {@code RAISE EXCEPTION}), variable declarations, and INSERT, UPDATE and
 * DELETE statements (through the parser library). Expressions go through the same rewriting as
 * views. Any other statement (loops, cursors, handlers, dynamic SQL) makes the object an action
 * item, with its text kept in the best attempt.
 */
final class Procedural {

    private static final Set<String> BLOCK_END = Set.of("END", "ELSE", "ELSEIF", "ELSIF");

    private final Translator translator;
    private final Context c;
    private final Flavor from;
    private final Flavor to;
    private List<Token> tokens;
    private String text;
    private int pos;
    private final List<String> declarations = new ArrayList<>();

    Procedural(Translator translator, Context context) {
        this.translator = translator;
        this.c = context;
        this.from = context.from;
        this.to = context.to;
    }

    // ---- triggers ----

    Translation trigger(Trigger t, Routine function) {
        String source = t.definition() != null ? t.definition() : t.body();
        if (c.sameFamily()) {
            if (source == null) {
                return Translation.manual("the trigger's definition was not read");
            }
            return Translation.automatic(List.of(source), "re-created from its source text");
        }
        if (from.isH2() || to.isH2()) {
            return Translation.manual("H2 triggers are Java classes (org.h2.api.Trigger): write one that does what the "
                    + "trigger does");
        }
        if (!t.forEachRow()) {
            return Translation.manual(to.displayName + " has no statement-level triggers: fold this trigger's work into "
                    + "the application or a row-level trigger");
        }
        if (t.timing() == Trigger.Timing.INSTEAD_OF) {
            return Translation.manual(to.displayName + " has no INSTEAD OF triggers");
        }
        c.trigger = true;
        return to.isPostgres() ? mysqlTriggerToPostgres(t, source) : postgresTriggerToMysql(t, function, source);
    }

    private Translation mysqlTriggerToPostgres(Trigger t, String source) {
        List<String> body = parseBody(t.body(), false);
        String ret = t.timing() == Trigger.Timing.AFTER ? "NULL"
                : t.events().contains(Trigger.Event.DELETE) ? "OLD" : "NEW";
        String fnName = shorten(t.id().name() + "_fn", 63);
        String fn = c.qualified(new TableId(t.id().schema(), fnName));
        StringBuilder f = new StringBuilder("CREATE FUNCTION ").append(fn).append("() RETURNS trigger LANGUAGE plpgsql AS $$\n");
        f.append(plpgsqlBlock(body, "RETURN " + ret + ";"));
        f.append("$$");
        String events = String.join(" OR ", t.events().stream().map(Enum::name).toList());
        String trig = "CREATE TRIGGER " + to.quote(t.id().name()) + " " + t.timing().name() + " " + events + " ON "
                + c.qualified(t.table()) + " FOR EACH ROW"
                + (t.condition() == null ? "" : " WHEN (" + expression(t.condition()) + ")")
                + " EXECUTE FUNCTION " + fn + "()";
        if (t.order() > 1) {
            c.issues.warn("PostgreSQL fires triggers of the same event in name order, not in MySQL's ACTION_ORDER");
        }
        return Translator.result(c, List.of(f.toString(), trig), source);
    }

    private Translation postgresTriggerToMysql(Trigger t, Routine function, String source) {
        if (function == null || function.body() == null) {
            return Translation.manual("the trigger function " + t.function() + " was not read: translate the trigger by hand");
        }
        if (!"plpgsql".equalsIgnoreCase(function.language())) {
            return Translation.manual("the trigger function is written in " + function.language() + ", not PL/pgSQL");
        }
        String fullSource = source + ";\n" + (function.definition() != null ? function.definition() : function.body());
        if (function.body().toUpperCase(Locale.ROOT).matches("(?s).*\\bTG_[A-Z_]+.*")) {
            c.issues.manual("the trigger function reads TG_ variables (TG_OP, TG_TABLE_NAME, ...), which MySQL does not have: "
                    + "write one trigger per event by hand");
        }
        if (t.events().contains(Trigger.Event.TRUNCATE)) {
            c.issues.manual("MySQL has no TRUNCATE triggers");
        }
        List<String> body = parseBody(function.body(), true);
        dropFinalReturn(body);
        if (t.condition() != null) {
            List<String> wrapped = new ArrayList<>();
            wrapped.add("IF " + expression(t.condition()) + " THEN");
            body.forEach(l -> wrapped.add("  " + l));
            wrapped.add("END IF;");
            body = wrapped;
        }
        List<String> statements = new ArrayList<>();
        List<Trigger.Event> events = t.events().stream().filter(e -> e != Trigger.Event.TRUNCATE).toList();
        if (events.size() > 1) {
            c.issues.warn("MySQL triggers fire on one event: one trigger per event (" + events + ")");
        }
        for (Trigger.Event e : events) {
            String name = events.size() == 1 ? t.id().name() : shorten(t.id().name() + "_" + e.name().toLowerCase(Locale.ROOT), 64);
            if (e == Trigger.Event.INSERT && String.join("\n", body).contains("OLD.")) {
                c.issues.manual("the body reads OLD, which an INSERT trigger of MySQL does not have");
            }
            if (e == Trigger.Event.DELETE && String.join("\n", body).contains("NEW.")) {
                c.issues.manual("the body reads NEW, which a DELETE trigger of MySQL does not have");
            }
            statements.add("CREATE TRIGGER " + c.qualified(new TableId(t.table().schema(), name)) + " " + t.timing().name()
                    + " " + e.name() + " ON " + c.qualified(t.table())
                    + " FOR EACH ROW\n" + mysqlBlock(body));
        }
        return Translator.result(c, statements, fullSource);
    }

    /** Removes the {@code RETURN NEW / OLD / NULL} that ends a PostgreSQL trigger function; others are action items. */
    private void dropFinalReturn(List<String> body) {
        for (int i = body.size() - 1; i >= 0; i--) {
            String l = body.get(i).strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.matches("(?i)RETURN\\s+(NEW|OLD|NULL);") && !body.get(i).startsWith(" ")) {
                body.remove(i);
            }
            break;
        }
        for (String l : body) {
            if (l.strip().toUpperCase(Locale.ROOT).startsWith("RETURN")) {
                c.issues.manual("a RETURN inside the trigger body (which skips the row or ends early) has no MySQL "
                        + "equivalent: use SIGNAL to reject a row");
                break;
            }
        }
    }

    // ---- routines ----

    Translation routine(Routine r) {
        String source = r.definition() != null ? r.definition() : r.body();
        if (c.sameFamily()) {
            if (r.definition() == null) {
                return Translation.manual("the routine's definition was not read");
            }
            return Translation.automatic(List.of(r.definition()), "re-created from its source text");
        }
        if (from.isH2() || to.isH2()) {
            return Translation.manual("H2 routines are Java methods (CREATE ALIAS): write the routine by hand");
        }
        if (r.body() == null) {
            return Translation.manual("the routine's body was not read");
        }
        String ret = r.returnType() == null ? null : r.returnType().strip();
        if (ret != null && ret.equalsIgnoreCase("trigger")) {
            return Translation.automatic(List.of(), "a trigger function: its body is part of each trigger that executes it");
        }
        String lang = r.language() == null ? "sql" : r.language().toLowerCase(Locale.ROOT);
        if (!Set.of("sql", "plpgsql").contains(lang)) {
            return Translation.manual("the routine is written in " + r.language() + ", which " + to.displayName
                    + " does not run");
        }
        List<String> params = new ArrayList<>();
        int n = 0;
        for (Routine.Parameter p : r.parameters()) {
            n++;
            String name = p.name() == null || p.name().isEmpty() ? "p" + n : p.name().toLowerCase(Locale.ROOT);
            c.locals.add(name);
            c.positional.put("$" + n, name);
            TypeNames.Mapped type = TypeNames.declared(p.type(), from, to);
            if (type == null) {
                c.issues.manual("the parameter type " + p.type() + " has no equivalent in " + to.displayName);
            } else if (type.warning() != null) {
                c.issues.warn(type.warning());
            }
            String mode = r.kind() == Routine.Kind.PROCEDURE || to.isPostgres() && p.mode() != Routine.Parameter.Mode.IN
                    ? p.mode().name() + " " : "";
            if (p.mode() == Routine.Parameter.Mode.VARIADIC) {
                c.issues.manual("VARIADIC parameters have no equivalent in " + to.displayName);
            }
            params.add(mode + name + " " + (type == null ? p.type() : type.spelling()));
        }
        String name = c.qualified(r.id());
        List<String> body;
        if (from.isPostgres() && lang.equals("sql")) {
            body = sqlFunctionBody(r.body());
        } else {
            body = parseBody(r.body(), from.isPostgres());
        }
        StringBuilder s = new StringBuilder("CREATE ").append(r.kind().name()).append(' ').append(name)
                .append('(').append(String.join(", ", params)).append(')');
        if (r.kind() == Routine.Kind.FUNCTION) {
            TypeNames.Mapped type = ret == null ? null : TypeNames.declared(ret, from, to);
            if (type == null) {
                c.issues.manual("the return type " + ret + " has no equivalent in " + to.displayName
                        + (ret != null && ret.toLowerCase(Locale.ROOT).matches("setof.*|table.*|record|void")
                        ? " (set-returning and void functions need a procedure or a view)" : ""));
            }
            s.append(" RETURNS ").append(type == null ? ret : type.spelling());
        }
        if (to.isPostgres()) {
            s.append(" LANGUAGE plpgsql AS $$\n").append(plpgsqlBlock(body, null)).append("$$");
        } else {
            if (r.kind() == Routine.Kind.FUNCTION) {
                boolean writes = String.join("\n", body).toUpperCase(Locale.ROOT).matches("(?s).*\\b(INSERT|UPDATE|DELETE)\\b.*");
                if (r.deterministic()) {
                    s.append(" DETERMINISTIC");
                } else if (writes) {
                    s.append(" MODIFIES SQL DATA");
                    c.issues.warn("a function that writes data needs log_bin_trust_function_creators=1 where the binary log is on");
                } else {
                    s.append(" READS SQL DATA");
                }
            }
            s.append('\n').append(mysqlBlock(body));
        }
        return Translator.result(c, List.of(s.toString()), source);
    }

    /** A PostgreSQL {@code LANGUAGE sql} function's body: one SELECT, returned. */
    private List<String> sqlFunctionBody(String body) {
        String b = body.strip();
        while (b.endsWith(";")) {
            b = b.substring(0, b.length() - 1).strip();
        }
        if (b.toUpperCase(Locale.ROOT).startsWith("RETURN ")) {
            return List.of("RETURN " + expression(b.substring(7)) + ";");
        }
        if (!b.toUpperCase(Locale.ROOT).startsWith("SELECT") || b.contains(";")) {
            c.issues.manual("a SQL function body other than one SELECT needs a manual translation");
            return List.of(b + ";");
        }
        try {
            Statement st = CCJSqlParserUtil.parse(b);
            if (st instanceof net.sf.jsqlparser.statement.select.PlainSelect ps && ps.getFromItem() == null
                    && ps.getSelectItems().size() == 1 && ps.getWhere() == null) {
                return List.of("RETURN " + expression(ps.getSelectItems().get(0).getExpression().toString()) + ";");
            }
            return List.of("RETURN (" + translator.rewriteQuery(b, c) + ");");
        } catch (Exception e) {
            c.issues.manual("the SQL function body could not be read: translate it by hand");
            return List.of(b + ";");
        }
    }

    // ---- bodies ----

    /** Parses a body (a statement, a BEGIN ... END block, or a PL/pgSQL block) into target lines. */
    private List<String> parseBody(String body, boolean plpgsql) {
        text = body;
        tokens = Lexer.tokens(body, from);
        pos = 0;
        declarations.clear();
        List<String> out = new ArrayList<>();
        if (plpgsql && peek("DECLARE")) {
            pos++;
            while (pos < tokens.size() && !peek("BEGIN")) {
                int end = statementEnd();
                declarationPostgres(pos, end);
                pos = end + 1;
            }
        }
        if (peek("BEGIN")) {
            pos++;
            out.addAll(statements(plpgsql));
            expect("END");
            if (peek(";")) {
                pos++;
            }
        } else {
            out.addAll(statements(plpgsql));
        }
        if (pos < tokens.size()) {
            c.issues.manual("text after the body's end was not translated: " + rest());
        }
        return out;
    }

    private List<String> statements(boolean plpgsql) {
        List<String> out = new ArrayList<>();
        while (pos < tokens.size() && !BLOCK_END.contains(tokens.get(pos).upper())) {
            out.addAll(statement(plpgsql));
        }
        return out;
    }

    private List<String> statement(boolean plpgsql) {
        Token t = tokens.get(pos);
        String kw = t.upper();
        int start = pos;
        switch (kw) {
            case "BEGIN" -> {
                pos++;
                List<String> inner = statements(plpgsql);
                expect("END");
                skipSemicolon();
                List<String> out = new ArrayList<>();
                out.add("BEGIN");
                inner.forEach(l -> out.add("  " + l));
                out.add("END;");
                return out;
            }
            case "IF" -> {
                return ifStatement(plpgsql);
            }
            case "DECLARE" -> {
                int end = statementEnd();
                declarationMySql(start + 1, end);
                pos = end + 1;
                return List.of();
            }
            case "SET" -> {
                int end = statementEnd();
                List<String> out = new ArrayList<>();
                for (int[] part : splitTopLevel(start + 1, end, ",")) {
                    out.add(assignment(part[0], part[1]));
                }
                pos = end + 1;
                return out;
            }
            case "RETURN" -> {
                int end = statementEnd();
                pos = end + 1;
                if (end == start + 2 && Set.of("NEW", "OLD", "NULL").contains(tokens.get(start + 1).upper())) {
                    return List.of("RETURN " + tokens.get(start + 1).upper() + ";");
                }
                return List.of(end == start + 1 ? "RETURN;" : "RETURN " + expression(Lexer.join(tokens, start + 1, end)) + ";");
            }
            case "SIGNAL" -> {
                int end = statementEnd();
                pos = end + 1;
                return List.of(signal(start, end));
            }
            case "RAISE" -> {
                int end = statementEnd();
                pos = end + 1;
                return raise(start, end);
            }
            case "NULL" -> {
                pos = statementEnd() + 1;
                return List.of();
            }
            case "INSERT", "UPDATE", "DELETE", "REPLACE" -> {
                int end = statementEnd();
                pos = end + 1;
                return List.of(dml(Lexer.join(tokens, start, end)) + ";");
            }
            default -> {
                int end = statementEnd();
                pos = end + 1;
                if (end > start + 1 && (tokens.get(start + 1).is(":=") || tokens.get(start + 1).is("=")
                        || tokens.get(start + 1).is(".") && end > start + 3
                        && (tokens.get(start + 3).is(":=") || tokens.get(start + 3).is("=")))) {
                    return List.of(assignment(start, end));
                }
                String raw = Lexer.join(tokens, start, end);
                c.issues.manual("the statement '" + abbreviate(raw) + "' is not translated: translate it by hand");
                return List.of(raw + ";");
            }
        }
    }

    private List<String> ifStatement(boolean plpgsql) {
        List<String> out = new ArrayList<>();
        String keyword = "IF";
        while (true) {
            int condStart = pos + 1;
            int then = find(condStart, "THEN");
            String cond = expression(Lexer.join(tokens, condStart, then));
            out.add(keyword + " " + cond + " THEN");
            pos = then + 1;
            statements(plpgsql).forEach(l -> out.add("  " + l));
            if (peek("ELSEIF") || peek("ELSIF")) {
                keyword = to.isPostgres() ? "ELSIF" : "ELSEIF";
                continue;
            }
            if (peek("ELSE")) {
                pos++;
                out.add("ELSE");
                statements(plpgsql).forEach(l -> out.add("  " + l));
            }
            expect("END");
            expect("IF");
            skipSemicolon();
            out.add("END IF;");
            return out;
        }
    }

    /** {@code target = expr} or {@code target := expr} between two token indexes. */
    private String assignment(int start, int end) {
        int op = start;
        while (op < end && !tokens.get(op).is("=") && !tokens.get(op).is(":=")) {
            op++;
        }
        String target = targetName(start, op);
        String value = expression(Lexer.join(tokens, op + 1, end));
        if (target.startsWith("@")) {
            c.issues.manual("the session variable " + target + " has no equivalent in " + to.displayName);
        }
        return to.isPostgres() ? target + " := " + value + ";" : "SET " + target + " = " + value + ";";
    }

    private String targetName(int start, int end) {
        if (end - start == 3 && tokens.get(start + 1).is(".")) {
            String row = tokens.get(start).upper();
            return row + "." + c.name(tokens.get(start + 2).text());
        }
        if (end - start == 1) {
            String n = tokens.get(start).text();
            if (n.startsWith("@")) {
                return n;
            }
            return from.name(n).toLowerCase(Locale.ROOT);
        }
        String raw = Lexer.join(tokens, start, end);
        c.issues.manual("the assignment to " + raw + " is not translated");
        return raw;
    }

    private void declarationMySql(int start, int end) {
        // DECLARE a, b INT [DEFAULT x]; cursors and handlers are not translated
        String raw = Lexer.join(tokens, start, end);
        if (raw.toUpperCase(Locale.ROOT).matches("(?s).*\\b(CURSOR|HANDLER|CONDITION)\\b.*")) {
            c.issues.manual("the declaration '" + abbreviate(raw) + "' (a cursor, handler or condition) is not translated");
            declarations.add(raw);
            return;
        }
        int def = find(start, "DEFAULT", end);
        List<String> names = new ArrayList<>();
        int i = start;
        while (i < end && (i == start || tokens.get(i - 1).is(","))) {
            names.add(from.name(tokens.get(i).text()).toLowerCase(Locale.ROOT));
            i += 2;
        }
        i -= 1;
        String type = Lexer.join(tokens, i, def < 0 ? end : def);
        String value = def < 0 ? null : Lexer.join(tokens, def + 1, end);
        declare(names, type, value);
    }

    private void declarationPostgres(int start, int end) {
        // name [CONSTANT] type [NOT NULL] [{DEFAULT | := | =} expr]
        String name = from.name(tokens.get(start).text()).toLowerCase(Locale.ROOT);
        int i = start + 1;
        if (i < end && tokens.get(i).is("CONSTANT")) {
            i++;
        }
        int assign = i;
        while (assign < end && !tokens.get(assign).is(":=") && !tokens.get(assign).is("=")
                && !tokens.get(assign).is("DEFAULT")) {
            assign++;
        }
        int typeEnd = assign;
        if (typeEnd - 2 >= i && tokens.get(typeEnd - 2).is("NOT") && tokens.get(typeEnd - 1).is("NULL")) {
            typeEnd -= 2;
        }
        String type = Lexer.join(tokens, i, typeEnd);
        String value = assign < end ? Lexer.join(tokens, assign + 1, end) : null;
        declare(List.of(name), type, value);
    }

    private void declare(List<String> names, String type, String value) {
        c.locals.addAll(names);
        TypeNames.Mapped mapped = TypeNames.declared(type, from, to);
        if (mapped == null) {
            c.issues.manual("the variable type " + type + " has no equivalent in " + to.displayName);
        } else if (mapped.warning() != null) {
            c.issues.warn(mapped.warning());
        }
        String t = mapped == null ? type : mapped.spelling();
        String v = value == null ? null : expression(value);
        if (to.isPostgres()) {
            for (String n : names) {
                declarations.add(n + " " + t + (v == null ? "" : " := " + v) + ";");
            }
        } else {
            declarations.add("DECLARE " + String.join(", ", names) + " " + t + (v == null ? "" : " DEFAULT " + v) + ";");
        }
    }

    /** MySQL's {@code SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'm'} as PostgreSQL's RAISE, or kept. */
    private String signal(int start, int end) {
        String raw = Lexer.join(tokens, start, end);
        if (!to.isPostgres()) {
            return raw + ";";
        }
        String state = null;
        String message = null;
        for (int i = start; i < end; i++) {
            if (tokens.get(i).is("SQLSTATE")) {
                int v = tokens.get(i + 1).is("VALUE") ? i + 2 : i + 1;
                state = tokens.get(v).text();
            }
            if (tokens.get(i).is("MESSAGE_TEXT") && i + 2 < end) {
                int e = i + 2;
                while (e < end && !tokens.get(e).is(",")) {
                    e++;
                }
                message = expression(Lexer.join(tokens, i + 2, e));
            }
        }
        if (state == null) {
            c.issues.manual("SIGNAL of a named condition is not translated");
            return raw + ";";
        }
        return "RAISE EXCEPTION USING ERRCODE = " + state + (message == null ? "" : ", MESSAGE = " + message) + ";";
    }

    /** PostgreSQL's {@code RAISE EXCEPTION 'message'} as MySQL's SIGNAL; notices are dropped. */
    private List<String> raise(int start, int end) {
        String raw = Lexer.join(tokens, start, end);
        if (to.isPostgres()) {
            return List.of(raw + ";");
        }
        int i = start + 1;
        String level = i < end && tokens.get(i).type() == Lexer.Type.WORD ? tokens.get(i).upper() : "EXCEPTION";
        if (Set.of("DEBUG", "LOG", "INFO", "NOTICE", "WARNING").contains(level)) {
            c.issues.warn("RAISE " + level + " was dropped: " + to.displayName + " has no notices");
            return List.of();
        }
        if (level.equals("EXCEPTION")) {
            i++;
        }
        if (i < end && tokens.get(i).type() == Lexer.Type.STRING && i + 1 == end) {
            String message = from.literalValue(null, stripQuotes(tokens.get(i).text()));
            if (message.contains("%")) {
                c.issues.manual("RAISE with % placeholders needs a message built with CONCAT into a variable");
            }
            return List.of("SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = " + to.literal(message) + ";");
        }
        c.issues.manual("the RAISE statement '" + abbreviate(raw) + "' is not translated");
        return List.of(raw + ";");
    }

    private static String stripQuotes(String s) {
        return s.length() >= 2 && s.startsWith("'") && s.endsWith("'") ? s.substring(1, s.length() - 1) : s;
    }

    /** An INSERT, UPDATE or DELETE through the parser library, names quoted for the target. */
    private String dml(String sql) {
        try {
            Statement st = CCJSqlParserUtil.parse(sql, p -> p.withBackslashEscapeCharacter(from.isMySqlFamily()));
            if (st instanceof Insert ins) {
                table(ins.getTable());
                if (ins.getColumns() != null) {
                    ins.getColumns().forEach(this::column);
                }
            } else if (st instanceof Update up) {
                table(up.getTable());
                for (UpdateSet set : up.getUpdateSets()) {
                    set.getColumns().forEach(this::column);
                }
            } else if (st instanceof Delete del) {
                table(del.getTable());
            } else if (!(st instanceof Select)) {
                c.issues.manual("the statement '" + abbreviate(sql) + "' is not translated");
                return sql;
            }
            StringBuilder b = new StringBuilder();
            ExpressionRewriter e = new ExpressionRewriter(c);
            QueryRewriter q = new QueryRewriter(e, b, c);
            e.setSelectVisitor(q);
            e.setBuilder(b);
            StatementDeParser d = new StatementDeParser(e, q, b);
            st.accept(d);
            return b.toString();
        } catch (Exception e) {
            c.issues.manual("the statement '" + abbreviate(sql) + "' could not be read: translate it by hand");
            return sql;
        }
    }

    private void table(Table t) {
        if (t.getSchemaName() != null) {
            t.setSchemaName(c.name(t.getSchemaName()));
        }
        t.setName(c.name(t.getName()));
    }

    private void column(Column col) {
        col.setColumnName(c.name(col.getColumnName()));
        col.setTable(null);
    }

    /** An expression of the body, translated; on failure the text is kept and the object becomes an action item. */
    private String expression(String sql) {
        try {
            return translator.rewriteExpression(positional(sql), c);
        } catch (Exception e) {
            c.issues.manual("the expression '" + abbreviate(sql) + "' could not be read: translate it by hand");
            return sql;
        }
    }

    /** PostgreSQL's {@code $1} parameters replaced by the parameters' names. */
    private String positional(String sql) {
        if (c.positional.isEmpty() || !sql.contains("$")) {
            return sql;
        }
        List<Token> ts = Lexer.tokens(sql, from);
        StringBuilder s = new StringBuilder();
        int last = 0;
        for (Token t : ts) {
            if (t.type() == Lexer.Type.PARAMETER && c.positional.containsKey(t.text())) {
                s.append(sql, last, t.start()).append(c.positional.get(t.text()));
                last = t.end();
            }
        }
        return s.append(sql.substring(last)).toString();
    }

    // ---- rendering ----

    private String plpgsqlBlock(List<String> body, String finalStatement) {
        StringBuilder s = new StringBuilder();
        if (!declarations.isEmpty()) {
            s.append("DECLARE\n");
            declarations.forEach(d -> s.append("  ").append(d).append('\n'));
        }
        s.append("BEGIN\n");
        body.forEach(l -> s.append("  ").append(l).append('\n'));
        if (finalStatement != null) {
            s.append("  ").append(finalStatement).append('\n');
        }
        return s.append("END;\n").toString();
    }

    private String mysqlBlock(List<String> body) {
        StringBuilder s = new StringBuilder("BEGIN\n");
        declarations.forEach(d -> s.append("  ").append(d).append('\n'));
        body.forEach(l -> s.append("  ").append(l).append('\n'));
        return s.append("END").toString();
    }

    // ---- token helpers ----

    private boolean peek(String word) {
        return pos < tokens.size() && tokens.get(pos).is(word);
    }

    private void expect(String word) {
        if (!peek(word)) {
            throw new IllegalArgumentException("expected " + word + " at '" + abbreviate(rest()) + "'");
        }
        pos++;
    }

    private void skipSemicolon() {
        if (peek(";")) {
            pos++;
        }
    }

    private String rest() {
        return pos < tokens.size() ? text.substring(tokens.get(pos).start()) : "";
    }

    /** The index of the {@code ;} that ends the statement at {@link #pos} (or the end), outside parentheses. */
    private int statementEnd() {
        int depth = 0;
        for (int i = pos; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (t.is(";") && depth == 0) {
                return i;
            }
        }
        return tokens.size();
    }

    private int find(int from, String word) {
        int i = find(from, word, tokens.size());
        if (i < 0) {
            throw new IllegalArgumentException("expected " + word + " after '" + abbreviate(Lexer.join(tokens, from, tokens.size())) + "'");
        }
        return i;
    }

    private int find(int from, String word, int end) {
        int depth = 0;
        for (int i = from; i < end; i++) {
            Token t = tokens.get(i);
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (depth == 0 && t.is(word)) {
                return i;
            }
        }
        return -1;
    }

    private List<int[]> splitTopLevel(int start, int end, String separator) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int s = start;
        for (int i = start; i < end; i++) {
            Token t = tokens.get(i);
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (depth == 0 && t.is(separator)) {
                parts.add(new int[]{s, i});
                s = i + 1;
            }
        }
        parts.add(new int[]{s, end});
        return parts;
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }

    private static String shorten(String name, int max) {
        return name.length() <= max ? name : name.substring(0, max);
    }
}
