package io.dmskit.examples.cli;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.ConvertedSchema;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.schema.SchemaConverter;
import io.dmskit.schema.TableId;
import io.dmskit.schema.assessment.AssessmentReport;
import io.dmskit.schema.sql.ParsingSqlTranslator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code dmskit convert-schema} and {@code dmskit assess}: reads the source catalog, converts it
 * for a target engine with the {@link SchemaConverter} and its default translator
 * ({@link io.dmskit.schema.SqlTranslator#standard()}: the {@link ParsingSqlTranslator}, with the basic
 * translator only for SQL that the parser cannot read), and
 * writes {@code pre-load.sql}, {@code post-load.sql}, {@code views.sql} (routines, views, triggers)
 * and {@code assessment.json} / {@code assessment.html} into a directory; {@code assess} writes
 * only the assessment and prints its summary. Objects that need manual work do not make the exit
 * code non-zero: the report lists them.
 */
final class ConvertSchema {

    static final String USAGE = """
            convert-schema and assess options:
              --source URL                 the database to read (JDBC URL)
              --source-user USER, --source-password-env VAR, --source-password PW
              --target-engine ENGINE       postgresql, mariadb, mysql or h2
              --include SCHEMA.TABLE       objects to convert; % and _ are wildcards; repeatable (default: all)
              --out DIR                    where the files go (default: the current directory)
            """;

    /** The parsed options. */
    record Options(String source, String user, String password, String targetEngine, List<String> includes, Path out) {
    }

    private ConvertSchema() {
    }

    static Options parse(String[] args) throws Dmskit.UsageException {
        String source = null;
        String user = null;
        String password = null;
        String engine = null;
        Path out = Path.of(".");
        List<String> includes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new Dmskit.UsageException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--source" -> source = v;
                case "--source-user" -> user = v;
                case "--source-password" -> password = v;
                case "--source-password-env" -> {
                    password = System.getenv(v);
                    if (password == null) {
                        throw new Dmskit.UsageException("--source-password-env: the environment variable " + v + " is not set");
                    }
                }
                case "--target-engine" -> engine = v.toLowerCase(Locale.ROOT);
                case "--include" -> {
                    if (!v.contains(".")) {
                        throw new Dmskit.UsageException("--include takes SCHEMA.TABLE (wildcards % and _ allowed), was '" + v + "'");
                    }
                    includes.add(v);
                }
                case "--out" -> out = Path.of(v);
                default -> throw new Dmskit.UsageException("unknown option " + a);
            }
        }
        List<String> problems = new ArrayList<>();
        if (source == null) {
            problems.add("--source URL");
        }
        if (engine == null || !List.of("postgresql", "mariadb", "mysql", "h2").contains(engine)) {
            problems.add("--target-engine postgresql|mariadb|mysql|h2" + (engine == null ? "" : " (was '" + engine + "')"));
        }
        if (!problems.isEmpty()) {
            throw new Dmskit.UsageException(args[0] + " needs " + String.join(" and ", problems));
        }
        return new Options(source, user, password, engine, includes, out);
    }

    /** Runs {@code convert-schema} (all files) or {@code assess} (the assessment only). */
    static int run(Options o, boolean assessOnly, PrintStream out) {
        Dialect sourceDialect = Dialects.forJdbcUrl(o.source());
        Dialect target = Dialects.forEngine(o.targetEngine()).orElseThrow(() -> new DmsException(ErrorCode.UNKNOWN_ENGINE,
                "No dmskit dialect for the engine '" + o.targetEngine() + "'"));
        Catalog catalog;
        Properties p = new Properties();
        if (o.user() != null) {
            p.setProperty("user", o.user());
        }
        if (o.password() != null) {
            p.setProperty("password", o.password());
        }
        try (Connection c = DriverManager.getConnection(o.source(), p)) {
            catalog = sourceDialect.readCatalog(c, filter(o.includes()));
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.CONNECTION_FAILED, "Could not read the source catalog: " + e.getMessage(), e);
        }
        ConvertedSchema schema = SchemaConverter.builder().source(sourceDialect).target(target).build().convert(catalog);
        AssessmentReport report = AssessmentReport.of(sourceDialect.engine(), target.engine(), schema.notes());
        try {
            Files.createDirectories(o.out());
            if (!assessOnly) {
                List<String> post = new ArrayList<>();
                schema.postLoad().forEach(t -> post.addAll(t.statements()));
                schema.foreignKeys().forEach(t -> post.addAll(t.statements()));
                List<String> objects = new ArrayList<>(schema.routines());
                objects.addAll(schema.views());
                objects.addAll(schema.triggers());
                write(o.out().resolve("pre-load.sql"), "before the data is loaded", schema.preLoad(), target);
                write(o.out().resolve("post-load.sql"), "after the data is loaded (then set sequences past the loaded "
                        + "values)", post, target);
                write(o.out().resolve("views.sql"), "routines, views and triggers, last", objects, target);
            }
            report.write(o.out());
        } catch (IOException e) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Could not write into " + o.out() + ": " + e.getMessage(), e);
        }
        out.print(report.summaryText());
        for (AssessmentReport.Item i : report.items(io.dmskit.schema.ConversionNote.Outcome.MANUAL)) {
            out.println("MANUAL " + i.kind().name().toLowerCase(Locale.ROOT) + " " + i.name() + ": " + i.message());
        }
        out.println("dmskit: wrote " + (assessOnly ? "" : "pre-load.sql, post-load.sql, views.sql, ")
                + "assessment.json and assessment.html into " + o.out().toAbsolutePath().normalize());
        return 0;
    }

    /** A selection filter from SCHEMA.TABLE patterns with % and _ wildcards; every table when there is none. */
    static Predicate<TableId> filter(List<String> includes) {
        if (includes.isEmpty()) {
            return id -> true;
        }
        List<Pattern[]> patterns = new ArrayList<>();
        for (String inc : includes) {
            int dot = inc.indexOf('.');
            patterns.add(new Pattern[]{like(inc.substring(0, dot)), like(inc.substring(dot + 1))});
        }
        return id -> patterns.stream().anyMatch(p -> p[0].matcher(id.schema()).matches() && p[1].matcher(id.name()).matches());
    }

    private static Pattern like(String s) {
        StringBuilder r = new StringBuilder();
        for (char ch : s.toCharArray()) {
            r.append(ch == '%' ? ".*" : ch == '_' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(r.toString());
    }

    /**
     * A SQL file: one statement per {@code ;}. For MariaDB/MySQL, statements with a body
     * (BEGIN ... END) are written between {@code DELIMITER} lines so that the mysql client runs them.
     */
    static void write(Path file, String when, List<String> statements, Dialect target) throws IOException {
        StringBuilder s = new StringBuilder("-- dmskit convert-schema: run " + when + "\n");
        boolean mysql = target.engine().equals("mariadb") || target.engine().equals("mysql");
        for (String st : statements) {
            boolean compound = mysql && st.contains("\nBEGIN") || mysql && st.contains("\nEND");
            if (compound) {
                s.append("DELIMITER //\n").append(st).append("\n//\nDELIMITER ;\n");
            } else {
                s.append(st).append(";\n");
            }
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    }
}
