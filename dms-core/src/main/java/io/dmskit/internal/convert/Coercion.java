package io.dmskit.internal.convert;

/**
 * Turns a non-null value of a source type's Java class into the target type's Java class, or
 * fails with the reason when that would lose information. Stateless and thread-safe.
 */
@FunctionalInterface
public interface Coercion {

    /**
     * @throws LossException when the value cannot be represented in the target type without loss
     */
    Object apply(Object value);

    /** Thrown by a coercion; its message says what is wrong with the value, for example {@code 300 is out of range for tinyint}. */
    final class LossException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean truncation;

        public LossException(String message) {
            this(message, false);
        }

        /** @param truncation whether the value is too long for its target (it would have to be truncated) */
        public LossException(String message, boolean truncation) {
            super(message, null, false, false);
            this.truncation = truncation;
        }

        /** Whether the value is too long for its target: a truncation error (AWS DMS {@code DataTruncationErrorPolicy}). */
        public boolean truncation() {
            return truncation;
        }
    }
}
