package io.dmskit.examples.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's API example is the quickstart's code, so that it cannot rot. */
class ReadmeTest {

    @Test
    void readmeShowsTheQuickstartCodeAsItIs() throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/dmskit/examples/cli/Quickstart.java"));
        String snippet = source.split("// README-BEGIN\n")[1].split("\\s*// README-END")[0];
        String dedented = snippet.lines().map(l -> l.length() >= 12 ? l.substring(12) : l.strip())
                .reduce((a, b) -> a + "\n" + b).orElseThrow();
        assertThat(Files.readString(Path.of("../README.md"))).contains("```java\n" + dedented + "\n```");
    }
}
