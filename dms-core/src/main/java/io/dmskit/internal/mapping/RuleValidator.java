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
            }
        }
        return problems;
    }

    private static void check(SelectionRule r, List<String> problems) {
        if (r.action() == null) {
            problems.add(r.shortLabel() + ": rule action is missing; allowed: "
                    + Arrays.stream(SelectionAction.values()).map(SelectionAction::awsName).collect(Collectors.joining(", ")));
        }
        boolean literal = r.action() == SelectionAction.EXPLICIT;
        pattern(r, "schema", r.schemaPattern(), literal, problems);
        pattern(r, "table", r.tablePattern(), literal, problems);
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
            pattern(r, "column", r.columnPattern(), false, problems);
        }
        if (action == null) {
            return;
        }
        String what = switch (action) {
            case RENAME -> "new name";
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
                        ? "add" : "remove"));
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
