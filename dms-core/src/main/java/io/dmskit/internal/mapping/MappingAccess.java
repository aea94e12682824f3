package io.dmskit.internal.mapping;

import io.dmskit.TableMapping;

import java.util.Objects;
import java.util.function.Function;

/**
 * How the runtime reaches a {@link TableMapping}'s rule engine (its filters, load order, table
 * settings and value rules) without making the engine part of the public API: TableMapping
 * registers the accessor when its class initialises, which happens before any instance exists.
 */
public final class MappingAccess {
    private static volatile Function<TableMapping, RuleEngine> accessor;

    private MappingAccess() {
    }

    /** Called once by TableMapping's static initialiser. */
    public static void register(Function<TableMapping, RuleEngine> a) {
        accessor = Objects.requireNonNull(a);
    }

    /** The rule engine of a mapping. */
    public static RuleEngine engine(TableMapping mapping) {
        return accessor.apply(Objects.requireNonNull(mapping, "mapping"));
    }
}
