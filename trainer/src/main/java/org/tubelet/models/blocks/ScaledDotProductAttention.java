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
     * Attention of projections in their own layout, heads side by side in the columns. In graphs run by Tubelet's
     * sessions and without probability dropout it is one fused node ({@link FusedAttention}); otherwise the heads are
     * split out, attended by {@link #apply} and merged back.
     *
     * @param q [G·S, H·d] @param k [G·S, H·d] @param v [G·S, H·d]
     * @param seqLen S
     * @return [G·S, H·d]
     */
    public static SDVariable ofRows(GraphContext g, SDVariable q, SDVariable k, SDVariable v, long seqLen, int heads,
                                    long headDim, double scale, double dropoutProb) {
        if (g.fusedKernels() && dropoutProb == 0) {
            return FusedAttention.node(q, k, v, seqLen, heads, scale);                        // [G·S, H·d]
        }
        SDVariable ctx = apply(g, splitHeads(q, seqLen, heads, headDim), splitHeads(k, seqLen, heads, headDim),
                splitHeads(v, seqLen, heads, headDim), scale, dropoutProb);                  // [G, H, S, d]
        return mergeHeads(ctx, heads, headDim);                                              // [G·S, H·d]
    }

    /** [G·S, H·d] → [G, H, S, d]. */
    public static SDVariable splitHeads(SDVariable x, long seqLen, int heads, long headDim) {
        var sd = x.getSameDiff();
        SDVariable r = sd.reshape(x, -1, seqLen, heads, headDim);           // [G, S, H, d]
        return sd.permute(r, 0, 2, 1, 3);                                    // [G, H, S, d]
    }

    /** [G, H, S, d] → [G·S, H·d]. */
    public static SDVariable mergeHeads(SDVariable x, int heads, long headDim) {
        var sd = x.getSameDiff();
        SDVariable p = sd.permute(x, 0, 2, 1, 3);                            // [G, S, H, d]
        return sd.reshape(p, -1, heads * headDim);                           // [G·S, H·d]
    }
}
