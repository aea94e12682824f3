package io.dmskit.cdc.mariadb;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Properties;

/**
 * A Debezium custom converter for the MariaDB columns whose Debezium representation loses
 * information, so that their values reach dmskit exactly:
 * <ul>
 *   <li>NOT NULL {@code DATE} and {@code DATETIME}, so that a zero date ({@code '0000-00-00'}) is
 *       seen: Debezium's binlog decoder turns a zero date into NULL, and then the NOT NULL column's
 *       fallback, {@code 1970-01-01}, which is a real date. Here a NULL of such a column (which can
 *       only be a zero date) becomes the text {@link #ZERO}, and any other value its ISO-8601 text
 *       ({@code 2024-01-02}, {@code 2024-01-02T03:04:05.123456}), under the schema name
 *       {@link #TEMPORAL}. Nullable columns keep Debezium's own conversion (there a zero date cannot
 *       be told from NULL).</li>
 *   <li>{@code ENUM} and {@code SET}: the binlog holds an ENUM's index and a SET's bits, and
 *       Debezium turns them into labels that it reads from {@code SHOW CREATE TABLE} and the DDL,
 *       where the server writes a label's characters outside the Basic Multilingual Plane (an emoji)
 *       as {@code ?}. Here the index (schema name {@link #ENUM_INDEX}) or the bits ({@link #SET_BITS})
 *       go on as a number, and dmskit's change source turns them into labels from the source's
 *       catalog, which reads them exactly. The schema carries Debezium's view of the type
 *       ({@code typeExpression}) so that a change of the labels makes a new schema.</li>
 * </ul>
 * Created by Debezium by reflection; stateless.
 */
public final class MariaDbExactValues implements CustomConverter<SchemaBuilder, RelationalColumn> {
    /** Schema name of a date or date-time value as text. */
    public static final String TEMPORAL = "io.dmskit.MySqlTemporal";
    /** The text of a zero date. */
    public static final String ZERO = "0000-00-00";
    /** Schema name of an ENUM value as its index (1 for the first label; 0 for the empty error value). */
    public static final String ENUM_INDEX = "io.dmskit.EnumIndex";
    /** Schema name of a SET value as its bits (bit 0 for the first label). */
    public static final String SET_BITS = "io.dmskit.SetBits";

    @Override
    public void configure(Properties props) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String type = column.typeName() == null ? "" : column.typeName().toUpperCase(Locale.ROOT);
        if (type.equals("ENUM") || type.equals("SET")) {
            boolean isEnum = type.equals("ENUM");
            SchemaBuilder schema = SchemaBuilder.int64().name(isEnum ? ENUM_INDEX : SET_BITS).optional();
            if (column.typeExpression() != null) {
                schema.parameter("io.dmskit.type", column.typeExpression());
            }
            registration.register(schema, raw -> {
                if (raw == null) {
                    return null;
                }
                if (raw instanceof Number n) {
                    return n.longValue();
                }
                throw new IllegalArgumentException("unexpected " + type + " value of " + raw.getClass().getName() + " in column "
                        + column.name() + " (the binlog holds an index or bits)");
            });
            return;
        }
        if (column.isOptional() || !(type.equals("DATE") || type.equals("DATETIME"))) {
            return;
        }
        registration.register(SchemaBuilder.string().name(TEMPORAL).optional(), raw -> {
            if (raw == null) {
                return ZERO;
            }
            if (raw instanceof LocalDate || raw instanceof LocalDateTime) {
                return raw.toString();
            }
            if (raw instanceof java.sql.Timestamp t) {
                return t.toLocalDateTime().toString();
            }
            if (raw instanceof java.sql.Date d) {
                return d.toLocalDate().toString();
            }
            throw new IllegalArgumentException("unexpected " + type + " value of " + raw.getClass().getName()
                    + " in column " + column.name());
        });
    }
}
