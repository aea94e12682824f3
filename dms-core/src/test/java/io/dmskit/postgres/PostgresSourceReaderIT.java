package io.dmskit.postgres;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ValueException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values that PostgreSQL has and java.time or BigDecimal do not, and the reader's session needs. */
class PostgresSourceReaderIT {

    private static PgTestDatabase db;

    @BeforeAll
    static void createSchema() throws SQLException {
        db = new PgTestDatabase("dmskit_readerit");
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    /** Reads the one value of a one-column table holding {@code literal}. */
    private static Object readOne(String name, String ddlType, DataType type, String literal) throws SQLException {
        db.execute("CREATE TABLE " + db.qualified(name) + " (v " + ddlType + ")",
                "INSERT INTO " + db.qualified(name) + " VALUES (" + literal + ")");
        Table t = PgTestDatabase.table(TableId.of(db.schema, name), List.of(Column.of("v", type, true)), "v");
        try (Connection c = db.connect()) {
            return PgTestDatabase.read(c, t, KeyRange.all()).get(0)[0];
        }
    }

    private static void assertUnreadable(String name, String ddlType, DataType type, String literal, String message) {
        assertThatThrownBy(() -> readOne(name, ddlType, type, literal)).isInstanceOfSatisfying(ValueException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.row()).isZero();
            assertThat(e.column()).isZero();
        });
    }

    @Test
    void infiniteDatesAndTimestampsAreValueErrors() {
        assertUnreadable("d_inf", "date", DataType.of(TypeKind.DATE), "'infinity'",
                "cannot read a value of type date: date 'infinity' has no java.time.LocalDate value: java.time has "
                        + "no infinite dates or times");
        assertUnreadable("d_ninf", "date", DataType.of(TypeKind.DATE), "'-infinity'",
                "cannot read a value of type date: date '-infinity' has no java.time.LocalDate value: java.time has "
                        + "no infinite dates or times");
        assertUnreadable("ts_inf", "timestamp", DataType.temporal(TypeKind.TIMESTAMP, 6), "'infinity'",
                "cannot read a value of type timestamp: timestamp 'infinity' has no java.time.LocalDateTime value: "
                        + "java.time has no infinite dates or times");
        assertUnreadable("tstz_ninf", "timestamptz", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), "'-infinity'",
                "cannot read a value of type timestamp_tz: timestamp with time zone '-infinity' has no "
                        + "java.time.OffsetDateTime value: java.time has no infinite dates or times");
    }

    @Test
    void midnightAsTwentyFourHundredIsAValueError() {
        assertUnreadable("t24", "time", DataType.temporal(TypeKind.TIME, 6), "'24:00:00'",
                "cannot read a value of type time: time 24:00:00 has no java.time.LocalTime value");
        assertUnreadable("ttz24", "timetz", DataType.temporal(TypeKind.TIME_TZ, 6), "'24:00:00+02'",
                "cannot read a value of type time_tz: time with time zone 24:00:00 has no java.time.OffsetTime value");
    }

    @Test
    void numericNanIsAValueError() {
        assertUnreadable("n_nan", "numeric", DataType.decimal(0, -1), "'NaN'",
                "cannot read a value of type decimal: numeric NaN has no java.math.BigDecimal value");
    }

    @Test
    void bitOfOneIsAStringNotABoolean() throws SQLException {
        assertThat(readOne("bit1", "bit(1)", DataType.ofLength(TypeKind.BIT, 1), "B'1'")).isEqualTo("1");
    }

    @Test
    void intervalsAreExactWhateverTheSessionsIntervalStyle() throws SQLException {
        db.execute("CREATE TABLE " + db.qualified("iv") + " (id int PRIMARY KEY, v interval)",
                "INSERT INTO " + db.qualified("iv") + " VALUES (1, '-2562047788:00:54.775807'::interval - '1 us'), "
                        + "(2, '178956970 years 7 mons 2147483647 days 2562047788:00:54.775807'), "
                        + "(3, '-1 year -2 mons +3 days -04:05:06.000007')");
        Table t = PgTestDatabase.table(TableId.of(db.schema, "iv"), List.of(
                Column.of("id", DataType.of(TypeKind.INTEGER), false),
                Column.of("v", DataType.temporal(TypeKind.INTERVAL, 6), true)), "id");
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET IntervalStyle = 'iso_8601'");
            }
            c.commit();
            List<Object[]> rows = PgTestDatabase.read(c, t, KeyRange.all());
            rows.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
            assertThat(rows.get(0)[1]).isEqualTo(Interval.ofMicros(Long.MIN_VALUE));
            assertThat(rows.get(1)[1]).isEqualTo(new Interval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE));
            assertThat(rows.get(2)[1]).isEqualTo(new Interval(-14, 3, -14_706_000_007L));
        }
    }

    @Test
    void keyRangesOverAnEnumKeyCompareAsTheEnum() throws SQLException {
        db.execute("CREATE TYPE " + db.dialect.quote(db.schema) + ".level AS ENUM ('low', 'mid', 'high')",
                "CREATE TABLE " + db.qualified("lv") + " (k " + db.dialect.quote(db.schema) + ".level PRIMARY KEY)",
                "INSERT INTO " + db.qualified("lv") + " VALUES ('low'), ('mid'), ('high')");
        Table t = PgTestDatabase.table(TableId.of(db.schema, "lv"), List.of(
                Column.of("k", DataType.enumOf(List.of("low", "mid", "high")), false)), "k");
        try (Connection c = db.connect()) {
            // Enum order, not text order: 'mid' <= k is mid and high.
            List<Object[]> rows = PgTestDatabase.read(c, t, new KeyRange("k", "mid", null));
            assertThat(rows).extracting(r -> r[0]).containsExactlyInAnyOrder("mid", "high");
        }
    }
}
