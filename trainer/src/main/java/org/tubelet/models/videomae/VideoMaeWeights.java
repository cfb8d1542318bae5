package org.tubelet.models.videomae;

import static org.tubelet.models.TensorMapping.Init.NORMAL;
import static org.tubelet.models.TensorMapping.Init.ONES;
import static org.tubelet.models.TensorMapping.Init.ZEROS;
import static org.tubelet.models.TensorMapping.same;

import java.util.ArrayList;
import java.util.List;
import org.tubelet.models.Architecture;
import org.tubelet.models.Interpolation;
import org.tubelet.models.PositionTable;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.WeightLayout;

/**
 * The VideoMAE HF ↔ graph weight map (pure). Attention has {@code query/key/value} weights without bias plus
 * {@code q_bias}/{@code v_bias} (when {@code qkv_bias}); the final encoder norm exists only without mean pooling;
 * {@code fc_norm} only in the mean-pooling classifier; the pretraining model adds {@code encoder_to_decoder},
 * {@code mask_token} and the {@code decoder.*} tensors. The sin-cos tables are not stored.
 */
public final class VideoMaeWeights {
    /** The encoder's sin-cos table: not stored, computed for the graph's token grid (see {@link SinCosPositions}). */
    public static final String ENCODER_POSITIONS = "encoder_positions";

    private VideoMaeWeights() {
    }

    public static WeightLayout layout(VideoMaeConfig c, Architecture arch) {
        String p = arch.prefix();
        long d = c.hiddenSize();
        List<TensorMapping> t = new ArrayList<>();
        long filter = (long) c.numChannels() * c.tubeletSize() * c.patchSize() * c.patchSize();
        t.add(new TensorMapping(p + "embeddings.patch_embeddings.projection.weight",
                new long[]{d, c.numChannels(), c.tubeletSize(), c.patchSize(), c.patchSize()},
                new long[]{d, filter}, NORMAL));
        t.add(same(p + "embeddings.patch_embeddings.projection.bias", ZEROS, d));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            t.addAll(layer(p + "encoder.layer." + i, d, c.intermediateSize(), c.qkvBias()));
        }
        if (!c.useMeanPooling()) {
            t.add(same(p + "layernorm.weight", ONES, d));
            t.add(same(p + "layernorm.bias", ZEROS, d));
        }
        switch (arch.head()) {
            case CLASSIFIER -> {
                if (c.useMeanPooling()) {
                    t.add(same("fc_norm.weight", ONES, d));
                    t.add(same("fc_norm.bias", ZEROS, d));
                }
                t.add(same("classifier.weight", NORMAL, c.meta().numLabels(), d));
                t.add(same("classifier.bias", ZEROS, c.meta().numLabels()));
            }
            case PRETRAINING -> {
                long hd = c.decoderHiddenSize();
                t.add(same("encoder_to_decoder.weight", NORMAL, hd, d));
                t.add(same("mask_token", NORMAL, 1, 1, hd));
                for (int i = 0; i < c.decoderNumHiddenLayers(); i++) {
                    t.addAll(layer("decoder.decoder_layers." + i, hd, c.decoderIntermediateSize(), c.qkvBias()));
                }
                t.add(same("decoder.norm.weight", ONES, hd));
                t.add(same("decoder.norm.bias", ZEROS, hd));
                t.add(same("decoder.head.weight", NORMAL, c.patchValues(), hd));
                t.add(same("decoder.head.bias", ZEROS, c.patchValues()));
            }
            case NONE, POOLER -> {
            }
        }
        return new WeightLayout(t, List.of(new PositionTable(ENCODER_POSITIONS, false, 0, c.temporalPatches(),
                c.imageSize() / c.patchSize(), c.imageSize() / c.patchSize(), Interpolation.LINEAR,
                Interpolation.CUBIC)));
    }

    private static List<TensorMapping> layer(String prefix, long d, long intermediate, boolean qkvBias) {
        String a = prefix + ".attention.attention.";
        List<TensorMapping> t = new ArrayList<>();
        t.add(same(a + "query.weight", NORMAL, d, d));
        t.add(same(a + "key.weight", NORMAL, d, d));
        t.add(same(a + "value.weight", NORMAL, d, d));
        if (qkvBias) {
            t.add(same(a + "q_bias", ZEROS, d));
            t.add(same(a + "v_bias", ZEROS, d));
        }
        t.add(same(prefix + ".attention.output.dense.weight", NORMAL, d, d));
        t.add(same(prefix + ".attention.output.dense.bias", ZEROS, d));
        t.add(same(prefix + ".intermediate.dense.weight", NORMAL, intermediate, d));
        t.add(same(prefix + ".intermediate.dense.bias", ZEROS, intermediate));
        t.add(same(prefix + ".output.dense.weight", NORMAL, d, intermediate));
        t.add(same(prefix + ".output.dense.bias", ZEROS, d));
        t.add(same(prefix + ".layernorm_before.weight", ONES, d));
        t.add(same(prefix + ".layernorm_before.bias", ZEROS, d));
        t.add(same(prefix + ".layernorm_after.weight", ONES, d));
        t.add(same(prefix + ".layernorm_after.bias", ZEROS, d));
        return t;
    }
}
