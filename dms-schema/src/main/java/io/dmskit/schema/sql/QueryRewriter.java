package io.dmskit.schema.sql;

import io.dmskit.schema.TableId;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.deparser.SelectDeParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a parsed query in the target engine's SQL: the parser library's select deparser with
 * names quoted for the target, aliases too, and the row-limiting clauses in a form the target
 * has ({@code LIMIT n OFFSET m}, which all three engines read; {@code FETCH FIRST} and
 * {@code LIMIT m, n} become it).
 */
final class QueryRewriter extends SelectDeParser {

    /** MySQL's way of saying "no limit" when only an offset is wanted. */
    private static final String MYSQL_NO_LIMIT = "18446744073709551615";

    private final Context c;

    QueryRewriter(ExpressionRewriter expressions, StringBuilder builder, Context context) {
        super(expressions, builder);
        this.c = context;
    }

    @Override
    public <S> StringBuilder visit(Table table, S ctx) {
        String schema = table.getSchemaName();
        String name = table.getName();
        boolean cte = schema == null && c.cteNames.contains(c.from.name(name));
        boolean dual = schema == null && name.equalsIgnoreCase("dual") && !ExpressionRewriter.isQuoted(name);
        if (schema != null) {
            builder.append(c.qualified(new TableId(c.from.name(schema), c.from.name(name))));
        } else if (c.defaultSchema != null && !c.sameFamily() && !cte && !dual) {
            // an unqualified name resolves by the search path in the source: qualify it with the object's schema
            builder.append(c.qualified(new TableId(c.defaultSchema, c.from.name(name))));
        } else {
            builder.append(c.name(name));
        }
        alias(table.getAlias());
        return builder;
    }

    private void alias(Alias alias) {
        if (alias == null) {
            return;
        }
        builder.append(" AS ").append(c.name(alias.getName()));
        if (alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
            builder.append(" (");
            for (int i = 0; i < alias.getAliasColumns().size(); i++) {
                builder.append(i == 0 ? "" : ", ").append(c.name(alias.getAliasColumns().get(i).name));
            }
            builder.append(')');
        }
    }

    @Override
    public <S> StringBuilder visit(PlainSelect select, S ctx) {
        rowLimits(select);
        for (SelectItem<?> item : select.getSelectItems()) {
            Alias alias = item.getAlias();
            if (alias != null && !alias.getName().startsWith(c.to.isMySqlFamily() ? "`" : "\"")) {
                item.setAlias(new Alias(c.name(alias.getName()), true));
            }
        }
        Distinct d = select.getDistinct();
        if (d != null && d.getOnSelectItems() != null && !d.getOnSelectItems().isEmpty() && !c.to.isPostgres()) {
            c.issues.manual("DISTINCT ON has no equivalent in " + c.to.displayName
                    + ": rewrite with ROW_NUMBER() OVER (PARTITION BY ...)");
        }
        if (select.getFromItem() instanceof Table t && t.getSchemaName() == null
                && t.getName().equalsIgnoreCase("dual") && c.to.isPostgres()
                && (select.getJoins() == null || select.getJoins().isEmpty())) {
            select.setFromItem(null); // PostgreSQL selects without FROM
        }
        if (select.getJoins() != null) {
            for (Join j : select.getJoins()) {
                if (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty()) {
                    List<Column> using = new ArrayList<>();
                    for (Column col : j.getUsingColumns()) {
                        using.add(new Column(c.name(col.getColumnName())));
                    }
                    j.setUsingColumns(using);
                }
            }
        }
        if (select.getWithItemsList() != null) {
            names(select.getWithItemsList());
        }
        return super.visit(select, ctx);
    }

    @Override
    public <S> StringBuilder visit(SetOperationList list, S ctx) {
        rowLimits(list);
        if (list.getWithItemsList() != null) {
            names(list.getWithItemsList());
        }
        return super.visit(list, ctx);
    }

    @Override
    public <S> StringBuilder visit(ParenthesedSelect select, S ctx) {
        Alias alias = select.getAlias();
        if (alias != null && !ExpressionRewriter.isQuoted(alias.getName())) {
            Alias quoted = new Alias(c.name(alias.getName()), alias.isUseAs());
            quoted.setAliasColumns(alias.getAliasColumns());
            select.setAlias(quoted);
        }
        return super.visit(select, ctx);
    }

    @Override
    public <S> StringBuilder visit(WithItem<?> item, S ctx) {
        Alias alias = item.getAlias();
        if (alias != null && !ExpressionRewriter.isQuoted(alias.getName())) {
            Alias quoted = new Alias(c.name(alias.getName()), false);
            quoted.setAliasColumns(alias.getAliasColumns());
            item.setAlias(quoted);
        }
        return super.visit(item, ctx);
    }

    private void names(List<WithItem<?>> items) {
        for (WithItem<?> w : items) {
            if (w.getAlias() != null) {
                c.cteNames.add(c.from.name(w.getAlias().getName()));
            }
        }
    }

    /** Rewrites LIMIT, OFFSET and FETCH into a form the target reads. */
    private void rowLimits(Select select) {
        Limit limit = select.getLimit();
        Offset offset = select.getOffset();
        Fetch fetch = select.getFetch();
        Expression count = null;
        Expression skip = null;
        boolean all = false;
        if (limit != null) {
            count = limit.getRowCount();
            skip = limit.getOffset();
            all = limit.isLimitAll() || limit.isLimitNull();
            if (limit.getByExpressions() != null && !limit.getByExpressions().isEmpty()) {
                c.issues.manual("LIMIT BY has no equivalent in " + c.to.displayName);
                return;
            }
        }
        if (offset != null) {
            skip = offset.getOffset();
        }
        if (fetch != null) {
            if (fetch.getExpression() == null || fetch.getFetchParameters().stream()
                    .anyMatch(p -> p.toUpperCase(Locale.ROOT).contains("PERCENT") || p.toUpperCase(Locale.ROOT).contains("TIES"))) {
                if (c.to.isMySqlFamily()) {
                    c.issues.manual("FETCH ... " + String.join(" ", fetch.getFetchParameters())
                            + " has no equivalent in " + c.to.displayName);
                }
                return;
            }
            count = fetch.getExpression();
        }
        if (count == null && skip == null) {
            if (all) {
                select.setLimit(null);
            }
            return;
        }
        Limit l = new Limit();
        if (count != null) {
            l.setRowCount(count);
        } else if (c.to.isMySqlFamily()) {
            l.setRowCount(new LongValue(MYSQL_NO_LIMIT));
        }
        select.setLimit(count == null && !c.to.isMySqlFamily() ? null : l);
        select.setFetch(null);
        if (skip != null) {
            Offset o = new Offset();
            o.setOffset(skip);
            select.setOffset(o);
        } else {
            select.setOffset(null);
        }
    }
}
