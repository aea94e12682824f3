package io.dmskit.schema;

import io.dmskit.schema.ConversionNote.ObjectKind;
import io.dmskit.schema.ConversionNote.Outcome;
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
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema converter between every pair of engines, on real databases: the {@link SchemaFixtures}
 * schema is read from the source, converted, its DDL run on the target in load order, and the
 * target's catalog read back must be what {@link ConvertedSchema#target()} promised: tables,
 * columns (types, nullability, defaults, identities, generated columns, comments), keys, indexes,
 * foreign keys, checks, enum types, sequences, views, triggers and routines. Each pair also checks
 * what must have been left for a person (MANUAL notes), and that nothing threw.
 */
class SchemaConversionIT {

    private static final Map<Engine, Connection> CONNECTIONS = new EnumMap<>(Engine.class);
    private static final Map<Engine, String> SOURCES = new EnumMap<>(Engine.class);
    private static final Map<Engine, Catalog> CATALOGS = new EnumMap<>(Engine.class);
    private static final List<Map.Entry<Engine, String>> TARGETS = new ArrayList<>();

    @BeforeAll
    static void createSources() throws SQLException {
        for (Engine engine : Engine.values()) {
            Connection c = engine.connect(TestServers.uniqueName("dmskit_it_conv"));
            CONNECTIONS.put(engine, c);
            String schema = TestServers.uniqueName("dmskit_it_convsrc");
            SOURCES.put(engine, schema);
            TestServers.execute(c, SchemaFixtures.create(engine, schema));
            CATALOGS.put(engine, engine.dialect.readCatalog(c, id -> id.schema().equals(schema)));
        }
    }

