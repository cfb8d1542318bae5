package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;

/**
 * The pre-LN transformer layer shared by ViViT, VideoMAE and TimeSformer's joint/space-only modes:
 * {@code h = x + Attn(LN_before(x)); out = h + MLP(LN_after(h))}.
 */
public final class PreNormEncoderLayer {
    private final LayerNorm before;
    private final SelfAttention attention;
    private final LayerNorm after;
    private final FeedForward feedForward;
    private final GraphContext g;
    private final long hidden;
    private final double dropPathRate;

    public PreNormEncoderLayer(LayerNorm before, SelfAttention attention, LayerNorm after, FeedForward feedForward) {
        this(before, attention, after, feedForward, null, 0, 0.0);
    }

    /**
     * With stochastic depth on both residual branches, each sequence of {@link #apply}'s {@code seqLen} rows dropped
     * or kept as a whole (timm's per-sample drop path when a sequence is a sample).
     */
    public PreNormEncoderLayer(LayerNorm before, SelfAttention attention, LayerNorm after, FeedForward feedForward,
                               GraphContext g, long hidden, double dropPathRate) {
        this.before = before;
        this.attention = attention;
        this.after = after;
        this.feedForward = feedForward;
        this.g = g;
        this.hidden = hidden;
        this.dropPathRate = dropPathRate;
    }

    /**
     * Without stochastic depth, each branch's last linear layer adds the residual itself ({@link
     * SelfAttention#apply(SDVariable, long, SDVariable)}, {@link FeedForward#apply(SDVariable, SDVariable)}).
     *
     * @param x [G·S, D] @param seqLen S @return [G·S, D]
     */
    public SDVariable apply(SDVariable x, long seqLen) {
        if (dropPathRate > 0) {
            SDVariable h = x.add(dropPath(attention.apply(before.apply(x), seqLen), seqLen));
            return h.add(dropPath(feedForward.apply(after.apply(h)), seqLen));
        }
        SDVariable h = attention.apply(before.apply(x), seqLen, x);
        return feedForward.apply(after.apply(h), h);
    }

    private SDVariable dropPath(SDVariable branch, long seqLen) {
        return dropPathRate > 0 ? DropPath.apply(g, branch, seqLen, hidden, dropPathRate) : branch;
    }
}
