package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.RuleTarget;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a list of rules before a mapping is built from it, and finds every problem at once.
 * Each problem names the rule and says what is allowed. Stateless.
 */
public final class RuleValidator {

    /** How a pattern problem ends: the wildcard syntax, in one line. */
    public static final String PATTERN_SYNTAX = "% matches any run of characters, _ one character";

    /** The AWS DMS data types of add-column and change-data-type. */
    public static final List<String> DATA_TYPES = List.of("boolean", "bytes", "date", "time", "datetime", "int1",
            "int2", "int4", "int8", "numeric", "real4", "real8", "string", "uint1", "uint2", "uint4", "uint8",
            "wstring", "blob", "clob", "nclob");

    private RuleValidator() {
    }

    /** Every problem of the rules, in rule order; empty when a mapping can be built from them. */
    public static List<String> problems(List<? extends Rule> rules) {
        List<String> problems = new ArrayList<>();
        if (rules.stream().noneMatch(r -> r instanceof SelectionRule s && s.action() != null && s.action().selects())) {
            problems.add("the mapping has no include rule; add one, for example include(\"shop\", \"%\"),"
                    + " or use TableMapping.includeAll()");
        }
        Map<Long, Integer> ids = new LinkedHashMap<>();
        for (Rule r : rules) {
            ids.merge(r.id(), 1, Integer::sum);
        }
        ids.forEach((id, n) -> {
            if (n > 1) {
                problems.add("rule id " + id + " is used by " + n + " rules; rule ids must be unique");
            }
        });
        for (Rule r : rules) {
            if (r instanceof SelectionRule s) {
                check(s, problems);
            } else if (r instanceof TransformationRule t) {
                check(t, problems);
            } else if (r instanceof TableSettingsRule ts) {
                check(ts, problems);
            }
        }
        return problems;
    }

    /**
     * The settings of valid rules that dmskit cannot honour yet, one line each naming the rule and
     * the setting; a mapping with any of them is refused rather than run differently.
     */
    public static List<String> unsupported(List<? extends Rule> rules) {
        List<String> out = new ArrayList<>();
        for (Rule r : rules) {
            if (r instanceof TransformationRule t && t.action() != null) {
                String why = switch (t.action()) {
                    case ADD_BEFORE_IMAGE_COLUMNS -> "AWS DMS documents before-image columns only for data-streaming"
                            + " targets (Kinesis Data Streams and Apache Kafka: \"Using a before image to view original"
                            + " values of CDC rows\"), where each update event carries the row's old values; dmskit"
                            + " writes to relational targets, which keep one current row per key. Remove the rule; to"
                            + " keep a row's history, add a column with add-column (for example"
                            + " $AR_H_COMMIT_TIMESTAMP) or keep a history table in the target";
                    default -> null;
                };
                if (why != null) {
                    out.add(r.shortLabel() + ": rule-action " + t.action().awsName() + " is not supported by dmskit: " + why);
                }
            } else if (r instanceof TableSettingsRule ts) {
                // every parallel-load type and lob-settings are honoured (partitions are checked against the source when the table loads)
            }
        }
        return out;
    }

    private static void check(TableSettingsRule r, List<String> problems) {
        pattern(r, "schema", r.schemaPattern(), false, problems);
        pattern(r, "table", r.tablePattern(), false, problems);
        if (r.parallelLoad() == null && r.lob() == null) {
            problems.add(r.shortLabel() + ": the rule sets nothing; give parallel-load or lob-settings");
        }
        var pl = r.parallelLoad();
        if (pl != null && pl.type() == TableSettingsRule.ParallelLoadType.RANGES) {
            if (pl.columns().isEmpty()) {
                problems.add(r.shortLabel() + ": parallel-load ranges needs columns");
            }
            if (pl.boundaries().isEmpty()) {
                problems.add(r.shortLabel() + ": parallel-load ranges needs boundaries (one list of values per boundary)");
            }
            for (int i = 0; i < pl.boundaries().size(); i++) {
                if (!pl.columns().isEmpty() && pl.boundaries().get(i).size() != pl.columns().size()) {
                    problems.add(r.shortLabel() + ": parallel-load boundary " + (i + 1) + " has "
                            + pl.boundaries().get(i).size() + " values but there are " + pl.columns().size()
                            + " columns; give one value per column");
                }
            }
        }
        if (pl != null && pl.type() == TableSettingsRule.ParallelLoadType.PARTITIONS_LIST && pl.partitions().isEmpty()
                && pl.subpartitions().isEmpty()) {
            problems.add(r.shortLabel() + ": parallel-load partitions-list needs partitions (or subpartitions)");
        }
        var lob = r.lob();
        if (lob != null) {
            if (lob.mode() != null && !TableSettingsRule.LobSettings.MODES.contains(lob.mode())) {
                problems.add(r.shortLabel() + ": lob-settings mode '" + lob.mode() + "' is unknown; allowed: "
                        + String.join(", ", TableSettingsRule.LobSettings.MODES));
            }
            Long kb = lob.bulkMaxSize();
            boolean unlimited = "unlimited".equals(lob.mode());
            if (kb != null && (kb < (unlimited ? 0 : 1) || kb > io.dmskit.LobSettings.MAX_LOB_SIZE_KB)) {
                problems.add(r.shortLabel() + ": lob-settings bulk-max-size must be from " + (unlimited ? 0 : 1) + " to "
                        + io.dmskit.LobSettings.MAX_LOB_SIZE_KB + " (KB) in mode " + (lob.mode() == null ? "limited" : lob.mode())
                        + ", was " + kb);
            }
        }
    }

