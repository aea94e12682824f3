package io.dmskit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/**
 * Proves that a target holds the same data as its source: for every table the mapping selects,
 * compares the source table with its mapped target table (honouring renamed and removed columns
 * and type conversions) and reports rows missing, extra and different. Immutable and thread-safe.
 *
 * <pre>{@code
 * ValidationReport report = Validator.builder().source(source).target(target).mapping(mapping).build().validate();
 * report.assertConsistent();
 * }</pre>
 *
 * <p>How: each table is split by key ranges; each range's rows are reduced to a checksum inside
 * each database, over a canonical text form of the values, so that equal values hash the same on
 * different engines; only ranges whose checksums differ are bisected and their rows fetched and
 * compared value by value. Ranges are compared in parallel.
 */
public final class Validator {
    private final Endpoint source;
    private final Endpoint target;
    private final TableMapping mapping;
    private final int parallelism;
    private final long rangeRows;
    private final int maxDifferences;
    private final boolean resync;
    private final ReplicationInstance instance;
    private final java.util.Set<io.dmskit.schema.TableId> onlyTables;

    private Validator(Builder b) {
        this.onlyTables = java.util.Set.copyOf(b.onlyTables);
        this.source = b.source;
        this.target = b.target;
        this.mapping = b.mapping;
        this.parallelism = b.parallelism;
        this.rangeRows = b.rangeRows;
        this.maxDifferences = b.maxDifferences;
        this.resync = b.resync;
        this.instance = b.instance;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Endpoint source() {
        return source;
    }

    public Endpoint target() {
        return target;
    }

    public TableMapping mapping() {
        return mapping;
    }

    /** How many key ranges are compared at once. Default 4. */
    public int parallelism() {
        return parallelism;
    }

    /** About how many rows one checksum covers before a range is split. Default 100,000. */
    public long rangeRows() {
        return rangeRows;
    }

    /** At most this many differences are listed per table (all are counted). Default 100. */
    public int maxDifferences() {
        return maxDifferences;
    }

    /** Whether the differences found are repaired by copying the source's rows into the target. Default false. */
    public boolean resync() {
        return resync;
    }

    public ReplicationInstance instance() {
        return instance;
    }

    /** The source tables compared, when limited; empty means every table the mapping selects. */
    public java.util.Set<io.dmskit.schema.TableId> onlyTables() {
        return onlyTables;
    }

    /**
     * Compares every table the mapping selects.
     *
     * @throws DmsException when an endpoint cannot be reached or the mapping selects nothing; a
     *         table that cannot be compared is reported in its {@link ValidationReport.TableValidation}
     */
    public ValidationReport validate() {
        return io.dmskit.internal.validate.ValidationRun.run(this);
    }

    /** Builds a {@link Validator}; {@link #build()} reports every problem at once. Not thread-safe. */
    public static final class Builder {
        private Endpoint source;
        private Endpoint target;
        private TableMapping mapping = TableMapping.includeAll();
        private int parallelism = 4;
        private long rangeRows = 100_000;
        private int maxDifferences = 100;
        private boolean resync;
        private ReplicationInstance instance = ReplicationInstance.shared();
        private final java.util.Set<io.dmskit.schema.TableId> onlyTables = new java.util.LinkedHashSet<>();

        private Builder() {
        }

        /** Compares only these source tables (of those the mapping selects); by default every selected table. */
        public Builder onlyTables(java.util.Collection<io.dmskit.schema.TableId> sourceTables) {
            onlyTables.addAll(sourceTables);
            return this;
        }

        public Builder source(Endpoint source) {
            this.source = source;
            return this;
        }

        public Builder target(Endpoint target) {
            this.target = target;
            return this;
        }

        public Builder mapping(TableMapping mapping) {
            this.mapping = mapping;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder rangeRows(long rangeRows) {
            this.rangeRows = rangeRows;
            return this;
        }

        public Builder maxDifferences(int maxDifferences) {
            this.maxDifferences = maxDifferences;
            return this;
        }

        public Builder resync(boolean resync) {
            this.resync = resync;
            return this;
        }

        public Builder instance(ReplicationInstance instance) {
            this.instance = instance;
            return this;
        }

        /** @throws DmsException with {@link ErrorCode#CONFIGURATION} listing every problem */
        public Validator build() {
            List<String> p = new ArrayList<>();
            if (source == null) {
                p.add("source is required");
            }
            if (target == null) {
                p.add("target is required");
            }
            if (mapping == null) {
                p.add("mapping must not be null; leave it unset to compare every table");
            }
            if (instance == null) {
                p.add("instance must not be null; leave it unset for the shared instance");
            }
            if (parallelism < 1 || parallelism > 256) {
                p.add("parallelism must be from 1 to 256, was " + parallelism);
            }
            if (rangeRows < 1) {
                p.add("rangeRows must be at least 1, was " + rangeRows);
            }
            if (maxDifferences < 0) {
                p.add("maxDifferences must be 0 or more, was " + maxDifferences);
            }
            if (!p.isEmpty()) {
                throw new DmsException(ErrorCode.CONFIGURATION, "Invalid validator: " + String.join("; ", p));
            }
            return new Validator(this);
        }
    }
}
