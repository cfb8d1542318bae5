package org.tubelet.datasets;

/**
 * The Unicode byte-order mark that spreadsheet programs and Windows editors put at the start of UTF-8 text files:
 * every reader of outside text files (annotation files, {@code preprocessor_config.json}) drops it the same way.
 */
public final class ByteOrderMark {
    /** U+FEFF, as it reads at the start of a UTF-8 file decoded to characters. */
    public static final char CHAR = '\uFEFF';

    private ByteOrderMark() {
    }

    /** The text without a leading byte-order mark. */
    public static String strip(String text) {
        return !text.isEmpty() && text.charAt(0) == CHAR ? text.substring(1) : text;
    }
}
