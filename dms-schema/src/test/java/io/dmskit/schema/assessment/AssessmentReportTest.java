package io.dmskit.schema.assessment;

import io.dmskit.schema.ConversionNote;
import io.dmskit.schema.ConversionNote.ObjectKind;
import io.dmskit.schema.ConversionNote.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AssessmentReportTest {

    static AssessmentReport sample() {
        return AssessmentReport.of("mariadb", "postgresql", List.of(
                ConversionNote.automatic(ObjectKind.TABLE, "shop.orders", "created", "CREATE TABLE orders (...)"),
                ConversionNote.automatic(ObjectKind.TABLE, "shop.items", "created", null),
                ConversionNote.warning(ObjectKind.COLUMN, "shop.orders.flag", "TINYINT(1) becomes boolean", "tinyint(1)")
                        .withRule("tinyint1-to-boolean"),
                ConversionNote.automatic(ObjectKind.VIEW, "shop.v_totals", "translated", "select 1"),
                ConversionNote.manual(ObjectKind.VIEW, "shop.v_odd", "function foo() is not known <here> & \"there\"",
                        "select foo(`a`) from `t` where x < 1"),
                ConversionNote.manual(ObjectKind.TRIGGER, "shop.trg", "the statement 'LOOP' is not translated",
                        "x".repeat(600))));
    }

    @Test
    void effortFollowsTheDocumentedScale() {
        assertThat(AssessmentReport.effortMinutes(ObjectKind.VIEW, Outcome.AUTOMATIC, "x")).isZero();
        assertThat(AssessmentReport.effortMinutes(ObjectKind.VIEW, Outcome.WARNING, "x")).isEqualTo(5);
        assertThat(AssessmentReport.effortMinutes(ObjectKind.VIEW, Outcome.MANUAL, "x")).isEqualTo(30);
        assertThat(AssessmentReport.effortMinutes(ObjectKind.TRIGGER, Outcome.MANUAL, "x".repeat(600))).isEqualTo(120);
        assertThat(AssessmentReport.effortMinutes(ObjectKind.FUNCTION, Outcome.MANUAL, "x".repeat(2001))).isEqualTo(240);
        assertThat(AssessmentReport.effortMinutes(ObjectKind.INDEX, Outcome.MANUAL, null)).isEqualTo(15);
    }

    @Test
    void summaryCountsByKindAndOutcome() {
        AssessmentReport.Summary s = sample().summary();
        assertThat(s.total()).isEqualTo(new AssessmentReport.Counts(6, 3, 1, 2, 155));
        assertThat(s.byKind().keySet()).containsExactly(ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.VIEW, ObjectKind.TRIGGER);
        assertThat(s.byKind().get(ObjectKind.VIEW)).isEqualTo(new AssessmentReport.Counts(2, 1, 0, 1, 30));
    }

    @Test
    void jsonHasTheDocumentedFields() {
        String json = sample().toJson();
        assertThat(json).startsWith("{\n  \"format\": \"dmskit-assessment/1\",\n  \"sourceEngine\": \"mariadb\",\n"
                + "  \"targetEngine\": \"postgresql\",\n  \"summary\": {\"objects\": 6, \"automatic\": 3, \"warning\": 1, "
                + "\"manual\": 2, \"effortMinutes\": 155, \"byKind\": [\n    {\"kind\": \"TABLE\", \"objects\": 2, ");
        assertThat(json).contains("{\"kind\": \"VIEW\", \"name\": \"shop.v_odd\", \"outcome\": \"MANUAL\", "
                + "\"message\": \"function foo() is not known <here> & \\\"there\\\"\", "
                + "\"sourceDdl\": \"select foo(`a`) from `t` where x < 1\", \"rule\": null, \"effortMinutes\": 30}");
        assertThat(json).contains("\"rule\": \"tinyint1-to-boolean\"");
        assertThat(json).endsWith("\n  ]\n}\n");
    }

    @Test
    void emptyReportIsValidJson() {
        String json = AssessmentReport.of("h2", "h2", List.of()).toJson();
        assertThat(json).contains("\"byKind\": []},\n  \"items\": []\n}");
    }

    @Test
    void htmlIsSelfContainedAndEscapesDatabaseText() {
        String html = sample().toHtml();
        assertThat(html).doesNotContain("src=\"http", "href=\"http", "<link ");
        assertThat(html).contains("function foo() is not known &lt;here&gt; &amp; &quot;there&quot;");
        assertThat(html).contains("<svg id=\"chart\"");
        assertThat(html).doesNotContain("<here>");
    }

    @Test
    void summaryTextNamesTheTotals() {
        assertThat(sample().summaryText()).startsWith("Assessment mariadb -> postgresql: 6 objects, 3 automatic, "
                + "1 with warnings, 2 need manual action; estimated effort 2.6 h");
    }
}
