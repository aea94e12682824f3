package io.dmskit.schema.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifiersTest {

    @Test
    void shortNamesStayAndLongOnesGetAStableHashSuffix() {
        assertThat(Identifiers.fit("orders", 63)).isEqualTo("orders");
        String longName = "x".repeat(70);
        String fitted = Identifiers.fit(longName, 63);
        assertThat(fitted).hasSize(63).startsWith("x".repeat(54) + "_").isEqualTo(Identifiers.fit(longName, 63));
        assertThat(Identifiers.fit("x".repeat(69) + "y", 63)).isNotEqualTo(fitted);
        assertThat(Identifiers.fit("x".repeat(63), 63)).isEqualTo("x".repeat(63));
    }

    @Test
    void countsCodePointsNotCharsAndNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00".repeat(70);
        String fitted = Identifiers.fit(emoji, 63);
        assertThat(fitted.codePointCount(0, fitted.length())).isEqualTo(63);
        assertThat(Identifiers.fit("\uD83D\uDE00".repeat(63), 63)).isEqualTo("\uD83D\uDE00".repeat(63));
    }
}
