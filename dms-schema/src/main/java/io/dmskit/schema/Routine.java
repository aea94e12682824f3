package io.dmskit.schema;

import java.util.List;
import java.util.Objects;

/**
 * A stored function or procedure. Immutable.
 *
 * @param id            schema and name (overloads share it; {@link #signature()} tells them apart)
 * @param kind          function or procedure
 * @param parameters    the parameters in order
 * @param returnType    the return type as the source engine spells it ({@code integer},
 *                      {@code trigger}, {@code SETOF record}, {@code varchar(10)}); null for a procedure
 * @param language      the language as the engine names it ({@code plpgsql}, {@code sql}, {@code SQL}, {@code java})
 * @param body          the body as source text: PostgreSQL {@code prosrc} (inside the dollar quotes),
 *                      MySQL {@code ROUTINE_DEFINITION} (the statement or BEGIN ... END block)
 * @param deterministic whether declared deterministic (MySQL) / immutable (PostgreSQL)
 * @param definition    the complete {@code CREATE FUNCTION / PROCEDURE} statement in the source
 *                      engine's SQL, for notes and manual work
 * @param comment       the routine's comment, or null
 */
public record Routine(TableId id, Kind kind, List<Parameter> parameters, String returnType, String language,
                      String body, boolean deterministic, String definition, String comment) {

    /** Function or procedure. */
    public enum Kind { FUNCTION, PROCEDURE }

    /**
     * A parameter. Immutable.
     *
     * @param name the name, or null when unnamed (PostgreSQL allows it)
     * @param mode IN, OUT, INOUT or VARIADIC
     * @param type the type as the source engine spells it
     */
    public record Parameter(String name, Mode mode, String type) {

        /** A parameter's direction. */
        public enum Mode { IN, OUT, INOUT, VARIADIC }

        public Parameter {
            mode = mode == null ? Mode.IN : mode;
            Objects.requireNonNull(type, "type");
        }
    }

    public Routine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /** {@code schema.name(type, type)} with the IN, INOUT and VARIADIC parameters' types: what tells overloads apart. */
    public String signature() {
        StringBuilder s = new StringBuilder(id.toString()).append('(');
        String sep = "";
        for (Parameter p : parameters) {
            if (p.mode() != Parameter.Mode.OUT) {
                s.append(sep).append(p.type());
                sep = ", ";
            }
        }
        return s.append(')').toString();
    }
}
