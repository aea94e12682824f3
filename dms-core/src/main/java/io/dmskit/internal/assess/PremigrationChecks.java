package io.dmskit.internal.assess;

import io.dmskit.Endpoint;
import io.dmskit.MigrationType;
import io.dmskit.PremigrationAssessment;
import io.dmskit.PremigrationAssessment.Finding;
import io.dmskit.PremigrationAssessment.Severity;
import io.dmskit.TableMapping;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskSettings;
import io.dmskit.error.DmsException;
import io.dmskit.internal.pool.ConnectionPool;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.EngineProvider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks behind {@link io.dmskit.ReplicationTask#assess()}: reads both endpoints (catalogs,
 * server settings, privileges, the largest LOB values) and writes nothing. Each check adds
 * findings; a check that cannot run (a query the user may not run) is a warning of its own, never
 * a silent pass. Not thread-safe; one instance per assessment.
 */
public final class PremigrationChecks {
    private static final Set<TypeKind> LOBS = Set.of(TypeKind.TEXT, TypeKind.BLOB, TypeKind.JSON);

    private final String task;
    private final Endpoint source;
    private final Endpoint target;
    private final TableMapping mapping;
    private final MigrationType type;
    private final TaskSettings settings;
    private final List<Finding> findings = new ArrayList<>();

    public PremigrationChecks(String task, Endpoint source, Endpoint target, TableMapping mapping, MigrationType type,
                              TaskSettings settings) {
        this.task = task;
        this.source = source;
        this.target = target;
        this.mapping = mapping;
        this.type = type;
        this.settings = settings;
    }

    /** Runs every check. */
    public PremigrationAssessment run() {
        List<TableMapping.MappedTable> tables = List.of();
        EngineProvider srcEngine = Engines.forEndpoint(source);
        try (ConnectionPool pool = connect(source, "source", srcEngine)) {
            if (pool != null) {
                try (Connection c = pool.connection()) {
                    tables = sourceChecks(c, srcEngine.dialect());
                    c.rollback();
                } catch (SQLException e) {
                    add(Severity.ERROR, "source-read", "source", "Reading the source failed: " + message(e),
                            "Check the source user's privileges (see docs/security.md)");
                }
            }
        }
        EngineProvider dstEngine = Engines.forEndpoint(target);
        try (ConnectionPool pool = connect(target, "target", dstEngine)) {
            if (pool != null) {
                try (Connection c = pool.connection()) {
                    targetChecks(c, dstEngine.dialect(), tables);
                    c.rollback();
                } catch (SQLException e) {
                    add(Severity.ERROR, "target-read", "target", "Reading the target failed: " + message(e),
                            "Check the target user's privileges (see docs/security.md)");
                }
            }
        }
        return new PremigrationAssessment(task, findings);
    }

    private void add(Severity s, String check, String object, String message, String fix) {
        findings.add(new Finding(s, check, object, message, fix));
    }

    private String message(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return source.password().redact(target.password().redact(m)) + " (SQLState " + e.getSQLState() + ")";
    }

    private ConnectionPool connect(Endpoint e, String role, EngineProvider engine) {
        try {
            ConnectionPool pool = new ConnectionPool(e, role, engine, 1);
            add(Severity.INFO, "connectivity", role, "Connected to " + e.safeUrl() + (e.user() == null ? "" : " as " + e.user()), "");
            return pool;
        } catch (DmsException x) {
            add(Severity.ERROR, "connectivity", role, x.getMessage(), "Fix the endpoint's URL, user, password or network, then assess again");
            return null;
        }
    }

    private boolean cdc() {
        return type != MigrationType.FULL_LOAD;
    }

    private static boolean postgres(Dialect d) {
        return d.engine().equals("postgresql");
    }

    private static boolean mysqlFamily(Dialect d) {
        return d.engine().equals("mariadb") || d.engine().equals("mysql");
    }

    // ---------------------------------------------------------------- source

