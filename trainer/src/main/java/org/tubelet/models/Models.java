package org.tubelet.models;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.timesformer.TimesformerGraphBuilder;
import org.tubelet.models.timesformer.TimesformerWeights;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.vivit.VivitGraphBuilder;
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
        checkFamily(config, arch);
        if (config.family() != ModelFamily.TIMESFORMER && !size.equals(InputSize.of(config))) {
            throw new IllegalArgumentException(config.family().modelType() + " needs clips of exactly "
                    + InputSize.of(config) + " (the config's num_frames and image_size), got " + size);
        }
        return switch (config.family()) {
            case VIVIT -> VivitGraphBuilder.build((VivitConfig) config, arch);
            case TIMESFORMER -> TimesformerGraphBuilder.build((TimesformerConfig) config, arch, size);
        };
    }

    public static WeightLayout layout(ModelConfig config, Architecture arch) {
        checkFamily(config, arch);
        return switch (config.family()) {
            case VIVIT -> VivitWeights.layout((VivitConfig) config, arch);
            case TIMESFORMER -> TimesformerWeights.layout((TimesformerConfig) config, arch);
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
            g.params().get(t.name()).setArray(arr);
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

    private static void checkFamily(ModelConfig config, Architecture arch) {
        if (arch.family() != config.family()) {
            throw new IllegalArgumentException("architecture " + arch.hfClass() + " does not belong to model_type "
                    + config.family().modelType());
        }
    }
}
