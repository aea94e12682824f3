package io.dmskit.schema.sql;

import io.dmskit.error.DmsException;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.schema.Routine;
import io.dmskit.schema.SqlTranslator.Translation;
import io.dmskit.schema.TableId;
import io.dmskit.schema.Table;
import io.dmskit.schema.Trigger;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.View;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

/**
 * One source engine to one target engine, with what the source catalog tells (user functions,
 * flag columns that become booleans, renamed objects): the engine behind
 * {@link ParsingSqlTranslator}. A translation never throws for what it cannot translate: it
 * returns a MANUAL {@link Translation} with the reason. Immutable and thread-safe.
 */
final class Translator {

    private final Flavor from;
    private final Flavor to;
    private final Set<String> userFunctions;
    private final Map<String, Set<String>> booleanColumnsByTable;
    private final Catalog catalog;
    private final UnaryOperator<TableId> names;

    private Translator(Flavor from, Flavor to, Catalog catalog, Set<String> userFunctions,
                          Map<String, Set<String>> booleanColumnsByTable, UnaryOperator<TableId> names) {
        this.names = names;
        this.from = from;
        this.to = to;
        this.catalog = catalog;
        this.userFunctions = userFunctions;
        this.booleanColumnsByTable = booleanColumnsByTable;
    }

    /**
     * A translator from one engine's SQL into another's, by {@link Dialect#engine() engine name}.
     *
     * @throws DmsException with {@code UNKNOWN_ENGINE} when an engine is not postgresql, mariadb, mysql or h2
     */
    static Translator between(String sourceEngine, String targetEngine) {
        return new Translator(Flavor.of(sourceEngine), Flavor.of(targetEngine), null, Set.of(), Map.of(), UnaryOperator.identity());
    }

    /**
     * This translator, knowing the source catalog: calls of the catalog's routines are kept (they
     * are migrated too), and comparisons of MySQL flag columns with 0 and 1 are written as boolean
     * comparisons where the column becomes a boolean in the target.
     */
    Translator withCatalog(Catalog source) {
        Set<String> functions = new HashSet<>();
        for (Routine r : source.routines()) {
            functions.add(r.id().name().toLowerCase(Locale.ROOT));
            functions.add((r.id().schema() + "." + r.id().name()).toLowerCase(Locale.ROOT));
        }
        Map<String, Set<String>> booleans = new HashMap<>();
        Dialect target = Dialects.forEngine(to.engine).orElse(null);
        if (target != null) {
            for (Table t : source.tables()) {
                for (Column col : t.columns()) {
                    try {
                        if (target.targetType(col.type()).kind() == TypeKind.BOOLEAN && col.type().kind() != TypeKind.BOOLEAN) {
                            booleans.computeIfAbsent(t.id().name(), k -> new HashSet<>()).add(col.name());
                        }
                    } catch (DmsException unsupported) {
                        // a column that cannot move is the converter's business, not the translator's
                    }
                }
            }
        }
        return new Translator(from, to, source, Set.copyOf(functions), Map.copyOf(booleans), names);
    }

    /** This translator, writing source object ids as the converter renamed them. */
    Translator withNames(UnaryOperator<TableId> renames) {
        return new Translator(from, to, catalog, userFunctions, booleanColumnsByTable, renames);
    }

    /** The engine whose SQL this translator reads. */
    String sourceEngine() {
        return from.engine;
    }

    /** The engine whose SQL this translator writes. */
    String targetEngine() {
        return to.engine;
    }

    Context context() {
        BiPredicate<String, String> isBoolean = (table, column) -> {
            Set<String> columns = table == null ? null : booleanColumnsByTable.get(table);
            if (columns != null) {
                return columns.contains(column);
            }
            // qualified by an alias, or not at all: any table that has such a flag column
            return booleanColumnsByTable.values().stream().anyMatch(s -> s.contains(column));
        };
        Context c = new Context(from, to, userFunctions, isBoolean);
        c.names = names;
        return c;
    }

    /**
     * A query (a view's definition), written in the target's SQL.
     *
     * @param defaultSchema the schema that unqualified table names in the query resolve to (the
     *                      view's own schema), used to qualify them for the target; null to leave
     *                      them unqualified
     */
    Translation query(String sql, String defaultSchema) {
        Context c = context();
        c.defaultSchema = defaultSchema;
        try {
            String text = rewriteQuery(sql, c);
            return result(c, List.of(text), sql);
        } catch (JSQLParserException | RuntimeException e) {
            return unreadable(e, sql);
        }
    }

    String rewriteQuery(String sql, Context c) throws JSQLParserException {
        String normalized = stripTerminator(Lexer.normalize(sql, from));
        Statement st = CCJSqlParserUtil.parse(normalized, p -> p.withBackslashEscapeCharacter(from.isMySqlFamily()));
        if (!(st instanceof Select select)) {
            throw new IllegalArgumentException("not a query: " + st.getClass().getSimpleName());
        }
        if (select.getWithItemsList() != null) {
            for (WithItem<?> w : select.getWithItemsList()) {
                if (w.getAlias() != null) {
                    c.cteNames.add(from.name(w.getAlias().getName()));
                }
            }
        }
        StringBuilder b = new StringBuilder();
        ExpressionRewriter e = new ExpressionRewriter(c);
        QueryRewriter q = new QueryRewriter(e, b, c);
        e.setSelectVisitor(q);
        e.setBuilder(b);
        select.accept((net.sf.jsqlparser.statement.select.SelectVisitor<StringBuilder>) q, null);
        return b.toString();
    }

