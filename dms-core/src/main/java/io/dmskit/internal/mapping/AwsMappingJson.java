package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.RuleTarget;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.expr.Expression;
import io.dmskit.internal.expr.ExpressionException;
import io.dmskit.internal.mapping.Json.Arr;
import io.dmskit.internal.mapping.Json.Obj;
import io.dmskit.internal.mapping.Json.Pos;
import io.dmskit.internal.mapping.Json.Scalar;
import io.dmskit.internal.mapping.Json.Value;
import io.dmskit.internal.mapping.TableSettingsRule.LobSettings;
import io.dmskit.internal.mapping.TableSettingsRule.ParallelLoad;
import io.dmskit.internal.mapping.TableSettingsRule.ParallelLoadType;
import io.dmskit.internal.mapping.TransformationRule.BeforeImageDef;
import io.dmskit.internal.mapping.TransformationRule.DataTypeDef;
import io.dmskit.internal.mapping.TransformationRule.PrimaryKeyDef;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the AWS DMS table-mapping JSON ({@code {"rules": [...]}}) into rule records, strictly: an
 * unknown rule type, action, target, operator or key is an error that names it (with the closest
 * allowed name), as the service refuses to start a task with one. Every problem of the file is
 * reported at once, each with its rule ({@code rule-id} and {@code rule-name}) and its position
 * in the file; then the rules are checked as the builder's are ({@link RuleValidator}), and
 * those problems name the rule's position too. Stateless.
 */
public final class AwsMappingJson {

    private static final Set<String> TOP = Set.of("rules");
    private static final Set<String> SELECTION = Set.of("rule-type", "rule-id", "rule-name", "object-locator",
            "rule-action", "load-order", "filters");
    private static final Set<String> TRANSFORMATION = Set.of("rule-type", "rule-id", "rule-name", "rule-target",
            "object-locator", "rule-action", "value", "old-value", "expression", "data-type", "primary-key-def",
            "before-image-def");
    private static final Set<String> TABLE_SETTINGS = Set.of("rule-type", "rule-id", "rule-name", "object-locator",
            "parallel-load", "lob-settings");
    private static final Set<String> SELECTION_LOCATOR = Set.of("schema-name", "table-name", "table-type");
    private static final Set<String> TRANSFORMATION_LOCATOR = Set.of("schema-name", "table-name", "column-name");
    private static final Set<String> FILTER = Set.of("filter-type", "column-name", "filter-conditions");
    private static final Set<String> CONDITION = Set.of("filter-operator", "value", "start-value", "end-value");
    private static final Set<String> DATA_TYPE = Set.of("type", "length", "precision", "scale");
    private static final Set<String> PRIMARY_KEY = Set.of("name", "origin", "columns");
    private static final Set<String> BEFORE_IMAGE = Set.of("column-prefix", "column-suffix", "column-filter");
    private static final Set<String> PARALLEL_LOAD = Set.of("type", "columns", "boundaries", "partitions", "subpartitions");
    private static final Set<String> LOB = Set.of("mode", "bulk-max-size");

    private final String source;
    private final List<String> problems = new ArrayList<>();
    private final List<Pos> positions = new ArrayList<>();
    private String where = "";

    private AwsMappingJson(String source) {
        this.source = source;
    }

