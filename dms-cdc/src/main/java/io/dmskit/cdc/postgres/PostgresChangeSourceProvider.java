package io.dmskit.cdc.postgres;

import io.dmskit.cdc.DebeziumChangeSourceProvider;
import io.dmskit.cdc.internal.JdbcUrl;
import io.dmskit.cdc.internal.ValueConverters;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.spi.ChangeSourceRequest;
import io.dmskit.spi.SourcePosition;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Change data capture of PostgreSQL through logical decoding with the built-in {@code pgoutput}
 * plugin, on Debezium's PostgreSQL connector.
 *
 * <p>Per task, on the source: a replication slot and a publication, both named
 * {@link #slotName(String) dmskit_<task>_<hash>}. The publication is created by Debezium for the
 * captured tables only ({@code publication.autocreate.mode=filtered}: a publication for all tables
 * would need a superuser). The slot stays when the source is closed, so that the task resumes
 * where it was; it keeps write-ahead log until it is dropped by
 * {@link #deleteTaskState deleteTaskState}.
 *
 * <p>Needs {@code wal_level = logical}, a free replication slot and WAL sender, and a user with
 * the REPLICATION attribute who owns the captured tables (or a publication made by their owner).
 * Before images of updates and deletes carry every column only with {@code REPLICA IDENTITY FULL};
 * otherwise the other columns are {@link io.dmskit.spi.ChangeEvent#UNAVAILABLE}, and so are
 * unchanged TOAST values (large text, bytea, json) in after images.
 *
 * <p>Values: see {@link ValueConverters}; {@code time with time zone} arrives from Debezium at UTC,
 * so its original offset is lost (the time of day is the same instant).
 */
public final class PostgresChangeSourceProvider extends DebeziumChangeSourceProvider {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeSourceProvider.class);
    public static final String ENGINE = "postgresql";

    /** The text of an unchanged TOAST value: random per JVM, so that no stored value equals it. */
    static final String PLACEHOLDER = "__dmskit_unchanged_" + UUID.randomUUID().toString().replace("-", "");

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    protected int defaultPort() {
        return 5432;
    }

    /**
     * The replication slot (and publication) of a task: {@code dmskit_}, the task name in lower
     * case with other characters than letters, digits and '_' as '_', and 8 hex digits of a hash
     * of the exact name (so that {@code A-b} and {@code a_b} differ); at most 63 characters.
     */
    public static String slotName(String taskName) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(taskName.getBytes(StandardCharsets.UTF_8));
            return "dmskit_" + sanitized(taskName, 46) + "_" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- checks ----

    @Override
    protected List<String> serverProblems(Connection c) throws SQLException {
        Map<String, String> settings = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, setting FROM pg_settings WHERE name IN"
                     + " ('wal_level', 'max_replication_slots', 'max_wal_senders')")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        String user;
        boolean canReplicate;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            user = rs.getString(1);
            canReplicate = rs.getBoolean(2);
        }
        return problems(settings, user, canReplicate);
    }

    /**
     * What keeps a server with these settings from logical replication for this user; each
     * problem names the setting, its value and the fix.
     */
    static List<String> problems(Map<String, String> settings, String user, boolean canReplicate) {
        List<String> p = new ArrayList<>();
        String walLevel = settings.getOrDefault("wal_level", "unknown");
        if (!walLevel.equals("logical")) {
            p.add("wal_level is '" + walLevel + "', but change data capture needs 'logical'. Set wal_level = logical in"
                    + " postgresql.conf (or run ALTER SYSTEM SET wal_level = logical) and restart PostgreSQL");
        }
        for (String setting : List.of("max_replication_slots", "max_wal_senders")) {
            String v = settings.get(setting);
            if (v != null && v.equals("0")) {
                p.add(setting + " is 0, but change data capture needs one per task. Set " + setting
                        + " = 10 in postgresql.conf and restart PostgreSQL");
            }
        }
        if (!canReplicate) {
            p.add("user '" + user + "' may not start replication. Run ALTER ROLE \"" + user.replace("\"", "\"\"")
                    + "\" WITH REPLICATION (or connect as a superuser)");
        }
        return p;
    }

    /** How long dropping a slot waits for the server to release it after its capture closed. */
    private static final java.time.Duration SLOT_RELEASE_WAIT = java.time.Duration.ofSeconds(10);

    private record Slot(String confirmedFlush, boolean active, Integer pid) {
    }

    private static Slot slot(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT confirmed_flush_lsn::text, active, active_pid"
                + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int pid = rs.getInt(3);
                return new Slot(rs.getString(1), rs.getBoolean(2), rs.wasNull() ? null : pid);
            }
        }
    }

    private static void dropSlot(Connection c, String taskName, String name) throws SQLException {
        Slot slot = slot(c, name);
        // the server ends the walsender of a capture that was just closed a moment after the connection: give it that moment
        long deadline = System.nanoTime() + SLOT_RELEASE_WAIT.toNanos();
        while (slot != null && slot.active() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            slot = slot(c, name);
        }
        if (slot == null) {
            return;
        }
        if (slot.active()) {
            throw new DmsException(ErrorCode.CONTROL_STATE, "Replication slot " + name + " of task " + taskName
                    + " is in use by server process " + slot.pid() + ": the task's change capture still runs"
                    + " (close it first, or end that process with SELECT pg_terminate_backend(" + slot.pid() + "))");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            ps.setString(1, name);
            ps.execute();
        }
    }

    @Override
    protected void prepareNow(Connection c, ChangeSourceRequest request) throws SQLException {
        // a slot left from an earlier run would replay everything since then: start afresh
        dropSlot(c, request.taskName(), slotName(request.taskName()));
    }

    @Override
    protected void checkPositionAvailable(Connection c, ChangeSourceRequest request, SourcePosition position) throws SQLException {
        String name = slotName(request.taskName());
        Slot slot = slot(c, name);
        if (slot == null) {
            throw new DmsException(ErrorCode.CONTROL_STATE, "Task " + request.taskName() + " cannot start at " + position
                    + ": its replication slot " + name + " does not exist, so PostgreSQL has not kept the changes after"
                    + " that position (a slot keeps changes only from its creation on). Start the task from now, after a new full load");
        }
        long boundary = boundary(position.text());
        if (slot.confirmedFlush() != null && Long.compareUnsigned(lsn(slot.confirmedFlush()), boundary) > 0) {
            throw new DmsException(ErrorCode.CONTROL_STATE, "Task " + request.taskName() + " cannot start at " + position
                    + ": its replication slot " + name + " has already confirmed LSN " + slot.confirmedFlush()
                    + " and PostgreSQL no longer keeps the changes before it. Start at a later position (the last one"
                    + " the task applied), or from now after a new full load");
        }
        addToPublication(c, request);
    }

    /**
     * Adds the captured tables that the task's publication lacks (tables created at the source
     * during CDC) before capture opens, so that a user who may not do it gets an error that says
     * what to do at once: Debezium would try the same (its filtered mode sets the publication's
     * tables) and retry the refusal without end. Nothing when the publication does not exist yet
     * (Debezium creates it) or publishes all tables.
     */
    private static void addToPublication(Connection c, ChangeSourceRequest request) throws SQLException {
        String pub = slotName(request.taskName());
        try (PreparedStatement ps = c.prepareStatement("SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, pub);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBoolean(1)) {
                    return;
                }
            }
        }
        Set<TableId> published = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
            ps.setString(1, pub);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    published.add(TableId.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        for (TableId t : request.tables()) {
            if (published.contains(t)) {
                continue;
            }
            String table = quote(t.schema()) + "." + quote(t.name());
            try (Statement st = c.createStatement()) {
                st.execute("ALTER PUBLICATION " + quote(pub) + " ADD TABLE " + table);
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            } catch (SQLException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                if (!"42501".equals(e.getSQLState())) {
                    throw e;
                }
                throw new DmsException(ErrorCode.CONFIGURATION, "Task " + request.taskName() + ": table " + t
                        + " cannot be added to the task's publication " + quote(pub) + ": " + e.getMessage()
                        + ". PostgreSQL lets only a table's owner do that. Have the owner run ALTER PUBLICATION " + quote(pub)
                        + " ADD TABLE " + table + " (or make the task's user a member of the role that owns the table),"
                        + " then start the task again", e);
            }
            LOG.info("Task {}: table {} is added to the task's publication {}", request.taskName(), t, pub);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    protected SourcePosition positionAfterStart(Connection c, ChangeSourceRequest request) throws SQLException {
        Slot slot = slot(c, slotName(request.taskName()));
        return slot == null || slot.confirmedFlush() == null ? null : SourcePosition.of(ENGINE, slot.confirmedFlush());
    }

    @Override
    protected void deleteSourceState(Connection c, String taskName) throws SQLException {
        String name = slotName(taskName);
        dropSlot(c, taskName, name);
        try (Statement st = c.createStatement()) {
            st.execute("DROP PUBLICATION IF EXISTS \"" + name + "\"");
        }
    }

    // ---- Debezium ----

    @Override
    protected Map<String, String> connectorProperties(ChangeSourceRequest request, JdbcUrl url, boolean offsetsStored,
                                                      boolean historyStored) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.put("database.hostname", url.host());
        p.put("database.port", Integer.toString(url.port()));
        p.put("database.dbname", url.database().isEmpty() ? "postgres" : url.database());
        p.putAll(credentials(request.source(), url));
        String sslmode = url.params().getOrDefault("sslmode", request.source().properties().get("sslmode"));
        if (sslmode != null) {
            p.put("database.sslmode", sslmode);
        }
        p.put("plugin.name", "pgoutput");
        String name = slotName(request.taskName());
        p.put("slot.name", name);
        p.put("publication.name", name);
        p.put("publication.autocreate.mode", "filtered");
        p.put("slot.drop.on.stop", "false");
        p.put("interval.handling.mode", "string");
        p.put("unavailable.value.placeholder", PLACEHOLDER);
        p.put("converters", "dmskit");
        p.put("dmskit.type", PgExactValues.class.getName());
        p.put("dmskit." + PgExactValues.PLACEHOLDER, PLACEHOLDER);
        return p;
    }

    private static final String LSN = "lsn";
    private static final String LSN_PROC = "lsn_proc";
    private static final String LSN_COMMIT = "lsn_commit";
    private static final String MESSAGE_TYPE = "messageType";

    /** {@code X/Y}, PostgreSQL's text form of an LSN. */
    static String lsnText(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }

    static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    /**
     * The LSN up to which the slot may have confirmed for a start at the position to be possible:
     * the position's highest LSN. The slot delivers every transaction that commits after its
     * confirmed LSN, and the transaction of a change commits after the change's LSN, so a slot
     * that confirmed no more than that still has the change's transaction and all later ones.
     */
    static long boundary(String text) {
        long max = 0;
        for (String part : text.split(":")) {
            if (part.indexOf('/') > 0) {
                long l = lsn(part);
                if (Long.compareUnsigned(l, max) > 0) {
                    max = l;
                }
            }
        }
        return max;
    }

    @Override
    protected SourcePosition position(Map<String, ?> offset) {
        Long lsn = number(offset.get(LSN));
        Long proc = number(offset.get(LSN_PROC));
        Long commit = number(offset.get(LSN_COMMIT));
        Object type = offset.get(MESSAGE_TYPE);
        if (lsn == null) {
            lsn = proc != null ? proc : commit;
        }
        if (lsn == null) {
            throw new IllegalArgumentException("a PostgreSQL offset without an LSN: " + offset);
        }
        StringBuilder s = new StringBuilder(commit == null ? "-" : lsnText(commit)).append(':').append(lsnText(lsn))
                .append(':').append(type == null ? "-" : type.toString());
        if (proc != null && !proc.equals(lsn)) {
            s.append(':').append(lsnText(proc));
        }
        return SourcePosition.of(ENGINE, s.toString());
    }

    private static Long number(Object o) {
        return o instanceof Number n ? n.longValue() : o instanceof String s && !s.isEmpty() ? Long.valueOf(s) : null;
    }

    @Override
    protected Map<String, Object> offset(SourcePosition position) {
        String[] p = position.text().split(":");
        Map<String, Object> o = new LinkedHashMap<>();
        if (p.length == 1) {
            long l = lsn(p[0]);
            o.put(LSN, l);
            o.put(LSN_PROC, l);
            o.put(LSN_COMMIT, l);
            o.put(MESSAGE_TYPE, "COMMIT");
        } else {
            long l = lsn(p[1]);
            o.put(LSN, l);
            if (!p[0].equals("-")) {
                o.put(LSN_COMMIT, lsn(p[0]));
            }
            if (p.length == 4) {
                o.put(LSN_PROC, lsn(p[3]));
            } else if (!p[2].equals("-")) {
                o.put(LSN_PROC, l);
            }
            if (!p[2].equals("-")) {
                o.put(MESSAGE_TYPE, p[2]);
            }
        }
        o.put("ts_usec", ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
        return o;
    }

    @Override
    protected TableId tableId(Struct source) {
        return TableId.of(source.getString("schema"), source.getString("table"));
    }

    @Override
    protected String transactionId(Struct source) {
        Object tx = source.schema().field("txId") == null ? null : source.get("txId");
        return tx == null ? null : tx.toString();
    }

    @Override
    protected Instant commitTime(Struct source) {
        if (source.schema().field("ts_us") != null && source.get("ts_us") instanceof Long us) {
            return Instant.EPOCH.plus(us, ChronoUnit.MICROS);
        }
        return Instant.ofEpochMilli(source.getInt64("ts_ms"));
    }

    @Override
    protected ValueConverters.Options valueOptions() {
        return new ValueConverters.Options(PLACEHOLDER, false);
    }

    @Override
    protected TableInfo describe(Connection c, TableId id) throws SQLException {
        Table table = catalogTable(c, id);
        char identity = 'd';
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, id.schema());
            ps.setString(2, id.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null && !rs.getString(1).isEmpty()) {
                    identity = rs.getString(1).charAt(0);
                }
            }
        }
        Set<String> logged = new LinkedHashSet<>();
        switch (identity) {
            case 'f' -> {
                return new TableInfo(table, null);
            }
            case 'i' -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid"
                        + " AND a.attnum = ANY(i.indkey) WHERE i.indisreplident AND n.nspname = ? AND c.relname = ?")) {
                    ps.setString(1, id.schema());
                    ps.setString(2, id.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            logged.add(rs.getString(1));
                        }
                    }
                }
            }
            case 'd' -> {
                if (table != null) {
                    logged.addAll(table.primaryKey());
                }
            }
            default -> {
                // 'n': nothing
            }
        }
        if (logged.isEmpty()) {
            LOG.warn("Table {} has no replica identity (REPLICA IDENTITY {} and no primary key): PostgreSQL rejects its updates"
                    + " and deletes while it is published. Add a primary key or run ALTER TABLE ... REPLICA IDENTITY FULL",
                    id, identity == 'n' ? "NOTHING" : "DEFAULT");
        }
        return new TableInfo(table, logged);
    }

    /**
     * Debezium adds the captured tables to the task's publication when capture opens (a table
     * created at the source during CDC among them), which PostgreSQL allows only to the tables'
     * owner: that failure says who must do what.
     */
    @Override
    protected DmsException explainFailure(ChangeSourceRequest request, String message, Throwable error) {
        DmsException d = super.explainFailure(request, message, error);
        String text = String.valueOf(d.getMessage());
        java.util.regex.Matcher owner = java.util.regex.Pattern.compile("must be owner of (?:table|relation) (\\S+)").matcher(text);
        if (!owner.find()) {
            return d;
        }
        String pub = slotName(request.taskName());
        String table = owner.group(1);
        return new DmsException(d.code(), d.getMessage() + ". The user that the task connects as cannot add table " + table
                + " to the task's publication \"" + pub + "\": PostgreSQL lets only a table's owner do that. Have the owner"
                + " run ALTER PUBLICATION \"" + pub + "\" ADD TABLE " + table + " (or make the task's user a member of the"
                + " role that owns the table), then start the task again", error);
    }

    private static Table catalogTable(Connection c, TableId id) throws SQLException {
        return new io.dmskit.schema.postgres.PostgresDialect().readCatalog(c, t -> t.equals(id)).table(id).orElse(null);
    }
}
