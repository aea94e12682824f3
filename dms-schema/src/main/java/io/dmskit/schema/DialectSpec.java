package io.dmskit.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The facts about an engine's SQL that differ from engine to engine but need no code: its name,
 * the JDBC URLs it serves, how it quotes identifiers, how long they may be, and the text of the
 * few statements that {@link AbstractDialect} builds from them. A dialect states its facts once,
 * for example
 * <pre>{@code
 * new DialectSpec("h2", "H2", List.of("jdbc:h2:"), '"', 256, "SELECT SCHEMA()", null,
 *         DialectSpec.CREATE_SCHEMA, "");
 * }</pre>
 * and {@link AbstractDialect} answers {@link Dialect#engine()}, {@link Dialect#handlesJdbcUrl},
 * {@link Dialect#quote}, {@link Dialect#maxIdentifierLength()}, {@link Dialect#currentSchema} and
 * the DDL statements from them.
 *
 * <p>An immutable value. No component is null except {@code noCurrentSchemaMessage}.
 *
 * @param engine                 the engine's name, lower case, as {@link Dialect#engine()} returns it
 * @param displayName            the engine's name as people write it ({@code PostgreSQL}), for messages
 * @param jdbcUrlPrefixes        the JDBC URLs that the dialect serves start with one of these
 * @param quoteChar              the character that quotes an identifier; inside one it is written twice
 * @param maxIdentifierLength    the longest identifier, in characters, that the engine accepts
 * @param currentSchemaQuery     a query whose one row and column is the connection's current schema
 * @param noCurrentSchemaMessage the message of the {@link io.dmskit.error.ErrorCode#CONFIGURATION} error
 *                               when that query gives null; null: the null is returned as it is
 * @param createSchemaTemplate   the statement that creates a schema when it does not exist, with
 *                               {@code %s} where the quoted schema name goes
 * @param tableOptions           the text after a CREATE TABLE statement's closing parenthesis (with a
 *                               leading space), or empty
 */
public record DialectSpec(String engine, String displayName, List<String> jdbcUrlPrefixes, char quoteChar,
                          int maxIdentifierLength, String currentSchemaQuery, String noCurrentSchemaMessage,
                          String createSchemaTemplate, String tableOptions) {

    /** The statement that most engines (not MySQL) use to create a schema. */
    public static final String CREATE_SCHEMA = "CREATE SCHEMA IF NOT EXISTS %s";

    /** @throws IllegalArgumentException naming every component that is missing or out of range */
    public DialectSpec {
        List<String> problems = new ArrayList<>();
        if (engine == null || engine.isBlank()) {
            problems.add("engine is blank");
        }
        if (displayName == null || displayName.isBlank()) {
            problems.add("displayName is blank");
        }
        if (jdbcUrlPrefixes == null || jdbcUrlPrefixes.isEmpty() || jdbcUrlPrefixes.stream().anyMatch(p -> p == null)) {
            problems.add("jdbcUrlPrefixes must hold at least one prefix and no null");
        }
        if (maxIdentifierLength < 1) {
            problems.add("maxIdentifierLength is " + maxIdentifierLength + ", must be at least 1");
        }
        if (currentSchemaQuery == null) {
            problems.add("currentSchemaQuery is null");
        }
        if (createSchemaTemplate == null || !createSchemaTemplate.contains("%s")) {
            problems.add("createSchemaTemplate must contain %s, where the schema name goes");
        }
        if (tableOptions == null) {
            problems.add("tableOptions is null (use \"\" for none)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid DialectSpec for engine '" + engine + "': "
                    + String.join("; ", problems));
        }
        jdbcUrlPrefixes = List.copyOf(jdbcUrlPrefixes);
    }
}
