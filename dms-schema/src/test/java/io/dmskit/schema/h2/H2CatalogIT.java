package io.dmskit.schema.h2;

import io.dmskit.schema.Catalog;
import io.dmskit.schema.AbstractCatalogIT;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TestServers;
import io.dmskit.schema.TestServers.Engine;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.dmskit.schema.CatalogFixtures.HOSTILE_TABLE;
import static io.dmskit.schema.TypeFixtures.dec;
import static io.dmskit.schema.TypeFixtures.len;
import static io.dmskit.schema.TypeFixtures.t;
import static io.dmskit.schema.TypeFixtures.tm;
import static io.dmskit.schema.TypeKind.*;
import static org.assertj.core.api.Assertions.assertThat;

class H2CatalogIT extends AbstractCatalogIT {

    private static final H2Dialect H2 = new H2Dialect();

    H2CatalogIT() {
        super(Engine.H2, "dmskit_it_h2");
    }

    /** The fixtures' drop statements, then SHUTDOWN: the in-memory database would live until the JVM ends. */
    @Override
    protected List<String> dropStatements() {
        return Stream.concat(super.dropStatements().stream(), Stream.of("SHUTDOWN")).toList();
    }

    @Test
    void readsTheLogicalTypeOfEveryColumn() throws SQLException {
        Map<String, DataType> expected = new LinkedHashMap<>();
        expected.put("ID", n(t(INTEGER), "INTEGER"));
        expected.put("C_BOOL", n(t(BOOLEAN), "BOOLEAN"));
        expected.put("C_TINY", n(t(TINYINT), "TINYINT"));
        expected.put("C_SMALL", n(t(SMALLINT), "SMALLINT"));
        expected.put("C_INT", n(t(INTEGER), "INTEGER"));
        expected.put("C_BIG", n(t(BIGINT), "BIGINT"));
        expected.put("C_NUM", n(dec(12, 3), "NUMERIC"));
        expected.put("C_DECFLOAT", n(dec(0, -1), "DECFLOAT"));
        expected.put("C_REAL", n(t(REAL), "REAL"));
        expected.put("C_DOUBLE", n(t(DOUBLE), "DOUBLE PRECISION"));
        expected.put("C_CHAR", n(len(CHAR, 5), "CHARACTER"));
        expected.put("C_VARCHAR", n(len(VARCHAR, 40), "CHARACTER VARYING"));
        expected.put("C_VARCHAR_FREE", n(len(VARCHAR, 0), "CHARACTER VARYING"));
        expected.put("C_IGNORECASE", n(len(VARCHAR, 20), "VARCHAR_IGNORECASE"));
        expected.put("C_CLOB", n(len(TEXT, 0), "CHARACTER LARGE OBJECT"));
        expected.put("C_BINARY", n(len(BINARY, 4), "BINARY"));
        expected.put("C_VARBINARY", n(len(VARBINARY, 300), "BINARY VARYING"));
        expected.put("C_BLOB", n(len(BLOB, 0), "BINARY LARGE OBJECT"));
        expected.put("C_DATE", n(t(DATE), "DATE"));
        expected.put("C_TIME", n(tm(TIME, 3), "TIME"));
        expected.put("C_TIMETZ", n(tm(TIME_TZ, 2), "TIME WITH TIME ZONE"));
        expected.put("C_TS", n(tm(TIMESTAMP, 2), "TIMESTAMP"));
        expected.put("C_TSTZ", n(tm(TIMESTAMP_TZ, 6), "TIMESTAMP WITH TIME ZONE"));
        expected.put("C_INTERVAL_DS", n(tm(INTERVAL, 3), "INTERVAL DAY TO SECOND"));
        expected.put("C_INTERVAL_YM", n(tm(INTERVAL, 0), "INTERVAL YEAR TO MONTH"));
        expected.put("C_INTERVAL_HM", n(tm(INTERVAL, 0), "INTERVAL HOUR TO MINUTE"));
        expected.put("C_JSON", n(t(JSON), "JSON"));
        expected.put("C_UUID", n(t(UUID), "UUID"));
        expected.put("C_ENUM", n(DataType.enumOf(List.of("a", "it's", "x,y")), "ENUM"));
        expected.put("C_INT_ARRAY", n(DataType.arrayOf(n(t(INTEGER), "INTEGER")), "INTEGER ARRAY"));
        expected.put("C_TEXT_ARRAY", n(DataType.arrayOf(n(len(VARCHAR, 8), "CHARACTER VARYING")), "CHARACTER VARYING ARRAY"));
        expected.put("C_DOMAIN", n(len(VARCHAR, 12), "CHARACTER VARYING"));
        expected.put("C_GEOM", DataType.unsupported("GEOMETRY"));

        assertThat(columnTypes("ALL_TYPES")).containsExactlyEntriesOf(expected);
    }

