package io.dmskit.schema;

import io.dmskit.schema.TestServers.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.dmskit.schema.CatalogFixtures.HOSTILE_COLUMN;
import static io.dmskit.schema.CatalogFixtures.HOSTILE_TABLE;
import static io.dmskit.schema.CatalogFixtures.UNICODE_COLUMN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every engine's {@code readCatalog} integration test shares: the {@link CatalogFixtures}
 * tables in a schema of their own (created before the class, dropped after it), helpers to read
 * them back, and the tests whose assertions hold in every engine. One instance runs all tests of
 * a class, so the schema and connection are instance fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractCatalogIT {

    private final Engine engine;
    private final String schemaPrefix;
    /** The schema (database) of the fixture tables; unique to this test class. */
    protected String schema;
    protected Connection connection;

    /** @param schemaPrefix the start of the fixture schema's name */
    protected AbstractCatalogIT(Engine engine, String schemaPrefix) {
        this.engine = engine;
        this.schemaPrefix = schemaPrefix;
    }

    @BeforeAll
    void createTables() throws SQLException {
        schema = TestServers.uniqueName(schemaPrefix);
        connection = engine.connect(schema);
        TestServers.execute(connection, engine.createFixtures(schema));
    }

    @AfterAll
    void dropTables() throws SQLException {
        if (connection != null) {
            TestServers.execute(connection, dropStatements());
            connection.close();
        }
    }

    /** What {@link #dropTables} runs before it closes the connection: the fixtures' drop statements. */
    protected List<String> dropStatements() {
        return engine.dropFixtures(schema);
    }

    protected Catalog catalog() throws SQLException {
        return engine.dialect.readCatalog(connection, id -> id.schema().equals(schema));
    }

    protected Table table(String name) throws SQLException {
        return catalog().table(TableId.of(schema, name)).orElseThrow();
    }

    /** The type of each column of a fixture table, by column name, in column order. */
    protected Map<String, DataType> columnTypes(String table) throws SQLException {
        Map<String, DataType> types = new LinkedHashMap<>();
        table(table).columns().forEach(c -> types.put(c.name(), c.type()));
        return types;
    }

    protected static DataType n(DataType type, String nativeName) {
        return type.withNativeName(nativeName);
    }

    /** Names as the fixtures of the engines that keep unquoted names lower case; H2 overrides it with its upper-case names. */
    @Test
    protected void readsKeysOverTextAndBinaryColumns() throws SQLException {
        Table table = table("text_keys");
        assertThat(table.primaryKey()).containsExactly("k1", "k2", "n");
        assertThat(table.uniqueKeys()).containsExactly(List.of("b"));
        assertThat(table.rowKey()).containsExactly("k1", "k2", "n");
    }

    @Test
    protected void readsMixedCaseAndHostileNamesAsStored() throws SQLException {
        Table mixed = table("MixedCase");
        assertThat(mixed.columns()).extracting(Column::name).containsExactly("Id", "Name");
        assertThat(mixed.primaryKey()).containsExactly("Id");
        Table hostile = table(HOSTILE_TABLE);
        assertThat(hostile.columns()).extracting(Column::name).containsExactly(HOSTILE_COLUMN, UNICODE_COLUMN);
        assertThat(hostile.primaryKey()).containsExactly(HOSTILE_COLUMN);
    }
}
