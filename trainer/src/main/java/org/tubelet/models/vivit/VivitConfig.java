package org.tubelet.models.vivit;

import static org.tubelet.models.ConfigException.require;

import java.util.List;
import java.util.Objects;
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
 * @param encoder the encoder fields HF's video configs share
 */
public record VivitConfig(
        int imageSize,
        int numFrames,
        List<Integer> tubeletSize,
        int numChannels,
        EncoderFields encoder,
        HfMeta meta,
        VivitVariant variant,
        VivitEmbedding embedding,
        int numTemporalLayers,
        AttentionOrder attentionOrder,
        KernelInit kernelInit) implements ModelConfig {

    /** Defaults of Tubelet's paper-variant fields (absent from HF's config). */
    public static final int DEFAULT_TEMPORAL_LAYERS = 4;

    /** HF's ViViT (model 1, tubelet embedding) with every HF field. */
    public VivitConfig(int imageSize, int numFrames, List<Integer> tubeletSize, int numChannels, EncoderFields encoder,
                       HfMeta meta) {
        this(imageSize, numFrames, tubeletSize, numChannels, encoder, meta, VivitVariant.JOINT, VivitEmbedding.TUBELET,
                DEFAULT_TEMPORAL_LAYERS, AttentionOrder.SPACE_FIRST, KernelInit.FILTER_INFLATION);
    }

    public VivitConfig {
        Objects.requireNonNull(encoder, "encoder");
        require(variant != null, "vivit_variant", null, "must be set");
        require(embedding != null, "embedding_type", null, "must be set");
        require(attentionOrder != null, "factorised_attention_order", null, "must be set");
        require(kernelInit != null, "kernel_init", null, "must be set");
        require(numTemporalLayers >= 0, "num_temporal_layers", numTemporalLayers, "must not be negative");
        require(variant != VivitVariant.FACTORISED_DOT_PRODUCT || encoder.numAttentionHeads() % 2 == 0,
                "num_attention_heads", encoder.numAttentionHeads(),
                "must be even for factorised dot-product attention (half the heads attend over space, half over time)");
        tubeletSize = List.copyOf(tubeletSize);
        require(tubeletSize.size() == 3, "tubelet_size", tubeletSize, "expected three values [t, h, w]");
        for (int s : tubeletSize) {
            require(s > 0, "tubelet_size", tubeletSize, "every size must be positive");
        }
        require(imageSize > 0, "image_size", imageSize, "must be positive");
        require(numFrames > 0, "num_frames", numFrames, "must be positive");
        require(numChannels > 0, "num_channels", numChannels, "must be positive");
        require(numFrames % tubeletSize.get(0) == 0, "num_frames", numFrames,
                "must be divisible by the tubelet's temporal size " + tubeletSize.get(0));
        require(imageSize % tubeletSize.get(1) == 0, "image_size", imageSize,
                "must be divisible by the tubelet's height " + tubeletSize.get(1));
        require(imageSize % tubeletSize.get(2) == 0, "image_size", imageSize,
                "must be divisible by the tubelet's width " + tubeletSize.get(2));
    }

    /** HF's defaults ({@code VivitConfig()}). */
    public static VivitConfig defaults() {
        return new VivitConfig(224, 32, List.of(2, 16, 16), 3, EncoderFields.vitBase(Activation.GELU_FAST, 1e-6),
                HfMeta.defaults(List.of()));
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.VIVIT;
    }

    @Override
    public VivitConfig withMeta(HfMeta m) {
        return new VivitConfig(imageSize, numFrames, tubeletSize, numChannels, encoder, m, variant, embedding,
                numTemporalLayers, attentionOrder, kernelInit);
    }

    /** The same config as another paper variant / embedding. */
    public VivitConfig withVariant(VivitVariant v, VivitEmbedding e) {
        return new VivitConfig(imageSize, numFrames, tubeletSize, numChannels, encoder, meta, v, e, numTemporalLayers,
                attentionOrder, kernelInit);
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
