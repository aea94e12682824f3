package io.dmskit.schema.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTextTest {

    @Test
    void parsesPlainEnumLabels() {
        assertThat(SqlText.parseMySqlLabels("enum('a','b','c')")).containsExactly("a", "b", "c");
    }

    @Test
    void parsesLabelsWithDoubledQuotesAndCommas() {
        assertThat(SqlText.parseMySqlLabels("enum('it''s','x,y','''','a'',''b')"))
                .containsExactly("it's", "x,y", "'", "a','b");
    }

    @Test
    void parsesBackslashEscapesAsTheServerWritesThem() {
        assertThat(SqlText.parseMySqlLabels("set('back\\\\slash','new\\nline','q\\'s')"))
                .containsExactly("back\\slash", "new\nline", "q's");
    }

    @Test
    void parsesEmptyAndUnicodeLabels() {
        assertThat(SqlText.parseMySqlLabels("enum('','ünï','日本')")).containsExactly("", "ünï", "日本");
    }

    @Test
    void parsesSetColumnType() {
        assertThat(SqlText.parseMySqlLabels("set('p','q')")).isEqualTo(List.of("p", "q"));
    }

    @Test
    void rejectsTextThatIsNotALabelList() {
        assertThatThrownBy(() -> SqlText.parseMySqlLabels("int(11)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlText.parseMySqlLabels("enum('a)")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalsRoundTripThroughTheParser() {
        List<String> labels = List.of("a", "it's", "x,y", "back\\slash", "''");
        StringBuilder columnType = new StringBuilder("enum(");
        for (int i = 0; i < labels.size(); i++) {
            columnType.append(i == 0 ? "" : ",").append(SqlText.mysqlLiteral(labels.get(i)));
        }
        assertThat(SqlText.parseMySqlLabels(columnType.append(')').toString())).isEqualTo(labels);
    }

    @Test
    void standardLiteralDoublesQuotesOnly() {
        assertThat(SqlText.standardLiteral("it's \\ ok")).isEqualTo("'it''s \\ ok'");
        assertThat(SqlText.mysqlLiteral("it's \\ ok")).isEqualTo("'it''s \\\\ ok'");
    }
}
