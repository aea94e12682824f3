package io.dmskit.validate;

import io.dmskit.TableMapping;
import io.dmskit.ValidationReport;
import io.dmskit.ValidationReport.ColumnDifference;
import io.dmskit.ValidationReport.RowDifference;
import io.dmskit.ValidationReport.State;
import io.dmskit.ValidationReport.TableValidation;
import io.dmskit.Validator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a full load of the every-type tables in each direction (MariaDB to PostgreSQL, PostgreSQL
 * to MariaDB, PostgreSQL to PostgreSQL, MariaDB to MariaDB, H2 to PostgreSQL), the validator finds
 * nothing; then it finds a row whose every column was changed in the target (to another row's
 * values, to NULL, and from NULL), a missing and an extra row, with the exact columns and both
 * values, and resync repairs each so that the table compares consistent again.
 */
class ValidatorDirectionsIT {

    @Test
    void mariaDbToPostgres() throws Exception {
        check(TestDb.Kind.MARIADB, TestDb.Kind.POSTGRESQL);
    }

    @Test
    void postgresToMariaDb() throws Exception {
        check(TestDb.Kind.POSTGRESQL, TestDb.Kind.MARIADB);
    }

    @Test
    void postgresToPostgres() throws Exception {
        check(TestDb.Kind.POSTGRESQL, TestDb.Kind.POSTGRESQL);
    }

    @Test
    void mariaDbToMariaDb() throws Exception {
        check(TestDb.Kind.MARIADB, TestDb.Kind.MARIADB);
    }

    @Test
    void h2ToPostgres() throws Exception {
        check(TestDb.Kind.H2, TestDb.Kind.POSTGRESQL);
    }

