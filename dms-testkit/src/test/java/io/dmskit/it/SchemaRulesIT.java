package io.dmskit.it;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.convert.Coercion;
import io.dmskit.internal.convert.Coercions;
import io.dmskit.internal.runtime.Engines;
import io.dmskit.schema.Catalog;
import io.dmskit.schema.Column;
import io.dmskit.schema.ConversionNote;
import io.dmskit.schema.ConvertedSchema;
import io.dmskit.schema.SchemaConverter;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.schema.TypeRules;
import io.dmskit.schema.ZeroDate;
import io.dmskit.spi.BatchWriter;
import io.dmskit.spi.EngineProvider;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.RowBatch;
import io.dmskit.spi.RowReader;
import io.dmskit.spi.WriteRequest;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The named type rules of the schema converter with edge values, MariaDB to PostgreSQL, on real
 * databases: the target schema comes from {@link SchemaConverter} (pre-load, post-load, foreign
 * keys, sequence values after the load), and the rows go through dms-core's reader and writer
 * with each column's {@link TypeRules.Resolution#valueFixer() value fixer} (and the pipeline's
 * coercion) between them, as the runtime is to do. Zero dates, which the MariaDB reader refuses,
 * are read as text and handed to the fixer as {@link ZeroDate}s.
 */
class SchemaRulesIT {

    private static final String LONG_COLUMN = "column_name_of_exactly_sixty_four_characters_that_mariadb_accept";

    private static TestDatabase maria;
    private static TestDatabase pg;

    @BeforeAll
    static void databases() {
        maria = TestDatabase.create(Engine.MARIADB);
        pg = TestDatabase.create(Engine.POSTGRESQL);
        assertThat(LONG_COLUMN).hasSize(64);
        maria.execute("SET SESSION sql_mode = ''",
                "CREATE TABLE hard (id int unsigned AUTO_INCREMENT PRIMARY KEY, u8 tinyint unsigned, u32 int unsigned,"
                        + " u64 bigint unsigned, flag tinyint(1) NOT NULL, bit1 bit(1), dt datetime(6), ts timestamp(6) NULL,"
                        + " mood enum('sad','it''s ok','happy') NOT NULL DEFAULT 'it''s ok', tags set('a','b','c'), doc json,"
                        + " uuid_text char(36), uuid_bin binary(16), tiny tinytext, mb mediumblob, `select` int,"
                        + " " + LONG_COLUMN + " int, UNIQUE KEY uq_uuid (uuid_text))",
                "INSERT INTO hard VALUES (1, 0, 0, 0, 0, b'0', '1000-01-01 00:00:00', '1970-01-01 00:00:01',"
                        + " 'sad', '', '{}', '123e4567-e89b-12d3-a456-426614174000', UNHEX('123e4567e89b12d3a456426614174000'),"
                        + " '', '', 1, 1)",
                "INSERT INTO hard VALUES (1000, 255, 4294967295, 18446744073709551615, 1, b'1',"
                        + " '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', 'it''s ok', 'a,c',"
                        + " '{\"k\": [1, \"\u00fc\", null], \"e\": \"\uD83D\uDE00\"}', '00000000-0000-0000-0000-00000000000A',"
                        + " UNHEX('ffffffffffffffffffffffffffffffff'), REPEAT('x', 255), REPEAT('y', 70000), NULL, NULL)",
                "INSERT INTO hard (flag) VALUES (0)");
    }

