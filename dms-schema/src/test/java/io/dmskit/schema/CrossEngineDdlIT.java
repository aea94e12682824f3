package io.dmskit.schema;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.TestServers.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code createTable(targetTable(t))} of every table read from each engine runs in each engine,
 * and the table that the target's catalog then shows has the columns, nullability, primary key
 * and types (as the target spells them) that {@code targetTable} promised.
 */
class CrossEngineDdlIT {

    private static final Map<Engine, Connection> CONNECTIONS = new EnumMap<>(Engine.class);
    private static final Map<Engine, String> SOURCES = new EnumMap<>(Engine.class);
    private static final List<Map.Entry<Engine, String>> TARGETS = new ArrayList<>();

    @BeforeAll
    static void createSources() throws SQLException {
        for (Engine engine : Engine.values()) {
            CONNECTIONS.put(engine, engine.connect(TestServers.uniqueName("dmskit_it_ddl")));
            SOURCES.put(engine, TestServers.uniqueName("dmskit_it_src"));
            TestServers.execute(CONNECTIONS.get(engine), engine.createFixtures(SOURCES.get(engine)));
        }
    }

    @AfterAll
    static void dropEverything() throws SQLException {
        for (Map.Entry<Engine, String> target : TARGETS) {
            drop(target.getKey(), target.getValue());
        }
        for (Map.Entry<Engine, String> source : SOURCES.entrySet()) {
            drop(source.getKey(), source.getValue());
        }
        for (Connection c : CONNECTIONS.values()) {
            c.close();
        }
    }

    private static void drop(Engine engine, String schema) throws SQLException {
        TestServers.execute(CONNECTIONS.get(engine), engine.dropFixtures(schema));
    }

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Engine source : Engine.values()) {
            for (Engine target : Engine.values()) {
                pairs.add(Arguments.of(source, target));
            }
        }
        return pairs.stream();
    }

    /** The columns that the target cannot hold, as {@code table.column}. */
    private static Set<String> expectedUnsupported(Engine source, Engine target) {
        switch (source) {
            case POSTGRESQL:
                return target == Engine.MARIADB
                        ? Set.of("all_types.c_money", "all_types.c_timetz", "all_types.c_varbit_free")
                        : Set.of("all_types.c_money");
            case MARIADB:
                return Set.of("all_types.c_geom", "all_types.c_inet6");
            default:
                return target == Engine.MARIADB ? Set.of("ALL_TYPES.C_GEOM", "ALL_TYPES.C_TIMETZ") : Set.of("ALL_TYPES.C_GEOM");
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void createsEveryTableOfTheSourceInTheTarget(Engine source, Engine target) throws SQLException {
        Dialect to = target.dialect;
        Catalog catalog = source.dialect.readCatalog(CONNECTIONS.get(source), id -> id.schema().equals(SOURCES.get(source)));
        assertThat(catalog.tables()).hasSizeGreaterThanOrEqualTo(5);

        String schema = TestServers.uniqueName("dmskit_it_dst");
        Connection connection = CONNECTIONS.get(target);
        TARGETS.add(Map.entry(target, schema));
        TestServers.execute(connection, to.createSchemaIfNotExists(schema));

        Set<String> unsupported = new TreeSet<>();
        List<Table> created = new ArrayList<>();
        for (Table table : catalog.tables()) {
            Table targetTable = to.targetTable(movableColumns(table, to, unsupported)).withId(TableId.of(schema, table.id().name()));
            TestServers.execute(connection, to.createTable(targetTable));
            created.add(targetTable);
        }
        assertThat(unsupported).isEqualTo(new TreeSet<>(expectedUnsupported(source, target)));

        Catalog back = to.readCatalog(connection, id -> id.schema().equals(schema));
        assertThat(back.tables()).extracting(Table::id).containsExactlyInAnyOrderElementsOf(created.stream().map(Table::id).toList());
        for (Table expected : created) {
            Table actual = back.table(expected.id()).orElseThrow();
            assertThat(actual.primaryKey()).as("primary key of %s", expected.id()).isEqualTo(expected.primaryKey());
            assertThat(actual.columns()).extracting(Column::name).as("columns of %s", expected.id())
                    .isEqualTo(expected.columns().stream().map(Column::name).toList());
            for (Column column : expected.columns()) {
                Column read = actual.column(column.name()).orElseThrow();
                assertThat(read.nullable()).as("nullability of %s.%s", expected.id(), column.name()).isEqualTo(column.nullable());
                assertThat(to.nativeType(to.targetType(read.type())))
                        .as("type of %s.%s (source type %s)", expected.id(), column.name(),
                                catalog.tables().stream().filter(t -> t.id().name().equals(expected.id().name())).findFirst()
                                        .flatMap(t -> t.column(column.name())).map(c -> c.type().nativeName()).orElse("?"))
                        .isEqualTo(to.nativeType(column.type()));
            }
        }
    }

    /** The table without the columns whose type the target cannot hold; records those in {@code unsupported}. */
    private static Table movableColumns(Table table, Dialect target, Set<String> unsupported) {
        List<Column> keep = new ArrayList<>();
        for (Column c : table.columns()) {
            try {
                target.targetType(c.type());
                keep.add(c);
            } catch (DmsException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
                assertThat(e.getMessage()).contains("'" + c.type().nativeName() + "'").contains(target.engine())
                        .endsWith("; exclude the column or the table in the table mapping");
                unsupported.add(table.id().name() + "." + c.name());
            }
        }
        List<String> kept = keep.stream().map(Column::name).toList();
        List<List<String>> uniques = table.uniqueKeys().stream().filter(kept::containsAll).toList();
        return table.withColumns(keep, table.primaryKey(), uniques);
    }
}
