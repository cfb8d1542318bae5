package org.tubelet.hf;

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
                EncoderFieldsCodec.read(j, d.encoder()),
                AttentionType.fromHf(j.string("attention_type", d.attentionType().hfName())),
                j.meta()));
    }

    static HfJsonWriter write(TimesformerConfig c) {
        HfJsonWriter w = new HfJsonWriter()
                .meta(c.meta(), c.family().modelType())
                .put("image_size", c.imageSize())
                .put("patch_size", c.patchSize())
                .put("num_channels", c.numChannels())
                .put("num_frames", c.numFrames());
        return EncoderFieldsCodec.write(w, c.encoder())
                .put("attention_type", c.attentionType().hfName())
                .put("drop_path_rate", c.dropPathRate());         // an HF field: always written
    }
}
