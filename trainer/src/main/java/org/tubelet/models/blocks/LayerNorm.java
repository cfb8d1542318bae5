package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;

/**
 * Layer normalisation over the last axis with an explicit epsilon, as PyTorch computes it: biased variance, eps inside
 * the square root. (DL4J's {@code layerNorm} op has no epsilon, so the formula is written out.)
 */
public final class LayerNorm {
    private final SDVariable gamma;
    private final SDVariable beta;
    private final double eps;

    public LayerNorm(SDVariable gamma, SDVariable beta, double eps) {
        this.gamma = gamma;
        this.beta = beta;
        this.eps = eps;
    }

    /** {@code prefix.weight} (gamma) and {@code prefix.bias} (beta). */
    public static LayerNorm of(GraphContext g, String prefix, double eps) {
        return new LayerNorm(g.param(prefix + ".weight"), g.param(prefix + ".bias"), eps);
    }

    /** @param x [M, D] @return [M, D] */
    public SDVariable apply(SDVariable x) {
        SDVariable centred = x.sub(x.mean(true, 1));                 // [M, D]
        SDVariable variance = centred.mul(centred).mean(true, 1);     // [M, 1]
        SDVariable inv = centred.getSameDiff().math.rsqrt(variance.add(eps));
        SDVariable zeros = centred.getSameDiff().zerosLike(centred);
        return centred.mul(zeros.add(inv)).mul(zeros.add(gamma)).add(beta);
    }
}
