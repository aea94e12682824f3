package io.dmskit.postgres;

import io.dmskit.postgres.PostgresCopyWriter.CopyContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The error contexts are PostgreSQL's (CopyFromErrorCallback) for binary COPY. */
class CopyContextTest {

    @Test
    void readsLineAndColumnAfterTheKnownTableName() {
        assertThat(CopyContext.parse("COPY t, line 3, column c", "t")).isEqualTo(new CopyContext(3, "c"));
        assertThat(CopyContext.parse("COPY t, line 12", "t")).isEqualTo(new CopyContext(12, null));
        assertThat(CopyContext.parse("COPY a, line 2, b, line 9, column x, line 4", "a, line 2, b"))
                .isEqualTo(new CopyContext(9, "x, line 4"));
    }

    @Test
    void takesTheCopyLineOfAMultiLineContext() {
        assertThat(CopyContext.parse("PL/pgSQL function f() line 3 at RAISE\nCOPY t, line 5", "t"))
                .isEqualTo(new CopyContext(5, null));
    }

    @Test
    void isEmptyWithoutACopyLine() {
        assertThat(CopyContext.parse(null, "t")).isEqualTo(new CopyContext(-1, null));
        assertThat(CopyContext.parse("COPY t", "t")).isEqualTo(new CopyContext(-1, null));
        assertThat(CopyContext.parse("COPY other, line 5", "t")).isEqualTo(new CopyContext(-1, null));
    }
}
