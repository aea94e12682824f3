package io.dmskit.internal.validate;

import io.dmskit.TableMapping;
import io.dmskit.ValidationReport.ColumnDifference;
import io.dmskit.ValidationReport.RowDifference;
import io.dmskit.ValidationReport.TableValidation;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Key ranges and their bisection, row matching, hashing and the order of reported differences; no server. */
class ValidationLogicTest {

    private static BigInteger b(long v) {
        return BigInteger.valueOf(v);
    }

    @Test
    void firstRangesCoverEveryKeyWithOpenEnds() {
        List<KeySplits.Range> ranges = KeySplits.initial(b(1), b(1000), 1000, 100);
        assertThat(ranges).hasSize(10);
        assertThat(ranges.get(0).lower()).isNull();
        assertThat(ranges.get(9).upper()).isNull();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).lower()).isEqualTo(ranges.get(i - 1).upper());
        }
        assertThat(ranges.get(1).lower()).isEqualTo(b(101));
        assertThat(KeySplits.initial(null, null, 0, 100)).containsExactly(KeySplits.Range.ALL);
        assertThat(KeySplits.initial(b(5), b(7), 1_000_000, 10)).hasSize(3);
        assertThat(KeySplits.initial(b(0), b(Long.MAX_VALUE), -1, 1)).hasSize(KeySplits.MAX_RANGES);
    }

    @Test
    void bisectionSplitsBetweenTheKeysFoundAndKeepsTheRangesBounds() {
        KeySplits.Range r = new KeySplits.Range(b(100), b(200));
        List<KeySplits.Range> parts = KeySplits.split(r, b(120), b(135), 8);
        assertThat(parts).hasSize(8);
        assertThat(parts.get(0).lower()).isEqualTo(b(100));
        assertThat(parts.get(7).upper()).isEqualTo(b(200));
        assertThat(parts.get(1).lower()).isEqualTo(b(122));
        assertThat(parts.get(7).lower()).isEqualTo(b(134));
        assertThat(KeySplits.split(r, b(150), b(152), 8)).extracting(KeySplits.Range::lower).containsExactly(b(100), b(151), b(152));
        assertThat(KeySplits.split(r, b(150), b(150), 8)).containsExactly(r);
        // open ends stay open; bounds never pass the largest key, so they fit the key's type
        List<KeySplits.Range> open = KeySplits.split(KeySplits.Range.ALL, b(Long.MAX_VALUE - 3), b(Long.MAX_VALUE), 8);
        assertThat(open).hasSize(4);
        assertThat(open.get(0).lower()).isNull();
        assertThat(open.get(3).upper()).isNull();
        assertThat(open.get(3).lower()).isEqualTo(b(Long.MAX_VALUE));
    }

    @Test
    void hashSumsAreExactBeyondSixtyFourBits() {
        RowHash.Sum sum = new RowHash.Sum();
        long max = (1L << 60) - 1;
        for (int i = 0; i < 100; i++) {
            sum.add(max);
        }
        assertThat(sum.rows).isEqualTo(100);
        assertThat(sum.value()).isEqualTo(BigInteger.valueOf(max).multiply(BigInteger.valueOf(100)));
        // the first 15 hex digits of md5('') = d41d8cd98f00b204e9800998ecf8427e
        assertThat(Long.toHexString(new RowHash().hash60(new String[]{}, List.of()))).isEqualTo("d41d8cd98f00b20");
        assertThat(new RowHash().bucket(new String[]{}, List.of(), 1000)).isEqualTo((int) (0xd41d8cd9L % 1000));
    }

    private static ComparedTable table(boolean key) {
        Table source = new Table(TableId.of("s", "t"), List.of(Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("name", DataType.ofLength(TypeKind.CHAR, 10), true), Column.of("note", DataType.ofLength(TypeKind.TEXT, 0), true)),
                key ? List.of("id") : List.of(), List.of(), -1);
        Table target = new Table(TableId.of("d", "t"), List.of(Column.of("id", DataType.of(TypeKind.BIGINT), false),
                Column.of("label", DataType.ofLength(TypeKind.CHAR, 10), true), Column.of("note", DataType.ofLength(TypeKind.TEXT, 0), true)),
                key ? List.of("id") : List.of(), List.of(), -1);
        TableMapping mapping = TableMapping.builder().include("s", "t").renameSchema("s", "d").renameColumn("s", "t", "name", "label").build();
        return ComparedTable.plan(mapping.map(source), target, null, null);
    }

    private record Found(List<String> missing, List<String> extra, List<String> different) {
    }

    private static Found match(ComparedTable t, List<Object[]> source, List<Object[]> target) {
        Found f = new Found(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        RowMatcher m = new RowMatcher(t);
        source.forEach(m::addSource);
        RowMatcher.Listener l = new RowMatcher.Listener() {
            @Override
            public void missing(Object[] sourceRow, String[] key) {
                f.missing.add(String.join(",", key));
            }

            @Override
            public void extra(Object[] targetRow, String[] key) {
                f.extra.add(String.join(",", key));
            }

            @Override
            public void different(Object[] s, Object[] r, String[] key, List<ColumnDifference> columns) {
                f.different.add(key[0] + ":" + columns);
            }
        };
        target.forEach(r -> m.matchTarget(r, l));
        m.finish(l);
        return f;
    }

    @Test
    void rowsAreMatchedByKeyAndComparedByRenamedColumn() {
        ComparedTable t = table(true);
        assertThat(t.splitKey).isEqualTo(0);
        assertThat(t.sqlColumns).isEmpty();
        assertThat(t.javaColumns).containsExactly(0, 1, 2);
        Found f = match(t, List.of(new Object[]{1L, "a", "x"}, new Object[]{2L, "b", ""}, new Object[]{3L, "c", null}),
                List.of(new Object[]{1L, "a         ", "x"}, new Object[]{2L, "b", null}, new Object[]{4L, "d", "y"}));
        assertThat(f.missing).containsExactly("3");
        assertThat(f.extra).containsExactly("4");
        assertThat(f.different).containsExactly("2:[note: '' != null]");
    }

    @Test
    void aTableWithoutKeyIsAMultisetOfRows() {
        ComparedTable t = table(false);
        assertThat(t.hasKey).isFalse();
        assertThat(t.splitKey).isEqualTo(-1);
        assertThat(t.key).containsExactly(0, 1, 2);
        Found f = match(t, List.of(new Object[]{1L, "a", "x"}, new Object[]{1L, "a", "x"}, new Object[]{2L, "b", null}),
                List.of(new Object[]{1L, "a", "x"}, new Object[]{2L, "b", ""}));
        assertThat(f.missing).containsExactlyInAnyOrder("1,a,x", "2,b,null");
        assertThat(f.extra).containsExactly("2,b,");
        assertThat(f.different).isEmpty();
    }

    @Test
    void differencesAreListedFirstByKeyUpToTheLimitAndAllCounted() {
        ComparedTable t = table(true);
        TableRun run = new TableRun(t, TableId.of("s", "t"), TableId.of("d", "t"), false, 3);
        for (long k : new long[]{50, 7, 1000, 3, 12, 9}) {
            run.missing(new Object[]{k, "a", null}, new String[]{Long.toString(k)});
        }
        TableValidation v = run.result();
        assertThat(v.missing()).isEqualTo(6);
        assertThat(v.differences()).extracting(d -> d.key().get("id")).containsExactly(3L, 7L, 9L);
        assertThat(v.differences()).allMatch(d -> d.kind() == RowDifference.Kind.MISSING);
        assertThat(v.differences().get(0).key()).isEqualTo(Map.of("id", 3L));
    }

    @Test
    void textKeysAreOrderedByCodePointsNotByCollation() {
        var order = TableRun.keyOrder(false);
        List<String[]> keys = new ArrayList<>(List.of(new String[]{"b"}, new String[]{"B"}, new String[]{"😀"},
                new String[]{"\uFFFD"}, new String[]{"a"}));
        keys.sort(order);
        assertThat(keys.stream().map(k -> k[0]).toList()).containsExactly("B", "a", "b", "\uFFFD", "😀");
        var numbers = TableRun.keyOrder(true);
        List<String[]> ints = new ArrayList<>(List.of(new String[]{"10"}, new String[]{"9"}, new String[]{"-1"}));
        ints.sort(numbers);
        assertThat(ints.stream().map(k -> k[0]).toList()).containsExactly("-1", "9", "10");
    }

    @Test
    void jsonCanonicalText() {
        assertThat(JsonCanonical.canonical(" {\"b\" : [1, 2.50, {\"z\": null, \"y\": true}], \"a\": \"x\\u0041\\n\", \"a\": 2} "))
                .isEqualTo("{\"a\":2,\"b\":[1,2.5,{\"y\":true,\"z\":null}]}");
        assertThat(JsonCanonical.canonical("[1E3, -0.0, 1e-2]")).isEqualTo("[1000,0,0.01]");
        assertThat(JsonCanonical.canonical("not json")).isEqualTo("not json");
        assertThat(JsonCanonical.canonical("{\"a\": 1} x")).isEqualTo("{\"a\": 1} x");
        assertThat(JsonCanonical.canonical("{\"😀\": 1, \"\uFFFD\": 2}")).isEqualTo("{\"\uFFFD\":2,\"😀\":1}");
    }
}
