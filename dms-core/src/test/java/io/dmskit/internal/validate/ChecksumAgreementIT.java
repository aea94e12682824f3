package io.dmskit.internal.validate;

import io.dmskit.TableMapping;
import io.dmskit.internal.pool.ConnectionPool;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Column;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.validate.EveryType;
import io.dmskit.validate.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical text that each database computes in SQL is the text that Java computes from the
 * reader's value, column by column and row by row, for every type of the every-type tables; and
 * after a full load in each direction, the checksums of the source and the target agree, so that
 * equal tables are proved equal by the databases alone (no row is read into Java except the
 * columns that have no SQL form on both engines, which this test names).
 */
class ChecksumAgreementIT {

    @Test
    void postgresSqlTextIsJavaText() throws Exception {
        sqlTextIsJavaText(TestDb.Kind.POSTGRESQL);
    }

    @Test
    void mariaDbSqlTextIsJavaText() throws Exception {
        sqlTextIsJavaText(TestDb.Kind.MARIADB);
    }

    private static void sqlTextIsJavaText(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind, "val_sqltext")) {
            EveryType.create(db, true);
            EngineProvider engine = Engines.forEndpoint(db.endpoint("db"));
            TableId id = TableId.of(db.schema, "all_types");
            Table table;
            try (Connection c = db.connect()) {
                table = engine.dialect().readCatalog(c, id::equals).table(id).orElseThrow();
            }
            CanonicalSql sql = CanonicalSql.forEngine(engine.engine()).orElseThrow();
            Map<Long, Object[]> values = EveryType.rows(db, table);
            List<String> checked = new ArrayList<>();
            for (int i = 0; i < table.columns().size(); i++) {
                Column col = table.columns().get(i);
                CanonicalForm.Rule rule = CanonicalForm.of(col.type(), col.type());
                String expr = sql.canonical(rule.form(), col.type(), engine.dialect().quote(col.name()));
                assertThat(expr).as("SQL of column %s", col.name()).isNotNull();
                if (CanonicalSql.engineSpecific(rule.form())) {
                    continue;
                }
                Map<Long, String> inSql = new HashMap<>();
                try (Connection c = db.connect(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT id, " + expr + " FROM all_types")) {
                    while (rs.next()) {
                        inSql.put(rs.getLong(1), rs.getString(2));
                    }
                }
                for (Map.Entry<Long, Object[]> row : values.entrySet()) {
                    assertThat(inSql.get(row.getKey())).as("column %s (%s) row %s", col.name(), rule.form(), row.getKey())
                            .isEqualTo(rule.target(row.getValue()[i]));
                }
                checked.add(col.name());
            }
            assertThat(checked).hasSizeGreaterThan(table.columns().size() - 5);
        }
    }

    @Test
    void mariaDbToPostgresChecksumsAgree() throws Exception {
        agree(TestDb.Kind.MARIADB, TestDb.Kind.POSTGRESQL, List.of("id", "js"));
    }

    @Test
    void postgresToMariaDbChecksumsAgree() throws Exception {
        agree(TestDb.Kind.POSTGRESQL, TestDb.Kind.MARIADB, List.of("id", "js", "jb"));
    }

    @Test
    void postgresToPostgresChecksumsAgree() throws Exception {
        agree(TestDb.Kind.POSTGRESQL, TestDb.Kind.POSTGRESQL, List.of());
    }

    @Test
    void mariaDbToMariaDbChecksumsAgree() throws Exception {
        agree(TestDb.Kind.MARIADB, TestDb.Kind.MARIADB, List.of());
    }

    @Test
    void h2ToPostgresIsChecksummedInJava() throws Exception {
        agree(TestDb.Kind.H2, TestDb.Kind.POSTGRESQL, null);
    }

    /** @param javaColumns the columns expected to be checksummed in Java; null for all */
    private static void agree(TestDb.Kind from, TestDb.Kind to, List<String> javaColumns) throws Exception {
        try (TestDb source = TestDb.create(from, "val_agree_src"); TestDb target = TestDb.create(to, "val_agree_dst")) {
            EveryType.create(source, to == TestDb.Kind.POSTGRESQL);
            String name = from == TestDb.Kind.H2 ? "ALL_TYPES" : "all_types";
            TableMapping mapping = TableMapping.builder().include(source.schema, name).renameSchema(source.schema, target.schema).build();
            source.fullLoad(target, mapping);
            EngineProvider se = Engines.forEndpoint(source.endpoint("s"));
            EngineProvider te = Engines.forEndpoint(target.endpoint("t"));
            try (ConnectionPool sp = new ConnectionPool(source.endpoint("s"), "source", se, 2);
                 ConnectionPool tp = new ConnectionPool(target.endpoint("t"), "target", te, 2)) {
                Table s;
                Table t;
                try (Connection c = sp.connection()) {
                    s = se.dialect().readCatalog(c, TableId.of(source.schema, name)::equals).tables().get(0);
                    c.rollback();
                }
                try (Connection c = tp.connection()) {
                    t = te.dialect().readCatalog(c, TableId.of(target.schema, name)::equals).tables().get(0);
                    c.rollback();
                }
                ComparedTable plan = ComparedTable.plan(mapping.map(s), t, CanonicalSql.forEngine(se.engine()).orElse(null),
                        CanonicalSql.forEngine(te.engine()).orElse(null));
                List<String> inJava = new ArrayList<>();
                for (int i : plan.javaColumns) {
                    inJava.add(plan.sourceColumns.get(i).name());
                }
                if (javaColumns == null) {
                    assertThat(plan.sqlColumns).isEmpty();
                } else {
                    assertThat(inJava).isEqualTo(javaColumns);
                    assertThat(plan.sqlColumns).hasSize(plan.rules.size() - Math.max(0, javaColumns.size() - 1));
                }
                Side src = new Side(true, sp, se);
                Side dst = new Side(false, tp, te);
                Side.Agg a = agg(src, plan);
                Side.Agg b = agg(dst, plan);
                assertThat(a.rows()).isEqualTo(from == TestDb.Kind.H2 ? 3 : 4);
                assertThat(b).as("target checksums").isEqualTo(a);
                assertThat(plan.splitKey).isEqualTo(0);
                // the reader over the key range reads the same rows that the checksum covered
                long[] read = new long[1];
                src.read(plan, new int[]{0}, KeyRange.all(), row -> read[0]++);
                assertThat(read[0]).isEqualTo(a.rows());
            }
        }
    }

    private static Side.Agg agg(Side side, ComparedTable plan) throws Exception {
        Side.Agg sql = plan.sqlColumns.length > 0 ? side.sqlAgg(plan, KeySplits.Range.ALL) : null;
        if (plan.javaColumns.length == 0) {
            return sql;
        }
        Side.Agg java = side.javaAgg(plan, KeySplits.Range.ALL);
        return sql == null ? java : sql.withJava(java);
    }
}
