package io.dmskit.it.policy;

import io.dmskit.ErrorBehavior;
import io.dmskit.ErrorBehavior.Action;
import io.dmskit.LobSettings;
import io.dmskit.TableState;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.dmskit.it.policy.PolicyFixtures.exceptions;
import static io.dmskit.it.policy.PolicyFixtures.fill;
import static io.dmskit.it.policy.PolicyFixtures.lines;
import static io.dmskit.it.policy.PolicyFixtures.runToEnd;
import static io.dmskit.it.policy.PolicyFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full load's error policies (AWS DMS {@code ErrorBehavior}) on real databases with bad rows
 * in the source: what loads, what the task and table end as, and what the apply-exceptions control
 * table holds.
 */
class FullLoadErrorPolicyIT {
    private static final String ROUNDED = "1.005 has more than 2 digits after the point and would be rounded in numeric(12,2)";

    /** 50 rows; ids 7 and 23 hold 1.005, which numeric(12,2) cannot hold without rounding. */
    private static void amounts(TestDatabase source, TestDatabase target) {
        source.execute("CREATE TABLE amounts (id int PRIMARY KEY, v numeric(10,3), note varchar(40))");
        fill(source, "amounts", 50, "1.005", 7, 23);
        target.execute("CREATE TABLE amounts (id int PRIMARY KEY, v numeric(12,2), note varchar(40))");
    }

    private static TaskStatus load(String name, TestDatabase source, TestDatabase target, ErrorBehavior errors)
            throws Exception {
        return runToEnd(task(name, source, target, TargetTablePrepMode.DO_NOTHING, errors, LobSettings.defaults(), 1000,
                10_000).build());
    }

    private static String prefix(String task, TestDatabase source, int id) {
        String rounded = source.engine() == Engine.POSTGRESQL ? ROUNDED : ROUNDED.replace("numeric", "decimal");
        return "Task " + task + ", table " + source.schema() + ".amounts, row id=" + id + ", column v: " + rounded + "; ";
    }

