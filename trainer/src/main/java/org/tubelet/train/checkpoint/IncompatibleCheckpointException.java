package org.tubelet.train.checkpoint;

import java.nio.file.Path;

/**
 * A run cannot continue from a checkpoint written in another format ({@link Checkpoints#FORMAT_VERSION}). A usage
 * error (the CLI exits with code 2): the user picks another run folder, or the release that wrote the checkpoint.
 * Its weights still load (eval, export, predict, {@code model.init_from}).
 */
public final class IncompatibleCheckpointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final Path checkpoint;
    private final int version;
    private final int expected;

    /**
     * @param checkpoint the checkpoint folder
     * @param version    its format version
     * @param expected   the version this release resumes
     */
    public IncompatibleCheckpointException(Path checkpoint, int version, int expected) {
        super(checkpoint + ": checkpoint format version " + version + (version == Checkpoints.UNVERSIONED
                ? " (no format_version in " + Checkpoints.STATE + ")" : "") + ", but this Tubelet resumes only "
                + "version " + expected + ", so the run cannot continue from it. Start a new run folder (set "
                + "checkpoint.dir to another folder), or resume it with the Tubelet release that wrote it. Its "
                + "weights still load: eval, export, predict and model.init_from accept it.");
        this.checkpoint = checkpoint;
        this.version = version;
        this.expected = expected;
    }

    /** The checkpoint folder. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** Its format version. */
    public int version() {
        return version;
    }

    /** The version this release resumes. */
    public int expected() {
        return expected;
    }
}
