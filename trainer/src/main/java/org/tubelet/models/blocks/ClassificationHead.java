package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.tubelet.models.GraphContext;

/**
 * The video-classification head of HF's {@code VivitForVideoClassification}, {@code TimesformerForVideoClassification}
 * and {@code VideoMAEForVideoClassification}: {@code classifier} (a linear layer) on the pooled representation, and
 * the loss their {@code forward} computes from {@code labels}. One rule for the three families:
 * <ul>
 *   <li>one label (K = 1): regression, {@code MSELoss()(logits.view(-1), labels)} on float labels;</li>
 *   <li>otherwise: {@code CrossEntropyLoss(label_smoothing=s)(logits, labels)} on integer class indices, where s is
 *       0 in HF's heads and the recipe's {@code label_smoothing} in training ({@link #loss}).</li>
 * </ul>
 *
 * <p>Dimensions: R rows (clips; frames for TimeSformer {@code space_only}), D hidden, K = {@code num_labels}.
 */
public final class ClassificationHead {
    private final Linear classifier;
    private final int numLabels;

    private ClassificationHead(Linear classifier, int numLabels) {
        this.classifier = classifier;
        this.numLabels = numLabels;
    }

    /** {@code prefix.weight} [K, D] and {@code prefix.bias} [K] (HF's prefix is {@code classifier}). */
    public static ClassificationHead of(GraphContext g, String prefix, int numLabels) {
        return new ClassificationHead(Linear.of(g, prefix), numLabels);
    }

    /**
     * The head's graph handles.
     *
     * @param logits [R, K], named {@code logits}
     * @param labels the {@code labels} placeholder: [R] int64 class indices, float targets when K = 1
     * @param loss scalar, named {@code loss}
     */
    public record Output(SDVariable logits, SDVariable labels, SDVariable loss) {
    }

    /** @param pooled [R, D] @return logits [R, K], the labels placeholder and HF's loss (no label smoothing) */
    public Output apply(SDVariable pooled) {
        SameDiff sd = pooled.getSameDiff();
        SDVariable logits = classifier.apply(pooled).rename("logits");                      // [R, K]
        SDVariable labels = sd.placeHolder("labels", numLabels == 1 ? logits.dataType() : DataType.INT64, -1); // [R]
        return new Output(logits, labels, loss("loss", logits, labels, numLabels, 0.0));
    }

    /**
     * HF's classification loss: MSE on {@code logits.view(-1)} for one label, else mean cross-entropy with label
     * smoothing s.
     *
     * @param logits [R, K] @param labels [R] @return scalar
     */
    public static SDVariable loss(String name, SDVariable logits, SDVariable labels, int numLabels,
                                  double labelSmoothing) {
        if (numLabels == 1) {
            return Losses.meanSquaredError(name, logits.getSameDiff().reshape(logits, -1), labels, 1); // [R]
        }
        return Losses.crossEntropy(name, logits, labels, numLabels, labelSmoothing);
    }
}