    private static void check(TestDb.Kind from, TestDb.Kind to) throws Exception {
        try (TestDb source = TestDb.create(from, "val_dir_src"); TestDb target = TestDb.create(to, "val_dir_dst")) {
            EveryType.create(source, to == TestDb.Kind.POSTGRESQL);
            String table = EveryType.table(source);
            String key = EveryType.key(source);
            TableMapping mapping = TableMapping.builder().include(source.schema, table).renameSchema(source.schema, target.schema).build();
            source.fullLoad(target, mapping);
            long rows = source.count(table);

            Validator validator = Validator.builder().source(source.endpoint("source")).target(target.endpoint("target"))
                    .mapping(mapping).build();
            Validator resync = Validator.builder().source(source.endpoint("source")).target(target.endpoint("target"))
                    .mapping(mapping).resync(true).build();

            TableValidation equal = only(validator.validate());
            assertThat(equal.state()).as(equal.toString()).isEqualTo(State.CONSISTENT);
            assertThat(equal.rowsCompared()).isEqualTo(rows);
            assertThat(equal.differences()).isEmpty();

            long[] pair = EveryType.twoRowsDifferingEverywhere(source);
            long changed = pair[0];
            long other = pair[1];
            long nullRow = from == TestDb.Kind.H2 ? 2 : 3;
            List<String> columns = Rows.columns(target, table);
            List<String> values = columns.stream().filter(c -> !c.equals(key)).toList();
            String q = target.kind == TestDb.Kind.MARIADB ? "`" : "\"";
            String t = q + table + q;
            Map<Long, Map<String, Object>> sourceRows = Rows.read(source, table, key);
            Map<Long, Map<String, Object>> targetRows = Rows.read(target, table, key);

            // 1. every column of one row holds another row's value
            target.execute("UPDATE " + t + " SET " + values.stream().map(c -> q + c + q + " = (SELECT " + q + c + q + " FROM (SELECT * FROM "
                    + t + " WHERE " + q + key + q + " = " + other + ") x)").collect(Collectors.joining(", "))
                    + " WHERE " + q + key + q + " = " + changed);
            RowDifference d = differentRow(validator, resync, changed, values);
            for (ColumnDifference c : d.columns()) {
                assertThat(Rows.same(c.sourceValue(), sourceRows.get(changed).get(c.column()))).as("source value of %s", c).isTrue();
                assertThat(Rows.same(c.targetValue(), targetRows.get(other).get(c.column()))).as("target value of %s", c).isTrue();
            }

            // 2. every column of one row is NULL in the target
            target.execute("UPDATE " + t + " SET " + values.stream().map(c -> q + c + q + " = NULL").collect(Collectors.joining(", "))
                    + " WHERE " + q + key + q + " = " + changed);
            d = differentRow(validator, resync, changed, values);
            assertThat(d.columns()).allMatch(c -> c.targetValue() == null && c.sourceValue() != null);

            // 3. every column of the source's row of NULLs has a value in the target
            target.execute("UPDATE " + t + " SET " + values.stream().map(c -> q + c + q + " = (SELECT " + q + c + q + " FROM (SELECT * FROM "
                    + t + " WHERE " + q + key + q + " = " + other + ") x)").collect(Collectors.joining(", "))
                    + " WHERE " + q + key + q + " = " + nullRow);
            d = differentRow(validator, resync, nullRow, values);
            assertThat(d.columns()).allMatch(c -> c.sourceValue() == null && c.targetValue() != null);

            // 4. a row missing and a row extra
            target.execute("DELETE FROM " + t + " WHERE " + q + key + q + " = " + other,
                    "INSERT INTO " + t + " (" + columns.stream().map(c -> q + c + q).collect(Collectors.joining(", ")) + ") SELECT "
                            + columns.stream().map(c -> c.equals(key) ? "99" : q + c + q).collect(Collectors.joining(", "))
                            + " FROM " + t + " WHERE " + q + key + q + " = " + changed);
            TableValidation found = only(validator.validate());
            assertThat(found.state()).isEqualTo(State.DIFFERENT);
            assertThat(List.of(found.missing(), found.extra(), found.differing())).containsExactly(1L, 1L, 0L);
            assertThat(found.rowsCompared()).isEqualTo(rows);
            assertThat(found.differences()).extracting(RowDifference::kind).containsExactlyInAnyOrder(RowDifference.Kind.MISSING,
                    RowDifference.Kind.EXTRA);
            for (RowDifference r : found.differences()) {
                assertThat(((Number) r.key().get(key)).longValue()).isEqualTo(r.kind() == RowDifference.Kind.MISSING ? other : 99L);
            }
            TableValidation repaired = only(resync.validate());
            assertThat(repaired.state()).as(repaired.toString()).isEqualTo(State.CONSISTENT);
            assertThat(repaired.repaired()).isEqualTo(2);
            assertThat(only(validator.validate()).state()).isEqualTo(State.CONSISTENT);
            assertThat(target.count(t)).isEqualTo(rows);
        }
    }

    /** Validates, expects exactly one different row with every value column named, repairs it and validates again. */
    private static RowDifference differentRow(Validator validator, Validator resync, long key, List<String> columns) {
        TableValidation found = only(validator.validate());
        assertThat(found.state()).as(found.toString()).isEqualTo(State.DIFFERENT);
        assertThat(List.of(found.missing(), found.extra(), found.differing())).as(found.toString()).containsExactly(0L, 0L, 1L);
        assertThat(found.differences()).hasSize(1);
        RowDifference d = found.differences().get(0);
        assertThat(d.kind()).isEqualTo(RowDifference.Kind.DIFFERENT);
        assertThat(((Number) d.key().values().iterator().next()).longValue()).isEqualTo(key);
        List<String> named = new ArrayList<>(d.columns().stream().map(ColumnDifference::column).toList());
        assertThat(named).as(found.toString()).containsExactlyElementsOf(columns);

        TableValidation repaired = only(resync.validate());
        assertThat(repaired.state()).as(repaired.toString()).isEqualTo(State.CONSISTENT);
        assertThat(repaired.repaired()).isEqualTo(1);
        assertThat(repaired.differing()).isEqualTo(1);
        TableValidation again = only(validator.validate());
        assertThat(again.state()).as(again.toString()).isEqualTo(State.CONSISTENT);
        assertThat(again.differences()).isEmpty();
        return d;
    }

    private static TableValidation only(ValidationReport report) {
        assertThat(report.tables()).hasSize(1);
        return report.tables().get(0);
    }
}
