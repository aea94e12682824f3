package io.dmskit.it.aws;

import io.dmskit.TableMapping;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The files under {@code aws/mapping/refused/}: settings that dmskit cannot honour, written as
 * the service's documentation writes them. Each is refused when the file is read, with a message
 * that names the rule, its position and the setting. (No database is needed; it runs with the
 * other corpus tests.)
 */
class AwsMappingRefusedIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "==>", value = {
            "add-before-image-columns.json ==> rule 2 (add-before-image-columns) at line 10, column 9: rule-action add-before-image-columns is not supported by dmskit: AWS DMS documents before-image columns only for data-streaming targets (Kinesis Data Streams and Apache Kafka",
            "views.json                    ==> rule 2 (line 14, column 91): table-type 'view' is not supported by dmskit, which moves tables only",
            "typo.json                     ==> rule 2 'lower-tables' (line 16, column 28): unknown rule-action 'convert-lowercse' for a transformation rule; did you mean 'convert-lowercase'?",
            "bad-expression.json           ==> rule 2 'flag' (line 18, column 27): expression at position 55 of 'CASE WHEN $AR_H_OPERATION = 'DELETE' THEN 'Y' ELSE 'N'': expected END to close CASE, found the end of the expression"})
    void refusedNamingTheSetting(String file, String message) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/aws/mapping/refused/" + file)) {
            assertThat(in).as(file).isNotNull();
            assertThatThrownBy(() -> TableMapping.fromAwsJson(in, file))
                    .isInstanceOf(DmsException.class)
                    .satisfies(e -> assertThat(((DmsException) e).code()).isEqualTo(ErrorCode.CONFIGURATION))
                    .hasMessageStartingWith("Table mapping " + file + ": ")
                    .hasMessageContaining(message);
        }
    }
}
