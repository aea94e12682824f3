package io.dmskit.cdc.mariadb;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Properties;

/**
 * A Debezium custom converter for MariaDB's NOT NULL {@code DATE} and {@code DATETIME} columns,
 * so that a zero date ({@code '0000-00-00'}) is seen: Debezium's binlog decoder turns a zero date
 * into NULL, and then the NOT NULL column's fallback, {@code 1970-01-01}, which is a real date.
 * Here a NULL of such a column (which can only be a zero date) becomes the text {@link #ZERO}, and
 * any other value its ISO-8601 text ({@code 2024-01-02}, {@code 2024-01-02T03:04:05.123456}), under
 * the schema name {@link #TEMPORAL}. Nullable columns keep Debezium's own conversion (there a zero
 * date cannot be told from NULL). Created by Debezium by reflection; stateless.
 */
public final class MariaDbExactValues implements CustomConverter<SchemaBuilder, RelationalColumn> {
    /** Schema name of a date or date-time value as text. */
    public static final String TEMPORAL = "io.dmskit.MySqlTemporal";
    /** The text of a zero date. */
    public static final String ZERO = "0000-00-00";

    @Override
    public void configure(Properties props) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String type = column.typeName() == null ? "" : column.typeName().toUpperCase(Locale.ROOT);
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
