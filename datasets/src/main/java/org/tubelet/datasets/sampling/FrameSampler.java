package org.tubelet.datasets.sampling;

import java.util.random.RandomGenerator;

/**
 * Chooses which frames of a video make a clip: a pure function of the video's frame count and a random stream.
 *
 * <p>In {@link SamplingMode#TRAIN} mode {@link #sample} draws a random temporal offset from {@code rng}; in
 * {@link SamplingMode#EVAL} mode it returns the centred clip and does not touch {@code rng}. For multi-clip
 * testing, {@link #views} returns {@code n} evenly spaced clips; view 0 of 1 is the centred clip.
 *
 * <p>Every index returned is in {@code [0, frameCount)}; a clip has exactly {@link #framesPerClip()} indices.
 */
public interface FrameSampler {

    /** Frames in every clip ({@code T}). */
    int framesPerClip();

    /** Training or evaluation. */
    SamplingMode mode();

    /**
     * One clip.
     *
     * @param frameCount frames in the video (> 0)
     * @param rng        the sample's random stream (used in training mode only)
     * @return {@link #framesPerClip()} frame indices, non-decreasing unless the video is short and looped
     */
    int[] sample(int frameCount, RandomGenerator rng);

    /**
     * The {@code view}-th of {@code views} evenly spaced clips, for multi-clip testing; deterministic.
     *
     * @param frameCount frames in the video (> 0)
     * @param view       which clip, in {@code [0, views)}
     * @param views      how many clips the video is covered with (> 0)
     * @return {@link #framesPerClip()} frame indices
     */
    int[] view(int frameCount, int view, int views);

    /** All {@code views} test clips of a video. */
    default int[][] views(int frameCount, int views) {
        int[][] out = new int[views][];
        for (int v = 0; v < views; v++) {
            out[v] = view(frameCount, v, views);
        }
        return out;
    }

    /** Validates the arguments shared by every sampler. */
    static void check(int frameCount, int view, int views) {
        if (frameCount <= 0) {
            throw new IllegalArgumentException("frameCount must be > 0, got " + frameCount);
        }
        if (views <= 0 || view < 0 || view >= views) {
            throw new IllegalArgumentException("view must be in [0, views) with views > 0, got view " + view
                    + " of " + views);
        }
    }
}
