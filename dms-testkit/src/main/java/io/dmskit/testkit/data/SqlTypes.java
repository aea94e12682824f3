package io.dmskit.testkit.data;

import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.data.ValueDomain.ArrayValues;
import io.dmskit.testkit.data.ValueDomain.Bits;
import io.dmskit.testkit.data.ValueDomain.Booleans;
import io.dmskit.testkit.data.ValueDomain.Bytes;
import io.dmskit.testkit.data.ValueDomain.Charset;
import io.dmskit.testkit.data.ValueDomain.Dates;
import io.dmskit.testkit.data.ValueDomain.Decimals;
import io.dmskit.testkit.data.ValueDomain.Floats;
import io.dmskit.testkit.data.ValueDomain.Instants;
import io.dmskit.testkit.data.ValueDomain.Integers;
import io.dmskit.testkit.data.ValueDomain.Intervals;
import io.dmskit.testkit.data.ValueDomain.Jsons;
import io.dmskit.testkit.data.ValueDomain.Labels;
import io.dmskit.testkit.data.ValueDomain.Texts;
import io.dmskit.testkit.data.ValueDomain.TimesOfDay;
import io.dmskit.testkit.data.ValueDomain.TimesWithZone;
import io.dmskit.testkit.data.ValueDomain.Timestamps;
import io.dmskit.testkit.data.ValueDomain.UnsignedBigints;
import io.dmskit.testkit.data.ValueDomain.Uuids;
import io.dmskit.testkit.internal.JsonText;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The column types that dmskit's full load moves, per engine, with the DDL spellings of the
 * project's end-to-end tests: every integer size (signed and unsigned in MariaDB), exact decimals
 * bounded and not, floats, CHAR/VARCHAR/TEXT, binary, BIT, YEAR, dates, times, timestamps with and
 * without zone at microseconds, intervals (MariaDB TIME), JSON/jsonb, UUID, ENUM, SET, and
 * PostgreSQL's arrays, timetz and bit varying (which only move to PostgreSQL). Stateless.
 *
 * <p>MySQL is not listed yet: {@link #of(Engine)} rejects it (no MySQL server runs in this project's
 * builds to check the list against).
 */
public final class SqlTypes {

