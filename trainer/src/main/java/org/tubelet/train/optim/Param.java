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
 */
public record Param(String name, INDArray value, boolean decay) {

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
