package org.tubelet.datasets.video;

/**
 * How {@link VideoWriter} encodes.
 *
 * @param fps          frames per second (> 0)
 * @param gopSize      at most this many frames between keyframes (>= 1)
 * @param bitsPerPixel target bit rate per pixel per frame (> 0); 1.0 is visually near-lossless for synthetic
 *                     content, 0.1 is typical web video
 * @param bFrames      at most this many consecutive B-frames (>= 0), so that decoding order differs from display
 *                     order as in most camera and web video; encoders without B-frames (OpenH264) ignore it
 */
public record EncodeSettings(double fps, int gopSize, double bitsPerPixel, int bFrames) {

    /** Validates the values. */
    public EncodeSettings {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be finite and > 0, got " + fps);
        }
        if (gopSize < 1) {
            throw new IllegalArgumentException("gopSize must be >= 1, got " + gopSize);
        }
        if (!(bitsPerPixel > 0) || Double.isInfinite(bitsPerPixel)) {
            throw new IllegalArgumentException("bitsPerPixel must be finite and > 0, got " + bitsPerPixel);
        }
        if (bFrames < 0) {
            throw new IllegalArgumentException("bFrames must be >= 0, got " + bFrames);
        }
    }

    /** 25 fps, a keyframe every 12 frames, 1 bit per pixel, no B-frames. */
    public static EncodeSettings defaults() {
        return new EncodeSettings(25, 12, 1.0, 0);
    }

    /** A copy with another keyframe interval. */
    public EncodeSettings withGopSize(int n) {
        return new EncodeSettings(fps, n, bitsPerPixel, bFrames);
    }

    /** A copy with another frame rate. */
    public EncodeSettings withFps(double f) {
        return new EncodeSettings(f, gopSize, bitsPerPixel, bFrames);
    }

    /** A copy with another number of B-frames. */
    public EncodeSettings withBFrames(int n) {
        return new EncodeSettings(fps, gopSize, bitsPerPixel, n);
    }
}
