package org.tubelet.datasets.layout;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One labelled video of a dataset, as an annotation file lists it.
 *
 * @param path       the video file, or the folder of its frames
 * @param label      class index into the dataset's {@link LabelMap}, >= 0
 * @param frameCount the number of frames when the annotation gives it (frame-folder lists do), else empty
 */
public record VideoSample(Path path, int label, OptionalInt frameCount) {

    /** Validates the values. */
    public VideoSample {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(frameCount, "frameCount");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0, got " + label + " for " + path);
        }
        if (frameCount.isPresent() && frameCount.getAsInt() <= 0) {
            throw new IllegalArgumentException("frameCount must be > 0, got " + frameCount.getAsInt() + " for " + path);
        }
    }

    /** A sample without a frame count. */
    public static VideoSample of(Path path, int label) {
        return new VideoSample(path, label, OptionalInt.empty());
    }
}
