package io.dmskit.schema.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Date and time format patterns between MySQL's {@code DATE_FORMAT} ({@code %Y-%m-%d}),
 * PostgreSQL's {@code to_char} ({@code YYYY-MM-DD}) and H2's {@code FORMATDATETIME} (Java
 * {@code DateTimeFormatter}, {@code yyyy-MM-dd}). A pattern converts when every field in it has a
 * counterpart that prints the same text; otherwise the conversion gives null and the caller makes
 * it an action item.
 */
final class DateFormats {

    /** One field: how each engine writes it. Longest PostgreSQL and Java spellings first. */
    private record Field(String mysql, String postgres, String java) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("%M", "FMMonth", "MMMM"),
            new Field("%W", "FMDay", "EEEE"),
            new Field("%k", "FMHH24", "H"),
            new Field("%l", "FMHH12", "h"),
            new Field("%c", "FMMM", "M"),
            new Field("%e", "FMDD", "d"),
            new Field("%Y", "YYYY", "yyyy"),
            new Field("%H", "HH24", "HH"),
            new Field("%h", "HH12", "hh"),
            new Field("%j", "DDD", "DDD"),
            new Field("%b", "Mon", "MMM"),
            new Field("%a", "Dy", "EEE"),
            new Field("%f", "US", "SSSSSS"),
            new Field("%p", "AM", "a"),
            new Field("%y", "YY", "yy"),
            new Field("%m", "MM", "MM"),
            new Field("%d", "DD", "dd"),
            new Field("%i", "MI", "mm"),
            new Field("%s", "SS", "ss"));

    /** A parsed pattern: fields and literal text, in order. */
    private sealed interface Part permits FieldPart, Literal {
    }

    private record FieldPart(Field field) implements Part {
    }

    private record Literal(String text) implements Part {
    }

    private DateFormats() {
    }

    /** The pattern in the target engine's format language, or null when some field has no counterpart. */
    static String convert(String pattern, Flavor from, Flavor to) {
        List<Part> parts = switch (from.family) {
            case MYSQL -> parseMySql(pattern);
            case POSTGRES -> parsePostgres(pattern);
            case H2 -> parseJava(pattern);
        };
        if (parts == null) {
            return null;
        }
        return switch (to.family) {
            case MYSQL -> renderMySql(parts);
            case POSTGRES -> renderPostgres(parts);
            case H2 -> renderJava(parts);
        };
    }

    private static List<Part> parseMySql(String p) {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c != '%') {
                parts.add(new Literal(String.valueOf(c)));
                continue;
            }
            if (++i >= p.length()) {
                return null;
            }
            String spec = "%" + p.charAt(i);
            switch (spec) {
                case "%%" -> parts.add(new Literal("%"));
                case "%T" -> parts.addAll(parseMySql("%H:%i:%s"));
                case "%r" -> parts.addAll(parseMySql("%h:%i:%s %p"));
                case "%S" -> parts.add(new FieldPart(byMySql("%s")));
                case "%I" -> parts.add(new FieldPart(byMySql("%h")));
                default -> {
                    Field f = byMySql(spec);
                    if (f == null) {
                        return null;
                    }
                    parts.add(new FieldPart(f));
                }
            }
        }
        return parts;
    }

    private static Field byMySql(String spec) {
        return FIELDS.stream().filter(f -> f.mysql.equals(spec)).findFirst().orElse(null);
    }

    private static List<Part> parsePostgres(String p) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        outer:
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '"') {
                int e = p.indexOf('"', i + 1);
                if (e < 0) {
                    return null;
                }
                parts.add(new Literal(p.substring(i + 1, e)));
                i = e + 1;
                continue;
            }
            for (Field f : FIELDS) {
                if (p.startsWith(f.postgres, i)) {
                    parts.add(new FieldPart(f));
                    i += f.postgres.length();
                    continue outer;
                }
            }
            if (p.startsWith("HH", i)) {
                parts.add(new FieldPart(byMySql("%h")));
                i += 2;
                continue;
            }
            if (p.startsWith("PM", i)) {
                parts.add(new FieldPart(byMySql("%p")));
                i += 2;
                continue;
            }
            if (Character.isLetter(c)) {
                return null; // a field that has no counterpart, or a case variant (MONTH) that prints differently
            }
            parts.add(new Literal(String.valueOf(c)));
            i++;
        }
        return parts;
    }

    private static List<Part> parseJava(String p) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\'') {
                int e = i + 1;
                StringBuilder lit = new StringBuilder();
                while (e < p.length()) {
                    if (p.charAt(e) == '\'') {
                        if (e + 1 < p.length() && p.charAt(e + 1) == '\'') {
                            lit.append('\'');
                            e += 2;
                            continue;
                        }
                        break;
                    }
                    lit.append(p.charAt(e++));
                }
                parts.add(new Literal(e == i + 1 ? "'" : lit.toString()));
                i = e + 1;
                continue;
            }
            if (!Character.isLetter(c)) {
                parts.add(new Literal(String.valueOf(c)));
                i++;
                continue;
            }
            int e = i;
            while (e < p.length() && p.charAt(e) == c) {
                e++;
            }
            String run = p.substring(i, e);
            Field f = FIELDS.stream().filter(x -> x.java.equals(run)).findFirst().orElse(null);
            if (f == null) {
                return null;
            }
            parts.add(new FieldPart(f));
            i = e;
        }
        return parts;
    }

    private static String renderMySql(List<Part> parts) {
        StringBuilder s = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof FieldPart f) {
                s.append(f.field().mysql);
            } else {
                s.append(((Literal) part).text().replace("%", "%%"));
            }
        }
        return s.toString();
    }

    private static String renderPostgres(List<Part> parts) {
        StringBuilder s = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof FieldPart f) {
                s.append(f.field().postgres);
            } else {
                String t = ((Literal) part).text();
                boolean plain = t.chars().noneMatch(ch -> Character.isLetterOrDigit(ch) || ch == '"' || ch == '\\');
                s.append(plain ? t : "\"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
        }
        return s.toString();
    }

    private static String renderJava(List<Part> parts) {
        StringBuilder s = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof FieldPart f) {
                s.append(f.field().java);
            } else {
                String t = ((Literal) part).text();
                boolean plain = t.chars().noneMatch(ch -> Character.isLetter(ch) || ch == '\'' || ch == '[' || ch == ']'
                        || ch == '{' || ch == '}' || ch == '#');
                s.append(plain ? t : "'" + t.replace("'", "''") + "'");
            }
        }
        return s.toString();
    }
}
