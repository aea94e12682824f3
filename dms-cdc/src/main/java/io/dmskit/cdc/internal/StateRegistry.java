package io.dmskit.cdc.internal;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a {@link StateStore} to the Debezium classes that use it ({@link DmsOffsetBackingStore},
 * {@link DmsSchemaHistory}), which Debezium creates by reflection from configuration strings:
 * the configuration carries only an id ({@link #PROPERTY}), never a URL or a password.
 * Thread-safe.
 */
public final class StateRegistry {
    /** The configuration property that carries the id. */
    public static final String PROPERTY = "dmskit.state.id";

    /** A store and the task whose state it keeps. */
    public record Binding(StateStore store, String task) {
    }

    private static final Map<String, Binding> BINDINGS = new ConcurrentHashMap<>();

    private StateRegistry() {
    }

    public static String register(StateStore store, String task) {
        String id = UUID.randomUUID().toString();
        BINDINGS.put(id, new Binding(store, task));
        return id;
    }

    public static Binding get(String id) {
        Binding b = id == null ? null : BINDINGS.get(id);
        if (b == null) {
            throw new IllegalStateException("no dmskit state store is registered under '" + id
                    + "': Debezium's offset store and schema history can only be used through a dmskit change source");
        }
        return b;
    }

    public static void unregister(String id) {
        BINDINGS.remove(id);
    }
}
