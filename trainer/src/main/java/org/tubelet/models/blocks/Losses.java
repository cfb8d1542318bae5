package org.tubelet.models.blocks;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;

/** The losses of HF's heads, with SameDiff formulations whose gradients are right (see SAMEDIFF_NOTES.md). */
public final class Losses {
    private Losses() {
    }

    /**
     * Mean cross-entropy over rows, as PyTorch's {@code CrossEntropyLoss(label_smoothing=s)}.
     *
     * @param logits [B, K] @param labels [B] integer class indices @return scalar
     */
    public static SDVariable crossEntropy(String name, SDVariable logits, SDVariable labels, int numLabels,
                                          double labelSmoothing) {
        var sd = logits.getSameDiff();
        SDVariable oneHot = sd.oneHot(labels, numLabels, -1, 1.0, 0.0, logits.dataType());  // [B, K]
        return sd.loss.softmaxCrossEntropy(name, oneHot, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT,
                labelSmoothing);
    }

    /**
     * Mean cross-entropy over rows against class distributions, {@code mean_r(-Σ_k t[r,k]·log softmax(z[r])_k)}: timm's
     * {@code SoftTargetCrossEntropy}, the loss of mixup and cutmix.
     *
     * @param logits [B, K] @param targets [B, K] float, each row a distribution @return scalar
     */
    public static SDVariable softTargetCrossEntropy(String name, SDVariable logits, SDVariable targets) {
        return logits.getSameDiff().loss.softmaxCrossEntropy(name, targets, logits, null,
                LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
    }

    /**
     * Plain mean of squared differences over every element, as {@code MSELoss()}, reduced one axis at a time
     * ({@link Means#ofAll}: VideoMAE's pretraining loss averages 4.3 M squared errors at 224² × 16 frames, batch 2).
     *
     * @param rank the rank of {@code predictions} and {@code targets}
     */
    public static SDVariable meanSquaredError(String name, SDVariable predictions, SDVariable targets, int rank) {
        SDVariable diff = predictions.sub(targets);
        return Means.ofAll(name, diff.mul(diff), rank);
    }
}
