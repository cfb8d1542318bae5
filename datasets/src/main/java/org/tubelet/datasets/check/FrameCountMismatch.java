package org.tubelet.datasets.check;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A video whose decodable frames differ from what its header (or annotation) says: samplers trusting the
 * reported count would ask for frames that do not exist.
 *
 * @param path     the video
 * @param reported the count from the header, the duration or the annotation
 * @param decoded  frames actually decoded
 */
public record FrameCountMismatch(Path path, int reported, int decoded) {

    /** Validates that the path is present. */
    public FrameCountMismatch {
        Objects.requireNonNull(path, "path");
    }
}
