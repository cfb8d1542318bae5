package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.engine.FusedAttention;
import org.tubelet.models.GraphContext;

/**
 * {@code softmax(q·kᵀ·scale)·v} for all heads and all groups at once, so BLAS sees batched matrices.
 *
 * <p>Dimensions: G = groups (batch, or batch × frames / batch × patches in factorised attention), H = heads,
 * S = sequence length, d = head size.
 */
public final class ScaledDotProductAttention {
    private ScaledDotProductAttention() {
    }

    /**
     * @param q [G, H, S, d] @param k [G, H, S, d] @param v [G, H, S, d]
     * @param scale multiplier of the scores (1/√d)
     * @param dropoutProb attention-probability dropout (training only)
     * @return [G, H, S, d]
     */
    public static SDVariable apply(GraphContext g, SDVariable q, SDVariable k, SDVariable v, double scale,
                                   double dropoutProb) {
        var sd = g.sd();
        SDVariable scores = sd.mmul(q.mul(scale), k, false, true, false);   // [G, H, S, S]
        SDVariable probs = sd.nn.softmax(scores, 3);                         // [G, H, S, S]
        probs = Dropout.apply(g, probs, dropoutProb);
        return sd.mmul(probs, v);                                            // [G, H, S, d]
    }

    /**
     * Attention of packed projections, each token's q, k and v side by side (heads side by side within each), as one
     * {@code Linear(D, 3D)} computes them. In graphs run by Tubelet's sessions and without probability dropout it is
     * one fused node ({@link FusedAttention}); otherwise the heads are split out, attended by {@link #apply} and
     * merged back.
     *
     * @param qkv [G·S, 3·H·d]
     * @param seqLen S
     * @return [G·S, H·d]
     */
    public static SDVariable ofPacked(GraphContext g, SDVariable qkv, long seqLen, int heads, long headDim,
                                      double scale, double dropoutProb) {
        if (g.fusedKernels() && dropoutProb == 0) {
            return FusedAttention.node(qkv, seqLen, heads, scale);                              // [G·S, H·d]
        }
        var sd = g.sd();
        SDVariable r = sd.reshape(qkv, -1, seqLen, 3, heads, headDim);                        // [G, S, 3, H, d]
        SDVariable[] split = sd.unstack(sd.permute(r, 2, 0, 3, 1, 4), 0, 3);                  // 3 × [G, H, S, d]
        SDVariable ctx = apply(g, split[0], split[1], split[2], scale, dropoutProb);           // [G, H, S, d]
        return mergeHeads(ctx, heads, headDim);                                                // [G·S, H·d]
    }

    /** [G, H, S, d] → [G·S, H·d]. */
    public static SDVariable mergeHeads(SDVariable x, int heads, long headDim) {
        var sd = x.getSameDiff();
        SDVariable p = sd.permute(x, 0, 2, 1, 3);                            // [G, S, H, d]
        return sd.reshape(p, -1, heads * headDim);                           // [G·S, H·d]
    }
}
