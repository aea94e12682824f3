package io.dmskit.schema;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.internal.CreateTable;
import io.dmskit.schema.internal.Types;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A {@link Dialect} whose per-engine facts are data, a {@link DialectSpec}, so that a subclass
 * states only what is really its own: how it reads the catalog, and its type mapping as two
 * functions, {@link #map} (a source type to the engine's logical type) and {@link #render} (that
 * type's spelling). This class answers the rest the same way for every engine:
 * <ul>
 * <li>{@link #engine()}, {@link #handlesJdbcUrl}, {@link #quote} (the quote character, doubled
 *     inside the name), {@link #maxIdentifierLength()} from the spec;</li>
 * <li>{@link #currentSchema} runs the spec's query;</li>
 * <li>{@link #targetType} is {@code map} with {@code render}'s spelling as the nativeName, and
 *     {@link #nativeType} is {@code render(map(type))};</li>
 * <li>{@link #createTable} is one CREATE TABLE statement: the columns with their
 *     {@link #nativeType} and NOT NULL, the primary key, {@link #tableConstraints} and
 *     {@link #tableOptions()}. No defaults, no identity, no unique keys;</li>
 * <li>{@link #dropTableIfExists}, {@link #truncateTable} are standard SQL, and
 *     {@link #createSchemaIfNotExists} is the spec's template.</li>
 * </ul>
 * The built-in dialects extend it, and so may a dialect that a {@link java.util.ServiceLoader}
 * registers (see {@link Dialects}); such a class needs a public no-argument constructor.
 *
 * <p>Subclasses must stay stateless and thread-safe, as {@link Dialect} requires. Methods that
 * take a {@link Connection} run only queries, in the connection's current transaction, and do not
 * close it.
 */
public abstract class AbstractDialect implements Dialect {

    private final DialectSpec spec;

    /** @param spec the engine's facts; not null */
    protected AbstractDialect(DialectSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is null");
        }
        this.spec = spec;
    }

    /** The engine's facts, as given to the constructor. */
    protected final DialectSpec spec() {
        return spec;
    }

    @Override
    public String engine() {
        return spec.engine();
    }

    /** Whether the URL starts with one of the spec's {@link DialectSpec#jdbcUrlPrefixes() prefixes}; false for null. */
    @Override
    public boolean handlesJdbcUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            return false;
        }
        for (String prefix : spec.jdbcUrlPrefixes()) {
            if (jdbcUrl.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String quote(String identifier) {
        String q = String.valueOf(spec.quoteChar());
        return q + identifier.replace(q, q + q) + q;
    }

    @Override
    public int maxIdentifierLength() {
        return spec.maxIdentifierLength();
    }

    /**
     * The one value of the spec's {@link DialectSpec#currentSchemaQuery() query}.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} and the spec's
     *         {@link DialectSpec#noCurrentSchemaMessage() message} when the query gives no schema
     *         and the spec has such a message
     */
    @Override
    public String currentSchema(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(spec.currentSchemaQuery())) {
            String schema = rs.next() ? rs.getString(1) : null;
            if (schema == null && spec.noCurrentSchemaMessage() != null) {
                throw new DmsException(ErrorCode.CONFIGURATION, spec.noCurrentSchemaMessage());
            }
            return schema;
        }
    }

    // ------------------------------------------------------------------------------------------ types

    /**
     * The engine's logical type for a source type, without nativeName ({@link #targetType} adds
     * it): the closest type that holds every value.
     *
     * @throws DmsException with {@link ErrorCode#UNSUPPORTED_TYPE} ({@link #unsupported}) when the
     *         engine has none
     */
    protected abstract DataType map(DataType source);

    /**
     * The engine's DDL spelling of a type that {@link #map} returned.
     *
     * @throws DmsException with {@link ErrorCode#INTERNAL} ({@link #noSpelling}) for a type that
     *         {@code map} never returns
     */
    protected abstract String render(DataType type);

    @Override
    public DataType targetType(DataType source) {
        DataType t = map(source);
        return t.withNativeName(render(t));
    }

    @Override
    public String nativeType(DataType type) {
        return render(map(type));
    }

    /** The error for a source type that this engine cannot hold. */
    protected DmsException unsupported(DataType source) {
        return Types.unsupported(source, engine());
    }

    /** As {@link #unsupported(DataType)}, with the reason in parentheses. */
    protected DmsException unsupported(DataType source, String reason) {
        return Types.unsupported(source, engine(), reason);
    }

    /** The error of {@link #render} for a type that {@link #map} never returns: a bug. */
    protected DmsException noSpelling(DataType type) {
        return new DmsException(ErrorCode.INTERNAL, "no " + spec.displayName() + " spelling for " + type);
    }

    /**
     * For engines with arrays: an ARRAY of the element's {@link #targetType}.
     *
     * @throws DmsException with {@link ErrorCode#UNSUPPORTED_TYPE} when the element type is unknown
     *         or cannot be held
     */
    protected DataType arrayOfTargetType(DataType array) {
        if (array.element() == null) {
            throw unsupported(array, "the array's element type is unknown");
        }
        return DataType.arrayOf(targetType(array.element()));
    }

    // ------------------------------------------------------------------------------------------ DDL

    /**
     * One CREATE TABLE statement: the columns with their {@link #nativeType} and NOT NULL, the
     * primary key, {@link #tableConstraints} and {@link #tableOptions()}. No defaults, no
     * identity, no unique keys.
     */
    @Override
    public List<String> createTable(Table table) {
        return List.of(CreateTable.render(this, table, c -> nativeType(c.type()), tableConstraints(table), tableOptions()));
    }

    /** Table elements after the primary key in {@link #createTable}, such as CHECK constraints; none here. */
    protected List<String> tableConstraints(Table table) {
        return List.of();
    }

    /** The text after {@link #createTable}'s closing parenthesis: the spec's {@link DialectSpec#tableOptions()}. */
    protected String tableOptions() {
        return spec.tableOptions();
    }

    @Override
    public String dropTableIfExists(TableId id) {
        return "DROP TABLE IF EXISTS " + qualify(id);
    }

    @Override
    public String truncateTable(TableId id) {
        return "TRUNCATE TABLE " + qualify(id);
    }

    @Override
    public String createSchemaIfNotExists(String schema) {
        return spec.createSchemaTemplate().formatted(quote(schema));
    }

    // ------------------------------------------------------------------------ change statements

    /** The forms of the statements that apply captured changes, per engine family. */
    protected enum ChangeForm {
        /** PostgreSQL: {@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c}; one row of equal ones by {@code ctid}. */
        ON_CONFLICT,
        /** MySQL and MariaDB: {@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)}; {@code <=>}; {@code DELETE ... LIMIT 1}. */
        ON_DUPLICATE_KEY,
        /** H2: {@code MERGE INTO t (columns) KEY (key) VALUES (...)}; {@code DELETE ... FETCH FIRST 1 ROWS ONLY}. */
        MERGE_KEY,
        /** Standard SQL {@code MERGE}, {@link Dialect}'s defaults. */
        STANDARD
    }

    private static final java.util.Map<String, ChangeForm> CHANGE_FORMS = java.util.Map.of(
            "postgresql", ChangeForm.ON_CONFLICT,
            "mysql", ChangeForm.ON_DUPLICATE_KEY,
            "mariadb", ChangeForm.ON_DUPLICATE_KEY,
            "h2", ChangeForm.MERGE_KEY);

    /**
     * The form of this engine's change statements: by engine name for the built-in engines,
     * {@link ChangeForm#STANDARD} for others. A dialect of an engine that speaks one of the forms
     * (a PostgreSQL-compatible engine, say) overrides this.
     */
    protected ChangeForm changeForm() {
        return CHANGE_FORMS.getOrDefault(engine(), ChangeForm.STANDARD);
    }

    /**
     * In the engine's form: PostgreSQL {@code INSERT ... ON CONFLICT (key) DO UPDATE SET c =
     * EXCLUDED.c} ({@code DO NOTHING} when every column is in the key), MySQL/MariaDB
     * {@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)} (which also fires on the table's
     * other unique keys), H2 {@code MERGE INTO t (columns) KEY (key) VALUES (...)}.
     */
    @Override
    public String upsert(TableId table, List<String> columns, List<String> values, List<String> key) {
        ChangeForm form = changeForm();
        if (form == ChangeForm.STANDARD) {
            return Dialect.super.upsert(table, columns, values, key);
        }
        String insert = insert(table, columns, values);
        if (key.isEmpty() || !columns.containsAll(key)) {
            throw new IllegalArgumentException("key " + key + " is not among the columns " + columns);
        }
        List<String> rest = columns.stream().filter(c -> !key.contains(c)).toList();
        StringBuilder s = new StringBuilder();
        switch (form) {
            case ON_CONFLICT -> {
                s.append(insert).append(" ON CONFLICT (").append(names(key)).append(')');
                if (rest.isEmpty()) {
                    s.append(" DO NOTHING");
                } else {
                    s.append(" DO UPDATE SET ");
                    for (int i = 0; i < rest.size(); i++) {
                        String q = quote(rest.get(i));
                        s.append(i == 0 ? "" : ", ").append(q).append(" = EXCLUDED.").append(q);
                    }
                }
            }
            case ON_DUPLICATE_KEY -> {
                s.append(insert).append(" ON DUPLICATE KEY UPDATE ");
                List<String> set = rest.isEmpty() ? key.subList(0, 1) : rest;
                for (int i = 0; i < set.size(); i++) {
                    String q = quote(set.get(i));
                    s.append(i == 0 ? "" : ", ").append(q).append(" = VALUES(").append(q).append(')');
                }
            }
            default -> s.append("MERGE INTO ").append(qualify(table)).append(" (").append(names(columns)).append(") KEY (")
                    .append(names(key)).append(") VALUES (").append(String.join(", ", values)).append(')');
        }
        return s.toString();
    }

    /**
     * PostgreSQL: {@code DELETE ... WHERE ctid = (SELECT ctid ... LIMIT 1)}; MySQL/MariaDB:
     * {@code DELETE ... LIMIT 1}; H2: {@code DELETE ... FETCH FIRST 1 ROWS ONLY}; each matching
     * every column with {@link #nullSafeEquals}.
     */
    @Override
    public String deleteOneRow(TableId table, List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a delete of one row needs the columns to match");
        }
        StringBuilder where = new StringBuilder(" WHERE ");
        for (int i = 0; i < columns.size(); i++) {
            where.append(i == 0 ? "" : " AND ").append(nullSafeEquals(quote(columns.get(i)), "?"));
        }
        String t = qualify(table);
        return switch (changeForm()) {
            case ON_CONFLICT -> "DELETE FROM " + t + " WHERE ctid = (SELECT ctid FROM " + t + where + " LIMIT 1)";
            case ON_DUPLICATE_KEY -> "DELETE FROM " + t + where + " LIMIT 1";
            case MERGE_KEY -> "DELETE FROM " + t + where + " FETCH FIRST 1 ROWS ONLY";
            case STANDARD -> Dialect.super.deleteOneRow(table, columns);
        };
    }

    /** MySQL/MariaDB: {@code a <=> b}; others: {@code a IS NOT DISTINCT FROM b}. */
    @Override
    public String nullSafeEquals(String left, String right) {
        return changeForm() == ChangeForm.ON_DUPLICATE_KEY ? left + " <=> " + right : Dialect.super.nullSafeEquals(left, right);
    }

    private String names(List<String> columns) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        return s.toString();
    }
}
