package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;

/**
 * A fully connected layer with PyTorch's weight layout: {@code y = x·Wᵀ + b}, W of shape [out, in].
 * Works on 2-D activations [M, in] so that BLAS sees one large matrix.
 */
public final class Linear {
    private final SDVariable weight;
    private final SDVariable bias; // nullable

    public Linear(SDVariable weight, SDVariable bias) {
        this.weight = weight;
        this.bias = bias;
    }

    /** {@code prefix.weight} and, if the layout has it, {@code prefix.bias}. */
    public static Linear of(GraphContext g, String prefix) {
        return new Linear(g.param(prefix + ".weight"), g.optionalParam(prefix + ".bias").orElse(null));
    }

    /** @param x [M, in] @return [M, out] */
    public SDVariable apply(SDVariable x) {
        SDVariable y = weight.getSameDiff().mmul(x, weight, false, true, false); // [M, out]
        return bias == null ? y : y.add(bias);
    }
}