    @AfterAll
    static void dropEverything() throws SQLException {
        for (Map.Entry<Engine, String> t : TARGETS) {
            TestServers.execute(CONNECTIONS.get(t.getKey()), SchemaFixtures.drop(t.getKey(), t.getValue()));
        }
        for (Map.Entry<Engine, String> s : SOURCES.entrySet()) {
            TestServers.execute(CONNECTIONS.get(s.getKey()), SchemaFixtures.drop(s.getKey(), s.getValue()));
        }
        for (Connection c : CONNECTIONS.values()) {
            c.close();
        }
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

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void targetCatalogIsWhatTheConversionPromised(Engine source, Engine target) throws SQLException {
        String schema = TestServers.uniqueName("dmskit_it_convdst");
        TARGETS.add(Map.entry(target, schema));
        Catalog catalog = CATALOGS.get(source);
        ConvertedSchema converted = SchemaConverter.builder().target(target.dialect).renameSchema(SOURCES.get(source), schema)
                .build().convert(catalog);
        Connection c = CONNECTIONS.get(target);
        if (Boolean.getBoolean("dmskit.it.notes")) {
            converted.notes().stream().filter(n -> n.outcome() != Outcome.AUTOMATIC)
                    .forEach(n -> System.out.println(source + ">" + target + " " + n));
        }
        run(c, converted);

        Catalog back = target.dialect.readCatalog(c, id -> id.schema().equals(schema));
        Catalog expected = converted.target();
        assertThat(back.tables()).extracting(Table::id).containsExactlyElementsOf(expected.tables().stream().map(Table::id).toList());
        assertThat(expected.tables()).hasSize(catalog.tables().size());
        for (Table e : expected.tables()) {
            assertSameTable(e, back.table(e.id()).orElseThrow(), target);
        }
        assertThat(back.enumTypes()).extracting(EnumType::id).containsAll(expected.enumTypes().stream().map(EnumType::id).toList());
        assertThat(back.sequences()).extracting(Sequence::id).containsAll(expected.sequences().stream().map(Sequence::id).toList());
        assertThat(back.views()).extracting(View::id).containsExactlyInAnyOrderElementsOf(
                expected.views().stream().map(View::id).toList());
        assertThat(back.triggers()).extracting(Trigger::id).containsExactlyInAnyOrderElementsOf(
                expected.triggers().stream().map(Trigger::id).toList());
        assertThat(back.routines()).extracting(Routine::id).containsExactlyInAnyOrderElementsOf(
                expected.routines().stream().map(Routine::id).toList());

        assertExpectedOutcomes(source, target, converted, schema);
    }

    /** Runs every phase, in order, as the runtime would (sequence values on the empty tables). */
    static void run(Connection c, ConvertedSchema converted) throws SQLException {
        TestServers.execute(c, converted.preLoad());
        for (ConvertedSchema.TableStatements t : converted.postLoad()) {
            TestServers.execute(c, t.statements());
        }
        for (ConvertedSchema.TableStatements t : converted.foreignKeys()) {
            TestServers.execute(c, t.statements());
        }
        TestServers.execute(c, converted.sequenceValues(c));
        TestServers.execute(c, converted.routines());
        TestServers.execute(c, converted.views());
        TestServers.execute(c, converted.triggers());
    }

    static void assertSameTable(Table expected, Table actual, Engine target) {
        String t = expected.id().toString();
        assertThat(actual.columns()).extracting(Column::name).as("columns of %s", t)
                .isEqualTo(expected.columns().stream().map(Column::name).toList());
        assertThat(actual.primaryKey()).as("primary key of %s", t).isEqualTo(expected.primaryKey());
        assertThat(actual.comment()).as("comment of %s", t).isEqualTo(expected.comment());
        for (Column e : expected.columns()) {
            Column a = actual.column(e.name()).orElseThrow();
            String c = t + "." + e.name();
            assertThat(a.nullable()).as("nullability of %s", c).isEqualTo(e.nullable() && e.identity() == null);
            assertThat(a.isGenerated()).as("generated %s", c).isEqualTo(e.isGenerated());
            assertThat(a.autoIncrement()).as("identity of %s", c).isEqualTo(e.identity() != null || isNextval(e));
            assertThat(a.defaultExpression() != null).as("default of %s: %s", c, a.defaultExpression())
                    .isEqualTo(e.defaultExpression() != null);
            assertThat(a.onUpdate() != null).as("on update of %s", c).isEqualTo(e.onUpdate() != null);
            assertThat(a.comment()).as("comment of %s", c).isEqualTo(e.comment());
            assertThat(sameType(e.type(), a.type(), target)).as("type of %s: expected %s, read back %s", c,
                    e.type().nativeName(), a.type().nativeName()).isTrue();
        }
        assertThat(actual.indexes()).extracting(Index::name).as("indexes of %s", t)
                .containsExactlyInAnyOrderElementsOf(expected.indexes().stream().map(Index::name).toList());
        for (Index e : expected.indexes()) {
            Index a = actual.indexes().stream().filter(i -> i.name().equals(e.name())).findFirst().orElseThrow();
            assertThat(a.unique()).as("uniqueness of index %s of %s", e.name(), t).isEqualTo(e.unique());
            assertThat(a.columns().size()).as("parts of index %s of %s", e.name(), t).isEqualTo(e.columns().size());
            assertThat(a.predicate() != null).as("predicate of index %s of %s", e.name(), t).isEqualTo(e.predicate() != null);
        }
        assertThat(actual.foreignKeys()).as("foreign keys of %s", t).hasSameSizeAs(expected.foreignKeys());
        for (ForeignKey e : expected.foreignKeys()) {
            ForeignKey a = actual.foreignKeys().stream().filter(f -> f.name().equals(e.name())).findFirst().orElseThrow();
            assertThat(a.referencedTable()).isEqualTo(e.referencedTable());
            assertThat(a.columns()).isEqualTo(e.columns());
            assertThat(a.referencedColumns()).isEqualTo(e.referencedColumns());
            assertThat(a.onDelete()).as("ON DELETE of %s", e.name()).isEqualTo(e.onDelete());
            // InnoDB reports RESTRICT as RESTRICT, PostgreSQL and H2 keep it; NO ACTION and RESTRICT both refuse.
            assertThat(a.onUpdate() == ForeignKey.Action.RESTRICT ? ForeignKey.Action.NO_ACTION : a.onUpdate())
                    .isEqualTo(e.onUpdate() == ForeignKey.Action.RESTRICT ? ForeignKey.Action.NO_ACTION : e.onUpdate());
        }
        assertThat(actual.checks()).extracting(CheckConstraint::name).as("checks of %s", t)
                .containsAll(expected.checks().stream().map(CheckConstraint::name).toList());
    }

    private static boolean isNextval(Column c) {
        return c.defaultExpression() != null && c.defaultExpression().startsWith("nextval(");
    }

    /** Whether the type read back is the type the DDL was written with (engines spell some types differently). */
    static boolean sameType(DataType expected, DataType actual, Engine target) {
        TypeKind e = expected.kind();
        TypeKind a = actual.kind();
        if (e == a) {
            return switch (e) {
                case CHAR, VARCHAR, BINARY, VARBINARY, BIT -> expected.length() == actual.length();
                case DECIMAL -> expected.precision() == actual.precision() && expected.scale() == actual.scale();
                case ENUM, SET -> expected.values().equals(actual.values());
                default -> expected.unsigned() == actual.unsigned() || target != Engine.MARIADB;
            };
        }
        return switch (target) {
            // ENUM as varchar with a CHECK; unbounded varchar reads back as text
            case POSTGRESQL -> e == TypeKind.ENUM && a == TypeKind.VARCHAR || e == TypeKind.TEXT && a == TypeKind.VARCHAR;
            // BOOLEAN is tinyint(1); TIMESTAMP_TZ stored as DATETIME reads back as TIMESTAMP; TIME as INTERVAL
            case MARIADB -> e == TypeKind.BOOLEAN && a == TypeKind.TINYINT || e == TypeKind.TIME && a == TypeKind.INTERVAL
                    || e == TypeKind.ARRAY && a == TypeKind.JSON;
            case H2 -> e == TypeKind.TEXT && a == TypeKind.TEXT;
        };
    }

    private static Optional<ConversionNote> note(ConvertedSchema converted, ObjectKind kind, String nameEnd, Outcome outcome) {
        return converted.notes().stream().filter(n -> n.kind() == kind && n.objectName().endsWith(nameEnd)
                && n.outcome() == outcome).findFirst();
    }

    /** What each pair must have converted, warned about or left for a person. */
    private static void assertExpectedOutcomes(Engine source, Engine target, ConvertedSchema converted, String schema) {
        boolean same = source == target;
        List<ConversionNote> manual = converted.notes(Outcome.MANUAL);
        switch (source) {
            case POSTGRESQL -> {
                if (same) {
                    assertThat(manual).as("PostgreSQL to PostgreSQL").isEmpty();
                    assertThat(converted.target().enumTypes()).extracting(x -> x.id().name()).contains("mood");
                    assertThat(converted.target().views()).hasSize(2);
                    assertThat(converted.target().triggers()).hasSize(1);
                    assertThat(converted.target().routines()).hasSize(1);
                } else {
                    // random() has no portable meaning as a default; the parsing translator carries the trigger (with its
                    // function's body) to MariaDB and MySQL, not to H2, whose triggers are Java classes
                    assertThat(note(converted, ObjectKind.COLUMN, "customers.lucky", Outcome.MANUAL)).isPresent();
                    assertThat(note(converted, ObjectKind.TRIGGER, "customers_touch", Outcome.MANUAL).isPresent())
                            .isEqualTo(target == Engine.H2);
                    assertThat(note(converted, ObjectKind.FUNCTION, "touch()", Outcome.MANUAL)).isPresent();
                    assertThat(note(converted, ObjectKind.INDEX, "customers_recent_idx", Outcome.WARNING)).isPresent();
                    assertThat(note(converted, ObjectKind.COLUMN, "customers.user", Outcome.WARNING)).isPresent();
                }
                assertThat(note(converted, ObjectKind.SEQUENCE, "orders_id_seq", Outcome.AUTOMATIC)).isPresent();
            }
            case MARIADB -> {
                if (target == Engine.POSTGRESQL) {
                    assertThat(converted.target().enumTypes()).extracting(x -> x.id().name()).containsExactly("customers_mood");
                    assertThat(note(converted, ObjectKind.COLUMN, "customers.created_at", Outcome.MANUAL)).as("ON UPDATE")
                            .isPresent();
                    assertThat(note(converted, ObjectKind.INDEX, "ft_note", Outcome.MANUAL)).isPresent();
                    assertThat(note(converted, ObjectKind.COLUMN, "orders.id", Outcome.WARNING)).as("bigint unsigned identity")
                            .isPresent();
                }
                if (same) {
                    assertThat(manual).as("MariaDB to MariaDB").isEmpty();
                    assertThat(converted.target().triggers()).hasSize(1);
                    assertThat(converted.target().routines()).hasSize(1);
                }
                assertThat(converted.target().views()).hasSize(1);
            }
            case H2 -> {
                if (target != Engine.H2) {
                    assertThat(note(converted, ObjectKind.TABLE, SchemaFixtures.LONG_NAME, Outcome.WARNING)).isPresent();
                    assertThat(converted.targetId(TableId.of(SOURCES.get(source), SchemaFixtures.LONG_NAME)).orElseThrow()
                            .name()).hasSize(target.dialect.maxIdentifierLength());
                } else {
                    assertThat(manual).as("H2 to H2").isEmpty();
                }
                assertThat(note(converted, ObjectKind.COLUMN, ".SELECT", Outcome.WARNING)).as("reserved word").isPresent();
                assertThat(converted.target().views()).hasSize(1);
            }
        }
    }
}
