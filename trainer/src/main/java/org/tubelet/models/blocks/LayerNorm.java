package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tubelet.engine.RowLayerNorm;
import org.tubelet.models.GraphContext;

/**
 * Layer normalisation over the last axis with an explicit epsilon, as PyTorch computes it: biased variance, eps inside
 * the square root. DL4J's {@code layerNorm} op has no epsilon, so the formula is written out, or, in graphs run by
 * Tubelet's sessions, computed by its kernel as one node ({@link RowLayerNorm}).
 */
public final class LayerNorm {
    private final SDVariable gamma;
    private final SDVariable beta;
    private final double eps;
    private final boolean fused;

    /** @param fused one fused node computed by Tubelet's kernels ({@link GraphContext#fusedKernels()}) */
    public LayerNorm(SDVariable gamma, SDVariable beta, double eps, boolean fused) {
        this.gamma = gamma;
        this.beta = beta;
        this.eps = eps;
        this.fused = fused;
    }

    /** {@code prefix.weight} (gamma) and {@code prefix.bias} (beta). */
    public static LayerNorm of(GraphContext g, String prefix, double eps) {
        return new LayerNorm(g.param(prefix + ".weight"), g.param(prefix + ".bias"), eps, g.fusedKernels());
    }

    /** @param x [M, D] @return [M, D] */
    public SDVariable apply(SDVariable x) {
        if (fused) {
            return RowLayerNorm.node(x, gamma, beta, eps);
        }
        SDVariable centred = x.sub(x.mean(true, 1));                 // [M, D]
        SDVariable variance = centred.mul(centred).mean(true, 1);     // [M, 1]
        SameDiff sd = centred.getSameDiff();
        SDVariable inv = sd.math.rsqrt(variance.add(eps));                // [M, 1]
        // scale[m, d] = inv[m]·gamma[d] as a K = 1 matrix product: its backward is two small products, where the
        // backward of a broadcasting multiply was the slowest op of a training step in this engine.
        SDVariable scale = sd.mmul(inv, sd.reshape(gamma, 1, -1));         // [M, 1] x [1, D] = [M, D]
        return centred.mul(scale).add(beta);
    }
}
