package org.tubelet.models.blocks;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

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
        SDVariable oneHot = sd.oneHot(labels, numLabels, -1, 1.0, 0.0, DataType.FLOAT);     // [B, K]
        return sd.loss.softmaxCrossEntropy(name, oneHot, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT,
                labelSmoothing);
    }

    /** Plain mean of squared differences over every element, as {@code MSELoss()}. */
    public static SDVariable meanSquaredError(String name, SDVariable predictions, SDVariable targets) {
        SDVariable diff = predictions.sub(targets);
        return diff.mul(diff).mean(name);
    }
}
