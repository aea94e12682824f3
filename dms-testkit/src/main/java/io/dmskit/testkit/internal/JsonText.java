package io.dmskit.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-spells JSON text the way an engine stores it, so that a test knows what to expect back:
 * PostgreSQL's jsonb (keys sorted shorter first, then by their UTF-8 bytes; {@code ", "} and
 * {@code ": "} between tokens; a repeated key keeps its last value) and H2's JSON (no spaces
 * between tokens, keys in their order). Numbers and strings keep their spelling; only the
 * characters that must be escaped are escaped on output. Stateless.
 */
public final class JsonText {

    private JsonText() {
    }

    /** The text as PostgreSQL's jsonb prints it. */
    public static String jsonb(String json) {
        StringBuilder out = new StringBuilder();
        print(new Parser(json).document(), out, true);
        return out.toString();
    }

    /** The text as H2 prints a JSON value. */
    public static String compact(String json) {
        StringBuilder out = new StringBuilder();
        print(new Parser(json).document(), out, false);
        return out.toString();
    }

    /** A parsed number, true, false or null, kept as its text. */
    private record Num(String text) {
    }

    private static void print(Object v, StringBuilder out, boolean jsonb) {
        if (v instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>();
            for (Object k : m.keySet()) {
                keys.add((String) k);
            }
            if (jsonb) {
                keys.sort((a, b) -> {
                    byte[] x = a.getBytes(StandardCharsets.UTF_8);
                    byte[] y = b.getBytes(StandardCharsets.UTF_8);
                    return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
                });
            }
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                out.append(i == 0 ? "" : jsonb ? ", " : ",");
                string(keys.get(i), out);
                out.append(jsonb ? ": " : ":");
                print(m.get(keys.get(i)), out, jsonb);
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : jsonb ? ", " : ",");
                print(l.get(i), out, jsonb);
            }
            out.append(']');
        } else if (v instanceof String s) {
            string(s, out);
        } else if (v instanceof Num n) {
            out.append(n.text());
        } else {
            out.append(v);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            space();
            if (i != s.length()) {
                throw error("text after the value");
            }
            return v;
        }

        private Object value() {
            space();
            if (i >= s.length()) {
                throw error("value expected");
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                space();
                if (peek('}')) {
                    return m;
                }
                do {
                    space();
                    String k = str();
                    space();
                    expect(':');
                    m.remove(k);
                    m.put(k, value());
                    space();
                } while (peek(','));
                expect('}');
                return m;
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                space();
                if (peek(']')) {
                    return l;
                }
                do {
                    l.add(value());
                    space();
                } while (peek(','));
                expect(']');
                return l;
            }
            if (c == '"') {
                return str();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return new Num(word);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("unexpected '" + c + "'");
            }
            return new Num(s.substring(start, i));
        }

        private String str() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("'" + c + "' expected");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("Not JSON: " + what + " at offset " + i + " of " + s);
        }
    }
}
