package io.dmskit.it.policy;

import io.dmskit.ErrorBehavior;
import io.dmskit.LobSettings;
import io.dmskit.ReplicationTask;
import io.dmskit.TableMapping;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.internal.control.ControlTables;
import io.dmskit.schema.Dialects;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Tasks with error and LOB settings between test databases, and what they recorded. */
final class PolicyFixtures {
    private PolicyFixtures() {
    }

    static String engineName(TestDatabase db) {
        return db.engine() == Engine.POSTGRESQL ? "postgresql" : "mariadb";
    }

    static ReplicationTask.Builder task(String name, TestDatabase source, TestDatabase target, TargetTablePrepMode prep,
                                        ErrorBehavior errors, LobSettings lobs, int batchSize, int commitRate) {
        TableMapping mapping = source.mappingTo(target);
        return ReplicationTask.builder().name(name).source(source.endpoint("source")).target(target.endpoint("target"))
                .mapping(mapping).settings(TaskSettings.builder().controlSchema(target.controlSchema()).prepMode(prep)
                        .errorBehavior(errors).lobSettings(lobs).batchSize(batchSize).commitRate(commitRate)
                        .maxParallelSegments(2).build());
    }

    /** Runs the task to its end (completed, failed or stopped) and returns its status. */
    static TaskStatus runToEnd(ReplicationTask task) throws InterruptedException {
        var handle = task.start();
        try {
            TaskStatus s = handle.awaitCompletion(Duration.ofMinutes(5));
            if (!s.state().isFinal()) {
                throw new AssertionError("task did not end: " + s);
            }
            return s;
        } finally {
            handle.close();
        }
    }

    /** The task's records in the apply-exceptions control table, as {@code operation|key|message}. */
    static List<String> exceptions(TestDatabase target, String task) throws Exception {
        ControlTables control = new ControlTables(Dialects.forEngine(engineName(target)).orElseThrow(), target.controlSchema());
        List<String> out = new ArrayList<>();
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            for (ControlTables.ApplyException x : control.applyExceptions(c, task)) {
                out.add(x.operation() + "|" + x.rowKey() + "|" + x.message());
            }
            c.rollback();
        }
        return out;
    }

    /** The rows of a query, each as its columns joined by '|'. */
    static List<String> lines(TestDatabase db, String sql) throws Exception {
        return io.dmskit.it.Sql.lines(db, sql);
    }

    /** Inserts rows {@code (id, v, note)} for ids 1..n, v = id + 0.5, with v = {@code bad} for the ids in {@code badIds}. */
    static void fill(TestDatabase db, String table, int n, String bad, int... badIds) {
        List<String> stmts = new ArrayList<>();
        StringBuilder sql = null;
        for (int id = 1; id <= n; id++) {
            if (sql == null) {
                sql = new StringBuilder("INSERT INTO " + table + " (id, v, note) VALUES ");
            } else {
                sql.append(", ");
            }
            String v = id + ".5";
            for (int b : badIds) {
                if (b == id) {
                    v = bad;
                }
            }
            sql.append('(').append(id).append(", ").append(v).append(", 'n").append(id).append("')");
            if (id % 1000 == 0 || id == n) {
                stmts.add(sql.toString());
                sql = null;
            }
        }
        db.execute(stmts.toArray(new String[0]));
    }
}
