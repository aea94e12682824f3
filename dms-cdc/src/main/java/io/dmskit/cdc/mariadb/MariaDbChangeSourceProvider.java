package io.dmskit.cdc.mariadb;

import io.dmskit.cdc.DebeziumChangeSourceProvider;
import io.dmskit.cdc.internal.DmsSchemaHistory;
import io.dmskit.cdc.internal.JdbcUrl;
import io.dmskit.cdc.internal.ValueConverters;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.SourcePosition;
import org.apache.kafka.connect.data.Struct;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Change data capture of MariaDB through its binary log, on Debezium's MariaDB connector.
 *
 * <p>Needs the binary log on ({@code log_bin}), {@code binlog_format = ROW} and
 * {@code binlog_row_image = FULL}, and a user with the REPLICATION SLAVE, BINLOG MONITOR (or
 * REPLICATION CLIENT) and SELECT privileges. Debezium connects as a replica with a server id
 * derived from the task name (set {@code database.server.id} as an engine property to choose
 * another), keeps the history of the captured databases' schemas in the task's state storage,
 * and takes a short global read lock when it records the schema at a start from now (not when
 * the state tables are on the source server itself: Debezium stores the history while it holds
 * the lock, so then it takes none, and a DDL statement in the second of the start can be missed).
 *
 * <p>DDL statements that Debezium's parser cannot read (types it does not know, such as
 * {@code inet6} or spatial types, which dms-schema does not migrate either) are skipped with a
 * warning instead of stopping capture, since the binlog carries the DDL of every database on the
 * server; a captured table changed by such a statement is then decoded with its older schema.
 *
 * <p>Values: see {@link ValueConverters}. Known limits of the binlog: commit times have whole
 * seconds. Debezium's binlog decoder turns a zero date ({@code '0000-00-00'}, or a zero month or
 * day) into NULL and a zero TIMESTAMP into the epoch. In a NOT NULL DATE or DATETIME column, and
 * in any TIMESTAMP column (whose epoch second 0 is MySQL's zero), dmskit knows that it was a zero
 * date and delivers a {@link io.dmskit.schema.ZeroDate}, which the task's zero-date type rule
 * turns into an error, NULL or a fixed date exactly as in the full load. In a nullable DATE or
 * DATETIME column a zero date cannot be told from NULL in the binlog and arrives as NULL.
 */
public final class MariaDbChangeSourceProvider extends DebeziumChangeSourceProvider {
    public static final String ENGINE = "mariadb";
    private static final Pattern PURGED = Pattern.compile("(?i)(no longer available|purged|could not find first log file|binlog truncated|"
            + "could not find gtid|gtid .* not found|lost events)");

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    protected int defaultPort() {
        return 3306;
    }

    /** The server id that the task's binlog connection uses: stable per task name, never that of a usual server (1 to 65535). */
    static long serverId(String taskName) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(taskName.getBytes(StandardCharsets.UTF_8));
            long v = ((h[0] & 0xFFL) << 24 | (h[1] & 0xFFL) << 16 | (h[2] & 0xFFL) << 8 | (h[3] & 0xFFL)) & 0x3FFFFFFFL;
            return 100_000L + v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- checks ----

    @Override
    protected List<String> serverProblems(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image")) {
            rs.next();
            return problems(rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }

    /** What keeps a server with these settings from row-based change data capture; each names the setting and the fix. */
    static List<String> problems(String logBin, String binlogFormat, String binlogRowImage) {
        List<String> p = new ArrayList<>();
        String on = logBin == null ? "" : logBin.toUpperCase(Locale.ROOT);
        if (!on.equals("1") && !on.equals("ON")) {
            p.add("the binary log is off (log_bin is " + (logBin == null ? "not set" : "'" + logBin + "'") + "), but change data"
                    + " capture reads it. Set log_bin = mysql-bin and server_id = 1 under [mariadb] in the server's configuration"
                    + " and restart MariaDB");
        }
        if (binlogFormat == null || !binlogFormat.equalsIgnoreCase("ROW")) {
            p.add("binlog_format is '" + binlogFormat + "', but change data capture needs ROW. Set binlog_format = ROW in the"
                    + " server's configuration (SET GLOBAL binlog_format = 'ROW' changes it until the next restart, for new sessions)");
        }
        if (binlogRowImage == null || !binlogRowImage.equalsIgnoreCase("FULL")) {
            p.add("binlog_row_image is '" + binlogRowImage + "', but change data capture needs FULL (every column before and"
                    + " after each change). Set binlog_row_image = FULL in the server's configuration"
                    + " (SET GLOBAL binlog_row_image = 'FULL' changes it until the next restart, for new sessions)");
        }
        return p;
    }

    @Override
    protected void prepareNow(Connection source, ChangeSourceRequest request) {
        // nothing on the server: the binlog is there for every reader
    }

    @Override
    protected void checkPositionAvailable(Connection c, ChangeSourceRequest request, SourcePosition position) throws SQLException {
        String[] file = file(position.text());
        if (file == null) {
            return;
        }
        List<String> logs = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                logs.add(rs.getString(1));
            }
        }
        if (!logs.contains(file[0])) {
            throw new DmsException(ErrorCode.CONTROL_STATE, "Task " + request.taskName() + " cannot start at " + position
                    + ": binlog file " + file[0] + " is no longer on the server (the oldest is "
                    + (logs.isEmpty() ? "none" : logs.get(0)) + "; old binlogs are purged after binlog_expire_logs_seconds)."
                    + " Start from now, after a new full load, and keep binlogs longer than the task may stop");
        }
    }

    @Override
    protected SourcePosition positionBeforeStart(Connection c, ChangeSourceRequest request) throws SQLException {
        String file;
        long pos;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                return null;
            }
            file = rs.getString(1);
            pos = rs.getLong(2);
        }
        String gtids;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            gtids = rs.getString(1);
        }
        return SourcePosition.of(ENGINE, file + ":" + pos + (gtids == null || gtids.isBlank() ? "" : ";" + gtids));
    }

    @Override
    protected boolean startsNowFromReadPosition() {
        return true;
    }

    @Override
    protected void deleteSourceState(Connection source, String taskName) {
        // nothing on the server
    }

    // ---- Debezium ----

    @Override
    protected Map<String, String> connectorProperties(ChangeSourceRequest request, JdbcUrl url, boolean offsetsStored,
                                                      boolean historyStored) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        p.put("database.hostname", url.host());
        p.put("database.port", Integer.toString(url.port()));
        p.putAll(credentials(request.source(), url));
        p.put("database.server.id", Long.toString(serverId(request.taskName())));
        p.put("database.include.list", request.tables().stream().map(TableId::schema).distinct()
                .map(DebeziumChangeSourceProvider::regex).collect(Collectors.joining(",")));
        p.put("schema.history.internal", DmsSchemaHistory.class.getName());
        p.put("schema.history.internal.store.only.captured.databases.ddl", "true");
        // the binlog carries the DDL of every database; one statement that Debezium's parser does not know (a column
        // of type inet6, say, anywhere on the server) would stop capture
        p.put("schema.history.internal.skip.unparseable.ddl", "true");
        // offsets without a schema history (a start at a given position): record the current schema
        p.put("snapshot.mode", offsetsStored && !historyStored ? "recovery" : "no_data");
        if (stateOnSourceServer(request, url)) {
            // Debezium writes the schema history while it holds the global read lock that it takes to record the
            // schema; state tables on the same server would wait for that lock forever
            p.put("snapshot.locking.mode", "none");
        }
        p.put("include.schema.changes", "false");
        p.put("bigint.unsigned.handling.mode", "precise");
        p.put("converters", "dmskit");
        p.put("dmskit.type", MariaDbExactValues.class.getName());
        // the binlog client asks the server for a heartbeat every 0.8 of this interval (default 60 s, so ~48 s): an
        // idle binlog then moves the position on (and capture is seen to stream) only that late
        p.put("connect.keep.alive.interval.ms", "1250");
        return p;
    }

    /** Whether the task's state tables are on the source server itself. */
    static boolean stateOnSourceServer(ChangeSourceRequest request, JdbcUrl source) {
        if (request.stateStorage().kind() != io.dmskit.spi.ChangeStateStorage.Kind.JDBC) {
            return false;
        }
        JdbcUrl state = JdbcUrl.parse(request.stateStorage().endpoint().jdbcUrl(), 3306);
        return state.port() == source.port() && sameHost(state.host(), source.host());
    }

    private static boolean sameHost(String a, String b) {
        return a.equalsIgnoreCase(b) || (local(a) && local(b));
    }

    private static boolean local(String host) {
        return host.equalsIgnoreCase("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }

    /** File, position, events, rows of a position; null when it has only a GTID set. */
    private static String[] file(String text) {
        for (String part : text.split(";")) {
            String[] f = part.strip().split(":");
            if (f.length == 2 || f.length == 4) {
                return f.length == 4 ? f : new String[] {f[0], f[1], "0", "0"};
            }
        }
        return null;
    }

    private static String gtids(String text) {
        for (String part : text.split(";")) {
            String s = part.strip();
            if (!s.contains(":")) {
                return s;
            }
        }
        return null;
    }

    @Override
    protected SourcePosition position(Map<String, ?> offset) {
        Object file = offset.get("file");
        long pos = number(offset.get("pos"));
        long events = number(offset.get("event"));
        long rows = number(offset.get("row"));
        Object gtids = offset.get("gtids");
        StringBuilder s = new StringBuilder();
        if (file != null && !file.toString().isEmpty()) {
            s.append(file).append(':').append(pos);
            if (events != 0 || rows != 0) {
                s.append(':').append(events).append(':').append(rows);
            }
        }
        if (gtids != null && !gtids.toString().isBlank()) {
            if (!s.isEmpty()) {
                s.append(';');
            }
            s.append(gtids.toString().replace("\n", "").strip());
        }
        return SourcePosition.of(ENGINE, s.toString());
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : o instanceof String s && !s.isEmpty() ? Long.parseLong(s) : 0;
    }

    @Override
    protected Map<String, Object> offset(SourcePosition position) {
        Map<String, Object> o = new LinkedHashMap<>();
        String[] f = file(position.text());
        if (f != null) {
            o.put("file", f[0]);
            o.put("pos", Long.parseLong(f[1]));
            o.put("event", Long.parseLong(f[2]));
            o.put("row", Integer.parseInt(f[3]));
        }
        String g = gtids(position.text());
        if (g != null) {
            o.put("gtids", g);
        }
        return o;
    }

    @Override
    protected TableId tableId(Struct source) {
        return TableId.of(source.getString("db"), source.getString("table"));
    }

    @Override
    protected String transactionId(Struct source) {
        Object gtid = source.schema().field("gtid") == null ? null : source.get("gtid");
        if (gtid != null) {
            return gtid.toString();
        }
        return source.getString("file") + ":" + source.get("pos");
    }

    @Override
    protected Instant commitTime(Struct source) {
        return Instant.ofEpochMilli(source.getInt64("ts_ms"));
    }

    @Override
    protected ValueConverters.Options valueOptions() {
        return new ValueConverters.Options(null, true, true);
    }

    @Override
    protected TableInfo describe(Connection c, TableId id) throws SQLException {
        Table table = new MariaDbDialect().readCatalog(c, t -> t.equals(id)).table(id).orElse(null);
        return new TableInfo(table, null);
    }

    @Override
    protected DmsException explainFailure(ChangeSourceRequest request, String message, Throwable error) {
        DmsException e = super.explainFailure(request, message, error);
        if (PURGED.matcher(e.getMessage()).find()) {
            return new DmsException(ErrorCode.CONTROL_STATE, e.getMessage() + ". The binlog no longer has the task's position:"
                    + " start from now, after a new full load", error);
        }
        return e;
    }
}
