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
 * property).
 *
 * <p>{@code time with time zone} cannot be made exact here: Debezium's pgoutput decoding parses the
 * value's text and moves it to UTC ({@code 12:00:00+02} becomes {@code 10:00:00Z}, the same
 * instant) before any converter sees it, and no setting changes that (Debezium 3.5:
 * {@code ReplicationMessageColumnValueResolver} calls {@code asOffsetTimeUtc()} for {@code timetz};
 * {@code time.precision.mode} only chooses the representation of the UTC value). So that the loss is
 * not silent, the first time a capture run sees such a column it logs a warning naming it.
 *
 * <p>Created by Debezium by reflection; stateless after {@link #configure} but for the set of
 * columns already warned about.
 */
public final class PgExactValues implements CustomConverter<SchemaBuilder, RelationalColumn> {
    /** Schema name of a bit string value. */
    public static final String BIT_STRING = "io.dmskit.BitString";
    /** Schema name of an interval value. */
    public static final String INTERVAL = "io.dmskit.Interval";
    /** The property (without the converter's prefix) that carries the unchanged-value placeholder. */
    public static final String PLACEHOLDER = "placeholder";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PgExactValues.class);

    private String placeholder = "__debezium_unavailable_value";
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
            case "timetz", "time with time zone" -> {
                if (warned.add(column.dataCollection() + "." + column.name())) {
                    LOG.warn("Column {} of {} is a time with time zone: change data capture from PostgreSQL delivers its values"
                            + " at UTC (12:00:00+02 arrives as 10:00:00Z, the same instant; Debezium's pgoutput decoding drops the"
                            + " offset before any converter sees it), while the full load keeps the offset. Where the offset"
                            + " matters, store it in a separate column or use timestamp with time zone", column.name(),
                            column.dataCollection());
                }
            }
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
