package io.dmskit.internal.validate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical text of a JSON document (see {@link CanonicalForm#JSON}): object keys in binary
 * (code point) order, the last of duplicate keys kept, no white space, numbers as plain decimals
 * without trailing zeros ({@code 1.0}, {@code 1E0} and {@code 1} are {@code 1}), strings with
 * only {@code "}, {@code \} and control characters escaped. Text that is not one JSON value is
 * returned unchanged, so that it compares as text. Stateless and thread-safe.
 */
final class JsonCanonical {
    private JsonCanonical() {
    }

    static String canonical(String json) {
        try {
            Parser p = new Parser(json);
            Object v = p.value();
            p.skipSpace();
            if (p.pos != json.length()) {
                return json;
            }
            StringBuilder sb = new StringBuilder(json.length());
            write(sb, v);
            return sb.toString();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return json;
        }
    }

    /** Binary order of strings by code point (String.compareTo orders by UTF-16 unit, which differs above U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void write(StringBuilder sb, Object v) {
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, (String) e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof BigDecimal d) {
            sb.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        } else {
            sb.append(v); // true, false, null
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A strict recursive-descent parser of one JSON value (RFC 8259). */
    private static final class Parser {
        private final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        Object value() {
            skipSpace();
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", NULL);
                default:
                    return number();
            }
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) {
                throw new IllegalArgumentException("not JSON");
            }
            pos += word.length();
            return v;
        }

        private Map<String, Object> object() {
            pos++;
            Map<String, Object> m = new TreeMap<>(JsonCanonical::compareCodePoints);
            skipSpace();
            if (s.charAt(pos) == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipSpace();
                if (s.charAt(pos) != '"') {
                    throw new IllegalArgumentException("not JSON");
                }
                String key = string();
                skipSpace();
                expect(':');
                m.put(key, value()); // the last of duplicate keys wins, as in jsonb
                skipSpace();
                char c = s.charAt(pos++);
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("not JSON");
                }
            }
        }

        private List<Object> array() {
            pos++;
            List<Object> l = new ArrayList<>();
            skipSpace();
            if (s.charAt(pos) == ']') {
                pos++;
                return l;
            }
            while (true) {
                l.add(value());
                skipSpace();
                char c = s.charAt(pos++);
                if (c == ']') {
                    return l;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("not JSON");
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(pos++) != c) {
                throw new IllegalArgumentException("not JSON");
            }
        }

        private String string() {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '"', '\\', '/' -> sb.append(e);
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            pos += 4;
                        }
                        default -> throw new IllegalArgumentException("not JSON");
                    }
                } else if (c < 0x20) {
                    throw new IllegalArgumentException("not JSON");
                } else {
                    sb.append(c);
                }
            }
        }

        private BigDecimal number() {
            int start = pos;
            if (pos < s.length() && s.charAt(pos) == '-') {
                pos++;
            }
            while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw new IllegalArgumentException("not JSON");
            }
            return new BigDecimal(s.substring(start, pos)); // NumberFormatException is an IllegalArgumentException
        }
    }
}
