package io.dmskit.h2;

import io.dmskit.jdbc.JdbcBatchWriter;
import io.dmskit.jdbc.ValueBinder;
import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Dialect;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;
import org.h2.api.IntervalQualifier;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The {@link JdbcBatchWriter} for H2 2.x. Differences from the standard setters: INTERVAL values
 * become {@link org.h2.api.Interval} of the column's qualifier (read from the column type's native
 * name, for example {@code INTERVAL HOUR TO SECOND}), failing instead of truncating when the
 * qualifier cannot hold the value; JSON parameters are written as {@code ? FORMAT JSON}, so
 * that the text is parsed as JSON instead of stored as one JSON string; arrays of intervals and
 * of JSON convert their elements the same way.
 *
 * <p>H2 keeps JSON in a normalized spelling and stores the float and double -0.0 as 0.0; values
 * read back differ from the written ones in these ways (H2's behaviour, not the writer's).
 * Stateless and thread-safe; see {@link JdbcBatchWriter} for transactions.
 */
public class H2BatchWriter extends JdbcBatchWriter {

    /** @param dialect the H2 dialect */
    public H2BatchWriter(Dialect dialect) {
        super(dialect);
    }

    /**
     * @param dialect   the H2 dialect
     * @param batchRows rows per JDBC statement batch; at least 1
     */
    public H2BatchWriter(Dialect dialect, int batchRows) {
        super(dialect, batchRows);
    }

    @Override
    protected String placeholder(Column column) {
        return column.type().kind() == TypeKind.JSON ? "? FORMAT JSON" : "?";
    }

    @Override
    protected ValueBinder binder(Column column) {
        if (column.type().kind() == TypeKind.INTERVAL) {
            IntervalQualifier q = H2Intervals.qualifier(column.type());
            return ValueBinder.nullable(Types.OTHER, (ps, i, v) -> ps.setObject(i, H2Intervals.toH2((Interval) v, q)));
        }
        return super.binder(column);
    }

    /**
     * Interval elements become H2 intervals of the element type's qualifier; JSON elements become
     * their UTF-8 bytes, which H2 parses as JSON text (a Java string would become a JSON string).
     */
    @Override
    protected Object arrayElement(DataType element, Object value) throws SQLException {
        if (element != null && element.kind() == TypeKind.INTERVAL && value instanceof Interval iv) {
            return H2Intervals.toH2(iv, H2Intervals.qualifier(element));
        }
        if (element != null && element.kind() == TypeKind.JSON && value instanceof String json) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
        return super.arrayElement(element, value);
    }

    /**
     * H2 names a column in its messages as {@code column "NAME TYPE"}, with the name quoted only
     * when it needs quotes, so the default search for a quoted name misses plain upper-case names.
     */
    @Override
    protected int attributeColumn(SQLException error, List<Column> columns) {
        String message = error.getMessage();
        if (message != null) {
            for (int c = 0; c < columns.size(); c++) {
                String name = columns.get(c).name();
                if (message.contains("column \"" + name + " ")
                        || message.contains("column \"" + dialect().quote(name) + " ")) {
                    return c;
                }
            }
        }
        return super.attributeColumn(error, columns);
    }

}
