/**
 * Translation of the SQL inside a schema (view queries, trigger bodies, routines, expressions)
 * between PostgreSQL, MariaDB/MySQL and H2: {@link io.dmskit.schema.sql.ParsingSqlTranslator},
 * the {@link io.dmskit.schema.SqlTranslator} that the schema converter uses.
 *
 * <h2>The parser: JSqlParser, not Apache Calcite</h2>
 * Both were weighed. JSqlParser is one jar (about 1.3 MB, no runtime dependencies) whose single
 * grammar reads the dialects of all our engines as written: MySQL backticks, {@code LIMIT m, n},
 * {@code GROUP_CONCAT(... SEPARATOR ...)}, {@code IF()}, PostgreSQL's {@code ::} casts,
 * {@code string_agg(... ORDER BY ...)}, {@code ILIKE}, {@code ANY (ARRAY[...])}, and H2's syntax;
 * it keeps the text's own names and literals, and its deparsers (visitors that print the tree)
 * can be extended node by node, which is exactly what a dialect-to-dialect rewrite needs.
 * Calcite's parser reads standard SQL and needs its "Babel" parser for dialect syntax, which
 * still misses common MySQL forms (its issue tracker records {@code IF()} failing in Babel); it
 * is built to validate and plan queries against a known schema, brings Guava, Avatica and a
 * code generator (tens of megabytes), and its unparsing normalizes the text (quoting, casing,
 * rewritten operators) rather than keeping what the author wrote. Neither parses procedural code
 * (PL/pgSQL, MySQL compound statements): bodies are split into statements by this package's own
 * lexer, and the statements and expressions inside them go through JSqlParser.
 *
 * <h2>What translates</h2>
 * <ul>
 * <li>Names: every identifier is re-quoted for the target ({@code `x`} and {@code "x"}), after
 *     the source's folding of unquoted names (PostgreSQL lower case, H2 upper case); unqualified
 *     tables of a view are qualified with the view's schema.</li>
 * <li>Literals: MySQL backslash escapes and charset introducers ({@code _utf8mb4'a'}),
 *     PostgreSQL {@code E''} strings, MySQL double-quoted strings.</li>
 * <li>Functions: {@code IFNULL}/{@code NVL} and {@code COALESCE}; {@code IF()} and
 *     {@code CASE}; {@code ISNULL(x)}; {@code CONCAT} and {@code ||} with their NULL semantics
 *     ({@code CONCAT_WS('', ...)} for PostgreSQL's NULL-skipping {@code concat}); {@code LENGTH}
 *     (bytes in MySQL, characters elsewhere); {@code RAND}/{@code random}; {@code TRUNCATE}/
 *     {@code trunc}; one-argument {@code LOG}; {@code INSTR}/{@code strpos}/{@code LOCATE};
 *     {@code DATEDIFF}; {@code DATE_ADD}/{@code DATE_SUB} and intervals; {@code YEAR()} etc.;
 *     {@code DATE_FORMAT}, {@code to_char} and {@code FORMATDATETIME} for every pattern field that
 *     all three print alike; {@code GROUP_CONCAT}, {@code string_agg} and {@code LISTAGG};
 *     {@code UUID()}; {@code nextval} and {@code NEXT VALUE FOR}.</li>
 * <li>The current time by meaning: MySQL's {@code NOW()} is a local DATETIME
 *     ({@code LOCALTIMESTAMP}); PostgreSQL's {@code now()} is an instant, which becomes
 *     {@code UTC_TIMESTAMP()} in MySQL because dmskit stores {@code timestamptz} there as UTC
 *     (a warning says so).</li>
 * <li>Syntax: {@code LIMIT m, n}, {@code OFFSET ... FETCH FIRST}, {@code LIMIT ALL};
 *     {@code FROM DUAL}; casts and their type names; {@code x = ANY (ARRAY[...])} as
 *     {@code IN}; {@code ILIKE}; {@code REGEXP} and {@code ~}; {@code DIV}; {@code XOR};
 *     simple JSON {@code ->} / {@code ->>}; MySQL {@code flag = 1} on a column that becomes
 *     a boolean.</li>
 * <li>Triggers: MySQL row triggers become a PL/pgSQL trigger function and trigger; PostgreSQL
 *     trigger functions become MySQL trigger bodies, one trigger per event. Routines: SQL and
 *     PL/pgSQL functions and procedures, and MySQL stored functions and procedures, with
 *     declarations, assignments, {@code IF}, {@code RETURN}, {@code SIGNAL}/{@code RAISE} and
 *     INSERT/UPDATE/DELETE.</li>
 * </ul>
 * Anything else (an unknown function, {@code DISTINCT ON}, arrays, full-text search, loops,
 * cursors, H2's Java triggers and functions, a text the parser cannot read) makes the object
 * MANUAL, with the reason; other objects are not affected.
 */
package io.dmskit.schema.sql;
