package io.dmskit.spi;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A point in a source database's change stream: where a {@link ChangeSource} starts, and where
 * it stands after each change and each {@link ChangeBatch}. Its {@link #text()} is the engine's
 * own position, written so that a person can read it, a program can store it (in a control
 * table, a file, a command-line argument) and {@link #of(String, String)} can parse it back.
 * Immutable, thread-safe and serializable; {@link #equals} compares engine and text.
 *
 * <p>Text forms, per engine:
 * <ul>
 *   <li>{@code postgresql}: an LSN, {@code 0/16B3748}, means "every transaction that commits
 *       after this LSN". Positions of single changes have the form
 *       {@code COMMIT:LSN:KIND[:PROCESSED]}: the commit LSN of the last transaction completed
 *       before it ({@code -} when none was seen yet), the change's own LSN, the kind of message
 *       ({@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code BEGIN}, {@code COMMIT}, or
 *       {@code -}) and, when it differs from the LSN, the last completely processed LSN.
 *       A restart from such a position goes on with the change after it, also inside a
 *       transaction.</li>
 *   <li>{@code mariadb} and {@code mysql}: a binlog file and position, {@code mysql-bin.000003:4567}
 *       (the start of a transaction or event), optionally followed by the number of events and
 *       rows after it that were already delivered, {@code mysql-bin.000003:4567:2:1}; and/or, after
 *       a {@code ;} or alone, a GTID set in the server's own form ({@code 0-1-5335} on MariaDB,
 *       {@code uuid:1-77} on MySQL): {@code mysql-bin.000003:4567:2:1;0-1-5335}.</li>
 *   <li>any other engine: the text as the engine's {@link ChangeSourceProvider} defines it.</li>
 * </ul>
 *
 * <p>Order: positions of one source compare in the order of the changes they stand for
 * ({@link #compareTo}); comparing positions of two engines fails. For engines other than the
 * ones above the order is that of the text. For MariaDB, positions that both carry a binlog file
 * compare by file, position, events and rows; otherwise by GTID set (per replication domain,
 * lowest domain first).
 */
public final class SourcePosition implements Comparable<SourcePosition>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final Pattern PG_LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");
    private static final Pattern PG_KIND = Pattern.compile("-|[A-Z_]{1,20}");
    private static final Pattern BINLOG_FILE = Pattern.compile("[^:;\\s]+");
    private static final Pattern MARIADB_GTID = Pattern.compile("\\d+-\\d+-\\d+(,\\s*\\d+-\\d+-\\d+)*");
    private static final Pattern MYSQL_GTID = Pattern.compile(
            "[0-9a-fA-F-]{36}(:[0-9]+(-[0-9]+)?)+(,\\s*[0-9a-fA-F-]{36}(:[0-9]+(-[0-9]+)?)+)*");

    private final String engine;
    private final String text;

    private SourcePosition(String engine, String text) {
        this.engine = engine;
        this.text = text;
    }

    /**
     * A position of an engine's change stream, from its text form (see the class comment).
     *
     * @param engine the engine's name as {@code Endpoint.engine()} gives it, for example {@code postgresql}
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} naming the expected form when the
     *         text is not a position of that engine
     */
    public static SourcePosition of(String engine, String text) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(text, "text");
        String e = engine.toLowerCase(Locale.ROOT);
        String t = text.strip();
        String problem = switch (e) {
            case "postgresql" -> checkPostgres(t);
            case "mariadb", "mysql" -> checkBinlog(t, e);
            default -> t.isEmpty() ? "it is empty" : null;
        };
        if (problem != null) {
            throw new DmsException(ErrorCode.CONFIGURATION, "'" + text + "' is not a " + e + " source position: "
                    + problem + ". Expected " + expectedForm(e) + ".");
        }
        return new SourcePosition(e, t);
    }

    /** A position from its {@link #toString()} form, {@code engine:text}, for example {@code postgresql:0/16B3748}. */
    public static SourcePosition parse(String engineAndText) {
        int colon = engineAndText.indexOf(':');
        if (colon <= 0) {
            throw new DmsException(ErrorCode.CONFIGURATION, "'" + engineAndText
                    + "' is not a source position: expected engine:position, for example postgresql:0/16B3748"
                    + " or mariadb:mysql-bin.000003:4567.");
        }
        return of(engineAndText.substring(0, colon), engineAndText.substring(colon + 1));
    }

    /** The engine whose change stream this is a position of, for example {@code postgresql}. */
    public String engine() {
        return engine;
    }

    /** The engine's own text form of the position; see the class comment. */
    public String text() {
        return text;
    }

    /**
     * Compares two positions of the same source in change order.
     *
     * @throws IllegalArgumentException when the positions are of different engines
     */
    @Override
    public int compareTo(SourcePosition o) {
        if (!engine.equals(o.engine)) {
            throw new IllegalArgumentException("cannot compare a " + engine + " position with a " + o.engine + " position");
        }
        return switch (engine) {
            case "postgresql" -> comparePostgres(text, o.text);
            case "mariadb", "mysql" -> compareBinlog(text, o.text);
            default -> text.compareTo(o.text);
        };
    }

    /** Whether this position comes after {@code other} in change order. */
    public boolean isAfter(SourcePosition other) {
        return compareTo(other) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourcePosition p && engine.equals(p.engine) && text.equals(p.text);
    }

    @Override
    public int hashCode() {
        return engine.hashCode() * 31 + text.hashCode();
    }

    /** {@code engine:text}, which {@link #parse(String)} reads back. */
    @Override
    public String toString() {
        return engine + ":" + text;
    }

    private static String expectedForm(String engine) {
        return switch (engine) {
            case "postgresql" -> "an LSN such as 0/16B3748, or COMMIT:LSN:KIND as a change source reports it";
            case "mariadb" -> "a binlog file and position such as mysql-bin.000003:4567, a GTID set such as 0-1-5335, or both as mysql-bin.000003:4567;0-1-5335";
            case "mysql" -> "a binlog file and position such as binlog.000003:4567, a GTID set such as 3E11FA47-71CA-11E1-9E33-C80AA9429562:1-77, or both separated by ';'";
            default -> "a non-empty position";
        };
    }

    // ---- PostgreSQL ----

    private static String checkPostgres(String t) {
        String[] p = t.split(":", -1);
        if (p.length == 1) {
            return PG_LSN.matcher(p[0]).matches() ? null : "an LSN is two hexadecimal numbers separated by '/'";
        }
        if (p.length < 3 || p.length > 4) {
            return "a change position has three or four parts separated by ':'";
        }
        if (!p[0].equals("-") && !PG_LSN.matcher(p[0]).matches()) {
            return "its commit LSN '" + p[0] + "' is neither an LSN nor '-'";
        }
        if (!PG_LSN.matcher(p[1]).matches()) {
            return "its LSN '" + p[1] + "' is not an LSN";
        }
        if (!PG_KIND.matcher(p[2]).matches()) {
            return "its message kind '" + p[2] + "' is not a kind such as INSERT or COMMIT";
        }
        if (p.length == 4 && !PG_LSN.matcher(p[3]).matches()) {
            return "its processed LSN '" + p[3] + "' is not an LSN";
        }
        return null;
    }

    /** An LSN's 64-bit value; "-" is 0. */
    static long lsn(String s) {
        if (s.equals("-")) {
            return 0;
        }
        int slash = s.indexOf('/');
        return (Long.parseLong(s.substring(0, slash), 16) << 32) | Long.parseLong(s.substring(slash + 1), 16);
    }

    /**
     * The order key of a PostgreSQL position: the last commit LSN, then the phase (between
     * transactions 0, at a BEGIN 1, inside a transaction 2), then the change's LSN. Changes of
     * one transaction have increasing LSNs; a transaction's commit LSN exceeds every earlier one.
     */
    private static long[] postgresKey(String t) {
        String[] p = t.split(":", -1);
        if (p.length == 1) {
            long l = lsn(p[0]);
            return new long[] {l, 0, l};
        }
        long phase = switch (p[2]) {
            case "-", "COMMIT" -> 0;
            case "BEGIN" -> 1;
            default -> 2;
        };
        return new long[] {lsn(p[0]), phase, lsn(p[1])};
    }

    private static int comparePostgres(String a, String b) {
        long[] x = postgresKey(a);
        long[] y = postgresKey(b);
        for (int i = 0; i < x.length; i++) {
            int c = Long.compareUnsigned(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    // ---- MariaDB / MySQL binlog ----

    private static String checkBinlog(String t, String engine) {
        if (t.isEmpty()) {
            return "it is empty";
        }
        String[] parts = t.split(";", -1);
        if (parts.length > 2) {
            return "it has more than one ';'";
        }
        boolean file = false;
        boolean gtid = false;
        for (String part : parts) {
            String s = part.strip();
            if (isGtidSet(s, engine)) {
                if (gtid) {
                    return "it has two GTID sets";
                }
                gtid = true;
                continue;
            }
            String[] f = s.split(":", -1);
            if (f.length != 2 && f.length != 4) {
                return "'" + s + "' is neither FILE:POSITION, FILE:POSITION:EVENTS:ROWS nor a GTID set";
            }
            if (!BINLOG_FILE.matcher(f[0]).matches()) {
                return "'" + f[0] + "' is not a binlog file name";
            }
            for (int i = 1; i < f.length; i++) {
                if (!f[i].matches("\\d{1,18}")) {
                    return "'" + f[i] + "' in '" + s + "' is not a non-negative number";
                }
            }
            if (file) {
                return "it has two binlog positions";
            }
            file = true;
        }
        return null;
    }

    private static boolean isGtidSet(String s, String engine) {
        return engine.equals("mysql") ? MYSQL_GTID.matcher(s).matches() : MARIADB_GTID.matcher(s).matches();
    }

    /** File, position, events, rows of a binlog position, or null when it has only a GTID set. */
    private static String[] binlogFile(String t) {
        for (String part : t.split(";", -1)) {
            String s = part.strip();
            String[] f = s.split(":", -1);
            if ((f.length == 2 || f.length == 4) && !s.contains(",") && f[1].matches("\\d+")
                    && !MARIADB_GTID.matcher(s).matches() && !MYSQL_GTID.matcher(s).matches()) {
                return f.length == 4 ? f : new String[] {f[0], f[1], "0", "0"};
            }
        }
        return null;
    }

    private static String binlogGtids(String t) {
        for (String part : t.split(";", -1)) {
            String s = part.strip();
            if (MARIADB_GTID.matcher(s).matches() || MYSQL_GTID.matcher(s).matches()) {
                return s;
            }
        }
        return null;
    }

    private static int compareBinlog(String a, String b) {
        String[] x = binlogFile(a);
        String[] y = binlogFile(b);
        if (x != null && y != null) {
            int c = compareBinlogFileNames(x[0], y[0]);
            for (int i = 1; c == 0 && i < 4; i++) {
                c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            }
            return c != 0 ? c : a.compareTo(b);
        }
        String gx = binlogGtids(a);
        String gy = binlogGtids(b);
        if (gx != null && gy != null) {
            int c = compareGtidSets(gx, gy);
            return c != 0 ? c : a.compareTo(b);
        }
        return a.compareTo(b);
    }

    /** {@code mysql-bin.000009} before {@code mysql-bin.000010}, also past the zero padding. */
    private static int compareBinlogFileNames(String a, String b) {
        int da = a.lastIndexOf('.');
        int db = b.lastIndexOf('.');
        if (da > 0 && db > 0 && a.substring(0, da).equals(b.substring(0, db))) {
            String na = a.substring(da + 1);
            String nb = b.substring(db + 1);
            if (na.matches("\\d{1,18}") && nb.matches("\\d{1,18}")) {
                return Long.compare(Long.parseLong(na), Long.parseLong(nb));
            }
        }
        return a.compareTo(b);
    }

    /** Per domain (MariaDB) or server UUID (MySQL), the highest sequence number, domains in order. */
    private static int compareGtidSets(String a, String b) {
        TreeMap<String, Long> x = gtidHighs(a);
        TreeMap<String, Long> y = gtidHighs(b);
        List<String> domains = new ArrayList<>(x.keySet());
        for (String d : y.keySet()) {
            if (!x.containsKey(d)) {
                domains.add(d);
            }
        }
        domains.sort(null);
        for (String d : domains) {
            int c = Long.compare(x.getOrDefault(d, -1L), y.getOrDefault(d, -1L));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static TreeMap<String, Long> gtidHighs(String set) {
        TreeMap<String, Long> highs = new TreeMap<>();
        for (String g : set.split(",")) {
            String s = g.strip();
            if (MARIADB_GTID.matcher(s).matches()) {
                String[] p = s.split("-");
                highs.merge(String.format("%020d", Long.parseLong(p[0])), Long.parseLong(p[2]), Math::max);
            } else {
                String[] p = s.split(":");
                long high = 0;
                for (int i = 1; i < p.length; i++) {
                    String[] range = p[i].split("-");
                    high = Math.max(high, Long.parseLong(range[range.length - 1]));
                }
                highs.merge(p[0].toLowerCase(Locale.ROOT), high, Math::max);
            }
        }
        return highs;
    }
}
