package org.tubelet.datasets.sampling;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * TSN-style segment sampling over the whole video (TimeSformer, ViViT, mmaction2 {@code UniformSample}): the
 * video is cut into {@code T} equal segments and one frame is taken from each.
 *
 * <p>Segment {@code i} is {@code [floor(i * N / T), floor((i + 1) * N / T))} for a video of {@code N} frames.
 * Training takes a uniformly random frame of each segment (independently); evaluation takes each segment's
 * middle; test view {@code v} of {@code V} takes the frame at fraction {@code (v + 0.5) / V} of each segment.
 * When {@code N < T} the segments would be empty, and the {@link ShortVideoPolicy} applies to frames
 * {@code 0 .. T-1} (starting at a random frame in training with {@link ShortVideoPolicy#LOOP}).
 *
 * @param framesPerClip {@code T}, > 0
 * @param mode          training (random) or evaluation (centred)
 * @param shortVideos   what to do when the video has fewer than {@code T} frames
 */
public record UniformSampler(int framesPerClip, SamplingMode mode, ShortVideoPolicy shortVideos)
        implements FrameSampler {

    /** Validates the values. */
    public UniformSampler {
        if (framesPerClip <= 0) {
            throw new IllegalArgumentException("framesPerClip must be > 0, got " + framesPerClip);
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(shortVideos, "shortVideos");
    }

    @Override
    public int[] sample(int frameCount, RandomGenerator rng) {
        if (mode == SamplingMode.EVAL) {
            return view(frameCount, 0, 1);
        }
        FrameSampler.check(frameCount, 0, 1);
        if (frameCount < framesPerClip) {
            int start = shortVideos == ShortVideoPolicy.LOOP ? rng.nextInt(frameCount) : 0;
            return ShortClips.consecutive(framesPerClip, start, 1, frameCount, shortVideos);
        }
        int[] out = new int[framesPerClip];
        for (int i = 0; i < framesPerClip; i++) {
            int lo = segmentStart(i, frameCount);
            int hi = segmentStart(i + 1, frameCount);
            out[i] = lo + rng.nextInt(hi - lo);
        }
        return out;
    }

    @Override
    public int[] view(int frameCount, int view, int views) {
        FrameSampler.check(frameCount, view, views);
        if (frameCount < framesPerClip) {
            return ShortClips.consecutive(framesPerClip, 0, 1, frameCount, shortVideos);
        }
        double fraction = (view + 0.5) / views;
        int[] out = new int[framesPerClip];
        for (int i = 0; i < framesPerClip; i++) {
            int lo = segmentStart(i, frameCount);
            int hi = segmentStart(i + 1, frameCount);
            out[i] = Math.min(hi - 1, lo + (int) Math.floor(fraction * (hi - lo)));
        }
        return out;
    }

    private int segmentStart(int i, int frameCount) {
        return (int) ((long) i * frameCount / framesPerClip);
    }
}
