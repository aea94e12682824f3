package io.dmskit.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;

/**
 * What dmskit knows about one database engine's SQL: how to quote names, how to read its catalog,
 * how its native types map to the logical type system and back, and the DDL a load needs.
 * The rest of dmskit asks the dialect instead of switching on the engine.
 *
 * <p>Implementations are stateless and thread-safe, found with {@link java.util.ServiceLoader}
 * (see {@link Dialects}); one instance serves every connection of its engine.
 */
public interface Dialect {

    /** The engine's name, lower case: {@code postgresql}, {@code mariadb}, {@code mysql}, {@code h2}. */
    String engine();

    /** Whether this dialect serves connections opened with the JDBC URL. */
    boolean handlesJdbcUrl(String jdbcUrl);

    /** When several dialects handle a URL, the one with the highest priority is used. Built-ins have 0. */
    default int priority() {
        return 0;
    }

    /** The identifier quoted for this engine, with any quote character inside it escaped. Never fails. */
    String quote(String identifier);

    /** The schema-qualified, quoted table name. */
    default String qualify(TableId id) {
        return quote(id.schema()) + "." + quote(id.name());
    }

    /** The longest identifier, in characters, that the engine accepts. */
    int maxIdentifierLength();

    /** The schema (database, for MySQL) that unqualified names resolve to on this connection. */
    String currentSchema(Connection connection) throws SQLException;

    /**
     * Reads the tables that the filter accepts, from every schema the connection can see except
     * the engine's system schemas. The filter is tested before any table's columns are read.
     */
    Catalog readCatalog(Connection connection, Predicate<TableId> filter) throws SQLException;

    /**
     * The logical type that a column of the given (source) type gets in a table of this engine:
     * the closest type that holds every value of the source type without loss. For example
     * PostgreSQL maps an unsigned INT to BIGINT and an unsigned BIGINT to DECIMAL(20,0).
     *
     * @throws io.dmskit.error.DmsException with {@link io.dmskit.error.ErrorCode#UNSUPPORTED_TYPE}
     *         when this engine has no type that holds the source type's values; the message names
     *         the type, and the caller adds the table and column
     */
    DataType targetType(DataType sourceType);

    /**
     * The table that a source table becomes in this engine: same names, each column's type from
     * {@link #targetType}, same keys, except where the engine needs otherwise (MySQL cannot index
     * an unbounded TEXT, so a key column gets a bounded VARCHAR). {@link #createTable} renders
     * exactly this table, and the load writes values of exactly these types.
     *
     * @throws io.dmskit.error.DmsException with {@link io.dmskit.error.ErrorCode#UNSUPPORTED_TYPE}
     *         naming the table, the column and its type, when a column's type cannot be moved
     */
    default Table targetTable(Table source) {
        java.util.List<Column> columns = new java.util.ArrayList<>();
        for (Column c : source.columns()) {
            DataType type;
            try {
                type = targetType(c.type());
            } catch (io.dmskit.error.DmsException e) {
                throw new io.dmskit.error.DmsException(e.code(), "Table " + source.id() + ", column " + c.name()
                        + ": " + e.getMessage(), e);
            }
            columns.add(new Column(c.name(), type, c.nullable(), null, c.autoIncrement()));
        }
        return source.withColumns(columns, source.primaryKey(), source.uniqueKeys());
    }

    /**
     * A table whose columns already have this engine's types (from {@link #targetType} or a
     * {@link TypeRule}), changed where the engine's limits need it, as {@link #targetTable} does
     * after the type mapping: MySQL bounds key columns and moves wide columns to TEXT/BLOB, H2
     * gives key columns of TEXT/BLOB a type that it can index. The default changes nothing.
     */
    default Table fitTable(Table table) {
        return table;
    }

    /** The native DDL spelling of a logical type that {@link #targetType} returned, for example {@code numeric(20,0)}. */
    String nativeType(DataType type);

    /** CREATE TABLE statements (with the primary key) for a table whose column types came from {@link #targetType}. */
    List<String> createTable(Table table);

    String dropTableIfExists(TableId id);

    String truncateTable(TableId id);

    /** The statement that creates a schema (a database, for MySQL) when it does not exist. */
    String createSchemaIfNotExists(String schema);

    // ---- statements that apply captured changes, one row each (every value a parameter) ----

