package io.dmskit.it;

import io.dmskit.Endpoint;
import io.dmskit.Secret;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Interval;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Endpoints for test databases, and a row-by-row, column-by-column comparison of two tables. */
final class Fixtures {
    private Fixtures() {
    }

    static Endpoint endpoint(TestDatabase db, String name) {
        return Endpoint.jdbc(db.jdbcUrl()).name(name).user(db.user()).password(Secret.of(db.password())).build();
    }

    /** Where a test's control tables go: inside the test database, so that dropping it drops them. */
    static String controlSchema(TestDatabase target) {
        return target.engine() == Engine.MARIADB || target.engine() == Engine.MYSQL ? target.schema() : "dmskit";
    }

    /** Every row of a table, read with dmskit's reader of its engine, keyed by the values of the key columns. */
    static Map<String, Object[]> rows(Endpoint endpoint, TestDatabase db, TableId id, List<String> key) throws Exception {
        EngineProvider engine = Engines.forEndpoint(endpoint);
        try (Connection c = db.connect()) {
            for (String sql : engine.sessionInitStatements()) {
                c.createStatement().execute(sql);
            }
            Table table = engine.dialect().readCatalog(c, id::equals).table(id)
                    .orElseThrow(() -> new AssertionError("table " + id + " does not exist in " + db));
            int[] keyIdx = key.stream().mapToInt(table::columnIndex).toArray();
            Map<String, Object[]> out = new TreeMap<>();
            try (RowReader r = engine.reader().open(c, new ReadRequest(table, table.columns(), KeyRange.all(), 1000))) {
                RowBatch b = new RowBatch(1000, table.columns().size());
                boolean more = true;
                while (more) {
                    more = r.next(b);
                    for (int i = 0; i < b.size(); i++) {
                        Object[] row = b.row(i).clone();
                        StringBuilder k = new StringBuilder();
                        for (int ki : keyIdx) {
                            k.append(canonical(row[ki])).append('|');
                        }
                        assertThat(out.put(k.toString(), row)).as("duplicate key %s in %s", k, id).isNull();
                    }
                    b.clear();
                }
            }
            c.rollback();
            return out;
        }
    }

    /** Asserts that two tables hold the same rows, column by column, and names the first differences. */
    static void assertSameRows(Map<String, Object[]> source, Map<String, Object[]> target, List<String> columns) {
        assertThat(target.keySet()).as("keys of the target rows").isEqualTo(source.keySet());
        List<String> diffs = new ArrayList<>();
        for (var e : source.entrySet()) {
            Object[] s = e.getValue();
            Object[] t = target.get(e.getKey());
            for (int i = 0; i < s.length; i++) {
                if (!same(s[i], t[i])) {
                    diffs.add("row " + e.getKey() + " column " + columns.get(i) + ": source " + show(s[i]) + " target " + show(t[i]));
                }
            }
        }
        assertThat(diffs).as("differences").isEmpty();
    }

    private static String show(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            return "0x" + java.util.HexFormat.of().formatHex(b);
        }
        return v + " (" + v.getClass().getSimpleName() + ")";
    }

    /** Whether two values are the same value, across the Java classes that engines give the same logical value. */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Float f) {
            a = (double) f;
        }
        if (b instanceof Float f) {
            b = (double) f;
        }
        if (a instanceof Double || b instanceof Double) {
            return a.equals(b);
        }
        if (a instanceof Boolean x && b instanceof Long y) {
            return (x ? 1L : 0L) == y;
        }
        if (b instanceof Boolean && a instanceof Long) {
            return same(b, a);
        }
        if (isNumber(a) && isNumber(b)) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        if (a instanceof OffsetDateTime || b instanceof OffsetDateTime) {
            return utc(a).equals(utc(b));
        }
        if (a instanceof Interval && b instanceof LocalTime) {
            return same(b, a);
        }
        if (a instanceof LocalTime t && b instanceof Interval i) {
            return i.months() == 0 && i.days() == 0 && i.micros() * 1000 == t.toNanoOfDay();
        }
        if (a instanceof String x && b instanceof String y && !x.equals(y) && looksLikeJson(x) && looksLikeJson(y)) {
            // jsonb and H2 store JSON in their own spelling: compare without the spaces between tokens
            return jsonTokens(x).equals(jsonTokens(y));
        }
        if (a instanceof java.util.UUID || b instanceof java.util.UUID) {
            return a.toString().equalsIgnoreCase(b.toString());
        }
        return a.equals(b);
    }

    private static boolean looksLikeJson(String s) {
        return s.startsWith("{") && s.endsWith("}") || s.startsWith("[") && s.endsWith("]");
    }

    private static String jsonTokens(String s) {
        StringBuilder sb = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                sb.append(c);
                if (c == '\\' && i + 1 < s.length()) {
                    sb.append(s.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                sb.append(c);
            } else if (!Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof BigInteger || v instanceof BigDecimal || v instanceof Integer;
    }

    private static BigDecimal decimal(Object v) {
        return v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
    }

    private static LocalDateTime utc(Object v) {
        return v instanceof OffsetDateTime o ? o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : (LocalDateTime) v;
    }

    private static String canonical(Object v) {
        return isNumber(v) ? decimal(v).stripTrailingZeros().toPlainString() : String.valueOf(v);
    }
}
