package io.dmskit.validate;

import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Column;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;

import java.sql.Connection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a test table with dmskit's reader of its engine, independently of the validator. */
final class Rows {
    private Rows() {
    }

    /** Every row, by the value of a BIGINT key column, as column name to value. */
    static Map<Long, Map<String, Object>> read(TestDb db, String table, String key) throws Exception {
        EngineProvider engine = Engines.forEndpoint(db.endpoint("read"));
        TableId id = TableId.of(db.schema, table);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            Table t = engine.dialect().readCatalog(c, id::equals).table(id).orElseThrow();
            Map<Long, Map<String, Object>> out = new TreeMap<>();
            try (RowReader r = engine.reader().open(c, new ReadRequest(t, t.columns(), KeyRange.all(), 100))) {
                RowBatch b = new RowBatch(100, t.columns().size());
                boolean more = true;
                while (more) {
                    more = r.next(b);
                    for (int i = 0; i < b.size(); i++) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int j = 0; j < t.columns().size(); j++) {
                            row.put(t.columns().get(j).name(), b.row(i)[j]);
                        }
                        out.put(((Number) row.get(key)).longValue(), row);
                    }
                    b.clear();
                }
            }
            c.rollback();
            return out;
        }
    }

    /** The column names of a table, in order. */
    static List<String> columns(TestDb db, String table) throws Exception {
        EngineProvider engine = Engines.forEndpoint(db.endpoint("read"));
        TableId id = TableId.of(db.schema, table);
        try (Connection c = db.connect()) {
            return engine.dialect().readCatalog(c, id::equals).table(id).orElseThrow().columns().stream().map(Column::name).toList();
        }
    }

    static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return java.util.Objects.equals(a, b);
    }
}
