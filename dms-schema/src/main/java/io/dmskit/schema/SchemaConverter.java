package io.dmskit.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts a source {@link Catalog} into the DDL of a target engine, in load order, with a
 * {@link ConversionNote} for every object: the schema conversion tool of dmskit.
 * <pre>{@code
 * Catalog catalog = new MariaDbDialect().readCatalog(connection, id -> true);
 * ConvertedSchema schema = SchemaConverter.convert(catalog, new PostgresDialect(), TypeRules.defaults());
 * schema.preLoad().forEach(sql -> run(target, sql));   // then load, then postLoad(), foreignKeys(), ...
 * }</pre>
 * Column types follow the {@link TypeRules}; defaults, generated columns, identities, indexes,
 * constraints and comments are converted where the target has them, else recorded as MANUAL
 * notes (the object is left out, and nothing else is held up). Names longer than the target
 * allows are shortened with a stable hash suffix ({@code name_1a2b3c4d}); names that are reserved
 * words in the target are noted (every identifier is quoted anyway). Views, triggers and
 * routines go through a {@link SqlTranslator}.
 *
 * <p>A configured converter is immutable and thread-safe; {@link #convert(Catalog)} never throws
 * for a source object that it cannot convert.
 */
public final class SchemaConverter {

    /** How the converter changes the case of unquoted-looking names. */
    public enum IdentifierCase {
        /** Names are kept exactly (they are quoted everywhere). The default. */
        PRESERVE,
        /** Names become lower case (PostgreSQL's convention for unquoted names). */
        LOWER,
        /** Names become upper case (H2's and the SQL standard's convention for unquoted names). */
        UPPER
    }

    private final Dialect target;
    private final Dialect source;
    private final TypeRules rules;
    private final SqlTranslator translator;
    private final IdentifierCase identifierCase;
    private final Map<String, String> schemaRenames;

    private SchemaConverter(Builder b) {
        this.target = b.target;
        this.source = b.source;
        this.rules = b.rules;
        this.translator = b.translator;
        this.identifierCase = b.identifierCase;
        this.schemaRenames = Map.copyOf(b.schemaRenames);
    }

    /** Converts with the given rules, the standard translator ({@link SqlTranslator#standard()}), names kept. */
    public static ConvertedSchema convert(Catalog source, Dialect target, TypeRules rules) {
        return builder().target(target).rules(rules).build().convert(source);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The target DDL and notes of a catalog. The source engine is the builder's
     * {@link Builder#source(Dialect)}, else the catalog's {@link Catalog#engine()}.
     */
    public ConvertedSchema convert(Catalog catalog) {
        Dialect from = source != null ? source
                : catalog.engine() == null ? null : Dialects.forEngine(catalog.engine()).orElse(null);
        return new SchemaConversion(catalog, from, target, rules, translator, identifierCase, schemaRenames).run();
    }

    public Dialect target() {
        return target;
    }

    public TypeRules rules() {
        return rules;
    }

    /** Builds a {@link SchemaConverter}; {@link #target} is required. Not thread-safe. */
    public static final class Builder {
        private Dialect target;
        private Dialect source;
        private TypeRules rules = TypeRules.defaults();
        private SqlTranslator translator = SqlTranslator.standard();
        private IdentifierCase identifierCase = IdentifierCase.PRESERVE;
        private final Map<String, String> schemaRenames = new LinkedHashMap<>();

        private Builder() {
        }

        /** The target engine's dialect. Required. */
        public Builder target(Dialect dialect) {
            this.target = dialect;
            return this;
        }

        /** The source engine's dialect, when the catalog does not name its engine. */
        public Builder source(Dialect dialect) {
            this.source = dialect;
            return this;
        }

        /** The type rules; {@link TypeRules#defaults()} unless set. */
        public Builder rules(TypeRules typeRules) {
            this.rules = typeRules;
            return this;
        }

        /** The translator of views, triggers and routines; {@link SqlTranslator#standard()} unless set. */
        public Builder translator(SqlTranslator sqlTranslator) {
            this.translator = sqlTranslator;
            return this;
        }

        /** The case of target names; {@link IdentifierCase#PRESERVE} unless set. */
        public Builder identifierCase(IdentifierCase rule) {
            this.identifierCase = rule;
            return this;
        }

        /** Objects of schema (MySQL: database) {@code from} go to schema {@code to}, also inside SQL texts. */
        public Builder renameSchema(String from, String to) {
            schemaRenames.put(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
            return this;
        }

        /** @throws IllegalArgumentException naming every missing setting */
        public SchemaConverter build() {
            List<String> problems = new ArrayList<>();
            if (target == null) {
                problems.add("target is not set (the target engine's Dialect, for example new PostgresDialect())");
            }
            if (rules == null) {
                problems.add("rules is null (use TypeRules.defaults())");
            }
            if (translator == null) {
                problems.add("translator is null (use SqlTranslator.standard())");
            }
            if (identifierCase == null) {
                problems.add("identifierCase is null (allowed: PRESERVE, LOWER, UPPER)");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid SchemaConverter: " + String.join("; ", problems));
            }
            return new SchemaConverter(this);
        }
    }
}
