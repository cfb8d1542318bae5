package org.tubelet.models.timesformer;

import static org.tubelet.models.ConfigException.require;

import java.util.List;
import java.util.Objects;
import org.tubelet.models.Activation;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelFamily;

/**
 * HF {@code TimesformerConfig} (transformers v4.37.2), every field, validated; {@link #defaults()} are HF's. HF's
 * {@code drop_path_rate} is in {@link #encoder()}, where every family has it.
 */
public record TimesformerConfig(
        int imageSize,
        int patchSize,
        int numChannels,
        int numFrames,
        EncoderFields encoder,
        AttentionType attentionType,
        HfMeta meta) implements ModelConfig {

    public TimesformerConfig {
        Objects.requireNonNull(encoder, "encoder");
        require(imageSize > 0, "image_size", imageSize, "must be positive");
        require(patchSize > 0, "patch_size", patchSize, "must be positive");
        require(imageSize % patchSize == 0, "image_size", imageSize,
                "must be divisible by patch_size = " + patchSize);
        require(numChannels > 0, "num_channels", numChannels, "must be positive");
        require(numFrames > 0, "num_frames", numFrames, "must be positive");
        require(attentionType != null, "attention_type", null, "must be set");
    }

    /** HF's defaults ({@code TimesformerConfig()}). */
    public static TimesformerConfig defaults() {
        return new TimesformerConfig(224, 16, 3, 8, EncoderFields.vitBase(Activation.GELU, 1e-6),
                AttentionType.DIVIDED_SPACE_TIME, HfMeta.defaults(List.of()));
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.TIMESFORMER;
    }

    @Override
    public TimesformerConfig withMeta(HfMeta m) {
        return new TimesformerConfig(imageSize, patchSize, numChannels, numFrames, encoder, attentionType, m);
    }

    /** Patches per frame N = (H/p)(W/p) at the config's size. */
    public int numPatches() {
        return (imageSize / patchSize) * (imageSize / patchSize);
    }

    /** space_only classifies every frame: HF's logits and labels have one row per frame. */
    @Override
    public int labelRowsPerClip() {
        return attentionType == AttentionType.SPACE_ONLY ? numFrames : 1;
    }
}
