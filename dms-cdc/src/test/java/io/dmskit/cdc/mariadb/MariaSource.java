package io.dmskit.cdc.mariadb;

import io.dmskit.Endpoint;
import io.dmskit.cdc.CdcTesting;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeSource;
import io.dmskit.spi.ChangeSourceProvider;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.ChangeStateStorage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The MariaDB of the integration tests ({@code DMSKIT_TEST_MARIADB_URL}, else the local server)
 * with a database of the test's own for the captured tables and another for the state tables;
 * {@link #close()} drops both and every task's state.
 */
final class MariaSource implements AutoCloseable {
    static final String URL = System.getenv().getOrDefault("DMSKIT_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root");

    final Endpoint endpoint = Endpoint.jdbc(URL).name("mariadb-source").build();
    final String database = CdcTesting.unique("cdc");
    final String stateDatabase = CdcTesting.unique("cdcstate");
    final ChangeStateStorage storage = ChangeStateStorage.jdbc(endpoint, stateDatabase);
    final ChangeSourceProvider provider = ChangeSourceProvider.forEngine("mariadb");
    private final List<String> tasks = new ArrayList<>();

    MariaSource() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
    }

    TableId table(String name) {
        return TableId.of(database, name);
    }

    String task(String prefix) {
        String t = CdcTesting.unique(prefix);
        tasks.add(t);
        return t;
    }

    ChangeSourceRequest.Builder request(String task, String... tables) {
        ChangeSourceRequest.Builder b = ChangeSourceRequest.builder().source(endpoint).taskName(task).stateStorage(storage);
        for (String t : tables) {
            b.table(table(t));
        }
        return b;
    }

    ChangeSource open(ChangeSourceRequest.Builder request) {
        return provider.open(request.build());
    }

    /** Runs the statements in one transaction, in the test's database ({@code $d} in them is its name). */
    void execute(String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("USE `" + database + "`");
            c.setAutoCommit(false);
            for (String q : sql) {
                s.execute(q.replace("$d", database));
            }
            c.commit();
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
             var rs = s.executeQuery(sql.replace("$d", database))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        for (String t : tasks) {
            provider.deleteTaskState(endpoint, t, storage);
        }
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
            s.execute("DROP DATABASE IF EXISTS `" + stateDatabase + "`");
        }
    }
}
