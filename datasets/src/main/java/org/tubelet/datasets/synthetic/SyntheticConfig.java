package org.tubelet.datasets.synthetic;

import java.util.Objects;
import org.tubelet.datasets.video.VideoFormat;

/**
 * What {@link MovingShapes} generates.
 *
 * @param classes       number of motion directions {@code K} (>= 2), equally spaced around the circle
 * @param trainPerClass training videos per class (>= 1)
 * @param valPerClass   validation videos per class (>= 0)
 * @param frames        frames per video (>= 2)
 * @param height        frame height, even, >= 16
 * @param width         frame width, even, >= 16
 * @param fps           frame rate (> 0)
 * @param seed          everything drawn derives from it
 * @param format        container and codec ({@link VideoFormat#MP4_H264} falls back to
 *                      {@link VideoFormat#MP4_MPEG4} when the bundled FFmpeg has no H.264 encoder)
 */
public record SyntheticConfig(int classes, int trainPerClass, int valPerClass, int frames, int height, int width,
                              double fps, long seed, VideoFormat format) {

    /** Validates the values. */
    public SyntheticConfig {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        if (trainPerClass < 1 || valPerClass < 0) {
            throw new IllegalArgumentException("trainPerClass must be >= 1 and valPerClass >= 0, got " + trainPerClass
                    + " and " + valPerClass);
        }
        if (frames < 2) {
            throw new IllegalArgumentException("frames must be >= 2, got " + frames);
        }
        if (height < 16 || width < 16 || height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("height and width must be even and >= 16, got " + height + "x" + width);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be finite and > 0, got " + fps);
        }
        Objects.requireNonNull(format, "format");
    }

    /** 4 directions, 40 + 10 videos per class, 16 frames of 64x64 at 25 fps, mp4. */
    public static SyntheticConfig small(long seed) {
        return new SyntheticConfig(4, 40, 10, 16, 64, 64, 25, seed, VideoFormat.MP4_H264);
    }

    /** A copy with another number of videos per class. */
    public SyntheticConfig withCounts(int train, int val) {
        return new SyntheticConfig(classes, train, val, frames, height, width, fps, seed, format);
    }
}