    /**
     * An insert that replaces the row with the same key when there is one (an "upsert"), with one
     * value per column: {@code values.get(i)} is the SQL expression of {@code columns.get(i)}'s
     * value, normally {@code ?}. The target must have a primary key or unique constraint on exactly
     * the {@code key} columns. Every column not in {@code key} is set from the new values. The
     * default is standard SQL {@code MERGE ... USING (VALUES ...)}; engines have their own forms
     * ({@link AbstractDialect} writes PostgreSQL's {@code ON CONFLICT}, MySQL's
     * {@code ON DUPLICATE KEY UPDATE} and H2's {@code MERGE INTO ... KEY}).
     *
     * @param columns the columns written, with every key column among them
     * @param values  one SQL value expression per column, in the same order
     * @param key     the key columns, in the order of the constraint or any order
     */
    default String upsert(TableId table, List<String> columns, List<String> values, List<String> key) {
        checkChange(columns, values, key);
        StringBuilder s = new StringBuilder("MERGE INTO ").append(qualify(table)).append(" t USING (VALUES (")
                .append(String.join(", ", values)).append(")) s (").append(names(columns))
                .append(") ON ");
        for (int i = 0; i < key.size(); i++) {
            s.append(i == 0 ? "" : " AND ").append("t.").append(quote(key.get(i))).append(" = s.").append(quote(key.get(i)));
        }
        List<String> rest = columns.stream().filter(c -> !key.contains(c)).toList();
        if (!rest.isEmpty()) {
            s.append(" WHEN MATCHED THEN UPDATE SET ");
            for (int i = 0; i < rest.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(quote(rest.get(i))).append(" = s.").append(quote(rest.get(i)));
            }
        }
        s.append(" WHEN NOT MATCHED THEN INSERT (").append(names(columns)).append(") VALUES (");
        for (int i = 0; i < columns.size(); i++) {
            s.append(i == 0 ? "" : ", ").append("s.").append(quote(columns.get(i)));
        }
        return s.append(')').toString();
    }

    /**
     * {@code INSERT INTO table (columns) VALUES (values)}: one row, {@code values.get(i)} the SQL
     * expression of {@code columns.get(i)}'s value.
     */
    default String insert(TableId table, List<String> columns, List<String> values) {
        checkChange(columns, values, List.of());
        return "INSERT INTO " + qualify(table) + " (" + names(columns) + ") VALUES ("
                + String.join(", ", values) + ")";
    }

    /**
     * {@code UPDATE table SET c = v, ... WHERE k = ? AND ...}: sets {@code columns} to
     * {@code values} in the row with a key; the key's parameters come after the values'.
     */
    default String updateByKey(TableId table, List<String> columns, List<String> values, List<String> key) {
        checkChange(columns, values, List.of());
        if (columns.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("an update by key needs columns to set and key columns, was "
                    + columns + " and " + key);
        }
        StringBuilder s = new StringBuilder("UPDATE ").append(qualify(table)).append(" SET ");
        for (int i = 0; i < columns.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(quote(columns.get(i))).append(" = ").append(values.get(i));
        }
        return s.append(whereKey(key)).toString();
    }

    /** {@code DELETE FROM table WHERE k = ? AND ...}: deletes the row with a key, one parameter per key column. */
    default String deleteByKey(TableId table, List<String> key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a delete by key needs key columns");
        }
        return "DELETE FROM " + qualify(table) + whereKey(key);
    }

    /**
     * Deletes at most one row whose columns all equal the parameters, NULL equal to NULL: how a
     * change to a table without a key is applied. One parameter per column, in order. There is
     * no standard SQL for "at most one row"; the default throws, and {@link AbstractDialect}
     * writes the built-in engines' forms.
     *
     * @throws UnsupportedOperationException when the dialect has no such statement
     */
    default String deleteOneRow(TableId table, List<String> columns) {
        throw new UnsupportedOperationException("The " + engine() + " dialect cannot delete one row of several equal ones");
    }

    /** The condition that two SQL expressions are equal or both NULL; standard {@code IS NOT DISTINCT FROM} by default. */
    default String nullSafeEquals(String left, String right) {
        return left + " IS NOT DISTINCT FROM " + right;
    }

    private static void checkChange(List<String> columns, List<String> values, List<String> key) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a change statement needs at least one column");
        }
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + values.size() + " values");
        }
        if (!columns.containsAll(key)) {
            throw new IllegalArgumentException("key " + key + " is not among the columns " + columns);
        }
    }

    private String names(List<String> columns) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        return s.toString();
    }

    private String whereKey(List<String> key) {
        StringBuilder s = new StringBuilder(" WHERE ");
        for (int i = 0; i < key.size(); i++) {
            s.append(i == 0 ? "" : " AND ").append(quote(key.get(i))).append(" = ?");
        }
        return s.toString();
    }
}
