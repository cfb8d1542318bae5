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
 *
 * <p>The packed weight is cut into its q, k and v rows (a cheap [D, D] copy each) so that each projection is its own
 * [G·S, D] array and the attention runs on the projections' layout ({@link ScaledDotProductAttention#ofRows}) instead
 * of permuting a [G, S, 3, H, d] activation into heads.
 */
final class FusedQkvAttention implements SelfAttention {
    private final GraphContext g;
    private final SDVariable qkvWeight;       // [3D, D]
    private final SDVariable qkvBias;         // [3D] or null
    private final Linear output;
    private final int hidden;
    private final int heads;
    private final long headDim;
    private final double attentionDropout;
    private final double hiddenDropout;

    FusedQkvAttention(GraphContext g, String prefix, int hidden, int heads, double attentionDropout,
                      double hiddenDropout) {
        this.g = g;
        this.qkvWeight = g.param(prefix + ".attention.qkv.weight");
        this.qkvBias = g.optionalParam(prefix + ".attention.qkv.bias").orElse(null);
        this.output = Linear.of(g, prefix + ".output.dense");
        this.hidden = hidden;
        this.heads = heads;
        this.headDim = hidden / heads;
        this.attentionDropout = attentionDropout;
        this.hiddenDropout = hiddenDropout;
    }

    @Override
    public SDVariable apply(SDVariable x, long seqLen) {
        var sd = g.sd();
        // unstack, not strided slices: strided_slice_bp fails its validation on some shapes in M2.1.
        SDVariable[] w = sd.unstack(sd.reshape(qkvWeight, 3, hidden, hidden), 0, 3);   // 3 × [D, D]: q, k, v rows
        SDVariable[] b = qkvBias == null ? new SDVariable[3]
                : sd.unstack(sd.reshape(qkvBias, 3, hidden), 0, 3);                    // 3 × [D]
        SDVariable q = Linear.of(g, w[0], b[0]).apply(x);                               // [G·S, D]
        SDVariable k = Linear.of(g, w[1], b[1]).apply(x);
        SDVariable v = Linear.of(g, w[2], b[2]).apply(x);
        SDVariable ctx = ScaledDotProductAttention.ofRows(g, q, k, v, seqLen, heads, headDim,
                Math.pow(headDim, -0.5), attentionDropout);                            // [G·S, D]
        return Dropout.apply(g, output.apply(ctx), hiddenDropout);
    }
}
