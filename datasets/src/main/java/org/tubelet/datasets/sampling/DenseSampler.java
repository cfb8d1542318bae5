package org.tubelet.datasets.sampling;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Dense sampling of consecutive frames with a stride (VideoMAE's 16 x 4, SlowFast, mmaction2
 * {@code SampleFrames}): frames {@code start, start + s, ..., start + (T - 1) s}, spanning
 * {@code L = (T - 1) s + 1} frames.
 *
 * <p>Training draws {@code start} uniformly from {@code [0, N - L]}; evaluation and test views follow
 * mmaction2's test mode: with {@code V} views, view {@code v} starts at
 * {@code floor((v + 0.5) * (N - L + 1) / V)}, so one view is centred. When {@code N < L} the clip starts at
 * frame 0 and the {@link ShortVideoPolicy} decides what past-the-end positions show.
 *
 * @param framesPerClip {@code T}, > 0
 * @param stride        {@code s}, > 0 (1 = consecutive frames)
 * @param mode          training (random start) or evaluation (centred)
 * @param shortVideos   what to do when the video is shorter than the span
 */
public record DenseSampler(int framesPerClip, int stride, SamplingMode mode, ShortVideoPolicy shortVideos)
        implements FrameSampler {

    /** Validates the values. */
    public DenseSampler {
        if (framesPerClip <= 0 || stride <= 0) {
            throw new IllegalArgumentException("framesPerClip and stride must be > 0, got " + framesPerClip + " and "
                    + stride);
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(shortVideos, "shortVideos");
    }

    /** Frames one clip spans: {@code (T - 1) * stride + 1}. */
    public int span() {
        return span(framesPerClip, stride);
    }

    /** Frames a clip of {@code frames} frames taken every {@code stride} frames spans. */
    public static int span(int frames, int stride) {
        return (frames - 1) * stride + 1;
    }

    @Override
    public int[] sample(int frameCount, RandomGenerator rng) {
        if (mode == SamplingMode.EVAL) {
            return view(frameCount, 0, 1);
        }
        FrameSampler.check(frameCount, 0, 1);
        int start = frameCount >= span() ? rng.nextInt(frameCount - span() + 1) : 0;
        return ShortClips.consecutive(framesPerClip, start, stride, frameCount, shortVideos);
    }

    @Override
    public int[] view(int frameCount, int view, int views) {
        int start = TestViews.start(frameCount, span(), view, views);
        return ShortClips.consecutive(framesPerClip, start, stride, frameCount, shortVideos);
    }
}
