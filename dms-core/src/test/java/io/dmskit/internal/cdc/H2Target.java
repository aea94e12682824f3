package io.dmskit.internal.cdc;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ChangeEvent;
import io.dmskit.spi.SourcePosition;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An in-memory H2 target with a table of the tests, and changes of its source table. */
final class H2Target implements AutoCloseable {
    static final Dialect H2 = Dialects.forEngine("h2").orElseThrow();
    static final TableId SOURCE = TableId.of("shop", "items");
    static final List<String> COLUMNS = List.of("id", "name", "qty", "note");
    static final Instant COMMIT = Instant.parse("2026-01-02T03:04:05Z");

    final Connection connection;
    final String url = "jdbc:h2:mem:cdc_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    H2Target() throws SQLException {
        connection = DriverManager.getConnection(url);
        connection.setAutoCommit(false);
    }

    /** The source table: id INT key, name VARCHAR(20), qty SMALLINT, note TEXT; with or without its key. */
    static Table sourceTable(boolean keyed) {
        return new Table(SOURCE, List.of(
                Column.of("id", DataType.of(TypeKind.INTEGER), false),
                Column.of("name", DataType.ofLength(TypeKind.VARCHAR, 20), true),
                Column.of("qty", DataType.of(TypeKind.SMALLINT), true),
                Column.of("note", DataType.of(TypeKind.TEXT), true)), keyed ? List.of("id") : List.of(), List.of(), -1);
    }

    /** Creates the target table of a source table (H2 types, upper-case names in schema PUBLIC) and its applier view. */
    ApplyTable create(Table source, String name) throws SQLException {
        Table converted = H2.targetTable(source);
        Table target = new Table(TableId.of("PUBLIC", name), converted.columns(), converted.primaryKey(), List.of(), -1);
        try (Statement st = connection.createStatement()) {
            for (String sql : H2.createTable(target)) {
                st.execute(sql);
            }
        }
        connection.commit();
        return new ApplyTable(source, target, source.columns(), target.columns(), H2);
    }

    /** Every row of a target table, ordered by all columns, as text. */
    List<String> rows(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM \"PUBLIC\".\"" + table + "\" ORDER BY 1, 2, 3, 4")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder s = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    s.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(s.toString());
            }
        }
        connection.commit();
        return out;
    }

    static SourcePosition at(long n) {
        return SourcePosition.of("h2", String.format("%012d", n));
    }

    static ChangeEvent insert(long pos, Object... after) {
        return ChangeEvent.insert(SOURCE, COLUMNS, after, "tx" + pos, COMMIT, at(pos));
    }

    static ChangeEvent update(long pos, Object[] before, Object... after) {
        return ChangeEvent.update(SOURCE, COLUMNS, before, after, "tx" + pos, COMMIT, at(pos));
    }

    static ChangeEvent delete(long pos, Object... before) {
        return ChangeEvent.delete(SOURCE, COLUMNS, before, "tx" + pos, COMMIT, at(pos));
    }

    static Object[] row(Object... values) {
        return values;
    }

    @Override
    public void close() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed
        }
        connection.close();
    }
}
