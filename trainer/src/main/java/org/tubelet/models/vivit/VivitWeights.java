package org.tubelet.models.vivit;

import static org.tubelet.models.TensorMapping.Init.NORMAL;
import static org.tubelet.models.TensorMapping.Init.ONES;
import static org.tubelet.models.TensorMapping.Init.ZEROS;
import static org.tubelet.models.TensorMapping.same;

import java.util.ArrayList;
import java.util.List;
import org.tubelet.models.Architecture;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.WeightLayout;

/**
 * The ViViT HF ↔ graph weight map: one pure function of the config and the class. Graph variables carry the HF
 * state-dict names; only the tubelet filter changes shape ([D, C, kt, kh, kw] in the file, [D, C·kt·kh·kw] in the
 * graph).
 */
public final class VivitWeights {
    private VivitWeights() {
    }

    public static WeightLayout layout(VivitConfig c, Architecture arch) {
        String p = arch.prefix();
        long d = c.hiddenSize();
        List<TensorMapping> t = new ArrayList<>();
        t.add(same(p + "embeddings.cls_token", NORMAL, 1, 1, d));
        long filter = (long) c.numChannels() * c.kt() * c.kh() * c.kw();
        t.add(new TensorMapping(p + "embeddings.patch_embeddings.projection.weight",
                new long[]{d, c.numChannels(), c.kt(), c.kh(), c.kw()}, new long[]{d, filter}, NORMAL));
        t.add(same(p + "embeddings.patch_embeddings.projection.bias", ZEROS, d));
        t.add(same(p + "embeddings.position_embeddings", NORMAL, 1, c.numPatches() + 1, d));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            t.addAll(vitLayer(p + "encoder.layer." + i, d, c.intermediateSize(), c.qkvBias()));
        }
        t.add(same(p + "layernorm.weight", ONES, d));
        t.add(same(p + "layernorm.bias", ZEROS, d));
        switch (arch.head()) {
            case POOLER -> {
                t.add(same(p + "pooler.dense.weight", NORMAL, d, d));
                t.add(same(p + "pooler.dense.bias", ZEROS, d));
            }
            case CLASSIFIER -> {
                t.add(same("classifier.weight", NORMAL, c.meta().numLabels(), d));
                t.add(same("classifier.bias", ZEROS, c.meta().numLabels()));
            }
            case NONE -> {
            }
        }
        return new WeightLayout(t);
    }

    /** One HF ViT-style encoder layer (separate query/key/value, optional biases on all three). */
    static List<TensorMapping> vitLayer(String prefix, long d, long intermediate, boolean qkvBias) {
        List<TensorMapping> t = new ArrayList<>();
        for (String proj : List.of("query", "key", "value")) {
            t.add(same(prefix + ".attention.attention." + proj + ".weight", NORMAL, d, d));
            if (qkvBias) {
                t.add(same(prefix + ".attention.attention." + proj + ".bias", ZEROS, d));
            }
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
