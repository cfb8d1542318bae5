package org.tubelet.datasets.sampling;

/** How a clip's frames are spread over a video: which {@link FrameSampler} a loader uses. */
public enum SamplingScheme {
    /** {@link DenseSampler}: {@code T} frames every {@code stride} frames from one start (VideoMAE, ViViT). */
    DENSE,
    /** {@link UniformSampler}: one frame from each of {@code T} equal segments of the video (TSN, TimeSformer). */
    UNIFORM;

    /**
     * The sampler of this scheme; short videos repeat their last frame.
     *
     * @param frames frames per clip {@code T}
     * @param stride step between frames (dense only; must be 1 for uniform sampling, whose step is the segment length)
     * @param mode   training (random) or evaluation (centred)
     */
    public FrameSampler sampler(int frames, int stride, SamplingMode mode) {
        return switch (this) {
            case DENSE -> new DenseSampler(frames, stride, mode, ShortVideoPolicy.REPEAT_LAST);
            case UNIFORM -> {
                if (stride != 1) {
                    throw new IllegalArgumentException("uniform sampling takes one frame per segment; the stride must"
                            + " be 1, got " + stride);
                }
                yield new UniformSampler(frames, mode, ShortVideoPolicy.REPEAT_LAST);
            }
        };
    }
}
