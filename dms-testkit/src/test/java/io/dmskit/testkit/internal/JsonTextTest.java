package io.dmskit.testkit.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTextTest {

    /** As PostgreSQL 15 prints {@code '{"bb":1,"é":2,"z":3,"a":0}'::jsonb}: {@code {"a": 0, "z": 3, "bb": 1, "é": 2}}. */
    @Test
    void jsonbSortsKeysShorterFirstThenByBytesAndSpacesTokens() {
        assertThat(JsonText.jsonb("{\"bb\":{\"c\":[],\"a\":{}},\"a\":0, \"\u00e9\": null, \"z\": true}"))
                .isEqualTo("{\"a\": 0, \"z\": true, \"bb\": {\"a\": {}, \"c\": []}, \"\u00e9\": null}");
    }

    @Test
    void jsonbKeepsTheLastOfARepeatedKey() {
        assertThat(JsonText.jsonb("{\"a\": 1, \"a\": 2}")).isEqualTo("{\"a\": 2}");
    }

    @Test
    void compactDropsSpacesAndKeepsKeyOrderNumbersAndEscapes() {
        assertThat(JsonText.compact("{ \"b\" : [1.50, -2, \"x\\\"\\n\\u0001\"],\n \"a\": false }"))
                .isEqualTo("{\"b\":[1.50,-2,\"x\\\"\\n\\u0001\"],\"a\":false}");
    }

    @Test
    void refusesTextThatIsNotJson() {
        assertThatThrownBy(() -> JsonText.compact("{\"a\" 1}")).hasMessage("Not JSON: ':' expected at offset 5 of {\"a\" 1}");
    }
}
