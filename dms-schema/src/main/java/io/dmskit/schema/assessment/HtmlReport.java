package io.dmskit.schema.assessment;

import io.dmskit.schema.ConversionNote.ObjectKind;
import io.dmskit.schema.ConversionNote.Outcome;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page: no external asset, an inline SVG chart of outcomes
 * per kind, a table per kind, and checkboxes that hide rows by outcome (a little inline script;
 * the page also reads {@code #hide=AUTOMATIC,WARNING} from its address, so that a link can open it
 * filtered). Every text from the database is escaped.
 */
final class HtmlReport {

    private static final String GREEN = "#2e7d32";
    private static final String AMBER = "#f9a825";
    private static final String RED = "#c62828";

    private HtmlReport() {
    }

    static String render(AssessmentReport r) {
        AssessmentReport.Summary s = r.summary();
        StringBuilder h = new StringBuilder(8192 + r.items().size() * 512);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Schema assessment: ")
                .append(esc(r.sourceEngine())).append(" to ").append(esc(r.targetEngine())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:75rem;"
                        + "padding:0 1rem;color:#222}\n")
                .append("h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}\n")
                .append(".cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;"
                        + "padding:.6rem 1rem;min-width:8rem}.card b{display:block;font-size:1.6rem}\n")
                .append(".AUTOMATIC b,.badge.AUTOMATIC{color:" + GREEN + "}.WARNING b{color:#b26a00}.MANUAL b,.badge.MANUAL{color:"
                        + RED + "}.badge.WARNING{color:#b26a00}\n")
                .append("table{border-collapse:collapse;width:100%;margin-top:.5rem}th,td{border-bottom:1px solid #e5e5e5;"
                        + "text-align:left;vertical-align:top;padding:.35rem .5rem;font-size:.9rem}th{background:#f6f6f6}\n")
                .append(".badge{font-weight:600;font-size:.8rem}pre{white-space:pre-wrap;background:#f7f7f7;padding:.5rem;"
                        + "margin:.3rem 0;font-size:.8rem}\n")
                .append(".filters{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ddd}"
                        + ".filters label{margin-right:1rem}\n")
                .append("tr[hidden]{display:none}\n</style>\n</head>\n<body>\n");
        h.append("<h1>Schema assessment: ").append(esc(r.sourceEngine())).append(" &rarr; ")
                .append(esc(r.targetEngine())).append("</h1>\n");
        AssessmentReport.Counts t = s.total();
        h.append("<div class=\"cards\" id=\"summary\">\n");
        card(h, "objects", "Objects", t.objects(), "");
        card(h, "automatic", "Converted automatically", t.automatic(), "AUTOMATIC");
        card(h, "warning", "Converted with warnings", t.warning(), "WARNING");
        card(h, "manual", "Need manual action", t.manual(), "MANUAL");
        h.append("<div class=\"card\"><b id=\"count-effort\" data-minutes=\"").append(t.effortMinutes()).append("\">")
                .append(esc(AssessmentReport.hours(t.effortMinutes()))).append("</b>Estimated effort</div>\n</div>\n");
        chart(h, s);
        h.append("<div class=\"filters\">Show: ");
        for (Outcome o : Outcome.values()) {
            h.append("<label><input type=\"checkbox\" class=\"filter\" value=\"").append(o.name()).append("\" checked> ")
                    .append(label(o)).append("</label>");
        }
        h.append(" <span id=\"visible\"><span id=\"visible-count\">").append(r.items().size())
                .append("</span> of ").append(r.items().size()).append(" items shown</span></div>\n");
        for (Map.Entry<ObjectKind, AssessmentReport.Counts> e : s.byKind().entrySet()) {
            ObjectKind kind = e.getKey();
            h.append("<section class=\"kind\" id=\"kind-").append(kind.name()).append("\">\n<h2>").append(title(kind))
                    .append(" (").append(e.getValue().objects()).append(")</h2>\n<table data-kind=\"").append(kind.name())
                    .append("\">\n<thead><tr><th>Object</th><th>Outcome</th><th>What was done / what to do</th>"
                            + "<th>Effort</th><th>Source</th></tr></thead>\n<tbody>\n");
            for (AssessmentReport.Item i : r.items()) {
                if (i.kind() != kind) {
                    continue;
                }
                h.append("<tr class=\"item\" data-outcome=\"").append(i.outcome().name()).append("\"><td>")
                        .append(esc(i.name())).append("</td><td><span class=\"badge ").append(i.outcome().name()).append("\">")
                        .append(label(i.outcome())).append("</span></td><td>").append(esc(i.message()));
                if (i.rule() != null) {
                    h.append("<br><small>rule: ").append(esc(i.rule())).append("</small>");
                }
                h.append("</td><td>").append(i.effortMinutes() == 0 ? "&ndash;" : esc(AssessmentReport.hours(i.effortMinutes())))
                        .append("</td><td>");
                if (i.sourceDdl() != null) {
                    h.append("<details><summary>source</summary><pre>").append(esc(i.sourceDdl())).append("</pre></details>");
                }
                h.append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n</section>\n");
        }
        h.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static final String SCRIPT = """
            (function () {
              var boxes = document.querySelectorAll('input.filter');
              var m = /(?:^|[#&])hide=([A-Z,]*)/.exec(location.hash);
              if (m) {
                var hide = m[1].split(',');
                boxes.forEach(function (b) { if (hide.indexOf(b.value) >= 0) { b.checked = false; } });
              }
              function apply() {
                var show = {};
                boxes.forEach(function (b) { show[b.value] = b.checked; });
                var visible = 0;
                document.querySelectorAll('tr.item').forEach(function (row) {
                  var on = !!show[row.getAttribute('data-outcome')];
                  if (on) { row.removeAttribute('hidden'); visible++; } else { row.setAttribute('hidden', ''); }
                });
                document.querySelectorAll('section.kind').forEach(function (sec) {
                  var any = sec.querySelector('tr.item:not([hidden])');
                  if (any) { sec.removeAttribute('hidden'); } else { sec.setAttribute('hidden', ''); }
                });
                document.getElementById('visible-count').textContent = String(visible);
              }
              boxes.forEach(function (b) { b.addEventListener('change', apply); });
              apply();
              document.body.setAttribute('data-ready', 'true');
            })();
            """;

    private static void card(StringBuilder h, String id, String text, int n, String cls) {
        h.append("<div class=\"card ").append(cls).append("\"><b id=\"count-").append(id).append("\">").append(n)
                .append("</b>").append(esc(text)).append("</div>\n");
    }

    /** A horizontal stacked bar per kind: automatic, warning, manual. */
    private static void chart(StringBuilder h, AssessmentReport.Summary s) {
        int rows = s.byKind().size();
        int max = s.byKind().values().stream().mapToInt(AssessmentReport.Counts::objects).max().orElse(1);
        int labelWidth = 170;
        int barWidth = 520;
        int rowHeight = 26;
        int height = rows * rowHeight + 40;
        h.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(labelWidth + barWidth + 70)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(labelWidth + barWidth + 70).append(' ')
                .append(height).append("\" style=\"margin-top:1rem;max-width:100%\"><title>Outcomes per kind of object</title>\n");
        int y = 10;
        for (Map.Entry<ObjectKind, AssessmentReport.Counts> e : s.byKind().entrySet()) {
            AssessmentReport.Counts c = e.getValue();
            h.append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\" font-size=\"13\">").append(title(e.getKey())).append("</text>\n");
            int x = labelWidth;
            for (Object[] seg : List.of(new Object[]{c.automatic(), GREEN, "AUTOMATIC"}, new Object[]{c.warning(), AMBER, "WARNING"},
                    new Object[]{c.manual(), RED, "MANUAL"})) {
                int n = (Integer) seg[0];
                if (n == 0) {
                    continue;
                }
                int w = Math.max(2, (int) Math.round(barWidth * (double) n / max));
                h.append("<rect class=\"bar\" data-kind=\"").append(e.getKey().name()).append("\" data-outcome=\"").append(seg[2])
                        .append("\" data-count=\"").append(n).append("\" x=\"").append(x).append("\" y=\"").append(y)
                        .append("\" width=\"").append(w).append("\" height=\"20\" fill=\"").append(seg[1]).append("\"><title>")
                        .append(title(e.getKey())).append(": ").append(n).append(' ').append(label((Outcome.valueOf((String) seg[2]))))
                        .append("</title></rect>\n");
                x += w;
            }
            h.append("<text x=\"").append(x + 6).append("\" y=\"").append(y + 15).append("\" font-size=\"12\">")
                    .append(c.objects()).append("</text>\n");
            y += rowHeight;
        }
        int lx = labelWidth;
        for (Outcome o : Outcome.values()) {
            String color = o == Outcome.AUTOMATIC ? GREEN : o == Outcome.WARNING ? AMBER : RED;
            h.append("<rect x=\"").append(lx).append("\" y=\"").append(y + 6).append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(color).append("\"/><text x=\"").append(lx + 16).append("\" y=\"").append(y + 16)
                    .append("\" font-size=\"12\">").append(label(o)).append("</text>\n");
            lx += 150;
        }
        h.append("</svg>\n");
    }

    private static String label(Outcome o) {
        return switch (o) {
            case AUTOMATIC -> "automatic";
            case WARNING -> "warning";
            case MANUAL -> "manual action";
        };
    }

    private static String title(ObjectKind k) {
        String s = k.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + (s.endsWith("x") ? "es" : "s");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
