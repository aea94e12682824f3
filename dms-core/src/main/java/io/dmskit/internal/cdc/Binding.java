package io.dmskit.internal.cdc;

import io.dmskit.h2.H2BatchWriter;
import io.dmskit.jdbc.JdbcBatchWriter;
import io.dmskit.jdbc.ValueBinder;
import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Interval;

import java.math.BigInteger;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * How the applier binds one value of a target column to a statement parameter, and the
 * parameter's SQL marker. Values are of the target column's logical Java class (after the same
 * conversion as the full load), so the binders are the ones of the engines' JDBC writers
 * ({@link JdbcBatchWriter}, {@link H2BatchWriter}) with the differences that statements other
 * than a plain INSERT need:
 * <ul>
 *   <li>PostgreSQL: character, JSON, enum and bit values are sent untyped, so that the server
 *       reads them as the column's type in {@code VALUES}, {@code SET} and {@code WHERE} alike;
 *       intervals as PostgreSQL interval text;</li>
 *   <li>MySQL and MariaDB: BIT strings as their unsigned number, UUIDs as text, TIMESTAMP WITH
 *       TIME ZONE as its UTC date-time (dmskit's sessions are in UTC), intervals as MySQL TIME
 *       text.</li>
 * </ul>
 * Stateless and thread-safe.
 */
abstract class Binding {

    abstract ValueBinder binder(Column column);

    abstract String placeholder(Column column);

    /** The binding of a target engine's dialect. */
    static Binding of(Dialect dialect) {
        return switch (dialect.engine()) {
            case "postgresql" -> new Writer(new Postgres(dialect));
            case "mysql", "mariadb" -> new Writer(new MySql(dialect));
            case "h2" -> new Writer(new H2(dialect));
            default -> new Writer(new Generic(dialect));
        };
    }

    /** Access to a JDBC writer's protected binder and placeholder. */
    private interface Source {
        ValueBinder binderOf(Column column);

        String placeholderOf(Column column);
    }

    private static final class Writer extends Binding {
        private final Source source;

        Writer(Source source) {
            this.source = source;
        }

        @Override
        ValueBinder binder(Column column) {
            return source.binderOf(column);
        }

        @Override
        String placeholder(Column column) {
            return source.placeholderOf(column);
        }
    }

    private static class Generic extends JdbcBatchWriter implements Source {
        Generic(Dialect dialect) {
            super(dialect);
        }

        @Override
        public ValueBinder binderOf(Column column) {
            return binder(column);
        }

        @Override
        public String placeholderOf(Column column) {
            return placeholder(column);
        }
    }

    private static final class H2 extends H2BatchWriter implements Source {
        H2(Dialect dialect) {
            super(dialect);
        }

        @Override
        public ValueBinder binderOf(Column column) {
            return binder(column);
        }

        @Override
        public String placeholderOf(Column column) {
            return placeholder(column);
        }
    }

    private static final class Postgres extends Generic {
        Postgres(Dialect dialect) {
            super(dialect);
        }

        @Override
        protected ValueBinder binder(Column column) {
            return switch (column.type().kind()) {
                case CHAR, VARCHAR, TEXT, JSON, ENUM, SET, BIT ->
                        ValueBinder.nullable(Types.OTHER, (ps, i, v) -> ps.setObject(i, (String) v, Types.OTHER));
                case INTERVAL -> ValueBinder.nullable(Types.OTHER, (ps, i, v) -> ps.setObject(i, pgInterval((Interval) v), Types.OTHER));
                default -> super.binder(column);
            };
        }
    }

    /** An interval in PostgreSQL's input syntax; each part keeps its own sign, as PostgreSQL keeps them. */
    static String pgInterval(Interval v) {
        return v.months() + " mons " + v.days() + " days " + v.micros() + " microseconds";
    }

    private static final class MySql extends Generic {
        MySql(Dialect dialect) {
            super(dialect);
        }

        @Override
        protected ValueBinder binder(Column column) {
            return switch (column.type().kind()) {
                case BIT -> ValueBinder.nullable(Types.BIGINT, (ps, i, v) -> ps.setLong(i, new BigInteger((String) v, 2).longValue()));
                case UUID -> ValueBinder.nullable(Types.VARCHAR, (ps, i, v) -> ps.setString(i, ((UUID) v).toString()));
                case TIMESTAMP_TZ -> ValueBinder.nullable(Types.TIMESTAMP, (ps, i, v) -> ps.setObject(i,
                        ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), Types.TIMESTAMP));
                case TIME_TZ -> ValueBinder.nullable(Types.TIME, (ps, i, v) -> ps.setObject(i,
                        ((OffsetTime) v).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime(), Types.TIME));
                case TIMESTAMP -> ValueBinder.nullable(Types.TIMESTAMP, (ps, i, v) -> ps.setObject(i, (LocalDateTime) v, Types.TIMESTAMP));
                case TIME -> ValueBinder.nullable(Types.TIME, (ps, i, v) -> ps.setObject(i, (LocalTime) v, Types.TIME));
                case INTERVAL -> ValueBinder.nullable(Types.VARCHAR, (ps, i, v) -> ps.setString(i, mysqlTime((Interval) v)));
                default -> super.binder(column);
            };
        }
    }

    /** A MySQL TIME text, {@code [-]HHH:MM:SS.ffffff}, of an interval without months or days beyond its hours. */
    static String mysqlTime(Interval v) {
        if (v.months() != 0) {
            throw new IllegalArgumentException("interval " + v + " has months, which MySQL TIME cannot hold");
        }
        long micros = Math.addExact(Math.multiplyExact(v.days(), 86_400_000_000L), v.micros());
        long abs = Math.abs(micros);
        return String.format("%s%02d:%02d:%02d.%06d", micros < 0 ? "-" : "", abs / 3_600_000_000L,
                abs / 60_000_000L % 60, abs / 1_000_000L % 60, abs % 1_000_000L);
    }
}
