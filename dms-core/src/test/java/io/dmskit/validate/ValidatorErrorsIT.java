package io.dmskit.validate;

import io.dmskit.Endpoint;
import io.dmskit.TableMapping;
import io.dmskit.ValidationReport;
import io.dmskit.ValidationReport.State;
import io.dmskit.ValidationReport.TableValidation;
import io.dmskit.Validator;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A table that cannot be compared is an ERROR that names the table and the reason, while the
 * other tables are compared; an unreachable endpoint and a mapping that selects nothing throw.
 */
class ValidatorErrorsIT {

    @Test
    void tablesThatCannotBeComparedAreErrorsAndTheOthersAreCompared() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.POSTGRESQL, "val_err_src");
             TestDb target = TestDb.create(TestDb.Kind.POSTGRESQL, "val_err_dst")) {
            source.execute("CREATE TABLE a_ok (id int PRIMARY KEY, v text)", "INSERT INTO a_ok VALUES (1, 'x')",
                    "CREATE TABLE b_gone (id int PRIMARY KEY)",
                    "CREATE TABLE c_narrow (id int PRIMARY KEY, v text, w text)",
                    "CREATE TABLE d_money (id int PRIMARY KEY, price money)");
            target.execute("CREATE TABLE a_ok (id int PRIMARY KEY, v text)", "INSERT INTO a_ok VALUES (1, 'x')",
                    "CREATE TABLE c_narrow (id int PRIMARY KEY, v text)",
                    "CREATE TABLE d_money (id int PRIMARY KEY, price money)");
            TableMapping mapping = TableMapping.builder().include(source.schema, "%").renameSchema(source.schema, target.schema).build();
            ValidationReport report = Validator.builder().source(source.endpoint("source")).target(target.endpoint("target"))
                    .mapping(mapping).build().validate();
            assertThat(report.tables()).extracting(TableValidation::state)
                    .containsExactly(State.CONSISTENT, State.ERROR, State.ERROR, State.ERROR);
            assertThat(report.tables().get(0).rowsCompared()).isEqualTo(1);
            String s = source.schema;
            String t = target.schema;
            assertThat(report.tables().get(1).error())
                    .isEqualTo("Table " + s + ".b_gone cannot be compared: its target table " + t + ".b_gone does not exist");
            assertThat(report.tables().get(2).error())
                    .isEqualTo("Table " + s + ".c_narrow cannot be compared with " + t + ".c_narrow: the target has no column w");
            assertThat(report.tables().get(3).error()).isEqualTo("Table " + s + ".d_money cannot be compared with " + t
                    + ".d_money: column price: values of type money cannot be compared with values of type money");
            assertThat(report.consistent()).isFalse();
            assertThatThrownBy(report::assertConsistent).isInstanceOf(DmsException.class)
                    .satisfies(e -> assertThat(((DmsException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                    .hasMessageContaining("b_gone: ERROR, 0 rows compared");
        }
    }

    @Test
    void anUnreachableEndpointThrows() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.POSTGRESQL, "val_err_unreach")) {
            Endpoint nowhere = Endpoint.jdbc("jdbc:postgresql://127.0.0.1:1/nowhere").name("target").user("nobody").build();
            Validator v = Validator.builder().source(source.endpoint("source")).target(nowhere).build();
            assertThatThrownBy(v::validate).isInstanceOf(DmsException.class)
                    .satisfies(e -> assertThat(((DmsException) e).code()).isEqualTo(ErrorCode.CONNECTION_FAILED))
                    .hasMessageStartingWith("Cannot connect to the target endpoint 'target' at jdbc:postgresql://127.0.0.1:1/nowhere");
        }
    }

    @Test
    void aMappingThatSelectsNothingThrows() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.MARIADB, "val_err_nothing")) {
            Validator v = Validator.builder().source(source.endpoint("source")).target(source.endpoint("target"))
                    .mapping(TableMapping.builder().include(source.schema, "no_such_table").build()).build();
            assertThatThrownBy(v::validate).isInstanceOf(DmsException.class)
                    .satisfies(e -> assertThat(((DmsException) e).code()).isEqualTo(ErrorCode.MAPPING_SELECTS_NOTHING));
        }
    }
}
