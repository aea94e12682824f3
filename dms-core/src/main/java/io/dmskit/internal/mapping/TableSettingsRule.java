package io.dmskit.internal.mapping;

import java.util.List;
import java.util.Objects;

/**
 * A table-settings rule (AWS {@code rule-type: table-settings}): how the matching tables load.
 * Immutable.
 *
 * @param id            the rule id
 * @param name          the AWS rule name, or null
 * @param schemaPattern the object locator's {@code schema-name}
 * @param tablePattern  the object locator's {@code table-name}
 * @param parallelLoad  the {@code parallel-load} setting, or null
 * @param lob           the {@code lob-settings}, or null
 */
public record TableSettingsRule(long id, String name, String schemaPattern, String tablePattern,
                                ParallelLoad parallelLoad, LobSettings lob) implements Rule {

    /**
     * How a table is split for loading: the AWS {@code parallel-load}.
     *
     * @param type       partitions-auto, partitions-list, ranges or none
     * @param columns    the columns of {@code ranges}, in order
     * @param boundaries the upper bounds of {@code ranges}: one list of values (one per column) for
     *                   each boundary, in ascending order; N boundaries make N + 1 segments
     * @param partitions the partition names of {@code partitions-list}
     * @param subpartitions the subpartition names of {@code partitions-list}
     */
    public record ParallelLoad(ParallelLoadType type, List<String> columns, List<List<String>> boundaries,
                               List<String> partitions, List<String> subpartitions) {
        public ParallelLoad {
            Objects.requireNonNull(type, "type");
            columns = columns == null ? List.of() : List.copyOf(columns);
            boundaries = boundaries == null ? List.of() : boundaries.stream().map(List::copyOf).toList();
            partitions = partitions == null ? List.of() : List.copyOf(partitions);
            subpartitions = subpartitions == null ? List.of() : List.copyOf(subpartitions);
        }

        /** A setting without subpartitions. */
        public ParallelLoad(ParallelLoadType type, List<String> columns, List<List<String>> boundaries, List<String> partitions) {
            this(type, columns, boundaries, partitions, List.of());
        }
    }

    /** The {@code parallel-load} types. */
    public enum ParallelLoadType {
        /** One segment per source partition, found automatically. */
        PARTITIONS_AUTO("partitions-auto"),
        /** One segment per listed source partition. */
        PARTITIONS_LIST("partitions-list"),
        /** Segments between the given column boundaries. */
        RANGES("ranges"),
        /** One segment: the table is not split. */
        NONE("none");

        private final String awsName;

        ParallelLoadType(String awsName) {
            this.awsName = awsName;
        }

        public String awsName() {
            return awsName;
        }
    }

    /**
     * The AWS {@code lob-settings} of a table.
     *
     * @param mode        limited, unlimited or none (null: limited, the service's default)
     * @param bulkMaxSize the {@code bulk-max-size} in KB, or null
     */
    public record LobSettings(String mode, Long bulkMaxSize) {
        /** The modes of {@code lob-settings}. */
        public static final List<String> MODES = List.of("limited", "unlimited", "none");

        /**
         * The table's LOB settings, from the task's: {@code limited} is limited LOB mode with
         * {@code bulk-max-size} KB as the largest LOB (the task's {@code LobMaxSize} without it);
         * {@code unlimited} is full LOB mode ({@code bulk-max-size} is the inline size, which
         * dmskit moves like full LOB mode); {@code none} keeps the task's settings. With the task's
         * {@code SupportLobs=false} the LOB columns are left out of every table, whatever the rule.
         */
        public io.dmskit.LobSettings apply(io.dmskit.LobSettings task) {
            String m = mode == null ? "limited" : mode;
            return switch (m) {
                case "unlimited" -> task.toBuilder().fullLobMode(true).limitedSizeLobMode(false)
                        .inlineLobMaxSizeKb(bulkMaxSize == null ? 0 : bulkMaxSize.intValue()).build();
                case "limited" -> task.toBuilder().fullLobMode(false).limitedSizeLobMode(true)
                        .lobMaxSizeKb(bulkMaxSize == null ? task.lobMaxSizeKb() : bulkMaxSize.intValue())
                        .inlineLobMaxSizeKb(0).build();
                default -> task;
            };
        }
    }

    /**
     * A table's LOB settings: the task's, overridden by the {@code lob-settings} of the last
     * table-settings rule of the mapping that matches the table and has them.
     */
    public static io.dmskit.LobSettings lobSettings(io.dmskit.TableMapping mapping, io.dmskit.schema.TableId table,
                                                    io.dmskit.LobSettings task) {
        LobSettings found = null;
        for (Rule r : MappingAccess.engine(mapping).rules()) {
            if (r instanceof TableSettingsRule ts && ts.lob() != null && ts.matches(table)) {
                found = ts.lob();
            }
        }
        return found == null ? task : found.apply(task);
    }

    /** Whether the rule's object locator matches the table (a missing pattern matches every name). */
    public boolean matches(io.dmskit.schema.TableId id) {
        return NamePattern.compile(schemaPattern == null ? "%" : schemaPattern).matches(id.schema())
                && NamePattern.compile(tablePattern == null ? "%" : tablePattern).matches(id.name());
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder(kind()).append(' ').append(schemaPattern).append('.').append(tablePattern);
        if (parallelLoad != null) {
            sb.append(" parallel-load ").append(parallelLoad.type().awsName());
        }
        if (lob != null) {
            sb.append(" lob-settings ").append(lob.mode());
        }
        return sb.toString();
    }

    @Override
    public String kind() {
        return "table-settings";
    }
}
