package org.tubelet.datasets.loader;

/**
 * A batch could not be produced: with {@code OnError.FAIL} an unreadable video (the cause names it), with
 * {@code OnError.SKIP} only when no readable video is left in the shard; or a transform failed (a bug or a
 * configuration error, never skipped).
 */
public final class LoaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed; @param cause why */
    public LoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
