package org.tubelet.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file is not a supported NumPy .npy file; the message names the file and the problem. */
public final class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file    the file being read
     * @param problem what is wrong
     */
    public NpyFormatException(Path file, String problem) {
        super("Invalid .npy file " + file + ": " + problem);
    }

    /**
     * @param file    the file being read
     * @param problem what is wrong
     * @param cause   the underlying error
     */
    public NpyFormatException(Path file, String problem, Throwable cause) {
        super("Invalid .npy file " + file + ": " + problem, cause);
    }
}
