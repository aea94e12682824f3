package io.dmskit.examples.cli;

import io.dmskit.Endpoint;
import io.dmskit.PremigrationAssessment;
import io.dmskit.MigrationType;
import io.dmskit.ReplicationTask;
import io.dmskit.Secret;
import io.dmskit.StartMode;
import io.dmskit.TableMapping;
import io.dmskit.TableState;
import io.dmskit.TableStatistics;
import io.dmskit.TargetTablePrepMode;
import io.dmskit.TaskHandle;
import io.dmskit.TaskSettings;
import io.dmskit.TaskState;
import io.dmskit.TaskStatus;
import io.dmskit.ValidationReport;
import io.dmskit.Validator;
import io.dmskit.error.DmsException;
import io.dmskit.spi.SourcePosition;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code dmskit} command line.
 *
 * <pre>
 * dmskit migrate --source URL --target URL [--type full-load|cdc|full-load-and-cdc] [options]
 * dmskit delete-state --source URL --target URL --task NAME
 * dmskit quickstart
 * </pre>
 *
 * Exit codes: 0 when every selected table was loaded; 1 when the task failed or any table was not
 * loaded; 2 for a usage error; 130 when interrupted. A task with change data capture runs until
 * interrupted (Ctrl-C), printing its latencies and counts; the interrupt stops it at a committed
 * transaction boundary, and starting it again goes on from there.
 */
public final class Dmskit {
    static final String USAGE = """
            Usage:
              dmskit migrate --source URL --target URL [options]
              dmskit validate --source URL --target URL [options]
              dmskit delete-state --source URL --target URL --task NAME [--type cdc]
              dmskit convert-schema --source URL --target-engine ENGINE [--include SCHEMA.TABLE] [--out DIR]
              dmskit assess --source URL --target-engine ENGINE [--include SCHEMA.TABLE] [--out DIR]
              dmskit premigration --source URL --target URL [migrate options]
              dmskit quickstart

            migrate options:
              --source-user USER           --target-user USER
              --source-password-env VAR    --target-password-env VAR   (read the password from an environment variable)
              --source-password PW         --target-password PW        (visible to other users in the process list: prefer -env)
              --table-mappings FILE        the task's AWS DMS table-mapping JSON, as it is (selection, transformation
                                           and table-settings rules); instead of --include, --exclude, --rename-schema
              --task-settings FILE         the task's AWS DMS task-settings JSON, as it is; the options below that set
                                           the same things (--prep-mode, --parallel, ...) override the file
              --include SCHEMA.TABLE       select tables; % and _ are wildcards; repeatable (default: every table)
              --exclude SCHEMA.TABLE       leave tables out; repeatable; wins over --include
              --rename-schema FROM=TO      put the tables of schema FROM into schema TO in the target
              --prep-mode MODE             drop-and-create (default), truncate-before-load, do-nothing
              --parallel N                 segments copied at once (default 8)
              --task NAME                  the task's name; a task started again with the same name resumes
              --reload                     forget an earlier run of the task and load everything again
              --type TYPE                  full-load (default), cdc, or full-load-and-cdc; with change data
                                           capture the task runs, printing latency and counts, until Ctrl-C,
                                           which stops it at a committed transaction (start it again to go on)
              --start-position ENGINE:POS  for --type cdc: start after this source position, for example
                                           postgresql:0/16B3748 or mariadb:mysql-bin.000003:4567 (default: now)
              --batch-apply                merge the changes of a batch per row before writing them
              --stop-after-cached-changes  for --type full-load-and-cdc: stop once the changes made during the
                                           load are applied

            delete-state removes what a task keeps for change data capture: the source's replication slot
              (PostgreSQL), the capture offsets and the stored position. Stopping a task never does.

            validate takes the same endpoint and table options (--include, --exclude, --rename-schema) and
              --resync                     copy the differing rows from the source into the target
            It prints a report per table and exits 1 when any table differs.

            convert-schema writes pre-load.sql, post-load.sql, views.sql, assessment.json and assessment.html;
            assess writes only the assessment and prints its summary. Both exit 0 when objects need manual
            action (the report lists them), non-zero on a usage or connection error.

            premigration checks, before a migrate with the same options and writing nothing, connectivity,
              privileges, the source's CDC setup, tables without key, LOB sizes, unsupported types and
              conflicting target tables; it prints each finding with its fix and exits 1 when any is an error.
            """ + ConvertSchema.USAGE;

