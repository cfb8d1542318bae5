package org.tubelet.hf;

import org.tubelet.models.Activation;
import org.tubelet.models.EncoderFields;

/**
 * {@code config.json} ↔ {@link EncoderFields}: the encoder keys every family's config has ({@code hidden_size} ...
 * {@code qkv_bias}), read and written in one place; each family's codec handles only its own keys.
 */
final class EncoderFieldsCodec {
    private EncoderFieldsCodec() {
    }

    /** Reads the encoder keys, with the family's defaults for missing ones. */
    static EncoderFields read(HfJson j, EncoderFields d) {
        return new EncoderFields(
                j.integer("hidden_size", d.hiddenSize()),
                j.integer("num_hidden_layers", d.numHiddenLayers()),
                j.integer("num_attention_heads", d.numAttentionHeads()),
                j.integer("intermediate_size", d.intermediateSize()),
                Activation.fromHf(j.string("hidden_act", d.hiddenAct().hfName())),
                j.number("hidden_dropout_prob", d.hiddenDropoutProb()),
                j.number("attention_probs_dropout_prob", d.attentionProbsDropoutProb()),
                j.number("initializer_range", d.initializerRange()),
                j.number("layer_norm_eps", d.layerNormEps()),
                j.bool("qkv_bias", d.qkvBias()),
                j.number("drop_path_rate", d.dropPathRate()));
    }

    /**
     * Writes the encoder keys but {@code drop_path_rate}: TimeSformer's HF config has it (always written), ViViT's
     * and VideoMAE's do not ({@link #writeDropPathIfSet}).
     */
    static HfJsonWriter write(HfJsonWriter w, EncoderFields e) {
        return w.put("hidden_size", e.hiddenSize())
                .put("num_hidden_layers", e.numHiddenLayers())
                .put("num_attention_heads", e.numAttentionHeads())
                .put("intermediate_size", e.intermediateSize())
                .put("hidden_act", e.hiddenAct().hfName())
                .put("hidden_dropout_prob", e.hiddenDropoutProb())
                .put("attention_probs_dropout_prob", e.attentionProbsDropoutProb())
                .put("initializer_range", e.initializerRange())
                .put("layer_norm_eps", e.layerNormEps())
                .put("qkv_bias", e.qkvBias());
    }

    /**
     * {@code drop_path_rate} for a family whose HF config lacks the field (ViViT, VideoMAE): written only when set, so
     * that a model trained without drop path exports HF's config exactly. HF keeps the unknown key as an attribute
     * and ignores it; drop path is the identity in inference, so HF computes the same outputs.
     */
    static HfJsonWriter writeDropPathIfSet(HfJsonWriter w, EncoderFields e) {
        return e.dropPathRate() > 0 ? w.put("drop_path_rate", e.dropPathRate()) : w;
    }
}
