package io.dmskit.cdc;

import io.dmskit.Endpoint;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * Reads a table with the engine's full-load reader, so that tests can check that change capture
 * delivers exactly the values (and classes) that a full load of the same rows delivers.
 */
public final class FullLoadRows {
    private FullLoadRows() {
    }

    /** Every row of the table by the value of its first column, in the reader's column order. */
    public static Map<Object, Object[]> read(Endpoint endpoint, TableId id) throws Exception {
        EngineProvider engine = null;
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (p.engine().equals(endpoint.engine()) && (engine == null || p.priority() > engine.priority())) {
                engine = p;
            }
        }
        Objects.requireNonNull(engine, "no engine provider for " + endpoint.engine());
        Properties props = new Properties();
        engine.driverProperties().forEach(props::setProperty);
        try (Connection c = DriverManager.getConnection(endpoint.jdbcUrl(), props)) {
            try (Statement s = c.createStatement()) {
                for (String sql : engine.sessionInitStatements()) {
                    s.execute(sql);
                }
            }
            c.setAutoCommit(false);
            Table table = engine.dialect().readCatalog(c, id::equals).table(id).orElseThrow();
            Map<Object, Object[]> rows = new LinkedHashMap<>();
            RowBatch batch = new RowBatch(64, table.columns().size());
            try (RowReader reader = engine.reader().open(c, new ReadRequest(table, table.columns(), KeyRange.all(), 100))) {
                boolean more;
                do {
                    more = reader.next(batch);
                    for (int i = 0; i < batch.size(); i++) {
                        Object[] row = batch.row(i).clone();
                        rows.put(row[0], row);
                    }
                    batch.clear();
                } while (more);
            }
            c.commit();
            return rows;
        }
    }

    /** Columns whose values differ (by value and by class; arrays by content), as "name: cdc vs full load". */
    public static List<String> differences(List<String> columns, Object[] cdc, Object[] fullLoad) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Object a = cdc[i];
            Object b = fullLoad[i];
            if (!Objects.deepEquals(a, b) || (a != null && b != null && a.getClass() != b.getClass() && !(a instanceof List && b instanceof List))) {
                out.add(columns.get(i) + ": " + show(a) + " vs " + show(b));
            }
        }
        return out;
    }

    private static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[] b) {
            return "byte[]" + Arrays.toString(b);
        }
        return v + " (" + v.getClass().getSimpleName() + ")";
    }
}