    private static void check(SelectionRule r, List<String> problems) {
        if (r.action() == null) {
            problems.add(r.shortLabel() + ": rule action is missing; allowed: "
                    + Arrays.stream(SelectionAction.values()).map(SelectionAction::awsName).collect(Collectors.joining(", ")));
        }
        boolean literal = r.action() == SelectionAction.EXPLICIT;
        pattern(r, "schema", r.schemaPattern(), literal, problems);
        pattern(r, "table", r.tablePattern(), literal, problems);
        if (!r.filters().isEmpty() && r.action() == SelectionAction.EXCLUDE) {
            problems.add(r.shortLabel() + ": filters apply only to include and explicit rules (AWS DMS applies"
                    + " filters only when rule-action is include); move the filters to an include rule");
        }
        for (SourceFilter f : r.filters()) {
            if (f.column() == null || f.column().isBlank()) {
                problems.add(r.shortLabel() + ": a filter has no column-name");
            }
            if (f.conditions().isEmpty()) {
                problems.add(r.shortLabel() + ": the filter on column " + f.column() + " has no filter-conditions");
            }
            for (SourceFilter.Condition c : f.conditions()) {
                int n = c.operator().arity();
                if (n == 1 && c.value() == null) {
                    problems.add(r.shortLabel() + ": filter-operator " + c.operator().awsName() + " on column "
                            + f.column() + " needs a value");
                }
                if (n == 2 && (c.start() == null || c.end() == null)) {
                    problems.add(r.shortLabel() + ": filter-operator " + c.operator().awsName() + " on column "
                            + f.column() + " needs start-value and end-value");
                }
                if ((n != 1 && c.value() != null) || (n != 2 && (c.start() != null || c.end() != null))) {
                    problems.add(r.shortLabel() + ": filter-operator " + c.operator().awsName() + " on column "
                            + f.column() + " takes " + (n == 0 ? "no value" : n == 1 ? "only value"
                            : "only start-value and end-value"));
                }
            }
        }
    }

