package org.tubelet.datasets.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tubelet.datasets.layout.VideoSample;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.sampling.FrameSampler;
import org.tubelet.datasets.sampling.SamplingMode;
import org.tubelet.datasets.sampling.SamplingScheme;
import org.tubelet.datasets.sampling.ViewSampler;
import org.tubelet.datasets.video.ClipSource;

/**
 * The loaders of clips of {@code T} frames, dense ({@code T} frames every {@code s} frames) or uniform (one frame per
 * segment), short videos repeating their last frame: the one place where training, evaluation and the loader benchmark
 * wire a {@link VideoLoader}.
 *
 * @param frames frames per clip, {@code T}
 * @param stride step between frames, {@code s} (1 for uniform sampling)
 * @param scheme dense or uniform sampling
 */
public record ClipLoaders(int frames, int stride, SamplingScheme scheme) {

    /** Validates the values. */
    public ClipLoaders {
        if (frames <= 0 || stride <= 0) {
            throw new IllegalArgumentException("frames and stride must be > 0, got " + frames + " and " + stride);
        }
        Objects.requireNonNull(scheme, "scheme");
        scheme.sampler(frames, stride, SamplingMode.EVAL); // checks the stride against the scheme
    }

    /** Dense clips. */
    public ClipLoaders(int frames, int stride) {
        this(frames, stride, SamplingScheme.DENSE);
    }

    /** The sampler of training clips: a random start (dense) or a random frame per segment (uniform), per sample. */
    public FrameSampler trainingSampler() {
        return scheme.sampler(frames, stride, SamplingMode.TRAIN);
    }

    /** The sampler of test views: mmaction2's evenly spaced views ({@link FrameSampler#view}). */
    public FrameSampler testSampler() {
        return scheme.sampler(frames, stride, SamplingMode.EVAL);
    }

    /**
     * Training clips of the samples.
     *
     * @param transform the per-clip transform (augmentation and processing)
     * @param config    batch size, workers, order, error policy
     */
    public VideoLoader training(List<VideoSample> samples, ClipSource source, ClipTransform transform,
                                LoaderConfig config) {
        return new VideoLoader(samples, source, trainingSampler(), transform, config);
    }

    /**
     * One loader per test view, temporal view major: view {@code clip · crops + crop} reads every video with temporal
     * clip {@code clip} of {@code clips} and spatial crop {@code crop} of {@code crops}
     * ({@link ClipTransform#spatialView}).
     */
    public List<VideoLoader> testViews(List<VideoSample> samples, ClipSource source, ProcessorConfig processor,
                                       int clips, int crops, LoaderConfig config) {
        FrameSampler test = testSampler();
        List<VideoLoader> loaders = new ArrayList<>(clips * crops);
        for (int clip = 0; clip < clips; clip++) {
            for (int crop = 0; crop < crops; crop++) {
                loaders.add(new VideoLoader(samples, source, new ViewSampler(test, clip, clips),
                        ClipTransform.spatialView(processor, frames, crop, crops), config));
            }
        }
        return loaders;
    }
}
