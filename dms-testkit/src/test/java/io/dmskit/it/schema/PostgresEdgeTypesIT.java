package io.dmskit.it.schema;

import io.dmskit.ReplicationTask;
import io.dmskit.StartMode;
import io.dmskit.TaskSettings;
import io.dmskit.TaskStatus;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL types whose values the catalog's model does not describe in full: numeric with a
 * negative scale (PostgreSQL 15+: numeric(5,-2) rounds to hundreds) and arrays whose lower bound is
 * not 1. Their values arrive unchanged in the target, or the task says why not; never silently
 * changed.
 */
class PostgresEdgeTypesIT {

    @Test
    void numericWithANegativeScaleKeepsItsValues() throws Exception {
        for (Engine to : List.of(Engine.POSTGRESQL, Engine.MARIADB)) {
            try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(to)) {
                source.execute("CREATE TABLE hundreds (id int PRIMARY KEY, n numeric(5,-2), m numeric(3,5))",
                        "INSERT INTO hundreds VALUES (1, 12345, 0.00123), (2, -9999949, -0.00999), (3, 0, 0), (4, 50, 0.000001)");
                TaskStatus s = run(source, target);
                assertThat(s.errors()).isEmpty();
                assertThat(rows(target, "SELECT id, n, m FROM hundreds ORDER BY id")).as("into %s", to)
                        .containsExactly("1 12300 0.00123", "2 -9999900 -0.00999", "3 0 0.00000", "4 100 0.00000");
                if (to == Engine.POSTGRESQL) {
                    // the target rounds new values as the source does
                    target.execute("INSERT INTO hundreds VALUES (5, 149, 0.000004)");
                    assertThat(rows(target, "SELECT id, n, m FROM hundreds WHERE id = 5")).containsExactly("5 100 0.00000");
                } else {
                    // elsewhere every value fits, and the task says that new values are not rounded
                    assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("public.hundreds.n")
                            .contains("not rounded as the source rounds them"));
                }
            }
        }
    }

    @Test
    void anArrayThatDoesNotStartAtOneIsRefusedAndRecordedNeverRenumbered() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.H2)) {
            source.execute("CREATE TABLE arrays (id int PRIMARY KEY, a int[])",
                    "INSERT INTO arrays VALUES (1, '{1,2,3}'), (2, '[0:2]={7,8,9}'), (3, NULL)");
            io.dmskit.error.DmsException e = org.assertj.core.api.Assertions.catchThrowableOfType(() ->
                    ReplicationTask.builder().name("arrays").source(source.endpoint("source")).target(target.endpoint("target"))
                            .mapping(source.mappingTo(target)).settings(TaskSettings.builder().controlSchema(target.controlSchema())
                                    .errorBehavior(io.dmskit.ErrorBehavior.builder()
                                            .dataErrorPolicy(io.dmskit.ErrorBehavior.Action.STOP_TASK).build()).build())
                            .build().run(StartMode.RELOAD), io.dmskit.error.DmsException.class);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("row id=2, column a: cannot read a value of type integer[]: array [0:2]={7,8,9} does not start at index 1");
        }
    }

    /** PostgreSQL to PostgreSQL with the same column types moves the COPY bytes themselves: the bounds arrive as they were. */
    @Test
    void intoPostgresAnArrayKeepsItsLowerBound() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.POSTGRESQL)) {
            source.execute("CREATE TABLE arrays (id int PRIMARY KEY, a int[])",
                    "INSERT INTO arrays VALUES (1, '{1,2,3}'), (2, '[0:2]={7,8,9}'), (3, NULL)");
            TaskStatus s = run(source, target);
            assertThat(s.errors()).isEmpty();
            assertThat(rows(target, "SELECT id, a::text FROM arrays ORDER BY id"))
                    .containsExactly("1 {1,2,3}", "2 [0:2]={7,8,9}", "3 null");
        }
    }

    @Test
    void intoH2TheSignOfZeroAndTheWhitespaceOfJsonAreReportedByTheConversion() throws Exception {
        try (TestDatabase source = TestDatabase.create(Engine.POSTGRESQL); TestDatabase target = TestDatabase.create(Engine.H2)) {
            source.execute("CREATE TABLE floats (id int PRIMARY KEY, d double precision, j json)",
                    "INSERT INTO floats VALUES (1, '-0', '{\"b\": 1,  \"a\": [1, 2.50]}'), (2, 1.5, '[]')");
            TaskStatus s = run(source, target);
            assertThat(s.errors()).isEmpty();
            assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("public.floats.d").contains("-0.0"));
            assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("public.floats.j").contains("whitespace"));
            assertThat(rows(target, "SELECT \"id\", \"d\", CAST(\"j\" AS VARCHAR) FROM \"floats\" ORDER BY \"id\""))
                    .containsExactly("1 0.0 {\"b\":1,\"a\":[1,2.50]}", "2 1.5 []");
        }
    }

    static TaskStatus run(TestDatabase source, TestDatabase target) {
        return ReplicationTask.builder().name("edge").source(source.endpoint("source")).target(target.endpoint("target"))
                .mapping(source.mappingTo(target)).settings(TaskSettings.builder().controlSchema(target.controlSchema()).build())
                .build().run(StartMode.RELOAD);
    }

    static List<String> rows(TestDatabase db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
