package org.tubelet.hf;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.vivit.VivitEmbedding;
import org.tubelet.models.vivit.VivitVariant;

/**
 * ViViT (any of the paper's four models) from an image ViT, as the paper describes (section 3.4): the patch filter
 * inflated to the tubelet ({@link org.tubelet.models.vivit.KernelInit}), the position table repeated over the
 * temporal indices (model 2's spatial encoder takes it as it is), encoder layers, CLS token and final norm copied;
 * model 3's temporal attention starts at zero so that the model starts as the image model; model 2's temporal
 * encoder, the classifier and the pooler keep their fresh initialisation.
 */
final class VivitFromImageVit implements ImageVitPlan {
    private final VivitConfig c;
    private final WeightLayout layout;

    VivitFromImageVit(VivitConfig c, WeightLayout layout) {
        this.c = c;
        this.layout = layout;
    }

    @Override
    public INDArray value(TensorMapping t, String local, ImageVit vit, List<String> problems) {
        if (local.equals(ImageVit.PATCH_FILTER)) {
            return vit.inflatedFilter(c.embedding() == VivitEmbedding.TUBELET ? c.kt() : 1, c.kernelInit(), problems);
        }
        if (local.equals(ImageVit.POSITIONS)) {
            return vit.positionsFor(layout.positionTable(t.name()).orElseThrow(), problems);
        }
        if (local.startsWith("temporal_encoder.") || local.startsWith("temporal_embeddings.")
                || local.startsWith("pooler.") || local.startsWith("classifier.")
                || local.contains("temporal_layernorm")) {
            return null;
        }
        if (local.contains(".temporal_attention.")) {
            return Nd4j.zeros(DataType.FLOAT, t.hfShape());
        }
        if (local.startsWith("layernorm.") && c.variant() == VivitVariant.FACTORISED_ENCODER) {
            return null;                     // model 2's final norm follows the fresh temporal encoder
        }
        if (local.startsWith("spatial_layernorm.")) {
            return vit.get(local.replace("spatial_layernorm", "layernorm"), problems);
        }
        return vit.get(local, problems);
    }

    @Override
    public String describe() {
        return c.kernelInit().configName();
    }
}