    private List<TableMapping.MappedTable> sourceChecks(Connection c, Dialect d) throws SQLException {
        Catalog catalog = d.readCatalog(c, mapping::selects);
        if (cdc()) {
            if (postgres(d)) {
                postgresCdc(c);
            } else if (mysqlFamily(d)) {
                binlog(c);
            }
        }
        List<TableMapping.MappedTable> mapped = new ArrayList<>();
        try {
            mapped.addAll(mapping.check(catalog).tables());
        } catch (DmsException e) {
            add(Severity.ERROR, "table-selection", "source", e.getMessage(), "Change the mapping's selection rules");
            return mapped;
        }
        add(Severity.INFO, "table-selection", "source", mapped.size() + " table(s) selected", "");
        for (TableMapping.MappedTable m : mapped) {
            Table t = m.source();
            String name = t.id().toString();
            readable(c, d, t);
            if (t.rowKey().isEmpty()) {
                add(Severity.WARNING, "table-without-key", name, "The table has no primary key and no unique key on NOT NULL columns:"
                        + " the full load copies it as one segment (a retry reloads it whole)" + (cdc()
                        ? "; CDC applies its updates and deletes to one row that matches the whole before image, a row's duplicates stay"
                        : ""), "Add a primary key if the table has one in fact");
                if (cdc() && postgres(d)) {
                    replicaIdentity(c, t);
                }
            }
            for (Column col : t.columns()) {
                if (col.type().kind() == TypeKind.UNSUPPORTED) {
                    add(Severity.ERROR, "unsupported-type", name + "." + col.name(), "Column type " + col.type().nativeName()
                            + " has no equivalent that dmskit can convert", "Remove the column with a remove-column rule, or convert it"
                            + " in a view or a computed column of the source");
                } else if (LOBS.contains(col.type().kind())) {
                    lob(c, d, t, col);
                }
            }
        }
        return mapped;
    }

