package org.tubelet.train.data;

/**
 * Where clips are cut from a video: temporal starts and spatial crop offsets, for training (random, from a seeded
 * generator) and for multi-view testing (evenly spaced clips; centre, or left/centre/right crops along the longer
 * side, as in the ViViT and VideoMAE evaluation protocols).
 */
public final class ClipViews {
    private ClipViews() {
    }

    /** Frames covered by a clip of {@code frames} frames taken every {@code stride} frames. */
    public static int span(int frames, int stride) {
        return (frames - 1) * stride + 1;
    }

    /** Start of clip {@code j} of {@code n} evenly spaced clips in a video of {@code length} frames. */
    public static int evenStart(int length, int span, int j, int n) {
        int room = Math.max(0, length - span);
        return n == 1 ? room / 2 : (int) Math.round(j * room / (double) (n - 1));
    }

    /** Frame indices of a clip; frames past the end repeat the last frame (short videos). */
    public static int[] indices(int start, int frames, int stride, int length) {
        int[] idx = new int[frames];
        for (int i = 0; i < frames; i++) {
            idx[i] = Math.min(length - 1, start + i * stride);
        }
        return idx;
    }

    /**
     * Offset of crop {@code j} of {@code n} (1 = centre, 3 = start/centre/end) along an axis of {@code length}
     * pixels.
     */
    public static int cropOffset(int length, int crop, int j, int n) {
        int room = Math.max(0, length - crop);
        return n == 1 ? room / 2 : (int) Math.round(j * room / (double) (n - 1));
    }
}
