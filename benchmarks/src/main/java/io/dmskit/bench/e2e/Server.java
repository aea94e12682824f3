package io.dmskit.bench.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One database server of the harness, from a JDBC URL such as
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}: the same server with another
 * database, and the host, port and user for the command-line tools.
 */
record Server(String engine, String host, int port, String user, String query) {

    static Server parse(String url) {
        // jdbc:<engine>://host:port/db?query
        String rest = url.substring("jdbc:".length());
        String engine = rest.substring(0, rest.indexOf(':'));
        rest = rest.substring(rest.indexOf("//") + 2);
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String after = slash < 0 ? "" : rest.substring(slash + 1);
        int q = after.indexOf('?');
        String query = q < 0 ? "" : after.substring(q + 1);
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1))
                : engine.equals("postgresql") ? 5432 : 3306;
        String user = engine.equals("postgresql") ? "postgres" : "root";
        for (String kv : query.split("&")) {
            if (kv.startsWith("user=")) {
                user = kv.substring(5);
            }
        }
        return new Server(engine, host, port, user, query);
    }

    boolean isPostgres() {
        return engine.equals("postgresql");
    }

    /** The URL of a database of this server; for PostgreSQL the server's maintenance database when null. */
    String url(String database) {
        String db = database == null ? (isPostgres() ? "postgres" : "") : database;
        StringBuilder q = new StringBuilder(query);
        if (!isPostgres() && !query.contains("allowLocalInfile")) {
            q.append(q.length() == 0 ? "" : "&").append("allowLocalInfile=true");
        }
        return "jdbc:" + engine + "://" + host + ":" + port + "/" + db + (q.length() == 0 ? "" : "?" + q);
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database));
    }

    void execute(String database, String... sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    void recreateDatabase(String name) throws SQLException {
        dropDatabase(name);
        execute(null, "CREATE DATABASE " + name);
    }

    void dropDatabase(String name) throws SQLException {
        execute(null, isPostgres() ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + name);
    }

    /** A libpq connection URI for psql, pgloader and pgcopydb. */
    String libpq(String database) {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
