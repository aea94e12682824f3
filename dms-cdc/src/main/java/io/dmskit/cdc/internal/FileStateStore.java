package io.dmskit.cdc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link StateStore} in one text file: a header line, then one line per offset
 * ({@code O task key value}) and per history record ({@code H task record}), each field Base64 so
 * that no content can break the format. Every change rewrites the file through a temporary
 * sibling that is renamed over it, so a crash leaves the old or the new state, never a mix.
 * Thread-safe within one JVM (methods are synchronized); one JVM at a time should use a file.
 */
public final class FileStateStore implements StateStore {
    private static final String HEADER = "dmskit change capture state v1";

    private final Path file;

    public FileStateStore(Path file) {
        this.file = file;
    }

    private record Content(Map<String, Map<String, String>> offsets, Map<String, List<String>> history) {
    }

    private Content load() {
        Map<String, Map<String, String>> offsets = new LinkedHashMap<>();
        Map<String, List<String>> history = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Content(offsets, history);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the change capture state file " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new UncheckedIOException(new IOException(file + " is not a dmskit change capture state file (its first line is not '"
                    + HEADER + "')"));
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(" ", -1);
            if (f[0].equals("O") && f.length == 4) {
                offsets.computeIfAbsent(decode(f[1]), k -> new LinkedHashMap<>()).put(decode(f[2]), decode(f[3]));
            } else if (f[0].equals("H") && f.length == 3) {
                history.computeIfAbsent(decode(f[1]), k -> new ArrayList<>()).add(decode(f[2]));
            } else if (!lines.get(i).isEmpty()) {
                throw new UncheckedIOException(new IOException(file + " line " + (i + 1) + " is damaged"));
            }
        }
        return new Content(offsets, history);
    }

    private void save(Content c) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        c.offsets.forEach((task, kv) -> kv.forEach((k, v) ->
                s.append("O ").append(encode(task)).append(' ').append(encode(k)).append(' ').append(encode(v)).append('\n')));
        c.history.forEach((task, records) -> records.forEach(r ->
                s.append("H ").append(encode(task)).append(' ').append(encode(r)).append('\n')));
        try {
            Path dir = file.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, s, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the change capture state file " + file, e);
        }
    }

    private static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized Map<String, String> offsets(String task) {
        return new LinkedHashMap<>(load().offsets.getOrDefault(task, Map.of()));
    }

    @Override
    public synchronized void putOffsets(String task, Map<String, String> values) {
        Content c = load();
        Map<String, String> kv = c.offsets.computeIfAbsent(task, k -> new LinkedHashMap<>());
        values.forEach((k, v) -> {
            if (v == null) {
                kv.remove(k);
            } else {
                kv.put(k, v);
            }
        });
        save(c);
    }

    @Override
    public synchronized List<String> history(String task) {
        return new ArrayList<>(load().history.getOrDefault(task, List.of()));
    }

    @Override
    public synchronized void appendHistory(String task, String record) {
        Content c = load();
        c.history.computeIfAbsent(task, k -> new ArrayList<>()).add(record);
        save(c);
    }

    @Override
    public synchronized void deleteTask(String task) {
        Content c = load();
        if (c.offsets.remove(task) != null | c.history.remove(task) != null) {
            save(c);
        }
    }

    @Override
    public void close() {
        // nothing is held open
    }
}
