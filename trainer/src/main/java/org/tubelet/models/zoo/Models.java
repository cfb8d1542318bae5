package org.tubelet.models.zoo;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.Architecture;
import org.tubelet.models.GraphOps;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelFamily;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.timesformer.TimesformerGraphBuilder;
import org.tubelet.models.timesformer.TimesformerWeights;
import org.tubelet.models.videomae.MaskingStrategy;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.videomae.VideoMaeGraphBuilder;
import org.tubelet.models.videomae.VideoMaeWeights;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.vivit.VivitGraphBuilder;
import org.tubelet.models.vivit.VivitVariant;
import org.tubelet.models.vivit.VivitWeights;

/** Entry point from a config and an HF class to a graph or a weight layout, whatever the family. */
public final class Models {
    private Models() {
    }

    public static ModelGraph build(ModelConfig config, Architecture arch) {
        return build(config, arch, InputSize.of(config));
    }

    /**
     * Builds for a clip size other than the config's where the family supports it (TimeSformer resizes its position
     * tables); other families require the config's size.
     */
    public static ModelGraph build(ModelConfig config, Architecture arch, InputSize size) {
        return build(config, arch, size, DEFAULT_MASK);
    }

    /** {@code maskedTokens} value meaning: the architecture's default (VideoMAE pretraining: tube masking at 90 %). */
    public static final int DEFAULT_MASK = -1;
    /** The paper's VideoMAE masking ratio. */
    public static final double DEFAULT_MASK_RATIO = 0.9;

    /**
     * @param maskedTokens VideoMAE only: masked tokens per clip for the {@code bool_masked_pos} input (0 = no mask
     *                     input), or {@link #DEFAULT_MASK}
     */
    public static ModelGraph build(ModelConfig config, Architecture arch, InputSize size, int maskedTokens) {
        return build(config, arch, size, maskedTokens, GraphOps.KERNELS);
    }

    /** @param ops {@link GraphOps#STOCK} for a graph that must run outside Tubelet (an exported SameDiff file) */
    public static ModelGraph build(ModelConfig config, Architecture arch, InputSize size, int maskedTokens,
                                   GraphOps ops) {
        checkFamily(config, arch);
        if (config.family() != ModelFamily.VIDEOMAE && maskedTokens > 0) {
            throw new IllegalArgumentException(arch.hfClass() + " takes no bool_masked_pos");
        }
        if (config.family() != ModelFamily.TIMESFORMER && !size.equals(InputSize.of(config))) {
            throw new IllegalArgumentException(config.family().modelType() + " needs clips of exactly "
                    + InputSize.of(config) + " (the config's num_frames and image_size), got " + size);
        }
        return switch (config.family()) {
            case VIVIT -> VivitGraphBuilder.build((VivitConfig) config, arch, ops);
            case TIMESFORMER -> TimesformerGraphBuilder.build((TimesformerConfig) config, arch, size, ops);
            case VIDEOMAE -> {
                VideoMaeConfig c = (VideoMaeConfig) config;
                int masked = maskedTokens != DEFAULT_MASK ? maskedTokens
                        : arch.head() == Architecture.Head.PRETRAINING
                        ? TubeMaskGenerator.forConfig(c, DEFAULT_MASK_RATIO, MaskingStrategy.TUBE).maskedPerClip()
                        : 0;
                yield VideoMaeGraphBuilder.build(c, arch, masked, ops);
            }
        };
    }

    public static WeightLayout layout(ModelConfig config, Architecture arch) {
        checkFamily(config, arch);
        return switch (config.family()) {
            case VIVIT -> VivitWeights.layout((VivitConfig) config, arch);
            case TIMESFORMER -> TimesformerWeights.layout((TimesformerConfig) config, arch);
            case VIDEOMAE -> VideoMaeWeights.layout((VideoMaeConfig) config, arch);
        };
    }

    /** Builds the model and fills it with a fresh initialisation (see {@link #initialise}). */
    public static ModelGraph create(ModelConfig config, Architecture arch, long seed) {
        ModelGraph g = build(config, arch);
        initialise(g, seed);
        return g;
    }

    /**
     * Fresh weights as HF's {@code _init_weights} draws them (truncated normal with {@code initializer_range} for
     * weights and learned tokens, zeros for biases, ones for norm gains), reproducible for a seed.
     */
    public static void initialise(ModelGraph g, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double std = g.config().initializerRange();
        for (TensorMapping t : g.layout().tensors()) {
            INDArray arr = switch (t.init()) {
                case ZEROS -> Nd4j.zeros(DataType.FLOAT, t.graphShape());
                case ONES -> Nd4j.ones(DataType.FLOAT, t.graphShape());
                case NORMAL -> {
                    float[] v = new float[Math.toIntExact(t.numel())];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (truncatedNormal(rng) * std);
                    }
                    yield Nd4j.create(v, t.graphShape(), DataType.FLOAT);
                }
            };
            g.setParamValue(t.name(), arr);
        }
    }

    /** Standard normal truncated to [-2, 2] (timm/HF {@code trunc_normal_} with a = -2σ, b = 2σ). */
    private static double truncatedNormal(SplittableRandom rng) {
        while (true) {
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble();
            double z = Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
            if (Math.abs(z) <= 2.0) {
                return z;
            }
        }
    }

    /**
     * Whether the class can be built from the config: same family, and for ViViT the class of the config's
     * {@code vivit_variant} (each of the paper's models has its own class names).
     */
    public static boolean fits(ModelConfig config, Architecture arch) {
        return arch.family() == config.family() && (config.family() != ModelFamily.VIVIT
                || VivitVariant.of(arch) == ((VivitConfig) config).variant());
    }

    /** The family's class with the given head that fits the config (ViViT: its variant's class), if there is one. */
    public static Optional<Architecture> architecture(ModelConfig config, Architecture.Head head) {
        return Arrays.stream(Architecture.values()).filter(a -> a.head() == head && fits(config, a)).findFirst();
    }

    private static void checkFamily(ModelConfig config, Architecture arch) {
        if (arch.family() != config.family()) {
            throw new IllegalArgumentException("architecture " + arch.hfClass() + " does not belong to model_type "
                    + config.family().modelType());
        }
    }
}
