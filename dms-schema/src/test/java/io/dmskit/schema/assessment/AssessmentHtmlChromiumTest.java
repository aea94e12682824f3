package io.dmskit.schema.assessment;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the assessment page in headless Chromium (Debian's {@code chromium} package) and asserts
 * on what renders after its script ran: the summary counts, the rows of each table, and a
 * severity filter hiding rows. Skipped where Chromium is not installed.
 */
class AssessmentHtmlChromiumTest {

    private static Path chromium;

    @BeforeAll
    static void findChromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(p))) {
                chromium = Path.of(p);
                return;
            }
        }
    }

    private static String dumpDom(Path page, String fragment, Path profile) throws IOException, InterruptedException {
        Assumptions.assumeTrue(chromium != null,
                "headless Chromium is not installed (apt-get install -y chromium chromium-driver): HTML rendering not checked");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=2000", "--dump-dom",
                page.toUri() + fragment));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void rendersSummaryTablesAndFilters(@TempDir Path dir) throws Exception {
        AssessmentReport report = AssessmentReportTest.sample();
        report.write(dir);
        Path page = dir.resolve("assessment.html");

        String dom = dumpDom(page, "", dir.resolve("profile1"));
        assertThat(dom).contains("data-ready=\"true\""); // the script ran
        assertThat(dom).contains("<b id=\"count-objects\">6</b>", "<b id=\"count-automatic\">3</b>",
                "<b id=\"count-warning\">1</b>", "<b id=\"count-manual\">2</b>");
        assertThat(dom).contains("<span id=\"visible-count\">6</span>");
        assertThat(count(dom, "<rect class=\"bar\"")).isEqualTo(5);
        for (String[] kind : new String[][]{{"TABLE", "2"}, {"COLUMN", "1"}, {"VIEW", "2"}, {"TRIGGER", "1"}}) {
            String table = dom.substring(dom.indexOf("<table data-kind=\"" + kind[0] + "\""));
            table = table.substring(0, table.indexOf("</table>"));
            assertThat(count(table, "<tr class=\"item\"")).as(kind[0]).isEqualTo(Integer.parseInt(kind[1]));
        }
        assertThat(count(dom, "<tr class=\"item\"[^>]*hidden")).isZero();

        String filtered = dumpDom(page, "#hide=AUTOMATIC,WARNING", dir.resolve("profile2"));
        assertThat(filtered).contains("<span id=\"visible-count\">2</span>");
        assertThat(count(filtered, "<tr class=\"item\" data-outcome=\"AUTOMATIC\" hidden")).isEqualTo(3);
        assertThat(count(filtered, "<tr class=\"item\" data-outcome=\"MANUAL\">")).isEqualTo(2);
        assertThat(filtered).contains("<section class=\"kind\" id=\"kind-TABLE\" hidden");
        assertThat(filtered).contains("<input type=\"checkbox\" class=\"filter\" value=\"MANUAL\" checked");
    }
}
