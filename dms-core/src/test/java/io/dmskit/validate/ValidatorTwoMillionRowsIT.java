package io.dmskit.validate;

import io.dmskit.TableMapping;
import io.dmskit.ValidationReport.TableValidation;
import io.dmskit.Validator;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import org.junit.jupiter.api.Test;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two equal tables of two million rows (MariaDB, loaded into PostgreSQL by the full load) compare
 * consistent, and one changed row among them is found. Prints the validation's time next to the
 * time of one read of each side with dmskit's readers. It takes minutes, mostly to load, so it
 * runs only with {@code -Ddmskit.it.large=true}; no assertion is on time.
 */
class ValidatorTwoMillionRowsIT {

    @Test
    void twoMillionEqualRowsCostAboutOneScanOfEachSide() throws Exception {
        assumeTrue(Boolean.getBoolean("dmskit.it.large"), "run with -Ddmskit.it.large=true");
        try (TestDb source = TestDb.create(TestDb.Kind.MARIADB, "val_2m_src");
             TestDb target = TestDb.create(TestDb.Kind.POSTGRESQL, "val_2m_dst")) {
            source.execute("""
                    CREATE TABLE orders (id BIGINT PRIMARY KEY, customer INT NOT NULL, code VARCHAR(16) NOT NULL,
                      amount DECIMAL(12,2) NOT NULL, note VARCHAR(200), created DATETIME(6) NOT NULL, shipped DATE, paid TINYINT(1) NOT NULL)""",
                    """
                    INSERT INTO orders SELECT seq, seq % 50000, CONCAT('C', seq), (seq % 100000) / 100,
                      IF(seq % 3 = 0, NULL, REPEAT('n', seq % 200)), '2024-01-01 00:00:00' + INTERVAL seq SECOND,
                      IF(seq % 5 = 0, NULL, '2024-01-01' + INTERVAL (seq % 365) DAY), seq % 2 FROM seq_1_to_2000000""",
                    "ANALYZE TABLE orders");
            TableMapping mapping = TableMapping.builder().include(source.schema, "orders").renameSchema(source.schema, target.schema).build();
            long load = System.nanoTime();
            source.fullLoad(target, mapping);
            load = System.nanoTime() - load;
            target.execute("ANALYZE orders");

            Validator v = Validator.builder().source(source.endpoint("source")).target(target.endpoint("target")).mapping(mapping).build();
            v.validate(); // warm up the JVM and the servers' caches
            long validate = System.nanoTime();
            TableValidation equal = v.validate().tables().get(0);
            validate = System.nanoTime() - validate;
            assertThat(equal.consistent()).isTrue();
            assertThat(equal.rowsCompared()).isEqualTo(2_000_000);

            long readSource = System.nanoTime();
            long sourceRows = readAll(source, "orders");
            readSource = System.nanoTime() - readSource;
            long readTarget = System.nanoTime();
            long targetRows = readAll(target, "orders");
            readTarget = System.nanoTime() - readTarget;
            assertThat(sourceRows).isEqualTo(targetRows).isEqualTo(2_000_000);

            target.execute("UPDATE orders SET note = 'changed' WHERE id = 1234567");
            long differing = System.nanoTime();
            TableValidation found = v.validate().tables().get(0);
            differing = System.nanoTime() - differing;
            assertThat(found.differing()).isEqualTo(1);
            assertThat(found.differences().get(0).key().get("id")).isEqualTo(1_234_567L);

            System.out.printf("2M rows MariaDB -> PostgreSQL: full load %d ms; validation of equal tables %d ms "
                            + "(parallelism %d); one read of the source with its reader %d ms, of the target %d ms; "
                            + "validation with one differing row %d ms%n", load / 1_000_000, validate / 1_000_000,
                    v.parallelism(), readSource / 1_000_000, readTarget / 1_000_000, differing / 1_000_000);
        }
    }

    private static long readAll(TestDb db, String table) throws Exception {
        EngineProvider engine = Engines.forEndpoint(db.endpoint("read"));
        TableId id = TableId.of(db.schema, table);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            Table t = engine.dialect().readCatalog(c, id::equals).table(id).orElseThrow();
            long rows = 0;
            try (RowReader r = engine.reader().open(c, new ReadRequest(t, t.columns(), KeyRange.all(), 10_000))) {
                RowBatch b = new RowBatch(1_000, t.columns().size());
                boolean more = true;
                while (more) {
                    more = r.next(b);
                    rows += b.size();
                    b.clear();
                }
            }
            c.rollback();
            return rows;
        }
    }
}
