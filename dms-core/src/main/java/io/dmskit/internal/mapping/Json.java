package io.dmskit.internal.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree that remembers where each value stood (line and column), read with jackson-core's
 * streaming parser, so that a message about a rule can point into the file. Duplicate keys are
 * errors. Immutable once read.
 */
final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** Where a value starts: 1-based line and column. */
    record Pos(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }

        static Pos of(JsonLocation l) {
            return new Pos(l.getLineNr(), l.getColumnNr());
        }
    }

    /** A JSON value and where it starts. */
    sealed interface Value permits Obj, Arr, Scalar {
        Pos pos();

        /** {@code an object}, {@code an array}, {@code a string}, {@code a number}, ... for messages. */
        String kind();
    }

    /** An object: its members in file order. */
    record Obj(Pos pos, Map<String, Value> members) implements Value {
        @Override
        public String kind() {
            return "an object";
        }
    }

    /** An array. */
    record Arr(Pos pos, List<Value> items) implements Value {
        @Override
        public String kind() {
            return "an array";
        }
    }

    /**
     * A string, number, boolean or null.
     *
     * @param text  the string's value, the number's or boolean's text, or null for JSON null
     * @param token which kind of scalar
     */
    record Scalar(Pos pos, String text, JsonToken token) implements Value {
        @Override
        public String kind() {
            return switch (token) {
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                default -> "null";
            };
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /** A syntax error, with where the parser stopped. */
    static final class SyntaxError extends Exception {
        final Pos pos;

        SyntaxError(String message, Pos pos) {
            super(message);
            this.pos = pos;
        }
    }

    /** Reads one JSON document. */
    static Value read(Reader in) throws IOException, SyntaxError {
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new SyntaxError("the document is empty", new Pos(1, 1));
            }
            Value v = value(p, t);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new SyntaxError("unexpected content after the end of the document",
                        Pos.of(p.currentTokenLocation()));
            }
            return v;
        } catch (JsonParseException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            throw new SyntaxError(msg, l == null ? new Pos(0, 0) : Pos.of(l));
        }
    }

    private static Value value(JsonParser p, JsonToken t) throws IOException {
        Pos pos = Pos.of(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, Value> members = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    members.put(key, value(p, p.nextToken()));
                }
                return new Obj(pos, members);
            }
            case START_ARRAY -> {
                List<Value> items = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, n));
                }
                return new Arr(pos, items);
            }
            case VALUE_NULL -> {
                return new Scalar(pos, null, t);
            }
            default -> {
                return new Scalar(pos, p.getText(), t);
            }
        }
    }
}
