package org.tubelet.hf;

import org.tubelet.models.videomae.VideoMaeConfig;

/** {@code config.json} ↔ {@link VideoMaeConfig}, with HF's defaults for missing keys. */
final class VideoMaeConfigCodec {
    private VideoMaeConfigCodec() {
    }

    static VideoMaeConfig read(HfJson j) {
        VideoMaeConfig d = VideoMaeConfig.defaults();
        return j.bind(() -> new VideoMaeConfig(
                j.integer("image_size", d.imageSize()),
                j.integer("patch_size", d.patchSize()),
                j.integer("num_channels", d.numChannels()),
                j.integer("num_frames", d.numFrames()),
                j.integer("tubelet_size", d.tubeletSize()),
                EncoderFieldsCodec.read(j, d.encoder()),
                j.bool("use_mean_pooling", d.useMeanPooling()),
                j.integer("decoder_num_attention_heads", d.decoderNumAttentionHeads()),
                j.integer("decoder_hidden_size", d.decoderHiddenSize()),
                j.integer("decoder_num_hidden_layers", d.decoderNumHiddenLayers()),
                j.integer("decoder_intermediate_size", d.decoderIntermediateSize()),
                j.bool("norm_pix_loss", d.normPixLoss()),
                j.meta()));
    }

    static HfJsonWriter write(VideoMaeConfig c) {
        HfJsonWriter w = new HfJsonWriter()
                .meta(c.meta(), c.family().modelType())
                .put("image_size", c.imageSize())
                .put("patch_size", c.patchSize())
                .put("num_channels", c.numChannels())
                .put("num_frames", c.numFrames())
                .put("tubelet_size", c.tubeletSize());
        return EncoderFieldsCodec.writeDropPathIfSet(EncoderFieldsCodec.write(w, c.encoder()), c.encoder())
                .put("use_mean_pooling", c.useMeanPooling())
                .put("decoder_num_attention_heads", c.decoderNumAttentionHeads())
                .put("decoder_hidden_size", c.decoderHiddenSize())
                .put("decoder_num_hidden_layers", c.decoderNumHiddenLayers())
                .put("decoder_intermediate_size", c.decoderIntermediateSize())
                .put("norm_pix_loss", c.normPixLoss());
    }
}
