package io.dmskit.jdbc;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.KeyRange;
import io.dmskit.spi.ReadRequest;
import io.dmskit.spi.WriteRequest;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL text of {@link JdbcSourceReader} and {@link JdbcBatchWriter}; needs no database. */
class JdbcSqlTextTest {

    private static final Dialect H2 = Dialects.forEngine("h2").orElseThrow();
    private static final Dialect MYSQL = Dialects.forEngine("mysql").orElseThrow();

    private static final String HOSTILE_TABLE = "Robert'); DROP TABLE students;--";
    private static final Column ID = Column.of("id", DataType.of(TypeKind.BIGINT), false);
    private static final Column HOSTILE_COLUMN = Column.of("na\"me` ]", DataType.ofLength(TypeKind.VARCHAR, 10), true);
    private static final Column DOC = Column.of("doc", DataType.of(TypeKind.JSON), true);
    private static final Table TABLE = new Table(TableId.of("sch\"ema", HOSTILE_TABLE),
            List.of(ID, HOSTILE_COLUMN, DOC), List.of("id"), List.of(), -1);

    private static ReadRequest read(KeyRange range) {
        return new ReadRequest(TABLE, List.of(ID, HOSTILE_COLUMN), range, 100);
    }

    @Test
    void selectsQuotedColumnsFromQualifiedTableWithoutWhereForAllRows() {
        assertThat(new JdbcSourceReader(H2).selectSql(read(KeyRange.all())))
                .isEqualTo("SELECT \"id\", \"na\"\"me` ]\" FROM \"sch\"\"ema\".\"Robert'); DROP TABLE students;--\"");
    }

    @Test
    void quotesHostileIdentifiersWithTheDialectOfTheEngine() {
        assertThat(new JdbcSourceReader(MYSQL).selectSql(read(KeyRange.all())))
                .isEqualTo("SELECT `id`, `na\"me`` ]` FROM `sch\"ema`.`Robert'); DROP TABLE students;--`");
    }

    @Test
    void readsAKeyRangeWithLowerBoundInclusiveAndUpperBoundExclusive() {
        assertThat(new JdbcSourceReader(H2).selectSql(read(new KeyRange("id", 10L, 20L))))
                .endsWith(" WHERE \"id\" >= ? AND \"id\" < ?");
    }

    @Test
    void leavesOutTheMissingBoundOfAHalfOpenRange() {
        JdbcSourceReader reader = new JdbcSourceReader(H2);
        assertThat(reader.selectSql(read(new KeyRange("id", 10L, null)))).endsWith(" WHERE \"id\" >= ?");
        assertThat(reader.selectSql(read(new KeyRange("id", null, 20L)))).endsWith(" WHERE \"id\" < ?");
    }

    @Test
    void quotesAHostileKeyColumnInThePredicate() {
        ReadRequest request = new ReadRequest(TABLE, List.of(ID), new KeyRange(HOSTILE_COLUMN.name(), "a", "b"), 1);
        assertThat(new JdbcSourceReader(H2).selectSql(request))
                .isEqualTo("SELECT \"id\" FROM \"sch\"\"ema\".\"Robert'); DROP TABLE students;--\""
                        + " WHERE \"na\"\"me` ]\" >= ? AND \"na\"\"me` ]\" < ?");
    }

    @Test
    void neverSortsTheSegment() {
        JdbcSourceReader reader = new JdbcSourceReader(H2);
        for (KeyRange range : List.of(KeyRange.all(), new KeyRange("id", 1L, 2L), new KeyRange("id", 1L, null))) {
            assertThat(reader.selectSql(read(range))).doesNotContainIgnoringCase("order by");
        }
    }

    @Test
    void rejectsAKeyRangeOnAColumnTheTableDoesNotHave() {
        assertThatThrownBy(() -> new JdbcSourceReader(H2).selectSql(read(new KeyRange("nope", 1L, 2L))))
                .isInstanceOf(DmsException.class)
                .hasMessage("Table sch\"ema.Robert'); DROP TABLE students;-- has no column 'nope' to read the key range"
                        + " 1 <= nope < 2 by")
                .extracting(e -> ((DmsException) e).code()).isEqualTo(ErrorCode.CONFIGURATION);
    }

    @Test
    void rejectsAReadOfNoColumns() {
        assertThatThrownBy(() -> new JdbcSourceReader(H2).selectSql(new ReadRequest(TABLE, List.of(), KeyRange.all(), 1)))
                .isInstanceOf(DmsException.class)
                .hasMessage("Table sch\"ema.Robert'); DROP TABLE students;--: a read request must name at least one column");
    }

    @Test
    void insertsIntoQuotedColumnsOfTheQualifiedTable() {
        assertThat(new JdbcBatchWriter(H2).insertSql(new WriteRequest(TABLE, List.of(ID, HOSTILE_COLUMN, DOC))))
                .isEqualTo("INSERT INTO \"sch\"\"ema\".\"Robert'); DROP TABLE students;--\" (\"id\", \"na\"\"me` ]\", \"doc\")"
                        + " VALUES (?, ?, ?)");
    }

    @Test
    void rejectsABatchOfNoRows() {
        assertThatThrownBy(() -> new JdbcBatchWriter(H2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchRows must be at least 1, was 0");
    }

    @Test
    void attributesADataErrorToTheColumnItsMessageNamesFirst() {
        JdbcBatchWriter writer = new JdbcBatchWriter(MYSQL);
        List<Column> columns = List.of(ID, Column.of("v", DataType.of(TypeKind.TEXT), true), DOC);
        assertThat(writer.attributeColumn(new SQLException("Data too long for column 'v' at row 1 ('doc')", "22001"), columns))
                .isEqualTo(1);
        assertThat(writer.attributeColumn(new SQLException("value too long for type character varying(3)", "22001"), columns))
                .isEqualTo(-1);
    }
}
