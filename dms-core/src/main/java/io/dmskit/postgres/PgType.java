package io.dmskit.postgres;

/**
 * A target column's actual PostgreSQL type as the catalog names it, with domains resolved to
 * their base type: what the binary COPY must send for that column. Immutable.
 *
 * @param name        {@code pg_type.typname} of the base type, for example {@code int4}, {@code _text}
 * @param typtype     {@code pg_type.typtype}: {@code b} base, {@code e} enum, ...
 * @param elementOid  for an array, {@code pg_type.typelem}: the element type OID that the array's
 *                    binary form must carry; 0 otherwise
 * @param element     for an array, the element's base type; null otherwise
 */
record PgType(String name, char typtype, int elementOid, PgType element) {

    static PgType scalar(String name) {
        return new PgType(name, 'b', 0, null);
    }

    static PgType arrayOf(int elementOid, PgType element) {
        return new PgType("_" + element.name(), 'b', elementOid, element);
    }

    boolean isArray() {
        return element != null;
    }

    boolean isEnum() {
        return typtype == 'e';
    }

    /** The name for messages: {@code integer[]} rather than {@code _int4}. */
    String display() {
        if (isArray()) {
            return element.display() + "[]";
        }
        return switch (name) {
            case "bool" -> "boolean";
            case "int2" -> "smallint";
            case "int4" -> "integer";
            case "int8" -> "bigint";
            case "float4" -> "real";
            case "float8" -> "double precision";
            case "bpchar" -> "character";
            case "varchar" -> "character varying";
            case "varbit" -> "bit varying";
            case "timetz" -> "time with time zone";
            case "timestamptz" -> "timestamp with time zone";
            default -> isEnum() ? "enum " + name : name;
        };
    }
}
