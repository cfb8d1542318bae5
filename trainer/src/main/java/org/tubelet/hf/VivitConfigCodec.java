package org.tubelet.hf;

import java.util.List;
import org.tubelet.models.vivit.AttentionOrder;
import org.tubelet.models.vivit.KernelInit;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.vivit.VivitEmbedding;
import org.tubelet.models.vivit.VivitVariant;

/** {@code config.json} ↔ {@link VivitConfig}, with HF's defaults for missing keys. */
final class VivitConfigCodec {
    private VivitConfigCodec() {
    }

    static VivitConfig read(HfJson j) {
        VivitConfig d = VivitConfig.defaults();
        return j.bind(() -> new VivitConfig(
                j.integer("image_size", d.imageSize()),
                j.integer("num_frames", d.numFrames()),
                j.integers("tubelet_size", d.tubeletSize()),
                j.integer("num_channels", d.numChannels()),
                EncoderFieldsCodec.read(j, d.encoder()),
                j.metaAfter(List.of("vivit_variant", "embedding_type", "num_temporal_layers",
                        "factorised_attention_order", "kernel_init")),
                VivitVariant.fromConfig(j.string("vivit_variant", d.variant().configName())),
                VivitEmbedding.fromConfig(j.string("embedding_type", d.embedding().configName())),
                j.integer("num_temporal_layers", d.numTemporalLayers()),
                AttentionOrder.fromConfig(j.string("factorised_attention_order", d.attentionOrder().configName())),
                KernelInit.fromConfig(j.string("kernel_init", d.kernelInit().configName()))));
    }

    static HfJsonWriter write(VivitConfig c) {
        HfJsonWriter w = new HfJsonWriter();
        if (!c.isHfVivit()) {
            // Tubelet's paper variants: keys HF's VivitConfig does not have.
            w.put("vivit_variant", c.variant().configName())
                    .put("embedding_type", c.embedding().configName())
                    .put("num_temporal_layers", c.numTemporalLayers())
                    .put("factorised_attention_order", c.attentionOrder().configName())
                    .put("kernel_init", c.kernelInit().configName());
        }
        w.meta(c.meta(), c.family().modelType())
                .put("image_size", c.imageSize())
                .put("num_frames", c.numFrames())
                .put("tubelet_size", c.tubeletSize())
                .put("num_channels", c.numChannels());
        return EncoderFieldsCodec.writeDropPathIfSet(EncoderFieldsCodec.write(w, c.encoder()), c.encoder());
    }
}
