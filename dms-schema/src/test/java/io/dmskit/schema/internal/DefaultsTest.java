package io.dmskit.schema.internal;

import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.h2.H2Dialect;
import io.dmskit.schema.mysql.MariaDbDialect;
import io.dmskit.schema.mysql.MySqlDialect;
import io.dmskit.schema.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import static io.dmskit.schema.internal.Defaults.ValueKind.BITS;
import static io.dmskit.schema.internal.Defaults.ValueKind.BOOLEAN;
import static io.dmskit.schema.internal.Defaults.ValueKind.CURRENT_DATE;
import static io.dmskit.schema.internal.Defaults.ValueKind.NEXTVAL;
import static io.dmskit.schema.internal.Defaults.ValueKind.NOW;
import static io.dmskit.schema.internal.Defaults.ValueKind.NULL;
import static io.dmskit.schema.internal.Defaults.ValueKind.NUMBER;
import static io.dmskit.schema.internal.Defaults.ValueKind.STRING;
import static io.dmskit.schema.internal.Defaults.ValueKind.UNKNOWN;
import static io.dmskit.schema.internal.Defaults.ValueKind.UUID;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultsTest {

    private static final Dialect PG = new PostgresDialect();
    private static final Dialect MARIADB = new MariaDbDialect();
    private static final Dialect MYSQL = new MySqlDialect();
    private static final Dialect H2 = new H2Dialect();

    @Test
    void parsesEachEnginesSpellings() {
        assertThat(Defaults.parse("'it''s'::character varying", PG)).isEqualTo(new Defaults.Value(STRING, "it's", null));
        assertThat(Defaults.parse("'x\\'y'", MARIADB)).isEqualTo(new Defaults.Value(STRING, "x'y", null));
        assertThat(Defaults.parse("(-1)", PG).kind()).isEqualTo(NUMBER);
        assertThat(Defaults.parse("(-1)", PG).text()).isEqualTo("-1");
        assertThat(Defaults.parse("'42'::numeric", PG).kind()).isEqualTo(STRING);
        assertThat(Defaults.parse("NULL::character varying", PG).kind()).isEqualTo(NULL);
        assertThat(Defaults.parse("true", PG).kind()).isEqualTo(BOOLEAN);
        assertThat(Defaults.parse("b'101'", MARIADB)).isEqualTo(new Defaults.Value(BITS, "101", null));
        assertThat(Defaults.parse("B'101'::\"bit\"", PG)).isEqualTo(new Defaults.Value(BITS, "101", null));
        for (String now : new String[] {"now()", "CURRENT_TIMESTAMP", "current_timestamp(3)", "LOCALTIMESTAMP"}) {
            assertThat(Defaults.parse(now, PG).kind()).as(now).isEqualTo(NOW);
        }
        assertThat(Defaults.parse("curdate()", MARIADB).kind()).isEqualTo(CURRENT_DATE);
        assertThat(Defaults.parse("CURRENT_DATE", H2).kind()).isEqualTo(CURRENT_DATE);
        assertThat(Defaults.parse("gen_random_uuid()", PG).kind()).isEqualTo(UUID);
        assertThat(Defaults.parse("uuid()", MARIADB).kind()).isEqualTo(UUID);
        assertThat(Defaults.parse("RANDOM_UUID()", H2).kind()).isEqualTo(UUID);
        assertThat(Defaults.parse("nextval('shop.\"Seq\"'::regclass)", PG))
                .isEqualTo(new Defaults.Value(NEXTVAL, "nextval('shop.\"Seq\"'::regclass)", TableId.of("shop", "Seq")));
        assertThat(Defaults.parse("nextval('counter'::regclass)", PG).sequence()).isEqualTo(new TableId("", "counter"));
        assertThat(Defaults.parse("nextval(`db`.`sq`)", MARIADB).sequence()).isEqualTo(TableId.of("db", "sq"));
        assertThat(Defaults.parse("NEXT VALUE FOR \"S\".\"SQ\"", H2).sequence()).isEqualTo(TableId.of("S", "SQ"));
        assertThat(Defaults.parse("DATE '2020-01-02'", H2)).isEqualTo(new Defaults.Value(STRING, "2020-01-02", null));
        assertThat(Defaults.parse("(random() * 10)", PG).kind()).isEqualTo(UNKNOWN);
        assertThat(Defaults.parse("(now() + '1 day'::interval)", PG).kind()).isEqualTo(UNKNOWN);
    }

    @Test
    void rendersForTheTargetColumn() {
        DataType datetime3 = DataType.temporal(TypeKind.TIMESTAMP, 3);
        DataType tstz = DataType.temporal(TypeKind.TIMESTAMP_TZ, 6);
        Defaults.Value now = new Defaults.Value(NOW, null, null);
        assertThat(Defaults.render(now, MARIADB, datetime3, false, null)).isEqualTo("CURRENT_TIMESTAMP(3)");
        assertThat(Defaults.render(now, MARIADB, datetime3, true, null)).isEqualTo("UTC_TIMESTAMP(3)");
        assertThat(Defaults.render(now, MYSQL, datetime3, true, null)).isEqualTo("(UTC_TIMESTAMP(3))");
        assertThat(Defaults.render(now, PG, datetime3, false, null)).isEqualTo("LOCALTIMESTAMP");
        assertThat(Defaults.render(now, PG, tstz, false, null)).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(Defaults.render(now, PG, DataType.of(TypeKind.INTEGER), false, null)).isNull();
        assertThat(Defaults.render(new Defaults.Value(CURRENT_DATE, null, null), MARIADB, DataType.of(TypeKind.DATE), false,
                null)).isEqualTo("curdate()");
        assertThat(Defaults.render(new Defaults.Value(CURRENT_DATE, null, null), MYSQL, DataType.of(TypeKind.DATE), false,
                null)).isEqualTo("(CURRENT_DATE)");
        assertThat(Defaults.render(new Defaults.Value(STRING, "it's", null), MYSQL, DataType.ofLength(TypeKind.TEXT, 0), false,
                null)).isEqualTo("('it''s')");
        assertThat(Defaults.render(new Defaults.Value(STRING, "a\\b", null), MARIADB, DataType.ofLength(TypeKind.VARCHAR, 5),
                false, null)).isEqualTo("'a\\\\b'");
        assertThat(Defaults.render(new Defaults.Value(NUMBER, "0", null), PG, DataType.of(TypeKind.BOOLEAN), false, null))
                .isEqualTo("FALSE");
        assertThat(Defaults.render(new Defaults.Value(BOOLEAN, "true", null), MARIADB, DataType.of(TypeKind.BOOLEAN), false,
                null)).isEqualTo("1");
        assertThat(Defaults.render(new Defaults.Value(BITS, "1", null), PG, DataType.of(TypeKind.BOOLEAN), false, null))
                .isEqualTo("TRUE");
        assertThat(Defaults.render(new Defaults.Value(BITS, "101", null), H2, DataType.ofLength(TypeKind.VARCHAR, 3), false,
                null)).isEqualTo("'101'");
        assertThat(Defaults.render(new Defaults.Value(UUID, null, null), PG, DataType.ofLength(TypeKind.CHAR, 36), false, null))
                .isEqualTo("CAST(gen_random_uuid() AS text)");
        assertThat(Defaults.render(new Defaults.Value(NEXTVAL, null, TableId.of("s", "q")), PG, DataType.of(TypeKind.BIGINT),
                false, "\"s\".\"q\"")).isEqualTo("nextval('\"s\".\"q\"'::regclass)");
        assertThat(Defaults.render(new Defaults.Value(NEXTVAL, null, TableId.of("s", "q")), MYSQL, DataType.of(TypeKind.BIGINT),
                false, "`s`.`q`")).isNull();
    }
}
