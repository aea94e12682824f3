package io.dmskit.cdc.postgres;

import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.postgresql.util.PGInterval;

import java.util.Locale;
import java.util.Properties;

/**
 * A Debezium custom converter for the PostgreSQL types whose Debezium representation loses
 * information, so that their values reach dmskit exactly:
 * <ul>
 *   <li>{@code bit(n)} and {@code bit varying(n)}: the bit string as PostgreSQL writes it
 *       ({@code "0011"}); Debezium's own bytes lose a {@code varbit}'s length.</li>
 *   <li>{@code interval}: {@code "months days microseconds"}, from the interval's separate fields
 *       (whole seconds and microseconds apart); Debezium's own ISO text goes through a
 *       {@code double} and can be off by a microsecond (1.999999 s became 1.999998999 s).</li>
 * </ul>
 * An unchanged TOAST value becomes the change source's placeholder ({@link #PLACEHOLDER}
 * property). Created by Debezium by reflection; stateless after {@link #configure}.
 */
public final class PgExactValues implements CustomConverter<SchemaBuilder, RelationalColumn> {
    /** Schema name of a bit string value. */
    public static final String BIT_STRING = "io.dmskit.BitString";
    /** Schema name of an interval value. */
    public static final String INTERVAL = "io.dmskit.Interval";
    /** The property (without the converter's prefix) that carries the unchanged-value placeholder. */
    public static final String PLACEHOLDER = "placeholder";

    private String placeholder = "__debezium_unavailable_value";

    @Override
    public void configure(Properties props) {
        placeholder = props.getProperty(PLACEHOLDER, placeholder);
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String type = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
        switch (type) {
            case "bit", "varbit", "bit varying" ->
                    registration.register(SchemaBuilder.string().name(BIT_STRING).optional(), raw -> {
                        if (raw == null || raw instanceof String) {
                            return raw;
                        }
                        return unchanged(raw) ? placeholder : raw.toString();
                    });
            case "interval" ->
                    registration.register(SchemaBuilder.string().name(INTERVAL).optional(), raw -> {
                        if (raw == null) {
                            return null;
                        }
                        if (raw instanceof PGInterval i) {
                            return text(i);
                        }
                        if (raw instanceof String s) {
                            try {
                                return text(new PGInterval(s));
                            } catch (java.sql.SQLException e) {
                                throw new IllegalArgumentException("interval '" + s + "': " + e.getMessage(), e);
                            }
                        }
                        if (unchanged(raw)) {
                            return placeholder;
                        }
                        throw new IllegalArgumentException("unexpected interval value of " + raw.getClass().getName());
                    });
            default -> {
                // Debezium's own conversion is exact for the other types
            }
        }
    }

    private static boolean unchanged(Object raw) {
        return raw == UnchangedToastedReplicationMessageColumn.UNCHANGED_TOAST_VALUE;
    }

    /** {@code months days micros}, each a signed integer. */
    static String text(PGInterval i) {
        long months = Math.addExact(Math.multiplyExact((long) i.getYears(), 12L), i.getMonths());
        long seconds = Math.addExact(Math.addExact(Math.multiplyExact((long) i.getHours(), 3600L),
                Math.multiplyExact((long) i.getMinutes(), 60L)), i.getWholeSeconds());
        long micros = Math.addExact(Math.multiplyExact(seconds, 1_000_000L), i.getMicroSeconds());
        return months + " " + i.getDays() + " " + micros;
    }
}
