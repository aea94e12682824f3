package io.dmskit.validate;

import io.dmskit.TableMapping;
import io.dmskit.ValidationReport;
import io.dmskit.ValidationReport.ColumnDifference;
import io.dmskit.ValidationReport.RowDifference;
import io.dmskit.ValidationReport.State;
import io.dmskit.ValidationReport.TableValidation;
import io.dmskit.Validator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator finds each kind of difference with exact counts, keys, columns and values, in
 * tables split by integer key ranges (bisected), by hash buckets of text and composite keys, and
 * without a key; honours renamed and removed columns; and resync repairs what it found.
 */
class ValidatorDifferencesIT {

    private static Validator.Builder validator(TestDb source, TestDb target, TableMapping mapping) {
        return Validator.builder().source(source.endpoint("source")).target(target.endpoint("target")).mapping(mapping);
    }

    private static TableMapping mapping(TestDb source, TestDb target, String table) {
        return TableMapping.builder().include(source.schema, table).renameSchema(source.schema, target.schema).build();
    }

    private static TableValidation only(ValidationReport report) {
        assertThat(report.tables()).hasSize(1);
        return report.tables().get(0);
    }

    private static void assertCounts(TableValidation v, long rows, long missing, long extra, long differing) {
        assertThat(List.of(v.rowsCompared(), v.missing(), v.extra(), v.differing())).as(v.toString())
                .containsExactly(rows, missing, extra, differing);
    }

