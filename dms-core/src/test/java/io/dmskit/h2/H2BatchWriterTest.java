package io.dmskit.h2;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Dialects;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.WriteRequest;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link H2BatchWriter} does differently from the JDBC writer; needs no database. */
class H2BatchWriterTest {

    private static final Dialect H2 = Dialects.forEngine("h2").orElseThrow();
    private static final Column ID = Column.of("id", DataType.of(TypeKind.BIGINT), false);

    @Test
    void parsesJsonParametersAsJson() {
        Column doc = Column.of("doc", DataType.of(TypeKind.JSON), true);
        Table table = new Table(TableId.of("PUBLIC", "t"), List.of(ID, doc), List.of("id"), List.of(), -1);
        class Exposed extends H2BatchWriter {
            Exposed() {
                super(H2);
            }

            String sql(WriteRequest request) {
                return insertSql(request);
            }
        }
        assertThat(new Exposed().sql(new WriteRequest(table, table.columns())))
                .isEqualTo("INSERT INTO \"PUBLIC\".\"t\" (\"id\", \"doc\") VALUES (?, ? FORMAT JSON)");
    }

    @Test
    void attributesADataErrorToAnUnquotedUpperCaseColumn() {
        List<Column> columns = List.of(ID, Column.of("V", DataType.ofLength(TypeKind.VARCHAR, 3), true));
        SQLException error = new SQLException("Value too long for column \"V CHARACTER VARYING(3)\": \"'abcd' (4)\"", "22001");
        assertThat(new H2BatchWriter(H2).attributeColumn(error, columns)).isEqualTo(1);
    }

    @Test
    void attributesADataErrorToAColumnWhoseNameH2Quotes() {
        List<Column> columns = List.of(ID, Column.of("v", DataType.ofLength(TypeKind.VARCHAR, 3), true));
        SQLException error = new SQLException("Value too long for column \"\"v\" CHARACTER VARYING(3)\": \"'V' (4)\"", "22001");
        assertThat(new H2BatchWriter(H2).attributeColumn(error, columns)).isEqualTo(1);
    }

    @Test
    void engineIsH2WithItsReaderAndWriter() {
        H2Engine engine = new H2Engine();
        assertThat(engine.engine()).isEqualTo("h2");
        assertThat(engine.dialect().engine()).isEqualTo("h2");
        assertThat(engine.reader()).isInstanceOf(H2SourceReader.class);
        assertThat(engine.writer()).isInstanceOf(H2BatchWriter.class);
    }
}