    private static void check(TransformationRule r, List<String> problems) {
        RuleAction action = r.action();
        RuleTarget target = r.target();
        if (action == null) {
            problems.add(r.shortLabel() + ": rule action is missing; allowed: "
                    + Arrays.stream(RuleAction.values()).map(RuleAction::awsName).collect(Collectors.joining(", ")));
        }
        Set<RuleTarget> allowed = action == null ? Set.of(RuleTarget.values()) : action.targets();
        if (target == null) {
            problems.add(r.shortLabel() + ": rule target is missing; allowed: " + names(allowed));
        } else if (action != null && !action.accepts(target)) {
            problems.add(r.shortLabel() + ": rule target " + name(target) + " is not allowed for "
                    + action.awsName() + "; allowed: " + names(allowed));
        }
        pattern(r, "schema", r.schemaPattern(), false, problems);
        if (target == RuleTarget.SCHEMA) {
            unused(r, "table", r.tablePattern(), "schema", problems);
            unused(r, "column", r.columnPattern(), "schema", problems);
        } else if (target == RuleTarget.TABLE) {
            pattern(r, "table", r.tablePattern(), false, problems);
            unused(r, "column", r.columnPattern(), "table", problems);
        } else if (target == RuleTarget.COLUMN) {
            pattern(r, "table", r.tablePattern(), false, problems);
            if (action != RuleAction.ADD_COLUMN) {
                pattern(r, "column", r.columnPattern(), false, problems);
            }
        }
        if (action == RuleAction.ADD_COLUMN || action == RuleAction.CHANGE_DATA_TYPE) {
            if (r.dataType() == null || r.dataType().type() == null) {
                problems.add(r.shortLabel() + ": data-type is missing; give its type, for example"
                        + " {\"type\": \"string\", \"length\": 50}");
            } else if (!DATA_TYPES.contains(r.dataType().type())) {
                problems.add(r.shortLabel() + ": data-type type '" + r.dataType().type() + "' is unknown; allowed: "
                        + String.join(", ", DATA_TYPES));
            }
        }
        if (action == RuleAction.ADD_COLUMN && (r.expression() == null || r.expression().isBlank())) {
            problems.add(r.shortLabel() + ": expression is missing; give the value of the new column, for example"
                    + " $AR_H_OPERATION or $price * 2");
        }
        if (action == RuleAction.DEFINE_PRIMARY_KEY && (r.primaryKey() == null || r.primaryKey().columns().isEmpty())) {
            problems.add(r.shortLabel() + ": primary-key-def with columns is missing");
        }
        if (action == RuleAction.DATA_MASKING_DIGITS_MASK && r.value() != null
                && (r.value().length() != 1 || r.value().isBlank() || r.value().charAt(0) < 0x21
                || r.value().charAt(0) > 0x7e)) {
            problems.add(r.shortLabel() + ": the mask character must be one printable ASCII character that is not"
                    + " a space, was '" + r.value() + "'");
        }
        if (action == null) {
            return;
        }
        String what = switch (action) {
            case RENAME -> "new name";
            case ADD_COLUMN -> "column name";
            case DATA_MASKING_DIGITS_MASK -> "mask character";
            case ADD_PREFIX, REMOVE_PREFIX, REPLACE_PREFIX -> "prefix";
            case ADD_SUFFIX, REMOVE_SUFFIX, REPLACE_SUFFIX -> "suffix";
            default -> null;
        };
        if (action == RuleAction.RENAME) {
            if (r.value() == null || r.value().isBlank()) {
                problems.add(r.shortLabel() + ": new name is " + (r.value() == null ? "missing" : "blank")
                        + "; give the name that the " + (target == null ? "object" : name(target))
                        + " gets in the target");
            }
        } else if (action.needsOldValue()) {
            if (r.oldValue() == null || r.oldValue().isEmpty()) {
                problems.add(r.shortLabel() + ": old " + what + " is " + (r.oldValue() == null ? "missing" : "empty")
                        + "; give the " + what + " to replace");
            }
            if (r.value() == null) {
                problems.add(r.shortLabel() + ": new " + what + " is missing; give the " + what
                        + " to put in (it may be empty)");
            }
        } else if (action.needsValue()) {
            if (r.value() == null || r.value().isEmpty()) {
                problems.add(r.shortLabel() + ": " + what + " is " + (r.value() == null ? "missing" : "empty")
                        + "; give the " + what + " to " + (action == RuleAction.ADD_PREFIX || action == RuleAction.ADD_SUFFIX
                        || action == RuleAction.ADD_COLUMN ? "add" : action == RuleAction.DATA_MASKING_DIGITS_MASK
                        ? "put in place of each digit" : "remove"));
            }
        }
    }

    private static void pattern(Rule r, String role, String text, boolean literal, List<String> problems) {
        if (literal) {
            if (text == null || text.isBlank()) {
                problems.add(r.shortLabel() + ": " + role + " name is " + (text == null ? "missing" : "blank")
                        + "; an explicit rule names one table exactly, without wildcards");
            }
            return;
        }
        String problem = NamePattern.problem(text);
        if (problem == null) {
            return;
        }
        if (text == null || text.isBlank()) {
            problems.add(r.shortLabel() + ": " + role + " pattern " + problem + "; give a " + role
                    + " name or a pattern (" + PATTERN_SYNTAX + ")");
        } else {
            problems.add(r.shortLabel() + ": " + role + " pattern " + problem);
        }
    }

    private static void unused(Rule r, String role, String text, String target, List<String> problems) {
        if (text != null && !text.equals("%")) {
            problems.add(r.shortLabel() + ": " + role + " pattern must be % or null for a " + target
                    + " rule, was '" + text + "'; a " + target + " rule matches " + target + " names only");
        }
    }

    private static String names(Set<RuleTarget> targets) {
        return targets.stream().sorted().map(RuleValidator::name).collect(Collectors.joining(", "));
    }

    private static String name(RuleTarget t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
