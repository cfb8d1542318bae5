package org.tubelet.models.videomae;

import static org.tubelet.models.ConfigException.require;

import java.util.List;
import java.util.Objects;
import org.tubelet.models.Activation;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelFamily;

/** HF {@code VideoMAEConfig} (transformers v4.37.2), every field, validated; {@link #defaults()} are HF's. */
public record VideoMaeConfig(
        int imageSize,
        int patchSize,
        int numChannels,
        int numFrames,
        int tubeletSize,
        EncoderFields encoder,
        boolean useMeanPooling,
        int decoderNumAttentionHeads,
        int decoderHiddenSize,
        int decoderNumHiddenLayers,
        int decoderIntermediateSize,
        boolean normPixLoss,
        HfMeta meta) implements ModelConfig {

    /** {@code fc_norm} and {@code decoder.norm} are plain {@code nn.LayerNorm}: PyTorch's default eps. */
    public static final double HEAD_NORM_EPS = 1e-5;

    public VideoMaeConfig {
        Objects.requireNonNull(encoder, "encoder");
        require(imageSize > 0, "image_size", imageSize, "must be positive");
        require(patchSize > 0, "patch_size", patchSize, "must be positive");
        require(imageSize % patchSize == 0, "image_size", imageSize,
                "must be divisible by patch_size = " + patchSize);
        require(numChannels > 0, "num_channels", numChannels, "must be positive");
        require(tubeletSize > 0, "tubelet_size", tubeletSize, "must be positive");
        require(numFrames > 0 && numFrames % tubeletSize == 0, "num_frames", numFrames,
                "must be a positive multiple of tubelet_size = " + tubeletSize);
        require(decoderHiddenSize > 0, "decoder_hidden_size", decoderHiddenSize, "must be positive");
        require(decoderNumAttentionHeads > 0 && decoderHiddenSize % decoderNumAttentionHeads == 0,
                "decoder_hidden_size", decoderHiddenSize,
                "must be divisible by decoder_num_attention_heads = " + decoderNumAttentionHeads);
        require(decoderNumHiddenLayers >= 0, "decoder_num_hidden_layers", decoderNumHiddenLayers,
                "must not be negative");
        require(decoderIntermediateSize > 0, "decoder_intermediate_size", decoderIntermediateSize,
                "must be positive");
        require(encoder.hiddenSize() % 2 == 0, "hidden_size", encoder.hiddenSize(),
                "must be even for the sin-cos position table");
    }

    /** HF's defaults ({@code VideoMAEConfig()}): ViT-B, 16 frames, tubelet 2, patch 16. */
    public static VideoMaeConfig defaults() {
        return new VideoMaeConfig(224, 16, 3, 16, 2, EncoderFields.vitBase(Activation.GELU, 1e-12), true, 6, 384, 4,
                1536, true, HfMeta.defaults(List.of()));
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.VIDEOMAE;
    }

    @Override
    public VideoMaeConfig withMeta(HfMeta m) {
        return new VideoMaeConfig(imageSize, patchSize, numChannels, numFrames, tubeletSize, encoder, useMeanPooling,
                decoderNumAttentionHeads, decoderHiddenSize, decoderNumHiddenLayers, decoderIntermediateSize,
                normPixLoss, m);
    }

    /** Spatial patches per temporal index, (H/p)(W/p). */
    public int spatialPatches() {
        return (imageSize / patchSize) * (imageSize / patchSize);
    }

    /** Temporal token indices T/tubelet. */
    public int temporalPatches() {
        return numFrames / tubeletSize;
    }

    /** Tokens N of a whole clip. */
    public int numPatches() {
        return spatialPatches() * temporalPatches();
    }

    /** Values per token of a pretraining target: tubelet·p·p·C. */
    public int patchValues() {
        return tubeletSize * patchSize * patchSize * numChannels;
    }
}
