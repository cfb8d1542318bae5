package org.tubelet.train.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A checkpoint could not be written (most often a full disk). Nothing of it was left behind, and the previous
 * checkpoints are untouched; the run stops, and running the same command again resumes from the newest one.
 */
public final class CheckpointWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Path target;
    private final long freeBytes;
    private final long neededBytes;

    /**
     * @param target      the checkpoint folder that was being written
     * @param cause       the failure
     * @param freeBytes   usable space on the folder's file system (-1 when unknown)
     * @param neededBytes about the size of one checkpoint
     * @param previous    the newest intact checkpoint, or null
     */
    public CheckpointWriteException(Path target, IOException cause, long freeBytes, long neededBytes, Path previous) {
        super("cannot write checkpoint " + target + " (" + cause.getMessage() + "); " + target.getParent() + " has "
                + (freeBytes < 0 ? "an unknown amount of space" : mb(freeBytes)) + " free and a checkpoint of this run "
                + "needs about " + mb(neededBytes) + ". " + (previous == null ? "No earlier checkpoint exists. "
                : "The previous checkpoint " + previous + " is intact. ") + "Free some space (or set checkpoint.dir "
                + "to a larger disk) and run the same command again to resume.", cause);
        this.target = target;
        this.freeBytes = freeBytes;
        this.neededBytes = neededBytes;
    }

    public Path target() {
        return target;
    }

    public long freeBytes() {
        return freeBytes;
    }

    public long neededBytes() {
        return neededBytes;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
