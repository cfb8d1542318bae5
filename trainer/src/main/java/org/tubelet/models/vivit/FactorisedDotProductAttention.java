package org.tubelet.models.vivit;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;
import org.tubelet.models.blocks.Dropout;
import org.tubelet.models.blocks.Linear;
import org.tubelet.models.blocks.ScaledDotProductAttention;
import org.tubelet.models.blocks.SelfAttention;

/**
 * ViViT model 4: one multi-head attention whose first half of heads attends over space (tokens of the same
 * temporal index) and second half over time (tokens of the same spatial position); the heads' outputs are
 * concatenated in head order before the output projection. Same parameters and names as model 1's attention.
 *
 * <p>Dimensions: B batch, nT temporal indices, N spatial tokens, H heads (h = H/2 per half), d head size.
 */
final class FactorisedDotProductAttention implements SelfAttention {
    private final GraphContext g;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;
    private final int half;
    private final long headDim;
    private final long frames;
    private final long patches;
    private final double attentionDropout;
    private final double hiddenDropout;

    FactorisedDotProductAttention(GraphContext g, VivitConfig c, String prefix) {
        this.g = g;
        this.query = Linear.of(g, prefix + ".attention.query");
        this.key = Linear.of(g, prefix + ".attention.key");
        this.value = Linear.of(g, prefix + ".attention.value");
        this.output = Linear.of(g, prefix + ".output.dense");
        this.half = c.numAttentionHeads() / 2;
        this.headDim = c.hiddenSize() / c.numAttentionHeads();
        this.frames = c.temporalTokens();
        this.patches = c.spatialTokens();
        this.attentionDropout = c.attentionProbsDropoutProb();
        this.hiddenDropout = c.hiddenDropoutProb();
    }

    @Override
    public SDVariable apply(SDVariable x, long seqLen) {
        var sd = g.sd();
        SDVariable[] q = halves(query.apply(x));
        SDVariable[] k = halves(key.apply(x));
        SDVariable[] v = halves(value.apply(x));
        double scale = 1.0 / Math.sqrt(headDim);

        // Spatial heads: groups (b, t), sequence n.
        SDVariable qs = spatialLayout(q[0]);
        SDVariable ctxS = ScaledDotProductAttention.apply(g, qs, spatialLayout(k[0]), spatialLayout(v[0]), scale,
                attentionDropout);                                                  // [B·nT, h, N, d]
        ctxS = sd.reshape(sd.permute(ctxS, 0, 2, 1, 3), -1, frames, patches, half * headDim); // [B, nT, N, h·d]

        // Temporal heads: groups (b, n), sequence t.
        SDVariable ctxT = ScaledDotProductAttention.apply(g, temporalLayout(q[1]), temporalLayout(k[1]),
                temporalLayout(v[1]), scale, attentionDropout);                     // [B·N, h, nT, d]
        ctxT = sd.reshape(ctxT, -1, patches, half, frames, headDim);               // [B, N, h, nT, d]
        ctxT = sd.reshape(sd.permute(ctxT, 0, 3, 1, 2, 4), -1, frames, patches, half * headDim); // [B, nT, N, h·d]

        SDVariable merged = sd.reshape(sd.concat(3, ctxS, ctxT), -1, 2L * half * headDim);       // [B·nT·N, D]
        return Dropout.apply(g, output.apply(merged), hiddenDropout);
    }

    /** [B·nT·N, D] → 2 × [B, nT, N, h, d] (first and second half of the heads). */
    private SDVariable[] halves(SDVariable y) {
        var sd = g.sd();
        SDVariable r = sd.reshape(y, -1, frames, patches, 2, half, headDim);        // [B, nT, N, 2, h, d]
        return sd.unstack(r, 3, 2);
    }

    /** [B, nT, N, h, d] → [B·nT, h, N, d]. */
    private SDVariable spatialLayout(SDVariable t) {
        var sd = g.sd();
        return sd.permute(sd.reshape(t, -1, patches, half, headDim), 0, 2, 1, 3);
    }

    /** [B, nT, N, h, d] → [B·N, h, nT, d]. */
    private SDVariable temporalLayout(SDVariable t) {
        var sd = g.sd();
        return sd.reshape(sd.permute(t, 0, 2, 3, 1, 4), -1, half, frames, headDim);
    }
}
