package io.dmskit.testkit.jqwik;

import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import io.dmskit.testkit.data.TableRows;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.util.Set;

import static io.dmskit.testkit.DmskitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random tables with edge values, generated for each source engine (PostgreSQL, MariaDB, H2),
 * migrate to each target engine (PostgreSQL, MariaDB) with a full load and arrive unchanged, as
 * the validator sees it. Few tries per pair, so that the whole property runs in well under a
 * minute; jqwik reruns a failing seed first on the next run.
 */
class MigrationPropertyIT {

    private static final int TRIES = 6;

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void postgresToPostgres(@ForAll("fromPostgresToPostgres") TableRows table) {
        migratesUnchanged(table, Engine.POSTGRESQL);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void postgresToMariaDb(@ForAll("fromPostgresToMariaDb") TableRows table) {
        migratesUnchanged(table, Engine.MARIADB);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void mariaDbToPostgres(@ForAll("fromMariaDbToPostgres") TableRows table) {
        migratesUnchanged(table, Engine.POSTGRESQL);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void mariaDbToMariaDb(@ForAll("fromMariaDbToMariaDb") TableRows table) {
        migratesUnchanged(table, Engine.MARIADB);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void h2ToPostgres(@ForAll("fromH2ToPostgres") TableRows table) {
        migratesUnchanged(table, Engine.POSTGRESQL);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void h2ToMariaDb(@ForAll("fromH2ToMariaDb") TableRows table) {
        migratesUnchanged(table, Engine.MARIADB);
    }

    @Provide
    Arbitrary<TableRows> fromPostgresToPostgres() {
        return Generators.tables(Engine.POSTGRESQL);
    }

    @Provide
    Arbitrary<TableRows> fromPostgresToMariaDb() {
        return Generators.tables(Engine.POSTGRESQL, Set.of(Engine.MARIADB));
    }

    @Provide
    Arbitrary<TableRows> fromMariaDbToPostgres() {
        return Generators.tables(Engine.MARIADB, Set.of(Engine.POSTGRESQL));
    }

    @Provide
    Arbitrary<TableRows> fromMariaDbToMariaDb() {
        return Generators.tables(Engine.MARIADB);
    }

    @Provide
    Arbitrary<TableRows> fromH2ToPostgres() {
        return Generators.tables(Engine.H2, Set.of(Engine.POSTGRESQL));
    }

    @Provide
    Arbitrary<TableRows> fromH2ToMariaDb() {
        return Generators.tables(Engine.H2, Set.of(Engine.MARIADB));
    }

    private static void migratesUnchanged(TableRows table, Engine to) {
        try (TestDatabase src = TestDatabase.create(table.definition().engine()); TestDatabase dst = TestDatabase.create(to)) {
            table.createIn(src);
            TaskStatus status = ReplicationTask.builder().name("property")
                    .source(src.endpoint("source")).target(dst.endpoint("target")).mapping(src.mappingTo(dst))
                    // full LOB mode: generated texts reach 16,000 characters, over the default LobMaxSize (32 KB) in UTF-8
                    .settings(TaskSettings.builder().controlSchema(dst.controlSchema()).lobSettings(io.dmskit.LobSettings.builder()
                            .fullLobMode(true).limitedSizeLobMode(false).build()).build())
                    .build().run(StartMode.RELOAD);
            assertThat(status.rowsLoaded()).as("rows loaded").isEqualTo(table.rows().size());
            assertThat(dst).isConsistentWith(src);
        }
    }
}
