package io.dmskit.testkit;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.util.List;

/**
 * Thrown by {@link TestDatabase#create(Engine)} when no source could provide a database of the
 * engine. The message lists every source that was tried, in order, why it did not work and how
 * to make it work (set a variable, start Docker, install a server); {@link #attempts()} holds
 * the same lines. The code is {@link ErrorCode#CONFIGURATION}: trying again without changing the
 * environment does not help. Messages never contain passwords.
 */
public final class TestDatabaseUnavailableException extends DmsException {
    private static final long serialVersionUID = 1L;

    private final Engine engine;
    private final List<String> attempts;

    TestDatabaseUnavailableException(Engine engine, List<String> attempts, Throwable cause) {
        super(ErrorCode.CONFIGURATION, message(engine, attempts), cause);
        this.engine = engine;
        this.attempts = List.copyOf(attempts);
    }

    /** The engine that no database could be provisioned for. */
    public Engine engine() {
        return engine;
    }

    /** One line per source tried, in the order tried: what it was, what happened, how to fix it. */
    public List<String> attempts() {
        return attempts;
    }

    private static String message(Engine engine, List<String> attempts) {
        StringBuilder b = new StringBuilder("No ").append(engine).append(" test database could be provisioned. Tried, in order:");
        for (int i = 0; i < attempts.size(); i++) {
            b.append("\n  ").append(i + 1).append(". ").append(attempts.get(i));
        }
        return b.toString();
    }
}
