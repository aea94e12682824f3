package io.dmskit.testkit.data;

import io.dmskit.schema.TypeKind;
import io.dmskit.testkit.Engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One column type of one engine that dmskit's full load moves, as a test needs it: its DDL
 * spelling, the logical kind that dmskit's reader of the engine reports, the values it holds,
 * and how a parameterized INSERT binds a value. {@link SqlTypes} lists them per engine.
 * Immutable and thread-safe.
 *
 * <p>Values are of the logical type's Java class (see {@link io.dmskit.schema.TypeKind#javaClass()}):
 * the values a reader of the engine gives for the column and a writer takes.
 */
public final class SqlType {

    private final Engine engine;
    private final String ddl;
    private final TypeKind kind;
    private final ValueDomain domain;
    private final ValueDomain portableDomain;
    private final Set<Engine> movesTo;
    private final boolean keyable;
    private final String placeholder;
    private final UnaryOperator<Object> toJdbc;
    private final UnaryOperator<Object> readBack;
    private final List<String> enumLabels;

    private SqlType(Builder b) {
        this.engine = b.engine;
        this.ddl = b.ddl;
        this.kind = b.kind;
        this.domain = b.domain;
        this.portableDomain = b.portableDomain == null ? b.domain : b.portableDomain;
        this.movesTo = Set.copyOf(b.movesTo);
        this.keyable = b.keyable;
        this.placeholder = b.placeholder;
        this.toJdbc = b.toJdbc;
        this.readBack = b.readBack;
        this.enumLabels = b.enumLabels;
    }

    static Builder builder(Engine engine, String ddl, TypeKind kind, ValueDomain domain) {
        return new Builder(engine, ddl, kind, domain);
    }

    /** The engine. */
    public Engine engine() {
        return engine;
    }

    /**
     * The type as a CREATE TABLE spells it, for example {@code numeric(12,2)} or
     * {@code TIMESTAMP(6) NULL}. For a PostgreSQL enum it is a placeholder name; the real column
     * type is the type that {@link #createType} creates.
     */
    public String ddl() {
        return ddl;
    }

    /** The logical kind that dmskit's reader of the engine reports for a column of this type. */
    public TypeKind kind() {
        return kind;
    }

    /** Every value the column holds that a test should try, whatever the target of a migration. */
    public ValueDomain domain() {
        return domain;
    }

    /**
     * The values that survive a move to any engine in {@link #movesTo()} and compare equal there:
     * for example no NaN (MariaDB has none), no text with NUL (PostgreSQL has none), timestamps
     * within MariaDB's years 1000 to 9999.
     */
    public ValueDomain portableDomain() {
        return portableDomain;
    }

    /** The domain for a migration to the targets: {@link #domain()} when every target is this engine, else the portable one. */
    public ValueDomain domainFor(Set<Engine> targets) {
        return targets.stream().allMatch(t -> t == engine) ? domain : portableDomain;
    }

    /** The engines a column of this type can be migrated to by a full load, this one included. */
    public Set<Engine> movesTo() {
        return movesTo;
    }

    /** Whether the type may be (part of) a primary key in generated tables. */
    public boolean keyable() {
        return keyable;
    }

    /** The SQL expression that an INSERT's VALUES list has for this column, with one {@code ?}, for example {@code CAST(? AS jsonb)}. */
    public String placeholder() {
        return placeholder;
    }

    /** The JDBC parameter that an INSERT binds for a value of the domain (with {@code setObject}); null for null. */
    public Object toJdbc(Object value) {
        return value == null ? null : toJdbc.apply(value);
    }

    /**
     * The value that dmskit's reader of this engine gives for a column into which {@code value} was
     * inserted: the same value, except where the engine changes it as it stores it (a CHAR(n) pads
     * to n characters, jsonb reorders keys, H2 compacts JSON).
     */
    public Object readBack(Object value) {
        return value == null ? null : readBack.apply(value);
    }

    /** For a PostgreSQL enum, the statement that creates its type under a name (quoted by the caller); otherwise empty. */
    public Optional<String> createType(String quotedName) {
        if (enumLabels == null) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder("CREATE TYPE ").append(quotedName).append(" AS ENUM (");
        for (int i = 0; i < enumLabels.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('\'').append(enumLabels.get(i).replace("'", "''")).append('\'');
        }
        return Optional.of(b.append(')').toString());
    }

    @Override
    public String toString() {
        return engine + " " + ddl;
    }

    static final class Builder {
        private final Engine engine;
        private final String ddl;
        private final TypeKind kind;
        private final ValueDomain domain;
        private ValueDomain portableDomain;
        private Set<Engine> movesTo = EnumSet.of(Engine.POSTGRESQL, Engine.MARIADB, Engine.MYSQL, Engine.H2);
        private boolean keyable;
        private String placeholder = "?";
        private UnaryOperator<Object> toJdbc = v -> v;
        private UnaryOperator<Object> readBack = v -> v;
        private List<String> enumLabels;

        private Builder(Engine engine, String ddl, TypeKind kind, ValueDomain domain) {
            this.engine = Objects.requireNonNull(engine);
            this.ddl = Objects.requireNonNull(ddl);
            this.kind = Objects.requireNonNull(kind);
            this.domain = Objects.requireNonNull(domain);
        }

        Builder portable(ValueDomain d) {
            this.portableDomain = d;
            return this;
        }

        Builder only(Engine... engines) {
            this.movesTo = EnumSet.of(engine, engines);
            return this;
        }

        Builder keyable() {
            this.keyable = true;
            return this;
        }

        Builder placeholder(String p) {
            this.placeholder = p;
            return this;
        }

        Builder bind(UnaryOperator<Object> f) {
            this.toJdbc = f;
            return this;
        }

        Builder readBack(UnaryOperator<Object> f) {
            this.readBack = f;
            return this;
        }

        Builder enumLabels(List<String> labels) {
            this.enumLabels = List.copyOf(labels);
            return this;
        }

        SqlType build() {
            return new SqlType(this);
        }
    }
}
