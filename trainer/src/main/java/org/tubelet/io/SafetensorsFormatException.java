package org.tubelet.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file is not a valid safetensors file; the message names the file and the problem. */
public final class SafetensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file    the file being read
     * @param problem what is wrong, naming the tensor where there is one
     */
    public SafetensorsFormatException(Path file, String problem) {
        super("Invalid safetensors file " + file + ": " + problem);
    }

    /**
     * @param file    the file being read
     * @param problem what is wrong, naming the tensor where there is one
     * @param cause   the underlying error
     */
    public SafetensorsFormatException(Path file, String problem, Throwable cause) {
        super("Invalid safetensors file " + file + ": " + problem, cause);
    }
}
