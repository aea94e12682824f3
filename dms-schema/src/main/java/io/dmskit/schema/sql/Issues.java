package io.dmskit.schema.sql;

import io.dmskit.schema.ConversionNote.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What one translation found: warnings (what may behave differently) and reasons a person must act. Not thread-safe. */
final class Issues {
    private final Set<String> warnings = new LinkedHashSet<>();
    private final Set<String> manual = new LinkedHashSet<>();

    void warn(String message) {
        warnings.add(message);
    }

    void manual(String message) {
        manual.add(message);
    }

    boolean hasManual() {
        return !manual.isEmpty();
    }

    Outcome outcome() {
        return !manual.isEmpty() ? Outcome.MANUAL : !warnings.isEmpty() ? Outcome.WARNING : Outcome.AUTOMATIC;
    }

    /** The reasons to act first, then the warnings. */
    List<String> messages() {
        List<String> all = new ArrayList<>(manual);
        all.addAll(warnings);
        return all;
    }
}
