package org.tubelet.models.vivit;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;
import org.tubelet.models.blocks.DropPath;
import org.tubelet.models.blocks.FeedForward;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.MultiHeadSelfAttention;

/**
 * ViViT model 3 layer: spatial self-attention among the tokens of one temporal index, temporal self-attention
 * among the tokens of one spatial position (order configurable), then the MLP; each sub-block pre-normed with a
 * residual. With a drop-path rate, each of the three residual branches is dropped or kept per clip in training.
 *
 * <p>Dimensions: B batch, nT temporal indices, N spatial tokens, D hidden; rows are t-major (b, t, n).
 */
final class FactorisedSelfAttentionLayer {
    private final GraphContext g;
    private final LayerNorm spatialNorm;
    private final MultiHeadSelfAttention spatial;
    private final LayerNorm temporalNorm;
    private final MultiHeadSelfAttention temporal;
    private final LayerNorm mlpNorm;
    private final FeedForward mlp;
    private final AttentionOrder order;
    private final long hidden;
    private final double dropPath;

    FactorisedSelfAttentionLayer(GraphContext g, VivitConfig c, String prefix, double dropPath) {
        this.g = g;
        this.hidden = c.hiddenSize();
        this.dropPath = dropPath;
        this.order = c.attentionOrder();
        this.spatialNorm = LayerNorm.of(g, prefix + ".layernorm_before", c.layerNormEps());
        this.spatial = MultiHeadSelfAttention.of(g, prefix + ".attention", c.hiddenSize(), c.numAttentionHeads(),
                c.attentionProbsDropoutProb(), c.hiddenDropoutProb());
        this.temporalNorm = LayerNorm.of(g, prefix + ".temporal_layernorm", c.layerNormEps());
        this.temporal = MultiHeadSelfAttention.of(g, prefix + ".temporal_attention", c.hiddenSize(),
                c.numAttentionHeads(), c.attentionProbsDropoutProb(), c.hiddenDropoutProb());
        this.mlpNorm = LayerNorm.of(g, prefix + ".layernorm_after", c.layerNormEps());
        this.mlp = FeedForward.of(g, prefix, c.hiddenAct(), c.hiddenDropoutProb());
    }

    /** @param x [B·nT·N, D] (b, t, n) rows @return same */
    SDVariable apply(SDVariable x, long frames, long patches) {
        long clipRows = frames * patches;
        if (order == AttentionOrder.SPACE_FIRST) {
            x = spatialStep(x, frames, patches);
            x = temporalStep(x, frames, patches);
        } else {
            x = temporalStep(x, frames, patches);
            x = spatialStep(x, frames, patches);
        }
        if (dropPath > 0) {
            return x.add(DropPath.apply(g, mlp.apply(mlpNorm.apply(x)), clipRows, hidden, dropPath));
        }
        return mlp.apply(mlpNorm.apply(x), x);                                // the output layer adds x
    }

    private SDVariable spatialStep(SDVariable x, long frames, long patches) {
        SDVariable normed = spatialNorm.apply(x);
        if (dropPath <= 0) {
            return spatial.apply(normed, patches, x);                         // the output projection adds x
        }
        SDVariable r = spatial.apply(normed, patches);                        // groups of N rows: one frame
        return x.add(DropPath.apply(g, r, frames * patches, hidden, dropPath));
    }

    private SDVariable temporalStep(SDVariable x, long frames, long patches) {
        var sd = g.sd();
        SDVariable byPosition = sd.reshape(sd.permute(sd.reshape(x, -1, frames, patches, hidden), 0, 2, 1, 3),
                -1, hidden);                                                  // [B·N·nT, D], (b, n, t) rows
        SDVariable r = temporal.apply(temporalNorm.apply(byPosition), frames);
        SDVariable back = sd.reshape(sd.permute(sd.reshape(r, -1, patches, frames, hidden), 0, 2, 1, 3),
                -1, hidden);                                                  // [B·nT·N, D], (b, t, n) rows
        return x.add(DropPath.apply(g, back, frames * patches, hidden, dropPath));
    }
}
