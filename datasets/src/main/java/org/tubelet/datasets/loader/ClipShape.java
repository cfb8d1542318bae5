package org.tubelet.datasets.loader;

import org.tubelet.datasets.video.VideoClip;

/**
 * The shape of one transformed clip, {@code [T, C, H, W]} with {@code C = 3}: one sample of a batch
 * {@code [B, T, C, H, W]}.
 *
 * @param frames {@code T}, > 0
 * @param height {@code H}, > 0
 * @param width  {@code W}, > 0
 */
public record ClipShape(int frames, int height, int width) {

    /** Validates the values. */
    public ClipShape {
        if (frames <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("clip shape must be positive, got T=" + frames + ", H=" + height
                    + ", W=" + width);
        }
    }

    /** Floats in one clip: {@code T * 3 * H * W}. */
    public int floats() {
        return Math.multiplyExact(frames, Math.multiplyExact(VideoClip.CHANNELS, Math.multiplyExact(height, width)));
    }

    /** {@code {T, 3, H, W}}. */
    public long[] dims() {
        return new long[] {frames, VideoClip.CHANNELS, height, width};
    }
}
