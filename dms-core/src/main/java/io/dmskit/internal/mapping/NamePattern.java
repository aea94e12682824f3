package io.dmskit.internal.mapping;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A compiled name pattern of a table-mapping object locator, in the wildcard syntax of the AWS
 * DMS table mapping: {@code %} matches any run of characters (also none), {@code _} exactly one
 * character, and a bracket matches one character of a set: {@code [_]} and {@code [%]} a literal
 * underscore or percent sign, {@code [ab]} either {@code a} or {@code b}, {@code [a-d]} a range.
 * Everything else matches itself, case-sensitively (names are compared as the engine stores them).
 *
 * <p>Compiled once: a pattern without wildcards compares with {@link String#equals}, {@code %}
 * matches without work, anything else runs a precompiled regular expression. Immutable and
 * thread-safe. Two patterns are equal when their texts are.
 */
public final class NamePattern {

    private enum Kind { ANY, LITERAL, REGEX }

    private final String text;
    private final Kind kind;
    private final String literal;
    private final Pattern regex;
    private final String hint;

    private NamePattern(String text, Kind kind, String literal, Pattern regex, String hint) {
        this.text = text;
        this.kind = kind;
        this.literal = literal;
        this.regex = regex;
        this.hint = hint;
    }

    /**
     * Compiles a wildcard pattern.
     *
     * @throws IllegalArgumentException with {@link #problem}'s text when the pattern is invalid
     */
    public static NamePattern compile(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("pattern " + problem);
        }
        return parse(text);
    }

    /** A pattern that matches exactly this name, with no wildcards (AWS {@code explicit} selection). */
    public static NamePattern literal(String name) {
        Objects.requireNonNull(name, "name");
        return new NamePattern(name, Kind.LITERAL, name, null, name);
    }

    /**
     * What is wrong with a pattern's text, as the end of a sentence that starts with the
     * pattern's role ("table pattern ..."), or null when it is valid.
     */
    public static String problem(String text) {
        if (text == null) {
            return "is missing";
        }
        if (text.isBlank()) {
            return "is blank";
        }
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '[') {
                int close = text.indexOf(']', i + 1);
                if (close < 0) {
                    return "'" + text + "' has a [ without a closing ]; write [_] or [%] for a literal _ or %";
                }
                if (close == i + 1) {
                    return "'" + text + "' has an empty []; write [_] or [%] for a literal _ or %";
                }
                String set = text.substring(i + 1, close);
                // walks the set as characterClass() does: a-b is a range, any other character itself
                int k = 0;
                while (k < set.length()) {
                    if (k + 2 < set.length() && set.charAt(k + 1) == '-') {
                        if (set.charAt(k) > set.charAt(k + 2)) {
                            return "'" + text + "' has a reversed range " + set.substring(k, k + 3)
                                    + "; write the lower character first";
                        }
                        k += 3;
                    } else {
                        k++;
                    }
                }
                i = close + 1;
            } else {
                i++;
            }
        }
        return null;
    }

    private static NamePattern parse(String text) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literalRun = new StringBuilder();
        StringBuilder unescaped = new StringBuilder();
        StringBuilder hint = new StringBuilder();
        boolean wild = false;
        boolean onlyPercent = true;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' || c == '_') {
                flush(regex, literalRun);
                wild = true;
                if (c == '%') {
                    // consecutive % are one run; the regex gets one .* to keep backtracking linear
                    if (regex.length() < 2 || !regex.substring(regex.length() - 2).equals(".*")) {
                        regex.append(".*");
                    }
                } else {
                    onlyPercent = false;
                    regex.append('.');
                }
                i++;
            } else if (c == '[') {
                int close = text.indexOf(']', i + 1);
                String set = text.substring(i + 1, close);
                i = close + 1;
                onlyPercent = false;
                if (set.length() == 1) {
                    literalRun.append(set);
                    unescaped.append(set);
                    hint.append(set);
                } else {
                    flush(regex, literalRun);
                    wild = true;
                    regex.append(characterClass(set));
                    hint.append(set.charAt(0));
                }
            } else {
                onlyPercent = false;
                literalRun.append(c);
                unescaped.append(c);
                hint.append(c);
                i++;
            }
        }
        flush(regex, literalRun);
        if (wild && onlyPercent) {
            return new NamePattern(text, Kind.ANY, null, null, "");
        }
        if (!wild) {
            String name = unescaped.toString();
            return new NamePattern(text, Kind.LITERAL, name, null, name);
        }
        return new NamePattern(text, Kind.REGEX, null, Pattern.compile(regex.toString(), Pattern.DOTALL),
                hint.toString());
    }

    private static void flush(StringBuilder regex, StringBuilder literalRun) {
        if (literalRun.length() > 0) {
            regex.append(Pattern.quote(literalRun.toString()));
            literalRun.setLength(0);
        }
    }

    private static String characterClass(String set) {
        StringBuilder cls = new StringBuilder("[");
        int k = 0;
        while (k < set.length()) {
            if (k + 2 < set.length() && set.charAt(k + 1) == '-') {
                cls.append(hex(set.charAt(k))).append('-').append(hex(set.charAt(k + 2)));
                k += 3;
            } else {
                cls.append(hex(set.charAt(k)));
                k++;
            }
        }
        return cls.append(']').toString();
    }

    private static String hex(char c) {
        return "\\x{" + Integer.toHexString(c) + "}";
    }

    /** Whether the name matches the whole pattern. */
    public boolean matches(String name) {
        return switch (kind) {
            case ANY -> true;
            case LITERAL -> literal.equals(name);
            case REGEX -> regex.matcher(name).matches();
        };
    }

    /** Whether the pattern matches every name ({@code %}, {@code %%}, ...). */
    public boolean matchesAll() {
        return kind == Kind.ANY;
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /**
     * The pattern with its wildcards left out and each bracket reduced to one of its
     * characters: roughly the name the author had in mind, for "closest name" suggestions.
     */
    public String hint() {
        return hint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamePattern p && p.text.equals(text) && p.kind == kind;
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
