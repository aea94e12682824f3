package io.dmskit.h2;

import io.dmskit.jdbc.JdbcSourceReader;
import io.dmskit.jdbc.ValueExtractor;
import io.dmskit.schema.Column;
import io.dmskit.schema.Dialect;

import java.nio.charset.StandardCharsets;
import java.sql.SQLDataException;

/**
 * The {@link JdbcSourceReader} for H2 2.x. Differences from the standard getters: INTERVAL values
 * come as {@link org.h2.api.Interval} and become {@link io.dmskit.schema.Interval}; JSON values
 * come as their UTF-8 JSON text (H2 keeps JSON as bytes, in its own normalized spelling: no
 * insignificant white space, numbers such as {@code 1e3} as {@code 1E3}). Arrays (nested too),
 * TIMESTAMP WITH TIME ZONE, TIME WITH TIME ZONE, UUID and ENUM work with the base reader's
 * extractors. Stateless and thread-safe; see {@link JdbcSourceReader} for transactions.
 */
public class H2SourceReader extends JdbcSourceReader {

    /** @param dialect the H2 dialect */
    public H2SourceReader(Dialect dialect) {
        super(dialect);
    }

    @Override
    protected ValueExtractor extractor(Column column) {
        switch (column.type().kind()) {
            case INTERVAL:
                return (rs, i) -> {
                    Object v = rs.getObject(i);
                    if (v == null) {
                        return null;
                    }
                    if (v instanceof org.h2.api.Interval h2) {
                        return H2Intervals.fromH2(h2);
                    }
                    throw new SQLDataException("H2 returned a " + v.getClass().getName() + " for an interval", "22000");
                };
            case JSON:
                // getBytes is the stored JSON text as it is; getString of a JSON value returns the
                // same today, but a conversion to character string is where H2 could quote it.
                return (rs, i) -> {
                    byte[] json = rs.getBytes(i);
                    return json == null ? null : new String(json, StandardCharsets.UTF_8);
                };
            default:
                return super.extractor(column);
        }
    }
}