    /**
     * The rules of a table-mapping document, in file order.
     *
     * @param source how messages name the document: the file's path, or {@code "JSON text"}
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} listing every problem, each with
     *                      its rule and position
     */
    public static List<Rule> read(Reader in, String source) throws IOException {
        Value doc;
        try {
            doc = Json.read(in);
        } catch (Json.SyntaxError e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Table mapping " + source + " is not valid JSON at "
                    + e.pos + ": " + e.getMessage());
        }
        AwsMappingJson r = new AwsMappingJson(source);
        List<Rule> rules = r.document(doc);
        if (r.problems.isEmpty()) {
            // the rules are well-formed: check what they mean, and point each problem at its rule
            List<String> meaning = new ArrayList<>(RuleValidator.problems(rules));
            if (meaning.isEmpty()) {
                meaning.addAll(RuleValidator.unsupported(rules));
            }
            for (String m : meaning) {
                String located = m;
                for (int i = 0; i < rules.size(); i++) {
                    String label = rules.get(i).shortLabel() + ": ";
                    if (m.startsWith(label)) {
                        located = rules.get(i).shortLabel() + " at " + r.positions.get(i) + ": " + m.substring(label.length());
                        break;
                    }
                }
                r.problems.add(located);
            }
        }
        if (!r.problems.isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, r.problems.size() == 1
                    ? "Table mapping " + source + ": " + r.problems.get(0)
                    : "Table mapping " + source + " has " + r.problems.size() + " problems:\n- "
                    + String.join("\n- ", r.problems));
        }
        return rules;
    }

    private List<Rule> document(Value doc) {
        List<Rule> rules = new ArrayList<>();
        if (!(doc instanceof Obj top)) {
            problem(doc.pos(), "the document must be an object with a \"rules\" array, was " + doc.kind());
            return rules;
        }
        keys(top, TOP, "the document");
        Value list = top.members().get("rules");
        if (list == null) {
            problem(top.pos(), "the document has no \"rules\" array");
            return rules;
        }
        if (!(list instanceof Arr arr)) {
            problem(list.pos(), "\"rules\" must be an array, was " + list.kind());
            return rules;
        }
        for (int i = 0; i < arr.items().size(); i++) {
            Value v = arr.items().get(i);
            where = "rules[" + i + "]";
            if (!(v instanceof Obj rule)) {
                problem(v.pos(), "a rule must be an object, was " + v.kind());
                continue;
            }
            Rule r = rule(rule, i);
            if (r != null) {
                rules.add(r);
                positions.add(rule.pos());
            }
        }
        return rules;
    }

    private Rule rule(Obj o, int index) {
        String idText = text(o, "rule-id", true);
        String name = text(o, "rule-name", false);
        long id = index + 1L;
        if (idText != null) {
            try {
                id = Long.parseLong(idText.trim());
            } catch (NumberFormatException e) {
                problem(o.members().get("rule-id").pos(), "rule-id must be a whole number, was '" + idText + "'");
            }
        }
        where = "rule " + (idText == null ? "#" + (index + 1) : idText)
                + (name == null || name.equals(idText) ? "" : " '" + name + "'");
        String type = text(o, "rule-type", true);
        if (type == null) {
            return null;
        }
        switch (type) {
            case "selection" -> {
                keys(o, SELECTION, "a selection rule");
                return selection(o, id, name);
            }
            case "transformation" -> {
                keys(o, TRANSFORMATION, "a transformation rule");
                return transformation(o, id, name);
            }
            case "table-settings" -> {
                keys(o, TABLE_SETTINGS, "a table-settings rule");
                return tableSettings(o, id, name);
            }
            default -> {
                problem(o.members().get("rule-type").pos(), "unknown rule-type '" + type + "'"
                        + didYouMean(type, List.of("selection", "transformation", "table-settings"))
                        + "; allowed: selection, transformation, table-settings");
                return null;
            }
        }
    }

    private SelectionRule selection(Obj o, long id, String name) {
        Obj loc = object(o, "object-locator", true);
        String schema = null;
        String table = null;
        if (loc != null) {
            keys(loc, SELECTION_LOCATOR, "a selection object-locator");
            schema = text(loc, "schema-name", true);
            table = text(loc, "table-name", true);
            String tableType = text(loc, "table-type", false);
            if (tableType != null && !tableType.equals("table")) {
                problem(loc.members().get("table-type").pos(), "table-type '" + tableType + "' is not supported by"
                        + " dmskit, which moves tables only; use \"table\" or leave it out");
            }
        }
        String actionText = text(o, "rule-action", true);
        SelectionAction action = null;
        if (actionText != null) {
            action = Arrays.stream(SelectionAction.values()).filter(a -> a.awsName().equals(actionText)).findFirst()
                    .orElse(null);
            if (action == null) {
                List<String> allowed = Arrays.stream(SelectionAction.values()).map(SelectionAction::awsName).toList();
                problem(o.members().get("rule-action").pos(), "unknown rule-action '" + actionText
                        + "' for a selection rule" + didYouMean(actionText, allowed) + "; allowed: "
                        + String.join(", ", allowed));
            }
        }
        int loadOrder = 0;
        String lo = text(o, "load-order", false);
        if (lo != null) {
            try {
                loadOrder = Integer.parseInt(lo.trim());
            } catch (NumberFormatException e) {
                problem(o.members().get("load-order").pos(), "load-order must be a whole number, was '" + lo + "'");
            }
        }
        List<SourceFilter> filters = new ArrayList<>();
        Arr fs = array(o, "filters");
        if (fs != null) {
            for (Value fv : fs.items()) {
                if (!(fv instanceof Obj f)) {
                    problem(fv.pos(), "a filter must be an object, was " + fv.kind());
                    continue;
                }
                SourceFilter filter = filter(f);
                if (filter != null) {
                    filters.add(filter);
                }
            }
        }
        return new SelectionRule(id, name, action, schema, table, loadOrder, filters);
    }

    private SourceFilter filter(Obj f) {
        keys(f, FILTER, "a filter");
        String type = text(f, "filter-type", true);
        if (type != null && !type.equals("source")) {
            problem(f.members().get("filter-type").pos(), "filter-type '" + type + "' is unknown; allowed: source");
        }
        String column = text(f, "column-name", true);
        List<SourceFilter.Condition> conditions = new ArrayList<>();
        Arr cs = array(f, "filter-conditions");
        if (cs == null) {
            problem(f.pos(), "the filter" + (column == null ? "" : " on column " + column)
                    + " has no filter-conditions");
        } else {
            for (Value cv : cs.items()) {
                if (!(cv instanceof Obj c)) {
                    problem(cv.pos(), "a filter condition must be an object, was " + cv.kind());
                    continue;
                }
                keys(c, CONDITION, "a filter condition");
                String op = text(c, "filter-operator", true);
                if (op == null) {
                    continue;
                }
                FilterOperator operator = FilterOperator.fromAwsName(op).orElse(null);
                if (operator == null) {
                    List<String> allowed = Arrays.stream(FilterOperator.values()).map(FilterOperator::awsName).toList();
                    problem(c.members().get("filter-operator").pos(), "unknown filter-operator '" + op + "'"
                            + didYouMean(op, allowed) + "; allowed: " + String.join(", ", allowed));
                    continue;
                }
                conditions.add(new SourceFilter.Condition(operator, text(c, "value", false),
                        text(c, "start-value", false), text(c, "end-value", false)));
            }
        }
        return column == null ? null : new SourceFilter(column, conditions);
    }

    private TransformationRule transformation(Obj o, long id, String name) {
        String targetText = text(o, "rule-target", true);
        RuleTarget target = null;
        if (targetText != null) {
            List<String> allowed = Arrays.stream(RuleTarget.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
            if (allowed.contains(targetText)) {
                target = RuleTarget.valueOf(targetText.toUpperCase(Locale.ROOT));
            } else {
                problem(o.members().get("rule-target").pos(), "rule-target '" + targetText + "' is not supported"
                        + didYouMean(targetText, allowed) + "; allowed: " + String.join(", ", allowed));
            }
        }
        String actionText = text(o, "rule-action", true);
        RuleAction action = null;
        if (actionText != null) {
            action = RuleAction.fromAwsName(actionText).orElse(null);
            if (action == null) {
                List<String> allowed = Arrays.stream(RuleAction.values()).map(RuleAction::awsName).toList();
                problem(o.members().get("rule-action").pos(), "unknown rule-action '" + actionText
                        + "' for a transformation rule" + didYouMean(actionText, allowed) + "; allowed: "
                        + String.join(", ", allowed));
            }
        }
        Obj loc = object(o, "object-locator", true);
        String schema = null;
        String table = null;
        String column = null;
        if (loc != null) {
            keys(loc, TRANSFORMATION_LOCATOR, "a transformation object-locator");
            schema = text(loc, "schema-name", true);
            table = text(loc, "table-name", target != null && target != RuleTarget.SCHEMA);
            column = text(loc, "column-name", target == RuleTarget.COLUMN && action != RuleAction.ADD_COLUMN);
        }
        String value = text(o, "value", false);
        String oldValue = text(o, "old-value", false);
        String expression = text(o, "expression", false);
        if (expression != null) {
            try {
                Expression.parse(expression);
            } catch (ExpressionException e) {
                problem(o.members().get("expression").pos(), "expression " + e.getMessage());
            }
        }
        DataTypeDef dataType = null;
        Obj dt = object(o, "data-type", false);
        if (dt != null) {
            keys(dt, DATA_TYPE, "a data-type");
            dataType = new DataTypeDef(text(dt, "type", true), integer(dt, "length"), integer(dt, "precision"),
                    integer(dt, "scale"));
        }
        PrimaryKeyDef pk = null;
        Obj pkd = object(o, "primary-key-def", false);
        if (pkd != null) {
            keys(pkd, PRIMARY_KEY, "a primary-key-def");
            String origin = text(pkd, "origin", false);
            if (origin != null && !origin.equals("primary-key") && !origin.equals("unique-index")) {
                problem(pkd.members().get("origin").pos(), "primary-key-def origin '" + origin
                        + "' is unknown; allowed: primary-key, unique-index");
            }
            pk = new PrimaryKeyDef(text(pkd, "name", false), origin, strings(pkd, "columns"));
        }
        BeforeImageDef bi = null;
        Obj bid = object(o, "before-image-def", false);
        if (bid != null) {
            keys(bid, BEFORE_IMAGE, "a before-image-def");
            bi = new BeforeImageDef(text(bid, "column-prefix", false), text(bid, "column-suffix", false),
                    text(bid, "column-filter", false));
        }
        return new TransformationRule(id, name, target, action, schema, table, column, value, oldValue, expression,
                dataType, pk, bi);
    }

    private TableSettingsRule tableSettings(Obj o, long id, String name) {
        Obj loc = object(o, "object-locator", true);
        String schema = null;
        String table = null;
        if (loc != null) {
            keys(loc, SELECTION_LOCATOR, "a table-settings object-locator");
            schema = text(loc, "schema-name", true);
            table = text(loc, "table-name", true);
        }
        ParallelLoad pl = null;
        Obj plo = object(o, "parallel-load", false);
        if (plo != null) {
            keys(plo, PARALLEL_LOAD, "parallel-load");
            String type = text(plo, "type", true);
            ParallelLoadType t = null;
            if (type != null) {
                t = Arrays.stream(ParallelLoadType.values()).filter(x -> x.awsName().equals(type)).findFirst().orElse(null);
                if (t == null) {
                    List<String> allowed = Arrays.stream(ParallelLoadType.values()).map(ParallelLoadType::awsName).toList();
                    problem(plo.members().get("type").pos(), "unknown parallel-load type '" + type + "'"
                            + didYouMean(type, allowed) + "; allowed: " + String.join(", ", allowed));
                }
            }
            List<List<String>> boundaries = new ArrayList<>();
            Arr b = array(plo, "boundaries");
            if (b != null) {
                for (Value bv : b.items()) {
                    if (bv instanceof Arr ba) {
                        List<String> values = new ArrayList<>();
                        for (Value x : ba.items()) {
                            values.add(scalar(x, "a boundary value"));
                        }
                        boundaries.add(values);
                    } else {
                        problem(bv.pos(), "a boundary must be an array of values (one per column), was " + bv.kind());
                    }
                }
            }
            if (t != null) {
                pl = new ParallelLoad(t, strings(plo, "columns"), boundaries, strings(plo, "partitions"),
                        strings(plo, "subpartitions"));
            }
        }
        LobSettings lob = null;
        Obj lo = object(o, "lob-settings", false);
        if (lo != null) {
            keys(lo, LOB, "lob-settings");
            String mode = text(lo, "mode", false);
            Integer max = integer(lo, "bulk-max-size");
            lob = new LobSettings(mode, max == null ? null : max.longValue());
        }
        return new TableSettingsRule(id, name, schema, table, pl, lob);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void problem(Pos pos, String message) {
        problems.add(where + (where.isEmpty() ? "" : " ") + "(" + pos + "): " + message);
    }

    /** Reports every key of the object that is not allowed, with the closest allowed key. */
    private void keys(Obj o, Set<String> allowed, String what) {
        List<String> sorted = allowed.stream().sorted().toList();
        for (String k : o.members().keySet()) {
            if (!allowed.contains(k)) {
                problem(o.members().get(k).pos(), "unknown key \"" + k + "\" in " + what + didYouMean(k, sorted)
                        + "; allowed: " + String.join(", ", sorted));
            }
        }
    }

    /** The string (or number) member's text; null when absent or null (reported when required). */
    private String text(Obj o, String key, boolean required) {
        Value v = o.members().get(key);
        if (v == null || (v instanceof Scalar s && s.isNull())) {
            if (required) {
                problem(o.pos(), "\"" + key + "\" is missing");
            }
            return null;
        }
        return scalar(v, "\"" + key + "\"");
    }

    private String scalar(Value v, String what) {
        if (v instanceof Scalar s && !s.isNull()) {
            return s.text();
        }
        problem(v.pos(), what + " must be a string, was " + v.kind());
        return null;
    }

    private Integer integer(Obj o, String key) {
        String t = text(o, key, false);
        if (t == null) {
            return null;
        }
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            problem(o.members().get(key).pos(), "\"" + key + "\" must be a whole number, was '" + t + "'");
            return null;
        }
    }

    private Obj object(Obj o, String key, boolean required) {
        Value v = o.members().get(key);
        if (v == null || (v instanceof Scalar s && s.isNull())) {
            if (required) {
                problem(o.pos(), "\"" + key + "\" is missing");
            }
            return null;
        }
        if (v instanceof Obj r) {
            return r;
        }
        problem(v.pos(), "\"" + key + "\" must be an object, was " + v.kind());
        return null;
    }

    private Arr array(Obj o, String key) {
        Value v = o.members().get(key);
        if (v == null || (v instanceof Scalar s && s.isNull())) {
            return null;
        }
        if (v instanceof Arr a) {
            return a;
        }
        problem(v.pos(), "\"" + key + "\" must be an array, was " + v.kind());
        return null;
    }

    private List<String> strings(Obj o, String key) {
        Arr a = array(o, key);
        if (a == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Value v : a.items()) {
            String s = scalar(v, "an item of \"" + key + "\"");
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** {@code ; did you mean 'rename'?} when an allowed word is close, else empty. */
    static String didYouMean(String word, List<String> allowed) {
        return allowed.stream()
                .map(a -> Map.entry(a, EditDistance.between(word, a)))
                .filter(e -> e.getValue() <= Math.max(2, word.length() / 3))
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(e -> "; did you mean '" + e.getKey() + "'?")
                .orElse("");
    }

}