    private static List<String> ids(TestDatabase target) throws Exception {
        return lines(target, "SELECT id FROM amounts WHERE id IN (6, 7, 8, 23) ORDER BY id");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void ignoreRecordLeavesBadRowsOutAndRecordsNothing(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            amounts(source, target);
            TaskStatus s = load("p-ignore", source, target, ErrorBehavior.builder().dataErrorPolicy(Action.IGNORE_RECORD).build());
            assertThat(s.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(s.rowsLoaded()).isEqualTo(48);
            assertThat(ids(target)).containsExactly("6", "8");
            assertThat(exceptions(target, "p-ignore")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void logErrorLeavesBadRowsOutAndRecordsEach(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            amounts(source, target);
            TaskStatus s = load("p-log", source, target, ErrorBehavior.defaults()); // DataErrorPolicy LOG_ERROR
            assertThat(s.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(s.rowsLoaded()).isEqualTo(48);
            assertThat(ids(target)).containsExactly("6", "8");
            assertThat(exceptions(target, "p-log")).containsExactly(
                    "LOAD|id=7|" + prefix("p-log", source, 7) + "the row is left out and recorded (DataErrorPolicy=LOG_ERROR).",
                    "LOAD|id=23|" + prefix("p-log", source, 23) + "the row is left out and recorded (DataErrorPolicy=LOG_ERROR).");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void suspendTableRecordsTheRowAndSuspendsTheTableOnly(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            amounts(source, target);
            source.execute("CREATE TABLE fine (id int PRIMARY KEY)", "INSERT INTO fine VALUES (1), (2)");
            TaskStatus s = load("p-suspend", source, target, ErrorBehavior.builder().dataErrorPolicy(Action.SUSPEND_TABLE).build());
            assertThat(s.state()).isEqualTo(TaskState.FAILED);
            assertThat(s.tables()).filteredOn(t -> t.source().name().equals("amounts")).singleElement().satisfies(t -> {
                assertThat(t.state()).isEqualTo(TableState.ERROR);
                assertThat(t.error()).isEqualTo(prefix("p-suspend", source, 7) + "the table is suspended"
                        + " (DataErrorPolicy=SUSPEND_TABLE). Fix the value in the source, exclude the column, or choose a"
                        + " target type that holds it, then reload the table.");
            });
            assertThat(s.tables()).filteredOn(t -> t.source().name().equals("fine")).singleElement()
                    .satisfies(t -> assertThat(t.state()).isEqualTo(TableState.COMPLETED));
            assertThat(lines(target, "SELECT COUNT(*) FROM fine")).containsExactly("2");
            assertThat(exceptions(target, "p-suspend")).containsExactly("LOAD|id=7|" + prefix("p-suspend", source, 7)
                    + "the table is suspended (DataErrorPolicy=SUSPEND_TABLE).");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void stopTaskRecordsTheRowAndStopsTheTask(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            amounts(source, target);
            TaskStatus s = load("p-stop", source, target, ErrorBehavior.builder().dataErrorPolicy(Action.STOP_TASK).build());
            assertThat(s.state()).isNotEqualTo(TaskState.COMPLETED);
            assertThat(s.errors()).anySatisfy(e -> assertThat(e.message()).isEqualTo(prefix("p-stop", source, 7)
                    + "the task stops (DataErrorPolicy=STOP_TASK). Fix the value in the source, exclude the column, or"
                    + " choose a target type that holds it, then start the task again."));
            assertThat(exceptions(target, "p-stop")).containsExactly("LOAD|id=7|" + prefix("p-stop", source, 7)
                    + "the task stops (DataErrorPolicy=STOP_TASK).");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void dataErrorsEscalateAfterTheCount(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            amounts(source, target);
            TaskStatus s = load("p-esc", source, target, ErrorBehavior.builder().dataErrorEscalationCount(2)
                    .dataErrorEscalationPolicy(Action.SUSPEND_TABLE).build());
            assertThat(s.tables(TableState.ERROR)).hasSize(1);
            assertThat(exceptions(target, "p-esc")).containsExactly(
                    "LOAD|id=7|" + prefix("p-esc", source, 7) + "the row is left out and recorded (DataErrorPolicy=LOG_ERROR).",
                    "LOAD|id=23|" + prefix("p-esc", source, 23) + "the table is suspended (DataErrorEscalationPolicy: this"
                            + " is error 2 of the table, the escalation count is 2).");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void truncationFollowsItsOwnPolicy(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            source.execute("CREATE TABLE notes (id int PRIMARY KEY, v numeric(10,3), note varchar(40))");
            fill(source, "notes", 20, "1");
            source.execute("UPDATE notes SET note = 'far too long for five' WHERE id = 3");
            target.execute("CREATE TABLE notes (id int PRIMARY KEY, v numeric(12,3), note varchar(5))");
            TaskStatus s = runToEnd(task("p-trunc", source, target, TargetTablePrepMode.DO_NOTHING, ErrorBehavior.builder()
                    .dataErrorPolicy(Action.STOP_TASK).dataTruncationErrorPolicy(Action.LOG_ERROR).build(),
                    LobSettings.defaults(), 1000, 10_000).build());
            assertThat(s.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(s.rowsLoaded()).isEqualTo(19);
            assertThat(lines(target, "SELECT COUNT(*) FROM notes WHERE id = 3")).containsExactly("0");
            assertThat(exceptions(target, "p-trunc")).singleElement().satisfies(x -> assertThat(x)
                    .startsWith("LOAD|id=3|Task p-trunc, table " + source.schema() + ".notes, row id=3, column note: ")
                    .endsWith("; the row is left out and recorded (DataTruncationErrorPolicy=LOG_ERROR)."));
        }
    }

    /**
     * A COPY (PostgreSQL) or LOAD DATA (MariaDB) that the target refuses as a whole, because of a
     * CHECK constraint that only the target knows: the failed batches are split until the four bad
     * rows are found; they are recorded, the other 4,996 load, also those committed before.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void badRowsOfABulkLoadAreIsolatedByBisection(Engine engine) throws Exception {
        try (TestDatabase source = TestDatabase.create(engine); TestDatabase target = TestDatabase.create(engine)) {
            source.execute("CREATE TABLE measures (id int PRIMARY KEY, v numeric(10,3), note varchar(40))");
            fill(source, "measures", 5000, "500000.5", 100, 2500, 2501, 4999);
            target.execute("CREATE TABLE measures (id int PRIMARY KEY, v numeric(10,3), note varchar(40), CHECK (v < 100000))");
            TaskStatus s = runToEnd(task("p-bulk", source, target, TargetTablePrepMode.DO_NOTHING, ErrorBehavior.defaults(),
                    LobSettings.defaults(), 500, 1000).build());
            assertThat(s.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(s.rowsLoaded()).isEqualTo(4996);
            assertThat(lines(target, "SELECT COUNT(*), SUM(id) FROM measures"))
                    .containsExactly("4996|" + (5000L * 5001 / 2 - 100 - 2500 - 2501 - 4999));
            List<String> recorded = exceptions(target, "p-bulk");
            assertThat(recorded).hasSize(4);
            assertThat(recorded).extracting(x -> x.split("\\|")[1]).containsExactly("id=100", "id=2500", "id=2501", "id=4999");
            assertThat(recorded).allSatisfy(x -> assertThat(x).contains("; the row is left out and recorded (DataErrorPolicy=LOG_ERROR)."));
        }
    }
}