    @Test
    void readsNullabilityDefaultsAndIdentity() throws SQLException {
        Table table = table("ALL_TYPES");
        Column id = table.column("ID").orElseThrow();
        assertThat(id.nullable()).isFalse();
        assertThat(id.autoIncrement()).isTrue();
        assertThat(id.defaultExpression()).isNull();
        Column bool = table.column("C_BOOL").orElseThrow();
        assertThat(bool.nullable()).isFalse();
        assertThat(bool.defaultExpression()).isEqualTo("TRUE");
        assertThat(table.column("C_INT").orElseThrow().defaultExpression()).isEqualTo("42");
        assertThat(table.column("C_VARCHAR").orElseThrow().defaultExpression()).isEqualTo("'it''s'");
        Column plain = table.column("C_CLOB").orElseThrow();
        assertThat(plain.nullable()).isTrue();
        assertThat(plain.defaultExpression()).isNull();
        assertThat(table.primaryKey()).containsExactly("ID");
        assertThat(table.uniqueKeys()).isEmpty();
    }

    @Test
    void readsCompositePrimaryKeyInKeyOrderAndUniqueKeys() throws SQLException {
        Table table = table("COMPOSITE");
        assertThat(table.columns()).extracting(Column::name).containsExactly("A", "B", "C", "U1", "U2");
        assertThat(table.primaryKey()).containsExactly("B", "A");
        assertThat(table.uniqueKeys()).containsExactlyInAnyOrder(List.of("C"), List.of("U2", "U1"));
    }

    @Override
    @Test
    protected void readsKeysOverTextAndBinaryColumns() throws SQLException {
        Table table = table("TEXT_KEYS");
        assertThat(table.primaryKey()).containsExactly("K1", "K2", "N");
        assertThat(table.uniqueKeys()).containsExactly(List.of("B"));
        assertThat(table.rowKey()).containsExactly("K1", "K2", "N");
    }

    @Test
    void readsBaseTablesOnlyAndAppliesTheFilter() throws SQLException {
        assertThat(catalog().tables()).extracting(t -> t.id().name())
                .containsExactlyInAnyOrder("ALL_TYPES", "COMPOSITE", "TEXT_KEYS", "WIDE", "MixedCase", HOSTILE_TABLE);
        Catalog one = H2.readCatalog(connection, id -> id.equals(TableId.of(schema, "MixedCase")));
        assertThat(one.tables()).extracting(Table::id).containsExactly(TableId.of(schema, "MixedCase"));
        assertThat(H2.readCatalog(connection, id -> true).tables()).extracting(t -> t.id().schema())
                .doesNotContain("INFORMATION_SCHEMA");
    }

    @Test
    void estimatesRows() throws SQLException {
        TestServers.execute(connection, "CREATE TABLE \"" + schema + "\".COUNTED (ID INTEGER PRIMARY KEY)",
                "INSERT INTO \"" + schema + "\".COUNTED VALUES (1), (2), (3)");
        assertThat(table("COUNTED").estimatedRows()).isEqualTo(3);
    }

    @Test
    void currentSchemaIsTheSessionSchema() throws SQLException {
        assertThat(H2.currentSchema(connection)).isEqualTo("PUBLIC");
    }
}
