package io.dmskit.cdc.internal;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Debezium's offsets in a dmskit {@link StateStore} (a control table or a file), for the task that
 * the {@link StateRegistry} id in the worker configuration names. Keys and values are the JSON
 * that Debezium's offset converters write, stored as text. Writes are synchronous: when
 * {@link #set} returns, the offsets are durable. Created by Debezium by reflection; thread-safe
 * because the store is.
 */
public final class DmsOffsetBackingStore implements OffsetBackingStore {
    private StateStore store;
    private String task;

    public DmsOffsetBackingStore() {
        // created by Debezium by reflection
    }

    @Override
    public void configure(WorkerConfig config) {
        StateRegistry.Binding b = StateRegistry.get(config.originalsStrings().get(StateRegistry.PROPERTY));
        this.store = b.store();
        this.task = b.task();
    }

    @Override
    public void start() {
        // the store is opened and closed by the change source
    }

    @Override
    public void stop() {
        // as above
    }

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        try {
            Map<String, String> stored = store.offsets(task);
            Map<ByteBuffer, ByteBuffer> out = new HashMap<>();
            for (ByteBuffer key : keys) {
                String value = stored.get(text(key));
                out.put(key, value == null ? null : ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
            }
            return CompletableFuture.completedFuture(out);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(text(k), v == null ? null : text(v)));
            store.putOffsets(task, out);
        } catch (RuntimeException e) {
            if (callback != null) {
                callback.onCompletion(e, null);
            }
            return CompletableFuture.failedFuture(e);
        }
        if (callback != null) {
            callback.onCompletion(null, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private static String text(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
