package org.tubelet.hf;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.vivit.KernelInit;

/**
 * VideoMAE's encoder from an image ViT (the paper's ImageNet-supervised baseline): the patch filter inflated over the
 * tubelet (replicated and divided by its length), the encoder layers copied, with ViT's query and value biases as
 * {@code q_bias} and {@code v_bias}. ViT's key bias is dropped: it adds the same amount to every score of a query,
 * which the softmax cancels, so the attention is unchanged. The final {@code layernorm} (no mean pooling) is ViT's;
 * {@code fc_norm} and the classifier start fresh, as MAE's fine-tuning does with mean pooling; the pretraining
 * decoder starts fresh. The sin-cos position table is VideoMAE's own: ViT's learned table is not used.
 */
final class VideoMaeFromImageVit implements ImageVitPlan {
    private final VideoMaeConfig c;

    VideoMaeFromImageVit(VideoMaeConfig c) {
        this.c = c;
    }

    @Override
    public INDArray value(TensorMapping t, String local, ImageVit vit, List<String> problems) {
        if (local.equals(ImageVit.PATCH_FILTER)) {
            return vit.inflatedFilter(c.tubeletSize(), KernelInit.FILTER_INFLATION, problems);
        }
        if (local.startsWith("classifier.") || local.startsWith("fc_norm.") || local.startsWith("decoder.")
                || local.startsWith("encoder_to_decoder.") || local.equals("mask_token")) {
            return null;
        }
        if (local.endsWith(".attention.attention.q_bias")) {
            return vit.get(local.replace("q_bias", "query.bias"), problems);
        }
        if (local.endsWith(".attention.attention.v_bias")) {
            return vit.get(local.replace("v_bias", "value.bias"), problems);
        }
        return vit.get(local, problems);
    }

    @Override
    public String describe() {
        return "patch filter inflated over the tubelet, sin-cos positions";
    }
}