    @AfterAll
    static void close() {
        if (maria != null) {
            maria.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static Catalog sourceCatalog(String table) throws SQLException {
        try (Connection c = maria.connect()) {
            return Engines.forEndpoint(maria.endpoint()).dialect().readCatalog(c,
                    id -> id.schema().equals(maria.schema()) && id.name().equals(table));
        }
    }

    private static ConvertedSchema convert(Catalog catalog, TypeRules rules, String targetSchema) {
        return SchemaConverter.builder().target(Engines.forEndpoint(pg.endpoint()).dialect()).rules(rules)
                .renameSchema(maria.schema(), targetSchema).build().convert(catalog);
    }

    /** Pre-load, the copy through reader, fixers, coercions and writer, then every post-load phase. */
    private static void migrate(ConvertedSchema schema, Function<Connection, RowReader> reader) throws SQLException {
        try (Connection target = pg.connect(); Connection source = maria.connect()) {
            EngineProvider pgEngine = Engines.forEndpoint(pg.endpoint());
            for (String sql : pgEngine.sessionInitStatements()) {
                target.createStatement().execute(sql);
            }
            execute(target, schema.preLoad());
            for (Table sourceTable : schema.source().tables()) {
                TableId targetId = schema.targetId(sourceTable.id()).orElseThrow();
                Table targetTable = schema.target().table(targetId).orElseThrow();
                List<TypeRules.Resolution> resolutions = new ArrayList<>();
                List<Coercion> coercions = new ArrayList<>();
                for (Column c : sourceTable.columns()) {
                    TypeRules.Resolution r = schema.column(sourceTable.id(), c.name()).orElseThrow();
                    resolutions.add(r);
                    coercions.add(r.hasValueFixer() ? null : Coercions.plan(c.type(), r.type()));
                }
                target.setAutoCommit(false);
                try (RowReader rows = reader.apply(source);
                     BatchWriter writer = pgEngine.writer().open(target, new WriteRequest(targetTable, targetTable.columns()))) {
                    RowBatch batch = new RowBatch(100, sourceTable.columns().size());
                    boolean more = true;
                    while (more) {
                        batch.clear();
                        more = rows.next(batch);
                        for (int i = 0; i < batch.size(); i++) {
                            Object[] row = batch.row(i);
                            for (int j = 0; j < row.length; j++) {
                                Object v = row[j];
                                if (v != null && resolutions.get(j).hasValueFixer()) {
                                    row[j] = resolutions.get(j).valueFixer().apply(v);
                                } else if (v != null && coercions.get(j) != null) {
                                    row[j] = coercions.get(j).apply(v);
                                }
                            }
                        }
                        if (!batch.isEmpty()) {
                            writer.write(batch);
                        }
                    }
                    writer.flush();
                }
                target.commit();
                target.setAutoCommit(true);
            }
            for (ConvertedSchema.TableStatements t : schema.postLoad()) {
                execute(target, t.statements());
            }
            for (ConvertedSchema.TableStatements t : schema.foreignKeys()) {
                execute(target, t.statements());
            }
            execute(target, schema.sequenceValues(target));
        }
    }

    private static RowReader dmsReader(Connection source, Table table) {
        try {
            EngineProvider engine = Engines.forEndpoint(maria.endpoint());
            for (String sql : engine.sessionInitStatements()) {
                source.createStatement().execute(sql);
            }
            return engine.reader().open(source, new ReadRequest(table, table.columns(), KeyRange.all(), 100));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = pg.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Object> row = new TreeMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void hardCasesMoveWithTheirNamedRules() throws SQLException {
        String schema = pg.schema() + "_rules";
        TypeRules rules = TypeRules.defaults().with(TypeRules.TINYINT1_TO_BOOLEAN, TypeRules.BIT1_TO_BOOLEAN,
                TypeRules.CHAR36_TO_UUID, TypeRules.BINARY16_TO_UUID, TypeRules.SET_TO_ARRAY);
        Catalog catalog = sourceCatalog("hard");
        ConvertedSchema converted = convert(catalog, rules, schema);
        Table source = catalog.tables().get(0);
        migrate(converted, c -> dmsReader(c, source));

        String q = "\"" + schema + "\".\"hard\"";
        List<Map<String, Object>> rows = rows("SELECT id, u8, u32, u64, flag, bit1, dt, ts AT TIME ZONE 'UTC' AS ts_utc, mood::text"
                + " AS mood, tags::text AS tags, doc::text AS doc, uuid_text, uuid_bin, length(tiny) AS tiny,"
                + " length(mb) AS mb, \"select\" FROM " + q + " ORDER BY id");
        assertThat(rows).hasSize(3);
        Map<String, Object> low = rows.get(0);
        Map<String, Object> high = rows.get(1);
        assertThat(low).containsEntry("u8", 0).containsEntry("u32", 0L).containsEntry("flag", false).containsEntry("bit1", false)
                .containsEntry("mood", "sad").containsEntry("tags", "{}").containsEntry("doc", "{}")
                .containsEntry("uuid_text", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))
                .containsEntry("uuid_bin", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(low.get("u64").toString()).isEqualTo("0");
        assertThat(low.get("dt").toString()).isEqualTo("1000-01-01 00:00:00.0");
        assertThat(low.get("ts_utc").toString()).isEqualTo("1970-01-01 00:00:01.0");
        assertThat(high).containsEntry("u8", 255).containsEntry("u32", 4294967295L).containsEntry("flag", true)
                .containsEntry("bit1", true).containsEntry("mood", "it's ok").containsEntry("tags", "{a,c}")
                .containsEntry("uuid_text", UUID.fromString("00000000-0000-0000-0000-00000000000a"))
                .containsEntry("uuid_bin", new UUID(-1, -1)).containsEntry("tiny", 255).containsEntry("mb", 70000);
        assertThat(high.get("u64").toString()).isEqualTo("18446744073709551615");
        assertThat(high.get("dt").toString()).isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(high.get("ts_utc").toString()).isEqualTo("2038-01-19 03:14:07.999999");
        assertThat(high.get("doc").toString()).isEqualTo("{\"e\": \"\uD83D\uDE00\", \"k\": [1, \"\u00fc\", null]}");

        // the column that was too long is there, shortened; the enum is a type; the id continues after the loaded ones
        assertThat(converted.targetColumnName(source.id(), LONG_COLUMN).orElseThrow()).hasSize(63);
        assertThat(rows("SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = '"
                + schema + "' AND typtype = 'e'")).extracting(r -> r.get("typname")).containsExactly("hard_mood");
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + q + " (flag) VALUES (true)");
            try (ResultSet rs = st.executeQuery("SELECT max(id), min(mood::text) FROM " + q + " WHERE u8 IS NULL")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1002);
            }
            // the CHECKs keep unsigned values unsigned and SET elements to the labels
            assertThatThrownBy(() -> st.execute("INSERT INTO " + q + " (flag, u32) VALUES (true, -1)")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.execute("INSERT INTO " + q + " (flag, tags) VALUES (true, '{d}')"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.execute("INSERT INTO " + q + " (flag, mood) VALUES (true, 'angry')"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(converted.notes()).filteredOn(n -> n.rule() != null).extracting(ConversionNote::rule)
                .contains("tinyint1-to-boolean", "bit1-to-boolean", "char36-to-uuid", "binary16-to-uuid", "set-to-text-array",
                        "unsigned-integer-widen", "datetime-as-timestamp", "mysql-timestamp-as-timestamptz",
                        "enum-to-pg-enum-type", "json-to-jsonb", "text-size-class", "identifier-length", "reserved-word");
        dropSchema(schema);
    }

    @Test
    void aValueThatARuleRefusesFailsWithADataError() throws SQLException {
        maria.execute("CREATE TABLE flags (id int PRIMARY KEY, flag tinyint(1))", "INSERT INTO flags VALUES (1, 0), (2, 2)");
        String schema = pg.schema() + "_flags";
        Catalog catalog = sourceCatalog("flags");
        ConvertedSchema converted = convert(catalog, TypeRules.defaults().with(TypeRules.TINYINT1_TO_BOOLEAN), schema);
        assertThatThrownBy(() -> migrate(converted, c -> dmsReader(c, catalog.tables().get(0))))
                .isInstanceOf(DmsException.class).hasMessageContaining("value 2 of a TINYINT(1) is not a boolean")
                .extracting(e -> ((DmsException) e).code()).isEqualTo(ErrorCode.DATA_ERROR);
        // without the rule, the column stays an integer and 2 moves
        String lossless = pg.schema() + "_flags2";
        migrate(convert(catalog, TypeRules.defaults(), lossless), c -> dmsReader(c, catalog.tables().get(0)));
        assertThat(rows("SELECT flag FROM \"" + lossless + "\".\"flags\" ORDER BY id")).extracting(r -> r.get("flag"))
                .containsExactly(0, 2);
        dropSchema(schema);
        dropSchema(lossless);
    }

    @Test
    void zeroDatesFailOrBecomeNullOrAFixedDate() throws SQLException {
        maria.execute("SET SESSION sql_mode = ''",
                "CREATE TABLE zero (id int PRIMARY KEY, d date NOT NULL, dt datetime NOT NULL)");
        try (Connection c = maria.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("INSERT INTO zero VALUES (1, '0000-00-00', '0000-00-00 00:00:00'), (2, '2024-00-10', '2024-02-29 23:59:59'),"
                    + " (3, '0001-01-01', '9999-12-31 23:59:59')");
        }
        Catalog catalog = sourceCatalog("zero");

        String failing = pg.schema() + "_zero_fail";
        assertThatThrownBy(() -> migrate(convert(catalog, TypeRules.defaults(), failing), SchemaRulesIT::zeroReader))
                .isInstanceOf(DmsException.class).hasMessageStartingWith("zero date '0000-00-00' has no equivalent");

        String nulls = pg.schema() + "_zero_null";
        migrate(convert(catalog, TypeRules.defaults().with(TypeRules.zeroDateToNull()), nulls), SchemaRulesIT::zeroReader);
        assertThat(rows("SELECT id, d, dt FROM \"" + nulls + "\".\"zero\" ORDER BY id")).extracting(r -> String.valueOf(r.get("d"))
                + " " + r.get("dt")).containsExactly("null null", "null 2024-02-29 23:59:59.0", "0001-01-01 9999-12-31 23:59:59.0");

        String fixed = pg.schema() + "_zero_fixed";
        migrate(convert(catalog, TypeRules.defaults().with(TypeRules.zeroDateTo(LocalDate.of(1970, 1, 1))), fixed),
                SchemaRulesIT::zeroReader);
        assertThat(rows("SELECT id, d, dt FROM \"" + fixed + "\".\"zero\" ORDER BY id")).extracting(r -> r.get("d") + " "
                + r.get("dt")).containsExactly("1970-01-01 1970-01-01 00:00:00.0", "1970-01-01 2024-02-29 23:59:59.0",
                "0001-01-01 9999-12-31 23:59:59.0");
        dropSchema(failing);
        dropSchema(nulls);
        dropSchema(fixed);
    }

    /** Rows of table zero read as text, zero dates as {@link ZeroDate}s (dms-core's reader refuses them). */
    private static RowReader zeroReader(Connection source) {
        return new RowReader() {
            private boolean done;

            @Override
            public boolean next(RowBatch batch) throws SQLException {
                if (done) {
                    return false;
                }
                done = true;
                try (Statement st = source.createStatement();
                     ResultSet rs = st.executeQuery("SELECT id, CAST(d AS char), CAST(dt AS char) FROM `" + maria.schema()
                             + "`.zero ORDER BY id")) {
                    while (rs.next()) {
                        String d = rs.getString(2);
                        String dt = rs.getString(3);
                        Object[] row = batch.addRow();
                        row[0] = rs.getLong(1);
                        row[1] = ZeroDate.isZero(d) ? new ZeroDate(d, TypeKind.DATE) : LocalDate.parse(d);
                        row[2] = ZeroDate.isZero(dt) ? new ZeroDate(dt, TypeKind.TIMESTAMP)
                                : LocalDateTime.parse(dt.replace(' ', 'T'));
                    }
                }
                return false;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void datetimeReadInAZoneBecomesAnInstant() throws SQLException {
        maria.execute("CREATE TABLE wall (id int PRIMARY KEY, at datetime(6))",
                "INSERT INTO wall VALUES (1, '2024-01-15 12:00:00'), (2, '2024-03-31 02:30:00'), (3, '2024-10-27 02:30:00'),"
                        + " (4, '1000-01-01 00:00:00.000001')");
        String schema = pg.schema() + "_wall";
        Catalog catalog = sourceCatalog("wall");
        migrate(convert(catalog, TypeRules.defaults().with(TypeRules.datetimeAsInstant(ZoneId.of("Europe/Paris"))), schema),
                c -> dmsReader(c, catalog.tables().get(0)));
        List<OffsetDateTime> at = new ArrayList<>();
        try (Connection c = pg.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT at FROM \"" + schema + "\".\"wall\" ORDER BY id")) {
            while (rs.next()) {
                at.add(rs.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
            }
        }
        assertThat(at).containsExactly(OffsetDateTime.of(2024, 1, 15, 11, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 3, 31, 1, 30, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 10, 27, 0, 30, 0, 0, ZoneOffset.UTC),
                LocalDateTime.of(1000, 1, 1, 0, 0, 0, 1_000).atZone(ZoneId.of("Europe/Paris")).toOffsetDateTime()
                        .withOffsetSameInstant(ZoneOffset.UTC));
        dropSchema(schema);
    }

    private static void dropSchema(String schema) {
        pg.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
}