    private Dmskit() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
                case "migrate" -> migrate(parse(args), out);
                case "validate" -> validate(parse(args), out);
                case "delete-state" -> deleteState(parse(args), out);
                case "convert-schema" -> ConvertSchema.run(ConvertSchema.parse(args), false, out);
                case "assess" -> ConvertSchema.run(ConvertSchema.parse(args), true, out);
                case "premigration" -> {
                    PremigrationAssessment a = task(parse(args)).assess();
                    out.println(a);
                    yield a.passed() ? 0 : 1;
                }
                case "quickstart" -> Quickstart.run(out);
                default -> usage(err, "unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        } catch (DmsException e) {
            err.println("dmskit: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            err.println("dmskit: interrupted");
            return 130;
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("dmskit: " + message);
        err.print(USAGE);
        return 2;
    }

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed options of {@code migrate}. */
    record Options(Endpoint source, Endpoint target, TableMapping mapping, TaskSettings settings, String task,
                   boolean reload, boolean resync, MigrationType type, SourcePosition startPosition) {
    }

    static Options parse(String[] args) throws UsageException {
        String source = null;
        String target = null;
        String sourceUser = null;
        String targetUser = null;
        Secret sourcePassword = Secret.none();
        Secret targetPassword = Secret.none();
        List<String> includes = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        List<String> renames = new ArrayList<>();
        TaskSettings.Builder settings = TaskSettings.builder();
        String mappingFile = null;
        for (int i = 1; i + 1 < args.length; i++) {
            // read first, so that the options that set the same things override the file wherever they stand
            if (args[i].equals("--task-settings")) {
                settings = TaskSettings.fromAwsJson(java.nio.file.Path.of(args[i + 1])).toBuilder();
            }
        }
        String task = null;
        boolean reload = false;
        boolean resync = false;
        MigrationType type = MigrationType.FULL_LOAD;
        SourcePosition startPosition = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--reload")) {
                reload = true;
                continue;
            }
            if (a.equals("--batch-apply")) {
                settings.batchApply(true);
                continue;
            }
            if (a.equals("--stop-after-cached-changes")) {
                settings.stopAfterCachedChangesApplied(true);
                continue;
            }
            if (a.equals("--resync")) {
                resync = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--source" -> source = v;
                case "--target" -> target = v;
                case "--source-user" -> sourceUser = v;
                case "--target-user" -> targetUser = v;
                case "--source-password" -> sourcePassword = Secret.of(v);
                case "--target-password" -> targetPassword = Secret.of(v);
                case "--source-password-env" -> sourcePassword = Secret.fromEnv(v);
                case "--target-password-env" -> targetPassword = Secret.fromEnv(v);
                case "--table-mappings" -> mappingFile = v;
                case "--task-settings" -> {
                    // read before the loop
                }
                case "--include" -> includes.add(v);
                case "--exclude" -> excludes.add(v);
                case "--rename-schema" -> renames.add(v);
                case "--prep-mode" -> settings.prepMode(prepMode(v));
                case "--parallel" -> settings.maxParallelSegments(number(a, v));
                case "--task" -> task = v;
                case "--type" -> type = migrationType(v);
                case "--start-position" -> startPosition = position(v);
                default -> throw new UsageException("unknown option " + a);
            }
        }
        if (source == null || target == null) {
            throw new UsageException(args[0] + " needs --source URL and --target URL");
        }
        if (mappingFile != null) {
            if (!includes.isEmpty() || !excludes.isEmpty() || !renames.isEmpty()) {
                throw new UsageException("--table-mappings cannot be combined with --include, --exclude or --rename-schema:"
                        + " put those rules into the mapping file");
            }
            return new Options(
                    Endpoint.jdbc(source).name("source").user(sourceUser).password(sourcePassword).build(),
                    Endpoint.jdbc(target).name("target").user(targetUser).password(targetPassword).build(),
                    TableMapping.fromAwsJson(java.nio.file.Path.of(mappingFile)), settings.build(), task, reload, resync, type,
                    startPosition);
        }
        TableMapping.Builder mapping = TableMapping.builder();
        if (includes.isEmpty()) {
            mapping.include("%", "%");
        }
        for (String inc : includes) {
            String[] st = schemaTable(inc, "--include");
            mapping.include(st[0], st[1]);
        }
        for (String exc : excludes) {
            String[] st = schemaTable(exc, "--exclude");
            mapping.exclude(st[0], st[1]);
        }
        for (String r : renames) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new UsageException("--rename-schema takes FROM=TO, was '" + r + "'");
            }
            mapping.renameSchema(r.substring(0, eq), r.substring(eq + 1));
        }
        return new Options(
                Endpoint.jdbc(source).name("source").user(sourceUser).password(sourcePassword).build(),
                Endpoint.jdbc(target).name("target").user(targetUser).password(targetPassword).build(),
                mapping.build(), settings.build(), task, reload, resync, type, startPosition);
    }

    private static MigrationType migrationType(String v) throws UsageException {
        return switch (v.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "full-load" -> MigrationType.FULL_LOAD;
            case "cdc" -> MigrationType.CDC;
            case "full-load-and-cdc" -> MigrationType.FULL_LOAD_AND_CDC;
            default -> throw new UsageException("--type takes full-load, cdc or full-load-and-cdc, was '" + v + "'");
        };
    }

    private static SourcePosition position(String v) throws UsageException {
        try {
            return SourcePosition.parse(v);
        } catch (DmsException e) {
            throw new UsageException("--start-position: " + e.getMessage());
        }
    }

    private static String[] schemaTable(String s, String option) throws UsageException {
        int dot = s.indexOf('.');
        if (dot <= 0 || dot == s.length() - 1) {
            throw new UsageException(option + " takes SCHEMA.TABLE (wildcards % and _ allowed), was '" + s + "'");
        }
        return new String[]{s.substring(0, dot), s.substring(dot + 1)};
    }

    private static int number(String option, String v) throws UsageException {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, was '" + v + "'");
        }
    }

    private static TargetTablePrepMode prepMode(String v) throws UsageException {
        return switch (v.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "drop-and-create" -> TargetTablePrepMode.DROP_AND_CREATE;
            case "truncate-before-load", "truncate" -> TargetTablePrepMode.TRUNCATE_BEFORE_LOAD;
            case "do-nothing" -> TargetTablePrepMode.DO_NOTHING;
            default -> throw new UsageException("--prep-mode takes drop-and-create, truncate-before-load or do-nothing, was '" + v + "'");
        };
    }

    private static ReplicationTask task(Options o) {
        ReplicationTask.Builder b = ReplicationTask.builder().source(o.source()).target(o.target()).mapping(o.mapping())
                .settings(o.settings()).type(o.type()).startPosition(o.startPosition());
        if (o.task() != null) {
            b.name(o.task());
        }
        return b.build();
    }

    private static int migrate(Options o, PrintStream out) throws InterruptedException {
        ReplicationTask task = task(o);
        out.println("dmskit: task " + task.name() + " (" + task.type() + "): " + o.source() + " -> " + o.target());
        for (String w : o.settings().warnings()) {
            out.println("dmskit: task settings: " + w);
        }
        StartMode mode = o.reload() ? StartMode.RELOAD : StartMode.RESUME;
        return task.type() == MigrationType.FULL_LOAD ? runAndReport(task, mode, out) : runChanges(task, mode, out);
    }

    private static int deleteState(Options o, PrintStream out) throws UsageException {
        if (o.task() == null) {
            throw new UsageException("delete-state needs --task NAME");
        }
        ReplicationTask task = task(new Options(o.source(), o.target(), o.mapping(), o.settings(), o.task(), false, false,
                o.type() == MigrationType.FULL_LOAD ? MigrationType.CDC : o.type(), null));
        task.deleteState();
        out.println("dmskit: deleted the change data capture state of task " + task.name());
        return 0;
    }

    /**
     * Runs a task with change data capture: the full load's progress, then a line every few
     * seconds with the latencies and the changes applied, until the task ends or the JVM is
     * interrupted; the interrupt stops the task at a committed transaction boundary.
     */
    static int runChanges(ReplicationTask task, StartMode mode, PrintStream out) throws InterruptedException {
        TaskHandle handle = task.start(mode);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stopper = new Thread(() -> {
            interrupted.set(true);
            out.println("\ndmskit: stopping at a committed transaction; start the same task again to go on from there");
            try {
                TaskStatus s = handle.stop();
                out.println(changesLine(s));
                out.println("dmskit: task " + s.task() + " " + s.state() + (s.cdc() != null && s.cdc().appliedPosition() != null
                        ? " at source position " + s.cdc().appliedPosition() : ""));
                s.errors().forEach(e -> out.println("ERROR: " + e.message()));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        TaskStatus status;
        try {
            boolean applying = false;
            boolean loaded = false;
            while (true) {
                status = handle.awaitCompletion(Duration.ofSeconds(2));
                if (status.state().isFinal()) {
                    break;
                }
                if (status.cdc() != null && status.cdc().applying()) {
                    if (!applying) {
                        applying = true;
                        out.printf(Locale.ROOT, "dmskit: %,d rows loaded; applying changes (Ctrl-C stops)%n", status.rowsLoaded());
                    }
                    out.println(changesLine(status));
                } else if (!status.tables().isEmpty() && status.tables().stream().allMatch(t -> t.state() == TableState.COMPLETED)) {
                    if (!loaded) {
                        loaded = true;
                        out.println("dmskit: tables ready; starting change capture");
                    }
                } else if (status.rowsLoaded() > 0 || status.percent() > 0) {
                    out.printf(Locale.ROOT, "loading: %d%% (%,d rows)%n", status.percent(), status.rowsLoaded());
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: it stops the task
            }
        }
        if (interrupted.get()) {
            return status.errors().isEmpty() ? 0 : 1; // the shutdown hook reports
        }
        out.println(changesLine(status));
        status.warnings().forEach(w -> out.println("warning: " + w));
        status.errors().forEach(e -> out.println("ERROR: " + e.message()));
        out.println("dmskit: task " + status.task() + " " + status.state());
        boolean complete = reportLeftOut(status, task.settings().controlSchema(), out) == 0;
        return complete && (status.state() == TaskState.COMPLETED || (status.state() == TaskState.STOPPED && status.errors().isEmpty()))
                ? 0 : 1;
    }

    /** {@code changes: 1,234 applied (ins 1,000 upd 200 del 34), source latency 0.4 s, target latency 0.6 s, waiting 12}. */
    static String changesLine(TaskStatus s) {
        long ins = 0;
        long upd = 0;
        long del = 0;
        for (TableStatistics t : s.tables()) {
            ins += t.inserts();
            upd += t.updates();
            del += t.deletes();
        }
        TaskStatus.Cdc c = s.cdc();
        if (c == null) {
            return "changes: none (no change data capture)";
        }
        return String.format(Locale.ROOT, "changes: %,d applied (ins %,d upd %,d del %,d), source latency %.1f s,"
                        + " target latency %.1f s, waiting %,d", ins + upd + del, ins, upd, del,
                c.sourceLatency().toMillis() / 1000.0, c.targetLatency().toMillis() / 1000.0, c.changesWaiting());
    }

    private static int validate(Options o, PrintStream out) {
        out.println("dmskit: validating " + o.source() + " against " + o.target());
        ValidationReport report = Validator.builder().source(o.source()).target(o.target()).mapping(o.mapping())
                .resync(o.resync()).build().validate();
        out.printf(Locale.ROOT, "%-40s %-11s %12s %9s %9s %9s %9s%n", "table", "state", "compared", "missing", "extra",
                "differ", "repaired");
        out.println("-".repeat(104));
        for (ValidationReport.TableValidation t : report.tables()) {
            out.printf(Locale.ROOT, "%-40s %-11s %,12d %,9d %,9d %,9d %,9d%n", t.source() + " -> " + t.target(), t.state(),
                    t.rowsCompared(), t.missing(), t.extra(), t.differing(), t.repaired());
        }
        for (ValidationReport.TableValidation t : report.tables()) {
            if (t.error() != null) {
                out.println("ERROR: " + t.source() + ": " + t.error());
            }
            for (ValidationReport.RowDifference d : t.differences()) {
                out.println(t.source() + ": " + d);
            }
        }
        out.printf(Locale.ROOT, "%s in %.1f s%n", report.consistent() ? "consistent" : "DIFFERENT",
                report.elapsed().toMillis() / 1000.0);
        return report.consistent() ? 0 : 1;
    }

    /** Runs a task with a progress display and a summary; the exit code is 0 only when every table was loaded. */
    static int runAndReport(ReplicationTask task, StartMode mode, PrintStream out) throws InterruptedException {
        Progress progress = new Progress(out, System.console() != null && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM")));
        TaskHandle handle = task.start(mode);
        Thread stopper = new Thread(() -> {
            out.println("\ndmskit: stopping at the next batch; start the same task again to resume");
            try {
                handle.stop();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        TaskStatus status;
        try {
            status = progress.follow(handle);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: it stops the task
            }
        }
        progress.summary(status);
        boolean complete = reportLeftOut(status, task.settings().controlSchema(), out) == 0;
        return status.state() == TaskState.COMPLETED && complete ? 0 : 1;
    }

    /**
     * Prints a line for each table with rows or changes that the data error policy left out, and
     * returns how many there were in all: the target then lacks them, so the run is not a success.
     */
    static long reportLeftOut(TaskStatus status, String controlSchema, PrintStream out) {
        long all = 0;
        for (var t : status.tables()) {
            if (t.dataErrorRows() > 0) {
                all += t.dataErrorRows();
                out.printf(Locale.ROOT, "ERROR: table %s: %,d %s left out by the data error policy; those it recorded"
                                + " (LOG_ERROR) are in %s.awsdms_apply_exceptions with their key, column and error%n", t.source(),
                        t.dataErrorRows(), t.dataErrorRows() == 1 ? "row or change was" : "rows or changes were", controlSchema);
            }
        }
        return all;
    }
}
