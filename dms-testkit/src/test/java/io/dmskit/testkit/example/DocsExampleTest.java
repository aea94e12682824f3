package io.dmskit.testkit.example;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/testing-migrations.md shows OrdersMigrationIT as it is (but its package line), so that the example cannot rot. */
class DocsExampleTest {

    @Test
    void theDocsShowTheExampleTestAsItIs() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/dmskit/testkit/example/OrdersMigrationIT.java"));
        String code = source.substring(source.indexOf("import "));
        assertThat(Files.readString(Path.of("../docs/testing-migrations.md"))).contains("```java\n" + code + "```\n");
    }
}
