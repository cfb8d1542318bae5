package org.tubelet.models.timesformer;

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
 * The TimeSformer HF ↔ graph weight map (pure). Graph variables carry HF names; the per-frame patch filter is
 * [D, C, p, p] in the file and [D, C·p·p] in the graph. Only {@code divided_space_time} has the {@code temporal_*}
 * tensors; {@code space_only} has no time embeddings.
 */
public final class TimesformerWeights {
    private TimesformerWeights() {
    }

    public static WeightLayout layout(TimesformerConfig c, Architecture arch) {
        String p = arch.prefix();
        long d = c.hiddenSize();
        List<TensorMapping> t = new ArrayList<>();
        long filter = (long) c.numChannels() * c.patchSize() * c.patchSize();
        t.add(new TensorMapping(p + "embeddings.patch_embeddings.projection.weight",
                new long[]{d, c.numChannels(), c.patchSize(), c.patchSize()}, new long[]{d, filter}, NORMAL));
        t.add(same(p + "embeddings.patch_embeddings.projection.bias", ZEROS, d));
        t.add(same(p + "embeddings.cls_token", NORMAL, 1, 1, d));
        t.add(same(p + "embeddings.position_embeddings", NORMAL, 1, c.numPatches() + 1, d));
        if (c.attentionType() != AttentionType.SPACE_ONLY) {
            t.add(same(p + "embeddings.time_embeddings", NORMAL, 1, c.numFrames(), d));
        }
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String l = p + "encoder.layer." + i;
            t.addAll(attention(l + ".attention", d, c.qkvBias()));
            t.add(same(l + ".intermediate.dense.weight", NORMAL, c.intermediateSize(), d));
            t.add(same(l + ".intermediate.dense.bias", ZEROS, c.intermediateSize()));
            t.add(same(l + ".output.dense.weight", NORMAL, d, c.intermediateSize()));
            t.add(same(l + ".output.dense.bias", ZEROS, d));
            t.add(same(l + ".layernorm_before.weight", ONES, d));
            t.add(same(l + ".layernorm_before.bias", ZEROS, d));
            t.add(same(l + ".layernorm_after.weight", ONES, d));
            t.add(same(l + ".layernorm_after.bias", ZEROS, d));
            if (c.attentionType() == AttentionType.DIVIDED_SPACE_TIME) {
                t.add(same(l + ".temporal_layernorm.weight", ONES, d));
                t.add(same(l + ".temporal_layernorm.bias", ZEROS, d));
                t.addAll(attention(l + ".temporal_attention", d, c.qkvBias()));
                t.add(same(l + ".temporal_dense.weight", NORMAL, d, d));
                t.add(same(l + ".temporal_dense.bias", ZEROS, d));
            }
        }
        t.add(same(p + "layernorm.weight", ONES, d));
        t.add(same(p + "layernorm.bias", ZEROS, d));
        if (arch.head() == Architecture.Head.CLASSIFIER) {
            t.add(same("classifier.weight", NORMAL, c.meta().numLabels(), d));
            t.add(same("classifier.bias", ZEROS, c.meta().numLabels()));
        }
        return new WeightLayout(t, positionTables(c, p));
    }

    /**
     * The spatial table (CLS + grid) and the time table, resized by nearest neighbour as HF's TimeSformer and the
     * paper's code resize them (the paper's {@code load_pretrained} resizes the flattened patch sequence in 1-D; the
     * 2-D grid rule of its forward pass is used here, for loading and for other input sizes alike).
     */
    static List<PositionTable> positionTables(TimesformerConfig c, String p) {
        int grid = c.imageSize() / c.patchSize();
        List<PositionTable> tables = new ArrayList<>();
        tables.add(PositionTable.learned(p + "embeddings.position_embeddings", 1, 1, grid, grid,
                Interpolation.NEAREST, Interpolation.NEAREST));
        if (c.attentionType() != AttentionType.SPACE_ONLY) {
            tables.add(PositionTable.learned(p + "embeddings.time_embeddings", 0, c.numFrames(), 1, 1,
                    Interpolation.NEAREST, Interpolation.NEAREST));
        }
        return tables;
    }

    private static List<TensorMapping> attention(String prefix, long d, boolean qkvBias) {
        List<TensorMapping> t = new ArrayList<>();
        t.add(same(prefix + ".attention.qkv.weight", NORMAL, 3 * d, d));
        if (qkvBias) {
            t.add(same(prefix + ".attention.qkv.bias", ZEROS, 3 * d));
        }
        t.add(same(prefix + ".output.dense.weight", NORMAL, d, d));
        t.add(same(prefix + ".output.dense.bias", ZEROS, d));
        return t;
    }
}
