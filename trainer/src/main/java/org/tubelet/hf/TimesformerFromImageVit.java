package org.tubelet.hf;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.WeightLayout;

/**
 * TimeSformer from an image ViT, as the paper's code does it (facebookresearch/TimeSformer,
 * {@code timesformer/models/helpers.py} {@code load_pretrained} and {@code vit.py}): patch embedding, CLS token,
 * encoder layers and final norm copied (ViT's separate query/key/value packed into {@code qkv}); the position table
 * resized by nearest neighbour when the grids differ; time embeddings zero; each layer's temporal attention and its
 * norm copied from the layer's spatial attention and {@code layernorm_before}; {@code temporal_dense}
 * ({@code temporal_fc}) zero in every layer but the first, which keeps its fresh initialisation as in
 * {@code VisionTransformer.__init__}; the classifier fresh.
 */
final class TimesformerFromImageVit implements ImageVitPlan {
    private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\.(.+)");
    private final WeightLayout layout;

    TimesformerFromImageVit(WeightLayout layout) {
        this.layout = layout;
    }

    @Override
    public INDArray value(TensorMapping t, String local, ImageVit vit, List<String> problems) {
        if (local.startsWith("classifier.")) {
            return null;
        }
        if (local.equals(ImageVit.POSITIONS)) {
            return vit.positionsFor(layout.positionTable(t.name()).orElseThrow(), problems);
        }
        if (local.equals("embeddings.time_embeddings")) {
            return Nd4j.zeros(DataType.FLOAT, t.hfShape());
        }
        Matcher m = LAYER.matcher(local);
        if (!m.matches()) {
            return vit.get(local, problems);                    // patch embedding, cls_token, final layernorm
        }
        int layer = Integer.parseInt(m.group(1));
        String rest = m.group(2);
        String vitLayer = "encoder.layer." + layer + ".";
        if (rest.startsWith("attention.attention.qkv.") || rest.startsWith("temporal_attention.attention.qkv.")) {
            return vit.packedQkv(layer, rest.substring(rest.lastIndexOf('.') + 1), problems);
        }
        if (rest.startsWith("temporal_attention.output.dense.")) {
            return vit.get(vitLayer + rest.substring("temporal_".length()), problems);
        }
        if (rest.startsWith("temporal_layernorm.")) {
            return vit.get(vitLayer + rest.replace("temporal_layernorm", "layernorm_before"), problems);
        }
        if (rest.startsWith("temporal_dense.")) {
            return layer == 0 ? null : Nd4j.zeros(DataType.FLOAT, t.hfShape());
        }
        return vit.get(local, problems);
    }

    @Override
    public String describe() {
        return "temporal attention copied from the spatial attention, time embeddings zero, as the TimeSformer code";
    }
}
