package org.tubelet.train.optim;

import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor as the optimiser sees it.
 *
 * @param name HF state-dict name
 * @param value the graph's own array, updated in place
 * @param decay whether weight decay applies
 * @param lrScale factor on the scheduled learning rate for this tensor (layer-wise lr decay, see {@link LayerIds}); 1
 *     for every tensor without it
 */
public record Param(String name, INDArray value, boolean decay, double lrScale) {

    public Param {
        if (!(lrScale > 0) || Double.isInfinite(lrScale)) {
            throw new IllegalArgumentException(name + ": lr scale must be positive and finite, got " + lrScale);
        }
    }

    /** A tensor that trains at the scheduled learning rate. */
    public Param(String name, INDArray value, boolean decay) {
        this(name, value, decay, 1.0);
    }

    /**
     * This tensor's learning rate when the schedule gives {@code scheduled}: {@code scheduled · lrScale}, as a
     * PyTorch parameter group's {@code lr = lr_schedule · lr_scale} in BEiT/VideoMAE. Decoupled weight decay uses it
     * too ({@code p ← p·(1 − lr·wd)} with the group's lr).
     */
    public double lr(double scheduled) {
        return scheduled * lrScale;
    }

    /**
     * The usual exemptions: one-dimensional tensors (biases, norm gains) and any name containing one of the fragments
     * (e.g. {@code bias}, {@code norm}, {@code cls_token}, {@code position_embeddings}).
     */
    public static boolean decays(String name, long[] shape, List<String> exemptFragments) {
        int rank = 0;
        for (long d : shape) {
            if (d > 1) {
                rank++;
            }
        }
        if (rank <= 1) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return exemptFragments.stream().noneMatch(f -> lower.contains(f.toLowerCase(Locale.ROOT)));
    }
}
