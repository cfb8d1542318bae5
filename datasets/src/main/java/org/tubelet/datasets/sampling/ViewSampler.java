package org.tubelet.datasets.sampling;

import java.util.random.RandomGenerator;

/**
 * Always the same test view of a video: view {@code view} of {@code views} of the inner sampler, whatever the random
 * stream. An evaluation loader per view reads every video with that view.
 *
 * @param inner the sampler whose {@link FrameSampler#view} is taken
 * @param view  which view, in {@code [0, views)}
 * @param views how many views cover a video
 */
public record ViewSampler(FrameSampler inner, int view, int views) implements FrameSampler {

    /** Validates the view. */
    public ViewSampler {
        if (views <= 0 || view < 0 || view >= views) {
            throw new IllegalArgumentException("view must be in [0, views) with views > 0, got view " + view + " of "
                    + views);
        }
    }

    @Override
    public int framesPerClip() {
        return inner.framesPerClip();
    }

    @Override
    public SamplingMode mode() {
        return SamplingMode.EVAL;
    }

    @Override
    public int[] sample(int frameCount, RandomGenerator rng) {
        return inner.view(frameCount, view, views);
    }

    @Override
    public int[] view(int frameCount, int v, int n) {
        return inner.view(frameCount, v, n);
    }
}
