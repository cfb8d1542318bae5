package org.tubelet.models.zoo;

import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.timesformer.AttentionType;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.vivit.VivitConfig;

/**
 * Analytic floating-point operations of one forward pass (matrix products only, 2 per multiply-add), the figure
 * benchmarks divide by time to report GFLOP/s. Training is counted as 3× the forward pass.
 */
public final class Flops {
    private Flops() {
    }

    /** @param maskedTokens VideoMAE pretraining: masked tokens per clip (0 otherwise) */
    public static double forward(ModelConfig c, Architecture arch, int batch, int maskedTokens) {
        double f = switch (c.family()) {
            case VIVIT -> vivit((VivitConfig) c);
            case TIMESFORMER -> timesformer((TimesformerConfig) c);
            case VIDEOMAE -> videomae((VideoMaeConfig) c, arch, maskedTokens);
        };
        return batch * f;
    }

    /** One pre-LN transformer layer over {@code s} tokens: projections, scores and context, MLP. */
    static double layer(double s, double d, double mlp) {
        return 2 * s * (4 * d * d + 2 * d * mlp) + 4 * s * s * d;
    }

    private static double vivit(VivitConfig c) {
        double d = c.hiddenSize();
        double n = c.numPatches();
        double k = (double) c.numChannels() * c.kt() * c.kh() * c.kw();
        double embed = 2 * n * k * d;
        double head = 2 * d * c.meta().numLabels();
        double nt = c.temporalTokens();
        double ns = c.spatialTokens();
        double layers = switch (c.variant()) {
            case JOINT -> c.numHiddenLayers() * layer(n + 1, d, c.intermediateSize());
            case FACTORISED_ENCODER -> nt * c.numHiddenLayers() * layer(ns + 1, d, c.intermediateSize())
                    + c.numTemporalLayers() * layer(nt + 1, d, c.intermediateSize());
            case FACTORISED_SELF_ATTENTION -> c.numHiddenLayers() * (2 * n * (8 * d * d + 2 * d * c.intermediateSize())
                    + 4 * n * ns * d + 4 * n * nt * d);
            case FACTORISED_DOT_PRODUCT -> c.numHiddenLayers() * (2 * n * (4 * d * d + 2 * d * c.intermediateSize())
                    + 2 * n * ns * d + 2 * n * nt * d);
        };
        return embed + layers + head;
    }

    private static double timesformer(TimesformerConfig c) {
        double d = c.hiddenSize();
        double t = c.numFrames();
        double n = c.numPatches();
        double mlp = c.intermediateSize();
        double embed = 2 * n * t * c.numChannels() * c.patchSize() * c.patchSize() * d;
        double perLayer = switch (c.attentionType()) {
            case DIVIDED_SPACE_TIME -> 2 * n * t * 4 * d * d + 4 * t * t * d * n   // temporal attention
                    + 2 * n * t * d * d                                              // temporal_dense
                    + 2 * (n + 1) * t * 4 * d * d + 4 * (n + 1) * (n + 1) * d * t   // spatial attention
                    + 2 * (1 + n * t) * 2 * d * mlp;                                 // MLP
            case JOINT_SPACE_TIME -> layer(1 + n * t, d, mlp);
            case SPACE_ONLY -> t * layer(1 + n, d, mlp);
        };
        double rows = c.attentionType() == AttentionType.SPACE_ONLY ? t : 1;
        return embed + c.numHiddenLayers() * perLayer + rows * 2 * d * c.meta().numLabels();
    }

    private static double videomae(VideoMaeConfig c, Architecture arch, int masked) {
        double d = c.hiddenSize();
        double n = c.numPatches();
        double visible = n - masked;
        double embed = 2 * n * c.patchValues() * d;
        double encoder = c.numHiddenLayers() * layer(visible, d, c.intermediateSize());
        if (arch.head() != Architecture.Head.PRETRAINING) {
            return embed + encoder + 2 * d * c.meta().numLabels();
        }
        double dd = c.decoderHiddenSize();
        return embed + encoder + 2 * visible * d * dd
                + c.decoderNumHiddenLayers() * layer(n, dd, c.decoderIntermediateSize())
                + 2 * masked * dd * c.patchValues();
    }
}
