package org.tubelet.datasets.loader;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tubelet.datasets.augment.ClipAugmentation;
import org.tubelet.datasets.augment.LabeledClip;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.video.VideoClip;

/**
 * Turns a decoded clip into the model's input: {@code [T, 3, H, W]} floats written into a batch buffer. The
 * per-clip step of the loader, run by its workers in parallel; implementations must be thread-safe.
 *
 * <p>Typical transforms: {@link #process} (Hugging Face's processor, for evaluation and fine-tuning the way the
 * model card does it) and {@link #augmentThenProcess} (random crop/flip/RandAugment, then the processor's
 * rescale and normalisation).
 */
public interface ClipTransform {

    /** The shape every output clip has. */
    ClipShape outputShape();

    /**
     * Transforms one clip.
     *
     * @param clip   decoded frames {@code [T, H, W, 3]}
     * @param label  the sample's class
     * @param rng    the sample's random stream (after the frame sampler drew from it)
     * @param dst    receives {@code outputShape()} floats, C order, at {@code offset}
     * @param offset where to write
     * @return the class of the output (a flip with a label swap may change it)
     */
    int apply(VideoClip clip, int label, RandomGenerator rng, float[] dst, int offset);

    /**
     * Hugging Face's processor alone (resize, centre crop, rescale, normalise; no randomness).
     *
     * @param processor a processor whose output size does not depend on the input (it crops, or resizes to a
     *                  fixed size)
     * @param frames    frames per clip, as the sampler gives them
     */
    static ClipTransform process(HfVideoProcessor processor, int frames) {
        FrameSize out = processor.fixedOutputFrameSize().orElseThrow(() -> new IllegalArgumentException("the"
                + " processor's output size depends on the input (no center crop and no fixed size); batches need"
                + " one size"));
        ClipShape shape = new ClipShape(frames, out.height(), out.width());
        return new ClipTransform() {
            @Override
            public ClipShape outputShape() {
                return shape;
            }

            @Override
            public int apply(VideoClip clip, int label, RandomGenerator rng, float[] dst, int offset) {
                checkFrames(clip, shape);
                processor.process(clip, dst, offset);
                return label;
            }
        };
    }

    /**
     * An augmentation, then a processor (usually {@link #normalizer} of the model's processor config, since the
     * augmentation already produced the final size).
     *
     * @param augmentation random crop, flip, colour, ... ending at the output size
     * @param processor    turns the augmented uint8 clip into floats
     * @param shape        the output shape; checked on every clip
     */
    static ClipTransform augmentThenProcess(ClipAugmentation augmentation, HfVideoProcessor processor, ClipShape shape) {
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(shape, "shape");
        return new ClipTransform() {
            @Override
            public ClipShape outputShape() {
                return shape;
            }

            @Override
            public int apply(VideoClip clip, int label, RandomGenerator rng, float[] dst, int offset) {
                LabeledClip out = augmentation.apply(new LabeledClip(clip, label), rng);
                FrameSize size = processor.outputFrameSize(new FrameSize(out.clip().height(), out.clip().width()));
                if (size.height() != shape.height() || size.width() != shape.width()) {
                    throw new IllegalStateException("augmentation and processor produce " + size + " frames but the"
                            + " transform promises " + shape.height() + "x" + shape.width() + " (HxW)");
                }
                checkFrames(out.clip(), shape);
                processor.process(out.clip(), dst, offset);
                return out.label();
            }
        };
    }

    /**
     * The rescale and normalisation of a processor config without its resize and crop: for frames an
     * augmentation has already brought to the model's size.
     */
    static HfVideoProcessor normalizer(ProcessorConfig config) {
        return new HfVideoProcessor(new ProcessorConfig(config.type(), false, config.size(), config.resample(), false,
                config.cropSize(), config.doRescale(), config.rescaleFactor(), config.offset(), config.doNormalize(),
                config.imageMean(), config.imageStd()));
    }

    private static void checkFrames(VideoClip clip, ClipShape shape) {
        if (clip.frames() != shape.frames()) {
            throw new IllegalStateException("clip has " + clip.frames() + " frames but the transform promises "
                    + shape.frames());
        }
    }
}
