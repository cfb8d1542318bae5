package org.tubelet.hf;

import org.tubelet.models.Activation;
import org.tubelet.models.timesformer.AttentionType;
import org.tubelet.models.timesformer.TimesformerConfig;

/** {@code config.json} ↔ {@link TimesformerConfig}, with HF's defaults for missing keys. */
final class TimesformerConfigCodec {
    private TimesformerConfigCodec() {
    }

    static TimesformerConfig read(HfJson j) {
        TimesformerConfig d = TimesformerConfig.defaults();
        return j.bind(() -> new TimesformerConfig(
                j.integer("image_size", d.imageSize()),
                j.integer("patch_size", d.patchSize()),
                j.integer("num_channels", d.numChannels()),
                j.integer("num_frames", d.numFrames()),
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
                AttentionType.fromHf(j.string("attention_type", d.attentionType().hfName())),
                j.number("drop_path_rate", d.dropPathRate()),
                j.meta()));
    }

    static HfJsonWriter write(TimesformerConfig c) {
        return new HfJsonWriter()
                .meta(c.meta(), c.family().modelType())
                .put("image_size", c.imageSize())
                .put("patch_size", c.patchSize())
                .put("num_channels", c.numChannels())
                .put("num_frames", c.numFrames())
                .encoder(c)
                .put("attention_type", c.attentionType().hfName())
                .put("drop_path_rate", c.dropPathRate());
    }
}
