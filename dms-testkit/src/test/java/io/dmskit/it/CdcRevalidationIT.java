package io.dmskit.it;

import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.TableStatistics;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.ValidationMode;
import io.dmskit.ValidationState;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CDC re-validation (ValidationMode.AFTER_FULL_LOAD with a CDC task type, 1 s delay): rows that
 * CDC applies correctly are never reported; a row that CDC changed and that is then changed on
 * the target behind the task's back is reported after the delay, with its key and column.
 */
class CdcRevalidationIT {

    @Test
    void mariaDbToPostgresReportsOnlyTheRowChangedBehindTheTasksBack() throws Exception {
        run(Engine.MARIADB);
    }

    @Test
    void postgresToPostgresReportsOnlyTheRowChangedBehindTheTasksBack() throws Exception {
        run(Engine.POSTGRESQL);
    }

    private void run(Engine sourceEngine) throws Exception {
        try (TestDatabase source = TestDatabase.create(sourceEngine); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(40), qty int)");
            StringBuilder insert = new StringBuilder("INSERT INTO items VALUES ");
            for (int i = 1; i <= 200; i++) {
                insert.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'n").append(i).append("', ").append(i).append(")");
            }
            source.execute(insert.toString());
            String name = "cdc-reval-" + UUID.randomUUID().toString().substring(0, 8);
            ReplicationTask task = ReplicationTask.builder().name(name)
                    .source(Fixtures.endpoint(source, "source")).target(Fixtures.endpoint(target, "target"))
                    .mapping(CdcFullLoadAndCdcIT.mapping(source, target)).type(MigrationType.FULL_LOAD_AND_CDC)
                    .settings(TaskSettings.builder().controlSchema(target.controlSchema())
                            .validation(ValidationMode.AFTER_FULL_LOAD).revalidationDelay(Duration.ofSeconds(1)).build())
                    .build();
            try (TaskHandle h = task.start()) {
                assertThat(h.awaitFullLoad(Duration.ofMinutes(1)).state()).isEqualTo(TaskState.RUNNING);
                // changes that CDC applies correctly: 20 updates, 10 inserts, 5 deletes (35 keys)
                source.execute("UPDATE items SET qty = qty + 1000 WHERE id <= 20",
                        "INSERT INTO items VALUES (301, 'a', 1), (302, 'b', 2), (303, 'c', 3), (304, 'd', 4), (305, 'e', 5),"
                                + " (306, 'f', 6), (307, 'g', 7), (308, 'h', 8), (309, 'i', 9), (310, 'j', 10)",
                        "DELETE FROM items WHERE id BETWEEN 101 AND 105");
                await(() -> count(target, "SELECT count(*) FROM " + target.schema() + ".items WHERE id > 300") == 10
                        && count(target, "SELECT count(*) FROM " + target.schema() + ".items WHERE id BETWEEN 101 AND 105") == 0);
                // the whole table once it was quiet for the delay (and the changed keys, if changed after that check)
                await(() -> {
                    TableStatistics t = h.status().tables().get(0);
                    return t.validation() != null && t.validation().rowsCompared() >= 205;
                });
                Thread.sleep(2_500);
                TableStatistics checked = h.status().tables().get(0);
                assertThat(checked.validationState()).isEqualTo(ValidationState.CONSISTENT);
                assertThat(failures(target, name)).isEmpty();

                // a change applied by CDC, then the same row changed on the target behind the task's back
                source.execute("UPDATE items SET name = 'changed' WHERE id = 7");
                await(() -> count(target, "SELECT count(*) FROM " + target.schema() + ".items WHERE id = 7 AND name = 'changed'") == 1);
                target.execute("UPDATE " + target.schema() + ".items SET qty = 999 WHERE id = 7");
                // a later source change shows that no change to row 7 is still on its way from the source
                Thread.sleep(2_500);
                source.execute("UPDATE items SET name = 'later' WHERE id = 8");
                await(() -> !failures(target, name).isEmpty());
                assertThat(failures(target, name)).containsExactly("RECORD_DIFF {id=7} [qty: 1007 != 999]");
                TableStatistics different = h.status().tables().get(0);
                assertThat(different.validationState()).isEqualTo(ValidationState.DIFFERENT);
                assertThat(different.validation().differing()).isEqualTo(1);
                assertThat(different.validation().missing() + different.validation().extra()).isZero();
                assertThat(h.stop().errors()).isEmpty();
            } finally {
                task.deleteState();
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(end);
            Thread.sleep(100);
        }
    }

    private static long count(TestDatabase db, String sql) {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> failures(TestDatabase target, String task) {
        List<String> out = new ArrayList<>();
        try (Connection c = target.connect(); PreparedStatement ps = c.prepareStatement("SELECT failure_type, key, details FROM "
                + target.controlSchema() + ".awsdms_validation_failures_v1 WHERE task_name = ? ORDER BY failure_no")) {
            ps.setString(1, task);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        } catch (Exception e) {
            // the control table does not exist before anything is recorded
            if (!String.valueOf(e.getMessage()).contains("does not exist")) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