    /** A scalar expression (a default, a check constraint's condition, an index expression), written in the target's SQL. */
    Translation expression(String sql) {
        Context c = context();
        try {
            return result(c, List.of(rewriteExpression(sql, c)), sql);
        } catch (JSQLParserException | RuntimeException e) {
            return unreadable(e, sql);
        }
    }

    String rewriteExpression(String sql, Context c) throws JSQLParserException {
        String normalized = Lexer.normalize(sql, from);
        Expression x = CCJSqlParserUtil.parseExpression(normalized, false,
                p -> p.withBackslashEscapeCharacter(from.isMySqlFamily()));
        StringBuilder b = new StringBuilder();
        ExpressionRewriter e = new ExpressionRewriter(c);
        QueryRewriter q = new QueryRewriter(e, b, c);
        e.setSelectVisitor(q);
        e.setBuilder(b);
        x.accept(e, null);
        return b.toString();
    }

    /**
     * The statement that creates a view in the target. A materialized view becomes an ordinary
     * view outside PostgreSQL (with a warning); {@code WITH CHECK OPTION} is kept where the
     * target has it.
     */
    Translation view(View view) {
        Context c = context();
        c.defaultSchema = view.id().schema();
        String source = view.definition();
        try {
            String query = rewriteQuery(view.definition(), c);
            StringBuilder s = new StringBuilder("CREATE ");
            if (view.materialized() && to.isPostgres()) {
                s.append("MATERIALIZED ");
            } else if (view.materialized()) {
                c.issues.warn("a materialized view becomes an ordinary view in " + to.displayName
                        + ": its query runs at every read, and REFRESH MATERIALIZED VIEW calls must go");
            }
            TableId id = names.apply(view.id());
            s.append("VIEW ").append(to.quote(id.schema())).append('.').append(to.quote(id.name()));
            if (!view.columns().isEmpty()) {
                s.append(" (");
                for (int i = 0; i < view.columns().size(); i++) {
                    s.append(i == 0 ? "" : ", ").append(to.quote(view.columns().get(i)));
                }
                s.append(')');
            }
            s.append(" AS ").append(query);
            if (view.checkOption() != null) {
                if (to.isH2() || view.materialized()) {
                    c.issues.warn("WITH CHECK OPTION was dropped: " + to.displayName + " does not check rows written through views");
                } else {
                    s.append(" WITH ").append(view.checkOption().toUpperCase(Locale.ROOT)).append(" CHECK OPTION");
                }
            }
            return result(c, List.of(s.toString()), source);
        } catch (JSQLParserException | RuntimeException e) {
            return unreadable(e, source);
        }
    }

    /**
     * The statements that create a trigger in the target: for PostgreSQL a trigger function and
     * the trigger; for MariaDB/MySQL one trigger per event. A PostgreSQL source trigger's body is
     * in its trigger function, which must be given.
     *
     * @param function the PostgreSQL trigger function that the trigger executes; null for other sources
     */
    Translation trigger(Trigger trigger, Routine function) {
        try {
            return new Procedural(this, context()).trigger(trigger, function);
        } catch (RuntimeException e) {
            return unreadable(e, trigger.definition() != null ? trigger.definition() : trigger.body());
        }
    }

    /** The statement that creates a function or procedure in the target. */
    Translation routine(Routine routine) {
        try {
            return new Procedural(this, context()).routine(routine);
        } catch (RuntimeException e) {
            return unreadable(e, routine.definition() != null ? routine.definition() : routine.body());
        }
    }

    Catalog catalog() {
        return catalog;
    }

    Flavor from() {
        return from;
    }

    Flavor to() {
        return to;
    }

    static Translation result(Context c, List<String> statements, String source) {
        String message = c.issues.messages().isEmpty()
                ? "translated from " + c.from.displayName + " to " + c.to.displayName
                : String.join("; ", c.issues.messages());
        return new Translation(statements, c.issues.outcome(), message);
    }

    /** The start of the message of a translation that failed because the parser could not read the SQL. */
    static final String UNREADABLE = "the SQL parser could not read it (";

    static Translation unreadable(Exception e, String source) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (e instanceof JSQLParserException && cause != null && cause.getMessage() != null) {
            m = cause.getMessage();
        }
        m = m.strip();
        int nl = m.indexOf('\n');
        if (nl > 0) {
            m = m.substring(0, nl);
        }
        m = m.replaceFirst("^[a-zA-Z.]*(Exception|Error): ", "");
        return Translation.manual(UNREADABLE + m + "): translate it by hand");
    }

    private static String stripTerminator(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
