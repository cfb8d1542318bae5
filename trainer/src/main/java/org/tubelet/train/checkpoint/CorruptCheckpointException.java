package org.tubelet.train.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint whose files do not match the checksums it recorded when it was written ({@link Checkpoints#CHECKSUMS}):
 * a flipped byte, a truncated or missing file. Never loaded; resuming falls back to the newest intact checkpoint.
 */
public final class CorruptCheckpointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final Path checkpoint;
    private final String file;

    /**
     * @param checkpoint the checkpoint folder
     * @param file       the damaged file's name inside it
     * @param problem    what is wrong with it
     */
    public CorruptCheckpointException(Path checkpoint, String file, String problem) {
        super(checkpoint + ": corrupt checkpoint, " + file + " " + problem);
        this.checkpoint = checkpoint;
        this.file = file;
    }

    /** The checkpoint folder. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** The damaged file's name. */
    public String file() {
        return file;
    }
}
