package org.tubelet.models.vivit;

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
 * The ViViT HF ↔ graph weight map: one pure function of the config and the class. Graph variables carry the HF
 * state-dict names; only the tubelet filter changes shape ([D, C, kt, kh, kw] in the file, [D, C·kt·kh·kw] in the
 * graph).
 */
public final class VivitWeights {
    private VivitWeights() {
    }

    public static WeightLayout layout(VivitConfig c, Architecture arch) {
        VivitVariant variant = VivitVariant.of(arch);
        if (variant != c.variant()) {
            throw new IllegalArgumentException("architecture " + arch.hfClass() + " is ViViT " + variant
                    + " but the config says vivit_variant = " + c.variant().configName());
        }
        String p = arch.prefix();
        long d = c.hiddenSize();
        List<TensorMapping> t = new ArrayList<>();
        int frameKernel = c.embedding() == VivitEmbedding.TUBELET ? c.kt() : 1;
        long filter = (long) c.numChannels() * frameKernel * c.kh() * c.kw();
        t.add(new TensorMapping(p + "embeddings.patch_embeddings.projection.weight",
                new long[]{d, c.numChannels(), frameKernel, c.kh(), c.kw()}, new long[]{d, filter}, NORMAL));
        t.add(same(p + "embeddings.patch_embeddings.projection.bias", ZEROS, d));
        if (variant.hasClsToken()) {
            t.add(same(p + "embeddings.cls_token", NORMAL, 1, 1, d));
        }
        long positions = switch (variant) {
            case JOINT -> 1L + c.numPatches();
            case FACTORISED_ENCODER -> 1L + c.spatialTokens();
            case FACTORISED_SELF_ATTENTION, FACTORISED_DOT_PRODUCT -> c.numPatches();
        };
        t.add(same(p + "embeddings.position_embeddings", NORMAL, 1, positions, d));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String l = p + "encoder.layer." + i;
            t.addAll(vitLayer(l, d, c.intermediateSize(), c.qkvBias()));
            if (variant == VivitVariant.FACTORISED_SELF_ATTENTION) {
                t.add(same(l + ".temporal_layernorm.weight", ONES, d));
                t.add(same(l + ".temporal_layernorm.bias", ZEROS, d));
                t.addAll(attention(l + ".temporal_attention", d, c.qkvBias()));
            }
        }
        if (variant == VivitVariant.FACTORISED_ENCODER) {
            t.add(same(p + "spatial_layernorm.weight", ONES, d));
            t.add(same(p + "spatial_layernorm.bias", ZEROS, d));
            t.add(same(p + "temporal_embeddings.cls_token", NORMAL, 1, 1, d));
            t.add(same(p + "temporal_embeddings.position_embeddings", NORMAL, 1, 1L + c.temporalTokens(), d));
            for (int i = 0; i < c.numTemporalLayers(); i++) {
                t.addAll(vitLayer(p + "temporal_encoder.layer." + i, d, c.intermediateSize(), c.qkvBias()));
            }
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
            default -> {
            }
        }
        return new WeightLayout(t, positionTables(c, p));
    }

    /**
     * The learned position tables and their grids: linear in time and bicubic in space when resized, as timm and HF
     * resize ViT tables. Model 1: CLS + nT×h×w; model 2: CLS + 1×h×w (spatial) and CLS + nT×1×1 (temporal);
     * models 3 and 4: nT×h×w.
     */
    static List<PositionTable> positionTables(VivitConfig c, String p) {
        int nt = c.temporalTokens();
        int h = c.imageSize() / c.kh();
        int w = c.imageSize() / c.kw();
        String pos = p + "embeddings.position_embeddings";
        Interpolation time = Interpolation.LINEAR;
        Interpolation space = Interpolation.CUBIC;
        return switch (c.variant()) {
            case JOINT -> List.of(PositionTable.learned(pos, 1, nt, h, w, time, space));
            case FACTORISED_ENCODER -> List.of(PositionTable.learned(pos, 1, 1, h, w, time, space),
                    PositionTable.learned(p + "temporal_embeddings.position_embeddings", 1, nt, 1, 1, time, space));
            case FACTORISED_SELF_ATTENTION, FACTORISED_DOT_PRODUCT ->
                    List.of(PositionTable.learned(pos, 0, nt, h, w, time, space));
        };
    }

    /** One HF ViT-style encoder layer (separate query/key/value, optional biases on all three). */
    static List<TensorMapping> vitLayer(String prefix, long d, long intermediate, boolean qkvBias) {
        List<TensorMapping> t = new ArrayList<>(attention(prefix + ".attention", d, qkvBias));
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

    /** {@code prefix.attention.{query,key,value}} and {@code prefix.output.dense}. */
    private static List<TensorMapping> attention(String prefix, long d, boolean qkvBias) {
        List<TensorMapping> t = new ArrayList<>();
        for (String proj : List.of("query", "key", "value")) {
            t.add(same(prefix + ".attention." + proj + ".weight", NORMAL, d, d));
            if (qkvBias) {
                t.add(same(prefix + ".attention." + proj + ".bias", ZEROS, d));
            }
        }
        t.add(same(prefix + ".output.dense.weight", NORMAL, d, d));
        t.add(same(prefix + ".output.dense.bias", ZEROS, d));
        return t;
    }
}
