package io.dmskit.internal.mapping;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamePatternTest {

    private static boolean m(String pattern, String name) {
        return NamePattern.compile(pattern).matches(name);
    }

    @Test
    void percentMatchesAnyRunIncludingNone() {
        assertThat(m("%", "")).isTrue();
        assertThat(m("%", "anything")).isTrue();
        assertThat(m("%%", "x")).isTrue();
        assertThat(m("a%", "a")).isTrue();
        assertThat(m("a%z", "a-middle-z")).isTrue();
        assertThat(m("a%z", "a-middle-y")).isFalse();
        assertThat(m("%x%", "axb")).isTrue();
        assertThat(NamePattern.compile("%%").matchesAll()).isTrue();
        assertThat(NamePattern.compile("a%").matchesAll()).isFalse();
    }

    @Test
    void underscoreMatchesExactlyOneCharacter() {
        assertThat(m("a_c", "abc")).isTrue();
        assertThat(m("a_c", "a_c")).isTrue();
        assertThat(m("a_c", "ac")).isFalse();
        assertThat(m("a_c", "abbc")).isFalse();
        assertThat(m("___", "xyz")).isTrue();
    }

    @Test
    void bracketsMatchLiteralsSetsAndRanges() {
        assertThat(m("a[_]c", "a_c")).isTrue();
        assertThat(m("a[_]c", "abc")).isFalse();
        assertThat(m("[%]", "%")).isTrue();
        assertThat(m("[%]", "x")).isFalse();
        assertThat(m("t[ab]", "ta")).isTrue();
        assertThat(m("t[ab]", "tb")).isTrue();
        assertThat(m("t[ab]", "tc")).isFalse();
        assertThat(m("v[1-3]", "v2")).isTrue();
        assertThat(m("v[1-3]", "v4")).isFalse();
        assertThat(m("x[a-c-]", "x-")).isTrue();
    }

    @Test
    void everythingElseIsLiteralAndCaseSensitive() {
        assertThat(m("a.b", "a.b")).isTrue();
        assertThat(m("a.b", "axb")).isFalse();
        assertThat(m("a*b+(c)$", "a*b+(c)$")).isTrue();
        assertThat(m("x]y", "x]y")).isTrue();
        assertThat(m("a\\Eb%", "a\\Ebcd")).isTrue();
        assertThat(m("Orders", "orders")).isFalse();
        assertThat(m("line%", "line1\nline2")).isTrue();
    }

    @Test
    void invalidPatternsAreReported() {
        assertThat(NamePattern.problem(null)).isEqualTo("is missing");
        assertThat(NamePattern.problem("  ")).isEqualTo("is blank");
        assertThat(NamePattern.problem("a[b")).isEqualTo("'a[b' has a [ without a closing ]; write [_] or [%] for a literal _ or %");
        assertThat(NamePattern.problem("[]x")).isEqualTo("'[]x' has an empty []; write [_] or [%] for a literal _ or %");
        assertThat(NamePattern.problem("[a-c-b]")).isNull();
        assertThat(NamePattern.problem("[c-a]")).isEqualTo("'[c-a]' has a reversed range c-a; write the lower character first");
        assertThatThrownBy(() -> NamePattern.compile("a[b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pattern 'a[b' has a [");
    }

    @Test
    void literalPatternsIgnoreWildcards() {
        NamePattern p = NamePattern.literal("tmp_%");
        assertThat(p.matches("tmp_%")).isTrue();
        assertThat(p.matches("tmpX%")).isFalse();
        assertThat(p.matches("tmp_x")).isFalse();
    }

    @Test
    void hintDropsWildcards() {
        assertThat(NamePattern.compile("ord%rs").hint()).isEqualTo("ordrs");
        assertThat(NamePattern.compile("tmp[_]x").hint()).isEqualTo("tmp_x");
        assertThat(NamePattern.compile("%").hint()).isEmpty();
    }

    @Test
    void equalityIsByText() {
        assertThat(NamePattern.compile("a%")).isEqualTo(NamePattern.compile("a%")).isNotEqualTo(NamePattern.compile("a_"));
    }
}
