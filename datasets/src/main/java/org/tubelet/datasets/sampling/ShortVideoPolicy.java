package org.tubelet.datasets.sampling;

/** What a sampler does when a video has fewer frames than the clip spans (mmaction2's {@code out_of_bound_opt}). */
public enum ShortVideoPolicy {
    /** Wrap around: frame {@code i} past the end is frame {@code i mod frameCount}. */
    LOOP,
    /** Clamp: every position past the end takes the last frame. */
    REPEAT_LAST
}
