package org.tubelet.models.vivit;

import static org.tubelet.models.ConfigException.require;

import java.util.List;
import org.tubelet.models.Activation;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelFamily;

/**
 * HF {@code VivitConfig} (transformers v4.37.2), every field, validated. Defaults are HF's (ViViT-B/16x2, Kinetics-400
 * sizes): {@link #defaults()}.
 *
 * @param tubeletSize [kt, kh, kw]
 */
public record VivitConfig(
        int imageSize,
        int numFrames,
        List<Integer> tubeletSize,
        int numChannels,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        Activation hiddenAct,
        double hiddenDropoutProb,
        double attentionProbsDropoutProb,
        double initializerRange,
        double layerNormEps,
        boolean qkvBias,
        HfMeta meta,
        VivitVariant variant,
        VivitEmbedding embedding,
        int numTemporalLayers,
        AttentionOrder attentionOrder,
        KernelInit kernelInit) implements ModelConfig {

    /** Defaults of Tubelet's paper-variant fields (absent from HF's config). */
    public static final int DEFAULT_TEMPORAL_LAYERS = 4;

    /** HF's ViViT (model 1, tubelet embedding) with every HF field. */
    public VivitConfig(int imageSize, int numFrames, List<Integer> tubeletSize, int numChannels, int hiddenSize,
                       int numHiddenLayers, int numAttentionHeads, int intermediateSize, Activation hiddenAct,
                       double hiddenDropoutProb, double attentionProbsDropoutProb, double initializerRange,
                       double layerNormEps, boolean qkvBias, HfMeta meta) {
        this(imageSize, numFrames, tubeletSize, numChannels, hiddenSize, numHiddenLayers, numAttentionHeads,
                intermediateSize, hiddenAct, hiddenDropoutProb, attentionProbsDropoutProb, initializerRange,
                layerNormEps, qkvBias, meta, VivitVariant.JOINT, VivitEmbedding.TUBELET, DEFAULT_TEMPORAL_LAYERS,
                AttentionOrder.SPACE_FIRST, KernelInit.FILTER_INFLATION);
    }

    public VivitConfig {
        require(variant != null, "vivit_variant", null, "must be set");
        require(embedding != null, "embedding_type", null, "must be set");
        require(attentionOrder != null, "factorised_attention_order", null, "must be set");
        require(kernelInit != null, "kernel_init", null, "must be set");
        require(numTemporalLayers >= 0, "num_temporal_layers", numTemporalLayers, "must not be negative");
        require(variant != VivitVariant.FACTORISED_DOT_PRODUCT || numAttentionHeads % 2 == 0,
                "num_attention_heads", numAttentionHeads,
                "must be even for factorised dot-product attention (half the heads attend over space, half over time)");
        tubeletSize = List.copyOf(tubeletSize);
        require(tubeletSize.size() == 3, "tubelet_size", tubeletSize, "expected three values [t, h, w]");
        for (int s : tubeletSize) {
            require(s > 0, "tubelet_size", tubeletSize, "every size must be positive");
        }
        require(imageSize > 0, "image_size", imageSize, "must be positive");
        require(numFrames > 0, "num_frames", numFrames, "must be positive");
        require(numChannels > 0, "num_channels", numChannels, "must be positive");
        EncoderFields.validate(hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                hiddenDropoutProb, attentionProbsDropoutProb, initializerRange, layerNormEps);
        require(numFrames % tubeletSize.get(0) == 0, "num_frames", numFrames,
                "must be divisible by the tubelet's temporal size " + tubeletSize.get(0));
        require(imageSize % tubeletSize.get(1) == 0, "image_size", imageSize,
                "must be divisible by the tubelet's height " + tubeletSize.get(1));
        require(imageSize % tubeletSize.get(2) == 0, "image_size", imageSize,
                "must be divisible by the tubelet's width " + tubeletSize.get(2));
    }

    /** HF's defaults ({@code VivitConfig()}). */
    public static VivitConfig defaults() {
        return new VivitConfig(224, 32, List.of(2, 16, 16), 3, 768, 12, 12, 3072, Activation.GELU_FAST, 0.0, 0.0,
                0.02, 1e-6, true, HfMeta.defaults(List.of()));
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.VIVIT;
    }

    @Override
    public VivitConfig withMeta(HfMeta m) {
        return new VivitConfig(imageSize, numFrames, tubeletSize, numChannels, hiddenSize, numHiddenLayers,
                numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb, attentionProbsDropoutProb,
                initializerRange, layerNormEps, qkvBias, m, variant, embedding, numTemporalLayers, attentionOrder,
                kernelInit);
    }

    /** The same config as another paper variant / embedding. */
    public VivitConfig withVariant(VivitVariant v, VivitEmbedding e) {
        return new VivitConfig(imageSize, numFrames, tubeletSize, numChannels, hiddenSize, numHiddenLayers,
                numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb, attentionProbsDropoutProb,
                initializerRange, layerNormEps, qkvBias, meta, v, e, numTemporalLayers, attentionOrder, kernelInit);
    }

    /** Whether this is exactly HF's ViViT (so the paper-variant keys are left out of config.json). */
    public boolean isHfVivit() {
        return variant == VivitVariant.JOINT && embedding == VivitEmbedding.TUBELET;
    }

    /** Temporal token indices n_t = T / kt (tubelets, or frames sampled for uniform frame sampling). */
    public int temporalTokens() {
        return numFrames / kt();
    }

    /** Spatial tokens per temporal index n_h·n_w. */
    public int spatialTokens() {
        return (imageSize / kh()) * (imageSize / kw());
    }

    public int kt() {
        return tubeletSize.get(0);
    }

    public int kh() {
        return tubeletSize.get(1);
    }

    public int kw() {
        return tubeletSize.get(2);
    }

    /** Number of tubelet tokens N = (T/kt)(H/kh)(W/kw). */
    public int numPatches() {
        return (numFrames / kt()) * (imageSize / kh()) * (imageSize / kw());
    }
}
