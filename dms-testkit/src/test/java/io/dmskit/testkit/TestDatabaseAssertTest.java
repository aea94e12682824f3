package io.dmskit.testkit;

import io.dmskit.TableMapping;
import io.dmskit.testkit.junit.DmskitTest;
import io.dmskit.testkit.junit.Source;
import io.dmskit.testkit.junit.Target;
import org.junit.jupiter.api.Test;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consistency assertions on two H2 databases: what they accept, what they refuse, and the failure message. */
@DmskitTest
class TestDatabaseAssertTest {

    private static final String ORDERS = "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(50), total DECIMAL(12,2),"
            + " updated_at TIMESTAMP(6))";
    private static final String ITEMS = "CREATE TABLE items (order_id BIGINT, line INT, sku VARCHAR(20), PRIMARY KEY (order_id, line))";

    private static void fill(TestDatabase db) {
        db.execute(ORDERS, ITEMS,
                "INSERT INTO orders VALUES (1, 'Zoë', 12.50, TIMESTAMP '2024-02-29 12:00:00'), (2, 'Bob', NULL, NULL),"
                        + " (3, 'Ann', 0.01, TIMESTAMP '2024-03-31 02:30:00.000001')",
                "INSERT INTO items VALUES (1, 1, 'A-1'), (1, 2, 'B-2'), (2, 1, 'A-1')");
    }

    @Test
    void acceptsTablesThatHoldTheSameRows(@Source(Engine.H2) TestDatabase src, @Target(Engine.H2) TestDatabase dst) {
        fill(src);
        fill(dst);
        assertThat(dst).isConsistentWith(src);
    }

    @Test
    void failsWithTheFirstDifferencesAsATable(@Source(Engine.H2) TestDatabase src, @Target(Engine.H2) TestDatabase dst) {
        fill(src);
        fill(dst);
        dst.execute("UPDATE orders SET total = 12.51, customer = 'Zoe' WHERE id = 1", "DELETE FROM orders WHERE id = 2",
                "INSERT INTO orders VALUES (4, 'New', NULL, NULL)", "UPDATE items SET sku = NULL WHERE order_id = 2");
        assertThatThrownBy(() -> assertThat(dst).isConsistentWith(src))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting target %s
                        to be consistent with source %s,
                        but 2 of 2 tables differ:

                        PUBLIC.ITEMS -> PUBLIC.ITEMS: 3 rows compared, 0 missing, 0 extra, 1 differing
                          key                | column | source | target
                          -------------------+--------+--------+-------
                          ORDER_ID=2, LINE=1 | SKU    | 'A-1'  | NULL

                        PUBLIC.ORDERS -> PUBLIC.ORDERS: 3 rows compared, 1 missing, 1 extra, 1 differing
                          key  | column   | source  | target
                          -----+----------+---------+--------
                          ID=1 | CUSTOMER | 'Zoë'   | 'Zoe'
                               | TOTAL    | 12.50   | 12.51
                          ID=2 | (row)    | present | missing
                          ID=4 | (row)    | missing | present""".formatted(dst, src));
    }

    @Test
    void ignoresTheNamedColumns(@Source(Engine.H2) TestDatabase src, @Target(Engine.H2) TestDatabase dst) {
        fill(src);
        fill(dst);
        dst.execute("UPDATE orders SET updated_at = CURRENT_TIMESTAMP");
        assertThat(dst).isNotConsistentWith(src);
        assertThat(dst).ignoringColumns("UPDATED_AT").isConsistentWith(src);
        TableMapping mapping = TableMapping.builder().include("PUBLIC", "%").build();
        assertThat(dst).usingMapping(mapping).isNotConsistentWith(src);
        assertThat(dst).usingMapping(mapping).ignoringColumns("UPDATED_AT").isConsistentWith(src);
    }

    @Test
    void comparesOnlyTheNamedTables(@Source(Engine.H2) TestDatabase src, @Target(Engine.H2) TestDatabase dst) {
        fill(src);
        fill(dst);
        dst.execute("DELETE FROM items");
        assertThat(dst).onlyTables("ORDERS").isConsistentWith(src);
        assertThat(dst).onlyTables("ITEMS").isNotConsistentWith(src);
        assertThat(dst).usingMapping(TableMapping.builder().include("PUBLIC", "%").build()).onlyTables("ORDERS").isConsistentWith(src);
    }

    @Test
    void usesTheMappingsRenames(@Source(Engine.H2) TestDatabase src, @Target(Engine.H2) TestDatabase dst) {
        fill(src);
        dst.execute(ORDERS.replace("orders", "sales").replace("customer", "buyer"),
                "INSERT INTO sales VALUES (1, 'Zoë', 12.50, TIMESTAMP '2024-02-29 12:00:00'), (2, 'Bob', NULL, NULL),"
                        + " (3, 'Ann', 0.01, TIMESTAMP '2024-03-31 02:30:00.000001')");
        TableMapping mapping = TableMapping.builder().include("PUBLIC", "ORDERS").renameTable("PUBLIC", "ORDERS", "SALES")
                .renameColumn("PUBLIC", "ORDERS", "CUSTOMER", "BUYER").build();
        assertThat(dst).usingMapping(mapping).isConsistentWith(src);
    }
}