    private static final LocalDateTime MIN_DATETIME = LocalDateTime.of(1000, 1, 1, 0, 0);
    private static final LocalDateTime MAX_DATETIME = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000);
    private static final Dates DATES = new Dates(LocalDate.of(1000, 1, 1), LocalDate.of(9999, 12, 31));
    private static final Timestamps TIMESTAMPS = new Timestamps(MIN_DATETIME, MAX_DATETIME, 6);
    /** A day inside MariaDB's DATETIME range at either end, so that an instant at any offset stays in it. */
    private static final Instants INSTANTS = new Instants(Instant.parse("1000-01-02T00:00:00Z"),
            Instant.parse("9999-12-30T23:59:59.999999Z"), 6, false);
    /** MySQL TIME: -838:59:59.999999 to 838:59:59.999999. */
    private static final long MYSQL_TIME_MAX = 3_020_399_999_999L;
    private static final Texts KEY_TEXT = new Texts(1, 40, Charset.KEY, true);
    private static final List<String> ENUM_LABELS = List.of("a", "b c", "it's", "\u00fc\uD83D\uDE00", "back\\slash");
    private static final List<String> SET_LABELS = List.of("x", "y z", "d'e", "\u00fc\u4e2d");
    /**
     * MariaDB keeps the labels of ENUM and SET columns in utf8mb3 metadata: a 4-byte character in a
     * label reads back from the catalog (information_schema, SHOW CREATE TABLE) as '?', so that a
     * table created from the catalog has a different label. Its labels have 3-byte characters at most.
     */
    private static final List<String> MARIADB_ENUM_LABELS = List.of("a", "b c", "it's", "\u00fc\u4e2d", "back\\slash");

    private static final DateTimeFormatter MARIADB_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private static final List<SqlType> POSTGRESQL = List.of(
            type(Engine.POSTGRESQL, "boolean", TypeKind.BOOLEAN, new Booleans()).build(),
            type(Engine.POSTGRESQL, "smallint", TypeKind.SMALLINT, new Integers(Short.MIN_VALUE, Short.MAX_VALUE)).keyable().build(),
            type(Engine.POSTGRESQL, "integer", TypeKind.INTEGER, new Integers(Integer.MIN_VALUE, Integer.MAX_VALUE)).keyable().build(),
            type(Engine.POSTGRESQL, "bigint", TypeKind.BIGINT, new Integers(Long.MIN_VALUE, Long.MAX_VALUE)).keyable().build(),
            type(Engine.POSTGRESQL, "numeric(12,2)", TypeKind.DECIMAL, new Decimals(10, 2, true)).build(),
            // unbounded; what MariaDB's DECIMAL(65,30) holds moves anywhere
            type(Engine.POSTGRESQL, "numeric", TypeKind.DECIMAL, new Decimals(60, 40, false)).portable(new Decimals(35, 30, false)).build(),
            type(Engine.POSTGRESQL, "real", TypeKind.REAL, new Floats(true, true)).portable(new Floats(true, false)).build(),
            type(Engine.POSTGRESQL, "double precision", TypeKind.DOUBLE, new Floats(false, true)).portable(new Floats(false, false)).build(),
            type(Engine.POSTGRESQL, "char(10)", TypeKind.CHAR, new Texts(0, 10, Charset.UNICODE, true)).readBack(padCodePoints(10)).build(),
            type(Engine.POSTGRESQL, "varchar(300)", TypeKind.VARCHAR, new Texts(0, 300, Charset.UNICODE, false)).build(),
            type(Engine.POSTGRESQL, "varchar(40)", TypeKind.VARCHAR, KEY_TEXT).keyable().build(),
            type(Engine.POSTGRESQL, "text", TypeKind.TEXT, new Texts(0, 16_000, Charset.UNICODE, false)).build(),
            type(Engine.POSTGRESQL, "bytea", TypeKind.BLOB, new Bytes(0, 4096)).build(),
            type(Engine.POSTGRESQL, "bit(8)", TypeKind.BIT, new Bits(8)).placeholder("CAST(? AS bit(8))").build(),
            type(Engine.POSTGRESQL, "date", TypeKind.DATE, DATES).keyable().build(),
            type(Engine.POSTGRESQL, "time(6)", TypeKind.TIME, new TimesOfDay(6)).build(),
            type(Engine.POSTGRESQL, "timestamp(6)", TypeKind.TIMESTAMP, TIMESTAMPS).keyable().build(),
            type(Engine.POSTGRESQL, "timestamptz(6)", TypeKind.TIMESTAMP_TZ, INSTANTS).build(),
            type(Engine.POSTGRESQL, "interval", TypeKind.INTERVAL, new Intervals(360_000_000_000_000L, true, 6))
                    .portable(new Intervals(MYSQL_TIME_MAX, false, 6))
                    .placeholder("CAST(? AS interval)").bind(v -> postgresInterval((Interval) v)).build(),
            type(Engine.POSTGRESQL, "json", TypeKind.JSON, new Jsons()).placeholder("CAST(? AS json)").build(),
            type(Engine.POSTGRESQL, "jsonb", TypeKind.JSON, new Jsons()).placeholder("CAST(? AS jsonb)")
                    .readBack(v -> JsonText.jsonb((String) v)).build(),
            type(Engine.POSTGRESQL, "uuid", TypeKind.UUID, new Uuids(false)).portable(new Uuids(true)).keyable().build(),
            type(Engine.POSTGRESQL, "enum", TypeKind.ENUM, new Labels(ENUM_LABELS, false)).enumLabels(ENUM_LABELS)
                    .placeholder("CAST(? AS " + TableDefinition.TYPE_NAME + ")").build(),
            type(Engine.POSTGRESQL, "bit varying(20)", TypeKind.BIT, new ValueDomain.Bits(20))
                    .placeholder("CAST(? AS bit varying(20))").only().build(),
            type(Engine.POSTGRESQL, "timetz(6)", TypeKind.TIME_TZ, new TimesWithZone(6)).only()
                    .placeholder("CAST(? AS timetz)").bind(v -> v.toString()).build(),
            type(Engine.POSTGRESQL, "integer[]", TypeKind.ARRAY, new ArrayValues(new Integers(Integer.MIN_VALUE, Integer.MAX_VALUE)))
                    .only().placeholder("CAST(? AS integer[])").bind(SqlTypes::postgresArray).build(),
            type(Engine.POSTGRESQL, "text[]", TypeKind.ARRAY, new ArrayValues(new Texts(0, 20, Charset.UNICODE, false)))
                    .only().placeholder("CAST(? AS text[])").bind(SqlTypes::postgresArray).build());

    private static final List<SqlType> MARIADB = List.of(
            type(Engine.MARIADB, "TINYINT(1)", TypeKind.TINYINT, new Integers(-128, 127)).build(),
            type(Engine.MARIADB, "TINYINT", TypeKind.TINYINT, new Integers(-128, 127)).build(),
            type(Engine.MARIADB, "TINYINT UNSIGNED", TypeKind.TINYINT, new Integers(0, 255)).build(),
            type(Engine.MARIADB, "SMALLINT", TypeKind.SMALLINT, new Integers(Short.MIN_VALUE, Short.MAX_VALUE)).keyable().build(),
            type(Engine.MARIADB, "SMALLINT UNSIGNED", TypeKind.SMALLINT, new Integers(0, 65_535)).build(),
            type(Engine.MARIADB, "MEDIUMINT", TypeKind.MEDIUMINT, new Integers(-8_388_608, 8_388_607)).build(),
            type(Engine.MARIADB, "MEDIUMINT UNSIGNED", TypeKind.MEDIUMINT, new Integers(0, 16_777_215)).build(),
            type(Engine.MARIADB, "INT", TypeKind.INTEGER, new Integers(Integer.MIN_VALUE, Integer.MAX_VALUE)).keyable().build(),
            type(Engine.MARIADB, "INT UNSIGNED", TypeKind.INTEGER, new Integers(0, 4_294_967_295L)).keyable().build(),
            type(Engine.MARIADB, "BIGINT", TypeKind.BIGINT, new Integers(Long.MIN_VALUE, Long.MAX_VALUE)).keyable().build(),
            type(Engine.MARIADB, "BIGINT UNSIGNED", TypeKind.BIGINT, new UnsignedBigints()).keyable().bind(Object::toString).build(),
            type(Engine.MARIADB, "DECIMAL(65,30)", TypeKind.DECIMAL, new Decimals(35, 30, true)).bind(SqlTypes::plain).build(),
            type(Engine.MARIADB, "DECIMAL(12,2)", TypeKind.DECIMAL, new Decimals(10, 2, true)).bind(SqlTypes::plain).build(),
            // a float's shortest decimal (3.4028235E38) can be beyond the float range when read as a double: send the exact double
            type(Engine.MARIADB, "FLOAT", TypeKind.REAL, new Floats(true, false)).bind(v -> ((Float) v).doubleValue()).build(),
            type(Engine.MARIADB, "DOUBLE", TypeKind.DOUBLE, new Floats(false, false)).build(),
            type(Engine.MARIADB, "CHAR(10)", TypeKind.CHAR, new Texts(0, 10, Charset.UNICODE, true)).build(),
            type(Engine.MARIADB, "VARCHAR(300)", TypeKind.VARCHAR, new Texts(0, 300, Charset.UNICODE_WITH_NUL, false))
                    .portable(new Texts(0, 300, Charset.UNICODE, false)).build(),
            type(Engine.MARIADB, "VARCHAR(40)", TypeKind.VARCHAR, KEY_TEXT).keyable().build(),
            type(Engine.MARIADB, "TEXT", TypeKind.TEXT, new Texts(0, 16_000, Charset.UNICODE_WITH_NUL, false))
                    .portable(new Texts(0, 16_000, Charset.UNICODE, false)).build(),
            type(Engine.MARIADB, "LONGTEXT", TypeKind.TEXT, new Texts(0, 16_000, Charset.UNICODE, false)).build(),
            type(Engine.MARIADB, "BINARY(4)", TypeKind.BINARY, new Bytes(4, 4)).build(),
            type(Engine.MARIADB, "VARBINARY(300)", TypeKind.VARBINARY, new Bytes(0, 300)).build(),
            type(Engine.MARIADB, "BLOB", TypeKind.BLOB, new Bytes(0, 4096)).build(),
            type(Engine.MARIADB, "BIT(1)", TypeKind.BIT, new Bits(1)).placeholder("CAST(? AS UNSIGNED)").bind(SqlTypes::bitNumber).build(),
            type(Engine.MARIADB, "BIT(64)", TypeKind.BIT, new Bits(64)).placeholder("CAST(? AS UNSIGNED)").bind(SqlTypes::bitNumber).build(),
            type(Engine.MARIADB, "YEAR", TypeKind.YEAR, new Integers(1901, 2155)).build(),
            type(Engine.MARIADB, "DATE", TypeKind.DATE, DATES).keyable().bind(Object::toString).build(),
            type(Engine.MARIADB, "TIME(6)", TypeKind.INTERVAL, new Intervals(MYSQL_TIME_MAX, false, 6))
                    .bind(v -> mysqlTime((Interval) v)).build(),
            type(Engine.MARIADB, "DATETIME(6)", TypeKind.TIMESTAMP, TIMESTAMPS).keyable()
                    .bind(v -> MARIADB_DATETIME.format((LocalDateTime) v)).build(),
            // inserted in a session at UTC (see TableDefinition.sessionSetup)
            type(Engine.MARIADB, "TIMESTAMP(6)", TypeKind.TIMESTAMP_TZ, new Instants(Instant.parse("1970-01-01T00:00:01Z"),
                    Instant.parse("2038-01-19T03:14:07.999999Z"), 6, false))
                    .bind(v -> MARIADB_DATETIME.format(((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC))).build(),
            type(Engine.MARIADB, "JSON", TypeKind.JSON, new Jsons()).build(),
            type(Engine.MARIADB, "UUID", TypeKind.UUID, new Uuids(true)).keyable().bind(Object::toString).build(),
            type(Engine.MARIADB, mysqlLabels("ENUM", MARIADB_ENUM_LABELS), TypeKind.ENUM, new Labels(MARIADB_ENUM_LABELS, false)).build(),
            type(Engine.MARIADB, mysqlLabels("SET", SET_LABELS), TypeKind.SET, new Labels(SET_LABELS, true)).build());

    private static final List<SqlType> H2 = List.of(
            type(Engine.H2, "BOOLEAN", TypeKind.BOOLEAN, new Booleans()).build(),
            type(Engine.H2, "TINYINT", TypeKind.TINYINT, new Integers(-128, 127)).build(),
            type(Engine.H2, "SMALLINT", TypeKind.SMALLINT, new Integers(Short.MIN_VALUE, Short.MAX_VALUE)).keyable().build(),
            type(Engine.H2, "INTEGER", TypeKind.INTEGER, new Integers(Integer.MIN_VALUE, Integer.MAX_VALUE)).keyable().build(),
            type(Engine.H2, "BIGINT", TypeKind.BIGINT, new Integers(Long.MIN_VALUE, Long.MAX_VALUE)).keyable().build(),
            type(Engine.H2, "DECIMAL(30,10)", TypeKind.DECIMAL, new Decimals(20, 10, true)).build(),
                        // H2 stores -0.0 as 0.0
            type(Engine.H2, "REAL", TypeKind.REAL, new Floats(true, true)).portable(new Floats(true, false)).readBack(SqlTypes::noNegativeZero)
                    .build(),
            type(Engine.H2, "DOUBLE PRECISION", TypeKind.DOUBLE, new Floats(false, true)).portable(new Floats(false, false))
                    .readBack(SqlTypes::noNegativeZero).build(),
            type(Engine.H2, "CHAR(10)", TypeKind.CHAR, new Texts(0, 10, Charset.UNICODE, true)).readBack(padChars(10)).build(),
            type(Engine.H2, "VARCHAR(300)", TypeKind.VARCHAR, new Texts(0, 300, Charset.UNICODE_WITH_NUL, false))
                    .portable(new Texts(0, 300, Charset.UNICODE, false)).build(),
            type(Engine.H2, "VARCHAR(40)", TypeKind.VARCHAR, KEY_TEXT).keyable().build(),
            type(Engine.H2, "CLOB", TypeKind.TEXT, new Texts(0, 16_000, Charset.UNICODE, false)).build(),
            type(Engine.H2, "BINARY(4)", TypeKind.BINARY, new Bytes(4, 4)).build(),
            type(Engine.H2, "VARBINARY(300)", TypeKind.VARBINARY, new Bytes(0, 300)).build(),
            type(Engine.H2, "BLOB", TypeKind.BLOB, new Bytes(0, 4096)).build(),
            type(Engine.H2, "DATE", TypeKind.DATE, DATES).keyable().build(),
            type(Engine.H2, "TIME(6)", TypeKind.TIME, new TimesOfDay(6)).build(),
            type(Engine.H2, "TIMESTAMP(6)", TypeKind.TIMESTAMP, TIMESTAMPS).keyable().build(),
            type(Engine.H2, "TIMESTAMP(6) WITH TIME ZONE", TypeKind.TIMESTAMP_TZ, new Instants(INSTANTS.min(), INSTANTS.max(), 6, true))
                    .build(),
            type(Engine.H2, "INTERVAL HOUR TO SECOND(6)", TypeKind.INTERVAL, new Intervals(359_999_999_999L, false, 6))
                    .placeholder("CAST(? AS INTERVAL HOUR TO SECOND(6))").bind(v -> mysqlTime((Interval) v)).build(),
            type(Engine.H2, "JSON", TypeKind.JSON, new Jsons()).placeholder("? FORMAT JSON").readBack(v -> JsonText.compact((String) v))
                    .build(),
            type(Engine.H2, "UUID", TypeKind.UUID, new Uuids(false)).portable(new Uuids(true)).keyable().build(),
            type(Engine.H2, h2Enum(), TypeKind.ENUM, new Labels(ENUM_LABELS, false)).build());

    private SqlTypes() {
    }

    /**
     * Every catalogued type of the engine, in a fixed order.
     *
     * @throws IllegalArgumentException for {@link Engine#MYSQL}, not catalogued yet
     */
    public static List<SqlType> of(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> POSTGRESQL;
            case MARIADB -> MARIADB;
            case H2 -> H2;
            case MYSQL -> throw new IllegalArgumentException("The testkit has no catalogue of MySQL types yet; "
                    + "use MariaDB's types through SqlTypes.of(Engine.MARIADB) with care (MySQL has no UUID type and "
                    + "normalizes JSON)");
        };
    }

    /** The types of the source engine whose columns a full load moves to every one of the targets. */
    public static List<SqlType> movingTo(Engine source, Set<Engine> targets) {
        return of(source).stream().filter(t -> t.movesTo().containsAll(targets)).toList();
    }

    /** The statements that a session runs before it inserts values of the engine's types: the time zone at UTC. */
    public static List<String> sessionSetup(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> List.of("SET TimeZone TO 'UTC'");
            case MARIADB, MYSQL -> List.of("SET time_zone = '+00:00'");
            case H2 -> List.of();
        };
    }

    private static SqlType.Builder type(Engine engine, String ddl, TypeKind kind, ValueDomain domain) {
        return SqlType.builder(engine, ddl, kind, domain);
    }

    /** CHAR(n) of PostgreSQL: n characters (code points), padded with spaces. */
    private static UnaryOperator<Object> padCodePoints(int length) {
        return v -> {
            String s = (String) v;
            int n = s.codePointCount(0, s.length());
            return n >= length ? s : s + " ".repeat(length - n);
        };
    }

    /** CHAR(n) of H2: n UTF-16 code units (a 4-byte UTF-8 character counts twice), padded with spaces. */
    private static UnaryOperator<Object> padChars(int length) {
        return v -> {
            String s = (String) v;
            return s.length() >= length ? s : s + " ".repeat(length - s.length());
        };
    }

    private static Object noNegativeZero(Object v) {
        if (v instanceof Float f && f == 0f) {
            return 0f;
        }
        if (v instanceof Double d && d == 0d) {
            return 0d;
        }
        return v;
    }

    private static Object plain(Object v) {
        return ((BigDecimal) v).toPlainString();
    }

    private static Object bitNumber(Object v) {
        return new BigInteger((String) v, 2).toString();
    }

    /** An interval of microseconds as MySQL's TIME literal (also H2's HOUR TO SECOND): {@code -838:59:59.000000}. */
    static String mysqlTime(Interval v) {
        if (v.months() != 0 || v.days() != 0) {
            throw new IllegalArgumentException(v + " has months or days");
        }
        long abs = Math.abs(v.micros());
        return String.format("%s%02d:%02d:%02d.%06d", v.micros() < 0 ? "-" : "", abs / 3_600_000_000L,
                abs / 60_000_000L % 60, abs / 1_000_000L % 60, abs % 1_000_000L);
    }

    /** An interval in PostgreSQL's input syntax with each part apart: {@code 1 mons -2 days 3 microseconds}. */
    static String postgresInterval(Interval v) {
        return v.months() + " mons " + v.days() + " days " + v.micros() + " microseconds";
    }

    /** A one-dimensional array literal: {@code {1,NULL,"a \"b\""}}. */
    private static Object postgresArray(Object v) {
        StringBuilder b = new StringBuilder("{");
        List<?> list = (List<?>) v;
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            b.append(i == 0 ? "" : ",");
            if (e == null) {
                b.append("NULL");
            } else if (e instanceof String s) {
                b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                b.append(e);
            }
        }
        return b.append('}').toString();
    }

    private static String mysqlLabels(String kind, List<String> labels) {
        StringBuilder b = new StringBuilder(kind).append('(');
        for (int i = 0; i < labels.size(); i++) {
            b.append(i == 0 ? "" : ",").append('\'').append(labels.get(i).replace("\\", "\\\\").replace("'", "''")).append('\'');
        }
        return b.append(')').toString();
    }

    private static String h2Enum() {
        StringBuilder b = new StringBuilder("ENUM(");
        for (int i = 0; i < ENUM_LABELS.size(); i++) {
            b.append(i == 0 ? "" : ",").append('\'').append(ENUM_LABELS.get(i).replace("'", "''")).append('\'');
        }
        return b.append(')').toString();
    }
}
