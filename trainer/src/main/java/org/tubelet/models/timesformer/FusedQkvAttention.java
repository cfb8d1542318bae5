package org.tubelet.models.timesformer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;
import org.tubelet.models.blocks.Dropout;
import org.tubelet.models.blocks.Linear;
import org.tubelet.models.blocks.ScaledDotProductAttention;
import org.tubelet.models.blocks.SelfAttention;

/**
 * TimeSformer's attention: one {@code qkv} Linear(D, 3D) whose output rows split as (3, heads, d) — q = first D
 * outputs, k = next D, v = last D — scores multiplied by {@code d^-0.5}, then {@code output.dense}.
 */
final class FusedQkvAttention implements SelfAttention {
    private final GraphContext g;
    private final Linear qkv;
    private final Linear output;
    private final int heads;
    private final long headDim;
    private final double attentionDropout;
    private final double hiddenDropout;

    FusedQkvAttention(GraphContext g, String prefix, int hidden, int heads, double attentionDropout,
                      double hiddenDropout) {
        this.g = g;
        this.qkv = Linear.of(g, prefix + ".attention.qkv");
        this.output = Linear.of(g, prefix + ".output.dense");
        this.heads = heads;
        this.headDim = hidden / heads;
        this.attentionDropout = attentionDropout;
        this.hiddenDropout = hiddenDropout;
    }

    @Override
    public SDVariable apply(SDVariable x, long seqLen) {
        var sd = g.sd();
        SDVariable y = sd.reshape(qkv.apply(x), -1, seqLen, 3, heads, headDim);  // [G, S, 3, H, d]
        y = sd.permute(y, 2, 0, 3, 1, 4);                                         // [3, G, H, S, d]
        // unstack, not strided slices: strided_slice_bp fails its validation on some of these shapes in M2.1.
        SDVariable[] qkvParts = sd.unstack(y, 0, 3);                              // 3 × [G, H, S, d]
        SDVariable ctx = ScaledDotProductAttention.apply(g, qkvParts[0], qkvParts[1], qkvParts[2],
                Math.pow(headDim, -0.5), attentionDropout);
        return Dropout.apply(g, output.apply(ScaledDotProductAttention.mergeHeads(ctx, heads, headDim)),
                hiddenDropout);                                                   // [G·S, D]
    }
}
