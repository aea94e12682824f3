package io.dmskit.mysql;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;
import io.dmskit.spi.ValueException;
import io.dmskit.spi.WriteRequest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What both MySQL writers know about the table they write, decided once when they open: each
 * column's {@link Form}, the quoted names, the INSERT statement's parts, where the row key is
 * among the written columns, and how the server's error messages name a column. Immutable.
 */
final class WriteTarget {

    /** Session SQL modes without which a load could lose data silently. */
    static final List<String> REQUIRED_MODES = List.of("STRICT_ALL_TABLES", "NO_AUTO_VALUE_ON_ZERO");

    private static final Pattern COLUMN_QUOTED = Pattern.compile("column '([^']*)'", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN_QUALIFIED = Pattern.compile("column `(?:[^`]|``)*`\\.`(?:[^`]|``)*`\\.`((?:[^`]|``)*)`",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN_NULL = Pattern.compile("Column '([^']*)' cannot be null", Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY = Pattern.compile("for key '([^']*)'", Pattern.CASE_INSENSITIVE);

    final WriteRequest request;
    final List<Column> columns;
    final Form[] forms;
    final String qualifiedTable;
    final String insertPrefix;
    final String insertTuple;
    private final int[] keyColumns;
    private final String serverName;

    WriteTarget(Dialect dialect, WriteRequest request, String serverName) {
        this.request = Objects.requireNonNull(request, "request");
        this.columns = request.columns();
        this.serverName = serverName;
        if (columns.isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Table " + request.table().id()
                    + ": a write request must name at least one column");
        }
        forms = new Form[columns.size()];
        for (int i = 0; i < forms.length; i++) {
            try {
                forms[i] = Form.of(columns.get(i));
            } catch (DmsException e) {
                throw new DmsException(e.code(), "Table " + request.table().id() + ": " + e.getMessage(), e);
            }
        }
        qualifiedTable = dialect.qualify(request.table().id());
        StringBuilder prefix = new StringBuilder("INSERT INTO ").append(qualifiedTable).append(" (");
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < forms.length; i++) {
            if (i > 0) {
                prefix.append(", ");
                tuple.append(", ");
            }
            prefix.append(dialect.quote(columns.get(i).name()));
            tuple.append(forms[i].storeExpression("?"));
        }
        insertPrefix = prefix.append(") VALUES ").toString();
        insertTuple = tuple.append(')').toString();
        List<Integer> keys = new ArrayList<>();
        for (String k : request.table().rowKey()) {
            int i = columnIndex(k);
            if (i >= 0) {
                keys.add(i);
            }
        }
        keyColumns = keys.stream().mapToInt(Integer::intValue).toArray();
    }

    int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The written column that a server message names: the column of a data error, or for a
     * duplicate key the first key column (PRIMARY, or a unique index named after its first
     * column, as MySQL names them by default); -1 when the message names none.
     */
    int columnOf(String message) {
        if (message == null) {
            return -1;
        }
        for (Pattern p : new Pattern[] {COLUMN_QUALIFIED, COLUMN_NULL, COLUMN_QUOTED}) {
            Matcher m = p.matcher(message);
            if (m.find()) {
                int i = columnIndex(m.group(1).replace("``", "`"));
                if (i >= 0) {
                    return i;
                }
            }
        }
        Matcher m = KEY.matcher(message);
        if (m.find()) {
            String key = m.group(1);
            // MySQL 8 prefixes the table name: 't.PRIMARY'.
            String bare = key.substring(key.lastIndexOf('.') + 1);
            if (bare.equals("PRIMARY") && !request.table().primaryKey().isEmpty()) {
                return columnIndex(request.table().primaryKey().get(0));
            }
            int i = columnIndex(key);
            return i >= 0 ? i : columnIndex(bare);
        }
        return -1;
    }

    /** {@code id=5, region='eu'}: the row key's values as a person reads them, or empty when the table has none. */
    String describeKey(Object[] values, int offset) {
        StringBuilder s = new StringBuilder();
        for (int k : keyColumns) {
            if (s.length() > 0) {
                s.append(", ");
            }
            Object v = values[offset + k];
            s.append(columns.get(k).name()).append('=');
            if (v instanceof byte[] b) {
                s.append(forms[k] == Form.BINARY ? "0x" + HexFormat.of().formatHex(b) : "'"
                        + new String(b, java.nio.charset.StandardCharsets.UTF_8) + "'");
            } else if (v instanceof String str && !isNumeric(forms[k])) {
                s.append('\'').append(MySqlText.abbreviate(str)).append('\'');
            } else {
                s.append(v);
            }
        }
        return s.toString();
    }

    private static boolean isNumeric(Form f) {
        return switch (f) {
            case BOOLEAN, INTEGER, UNSIGNED_BIGINT, DECIMAL, REAL, DOUBLE, YEAR, BIT -> true;
            default -> false;
        };
    }

    /** A driver's message as the server wrote it, without what drivers put first ({@code (conn=12) }, {@code Data truncation: }). */
    static String serverMessage(String message) {
        if (message != null && message.startsWith("(conn=")) {
            int end = message.indexOf(") ");
            if (end > 0) {
                message = message.substring(end + 2);
            }
        }
        // MySQL Connector/J's MysqlDataTruncation puts this before the server's text.
        if (message != null && message.startsWith("Data truncation: ")) {
            message = message.substring("Data truncation: ".length());
        }
        return message;
    }

    /**
     * The exception for a row the server refused.
     *
     * @param batchRow the row's index in the batch being written, or -1 when it came from an earlier batch
     * @param key      the row's key as {@link #describeKey} gives it
     */
    ValueException refused(int batchRow, String key, MultiRowInsert.RowFailure f) {
        String message = serverMessage(f.getMessage());
        String reason = serverName + " refused the row" + (key.isEmpty() ? "" : " with " + key) + ": " + message;
        return new ValueException(batchRow, columnOf(message), reason, f.getCause());
    }

    ValueException rejected(int batchRow, int column, MySqlText.Rejected r) {
        Column c = columns.get(column);
        return new ValueException(batchRow, column, "column " + c.name() + " (" + c.type().nativeName() + "): "
                + r.getMessage());
    }

    /**
     * Checks what a writer relies on and makes the session's SQL mode strict: adds
     * {@link #REQUIRED_MODES} when missing (so that an INSERT fails instead of truncating, and a 0
     * in an AUTO_INCREMENT column is kept rather than replaced) and leaves the connection so.
     */
    static void prepareSession(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new DmsException(ErrorCode.INTERNAL, "A MySQL writer needs a connection with auto-commit off, "
                    + "so that a chunk the server did not load exactly can be rolled back");
        }
        String mode;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            mode = rs.getString(1);
        }
        Set<String> modes = new LinkedHashSet<>();
        for (String m : (mode == null ? "" : mode).split(",")) {
            if (!m.isBlank()) {
                modes.add(m.trim().toUpperCase(Locale.ROOT));
            }
        }
        if (!modes.containsAll(REQUIRED_MODES)) {
            modes.addAll(REQUIRED_MODES);
            try (Statement s = connection.createStatement()) {
                s.execute("SET SESSION sql_mode = '" + String.join(",", modes) + "'");
            }
        }
    }

    /** The bytes above which a statement is split: a quarter of max_allowed_packet, from 64 KB to 8 MB. */
    static int statementBytes(Connection connection) throws SQLException {
        long packet;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
            rs.next();
            packet = rs.getLong(1);
        }
        return (int) Math.max(64 * 1024, Math.min(8L * 1024 * 1024, packet / 4));
    }

    /** The server's product name for messages, MariaDB or MySQL. */
    static String serverName(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductVersion();
        return product != null && product.toLowerCase(Locale.ROOT).contains("mariadb") ? "MariaDB" : "MySQL";
    }
}
