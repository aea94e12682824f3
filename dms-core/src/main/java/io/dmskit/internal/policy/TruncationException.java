package io.dmskit.internal.policy;

/**
 * The cause of a {@link io.dmskit.spi.ValueException} whose value is too long for its target
 * (a text or binary value longer than its column, a LOB over {@code LobMaxSize}): such errors
 * follow {@code DataTruncationErrorPolicy} instead of {@code DataErrorPolicy}. The value is
 * never truncated.
 */
public final class TruncationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TruncationException(String message) {
        super(message, null, false, false);
    }
}
