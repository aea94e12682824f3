package io.dmskit.schema.assessment;

import io.dmskit.schema.ConversionNote;
import io.dmskit.schema.ConversionNote.ObjectKind;
import io.dmskit.schema.ConversionNote.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a schema conversion did with every object: converted automatically, converted with a
 * warning (what may behave differently), or left for a person (why, with the source DDL), with a
 * summary by kind of object and an estimate of the work left. Built from a conversion's
 * {@link ConversionNote notes}:
 * <pre>{@code
 * AssessmentReport report = AssessmentReport.of("mariadb", "postgresql", converted.notes());
 * report.write(Path.of("out"));   // assessment.json and assessment.html
 * }</pre>
 *
 * <h2>Effort estimate</h2>
 * Each item gets minutes of a person's work, {@link #effortMinutes(ObjectKind, Outcome, String)}:
 * an automatic item 0; a warning 5 (read the message, check the object behaves as intended); a
 * manual item a base by kind, times a size factor of its source text. Bases: 10 for a comment;
 * 15 for a column, default, index, key, check, enum type or sequence; 30 for a table, a view or a
 * materialized view; 60 for a trigger, function or procedure. Size factor: 1 up to 500
 * characters of source DDL, 2 up to 2,000, 4 beyond. The numbers are a starting point for
 * planning, not a promise; {@link Summary#effortMinutes()} adds them up.
 *
 * <h2>JSON</h2>
 * {@link #toJson()} writes, with these stable field names:
 * <pre>
 * { "format": "dmskit-assessment/1", "sourceEngine": "mariadb", "targetEngine": "postgresql",
 *   "summary": { "objects": 12, "automatic": 9, "warning": 2, "manual": 1, "effortMinutes": 70,
 *                "byKind": [ { "kind": "VIEW", "objects": 3, "automatic": 2, "warning": 0, "manual": 1,
 *                              "effortMinutes": 30 }, ... ] },
 *   "items": [ { "kind": "VIEW", "name": "shop.v", "outcome": "MANUAL", "message": "...",
 *                "sourceDdl": "..." or null, "rule": "..." or null, "effortMinutes": 30 }, ... ] }
 * </pre>
 * Kinds appear in the order of {@link ObjectKind}, items in the order of the notes.
 * {@link #toHtml()} is the same as one self-contained page for people.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sourceEngine the source engine's name
 * @param targetEngine the target engine's name
 * @param items        one per note, in the notes' order
 */
public record AssessmentReport(String sourceEngine, String targetEngine, List<Item> items) {

    /** The format name written in the JSON; a change to the fields gets a new number. */
    public static final String FORMAT = "dmskit-assessment/1";

    /**
     * One object (or one detail of an object) of the report.
     *
     * @param kind          the kind of object
     * @param name          the object's name, as the note gives it
     * @param outcome       automatic, warning or manual
     * @param message       what was done, what may change, or why a person must act
     * @param sourceDdl     the source definition, or null
     * @param rule          the rule that decided, or null
     * @param effortMinutes the estimated minutes of work left
     */
    public record Item(ObjectKind kind, String name, Outcome outcome, String message, String sourceDdl, String rule,
                       int effortMinutes) {
        public Item {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Counts and effort of a set of items. */
    public record Counts(int objects, int automatic, int warning, int manual, int effortMinutes) {
    }

    /**
     * The totals and the totals per kind (kinds without items left out, in {@link ObjectKind} order).
     *
     * @param total  all items
     * @param byKind per kind of object
     */
    public record Summary(Counts total, Map<ObjectKind, Counts> byKind) {
        public int effortMinutes() {
            return total.effortMinutes();
        }
    }

    public AssessmentReport {
        Objects.requireNonNull(sourceEngine, "sourceEngine");
        Objects.requireNonNull(targetEngine, "targetEngine");
        items = List.copyOf(items);
    }

    /** The report of a conversion's notes, each with its effort estimate. */
    public static AssessmentReport of(String sourceEngine, String targetEngine, List<ConversionNote> notes) {
        List<Item> items = new ArrayList<>();
        for (ConversionNote n : notes) {
            items.add(new Item(n.kind(), n.objectName(), n.outcome(), n.message(), n.sourceDdl(), n.rule(),
                    effortMinutes(n.kind(), n.outcome(), n.sourceDdl())));
        }
        return new AssessmentReport(sourceEngine, targetEngine, items);
    }

    /** The documented effort scale (see the class comment), in minutes. */
    public static int effortMinutes(ObjectKind kind, Outcome outcome, String sourceDdl) {
        if (outcome == Outcome.AUTOMATIC) {
            return 0;
        }
        if (outcome == Outcome.WARNING) {
            return 5;
        }
        int base = switch (kind) {
            case COMMENT -> 10;
            case SCHEMA, TABLE, VIEW, MATERIALIZED_VIEW -> 30;
            case TRIGGER, FUNCTION, PROCEDURE -> 60;
            default -> 15;
        };
        int length = sourceDdl == null ? 0 : sourceDdl.length();
        int factor = length <= 500 ? 1 : length <= 2000 ? 2 : 4;
        return base * factor;
    }

    public Summary summary() {
        Map<ObjectKind, int[]> per = new EnumMap<>(ObjectKind.class);
        int[] total = new int[5];
        for (Item i : items) {
            int[] k = per.computeIfAbsent(i.kind(), x -> new int[5]);
            for (int[] c : List.of(k, total)) {
                c[0]++;
                c[1 + i.outcome().ordinal()]++;
                c[4] += i.effortMinutes();
            }
        }
        Map<ObjectKind, Counts> byKind = new EnumMap<>(ObjectKind.class);
        per.forEach((kind, c) -> byKind.put(kind, counts(c)));
        return new Summary(counts(total), byKind);
    }

    private static Counts counts(int[] c) {
        return new Counts(c[0], c[1], c[2], c[3], c[4]);
    }

    /** The items of one outcome, in order. */
    public List<Item> items(Outcome outcome) {
        return items.stream().filter(i -> i.outcome() == outcome).toList();
    }

    /** The report as JSON (see the class comment for the fields). */
    public String toJson() {
        Summary s = summary();
        StringBuilder j = new StringBuilder(256 + items.size() * 256);
        j.append("{\n  \"format\": ").append(Json.string(FORMAT))
                .append(",\n  \"sourceEngine\": ").append(Json.string(sourceEngine))
                .append(",\n  \"targetEngine\": ").append(Json.string(targetEngine))
                .append(",\n  \"summary\": {");
        counts(j, s.total());
        j.append(", \"byKind\": [");
        boolean first = true;
        for (Map.Entry<ObjectKind, Counts> e : s.byKind().entrySet()) {
            j.append(first ? "\n    " : ",\n    ").append("{\"kind\": ").append(Json.string(e.getKey().name())).append(", ");
            counts(j, e.getValue());
            j.append('}');
            first = false;
        }
        j.append(first ? "]},\n" : "\n  ]},\n").append("  \"items\": [");
        first = true;
        for (Item i : items) {
            j.append(first ? "\n    " : ",\n    ")
                    .append("{\"kind\": ").append(Json.string(i.kind().name()))
                    .append(", \"name\": ").append(Json.string(i.name()))
                    .append(", \"outcome\": ").append(Json.string(i.outcome().name()))
                    .append(", \"message\": ").append(Json.string(i.message()))
                    .append(", \"sourceDdl\": ").append(Json.string(i.sourceDdl()))
                    .append(", \"rule\": ").append(Json.string(i.rule()))
                    .append(", \"effortMinutes\": ").append(i.effortMinutes()).append('}');
            first = false;
        }
        return j.append(first ? "]\n}\n" : "\n  ]\n}\n").toString();
    }

    private static void counts(StringBuilder j, Counts c) {
        j.append("\"objects\": ").append(c.objects()).append(", \"automatic\": ").append(c.automatic())
                .append(", \"warning\": ").append(c.warning()).append(", \"manual\": ").append(c.manual())
                .append(", \"effortMinutes\": ").append(c.effortMinutes());
    }

    /** The report as one self-contained HTML page: summary chart, a table per kind, severity filters. */
    public String toHtml() {
        return HtmlReport.render(this);
    }

    /** Writes {@code assessment.json} and {@code assessment.html} into a directory, creating it; returns the directory. */
    public Path write(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("assessment.json"), toJson(), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("assessment.html"), toHtml(), StandardCharsets.UTF_8);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the assessment into " + directory + ": " + e.getMessage(), e);
        }
    }

    /** A few lines for a terminal: totals, per kind, and the effort. */
    public String summaryText() {
        Summary s = summary();
        StringBuilder t = new StringBuilder();
        t.append(String.format(java.util.Locale.ROOT, "Assessment %s -> %s: %d objects, %d automatic, %d with warnings, "
                        + "%d need manual action; estimated effort %s%n", sourceEngine, targetEngine, s.total().objects(),
                s.total().automatic(), s.total().warning(), s.total().manual(), hours(s.effortMinutes())));
        s.byKind().forEach((k, c) -> t.append(String.format(java.util.Locale.ROOT, "  %-18s %5d %9d %9d %9d  %s%n",
                k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), c.objects(), c.automatic(), c.warning(),
                c.manual(), hours(c.effortMinutes()))));
        return t.toString();
    }

    static String hours(int minutes) {
        return minutes < 60 ? minutes + " min" : String.format(java.util.Locale.ROOT, "%.1f h", minutes / 60.0);
    }
}