    @Test
    void bisectsKeyRangesDownToTheDifferingRows() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.MARIADB, "val_bisect_src");
             TestDb target = TestDb.create(TestDb.Kind.POSTGRESQL, "val_bisect_dst")) {
            source.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount DECIMAL(12,2) NOT NULL, note VARCHAR(40))",
                    "INSERT INTO orders SELECT seq, (seq % 1000) / 100, IF(seq % 7 = 0, NULL, CONCAT('n', seq)) FROM seq_1_to_20000",
                    "ANALYZE TABLE orders");
            TableMapping mapping = mapping(source, target, "orders");
            source.fullLoad(target, mapping);
            Validator v = validator(source, target, mapping).rangeRows(5_000).parallelism(3).build();
            TableValidation equal = only(v.validate());
            assertCounts(equal, 20_000, 0, 0, 0);
            assertThat(equal.state()).isEqualTo(State.CONSISTENT);

            target.execute("DELETE FROM orders WHERE id = 777",
                    "UPDATE orders SET amount = amount + 0.01 WHERE id = 12345",
                    "UPDATE orders SET note = '' WHERE id = 14",
                    "INSERT INTO orders VALUES (0, 1, 'below'), (30000, 2, 'above')");
            TableValidation found = only(v.validate());
            assertThat(found.state()).isEqualTo(State.DIFFERENT);
            assertCounts(found, 20_000, 1, 2, 2);
            assertThat(found.differences()).extracting(RowDifference::kind, d -> d.key().get("id")).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(RowDifference.Kind.EXTRA, 0L),
                    org.assertj.core.groups.Tuple.tuple(RowDifference.Kind.DIFFERENT, 14L),
                    org.assertj.core.groups.Tuple.tuple(RowDifference.Kind.MISSING, 777L),
                    org.assertj.core.groups.Tuple.tuple(RowDifference.Kind.DIFFERENT, 12345L),
                    org.assertj.core.groups.Tuple.tuple(RowDifference.Kind.EXTRA, 30000L));
            assertThat(found.differences().get(1).columns()).containsExactly(new ColumnDifference("note", null, ""));
            assertThat(found.differences().get(3).columns()).containsExactly(
                    new ColumnDifference("amount", new BigDecimal("3.45"), new BigDecimal("3.46")));

            TableValidation limited = only(validator(source, target, mapping).rangeRows(5_000).maxDifferences(2).build().validate());
            assertCounts(limited, 20_000, 1, 2, 2);
            assertThat(limited.differences()).extracting(d -> d.key().get("id")).containsExactly(0L, 14L);

            TableValidation repaired = only(validator(source, target, mapping).rangeRows(5_000).resync(true).build().validate());
            assertThat(repaired.state()).isEqualTo(State.CONSISTENT);
            assertThat(repaired.repaired()).isEqualTo(5);
            assertCounts(only(v.validate()), 20_000, 0, 0, 0);
            assertThat(target.count("orders")).isEqualTo(20_000);
        }
    }

    @Test
    void anUnsignedBigintKeyIsSplitAndBisectedAsItsNumericTargetKey() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.MARIADB, "val_unsigned_src");
             TestDb target = TestDb.create(TestDb.Kind.POSTGRESQL, "val_unsigned_dst")) {
            source.execute("CREATE TABLE big (id BIGINT UNSIGNED PRIMARY KEY, flag TINYINT(1))",
                    "INSERT INTO big SELECT 18446744073709551615 - seq * 1000, seq % 2 FROM seq_0_to_1999",
                    "INSERT INTO big VALUES (0, 1)", "ANALYZE TABLE big");
            TableMapping mapping = mapping(source, target, "big");
            source.fullLoad(target, mapping);
            Validator v = validator(source, target, mapping).rangeRows(300).build();
            assertCounts(only(v.validate()), 2001, 0, 0, 0);
            target.execute("UPDATE big SET flag = 1 - flag WHERE id = 18446744073709551615",
                    "DELETE FROM big WHERE id = 0");
            TableValidation found = only(v.validate());
            assertCounts(found, 2001, 1, 0, 1);
            assertThat(found.differences()).extracting(d -> d.key().get("id")).containsExactly(java.math.BigInteger.ZERO,
                    new java.math.BigInteger("18446744073709551615"));
            assertThat(found.differences().get(1).columns()).containsExactly(new ColumnDifference("flag", 0L, 1L));
            assertThat(only(validator(source, target, mapping).rangeRows(300).resync(true).build().validate()).repaired()).isEqualTo(2);
            assertCounts(only(v.validate()), 2001, 0, 0, 0);
        }
    }

    @Test
    void textKeysAreMatchedByTheirCodePointsWhateverTheCollation() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.MARIADB, "val_text_src");
             TestDb target = TestDb.create(TestDb.Kind.POSTGRESQL, "val_text_dst")) {
            source.execute("CREATE TABLE words (w VARCHAR(20) COLLATE utf8mb4_general_ci PRIMARY KEY, n INT, c CHAR(5))",
                    "INSERT INTO words VALUES ('apple', 1, 'a'), ('Banana', 2, 'b'), ('cherry', 3, 'c'), ('Éclair', 4, 'é'),"
                            + " ('😀 emoji', 5, '😀'), ('zz', 6, NULL)",
                    "INSERT INTO words SELECT CONCAT('k', LPAD(seq, 5, '0')), seq, 'k' FROM seq_1_to_3000",
                    "ANALYZE TABLE words");
            TableMapping mapping = mapping(source, target, "words");
            source.fullLoad(target, mapping);
            Validator v = validator(source, target, mapping).rangeRows(200).build();
            assertCounts(only(v.validate()), 3006, 0, 0, 0);

            // PostgreSQL's key is case-sensitive: APPLE is another key there, while MariaDB's collation calls it apple
            target.execute("INSERT INTO words VALUES ('APPLE', 1, 'a')", "DELETE FROM words WHERE w = 'Banana'",
                    "UPDATE words SET c = 'C' WHERE w = 'cherry'", "UPDATE words SET n = 0 WHERE w = 'k02999'");
            TableValidation found = only(v.validate());
            assertCounts(found, 3006, 1, 1, 2);
            assertThat(found.differences()).extracting(RowDifference::kind, d -> d.key().get("w")).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(RowDifference.Kind.EXTRA, "APPLE"),
                    org.assertj.core.groups.Tuple.tuple(RowDifference.Kind.MISSING, "Banana"),
                    org.assertj.core.groups.Tuple.tuple(RowDifference.Kind.DIFFERENT, "cherry"),
                    org.assertj.core.groups.Tuple.tuple(RowDifference.Kind.DIFFERENT, "k02999"));
            assertThat(found.differences().get(2).columns()).containsExactly(new ColumnDifference("c", "c", "C    "));
            assertThat(found.differences().get(3).columns()).containsExactly(new ColumnDifference("n", 2999L, 0L));

            TableValidation repaired = only(validator(source, target, mapping).rangeRows(200).resync(true).build().validate());
            assertThat(repaired.state()).as(repaired.toString()).isEqualTo(State.CONSISTENT);
            assertThat(repaired.repaired()).isEqualTo(4);
            assertCounts(only(v.validate()), 3006, 0, 0, 0);
        }
    }

    @Test
    void compositeAndUuidKeysAreComparedByHashBuckets() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.POSTGRESQL, "val_comp_src");
             TestDb target = TestDb.create(TestDb.Kind.MARIADB, "val_comp_dst")) {
            source.execute("CREATE TABLE lines (tenant int, code varchar(10), qty numeric(10,3), PRIMARY KEY (tenant, code))",
                    "INSERT INTO lines SELECT s % 5, 'c' || s, s / 8.0 FROM generate_series(1, 500) s",
                    "CREATE TABLE things (u uuid PRIMARY KEY, label text)",
                    "INSERT INTO things VALUES ('0b8f6c5e-1f2a-4c3b-9d4e-5f6a7b8c9d0e', 'one'), ('ffffffff-ffff-ffff-ffff-ffffffffffff', 'two')",
                    "ANALYZE lines", "ANALYZE things");
            TableMapping mapping = TableMapping.builder().include(source.schema, "%").renameSchema(source.schema, target.schema).build();
            source.fullLoad(target, mapping);
            Validator v = validator(source, target, mapping).build();
            ValidationReport equal = v.validate();
            assertThat(equal.consistent()).as(equal.toString()).isTrue();
            assertThat(equal.tables()).extracting(TableValidation::rowsCompared).containsExactly(500L, 2L);

            target.execute("UPDATE `lines` SET qty = qty + 1 WHERE tenant = 3 AND code = 'c8'",
                    "DELETE FROM things WHERE u = 'ffffffff-ffff-ffff-ffff-ffffffffffff'");
            ValidationReport found = v.validate();
            TableValidation lines = found.tables().get(0);
            assertCounts(lines, 500, 0, 0, 1);
            assertThat(lines.differences().get(0).key()).isEqualTo(Map.of("tenant", 3L, "code", "c8"));
            assertThat(lines.differences().get(0).columns()).containsExactly(
                    new ColumnDifference("qty", new BigDecimal("1.000"), new BigDecimal("2.000")));
            TableValidation things = found.tables().get(1);
            assertCounts(things, 2, 1, 0, 0);
            assertThat(things.differences().get(0).key()).isEqualTo(Map.of("u", java.util.UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff")));

            assertThat(validator(source, target, mapping).resync(true).build().validate().consistent()).isTrue();
            assertThat(v.validate().consistent()).isTrue();
        }
    }

    @Test
    void aTableWithoutKeyIsComparedAsAMultisetAndNotRepaired() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.MARIADB, "val_nokey_src");
             TestDb target = TestDb.create(TestDb.Kind.POSTGRESQL, "val_nokey_dst")) {
            source.execute("CREATE TABLE log (at DATETIME(6), msg VARCHAR(50))",
                    "INSERT INTO log VALUES ('2024-01-01 00:00:00', 'same'), ('2024-01-01 00:00:00', 'same'), (NULL, ''), (NULL, NULL)");
            TableMapping mapping = mapping(source, target, "log");
            source.fullLoad(target, mapping);
            Validator v = validator(source, target, mapping).build();
            assertCounts(only(v.validate()), 4, 0, 0, 0);

            target.execute("DELETE FROM log WHERE ctid IN (SELECT ctid FROM log WHERE msg = 'same' LIMIT 1)",
                    "UPDATE log SET msg = NULL WHERE msg = ''");
            TableValidation found = only(v.validate());
            assertCounts(found, 4, 2, 1, 0);
            // in key order, NULL first: (NULL, NULL) extra, (NULL, '') missing, (2024-01-01, 'same') missing once
            assertThat(found.differences()).extracting(RowDifference::kind).containsExactly(RowDifference.Kind.EXTRA,
                    RowDifference.Kind.MISSING, RowDifference.Kind.MISSING);
            assertThat(found.differences().get(0).key()).containsEntry("msg", null);
            assertThat(found.differences().get(1).key()).containsEntry("msg", "");
            assertThat(found.differences().get(2).key()).containsEntry("msg", "same");

            TableValidation notRepaired = only(validator(source, target, mapping).resync(true).build().validate());
            assertThat(notRepaired.state()).isEqualTo(State.DIFFERENT);
            assertThat(notRepaired.repaired()).isZero();
            assertThat(notRepaired.error()).isEqualTo(
                    "not repaired: the table has no primary key or unique key on NOT NULL columns to name its rows by");
        }
    }

    @Test
    void nullAndTheEmptyStringDiffer() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.POSTGRESQL, "val_null_src");
             TestDb target = TestDb.create(TestDb.Kind.POSTGRESQL, "val_null_dst")) {
            source.execute("CREATE TABLE t (id int PRIMARY KEY, s varchar(10), b bytea)",
                    "INSERT INTO t VALUES (1, '', '\\x'), (2, NULL, NULL), (3, 'x', '\\x00')");
            TableMapping mapping = mapping(source, target, "t");
            source.fullLoad(target, mapping);
            target.execute("UPDATE t SET s = NULL, b = NULL WHERE id = 1", "UPDATE t SET s = '', b = '\\x' WHERE id = 2");
            TableValidation found = only(validator(source, target, mapping).build().validate());
            assertCounts(found, 3, 0, 0, 2);
            assertThat(found.differences().get(0).columns()).extracting(ColumnDifference::column, ColumnDifference::sourceValue,
                    ColumnDifference::targetValue).containsExactly(org.assertj.core.groups.Tuple.tuple("s", "", null),
                    org.assertj.core.groups.Tuple.tuple("b", found.differences().get(0).columns().get(1).sourceValue(), null));
            assertThat((byte[]) found.differences().get(0).columns().get(1).sourceValue()).isEmpty();
            assertThat(found.differences().get(1).columns()).extracting(ColumnDifference::column).containsExactly("s", "b");
            assertThat(found.differences().get(1).columns().get(0).targetValue()).isEqualTo("");
            assertThat(found.toString()).contains("DIFFERENT {id=1} [s: '' != null, b: 0x != null]");
        }
    }

    @Test
    void renamedAndRemovedColumnsAreHonoured() throws Exception {
        try (TestDb source = TestDb.create(TestDb.Kind.MARIADB, "val_rename_src");
             TestDb target = TestDb.create(TestDb.Kind.POSTGRESQL, "val_rename_dst")) {
            source.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20), secret VARCHAR(20), amount DOUBLE)",
                    "INSERT INTO orders VALUES (1, 'ann', 'pw1', 0.1), (2, 'bob', 'pw2', 1e300)");
            TableMapping mapping = TableMapping.builder().include(source.schema, "orders").renameSchema(source.schema, target.schema)
                    .renameTable(source.schema, "orders", "purchases").renameColumn(source.schema, "orders", "customer", "client")
                    .removeColumn(source.schema, "orders", "secret").build();
            source.fullLoad(target, mapping);
            Validator v = validator(source, target, mapping).build();
            TableValidation equal = only(v.validate());
            assertThat(equal.target().name()).isEqualTo("purchases");
            assertCounts(equal, 2, 0, 0, 0);

            source.execute("UPDATE orders SET secret = 'changed'");
            assertCounts(only(v.validate()), 2, 0, 0, 0);
            target.execute("UPDATE purchases SET client = 'Ann', amount = 0.1000000001 WHERE id = 1");
            TableValidation found = only(v.validate());
            assertCounts(found, 2, 0, 0, 1);
            assertThat(found.differences().get(0).columns()).containsExactly(new ColumnDifference("customer", "ann", "Ann"),
                    new ColumnDifference("amount", 0.1, 0.1000000001));
            TableValidation repaired = only(validator(source, target, mapping).resync(true).build().validate());
            assertThat(repaired.state()).isEqualTo(State.CONSISTENT);
            assertThat(repaired.repaired()).isEqualTo(1);
            assertCounts(only(v.validate()), 2, 0, 0, 0);
        }
    }
}
