package org.tubelet.datasets.loader;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tubelet.datasets.augment.ClipAugmentation;
import org.tubelet.datasets.augment.LabeledClip;
import org.tubelet.datasets.processing.CenterCrop;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.sampling.TestViews;
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
     * An augmentation that keeps the frame size (a flip, colour), then the whole processor (resize, crop, rescale,
     * normalise): training augmentation without a random crop.
     *
     * @param augmentation size-preserving augmentation
     * @param processor    a processor with a fixed output size (it crops, or resizes to a fixed size)
     * @param frames       frames per clip
     */
    static ClipTransform augmentThenFullProcess(ClipAugmentation augmentation, HfVideoProcessor processor,
                                                int frames) {
        Objects.requireNonNull(augmentation, "augmentation");
        ClipTransform process = process(processor, frames);
        return new ClipTransform() {
            @Override
            public ClipShape outputShape() {
                return process.outputShape();
            }

            @Override
            public int apply(VideoClip clip, int label, RandomGenerator rng, float[] dst, int offset) {
                LabeledClip out = augmentation.apply(new LabeledClip(clip, label), rng);
                process.apply(out.clip(), out.label(), rng, dst, offset);
                return out.label();
            }
        };
    }

    /**
     * Spatial test view {@code crop} of {@code crops}: the processor's resize of the short side, then a crop of the
     * processor's crop size at {@link TestViews#cropOffset} along the long side (centred along the short side), then
     * its rescale and normalisation. One crop is the processor's own centre crop; three are the left/centre/right (or
     * top/centre/bottom) crops of the ViViT and VideoMAE 3-crop protocol.
     *
     * @param config the model's processor config (it must resize and centre-crop)
     * @param frames frames per clip
     * @param crop   which crop, in {@code [0, crops)}
     * @param crops  how many crops
     */
    static ClipTransform spatialView(ProcessorConfig config, int frames, int crop, int crops) {
        if (crops <= 0 || crop < 0 || crop >= crops) {
            throw new IllegalArgumentException("crop must be in [0, crops), got " + crop + " of " + crops);
        }
        HfVideoProcessor processor = new HfVideoProcessor(config);
        if (crops == 1) {
            return process(processor, frames);
        }
        HfVideoProcessor normalizer = normalizer(config);
        FrameSize size = config.cropSize();
        ClipShape shape = new ClipShape(frames, size.height(), size.width());
        return new ClipTransform() {
            @Override
            public ClipShape outputShape() {
                return shape;
            }

            @Override
            public int apply(VideoClip clip, int label, RandomGenerator rng, float[] dst, int offset) {
                VideoClip r = processor.resize(clip);
                boolean wide = r.width() >= r.height();
                int x0 = wide ? TestViews.cropOffset(r.width(), size.width(), crop, crops)
                        : TestViews.cropOffset(r.width(), size.width(), 0, 1);
                int y0 = wide ? TestViews.cropOffset(r.height(), size.height(), 0, 1)
                        : TestViews.cropOffset(r.height(), size.height(), crop, crops);
                checkFrames(r, shape);
                normalizer.process(r.region(y0, x0, size.height(), size.width()), dst, offset);
                return label;
            }
        };
    }

    /**
     * The processor's resize and centre crop as a step of an augmentation: the uint8 frames its {@link #process} would
     * normalise, for pipelines that augment the model-sized frames without a random crop (flip, colour, erasing
     * after the crop). Draws nothing from the random stream.
     *
     * @param config a processor config that resizes to at least its crop size and centre-crops
     */
    static ClipAugmentation processorCrop(ProcessorConfig config) {
        if (!config.doCenterCrop()) {
            throw new IllegalArgumentException("the processor does not centre-crop; batches need one frame size");
        }
        HfVideoProcessor resizer = new HfVideoProcessor(config);
        FrameSize size = config.cropSize();
        CenterCrop crop = new CenterCrop(size);
        return (in, rng) -> {
            VideoClip r = resizer.resize(in.clip());
            if (r.height() < size.height() || r.width() < size.width()) {
                throw new IllegalStateException("the processor resizes " + in.clip().width() + "x"
                        + in.clip().height() + " frames to " + r.width() + "x" + r.height() + ", smaller than its crop "
                        + size.width() + "x" + size.height() + " (WxH)");
            }
            return in.withClip(crop.apply(r));
        };
    }

    /**
     * The rescale and normalisation of a processor config without its resize and crop: for frames an
     * augmentation has already brought to the model's size.
     */
    static HfVideoProcessor normalizer(ProcessorConfig config) {
        return new HfVideoProcessor(config.toBuilder().doResize(false).doCenterCrop(false).build());
    }

    private static void checkFrames(VideoClip clip, ClipShape shape) {
        if (clip.frames() != shape.frames()) {
            throw new IllegalStateException("clip has " + clip.frames() + " frames but the transform promises "
                    + shape.frames());
        }
    }
}
