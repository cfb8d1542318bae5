package org.tubelet.datasets.video;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One video that could not be used, as loaders and dataset checks report it.
 *
 * @param path   the video file or frame folder
 * @param reason the kind of failure
 * @param detail what exactly went wrong (FFmpeg's message, the missing frame, ...)
 */
public record UnreadableVideo(Path path, DecodeFailure reason, String detail) {

    /** Validates that nothing is null. */
    public UnreadableVideo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The report of a decode exception. */
    public static UnreadableVideo of(VideoDecodeException e) {
        return new UnreadableVideo(e.path(), e.reason(), e.detail());
    }

    @Override
    public String toString() {
        return path + ": " + reason.description() + ": " + detail;
    }
}