    private void readable(Connection c, Dialect d, Table t) {
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM " + d.qualify(t.id()) + " WHERE 1 = 0").close();
        } catch (SQLException e) {
            add(Severity.ERROR, "privilege-select", t.id().toString(), "The source user cannot read the table: " + message(e),
                    "GRANT SELECT ON " + d.qualify(t.id()) + " TO the source user");
        }
    }

    private void lob(Connection c, Dialect d, Table t, Column col) {
        String len = postgres(d) ? "octet_length" : "length";
        String sql = "SELECT max(" + len + "(" + d.quote(col.name()) + ")) FROM " + d.qualify(t.id());
        long max;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            max = rs.getLong(1);
        } catch (SQLException e) {
            add(Severity.WARNING, "lob-size", t.id() + "." + col.name(), "The largest value could not be measured: " + message(e), "");
            return;
        }
        var lobs = io.dmskit.internal.mapping.TableSettingsRule.lobSettings(mapping, t.id(), settings.lobSettings());
        String object = t.id() + "." + col.name();
        if (!lobs.supportLobs()) {
            add(Severity.WARNING, "lob-size", object, "LOB column (largest value " + max + " bytes) is not migrated: LOB support is off",
                    "Turn LOB support on in the task's LobSettings, or remove the column");
        } else if (lobs.limitedSizeLobMode() && max > lobs.maxLobBytes()) {
            add(Severity.WARNING, "lob-size", object, "The largest value is " + max + " bytes, above the limited LOB size of "
                    + lobs.lobMaxSizeKb() + " KB: rows with larger values follow the data truncation error policy (by default"
                    + " left out and recorded in the apply-exceptions control table)",
                    "Raise lobMaxSizeKb to at least " + ((max + 1023) / 1024) + ", or use full LOB mode");
        } else {
            add(Severity.INFO, "lob-size", object, "LOB column, largest value " + max + " bytes", "");
        }
    }

    private void replicaIdentity(Connection c, Table t) {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, t.id().schema());
            ps.setString(2, t.id().name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !"f".equals(rs.getString(1))) {
                    add(Severity.ERROR, "replica-identity", t.id().toString(), "A table without key needs REPLICA IDENTITY FULL for CDC:"
                            + " otherwise its updates and deletes cannot be captured (and fail on the source once it is published)",
                            "ALTER TABLE " + t.id() + " REPLICA IDENTITY FULL");
                }
            }
        } catch (SQLException e) {
            add(Severity.WARNING, "replica-identity", t.id().toString(), "Could not read the replica identity: " + message(e), "");
        }
    }

    private void postgresCdc(Connection c) throws SQLException {
        Map<String, String> s = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name, setting FROM pg_settings WHERE name IN"
                + " ('wal_level', 'max_replication_slots', 'max_wal_senders')")) {
            while (rs.next()) {
                s.put(rs.getString(1), rs.getString(2));
            }
        }
        if (!"logical".equals(s.get("wal_level"))) {
            add(Severity.ERROR, "wal-level", "source", "wal_level is " + s.get("wal_level") + "; CDC needs logical",
                    "Set wal_level = logical in postgresql.conf (or ALTER SYSTEM SET wal_level = logical) and restart PostgreSQL");
        } else {
            add(Severity.INFO, "wal-level", "source", "wal_level is logical", "");
        }
        long slots = count(c, "SELECT count(*) FROM pg_replication_slots");
        long maxSlots = Long.parseLong(s.getOrDefault("max_replication_slots", "0"));
        if (slots >= maxSlots) {
            add(Severity.ERROR, "replication-slots", "source", "All " + maxSlots + " replication slots are in use",
                    "Drop unused slots (SELECT pg_drop_replication_slot(name)) or raise max_replication_slots and restart");
        } else {
            add(Severity.INFO, "replication-slots", "source", (maxSlots - slots) + " of " + maxSlots + " replication slots free", "");
        }
        long senders = count(c, "SELECT count(*) FROM pg_stat_replication");
        long maxSenders = Long.parseLong(s.getOrDefault("max_wal_senders", "0"));
        if (senders >= maxSenders) {
            add(Severity.ERROR, "wal-senders", "source", "All " + maxSenders + " WAL senders are in use",
                    "Raise max_wal_senders and restart PostgreSQL");
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT rolreplication, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && !rs.getBoolean(1) && !rs.getBoolean(2)) {
                add(Severity.ERROR, "privilege-replication", "source", "The source user has neither REPLICATION nor SUPERUSER",
                        "ALTER ROLE <source user> REPLICATION (and allow it in pg_hba.conf: host replication <user> ...)");
            }
            if (rs.getRow() > 0 && !rs.getBoolean(2)) {
                add(Severity.INFO, "publication", "source", "The source user is not a superuser: it must own the selected tables"
                        + " for the publication to be created", "");
                if (count(c, "SELECT CASE WHEN has_database_privilege(current_database(), 'CREATE') THEN 1 ELSE 0 END") == 0) {
                    add(Severity.ERROR, "privilege-publication", "source", "The source user may not create the task's publication:"
                            + " CREATE PUBLICATION needs the CREATE privilege on the database",
                            "GRANT CREATE ON DATABASE <source database> TO <source user>");
                }
            }
        }
    }

    private void binlog(Connection c) throws SQLException {
        Map<String, String> v = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN"
                + " ('log_bin', 'binlog_format', 'binlog_row_image', 'expire_logs_days', 'binlog_expire_logs_seconds')")) {
            while (rs.next()) {
                v.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        if (!"ON".equalsIgnoreCase(v.get("log_bin"))) {
            add(Severity.ERROR, "binlog", "source", "The binary log is off; CDC reads it",
                    "Set log_bin (and server_id) in the server's configuration and restart it");
        }
        if (!"ROW".equalsIgnoreCase(v.get("binlog_format"))) {
            add(Severity.ERROR, "binlog-format", "source", "binlog_format is " + v.get("binlog_format") + "; CDC needs ROW",
                    "Set binlog_format = ROW in the server's configuration (SET GLOBAL binlog_format = 'ROW' until the next restart)");
        }
        if (v.containsKey("binlog_row_image") && !"FULL".equalsIgnoreCase(v.get("binlog_row_image"))) {
            add(Severity.ERROR, "binlog-row-image", "source", "binlog_row_image is " + v.get("binlog_row_image") + "; CDC needs FULL",
                    "Set binlog_row_image = FULL in the server's configuration");
        }
        double days = Double.parseDouble(v.getOrDefault("expire_logs_days", "0"));
        long seconds = Long.parseLong(v.getOrDefault("binlog_expire_logs_seconds", "0"));
        double retention = Math.max(days * 86400, seconds);
        if (retention == 0) {
            add(Severity.INFO, "binlog-retention", "source", "Binary logs are never purged automatically: watch the disk", "");
        } else if (retention < 86400) {
            add(Severity.WARNING, "binlog-retention", "source", "Binary logs are kept only " + (long) retention + " s: a task stopped"
                    + " longer than that cannot resume", "Keep binary logs at least a day (binlog_expire_logs_seconds)");
        } else {
            add(Severity.INFO, "binlog-retention", "source", "Binary logs are kept " + (long) (retention / 3600) + " h", "");
        }
        String grants = grants(c);
        boolean all = grants.contains("ALL PRIVILEGES ON *.*");
        boolean slave = all || grants.contains("REPLICATION SLAVE");
        boolean client = all || grants.contains("REPLICATION CLIENT") || grants.contains("BINLOG MONITOR")
                || grants.contains("SLAVE MONITOR");
        List<String> lock = new ArrayList<>();
        if (!all && !grants.contains("RELOAD")) {
            lock.add("RELOAD");
        }
        if (!all && !grants.contains("LOCK TABLES")) {
            lock.add("LOCK TABLES");
        }
        if (!lock.isEmpty()) {
            add(Severity.ERROR, "privilege-lock", "source", "The source user lacks " + String.join(" and ", lock) + ": the change reader"
                    + " flushes and locks the selected tables briefly to read their schema consistently when it starts",
                    "GRANT RELOAD ON *.* TO <source user>; GRANT LOCK TABLES ON <source database>.* TO <source user>");
        }
        if (!slave || !client) {
            add(Severity.ERROR, "privilege-replication", "source", "The source user lacks " + (slave ? "" : "REPLICATION SLAVE ")
                    + (client ? "" : "REPLICATION CLIENT (BINLOG MONITOR in MariaDB)"),
                    "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO <source user>");
        }
    }

    private static String grants(Connection c) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                b.append(rs.getString(1).toUpperCase(Locale.ROOT)).append('\n');
            }
        }
        return b.toString();
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------- target

    private void targetChecks(Connection c, Dialect d, List<TableMapping.MappedTable> tables) throws SQLException {
        Set<TableId> ids = new java.util.HashSet<>();
        tables.forEach(t -> ids.add(t.target()));
        Catalog existing = d.readCatalog(c, ids::contains);
        if (postgres(d)) {
            Set<String> schemas = new java.util.TreeSet<>();
            tables.forEach(t -> schemas.add(t.target().schema()));
            schemas.add(settings.controlSchema());
            for (String schema : schemas) {
                try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)"
                        + " THEN has_schema_privilege(?, 'CREATE') ELSE has_database_privilege(current_database(), 'CREATE') END")) {
                    ps.setString(1, schema);
                    ps.setString(2, schema);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && !rs.getBoolean(1)) {
                            add(Severity.ERROR, "privilege-create", "target", "The target user cannot create tables in schema " + schema,
                                    "GRANT CREATE ON SCHEMA " + d.quote(schema) + " TO <target user> (or CREATE ON DATABASE when it"
                                            + " does not exist yet)");
                        }
                    }
                }
            }
        } else if (mysqlFamily(d)) {
            String g = grants(c);
            if (!g.contains("ALL PRIVILEGES") && !(g.contains("CREATE") && g.contains("INSERT") && g.contains("DELETE"))) {
                add(Severity.ERROR, "privilege-create", "target", "The target user's grants show neither ALL PRIVILEGES nor CREATE,"
                        + " INSERT and DELETE", "GRANT CREATE, ALTER, DROP, INDEX, SELECT, INSERT, UPDATE, DELETE ON <db>.* TO <target user>");
            }
        }
        TargetTablePrepMode prep = settings.prepMode();
        for (TableMapping.MappedTable m : tables) {
            var there = existing.table(m.target());
            if (there.isEmpty()) {
                continue;
            }
            String name = m.target().toString();
            long rows = -1;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + d.qualify(m.target()))) {
                rs.next();
                rows = rs.getLong(1);
            } catch (SQLException e) {
                add(Severity.ERROR, "privilege-select", name, "The target user cannot read the existing table: " + message(e),
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON it TO <target user>");
            }
            switch (prep) {
                case DROP_AND_CREATE -> add(Severity.WARNING, "target-table-exists", name, "The table exists" + rowsText(rows)
                        + " and will be dropped and created again", "Use prep mode DO_NOTHING or TRUNCATE_BEFORE_LOAD to keep it");
                case TRUNCATE_BEFORE_LOAD -> {
                    missingColumns(m, there.get(), name);
                    if (rows > 0) {
                        add(Severity.WARNING, "target-table-exists", name, "The table exists" + rowsText(rows) + ": they will be deleted", "");
                    }
                }
                case DO_NOTHING -> {
                    missingColumns(m, there.get(), name);
                    if (rows > 0) {
                        add(Severity.WARNING, "target-table-exists", name, "The table holds" + rowsText(rows) + " that stay: rows with"
                                + " the same key fail as duplicates, rows without key are loaded twice",
                                "Empty the table, or use TRUNCATE_BEFORE_LOAD");
                    }
                }
            }
        }
    }

    private void missingColumns(TableMapping.MappedTable m, Table there, String name) {
        List<String> missing = m.targetColumns().stream().filter(col -> there.column(col).isEmpty()).toList();
        if (!missing.isEmpty()) {
            add(Severity.ERROR, "target-table-conflict", name, "The existing table lacks the column(s) " + missing,
                    "Add the columns, drop the table, or use prep mode DROP_AND_CREATE");
        }
    }

    private static String rowsText(long rows) {
        return rows < 0 ? "" : " with " + rows + " row(s)";
    }
}
