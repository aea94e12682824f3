package io.dmskit.internal.expr;

/**
 * An expression that cannot be parsed, with the 1-based character position where the problem
 * is. The message reads {@code at position 7 of '$a + * 2': expected a value, found '*'}.
 */
public final class ExpressionException extends RuntimeException {
    private final int position;

    ExpressionException(String text, int position, String problem) {
        super("at position " + position + " of '" + text + "': " + problem);
        this.position = position;
    }

    /** The 1-based character position of the problem. */
    public int position() {
        return position;
    }
}
